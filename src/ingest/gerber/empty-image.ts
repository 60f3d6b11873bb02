// A copper, mask or paste file with no image at all (no flash, draw or region).

import { InputError } from '../../errors.ts'
import type { Diagnostic } from '../../layers/model.ts'
import { identifyLayer } from '../identify-layers.ts'

/**
 * Decide on a Gerber file whose image is empty. A copper file must hold something: one that is only
 * a header and M02 is an export that left the layer out, an InputError naming the file (an empty
 * negative copper file is a solid plane: a warning). A mask or paste file may be empty for a side
 * with no parts (KiCad writes a header-only bottom paste file for a board with no bottom SMD parts),
 * so it is read as an empty layer with a warning; the engine, which knows the bump pads, lists the
 * rules that need it as not run wherever that side has bump pads (never a silent pass). Other roles
 * (legend, outline, drawings) may be empty. The role is the one the file's X2 attribute, Allegro
 * header or name gives; a user's mapping is not known at this stage.
 */
export function checkEmptyImage(header: string, file: string, fileFunction: string[] | undefined, polarity: string | undefined, lastLine: number): Diagnostic | undefined {
  const { role, side } = identifyLayer(file, { format: 'gerber', header, ...(fileFunction && { fileFunction }) })
  if (role !== 'pads' && role !== 'mask' && role !== 'deposit') return undefined
  const warning = (message: string): Diagnostic => ({ severity: 'warning', source: { file, line: lastLine }, message })
  const what = role === 'pads' ? 'copper' : role === 'mask' ? 'solder mask' : 'paste'
  const noImage = `This ${what} file (${side}) has no image at all (no flash, draw or region)`
  if (role === 'pads') {
    if (polarity === 'Negative') return warning(`${noImage}: a negative copper layer with nothing cut out, read as a solid plane`)
    throw new InputError(file, lastLine, `${noImage}: export the copper layer again`)
  }
  return warning(`${noImage}: read as an empty layer; the rules that need it are not run where the ${side} side has bump pads`)
}

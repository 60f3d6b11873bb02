// A copper, mask or paste file with no image at all (no flash, draw or region): an input error, unless
// the files beside it show that the side has nothing such a layer would hold.

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { InputError } from '../../errors.ts'
import type { Diagnostic, Feature, Side } from '../../layers/model.ts'
import { baseName, fileFunctionFromHeader, HEADER_BYTES, identifyLayer, listFolder, readHeader } from '../identify-layers.ts'
import { readGerber } from './index.ts'

/** Copper pads that get a mask opening: every X2 pad function but vias (tented or not, a via is no part's pad). */
const MASKED_PADS = new Set(['SMDPad', 'BGAPad', 'ComponentPad', 'ConnectorPad', 'HeatsinkPad', 'TestPad', 'CastellatedPad', 'WasherPad'])
/** Copper pads that get paste. */
const PASTED_PADS = new Set(['SMDPad', 'BGAPad'])

/**
 * Decide on a Gerber file whose image is empty. Copper, mask and paste files must hold something: a
 * file that is only a header and M02 is an export that left the layer out, an InputError naming the
 * file. One case is read with a warning instead: a mask or paste file beside the same side's copper
 * file, where that copper holds no pad the layer serves (KiCad writes a header-only bottom paste file
 * for a board with no bottom SMD parts). An empty negative copper file is a solid plane: a warning.
 * Other roles (legend, outline, drawings) may be empty. The role is the one the file's X2 attribute,
 * Allegro header or name gives; a user's mapping is not known at this stage.
 */
export function checkEmptyImage(text: string, file: string, fileFunction: string[] | undefined, polarity: string | undefined, lastLine: number): Diagnostic | undefined {
  const { role, side } = identifyLayer(file, { format: 'gerber', header: text.slice(0, HEADER_BYTES), ...(fileFunction && { fileFunction }) })
  if (role !== 'pads' && role !== 'mask' && role !== 'deposit') return undefined
  const warning = (message: string): Diagnostic => ({ severity: 'warning', source: { file, line: lastLine }, message })
  const what = role === 'pads' ? 'copper' : role === 'mask' ? 'solder mask' : 'paste'
  const noImage = `This ${what} file (${side}) has no image at all (no flash, draw or region)`
  if (role === 'pads') {
    if (polarity === 'Negative') return warning(`${noImage}: a negative copper layer with nothing cut out, read as a solid plane`)
    throw new InputError(file, lastLine, `${noImage}: export the copper layer again`)
  }
  const served = role === 'deposit' ? PASTED_PADS : MASKED_PADS
  const copper = sameSideCopper(file, side)
  if (copper === undefined) {
    throw new InputError(file, lastLine, `${noImage}, and no ${side} copper file beside it shows that the side has no pads: ` +
      `export the layer again, or leave the file out if the ${side} side really has no ${what}`)
  }
  const pads = copper.features.filter((f) => (f.kind === 'flash' || f.kind === 'region') &&
    (copper.hasFunctions ? f.aperFunction !== undefined && served.has(f.aperFunction) : f.kind === 'flash'))
  if (pads.length === 0) {
    return warning(`${noImage}; read as an empty layer because ${baseName(copper.file)} holds no ` +
      `${role === 'deposit' ? 'SMD or BGA pad that takes paste' : 'pad that takes a mask opening (vias aside)'}`)
  }
  const first = pads[0]!
  const example = first.component === undefined ? `line ${first.source.line}` : `${first.component}${first.pin === undefined ? '' : ` pin ${first.pin}`}`
  throw new InputError(file, lastLine, `${noImage}, but ${baseName(copper.file)} holds ${pads.length} ${side} pad(s) that take ${what} ` +
    `(first: ${example}): export the ${what} layer again, or leave the file out if those pads really get no ${what}`)
}

/** The one copper file of `side` in `file`'s folder, read; undefined when there is none, several, or it does not read. */
function sameSideCopper(file: string, side: Side): { file: string; features: Feature[]; hasFunctions: boolean } | undefined {
  const folder = dirname(file)
  const self = baseName(file)
  const matches: string[] = []
  for (const name of listFolder(file) ?? []) {
    if (name === self || name.startsWith('.')) continue
    const path = join(folder, name)
    const header = readHeader(path)
    if (header === undefined || !/%FS|%MO|G04/.test(header)) continue // not a Gerber file (a drill file, a README)
    const fileFunction = fileFunctionFromHeader(header)
    const identity = identifyLayer(path, { format: 'gerber', header, ...(fileFunction && { fileFunction }) })
    if (identity.role === 'pads' && identity.side === side) matches.push(path)
  }
  if (matches.length !== 1) return undefined
  try {
    const bytes = readFileSync(matches[0]!)
    const image = readGerber(new TextDecoder('latin1').decode(bytes), matches[0]!)
    return { file: matches[0]!, features: image.features, hasFunctions: image.features.some((f) => f.aperFunction !== undefined) }
  } catch {
    return undefined // an unreadable copper file proves nothing; it reports its own error when read
  }
}

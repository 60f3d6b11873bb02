// The apertures and macros a Gerber file has defined so far (%AM, %AD, %AB), and the one selected (Dnn).

import { InputError } from '../../errors.ts'
import { type Aperture, defineAperture } from './aperture.ts'
import type { MacroTemplate } from './macro.ts'
import type { DiagnosticLog } from './parse.ts'
import type { ApertureDefinition } from './tree.ts'
import type { CoordinateFormat } from './units.ts'

export class ApertureStore {
  private readonly macros = new Map<string, MacroTemplate>()
  private readonly apertures = new Map<number, Aperture>()
  /** The aperture selected by the last Dnn, if any. */
  current: Aperture | undefined

  constructor(
    private readonly file: string, private readonly log: DiagnosticLog, private readonly format: CoordinateFormat,
    private readonly tolerance: number, private readonly maxParts: number,
  ) {}

  defineMacro(macro: MacroTemplate): void {
    this.macros.set(macro.name, macro)
  }

  /** %ADD…: built at the units in force, under the aperture attributes in force; a later definition of a code wins. */
  define(node: ApertureDefinition, attributes: Record<string, string[]>): void {
    if (this.apertures.has(node.code)) this.log.warnOnce(`AD-redefined`, node.line, `Aperture D${node.code} defined again: the later definition is used`)
    this.apertures.set(node.code, defineAperture(node, this.macros, this.format.nmPerUnit(node.line), this.file, this.tolerance, this.log, attributes, this.maxParts))
  }

  /** A block aperture, at its closing %AB*% (its contents are kept by the block stack). */
  defineBlock(aperture: Aperture): void {
    this.apertures.set(aperture.code, aperture)
  }

  select(code: number, line: number): void {
    const ap = this.apertures.get(code)
    if (ap === undefined) throw new InputError(this.file, line, `Aperture D${code} is used but never defined (no %ADD${code}…*% or %ABD${code}*% before it)`)
    this.current = ap
  }

  /** The selected aperture, for `what` (a flash or draw) at `line`. */
  require(line: number, what: string): Aperture {
    if (this.current === undefined) throw new InputError(this.file, line, `${what} without a selected aperture (no Dnn before it)`)
    return this.current
  }
}

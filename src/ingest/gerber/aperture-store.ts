// The apertures and macros a Gerber file has defined so far (%AM, %AD, %AB), and the one selected (Dnn).

import { InputError } from '../../errors.ts'
import { type Aperture, defineAperture } from './aperture.ts'
import type { MacroTemplate } from './macro.ts'
import type { DiagnosticLog } from './parse.ts'
import type { ApertureDefinition } from './tree.ts'
import type { BlockDefinition } from './blocks.ts'
import type { CoordinateFormat } from './units.ts'

export class ApertureStore {
  private readonly macros = new Map<string, MacroTemplate>()
  private readonly apertures = new Map<number, Aperture>()
  /** The aperture selected by the last Dnn, if any. */
  current: Aperture | undefined
  /**
   * Every definition in file order: a read resumed from a checkpoint (resume.ts) replays an earlier
   * read's first ones, and compares its own with that read's. Apertures are never changed once made.
   */
  readonly history: { code: number; aperture: Aperture; block?: BlockDefinition }[] = []
  readonly macroHistory: MacroTemplate[] = []

  constructor(
    private readonly file: string, private readonly log: DiagnosticLog, private readonly format: CoordinateFormat,
    private readonly tolerance: number, private readonly maxParts: number,
  ) {}

  defineMacro(macro: MacroTemplate): void {
    this.macros.set(macro.name, macro)
    this.macroHistory.push(macro)
  }

  /** The first `apertures` and `macros` definitions of an earlier read's history, in their order, and the selection then. */
  replay(history: ApertureStore['history'], apertures: number, macroHistory: readonly MacroTemplate[], macros: number, current: Aperture | undefined): void {
    for (let k = 0; k < macros; k++) this.defineMacro(macroHistory[k]!)
    for (let k = 0; k < apertures; k++) {
      const entry = history[k]!
      this.apertures.set(entry.code, entry.aperture)
      this.history.push(entry)
    }
    this.current = current
  }

  /** %ADD…: built at the units in force, under the aperture attributes in force; a later definition of a code wins. */
  define(node: ApertureDefinition, attributes: Record<string, string[]>): void {
    if (this.apertures.has(node.code)) this.log.warnOnce(`AD-redefined`, node.line, `Aperture D${node.code} defined again: the later definition is used`)
    const aperture = defineAperture(node, this.macros, this.format.nmPerUnit(node.line), this.file, this.tolerance, this.log, attributes, this.maxParts)
    this.apertures.set(node.code, aperture)
    this.history.push({ code: node.code, aperture })
  }

  /** A block aperture, at its closing %AB*%, with its contents. */
  defineBlock(aperture: Aperture, block: BlockDefinition): void {
    this.apertures.set(aperture.code, aperture)
    this.history.push({ code: aperture.code, aperture, block })
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

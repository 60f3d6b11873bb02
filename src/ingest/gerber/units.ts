// Units and coordinate format of a Gerber file (%MO, %FS, G70/G71, G90/G91): file numbers → nm.

import { InputError } from '../../errors.ts'
import { NM_PER_INCH, NM_PER_MM } from '../../layers/model.ts'
import type { DiagnosticLog } from './parse.ts'

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

export interface FormatState { units: 'mm' | 'inch' | undefined; decimalDigits: number; incremental: boolean; factor: number }

export class CoordinateFormat {
  units: 'mm' | 'inch' | undefined
  /** From %FS; -1 until it is read. */
  private decimalDigits = -1
  incremental = false
  /** nm per format unit; 0 until both the format and the units are known. */
  factor = 0

  constructor(private readonly file: string, private readonly log: DiagnosticLog) {}

  setFormat(decimalDigits: number, incremental: boolean): void {
    this.decimalDigits = decimalDigits
    this.incremental = incremental
    this.updateFactor()
  }

  setUnits(units: 'mm' | 'inch'): void {
    this.units = units
    this.updateFactor()
  }

  private updateFactor(): void {
    if (this.decimalDigits < 0) return
    this.factor = (this.units === 'mm' ? NM_PER_MM : NM_PER_INCH) / POW10[this.decimalDigits]!
  }

  /** The units in force at `line`; a file that never says gets inch, the historic default, with a warning once. */
  unitsAt(line: number): 'mm' | 'inch' {
    if (this.units === undefined) {
      this.log.warnOnce('no-MO', line, 'No unit statement (%MOMM*% / %MOIN*%) before the first use: inch assumed (the historic default)')
      this.setUnits('inch')
    }
    return this.units!
  }

  /** The format as a checkpoint keeps it (resume.ts). */
  snapshot(): FormatState {
    return { units: this.units, decimalDigits: this.decimalDigits, incremental: this.incremental, factor: this.factor }
  }

  restore(state: FormatState): void {
    ({ units: this.units, decimalDigits: this.decimalDigits, incremental: this.incremental, factor: this.factor } = state)
  }

  nmPerUnit(line: number): number {
    return this.unitsAt(line) === 'mm' ? NM_PER_MM : NM_PER_INCH
  }

  /** Before the first operation: the format must be known; the units may be assumed. */
  ready(line: number): void {
    if (this.factor !== 0) return
    if (this.decimalDigits < 0) throw new InputError(this.file, line, 'Operation before the format statement %FS...%')
    this.unitsAt(line)
  }

  /** A coordinate in format units → nm; NaN (an axis left out) keeps `previous`, as the axis is modal. */
  coordinate(v: number, previous: number): number {
    if (v !== v) return previous
    const nm = Math.round(v * this.factor)
    return this.incremental ? previous + nm : nm
  }

  /** An arc's I or J offset → nm (never incremental; a missing one is 0). */
  offset(v: number): number {
    return v !== v ? 0 : Math.round(v * this.factor)
  }
}

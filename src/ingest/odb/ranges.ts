// What ODB++ numbers may be before they become integer nanometres. These are ranges of validity of the
// file, not design limits: a value outside them is an unreadable file, not a board to check.
//
// ±10 m (10^10 nm) covers any panel or substrate strip (the largest, ~1 m) with a factor of ten to spare,
// and keeps every sum the reader forms — coordinate + placement offset over maxDepth (≤ a few hundred)
// nested step-and-repeat levels, sizes scaled by a pad resize factor — far inside ±2^53 nm, where
// integer nm are still exact doubles.

import { InputError } from '../../errors.ts'
import { NM_PER_INCH, NM_PER_MM } from '../../layers/model.ts'
import type { OdbUnits } from './features-file.ts'

/** Largest coordinate, offset or symbol size the reader accepts, in nm (±10 m). */
export const MAX_LENGTH_NM = 10_000_000_000

/** Largest pad resize factor: a 10 mm pad may grow to 10 m, no further. */
export const MAX_RESIZE_FACTOR = 1_000

/** Most spokes a thermal symbol may have (the spec's thermals have 1 to 4; any more is a typo or an attack). */
export const MAX_THERMAL_SPOKES = 64

const nmPer = (units: OdbUnits) => (units === 'inch' ? NM_PER_INCH : NM_PER_MM)

/** `value` (in `units`) in nm, or an InputError naming `what` when it is not finite or beyond ±10 m. */
export function lengthNm(file: string, line: number, what: string, value: number, units: OdbUnits): number {
  const nm = value * nmPer(units)
  if (Number.isNaN(nm)) throw new InputError(file, line, `${what} must be a number`)
  if (!(Math.abs(nm) <= MAX_LENGTH_NM)) {
    throw new InputError(file, line, `${what} ${value} ${units} is out of range (the limit is ±${MAX_LENGTH_NM / NM_PER_MM} mm)`)
  }
  return nm
}

/** Throw unless `value` (in `units`) is a finite length within ±10 m; returns it unchanged (file units). */
export function checkLength(file: string, line: number, what: string, value: number, units: OdbUnits): number {
  lengthNm(file, line, what, value, units)
  return value
}

/** A finite angle in degrees, or an InputError. */
export function checkAngle(file: string, line: number, what: string, degrees: number): number {
  if (!Number.isFinite(degrees)) throw new InputError(file, line, `${what} must be a finite angle in degrees (got ${degrees})`)
  return degrees
}

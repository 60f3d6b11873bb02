// Units and number format of an Excellon file (METRIC/INCH, LZ/TZ, digits, ;FILE_FORMAT=): coordinate
// words and tool sizes → integer nm, exactly.

import { InputError } from '../../errors.ts'
import type { SourceRef, Units } from '../../layers/model.ts'
import { NM_PER_INCH, NM_PER_MM } from '../../layers/model.ts'
import type { Warnings } from './warnings.ts'

const NM_PER_UNIT = { mm: 1_000_000n, inch: 25_400_000n } as const
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k) // exact up to 10^22
/** Digits the Excellon convention (and gerbv) assumes when a file does not say: 3.3 metric, 2.4 inch. */
const DEFAULT_DIGITS = { mm: [3, 3], inch: [2, 4] } as const

/** More digits than any drill format uses (real files have at most 6+6): a corrupt number, not a coordinate. */
const MAX_DIGITS = 40

/**
 * `guessDigits` infers the integer.decimal digits from the file's coordinates when its header gives none
 * (see inferDigits); without it, or when it cannot tell, gerbv's defaults are used. Either way, with a warning.
 * `fastPaths` false converts every number in BigInt (tests compare the two).
 */
export class DrillFormat {
  units: Units | undefined
  zeros: 'LZ' | 'TZ' | undefined
  digits: readonly [number, number] | undefined
  private fallback: readonly [number, number] | undefined

  constructor(
    private readonly file: string, private readonly warnings: Warnings, private readonly fastPaths = true,
    private readonly guessDigits?: (units: Units) => readonly [number, number] | undefined,
  ) {}

  /** The digits used for integer coordinates when the file gives no format, decided (and warned about) once. */
  private fallbackDigits(u: Units, source: SourceRef): readonly [number, number] {
    if (this.fallback !== undefined) return this.fallback
    const guessed = this.guessDigits?.(u)
    const unitName = u === 'mm' ? 'METRIC' : 'INCH'
    if (guessed !== undefined) {
      this.fallback = guessed
      this.warnings.warn(source, `no coordinate format given (METRIC/INCH,000.000, ;FILE_FORMAT=): every coordinate has ${guessed[0] + guessed[1]} digits with leading zeros, ` +
        `read as ${guessed[0]}.${guessed[1]} ${unitName} (the last ${guessed[1]} digits are decimals); check the board's size`)
    } else {
      this.fallback = DEFAULT_DIGITS[u]
      this.warnings.warn(source, `no coordinate format given (METRIC/INCH,000.000, ;FILE_FORMAT=): reading integer coordinates as ${this.fallback[0]}.${this.fallback[1]} ${unitName}, as gerbv does`)
    }
    return this.fallback
  }

  /** The units in force; a file that never says is read in inch, the Excellon default, with a warning. */
  currentUnits(source: SourceRef): Units {
    if (this.units === undefined) {
      this.warnings.warn(source, 'no units given (METRIC/INCH/M71/M72): reading inch, the Excellon default')
      this.units = 'inch'
    }
    return this.units
  }

  /**
   * toNm for plain numbers of up to 15 digits, where double arithmetic is exact and gives the same
   * integer as the BigInt path; NaN for anything else (the BigInt path then reads it).
   */
  private smallToNm(raw: string, u: Units, source: SourceRef): number {
    const n = raw.length
    let p = 0
    let c = raw.charCodeAt(0)
    const negative = c === 45 /* - */
    if (negative || c === 43 /* + */) c = raw.charCodeAt(++p)
    let mantissa = 0, digitCount = 0, digitsBeforeDot = -1, nonZero = false
    for (; p < n; c = raw.charCodeAt(++p)) {
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48)
        digitCount++
        if (c !== 48) nonZero = true
      } else if (c === 46 /* . */ && digitsBeforeDot < 0) digitsBeforeDot = digitCount
      else return NaN
    }
    if (!nonZero) return 0 // zero reads the same in every format
    if (digitCount > 15) return NaN
    let exponent: number // value = mantissa / 10^exponent units
    if (digitsBeforeDot >= 0) exponent = digitCount - digitsBeforeDot
    else {
      const [integerDigits, decimalDigits] = this.digits ?? this.fallbackDigits(u, source)
      exponent = this.zeros === 'LZ' ? decimalDigits - (integerDigits + decimalDigits - digitCount) : decimalDigits
    }
    if (Math.abs(exponent) > 22) return NaN // 10^22 is the last power of ten a double holds exactly
    if (digitsBeforeDot < 0 && this.zeros === undefined)
      this.warnings.warn(source, 'no zero suppression given (LZ/TZ): reading integer coordinates with leading zeros suppressed, as gerbv does', 'zeros')
    let numerator = mantissa * (u === 'mm' ? NM_PER_MM : NM_PER_INCH)
    let denominator = 1
    if (exponent >= 0) denominator = POW10[exponent]!
    else numerator *= POW10[-exponent]!
    if (numerator > 2 ** 52) return NaN
    // floor division, corrected where the quotient rounded up to the next integer; then half away from zero
    let quotient = Math.floor(numerator / denominator)
    let remainder = numerator - quotient * denominator
    if (remainder < 0) { quotient--; remainder += denominator }
    const nm = 2 * remainder >= denominator ? quotient + 1 : quotient
    return negative ? -nm : nm
  }

  /** A coordinate word → nm, exactly: decimal arithmetic in BigInt, rounded half away from zero once. */
  toNm(raw: string, source: SourceRef): number {
    const u = this.currentUnits(source)
    if (this.fastPaths) {
      const nm = this.smallToNm(raw, u, source)
      if (nm === nm) return nm
    }
    const negative = raw.startsWith('-')
    const unsigned = raw.replace(/^[+-]/, '')
    if (/^0*\.?0*$/.test(unsigned)) return 0 // zero reads the same in every format
    let mantissa: bigint
    let exponent: number // value = mantissa / 10^exponent units
    if (unsigned.includes('.')) {
      const [whole, fraction] = unsigned.split('.') as [string, string]
      mantissa = BigInt((whole + fraction) || '0')
      exponent = fraction.length
    } else {
      const [integerDigits, decimalDigits] = this.digits ?? this.fallbackDigits(u, source)
      mantissa = BigInt(unsigned)
      if (this.zeros === 'LZ') {
        // leading zeros kept, trailing suppressed: the digits are left-aligned in the integer.decimal field
        exponent = decimalDigits - (integerDigits + decimalDigits - unsigned.length)
      } else {
        if (this.zeros === undefined)
          this.warnings.warn(source, 'no zero suppression given (LZ/TZ): reading integer coordinates with leading zeros suppressed, as gerbv does', 'zeros')
        exponent = decimalDigits
      }
    }
    // 10n ** exponent for a blown-up format (FILE_FORMAT=2:99999999) would hang or throw RangeError
    if (Math.abs(exponent) > MAX_DIGITS) throw new InputError(this.file, source.line, `a ${raw.length}-character coordinate needs ${Math.abs(exponent)} decimal places: no drill format has more than ${MAX_DIGITS} digits`)
    let numerator = mantissa * NM_PER_UNIT[u]
    let denominator = 1n
    if (exponent >= 0) denominator = 10n ** BigInt(exponent)
    else numerator *= 10n ** BigInt(-exponent)
    const nm = (2n * numerator + denominator) / (2n * denominator)
    if (nm > BigInt(Number.MAX_SAFE_INTEGER)) throw new InputError(this.file, source.line, `a ${raw.length}-character coordinate is out of range (the limit is ±${Number.MAX_SAFE_INTEGER} nm)`)
    return negative ? -Number(nm) : Number(nm)
  }

  /** A tool size (always with a point, or whole units) → nm. */
  diameterToNm(raw: string, source: SourceRef): number {
    const u = this.currentUnits(source)
    const [whole, fraction = ''] = raw.replace(/^\+/, '').split('.') as [string, string?]
    if (fraction.length > MAX_DIGITS) throw new InputError(this.file, source.line, `a ${raw.length}-character tool size has ${fraction.length} decimal places: no drill format has more than ${MAX_DIGITS} digits`)
    const denominator = 10n ** BigInt(fraction.length)
    const nm = (2n * BigInt((whole + fraction) || '0') * NM_PER_UNIT[u] + denominator) / (2n * denominator)
    // refused here, at its own line: a blown-up tool routed along an arc takes seconds to offset
    if (nm > BigInt(Number.MAX_SAFE_INTEGER)) throw new InputError(this.file, source.line, `a ${raw.length}-character tool size is out of range (the limit is ${Number.MAX_SAFE_INTEGER} nm)`)
    return Number(nm)
  }
}

/**
 * The integer.decimal digits of a file that gives no format, from its coordinates: Allegro writes
 * `METRIC` alone and then fixed-width words like `X07600000Y14920000`. When every X/Y word has the same
 * number of digits, more than the default format holds, and some keep a leading zero, the words are
 * fixed-width: the default integer digits (3 metric, 2 inch) and the rest decimals. Otherwise undefined.
 */
export function inferDigits(text: string, units: Units): readonly [number, number] | undefined {
  const [integerDigits, decimalDigits] = DEFAULT_DIGITS[units]
  let width = -1
  let leadingZero = false
  // coordinate words of hit lines only (not tool sizes, not comments); decimals mean no format is needed
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (/^\s*([;(]|T\d)/.test(line)) continue
    for (const word of line.matchAll(/[XY][+-]?(\d+)(\.?)/g)) {
      if (word[2] === '.') return undefined
      const digits = word[1]!
      if (width < 0) width = digits.length
      else if (digits.length !== width) return undefined
      if (digits.charCodeAt(0) === 48 && digits.length > 1) leadingZero = true
    }
  }
  if (width <= integerDigits + decimalDigits || !leadingZero || width - integerDigits > 15) return undefined
  return [integerDigits, width - integerDigits]
}

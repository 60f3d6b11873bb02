// DrillFormat: Excellon coordinate words and tool sizes → nm (values worked by hand), on the fast
// path and the BigInt path alike.

import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.ts'
import { DrillFormat } from '../../../src/ingest/excellon/format.ts'
import { Warnings } from '../../../src/ingest/excellon/warnings.ts'

const at = (line: number) => ({ file: 'd.drl', line })
const both = (setup: (f: DrillFormat) => void, guess?: () => readonly [number, number] | undefined) => [true, false].map((fast) => {
  const warnings = new Warnings()
  const format = new DrillFormat('d.drl', warnings, fast, guess)
  setup(format)
  return { format, warnings }
})

describe('DrillFormat', () => {
  it('reads 2.4 inch words: TZ 12500 and LZ 0125 are both 1.25 in = 31 750 000 nm', () => {
    for (const { format } of both((f) => { f.units = 'inch'; f.digits = [2, 4]; f.zeros = 'TZ' })) {
      expect(format.toNm('12500', at(1))).toBe(31_750_000)
      expect(format.toNm('-1', at(1))).toBe(-2540) // 0.0001 in
      format.zeros = 'LZ'
      expect(format.toNm('0125', at(1))).toBe(31_750_000)
      expect(format.toNm('+012345', at(1))).toBe(31_356_300) // 01.2345 in
    }
  })

  it('reads decimal words as written, rounding half a nm away from zero', () => {
    for (const { format } of both((f) => { f.units = 'mm' })) {
      expect(format.toNm('1.5', at(1))).toBe(1_500_000)
      expect(format.toNm('0.0000005', at(1))).toBe(1)
      expect(format.toNm('-0.0000005', at(1))).toBe(-1)
      expect(format.toNm('000.000', at(1))).toBe(0)
    }
  })

  it('reads tool sizes: 0.35 mm = 350 000 nm, 0.0138 in = 350 520 nm', () => {
    const [{ format }] = both((f) => { f.units = 'mm' })
    expect(format!.diameterToNm('0.35', at(1))).toBe(350_000)
    format!.units = 'inch'
    expect(format!.diameterToNm('.0138', at(1))).toBe(350_520)
  })

  it('without units reads inch, and without digits 2.4 (as gerbv), each warned once; no LZ/TZ is warned once too', () => {
    for (const { format, warnings } of both(() => {})) {
      expect(format.toNm('25', at(3))).toBe(63_500) // 0.0025 in
      expect(format.toNm('25', at(4))).toBe(63_500)
      expect(format.units).toBe('inch')
      expect(warnings.list.map((d) => [d.source.line, d.message.slice(0, 40)])).toEqual([
        [3, 'no units given (METRIC/INCH/M71/M72): re'],
        [3, 'no coordinate format given (METRIC/INCH,'],
        [3, 'no zero suppression given (LZ/TZ): readi'],
      ])
    }
  })

  it('takes the digits guessed from the file when its header gives none: 3.5 metric X07600000 = 76 mm', () => {
    for (const { format, warnings } of both((f) => { f.units = 'mm'; f.zeros = 'LZ' }, () => [3, 5])) {
      expect(format.toNm('07600000', at(7))).toBe(76_000_000)
      expect(warnings.list[0]!.message).toBe('no coordinate format given (METRIC/INCH,000.000, ;FILE_FORMAT=): every coordinate has 8 digits with leading zeros, ' +
        "read as 3.5 METRIC (the last 5 digits are decimals); check the board's size")
    }
  })

  it('refuses a blown-up format and an out-of-range size, naming the line', () => {
    const [{ format }] = both((f) => { f.units = 'mm'; f.zeros = 'TZ'; f.digits = [2, 99] })
    let error: unknown
    try { format!.toNm('1', at(12)) } catch (e) { error = e }
    expect(error).toBeInstanceOf(InputError)
    expect(error).toMatchObject({ line: 12, what: 'a 1-character coordinate needs 99 decimal places: no drill format has more than 40 digits' })
    expect(() => format!.diameterToNm('99999999999', at(13))).toThrow(/tool size is out of range/)
  })
})

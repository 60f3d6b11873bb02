// What real CAD tools write into drill files that the format leaves open, read as gerbv reads it and
// always with a warning: no coordinate format in the header (Allegro writes `METRIC` alone).

import { describe, expect, it } from 'vitest'
import { readExcellon } from '../../../src/ingest/excellon/index.ts'
import { inferDigits } from '../../../src/ingest/excellon/format.ts'

const read = (lines: string[]) => readExcellon(lines.join('\n'), 'd.drl')
const centers = (lines: string[]) => read(lines).features.map((f) => (f.shape.type === 'circle' ? [f.shape.cx, f.shape.cy] : []))

describe('Excellon files with no coordinate format', () => {
  it('read fixed-width words with leading zeros (Allegro) as 3 integer digits in METRIC, the rest decimals, and warn', () => {
    // Allegro 16.6: X07600000 in a 170 mm board is 076.00000 mm
    const lines = ['M48', 'METRIC', 'T01C.2029', '%', 'G90', 'T01', 'X07600000Y08900000', 'X14380000Y03389000', 'M30']
    expect(centers(lines)).toEqual([[76_000_000, 89_000_000], [143_800_000, 33_890_000]])
    const messages = read(lines).diagnostics.map((d) => d.message)
    expect(messages.filter((m) => /no coordinate format given/.test(m))).toEqual([
      expect.stringMatching(/every coordinate has 8 digits with leading zeros, read as 3\.5 METRIC \(the last 5 digits are decimals\)/)])
  })

  it('read the same in INCH with 2 integer digits', () => {
    expect(centers(['M48', 'INCH', 'T1C0.01', '%', 'T1', 'X0150000Y0025000', 'M30'])).toEqual([[38_100_000, 6_350_000]]) // 01.50000 in, 00.25000 in
  })

  it('fall back to gerbv\'s 3.3 METRIC / 2.4 INCH when the words differ in width, and warn once', () => {
    const lines = ['M48', 'METRIC', 'T1C1', '%', 'T1', 'X1500Y250', 'X12Y3', 'M30'] // leading zeros suppressed: 1.500, 0.250 mm
    expect(centers(lines)).toEqual([[1_500_000, 250_000], [12_000, 3000]])
    expect(read(lines).diagnostics.map((d) => d.message).filter((m) => /no coordinate format/.test(m))).toEqual([
      'no coordinate format given (METRIC/INCH,000.000, ;FILE_FORMAT=): reading integer coordinates as 3.3 METRIC, as gerbv does'])
    expect(centers(['M48', 'INCH', 'T1C0.01', '%', 'T1', 'X15000Y2500', 'M30'])).toEqual([[38_100_000, 6_350_000]]) // 1.5000, 0.2500 in
  })

  it('say nothing about the format when every coordinate has a decimal point', () => {
    expect(read(['M48', 'METRIC', 'T1C1', '%', 'T1', 'X1.5Y0.25', 'M30']).diagnostics).toEqual([])
  })

  it('infer only from hit words: tool sizes and comments do not count, a decimal word means no inference', () => {
    expect(inferDigits('M48\nMETRIC\nT01C.2029\n;T01 Holesize 1. = 0.202900\n%\nT01\nX07600000Y08900000\nM30\n', 'mm')).toEqual([3, 5])
    expect(inferDigits('M48\nMETRIC\n%\nT01\nX07600000Y8900000\nM30\n', 'mm')).toBeUndefined() // widths differ
    expect(inferDigits('M48\nMETRIC\n%\nT01\nX76000000Y89000000\nM30\n', 'mm')).toBeUndefined() // no leading zero: not provably fixed-width
    expect(inferDigits('M48\nMETRIC\n%\nT01\nX076000Y089000\nM30\n', 'mm')).toBeUndefined() // fits 3.3 already
    expect(inferDigits('M48\nMETRIC\n%\nT01\nX07600000Y0.5\nM30\n', 'mm')).toBeUndefined()
  })

  it('use the format the header gives, never a guess, when there is one', () => {
    expect(centers(['M48', ';FILE_FORMAT=4:4', 'METRIC,LZ', 'T1C0.2', '%', 'T1', 'X0006625Y0003175', 'M30'])).toEqual([[6_625_000, 3_175_000]]) // LZ 4:4: 0006.625, 0003.175 mm (LimeSDR's RoundHoles.TXT)
  })
})

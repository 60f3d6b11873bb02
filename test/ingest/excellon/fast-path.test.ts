// readExcellon reads plain hit lines (`X1.5Y-2`) with charCodeAt and converts numbers of up to 15
// digits in double arithmetic; the general path tokenizes every line and converts in BigInt. Both
// must give the same features, and the values the text says.

import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../../../src/errors.ts'
import { readExcellon } from '../../../src/ingest/excellon/index.ts'
import { parseExcellon } from '../../../src/ingest/excellon/parse.ts'
import { plotExcellon } from '../../../src/ingest/excellon/plot.ts'
import { REAL_BOARDS_DIR, realBoardsAvailable, sharedReal } from '../../real-boards.ts'

const ROOT = join(import.meta.dirname, '../../../fixtures')
const DRILL = /\.(drl|drd|exc|xln)$/i
const walk = (dir: string): string[] =>
  readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? walk(p) : DRILL.test(n) ? [p] : []
  })
// the project's fixtures, and the real public boards' drill files read in place from ../shared
const REAL = ['arduino-uno', 'atmega328-motor-board', 'clockblock', 'gerbv-ekf2']
const files = [...walk(ROOT), ...(realBoardsAvailable('the fast/general Excellon path comparison on real public boards') ? REAL.flatMap((b) => walk(sharedReal(b))) : [])]

const readGeneral = (text: string, file: string) => plotExcellon(parseExcellon(text, file, false), file, DEFAULT_LIMITS, false)

/** Hit lines counted in the text: a coordinate line outside the header, not a G85 slot or route. */
const grepHits = (text: string) => {
  const body = text.slice(text.search(/^(%|M95)\s*$/m))
  return (body.match(/^X[-+\d.]+(Y[-+\d.]+)?\s*$|^Y[-+\d.]+\s*$/gm) ?? []).length
}

describe('fast and general Excellon paths', () => {
  it('finds the fixture drill files', () => expect(files.length).toBeGreaterThanOrEqual(8))

  for (const file of files) {
    const name = file.startsWith(REAL_BOARDS_DIR) ? `real/${file.slice(REAL_BOARDS_DIR.length + 1)}` : file.slice(ROOT.length + 1)
    it(`reads ${name} the same both ways`, () => {
      const text = readFileSync(file, 'latin1')
      const fast = readExcellon(text, name)
      const general = readGeneral(text, name)
      expect(fast.features).toStrictEqual(general.features)
      expect(fast.diagnostics).toStrictEqual(general.diagnostics)
      expect(fast.attributes).toStrictEqual(general.attributes)
      if (!/G85|M15|G0[0-3]|R\d/.test(text)) expect(fast.features).toHaveLength(grepHits(text))
    })
  }

  const centres = (lines: string[], general = false) => {
    const text = lines.join('\n')
    const image = general ? readGeneral(text, 't.drl') : readExcellon(text, 't.drl')
    return image.features.map((f) => (f.shape.type === 'circle' ? [f.shape.cx, f.shape.cy] : []))
  }

  it('rounds half a nanometre away from zero, as the BigInt path does', () => {
    // 0.0000005 mm = 0.5 nm → 1 nm; 0.0000015 mm = 1.5 nm → 2 nm; 0.00000049 mm → 0 nm
    const lines = ['M48', 'METRIC', 'T1C0.1', '%', 'T1', 'X0.0000005Y-0.0000005', 'X0.0000015Y0.00000049', 'M30']
    expect(centres(lines)).toEqual([[1, -1], [2, 0]])
    expect(centres(lines, true)).toEqual(centres(lines))
  })

  it('reads more than 15 digits exactly (the BigInt path), in agreement with the text', () => {
    // 1234567.1234567890123 mm = 1 234 567 123 456.789… nm → 1 234 567 123 457 nm
    const lines = ['M48', 'METRIC', 'T1C0.1', '%', 'T1', 'X1234567.1234567890123Y1.0', 'M30']
    expect(centres(lines)).toEqual([[1_234_567_123_457, 1_000_000]])
  })

  it('reads inch integer coordinates in the file format: X016910 LZ 2.4 = 01.6910 in', () => {
    // 1.691 in × 25 400 000 nm/in = 42 951 400 nm; Y-0001 LZ = -00.01 in = -254 000 nm
    const lines = ['M48', 'INCH,LZ', 'T1C0.01', '%', 'T1', 'X016910Y-0001', 'M30']
    expect(centres(lines)).toEqual([[42_951_400, -254_000]])
    expect(centres(lines, true)).toEqual(centres(lines))
  })

  it('leaves lower-case and spaced hit lines to the general reader, with the same result', () => {
    const lines = ['M48', 'METRIC', 'T1C0.1', '%', 'T1', 'x1.5y2.0', 'X1.5 Y2.0', 'X1.5Y2.0', 'M30']
    expect(centres(lines)).toEqual([[1_500_000, 2_000_000], [1_500_000, 2_000_000], [1_500_000, 2_000_000]])
  })

  it('keeps the error for a malformed hit line', () => {
    expect(() => readExcellon(['M48', 'METRIC', 'T1C0.1', '%', 'T1', 'X1.5.3Y2', 'M30'].join('\n'), 't.drl'))
      .toThrow(/^t\.drl:6: malformed coordinate \(5 characters after X\)$/)
  })
})

describe('Excellon read line by line (plotted as parsed)', () => {
  it('numbers lines ended by CR LF, LF or a lone CR, blank lines included, as the text has them', () => {
    // line 6 X1. (after CR LF), line 8 X2. (after a blank line), line 9 X3. (after a lone CR), line 10 has trailing blanks
    const text = 'M48\r\nMETRIC\r\nT1C0.1\r\n%\r\nT1\r\nX1.Y0\n\nX2.Y0\rX3.Y0\nX4.Y0  \nM30\n'
    const fast = readExcellon(text, 'l.drl')
    expect(fast.features.map((f) => [f.source.line, f.shape.type === 'circle' ? f.shape.cx : NaN]))
      .toStrictEqual([[6, 1_000_000], [8, 2_000_000], [9, 3_000_000], [10, 4_000_000]])
    expect(fast.features).toStrictEqual(readGeneral(text, 'l.drl').features)
  })

  it('reports a syntax error after an earlier plotting error, as parsing before plotting does', () => {
    // line 5 selects the undefined T2 (a plotting error); line 7 is malformed (a syntax error)
    const text = ['M48', 'METRIC', 'T1C0.1', '%', 'T2', 'X1Y0', 'X1.2.3Y0', 'M30'].join('\n')
    expect(() => readGeneral(text, 'e.drl')).toThrow(/^e\.drl:7: malformed coordinate \(5 characters after X\)$/)
    expect(() => readExcellon(text, 'e.drl')).toThrow(/^e\.drl:7: malformed coordinate \(5 characters after X\)$/)
    expect(() => readExcellon(text.replace('X1.2.3Y0', 'X2Y0'), 'e.drl')).toThrow(/^e\.drl:5: tool T2 is used but not defined/)
  })
})

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

const ROOT = join(import.meta.dirname, '../../../fixtures')
const DRILL = /\.(drl|drd|exc|xln)$/i
const walk = (dir: string): string[] =>
  readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? walk(p) : DRILL.test(n) ? [p] : []
  })
const files = walk(ROOT)

const readGeneral = (text: string, file: string) => plotExcellon(parseExcellon(text, file, false), file, DEFAULT_LIMITS, false)

/** Hit lines counted in the text: a coordinate line outside the header, not a G85 slot or route. */
const grepHits = (text: string) => {
  const body = text.slice(text.search(/^(%|M95)\s*$/m))
  return (body.match(/^X[-+\d.]+(Y[-+\d.]+)?\s*$|^Y[-+\d.]+\s*$/gm) ?? []).length
}

describe('fast and general Excellon paths', () => {
  it('finds the fixture drill files', () => expect(files.length).toBeGreaterThanOrEqual(8))

  for (const file of files) {
    const name = file.slice(ROOT.length + 1)
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
      .toThrow(/^t\.drl:6: malformed coordinate "X1\.5\.3"/)
  })
})

import { describe, expect, it } from 'vitest'
import { InputError, LimitError } from '../../../src/errors.ts'
import { looksLikeExcellon, readExcellon } from '../../../src/ingest/excellon/index.ts'
import { BYTES_PER_FEATURE, MemoryBudget } from '../../../src/ingest/budget.ts'

const read = (lines: string[]) => readExcellon(lines.join('\n'), 'test.drl')
const centers = (lines: string[]) =>
  read(lines).features.map((f) => (f.shape.type === 'circle' ? [f.shape.cx, f.shape.cy, f.shape.diameter] : f.shape.type))

describe('readExcellon coordinates', () => {
  it('reads decimal metric coordinates exactly in nm', () => {
    expect(centers(['M48', 'METRIC', 'T1C0.300', '%', 'T1', 'X119.Y-84.34', 'X.5Y+2.000001', 'M30'])).toEqual([
      [119_000_000, -84_340_000, 300_000],
      [500_000, 2_000_001, 300_000],
    ])
  })
  it('reads inch TZ (leading zeros suppressed) with 2.4 digits: X16910 = 1.6910 in', () => {
    // 1.691 in × 25.4 mm/in = 42.9514 mm; 0.024 in = 0.6096 mm
    expect(centers(['M48', 'INCH,TZ', 'T01C0.0240', '%', 'T01', 'X16910Y10810', 'M30'])).toEqual([[42_951_400, 27_457_400, 609_600]])
  })
  it('reads inch LZ (trailing zeros suppressed): X0169 in 2.4 = 01.69 in, Y-001 = -00.1 in', () => {
    expect(centers(['M48', 'INCH,LZ', 'T1C0.01', '%', 'T1', 'X0169Y-001', 'M30'])).toEqual([[42_926_000, -2_540_000, 254_000]])
  })
  it('takes the digits from METRIC,LZ,000.000 and from ;FILE_FORMAT=', () => {
    // LZ 3.3: "0012" is 001.2 mm; FILE_FORMAT=4:2 TZ: "1234" is 12.34 mm
    expect(centers(['M48', 'METRIC,LZ,000.000', 'T1C1', '%', 'T1', 'X0012Y1', 'M30'])).toEqual([[1_200_000, 100_000_000, 1_000_000]])
    expect(centers(['M48', ';FILE_FORMAT=4:2', 'METRIC,TZ', 'T1C1', '%', 'T1', 'X1234Y5', 'M30'])).toEqual([[12_340_000, 50_000, 1_000_000]])
  })
  it('rounds a 1e-5 inch coordinate to the nearest nm (254 nm exactly)', () => {
    expect(centers(['M48', 'INCH', 'T1C0.1', '%', 'T1', 'X0.00001Y-0.000013', 'M30'])).toEqual([[254, -330, 2_540_000]])
  })
  it('keeps the previous axis value when a hit gives only X or only Y, and adds in G91', () => {
    expect(centers(['M48', 'METRIC', 'T1C1.0', '%', 'T1', 'X1.0Y2.0', 'X3.0', 'G91', 'Y1.5', 'X-1.0', 'M30'])).toEqual([
      [1_000_000, 2_000_000, 1_000_000], [3_000_000, 2_000_000, 1_000_000],
      [3_000_000, 3_500_000, 1_000_000], [2_000_000, 3_500_000, 1_000_000],
    ])
  })
  it('repeats a hit with R: R2X1.0 adds two holes 1 mm apart', () => {
    expect(centers(['M48', 'METRIC', 'T1C0.5', '%', 'T1', 'X0Y0', 'R2X1.0', 'M30'])).toEqual([
      [0, 0, 500_000], [1_000_000, 0, 500_000], [2_000_000, 0, 500_000],
    ])
  })
  it('uses M71/M72 and tools defined in the body (F/S parameters ignored)', () => {
    expect(centers(['M72', 'M48', '%', 'T3F200S65C0.0100', 'X10000Y0', 'M71', 'T4C1.5', 'X1.5Y1.5', 'M30'])).toEqual([
      [25_400_000, 0, 254_000], [1_500_000, 1_500_000, 1_500_000],
    ])
  })
})

describe('readExcellon slots', () => {
  it('makes a G85 slot a stroke of the tool width', () => {
    const [slot] = read(['M48', 'METRIC', 'T1C0.8', '%', 'T1', 'X1.0Y2.0G85X4.0Y2.0', 'M30']).features
    expect(slot).toMatchObject({ kind: 'slot', drill: 800_000,
      shape: { type: 'stroke', x1: 1_000_000, y1: 2_000_000, x2: 4_000_000, y2: 2_000_000, width: 800_000 },
      bbox: [600_000, 1_600_000, 4_400_000, 2_400_000] })
  })
  it('routes straight slots between M15 and M16, and only moves with the tool up', () => {
    const { features } = read(['M48', 'METRIC', 'T2C1.0', '%', 'T2', 'G00X0Y0', 'M15', 'G01X5.0Y0', 'Y5.0', 'M16', 'G00X9Y9', 'G05', 'X1.0Y1.0', 'M30'])
    expect(features.map((f) => [f.kind, f.shape])).toEqual([
      ['slot', { type: 'stroke', x1: 0, y1: 0, x2: 5_000_000, y2: 0, width: 1_000_000 }],
      ['slot', { type: 'stroke', x1: 5_000_000, y1: 0, x2: 5_000_000, y2: 5_000_000, width: 1_000_000 }],
      ['hole', { type: 'circle', cx: 1_000_000, cy: 1_000_000, diameter: 1_000_000 }],
    ])
  })
  it('routes a quarter arc (G03, A radius) to a polygon whose box is the swept annulus quarter', () => {
    // CCW from (10,0) to (0,10) about the origin with r = 10 mm, tool 1 mm: box [-0.5, -0.5, 10.5, 10.5] mm
    const ccw = read(['M48', 'METRIC', 'T1C1.0', '%', 'T1', 'G00X10.0Y0', 'M15', 'G03X0Y10.0A10.0', 'M16', 'M30']).features[0]!
    expect(ccw.kind).toBe('slot')
    expect(ccw.shape.type).toBe('polygon')
    ccw.bbox.forEach((v, i) => expect(Math.abs(v - [-500_000, -500_000, 10_500_000, 10_500_000][i]!)).toBeLessThanOrEqual(60))
    // the same end points clockwise (G02) with I/J: centre (10,10), arc bulging toward the origin
    const cw = read(['M48', 'METRIC', 'T1C1.0', '%', 'T1', 'G00X10.0Y0', 'M15', 'G02X0Y10.0I0J10.0', 'M16', 'M30']).features[0]!
    const minCorner = Math.hypot(cw.bbox[0], cw.bbox[1])
    expect(cw.bbox[0]).toBeCloseTo(-500_000, -2)
    expect(minCorner).toBeLessThan(1_000_000) // box reaches (-0.5, -0.5): the bulge passes near the origin
  })
})

describe('readExcellon attributes', () => {
  it('takes plated and AperFunction from KiCad X2 comments, per tool', () => {
    const image = read(['M48', '; #@! TF.FileFunction,Plated,1,2,PTH', 'FMAT,2', 'METRIC',
      '; #@! TA.AperFunction,Plated,PTH,ViaDrill', 'T1C0.150', '; #@! TA.AperFunction,Plated,PTH,ComponentDrill', 'T2C1.0',
      '%', 'G90', 'G05', 'T1', 'X1.0Y1.0', 'T2', 'X2.0Y2.0', 'T0', 'M30'])
    expect(image.fileFunction).toEqual(['Plated', '1', '2', 'PTH'])
    expect(image.features.map((f) => [f.aperFunction, f.plated, f.drill])).toEqual([['ViaDrill', true, 150_000], ['ComponentDrill', true, 1_000_000]])
    expect(image.diagnostics).toEqual([])
  })
  it('keeps the IPC-4761 via type that follows ViaDrill, per tool (X2 `Plated,PTH,ViaDrill,VII`)', () => {
    const image = read(['M48', '; #@! TF.FileFunction,Plated,1,2,PTH', 'METRIC',
      '; #@! TA.AperFunction,Plated,PTH,ViaDrill,VII', 'T1C0.150', '; #@! TA.AperFunction,Plated,PTH,ViaDrill', 'T2C0.2',
      '%', 'T1', 'X1.0Y1.0', 'T2', 'X2.0Y2.0', 'M30'])
    expect(image.features.map((f) => [f.aperFunction, f.plated, f.ipc4761])).toEqual([['ViaDrill', true, 'VII'], ['ViaDrill', true, undefined]])
  })
  it('marks holes of a NonPlated file not plated', () => {
    const image = read(['M48', '; #@! TF.FileFunction,NonPlated,1,2,NPTH', 'METRIC', 'T1C3.0', '%', 'T1', 'X0Y0', 'M30'])
    expect(image.features[0]!.plated).toBe(false)
  })
})

describe('readExcellon diagnostics and errors', () => {
  it('reports an unknown command as a diagnostic with its line', () => {
    const image = read(['M48', 'METRIC', 'FOO,BAR', 'T1C1', '%', 'T1', 'G40', 'X0Y0', 'M30'])
    expect(image.diagnostics.map((d) => [d.source.line, d.message])).toEqual([
      [3, 'unsupported Excellon command (a 7-character command starting with F) ignored'],
      [7, 'unsupported Excellon command (a 3-character command starting with G) ignored'],
    ])
    expect(image.features).toHaveLength(1)
  })
  const fails = (lines: string[] | string, line: number, what: RegExp) => {
    const text = typeof lines === 'string' ? lines : lines.join('\n')
    try {
      readExcellon(text, 'bad.drl')
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).file).toBe('bad.drl')
      expect((error as InputError).line).toBe(line)
      expect((error as InputError).what).toMatch(what)
      return
    }
    expect.fail('no InputError')
  }
  it('rejects a file without M30 as cut short, at its last line', () => fails(['M48', 'METRIC', 'T1C1', '%', 'T1', 'X0Y0'], 6, /no M30 \(end of program\): the file is cut short/))
  it('rejects an empty file', () => fails(' \n\n', 1, /The file is empty/))
  it('rejects an undefined tool', () => fails(['M48', 'METRIC', 'T1C1', '%', 'T2', 'X0Y0', 'M30'], 5, /tool T2 is used but not defined/))
  it('rejects a hit with no tool', () => fails(['M48', 'METRIC', '%', 'X0Y0', 'M30'], 4, /no tool selected/))
  it('rejects malformed coordinates', () => fails(['M48', 'METRIC', 'T1C1', '%', 'T1', 'X1.2.3Y0', 'M30'], 6, /malformed coordinate \(5 characters after X\)$/))
  it('rejects coordinates with stray characters', () => fails(['M48', 'METRIC', 'T1C1', '%', 'T1', 'X1Y2#', 'M30'], 6, /malformed coordinate/))
  it('rejects binary garbage with its line', () => fails('M48\nMETRIC\n\u0000\u0001\u0002PK', 3, /binary data/))
  it('rejects a truncated header', () => fails(['M48', 'METRIC', 'T1C1', 'T2C2'], 4, /ends inside the M48 header/))
  it('stops at the feature limit with a LimitError', () => {
    expect(() => readExcellon('M48\nMETRIC\nT1C1\n%\nT1\nX0Y0\nR5X1\nM30', 'big.drl', { maxFeatures: 4 })).toThrow(LimitError)
    // the repeat is refused whole, on its own line, before its first hole
    expect(() => readExcellon('M48\nMETRIC\nT1C1\n%\nT1\nX0Y0\nR5X1\nM30', 'big.drl', { maxFeatures: 4 }))
      .toThrow(/^big\.drl:7: more than 4 features \(Repeat R5; raise the maxFeatures limit\)/)
  })
  it('charges hits to the memory budget, a repeat whole before its first hole', () => {
    // 400 bytes a feature: the first hit charges a 65 536-feature chunk (25.0 MB); R100000 needs 100 001
    // features in all, 34 465 more, less than a chunk, so a second chunk (25.0 MB more) passes a 32 MiB budget
    const budget = new MemoryBudget(32 * 2 ** 20)
    const t0 = performance.now()
    expect(() => readExcellon('M48\nMETRIC\nT1C1\n%\nT1\nX0Y0\nR100000X0.01\nM30', 'r.drl', {}, budget))
      .toThrow(/^r\.drl:7: Repeat R100000 would take about 25\.0 MB, past the memory budget of 32\.0 MB \(25\.0 MB already read\)/)
    expect(budget.charged).toBe(65_536 * BYTES_PER_FEATURE)
    expect(performance.now() - t0).toBeLessThan(1000)
    // the same file under a budget that holds it reads every hole
    expect(readExcellon('M48\nMETRIC\nT1C1\n%\nT1\nX0Y0\nR100000X0.01\nM30', 'r.drl', {}, new MemoryBudget(64 * 2 ** 20)).features).toHaveLength(100_001)
  })
})

describe('looksLikeExcellon', () => {
  it('tells Excellon from Gerber', () => {
    expect(looksLikeExcellon('M48\nMETRIC\nT1C0.3\n%\n')).toBe(true)
    expect(looksLikeExcellon('G90\nM72\nM48\nT0C0.006\n')).toBe(true)
    expect(looksLikeExcellon('%FSLAX46Y46*%\n%MOMM*%\nX1Y1D03*\n')).toBe(false)
  })
})

// Hostile ODB++ jobs built inline: out-of-range numbers, symbols that use themselves, sparse symbol
// numbers and step-and-repeat blow-ups must end in an InputError/LimitError naming the file and line.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputError, LimitError, type ReadLimits } from '../../../src/errors.ts'
import { darkArea } from '../../../src/geometry/boolean.ts'
import { readOdbJob } from '../../../src/ingest/odb/index.ts'
import { jobWriter, type JobSpec } from './odb-writer.ts'

const work = mkdtempSync(join(tmpdir(), 'odb-robust-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))
const write = jobWriter(work)
/** A one-step (pcb) job with one SIGNAL layer `top`. */
const single = (units: 'MM' | 'INCH', top: string, extra: Partial<JobSpec> = {}, stepExtra: Record<string, string> = {}) =>
  write({ units, layers: [{ name: 'top', type: 'SIGNAL' }], steps: [{ name: 'pcb', layers: { top }, extra: stepExtra }], ...extra })

/** The error `readOdbJob` rejects with (fails the test when it resolves). */
async function failure(path: string, limits: Partial<ReadLimits> = {}): Promise<InputError> {
  const error = await readOdbJob(path, { limits }).then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(InputError)
  return error as InputError
}

describe('coordinates and sizes out of range (±10 m) are refused where they are read', () => {
  it('refuses a pad at 1e308 inch (Infinity nm) naming the features file and line', async () => {
    const path = single('INCH', 'UNITS=INCH\n$0 r10\nP 1e308 0 0 P 0 0\n')
    const e = await failure(path)
    expect(e).not.toBeInstanceOf(LimitError)
    expect([e.file, e.line]).toEqual([`${path}/steps/pcb/layers/top/features`, 3])
    expect(e.what).toMatch(/^P x 1e\+308 inch is out of range \(the limit is ±10000 mm\)$/)
  })

  it('accepts a pad exactly 10 m out in a mm file and refuses one 1 µm further', async () => {
    const [top] = await readOdbJob(single('MM', 'UNITS=MM\n$0 r100\nP 10000 -10000 0 P 0 0\n'))
    // 10 000 mm = 10^10 nm; r100 is 100 µm across
    expect(top!.features.map((f) => f.shape)).toEqual([{ type: 'circle', cx: 10_000_000_000, cy: -10_000_000_000, diameter: 100_000 }])
    const e = await failure(single('MM', 'UNITS=MM\n$0 r100\nP 0 -10000.001 0 P 0 0\n'))
    expect([e.line, e.what]).toEqual([3, 'P y -10000.001 mm is out of range (the limit is ±10000 mm)'])
  })

  it('reads the range in the file units: 393.7 inch (9999.98 mm) passes, 393.71 inch (10000.234 mm) does not', async () => {
    const [top] = await readOdbJob(single('INCH', 'UNITS=INCH\n$0 r10\nP 393.7 0 0 P 0 0\n'))
    expect(top!.features[0]!.shape).toMatchObject({ cx: 9_999_980_000 })
    const e = await failure(single('INCH', 'UNITS=INCH\n$0 r10\nL 0 0 393.71 0 0 P 0\n'))
    expect([e.line, e.what]).toEqual([3, 'L xe 393.71 inch is out of range (the limit is ±10000 mm)'])
  })

  it('refuses an arc centre and a surface arc centre far out of range', async () => {
    const arc = await failure(single('MM', 'UNITS=MM\n$0 r100\nA 0 0 1 0 1e20 0 0 P 0 Y\n'))
    expect([arc.line, arc.what]).toEqual([3, 'A xc 100000000000000000000 mm is out of range (the limit is ±10000 mm)'])
    const surface = await failure(single('MM', 'UNITS=MM\nS P 0\nOB 1 0 I\nOC 1 0 0 -5e15 Y\nOE\nSE\n'))
    expect([surface.line, surface.what]).toEqual([4, 'OC yc -5000000000000000 mm is out of range (the limit is ±10000 mm)'])
  })

  it('refuses a standard symbol beyond 10 m at its symbol table line', async () => {
    // 99 999 999 999 mil = 2.54·10^15 nm
    const path = single('INCH', 'UNITS=INCH\n$0 r10\n$1 r99999999999\nP 0 0 1 P 0 0\n')
    const e = await failure(path)
    expect([e.file, e.line]).toEqual([`${path}/steps/pcb/layers/top/features`, 3])
    expect(e.what).toBe('symbol "r99999999999": a size is out of range (the limit is 10000 mm)')
  })

  it('refuses a thermal with a hundred million spokes instead of cutting them', async () => {
    const e = await failure(single('INCH', 'UNITS=INCH\n$0 thr60x40x45x100000000x10\nP 0 0 0 P 0 0\n'))
    expect([e.line, e.what]).toEqual([2, 'symbol "thr60x40x45x100000000x10": 100000000 spokes: a thermal has a whole number of spokes up to 64'])
  })

  it('refuses a pad resize factor beyond 1000 or below 0', async () => {
    const big = await failure(single('MM', 'UNITS=MM\n$0 r100\nP 0 0 -1 0 1e9 P 0 0\n'))
    expect([big.line, big.what]).toEqual([3, 'P resize factor must be between 0 and 1000 (got 1000000000)'])
    const negative = await failure(single('MM', 'UNITS=MM\n$0 r100\nP 0 0 -1 0 -2 P 0 0\n'))
    expect([negative.line, negative.what]).toEqual([3, 'P resize factor must be between 0 and 1000 (got -2)'])
  })

  it('refuses a component pin at 1e308', async () => {
    const path = single('INCH', 'UNITS=INCH\n$0 r10\nP 0 0 0 P 0 0\n', {}, {
      'layers/comp_+_top/components': 'UNITS=INCH\nCMP 0 0 0 0 N U1 X\nTOP 0 1e308 0 0 N 0 0 1\n',
    })
    const e = await failure(path)
    expect([e.file, e.line, e.what]).toEqual([`${path}/steps/pcb/layers/comp_+_top/components`, 3, 'TOP (pin) x 1e+308 inch is out of range (the limit is ±10000 mm)'])
  })

  it('refuses a datum and a STEP-REPEAT pitch out of range, and a non-numeric ANGLE', async () => {
    const hdr = (lines: string) => write({
      units: 'INCH', layers: [{ name: 'top', type: 'SIGNAL' }],
      steps: [{ name: 'pcb', layers: { top: 'UNITS=INCH\n$0 r10\nP 0 0 0 P 0 0\n' } },
        { name: 'panel', layers: {}, stephdr: `UNITS=INCH\nX_DATUM=0\nY_DATUM=0\nSTEP-REPEAT {\nNAME=PCB\n${lines}\n}\n` }],
    })
    const pitch = hdr('DX=1e300\nNX=2')
    const e1 = await failure(pitch)
    expect([e1.file, e1.line, e1.what]).toEqual([`${pitch}/steps/panel/stephdr`, 4, 'STEP-REPEAT DX 1e+300 inch is out of range (the limit is ±10000 mm)'])
    // each pitch is fine, but the 1000th copy lies 1000 × 20 inch = 508 m away
    const far = await failure(hdr('DX=20\nNX=1000'))
    expect([far.line, far.what]).toEqual([4, 'STEP-REPEAT X + (NX−1)·DX 507492 mm is out of range (the limit is ±10000 mm)'])
    const datum = write({ units: 'INCH', layers: [{ name: 'top', type: 'SIGNAL' }],
      steps: [{ name: 'pcb', layers: { top: 'UNITS=INCH\n' }, stephdr: 'UNITS=INCH\nX_DATUM=0\nY_DATUM=-1e300\n' }] })
    const e2 = await failure(datum)
    expect([e2.file, e2.line, e2.what]).toEqual([`${datum}/steps/pcb/stephdr`, 3, 'Y_DATUM -1e+300 inch is out of range (the limit is ±10000 mm)'])
    const angle = await failure(hdr('ANGLE=inf\nNX=2'))
    expect([angle.line, angle.what]).toEqual([4, 'STEP-REPEAT ANGLE must be a number (got "inf")'])
  })
})

describe('user symbols that use themselves or nest too deep', () => {
  const box = 'UNITS=MM\n$0 r100\nP 0 0 0 P 0 0\n'
  const uses = (symbol: string) => `UNITS=MM\n$0 r100\n$1 ${symbol}\nP 0 0 0 P 0 0\nP 1 0 1 P 0 0\n`

  it('names a symbol drawn with itself, in its own features file', async () => {
    const path = single('MM', 'UNITS=MM\n$0 loop\nP 0 0 0 P 0 0\n', { symbols: { loop: uses('loop') } })
    const e = await failure(path)
    expect(e).not.toBeInstanceOf(LimitError)
    expect([e.file, e.line, e.what]).toEqual([`${path}/symbols/loop/features`, 3, 'user symbol "loop" uses itself (loop → loop)'])
  })

  it('names a cycle through another symbol (a → b → a) where it closes', async () => {
    const path = single('MM', 'UNITS=MM\n$0 a\nP 0 0 0 P 0 0\n', { symbols: { a: uses('b'), b: uses('a') } })
    const e = await failure(path)
    expect([e.file, e.line, e.what]).toEqual([`${path}/symbols/b/features`, 3, 'user symbol "a" uses itself (a → b → a)'])
  })

  it('reads symbols nested exactly maxDepth deep and refuses one level more (LimitError)', async () => {
    const limits = { maxDepth: 3 }
    const ok = single('MM', 'UNITS=MM\n$0 part0\nP 0 0 0 P 0 0\n', { symbols: { part0: uses('part1'), part1: uses('part2'), part2: box } })
    const [top] = await readOdbJob(ok, { limits })
    expect(top!.features).toHaveLength(1)
    // part0: a 100 µm disc at 0 and part1 at x = 1 mm; part1: a disc and part2 one further; part2: a disc — discs at 0, 1, 2 mm
    const [x0, y0, x1, y1] = top!.features[0]!.bbox
    expect([x0, y0, x1, y1].map((v) => Math.round(v / 1000))).toEqual([-50, -50, 2050, 50])
    expect(darkArea(top!.features) / (3 * Math.PI * 50_000 ** 2)).toBeCloseTo(1, 3)
    const deep = single('MM', 'UNITS=MM\n$0 part0\nP 0 0 0 P 0 0\n', { symbols: { part0: uses('part1'), part1: uses('part2'), part2: uses('part3'), part3: box } })
    const e = await failure(deep, limits)
    expect(e).toBeInstanceOf(LimitError)
    expect([e.file, e.line, e.what]).toEqual([`${deep}/symbols/part2/features`, 3, 'user symbols nest deeper than 3 (part0 → part1 → part2 → part3; limit maxDepth); if the file is genuine, raise the limit with --max-depth N'])
  })
})

describe('symbol and attribute numbers', () => {
  it('reads a symbol numbered 17104164 at once (the table is not an array sized by the number)', async () => {
    const start = performance.now()
    const [top] = await readOdbJob(single('MM', 'UNITS=MM\n@99999999 .smd\n$17104164 r100\nP 2 3 17104164 P 0 0;99999999\n'))
    expect(performance.now() - start).toBeLessThan(2_000) // it took 3 s before; the read itself is milliseconds
    expect(top!.features.map((f) => [f.shape, f.aperFunction])).toEqual([[{ type: 'circle', cx: 2_000_000, cy: 3_000_000, diameter: 100_000 }, 'SMDPad']])
  })

  it('refuses a record that uses a symbol number the table does not list, at the record line', async () => {
    const e = await failure(single('MM', 'UNITS=MM\n$17104164 r100\nP 0 0 17104164 P 0 0\nL 0 0 1 1 5 P 0\n'))
    expect([e.line, e.what]).toEqual([4, 'symbol $5 is not in the symbol table of this file'])
  })
})

describe('step-and-repeat is checked against the limits before it is expanded', () => {
  /** pcb holds `top`; panel repeats pcb with the given STEP-REPEAT fields (stephdr line 4 opens the block). */
  const panel = (fields: string, top = 'UNITS=INCH\n$0 r10\nP 0 0 0 P 0 0\nP 0.1 0 0 P 0 0\n') => write({
    units: 'INCH', layers: [{ name: 'top', type: 'SIGNAL' }],
    steps: [{ name: 'pcb', layers: { top } },
      { name: 'panel', layers: {}, stephdr: `UNITS=INCH\nX_DATUM=0\nY_DATUM=0\nSTEP-REPEAT {\nNAME=PCB\nDX=0.001\nDY=0.001\n${fields}\n}\n` }],
  })

  it('refuses NX × NY = 10^10 copies at once, naming the stephdr line and the limit', async () => {
    const path = panel('NX=100000\nNY=100000')
    const start = performance.now()
    const e = await failure(path)
    expect(performance.now() - start).toBeLessThan(5_000)
    expect(e).toBeInstanceOf(LimitError)
    expect([e.file, e.line, e.what]).toEqual([`${path}/steps/panel/stephdr`, 4,
      'STEP-REPEAT of PCB (NX=100000, NY=100000) places more than 20000000 step copies (limit maxFeatures); if the file is genuine, raise the limit with --max-features N'])
  })

  it('reads 10 × 50 copies of a 2-feature step with maxFeatures 1000 and refuses 10 × 51', async () => {
    const [top] = await readOdbJob(panel('NX=10\nNY=50'), { limits: { maxFeatures: 1000 } })
    expect(top!.features).toHaveLength(1000)
    const e = await failure(panel('NX=10\nNY=51'), { maxFeatures: 1000 })
    expect(e).toBeInstanceOf(LimitError)
    expect([e.line, e.what]).toEqual([4, 'STEP-REPEAT of PCB (NX=10, NY=51) expands layer TOP to more than 1000 features (limit maxFeatures); if the file is genuine, raise the limit with --max-features N'])
  })

  it('charges the copies to the memory budget before building them, at the STEP-REPEAT line', async () => {
    // 10 × 50 copies of a 2-feature step = 1000 features × 400 bytes (BYTES_PER_FEATURE) = 400 000 bytes
    // (391 KB). The parse has already charged one chunk of 65 536 records (26 214 400 bytes, 25.0 MB), so
    // the copies are refused in a budget of that chunk + 300 000 bytes and read in one of chunk + 1 MB (the unpacked archive bytes are charged too).
    const chunk = 65_536 * 400
    const refused = await failure(panel('NX=10\nNY=50'), { maxMemory: chunk + 300_000 })
    expect(refused).toBeInstanceOf(LimitError)
    expect([refused.line, refused.what]).toEqual([4, 'STEP-REPEAT of PCB (NX=10, NY=50) copying 1000 features of layer TOP would take about 391 KB, past the memory budget of 25.3 MB (25.0 MB already read); if the file is genuine, raise the limit with --max-memory N'])
    const [top] = await readOdbJob(panel('NX=10\nNY=50'), { limits: { maxMemory: chunk + 1_000_000 } })
    expect(top!.features).toHaveLength(1000)
  })

  it('counts copies of a step that draws nothing on the layer', async () => {
    const e = await failure(panel('NX=1001\nNY=1', 'UNITS=INCH\n'), { maxFeatures: 1000 })
    expect([e.name, e.line, e.what]).toEqual(['LimitError', 4, 'STEP-REPEAT of PCB (NX=1001, NY=1) places more than 1000 step copies (limit maxFeatures); if the file is genuine, raise the limit with --max-features N'])
  })

  it('multiplies nested repeats: panel 30 × sub 30 × 2 features = 1800 > 1000, reported at the panel block', async () => {
    const path = write({
      units: 'INCH', layers: [{ name: 'top', type: 'SIGNAL' }],
      steps: [{ name: 'pcb', layers: { top: 'UNITS=INCH\n$0 r10\nP 0 0 0 P 0 0\nP 0.1 0 0 P 0 0\n' } },
        { name: 'sub', layers: {}, stephdr: 'UNITS=INCH\nSTEP-REPEAT {\nNAME=PCB\nDX=0.5\nNX=30\n}\n' },
        { name: 'panel', layers: {}, stephdr: 'UNITS=INCH\nX_DATUM=0\nSTEP-REPEAT {\nNAME=SUB\nDY=0.5\nNY=30\n}\n' }],
    })
    const e = await failure(path, { maxFeatures: 1000 })
    expect(e).toBeInstanceOf(LimitError)
    expect([e.file, e.line, e.what]).toEqual([`${path}/steps/panel/stephdr`, 3, 'STEP-REPEAT of SUB (NX=1, NY=30) expands layer TOP to more than 1000 features (limit maxFeatures); if the file is genuine, raise the limit with --max-features N'])
  })

  it('refuses negative, fractional and non-numeric NX / NY as InputError', async () => {
    for (const [fields, what] of [
      ['NX=-1', 'STEP-REPEAT NX must be a whole number ≥ 0 (got "-1")'],
      ['NY=2.5', 'STEP-REPEAT NY must be a whole number ≥ 0 (got "2.5")'],
      ['NX=many', 'STEP-REPEAT NX must be a number (got "many")'],
    ] as const) {
      const e = await failure(panel(fields))
      expect([e.name, e.line, e.what]).toEqual(['InputError', 4, what])
    }
  })

  it('refuses a step that repeats itself', async () => {
    const path = write({
      units: 'INCH', layers: [{ name: 'top', type: 'SIGNAL' }],
      steps: [{ name: 'pcb', layers: { top: 'UNITS=INCH\n$0 r10\nP 0 0 0 P 0 0\n' }, stephdr: 'UNITS=INCH\nSTEP-REPEAT {\nNAME=pcb\nNX=1\n}\n' }],
    })
    const e = await failure(path)
    expect([e.name, e.file, e.line, e.what]).toEqual(['InputError', `${path}/steps/pcb/stephdr`, 2, 'step PCB repeats itself (pcb → pcb)'])
  })
})

describe('surfaces', () => {
  // one full-circle arc of radius 1 inch at tolerance 50 nm: ⌈π / acos(1 − 50/25.4e6)⌉ = 1584 vertices
  const circle = 'UNITS=INCH\nS P 0\nOB 1 0 I\nOC 1 0 0 0 Y\nOE\nSE\n'

  it('charges the vertices a surface makes to the memory budget as they are made', async () => {
    // 50 full circles of 1584 vertices = 79 200, past one chunk of 65 536 vertices (× 49 bytes = 3.1 MB):
    // the parse's chunk (26 214 400 bytes) + 5 MB holds the first vertex chunk and refuses the second
    const surface = `UNITS=INCH\nS P 0\nOB 1 0 I\n${'OC 1 0 0 0 Y\n'.repeat(50)}OE\nSE\n`
    const e = await failure(single('INCH', surface), { maxMemory: 26_214_400 + 5_000_000 })
    expect(e).toBeInstanceOf(LimitError)
    expect([e.line, e.what]).toEqual([2, 'The arc and surface vertices plotted so far would take about 3.1 MB, past the memory budget of 29.8 MB (28.1 MB already read); if the file is genuine, raise the limit with --max-memory N'])
    const [top] = await readOdbJob(single('INCH', surface), { limits: { maxMemory: 26_214_400 + 8_000_000 } })
    expect(top!.features).toHaveLength(1)
  })

  it('reads a circular surface within the vertex budget (maxFeatures)', async () => {
    const [top] = await readOdbJob(single('INCH', circle), { limits: { maxFeatures: 2000 } })
    expect(top!.features).toHaveLength(1)
    const [x0, y0, x1, y1] = top!.features[0]!.bbox
    for (const v of [-x0, -y0, x1, y1]) expect(Math.abs(v - 25_400_000)).toBeLessThan(100)
  })

  it('stops a surface that expands past the vertex budget, at its S line (LimitError)', async () => {
    const e = await failure(single('INCH', circle), { maxFeatures: 1000 })
    expect(e).toBeInstanceOf(LimitError)
    expect([e.line, e.what]).toEqual([2, 'surface expands to more than 1000 vertices (limit maxFeatures); if the file is genuine, raise the limit with --max-features N'])
  })
})

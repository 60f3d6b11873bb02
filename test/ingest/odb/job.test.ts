import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError, InputError } from '../../../src/errors.ts'
import { darkArea } from '../../../src/geometry/boolean.ts'
import { readOdbJob } from '../../../src/ingest/odb/index.ts'
import { jobWriter, type JobSpec } from './odb-writer.ts'

const work = mkdtempSync(join(tmpdir(), 'odb-job-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))
const write = jobWriter(work)
/** A one-step job whose layers (all SIGNAL unless typed) hold the given features text. */
const simple = (units: 'MM' | 'INCH', layers: Record<string, string>, extra: Partial<JobSpec> = {}) =>
  write({ units, layers: Object.keys(layers).map((name) => ({ name, type: 'SIGNAL' })), steps: [{ name: 'pcb', layers }], ...extra })
const { PI } = Math

describe('pads: orientation, mirror, resize and unit overrides', () => {
  it('turns orientation 8 (clockwise degrees) and legacy 0..7 into counter-clockwise rect rotations', async () => {
    const [top] = await readOdbJob(simple('INCH', { top: 'UNITS=INCH\n$0 rect40x20\nP 1 0 0 P 0 8 30\nP 1 0 0 P 0 1\nP 1 0 0 P 0 6\n' }))
    expect(top!.features.map((f) => f.shape)).toEqual([
      { type: 'rect', cx: 25_400_000, cy: 0, width: 1_016_000, height: 508_000, rotation: 330 },
      { type: 'rect', cx: 25_400_000, cy: 0, width: 1_016_000, height: 508_000, rotation: 270 },
      { type: 'rect', cx: 25_400_000, cy: 0, width: 1_016_000, height: 508_000, rotation: 180 },
    ])
  })

  it('mirrors a user symbol in X before rotating it (orientation 9)', async () => {
    // user symbol: a 2 × 1 mm box with its corner at the symbol origin, extending to +x
    const box = 'UNITS=MM\nS P 0\nOB 0 0 I\nOS 2 0\nOS 2 1\nOS 0 1\nOE\nSE\n'
    const [top] = await readOdbJob(simple('MM', { top: 'UNITS=MM\n$0 box\nP 10 10 0 P 0 8 90\nP 10 10 0 P 0 9 90\nP 10 10 0 P 0 9 0\n' }, { symbols: { box } }))
    const boxes = top!.features.map((f) => f.bbox.map((v) => v / 1e6))
    expect(boxes).toEqual([[10, 8, 11, 10], [10, 10, 11, 12], [8, 10, 10, 11]])
    expect(top!.features.every((f) => Math.abs(darkArea([f]) - 2e12) < 1)).toBe(true)
  })

  it('scales a resized pad (-1 <sym> <factor>) and honours an M (micron) symbol in an inch job', async () => {
    const [top] = await readOdbJob(simple('INCH', { top: 'UNITS=INCH\n$0 r10\n$1 r500 M\nP 0 0 -1 0 2 P 0 0\nP 0 0 1 P 0 0\n' }))
    expect(top!.features.map((f) => (f.shape as { diameter: number }).diameter)).toEqual([508_000, 500_000])
  })
})

describe('lines, arcs and surfaces', () => {
  const R = 1e6, h = 50_000 // arc radius 1 mm, half width 50 µm
  it('draws a counter-clockwise quarter arc and its clockwise three-quarter complement with round ends', async () => {
    const [ccw, cw] = await readOdbJob(simple('MM', {
      ccw: 'UNITS=MM\n$0 r100\nA 1 0 0 1 0 0 0 P 0 N\n',
      cw: 'UNITS=MM\n$0 r100\nA 1 0 0 1 0 0 0 P 0 Y\n',
    }))
    expect(ccw!.features[0]!.kind).toBe('arc')
    expect(darkArea(ccw!.features) / (PI * R * h + PI * h * h) - 1).toBeCloseTo(0, 3)
    expect(darkArea(cw!.features) / (3 * PI * R * h + PI * h * h) - 1).toBeCloseTo(0, 3)
  })

  it('sweeps a square symbol along a line (axis-aligned square, hull of both ends)', async () => {
    // 1 mm square swept 3 mm along a 45° diagonal: 1 + 2·(3/√2)·(1/√2)·… = side² + side·(|dx| + |dy|)
    const [top] = await readOdbJob(simple('MM', { top: 'UNITS=MM\n$0 s1000\nL 0 0 3 3 0 P 0\n' }))
    expect(darkArea(top!.features) / 1e12).toBeCloseTo(1 + 1 * (3 + 3), 6)
  })

  it('fills a surface island and cuts its hole, whatever direction the file wrote them, arcs from OC', async () => {
    // a 4 mm square island (written clockwise) with a 1 mm-radius round hole from two OC half circles
    const surface = 'UNITS=MM\nS P 0\nOB 0 0 I\nOS 0 4\nOS 4 4\nOS 4 0\nOE\nOB 3 2 H\nOC 1 2 2 2 N\nOC 3 2 2 2 N\nOE\nSE\n'
    const [top] = await readOdbJob(simple('MM', { top: surface }))
    expect(top!.features[0]!.kind).toBe('region')
    expect(darkArea(top!.features) / ((16 - PI) * 1e12) - 1).toBeCloseTo(0, 3)
  })

  it('subtracts negative (N) features from what came before', async () => {
    const [top] = await readOdbJob(simple('MM', { top: 'UNITS=MM\n$0 s2000\n$1 r1000\nP 0 0 0 P 0 0\nP 0 0 1 N 0 0\n' }))
    expect(darkArea(top!.features) / ((4 - PI / 4) * 1e12) - 1).toBeCloseTo(0, 3)
  })
})

describe('steps, panels and negative layers', () => {
  const pcb = { name: 'pcb', layers: { top: 'UNITS=MM\n$0 r1000\nP 1 0 0 P 0 0\n' } }
  const panel = (angle: number) => ({ name: 'panel', layers: { top: 'UNITS=MM\n' },
    stephdr: `UNITS=MM\nX_DATUM=0\nY_DATUM=0\nSTEP-REPEAT {\n    NAME=PCB\n    X=10\n    Y=5\n    DX=20\n    DY=30\n    NX=2\n    NY=2\n    ANGLE=${angle}\n    FLIP=NO\n    MIRROR=NO\n}\n` })
  it('repeats a board step NX × NY times in the panel, the default (top) step', async () => {
    const path = write({ units: 'MM', layers: [{ name: 'top', type: 'SIGNAL' }], steps: [pcb, panel(0)] })
    const [top] = await readOdbJob(path)
    expect(top!.features.map((f) => [f.bbox[0] / 1e6 + 0.5, f.bbox[1] / 1e6 + 0.5])).toEqual([[11, 5], [31, 5], [11, 35], [31, 35]])
    expect(top!.features[0]!.source.file).toBe(`${path}/steps/pcb/layers/top/features`)
    const [board] = await readOdbJob(path, { step: 'PCB' })
    expect(board!.features).toHaveLength(1)
  })

  it('rotates a repeat clockwise by its ANGLE', async () => {
    const [top] = await readOdbJob(write({ units: 'MM', layers: [{ name: 'top', type: 'SIGNAL' }], steps: [pcb, panel(90)] }))
    // (1, 0) turned 90° clockwise is (0, −1)
    expect(top!.features[0]!.shape).toMatchObject({ type: 'circle', cx: 10_000_000, cy: 4_000_000 })
  })

  it('draws a NEGATIVE plane as the profile minus its features', async () => {
    const profile = 'UNITS=MM\nS P 0\nOB 0 0 I\nOS 10 0\nOS 10 10\nOS 0 10\nOE\nSE\n'
    const path = write({ units: 'MM', layers: [{ name: 'top', type: 'SIGNAL' }, { name: 'gnd', type: 'POWER_GROUND', polarity: 'NEGATIVE' }, { name: 'bot', type: 'SIGNAL' }],
      steps: [{ name: 'pcb', layers: { top: 'UNITS=MM\n', gnd: 'UNITS=MM\n$0 r2000\nP 5 5 0 P 0 0\n', bot: 'UNITS=MM\n' }, extra: { profile } }] })
    const gnd = (await readOdbJob(path))[1]!
    expect([gnd.role, gnd.side]).toEqual(['pads', 'inner'])
    expect(darkArea(gnd.features) / ((100 - PI) * 1e12) - 1).toBeCloseTo(0, 3)
  })
})

describe('roles, sides and the explicit mapping', () => {
  const layers = [
    { name: 'paste_t', type: 'SOLDER_PASTE' }, { name: 'mask_t', type: 'SOLDER_MASK' }, { name: 'sig1', type: 'SIGNAL' },
    { name: 'gnd', type: 'POWER_GROUND' }, { name: 'sig2', type: 'MIXED' }, { name: 'mask_b', type: 'SOLDER_MASK' },
    { name: 'paste_b', type: 'SOLDER_PASTE' }, { name: 'drill', type: 'DRILL' }, { name: 'rout', type: 'ROUT' }, { name: 'silk_b', type: 'SILK_SCREEN' },
  ]
  const path = write({ units: 'MM', layers, steps: [{ name: 'pcb', layers: {} }] })
  it('takes role from TYPE and side from the row against the copper stack', async () => {
    const got = (await readOdbJob(path)).map((l) => `${l.role}/${l.side}`)
    expect(got).toEqual(['deposit/top', 'mask/top', 'pads/top', 'pads/inner', 'pads/bottom', 'mask/bottom', 'deposit/bottom', 'vias/both', 'outline/both', 'other/bottom'])
  })
  it('lets the mapping override a layer by name, and refuses a name that is not in the matrix', async () => {
    const got = await readOdbJob(path, { mapping: { GND: { role: 'other', side: 'inner' } } })
    expect([got[3]!.role, got[3]!.roleFrom, got[2]!.roleFrom]).toEqual(['other', 'user', 'odb-matrix'])
    await expect(readOdbJob(path, { mapping: { nope: { role: 'pads', side: 'top' } } })).rejects.toBeInstanceOf(ConfigError)
  })
})

describe('components and pins', () => {
  const components = 'UNITS=MM\nCMP 0 5 5 0 N U1 PART ;;ID=1\nTOP 0 4 5 0 N 0 0 1\nTOP 1 6 5 0 N 0 0 2\n#\nCMP 0 20 20 0 N U2 PART ;;ID=2\nTOP 0 20 20 0 N 0 0 A1\n'
  const top = 'UNITS=MM\n$0 r500\nP 4 5 0 P 0 0\nP 6 5 0 P 0 0\nP 20 20 0 P 0 0\nP 50 50 0 P 0 0\n'
  const spec = (eda?: string): JobSpec => ({ units: 'MM', layers: [{ name: 'comp_+_top', type: 'COMPONENT' }, { name: 'top', type: 'SIGNAL' }],
    steps: [{ name: 'pcb', layers: { top }, extra: { 'layers/comp_+_top/components': components, ...(eda ? { 'eda/data': eda } : {}) } }] })
  it('finds each pad\'s pin by its position from the TOP records when eda/data is absent', async () => {
    const [, copper] = await readOdbJob(write(spec()))
    expect(copper!.features.map((f) => [f.component, f.pin])).toEqual([['U1', '1'], ['U1', '2'], ['U2', 'A1'], [undefined, undefined]])
  })
  it('prefers the exact eda/data link (SNT TOP + FID) and takes the net from it', async () => {
    // eda/data says feature 0 is U1's second toeprint, on net VCC, although it sits on pin 1's position
    const eda = 'UNITS=MM\nLYR top\nNET VCC ;;ID=5\nSNT TOP T 0 1\nFID C 0 0\n'
    const [, copper] = await readOdbJob(write(spec(eda)))
    expect([copper!.features[0]!.component, copper!.features[0]!.pin, copper!.features[0]!.net]).toEqual(['U1', '2', 'VCC'])
  })
  it('gives each pad its component\'s package: the eda/data PKG record the CMP record names by index', async () => {
    // CMP 0 → the first PKG (U1, U2); the pad at 50,50 belongs to no component and gets no package
    const eda = 'UNITS=MM\nLYR top\nPKG BGA1764C100P42X42_4250X4250X277 1 -21 -21 21 21;;ID=7\nPKG IRONWOOD_BGASOCKET 1 -1 -1 1 1\n'
    const [, copper] = await readOdbJob(write(spec(eda)))
    expect(copper!.features.map((f) => [f.component, f.package])).toEqual([
      ['U1', 'BGA1764C100P42X42_4250X4250X277'], ['U1', 'BGA1764C100P42X42_4250X4250X277'], ['U2', 'BGA1764C100P42X42_4250X4250X277'], [undefined, undefined]])
    const second = components.replace('CMP 0 20 20', 'CMP 1 20 20')
    const [, other] = await readOdbJob(write({ ...spec(eda), steps: [{ ...spec(eda).steps[0]!, extra: { 'layers/comp_+_top/components': second, 'eda/data': eda } }] }))
    expect(other!.features[2]!.package).toBe('IRONWOOD_BGASOCKET')
    expect('package' in (await readOdbJob(write(spec())))[1]!.features[0]!).toBe(false) // no eda/data: no package, not undefined
  })
})

describe('drill layers', () => {
  it('makes holes of drill pads, plated from the .drill attribute or else from the tool the dcode names', async () => {
    const tools = 'UNITS=INCH\nTOOLS {\n    NUM=1\n    TYPE=VIA\n    DRILL_SIZE=10\n}\n\nTOOLS {\n    NUM=2\n    TYPE=NON_PLATED\n    DRILL_SIZE=125\n}\n'
    const features = 'UNITS=INCH\n$0 r10\n$1 r125\n@0 .drill\nP 0 0 0 P 1 8 0\nP 1 0 1 P 2 8 0\nP 2 0 1 P 2 8 0;0=0\n'
    const [drill] = await readOdbJob(write({ units: 'INCH', layers: [{ name: 'drill', type: 'DRILL' }],
      steps: [{ name: 'pcb', layers: { drill: features }, extra: { 'layers/drill/tools': tools } }] }))
    expect(drill!.features.map((f) => [f.kind, f.drill, f.plated, f.aperFunction])).toEqual([
      ['hole', 254_000, true, 'ViaDrill'], ['hole', 3_175_000, false, 'MechanicalDrill'], ['hole', 3_175_000, true, 'ComponentDrill']])
  })
})

describe('errors and diagnostics', () => {
  it('names file and line of a malformed record', async () => {
    const path = simple('MM', { top: 'UNITS=MM\n$0 r100\nP 1 x 0 P 0 0\n' })
    const e = await readOdbJob(path).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(InputError)
    expect((e as InputError).file).toBe(`${path}/steps/pcb/layers/top/features`)
    expect((e as InputError).line).toBe(3)
  })
  it('refuses a symbol that is neither standard nor under symbols/', async () => {
    await expect(readOdbJob(simple('MM', { top: 'UNITS=MM\n$0 mystery\nP 1 1 0 P 0 0\n' }))).rejects.toThrow(/symbol "mystery" is neither/)
  })
  it('counts text records in a diagnostic instead of dropping them silently', async () => {
    const [top] = await readOdbJob(simple('MM', { top: 'UNITS=MM\n$0 r100\nT 1 1 standard P 0 1 1 1 \'U1\' 1\nT 2 1 standard P 0 1 1 1 \'U2\' 1\nP 1 1 0 P 0 0\n' }))
    expect(top!.features).toHaveLength(1)
    expect(top!.diagnostics.map((d) => d.message)).toContain('2 text/barcode record(s) (T/B) ignored: they carry no pad geometry')
  })
  it('asks which step when several are top-level', async () => {
    const path = write({ units: 'MM', layers: [{ name: 'top', type: 'SIGNAL' }], steps: [{ name: 'a', layers: {} }, { name: 'b', layers: {} }] })
    await expect(readOdbJob(path)).rejects.toThrow(/choose one with the step option/)
  })
})

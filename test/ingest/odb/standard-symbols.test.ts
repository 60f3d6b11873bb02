import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { darkArea } from '../../../src/geometry/boolean.ts'
import { readOdbJob } from '../../../src/ingest/odb/index.ts'
import type { Layer } from '../../../src/layers/model.ts'
import { zipArchive } from './archive-writers.ts'
import { jobEntries } from './odb-writer.ts'

const { PI, sqrt, asin } = Math
/** Area of a ring between radii R > r cut by a strip |y| ≤ a, x ≥ 0 (one thermal gap). */
const ringStrip = (R: number, r: number, a: number) => a * sqrt(R * R - a * a) + R * R * asin(a / R) - (a * sqrt(r * r - a * a) + r * r * asin(a / r))
/** Area of a disc of radius r inside the strip |y| ≤ a, x ≥ 0. */
const discStrip = (r: number, a: number) => (a * sqrt(r * r - a * a) + r * r * asin(a / r)) / 2
const ovalArea = (w: number, h: number) => (w - h) * h + (PI * h * h) / 4

// name(k) with every size multiplied by k (angles and spoke counts not), and the area by hand in size units²
const cases: [what: string, name: (k: number) => string, area: (k: number) => number, curved: boolean][] = [
  ['round', (k) => `r${40 * k}`, (k) => (PI * (40 * k) ** 2) / 4, true],
  ['square', (k) => `s${30 * k}`, (k) => (30 * k) ** 2, false],
  ['rectangle', (k) => `rect${40 * k}x${20 * k}`, (k) => 800 * k * k, false],
  ['rounded rectangle', (k) => `rect${40 * k}x${20 * k}xr${5 * k}`, (k) => (800 - (4 - PI) * 25) * k * k, true],
  ['rectangle rounded at corners 1 and 3', (k) => `rect${40 * k}x${20 * k}xr${5 * k}x13`, (k) => (800 - 2 * (1 - PI / 4) * 25) * k * k, true],
  ['chamfered rectangle', (k) => `rect${40 * k}x${20 * k}xc${4 * k}`, (k) => (800 - 2 * 16) * k * k, false],
  ['rectangle chamfered at corner 2', (k) => `rect${40 * k}x${20 * k}xc${4 * k}x2`, (k) => (800 - 8) * k * k, false],
  ['oval', (k) => `oval${40 * k}x${20 * k}`, (k) => ovalArea(40, 20) * k * k, true],
  ['diamond', (k) => `di${40 * k}x${20 * k}`, (k) => 400 * k * k, false],
  ['octagon', (k) => `oct${40 * k}x${30 * k}x${8 * k}`, (k) => (1200 - 2 * 64) * k * k, false],
  ['round donut', (k) => `donut_r${40 * k}x${20 * k}`, (k) => ((PI * (1600 - 400)) / 4) * k * k, true],
  ['square donut', (k) => `donut_s${40 * k}x${20 * k}`, (k) => 1200 * k * k, false],
  ['square/round donut', (k) => `donut_sr${40 * k}x${20 * k}`, (k) => (1600 - PI * 100) * k * k, true],
  ['rectangular donut', (k) => `donut_rc${40 * k}x${30 * k}x${5 * k}`, (k) => (1200 - 30 * 20) * k * k, false],
  ['oval donut', (k) => `donut_o${40 * k}x${20 * k}x${4 * k}`, (k) => (ovalArea(40, 20) - ovalArea(32, 12)) * k * k, true],
  ['horizontal hexagon', (k) => `hex_l${40 * k}x${20 * k}x${8 * k}`, (k) => (800 - 8 * 20) * k * k, false],
  ['vertical hexagon', (k) => `hex_s${20 * k}x${40 * k}x${8 * k}`, (k) => (800 - 8 * 20) * k * k, false],
  ['triangle', (k) => `tri${40 * k}x${20 * k}`, (k) => 400 * k * k, false],
  ['ellipse', (k) => `el${40 * k}x${20 * k}`, (k) => PI * 200 * k * k, true],
  ['half oval', (k) => `oval_h${40 * k}x${20 * k}`, (k) => (600 + (PI * 100) / 2) * k * k, true],
  ['round butterfly', (k) => `bfr${40 * k}`, (k) => ((PI * 1600) / 8) * k * k, true],
  ['square butterfly', (k) => `bfs${40 * k}`, (k) => 800 * k * k, false],
  ['round thermal, square ends', (k) => `ths${40 * k}x${30 * k}x45x4x${6 * k}`, (k) => (PI * (400 - 225) - 4 * ringStrip(20, 15, 3)) * k * k, true],
  ['square thermal', (k) => `s_ths${40 * k}x${30 * k}x0x4x${6 * k}`, (k) => (1600 - 900 - 4 * 6 * 5) * k * k, false],
  ['square/round thermal', (k) => `sr_ths${40 * k}x${30 * k}x0x4x${6 * k}`, (k) => (1600 - PI * 225 - 4 * (6 * 20 - 2 * discStrip(15, 3))) * k * k, true],
  ['rectangular thermal', (k) => `rc_ths${40 * k}x${30 * k}x0x4x${6 * k}x${5 * k}`, (k) => (1200 - 30 * 20 - 4 * 6 * 5) * k * k, false],
  ['drill hole symbol', (k) => `hole${40 * k}xpx0x0`, (k) => (PI * (40 * k) ** 2) / 4, true],
]

const work = mkdtempSync(join(tmpdir(), 'odb-symbols-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** One SIGNAL layer per case, each with one pad of that symbol at (1, 2) in job units. */
function symbolJob(units: 'INCH' | 'MM', k: number, extra: Record<string, string> = {}) {
  const layers: Record<string, string> = {}
  cases.forEach(([, name], i) => { layers[`l${i}`] = `UNITS=${units}\n$0 ${name(k)}\nP 1 2 0 P 0 0\n` })
  Object.assign(layers, extra)
  return jobEntries({ units, layers: Object.keys(layers).map((n) => ({ name: n, type: 'SIGNAL' })), steps: [{ name: 'pcb', layers }] })
}

function check(layers: Layer[], nmPerUnit: number, k: number) {
  cases.forEach(([what, , area, curved], i) => {
    const expected = area(k) * nmPerUnit ** 2
    const measured = darkArea(layers[i]!.features)
    // chords of curves sit inside the arc: allow 0.3 % there, rounding to the nm elsewhere
    expect(Math.abs(measured / expected - 1), `${what} (${cases[i]![1](k)})`).toBeLessThan(curved ? 3e-3 : 1e-6)
  })
}

describe('standard symbols: area against the hand-computed value', () => {
  it('in an inch job (sizes in mils), read from a folder', async () => {
    for (const e of symbolJob('INCH', 1)) {
      const path = join(work, 'inch', e.name)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, e.data!)
    }
    const layers = await readOdbJob(join(work, 'inch', 'job'))
    check(layers, 25_400, 1)
    // butterflies fill the second and fourth quadrants only
    for (const what of ['round butterfly', 'square butterfly']) {
      const shape = layers[cases.findIndex((c) => c[0] === what)]!.features[0]!.shape
      expect(shape.type === 'polygon' && shape.paths.flat().every((p) => (p.x - 25_400_000) * (p.y - 50_800_000) <= 0), what).toBe(true)
    }
    expect(layers[0]!.features[0]!.shape).toEqual({ type: 'circle', cx: 25_400_000, cy: 50_800_000, diameter: 1_016_000 })
  })

  it('in an mm job (sizes in microns), read from a zip', async () => {
    const zip = join(work, 'mm.zip')
    writeFileSync(zip, zipArchive(symbolJob('MM', 25).map((e) => ({ name: e.name, data: e.data }))))
    const layers = await readOdbJob(zip)
    check(layers, 1_000, 25)
    expect(layers[2]!.features[0]!.shape).toEqual({ type: 'rect', cx: 1_000_000, cy: 2_000_000, width: 1_000_000, height: 500_000, rotation: 0 })
  })

  it('rounds the ends of a thr thermal: each of 8 ends loses about (2 − π/2)·(w/2)² against ths', async () => {
    const zip = join(work, 'thr.zip')
    const layer = (name: string) => `UNITS=INCH\n$0 ${name}\nP 0 0 0 P 0 0\n`
    writeFileSync(zip, zipArchive(jobEntries({ units: 'INCH', layers: [{ name: 'a', type: 'SIGNAL' }, { name: 'b', type: 'SIGNAL' }],
      steps: [{ name: 'pcb', layers: { a: layer('ths400x360x45x4x8'), b: layer('thr400x360x45x4x8') } }] })))
    const [ths, thr] = await readOdbJob(zip)
    // a thin ring (20 mil wide at 190 mil radius) so the ends are nearly square before rounding
    const halfWidth = 10 * 25_400
    const expectedLoss = 8 * (2 - PI / 2) * halfWidth ** 2
    const loss = darkArea(ths!.features) - darkArea(thr!.features)
    expect(Math.abs(loss / expectedLoss - 1)).toBeLessThan(0.05)
  })
})

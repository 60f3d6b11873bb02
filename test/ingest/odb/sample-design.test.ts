import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { darkArea } from '../../../src/geometry/boolean.ts'
import { isOdbJob, readOdbJob } from '../../../src/ingest/odb/index.ts'
import type { Layer } from '../../../src/layers/model.ts'
import { realBoardsAvailable, sharedReal } from '../../real-boards.ts'

// The public ODB++ 8.1 sample (Mentor/Valor PADS example, inch). Expected values come from the raw
// feature records, read here with system tar and a few regular expressions, never via the reader.
const available = realBoardsAvailable('the ODB++ sample_design.tgz tests')
const archive = sharedReal('odbpp-sample-design/sample_design.tgz')
const raw = mkdtempSync(join(tmpdir(), 'odb-sample-'))
const layerDir = join(raw, 'sample_design/steps/step/layers')
let layers: Layer[]
const byName = (name: string) => layers.find((l) => l.file.endsWith(`/layers/${name}/features`))!

beforeAll(async () => {
  if (!available) return
  execFileSync('tar', ['xzf', archive, '-C', raw])
  layers = await readOdbJob(archive)
})
afterAll(() => rmSync(raw, { recursive: true, force: true }))

interface RawFile { symbols: string[]; records: string[][] }
function rawFeatures(layer: string): RawFile {
  const symbols: string[] = []
  const records: string[][] = []
  for (const line of readFileSync(join(layerDir, layer, 'features'), 'latin1').split('\n')) {
    const t = line.split(';')[0]!.trim().split(/\s+/)
    if (/^\$\d+$/.test(t[0]!)) symbols[Number(t[0]!.slice(1))] = t[1]!
    else if (['P', 'L', 'A', 'S', 'T', 'B'].includes(t[0]!)) records.push(t)
  }
  return { symbols, records }
}

/** mil² of a pad or round line, from the symbol name alone. */
function rawArea(f: RawFile, r: string[]): number {
  if (r[0] === 'P') {
    const name = f.symbols[Number(r[3])]!
    let m = /^rect([\d.]+)x([\d.]+)$/.exec(name)
    if (m) return Number(m[1]) * Number(m[2])
    m = /^r([\d.]+)$/.exec(name)
    if (m) return (Math.PI * Number(m[1]) ** 2) / 4
    throw new Error(`unexpected paste symbol ${name}`)
  }
  const w = Number(/^r([\d.]+)$/.exec(f.symbols[Number(r[5])]!)![1])
  const length = Math.hypot(Number(r[3]) - Number(r[1]), Number(r[4]) - Number(r[2])) * 1000
  return length * w + (Math.PI * w * w) / 4
}

/** Pad boxes in mil (orientations here are multiples of 90°); true when any two overlap. */
function anyOverlap(f: RawFile): boolean {
  const boxes = f.records.filter((r) => r[0] === 'P').map((r) => {
    const name = f.symbols[Number(r[3])]!
    const m = /^rect([\d.]+)x([\d.]+)$/.exec(name) ?? /^r([\d.]+)$/.exec(name)!
    let [w, h] = [Number(m[1]), Number(m[2] ?? m[1])]
    if (Number(r[7] ?? 0) % 180 === 90) [w, h] = [h, w]
    const x = Number(r[1]) * 1000, y = Number(r[2]) * 1000
    return [x - w / 2, y - h / 2, x + w / 2, y + h / 2] as const
  }).sort((a, b) => a[0] - b[0])
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length && boxes[j]![0] < boxes[i]![2]; j++) {
      if (boxes[j]![1] < boxes[i]![3] && boxes[i]![1] < boxes[j]![3]) return true
    }
  }
  return false
}

const MIL2_TO_NM2 = 25_400 ** 2

describe.skipIf(!available)('ODB++ sample_design.tgz (8.1, inch, 8 copper layers)', () => {
  it('is recognised as a job and reads every matrix layer with role and side from the matrix', async () => {
    expect(await isOdbJob(archive)).toBe(true)
    expect(layers).toHaveLength(26)
    const roles = Object.fromEntries(layers.map((l) => [l.file.split('/').at(-2), `${l.role}/${l.side}`]))
    expect(roles).toMatchObject({
      'layer-1': 'pads/top', 'layer-2': 'pads/inner', 'layer-7': 'pads/inner', 'layer-8': 'pads/bottom',
      'soldermask-top': 'mask/top', 'soldermask-bottom': 'mask/bottom',
      'pastemask-top': 'deposit/top', 'pastemask-bottom': 'deposit/bottom',
      drill: 'vias/both', rout: 'outline/both', 'silkscreen-top': 'other/top', dielectric3: 'other/inner',
    })
    expect(layers.every((l) => l.format === 'odb' && l.roleFrom === 'odb-matrix' && l.units === 'inch')).toBe(true)
  })

  it('keeps every raw feature record (87 008 with the user symbols), zero-width copper lines reported, not lost', () => {
    let total = 0
    for (const layer of layers) {
      const name = layer.file.split('/').at(-2)!
      const f = rawFeatures(name)
      total += f.records.length
      const noArea = f.records.filter((r) => (r[0] === 'L' && f.symbols[Number(r[5])] === 'r0') || (r[0] === 'P' && f.symbols[Number(r[3])] === 'r0')).length
      const kept = ['pads', 'mask', 'deposit', 'vias'].includes(layer.role) ? f.records.length - noArea : f.records.length
      expect(layer.features.length, name).toBe(kept)
      if (kept < f.records.length) expect(layer.diagnostics.some((d) => d.message.startsWith(`${noArea} zero-width`)), name).toBe(true)
    }
    // the fixture README's 87 008 counts user-symbol files too
    const symbolsDir = join(raw, 'sample_design/symbols')
    const inSymbols = readdirSync(symbolsDir).reduce((n, s) =>
      n + readFileSync(join(symbolsDir, s, 'features'), 'latin1').split('\n').filter((l) => /^[PLASTB] /.test(l)).length, 0)
    expect(inSymbols).toBeGreaterThan(0)
    expect(total + inSymbols).toBe(87008)
  })

  it.each(['pastemask-top', 'pastemask-bottom'])('gives %s the dark area of its non-overlapping pads summed from their symbol sizes', (name) => {
    const f = rawFeatures(name)
    expect(anyOverlap(f)).toBe(false)
    const expected = f.records.reduce((sum, r) => sum + rawArea(f, r), 0) * MIL2_TO_NM2
    const measured = darkArea(byName(name).features)
    expect(Math.abs(measured / expected - 1)).toBeLessThan(1e-4)
  })

  it('names the component and pin of every top paste pad, at that pin\'s position in comp_+_top', () => {
    const pins = new Map<string, [number, number]>()
    let component = ''
    for (const line of readFileSync(join(layerDir, 'comp_+_top/components'), 'latin1').split('\n')) {
      const t = line.split(';')[0]!.trim().split(/\s+/)
      if (t[0] === 'CMP') component = t[6]!
      if (t[0] === 'TOP') pins.set(`${component}/${t[8]}`, [Number(t[2]) * 25.4e6, Number(t[3]) * 25.4e6])
    }
    const pads = byName('pastemask-top').features.filter((f) => f.kind === 'flash')
    expect(pads).toHaveLength(1720)
    for (const pad of pads) {
      const at = pins.get(`${pad.component}/${pad.pin}`)
      expect(at, `pad at line ${pad.source.line}`).toBeDefined()
      const [minX, minY, maxX, maxY] = pad.bbox
      expect(at![0] >= minX - 1000 && at![0] <= maxX + 1000 && at![1] >= minY - 1000 && at![1] <= maxY + 1000).toBe(true)
    }
  })

  it('reads drill holes with their diameters and plating from .drill', () => {
    const drill = byName('drill')
    const holes = drill.features.filter((f) => f.kind === 'hole')
    expect(holes).toHaveLength(1965)
    expect(holes.every((h) => h.drill! > 0 && h.shape.type === 'circle')).toBe(true)
    expect(holes.filter((h) => h.plated === false).length).toBeGreaterThan(0)
  })
})

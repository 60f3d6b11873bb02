// Where a tiled run may cut the board: only down free channels that no rule measures across and no
// array or component straddles. Boards built by hand, so every cut position is computed here.

import { describe, expect, it } from 'vitest'
import { loadDeck } from '../../src/engine/deck.ts'
import { deckReach, gridTolerance, planTiles } from '../../src/engine/tiles.ts'
import { tileOwns, tileReads } from '../../src/engine/tile.ts'
import type { Feature, Layer } from '../../src/layers/model.ts'
import { packLayer } from '../../src/layers/pack.ts'
import { rules } from '../../src/rules/index.ts'
import { PAD_GRID_TOLERANCE } from '../../src/layers/bump-pads.ts'

const UM = 1000
const DIAMETER = 75 * UM
const deck = loadDeck('flip-chip-substrate', rules)
const halo = deckReach(deck, rules)
const plan = (pads: { x: number; y: number; component?: string }[], count = 2) =>
  planTiles([packLayer(padLayer(pads))], count, halo, gridTolerance(deck, rules)).tiles

function padLayer(pads: { x: number; y: number; component?: string }[]): Layer {
  const features: Feature[] = pads.map((p, id) => ({
    id, kind: 'flash', polarity: 'dark', shape: { type: 'circle', cx: p.x, cy: p.y, diameter: DIAMETER },
    bbox: [p.x - DIAMETER / 2, p.y - DIAMETER / 2, p.x + DIAMETER / 2, p.y + DIAMETER / 2],
    source: { file: 'pads.gbr', line: id + 1 }, ...(p.component !== undefined && { component: p.component }),
  }))
  return { file: 'pads.gbr', format: 'gerber', role: 'pads', side: 'top', units: 'mm', roleFrom: 'user', features, diagnostics: [] }
}

/** A rows × columns grid at 150 µm pitch with its first pad at (x0, 0). */
const grid = (x0: number, columns: number, rows: number, component?: string) =>
  Array.from({ length: rows * columns }, (_, k) => ({ x: x0 + (k % columns) * 150 * UM, y: Math.floor(k / columns) * 150 * UM, ...(component && { component }) }))

describe('planTiles', () => {
  it('the deck fixes the halo and the grid tolerance', () => {
    // flip-chip-substrate: via-pitch minPitch 150 µm is its largest distance; maxPitchDeviation 5 %
    expect(halo).toBe(150 * UM)
    expect(gridTolerance(deck, rules)).toBe(0.05)
  })

  it("takes the grid tolerance from the option a rule's meta.tiling names, never from a rule id", () => {
    const loose = loadDeck({ extends: 'flip-chip-substrate', rules: { 'via-pitch': ['error', { maxPitchDeviation: 0.3 }] } }, rules)
    expect(gridTolerance(loose, rules)).toBe(0.3)
    // the same deck with a registry whose via-pitch declares no tiling: only the pad grids' tolerance
    const via = rules.get('via-pitch')!
    const bare = new Map(rules)
    bare.set('via-pitch', { ...via, meta: { ...via.meta, tiling: undefined } })
    expect(gridTolerance(loose, bare)).toBe(PAD_GRID_TOLERANCE)
  })

  it('cuts down the middle of the channel between two dies', () => {
    // U1's last column at 450 µm, U2's first at 2000 µm: pad edges at 487.5 and 1962.5 µm
    const tiles = plan([...grid(0, 4, 4, 'U1'), ...grid(2000 * UM, 4, 4, 'U2')])
    expect(tiles).toEqual([{ minX: -Infinity, minY: -Infinity, maxX: 1_225_000, maxY: Infinity, halo }, { minX: 1_225_000, minY: -Infinity, maxX: Infinity, maxY: Infinity, halo }])
  })

  it('does not cut a channel narrower than the halo', () => {
    // pad edges 100 µm apart: a 150 µm rule could measure across
    expect(plan([...grid(0, 4, 4, 'U1'), ...grid(450 * UM + DIAMETER + 100 * UM, 4, 4, 'U2')])).toHaveLength(1)
  })

  it('does not cut through a component, however wide the gap inside it', () => {
    expect(plan([...grid(0, 4, 4, 'U1'), ...grid(3000 * UM, 4, 4, 'U1')])).toHaveLength(1)
  })

  it('does not cut between two lone columns: they may be one two-column array', () => {
    // pads without a component are grouped by grid search, which links columns 1 mm apart
    expect(plan([...grid(0, 1, 6), ...grid(1000 * UM, 1, 6)])).toHaveLength(1)
  })

  it('does not cut where the columns beside the channel are as far apart as the channel is wide', () => {
    // columns every 600 µm, then a 620 µm step (edge gap 545 µm > halo): within 5 % of the pitch, one array
    const columns = [0, 600, 1200, 1820, 2420, 3020].flatMap((x) => grid(x * UM, 1, 4))
    expect(plan(columns)).toHaveLength(1)
    // the same with a 900 µm step: 1.5 pitches cannot be a link
    const apart = [0, 600, 1200, 2100, 2700, 3300].flatMap((x) => grid(x * UM, 1, 4))
    expect(plan(apart).map((t) => t.maxX)).toEqual([1_650_000, Infinity])
  })

  it('cuts along y as well, into four quadrants around a 2 × 2 set of dies', () => {
    const dies = [[0, 0, 'U1'], [2000, 0, 'U2'], [0, 2000, 'U3'], [2000, 2000, 'U4']] as const
    const pads = dies.flatMap(([x, y, name]) => grid(x * UM, 4, 4, name).map((p) => ({ ...p, y: p.y + y * UM })))
    const tiles = plan(pads, 4)
    expect(tiles).toHaveLength(4)
    // one die per tile
    expect(tiles.map((t) => pads.filter((p) => tileOwns(t, p)).length)).toEqual([16, 16, 16, 16])
    expect(new Set(tiles.flatMap((t) => [t.maxX, t.maxY]).filter(Number.isFinite))).toEqual(new Set([1_225_000]))
  })

  it('cuts each half at its own channel: four dies, the left pair closer together than the right', () => {
    // pad edges 37.5 µm beyond the centres: U1 and U3 end at x 487.5 µm, U2 and U4 start at 1962.5 µm;
    // U1 and U2 end at y 487.5 µm, U3 starts at 2462.5 µm and U4 at 2962.5 µm. 64 pads and 4
    // components: the x and the y channel each leave 34 on either side, a tie, and x is tried first
    const dies = [[0, 0, 'U1'], [2000, 0, 'U2'], [0, 2500, 'U3'], [2000, 3000, 'U4']] as const
    const pads = dies.flatMap(([x, y, name]) => grid(x * UM, 4, 4, name).map((p) => ({ ...p, y: p.y + y * UM })))
    const x = (487_500 + 1_962_500) / 2, left = (487_500 + 2_462_500) / 2, right = (487_500 + 2_962_500) / 2
    expect([x, left, right]).toEqual([1_225_000, 1_475_000, 1_725_000])
    const rect = (minX: number, minY: number, maxX: number, maxY: number) => ({ minX, minY, maxX, maxY, halo })
    expect(plan(pads, 4)).toEqual([
      rect(-Infinity, -Infinity, x, left), rect(-Infinity, left, x, Infinity),
      rect(x, -Infinity, Infinity, right), rect(x, right, Infinity, Infinity),
    ])
    // three tiles: the same tie, x first; the side below the cut gets one tile (3 halved, rounded down)
    // and the right half is cut in two
    expect(plan(pads, 3)).toEqual([rect(-Infinity, -Infinity, x, Infinity), rect(x, -Infinity, Infinity, right), rect(x, right, Infinity, Infinity)])
  })

  it('keeps one tile when asked for one', () => {
    expect(plan([...grid(0, 4, 4, 'U1'), ...grid(2000 * UM, 4, 4, 'U2')], 1)).toHaveLength(1)
  })
})

describe('tile ownership', () => {
  // four quadrants around (1000, 500)
  const quadrants = [
    { minX: -Infinity, minY: -Infinity, maxX: 1_000, maxY: 500, halo: 100 }, { minX: 1_000, minY: -Infinity, maxX: Infinity, maxY: 500, halo: 100 },
    { minX: -Infinity, minY: 500, maxX: 1_000, maxY: Infinity, halo: 100 }, { minX: 1_000, minY: 500, maxX: Infinity, maxY: Infinity, halo: 100 },
  ]
  it('gives every site to exactly one tile, a cut line to the tile above or right of it', () => {
    for (const x of [-1e9, 0, 999, 999.5, 1_000, 1_000.5, 1e9]) {
      for (const y of [-1e9, 499.5, 500, 501, 1e9]) expect(quadrants.filter((t) => tileOwns(t, { x, y }))).toHaveLength(1)
    }
    expect(tileOwns(quadrants[3]!, { x: 1_000, y: 500 })).toBe(true)
  })
  it('reads features up to the halo beyond its rectangle, on both axes', () => {
    const [lowerLeft] = quadrants
    expect(tileReads(lowerLeft!, 1_100, 0, 1_200, 10)).toBe(true)
    expect(tileReads(lowerLeft!, 1_101, 0, 1_200, 10)).toBe(false)
    expect(tileReads(lowerLeft!, 0, 600, 10, 700)).toBe(true)
    expect(tileReads(lowerLeft!, 0, 601, 10, 700)).toBe(false)
  })
})

describe('the rule registry a tiled run uses', () => {
  it("is the module check()'s registry option names, imported by every worker as by this thread", async () => {
    const { check } = await import('../../src/check.ts')
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { pathToFileURL } = await import('node:url')
    const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-registry-'))
    const builtin = pathToFileURL(join(process.cwd(), 'src/rules/index.ts')).href
    // .mts: an ES module for tsx in a worker too, with no package.json about it. The built-in rules with via-pitch replaced by one that fails: only code from this module can say so
    writeFileSync(join(dir, 'registry.mts'), `import { rules as builtin } from '${builtin}'
export const rules = new Map([...builtin].map(([id, r]) => [id, id === 'via-pitch' ? { ...r, check() { throw new Error('via-pitch from the named registry') } } : r]))
`)
    const registry = pathToFileURL(join(dir, 'registry.mts')).href
    const inputs = ['fixtures/kicad-bga-dev/gerber']
    try {
      await expect(check(inputs, { deck: 'pcb-bga', registry })).rejects.toThrow('via-pitch from the named registry')
      let tiles = 0
      await expect(check(inputs, { deck: 'pcb-bga', registry, workers: 2, tiles: 2, onTiles: (n) => { tiles = n } })).rejects.toThrow('via-pitch from the named registry')
      expect(tiles).toBeGreaterThan(1) // the rules really ran in workers
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})

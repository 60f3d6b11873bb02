import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { findGridArrays as findGridColumns, groupByComponent, searchGridArrays, typicalPitch, type GridArray, type GridColumns, type GridOptions } from '../../src/physics/arrays.ts'
import { separateLattices } from '../../src/physics/lattices.ts'
import { CellGrid, TreeIndex, pointIndex } from '../../src/physics/point-index.ts'

// the search builds its point index through pointIndex(): a spy on it tells whether the search ran
vi.mock('../../src/physics/point-index.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/physics/point-index.ts')>()
  return { ...original, pointIndex: vi.fn(original.pointIndex) }
})

const MM = 1_000_000 // nm

/** A pad as these tests write it: its centre and its id. */
interface GridPoint { x: number; y: number; id: number }

/** The search over points written as objects (the callers pass typed columns). */
function findGridArrays(points: readonly GridPoint[], options: GridOptions) {
  return findGridColumns({ xs: Float64Array.from(points, (p) => p.x), ys: Float64Array.from(points, (p) => p.y), ids: Float64Array.from(points, (p) => p.id) }, options)
}

/** rows × columns lattice; ids = firstId + row·columns + column; `skip` sites are left out. */
function lattice(opts: { x0: number; y0: number; pitchX: number; pitchY: number; rows: number; columns: number; firstId: number; skip?: [number, number][] }): GridPoint[] {
  const points: GridPoint[] = []
  for (let row = 0; row < opts.rows; row++) {
    for (let column = 0; column < opts.columns; column++) {
      if (opts.skip?.some(([r, c]) => r === row && c === column)) continue
      points.push({ x: opts.x0 + column * opts.pitchX, y: opts.y0 + row * opts.pitchY, id: opts.firstId + row * opts.columns + column })
    }
  }
  return points
}

const options = { minArraySize: 4, pitchTolerance: 0.05 }

describe('groupByComponent', () => {
  it('groups by .C in name order and lists pads without one', () => {
    const items = [{ component: 'U2' }, {}, { component: 'U1' }, { component: 'U2' }, { component: '' }]
    expect(groupByComponent(items)).toEqual({
      groups: [{ component: 'U1', indices: [2] }, { component: 'U2', indices: [0, 3] }],
      withoutComponent: [1, 4],
    })
  })

  it('orders components by code unit, not by locale or number (U10 before U2, upper before lower case)', () => {
    const items = ['U2', 'u1', 'U10', 'R1', 'U2'].map((component) => ({ component }))
    expect(groupByComponent(items).groups).toEqual([
      { component: 'R1', indices: [3] }, { component: 'U10', indices: [2] }, { component: 'U2', indices: [0, 4] }, { component: 'u1', indices: [1] },
    ])
  })
})

describe('findGridArrays', () => {
  // 10 × 10, pitch 0.8 mm in x and 1.0 mm in y, site (0,0) at (5 mm, 3 mm); sites (0,5), (4,4), (9,9) empty.
  // Missing positions by hand: (0,5): x = 5 + 5·0.8 = 9 mm, y = 3 mm; (4,4): x = 5 + 3.2 = 8.2, y = 3 + 4 = 7;
  // (9,9): x = 5 + 7.2 = 12.2, y = 3 + 9 = 12.
  const bga = lattice({ x0: 5 * MM, y0: 3 * MM, pitchX: 800_000, pitchY: 1_000_000, rows: 10, columns: 10, firstId: 1000,
    skip: [[0, 5], [4, 4], [9, 9]] })
  const expectedMissing = [
    { row: 0, column: 5, x: 9_000_000, y: 3_000_000 },
    { row: 4, column: 4, x: 8_200_000, y: 7_000_000 },
    { row: 9, column: 9, x: 12_200_000, y: 12_000_000 },
  ]

  it('finds a 10 × 10 grid with different x and y pitch and its 3 missing sites', () => {
    const [array, ...rest] = findGridArrays(bga, options)
    expect(rest).toEqual([])
    expect(array!.rows).toBe(10)
    expect(array!.columns).toBe(10)
    expect(array!.pitchX).toBeCloseTo(0.8 * MM, 6)
    expect(array!.pitchY).toBeCloseTo(1 * MM, 6)
    expect(array!.origin).toEqual({ x: 5 * MM, y: 3 * MM })
    expect(array!.ids).toHaveLength(97)
    expect(array!.missing).toEqual(expectedMissing)
    expect(array!.offGrid).toEqual([])
    // id 1000 + 2·10 + 3 sits at row 2, column 3
    expect(array!.sites).toContainEqual({ id: 1023, row: 2, column: 3 })
  })

  it('gives the same answer whatever the input order', () => {
    const shuffled = bga.map((p, k) => ({ p, key: (k * 7919) % bga.length })).sort((a, b) => a.key - b.key).map((e) => e.p)
    expect(findGridArrays(shuffled, options)).toEqual(findGridArrays(bga, options))
  })

  it('keeps two arrays side by side apart', () => {
    // A: 4 × 4 at 0.5 mm from (0,0), ids 0..15; B: 3 × 5 at 0.65 × 0.5 mm from (4 mm, 0), ids 100..114.
    // Their rows share y, but A's last column (1.5 mm) and B's first (4 mm) are 2.5 mm apart = 5 × 0.5 mm: no link.
    const a = lattice({ x0: 0, y0: 0, pitchX: 500_000, pitchY: 500_000, rows: 4, columns: 4, firstId: 0 })
    const b = lattice({ x0: 4 * MM, y0: 0, pitchX: 650_000, pitchY: 500_000, rows: 3, columns: 5, firstId: 100 })
    const arrays = findGridArrays([...b, ...a], options)
    expect(arrays.map((g) => [g.ids[0], g.ids.length, g.rows, g.columns, g.missing.length])).toEqual([[0, 16, 4, 4, 0], [100, 15, 3, 5, 0]])
    expect(arrays[1]!.pitchX).toBeCloseTo(0.65 * MM, 6)
    expect(arrays[1]!.origin).toEqual({ x: 4 * MM, y: 0 })
  })

  it('joins two halves across a depopulated column only when maxMissingRun allows it', () => {
    // 6 × 7 at 1 mm with column 3 empty: the halves are 2 pitches apart
    const halves = lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 6, columns: 7, firstId: 0,
      skip: [0, 1, 2, 3, 4, 5].map((row) => [row, 3] as [number, number]) })
    expect(findGridArrays(halves, options).map((g) => g.columns)).toEqual([3, 3])
    const [joined, ...rest] = findGridArrays(halves, { ...options, maxMissingRun: 1 })
    expect(rest).toEqual([])
    expect(joined!.columns).toBe(7)
    expect(joined!.missing.map((m) => [m.row, m.column])).toEqual([[0, 3], [1, 3], [2, 3], [3, 3], [4, 3], [5, 3]])
  })

  it('leaves random noise pads out of the arrays', () => {
    // seeded LCG: 40 pads scattered over 20–40 mm × 0–20 mm, right of the BGA (which ends at x = 12.2 mm),
    // plus two strays inside the BGA at half-pitch offsets (between rows and columns)
    let seed = 99
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const noise: GridPoint[] = Array.from({ length: 40 }, (_, k) => ({ x: Math.round(20 * MM + random() * 20 * MM), y: Math.round(random() * 20 * MM), id: 5000 + k }))
    // (2.5, 3.5) sites: x = 5 + 2.5·0.8 = 7 mm, y = 3 + 3.5 = 6.5 mm; (6.5, 7.5): x = 10.2 mm, y = 10.5 mm
    noise.push({ x: 7_000_000, y: 6_500_000, id: 6000 }, { x: 10_200_000, y: 10_500_000, id: 6001 })
    const arrays = findGridArrays([...noise, ...bga], options)
    expect(arrays).toHaveLength(1)
    expect(arrays[0]!.ids).toEqual(bga.map((p) => p.id).sort((p, q) => p - q))
    expect(arrays[0]!.missing).toEqual(expectedMissing)
  })

  it('reports a stray pad on a grid line at half a pitch as off grid, without moving the grid', () => {
    // stray 0.4 mm left of site (0,0): in line with row 0 and linked to its end pad, but half a pitch off
    const stray = { x: 4_600_000, y: 3_000_000, id: 7000 }
    const [array] = findGridArrays([stray, ...bga], options)
    expect(array!.offGrid).toEqual([7000])
    expect(array!.ids).toContain(7000)
    expect(array!.columns).toBe(10)
    expect(array!.origin).toEqual({ x: 5 * MM, y: 3 * MM })
    expect(array!.missing).toEqual(expectedMissing)
  })

  it('finds no array in no pads, one pad, or pads all on one spot', () => {
    expect(findGridArrays([], options)).toEqual([])
    expect(findGridArrays([{ x: 0, y: 0, id: 1 }], { ...options, minArraySize: 1 })).toEqual([])
    expect(findGridArrays([{ x: MM, y: MM, id: 1 }, { x: MM, y: MM, id: 2 }, { x: MM, y: MM, id: 3 }], { ...options, minArraySize: 2 })).toEqual([])
  })

  it('finds two pads 1 mm apart as a 1 × 2 array when two are enough', () => {
    // site (0,0) at the left pad (id 9), (0,1) at the right one (id 4); a single row has no y pitch.
    // ids come sorted by id, sites by row and column
    const pair = [{ x: 3 * MM, y: 2 * MM, id: 4 }, { x: 2 * MM, y: 2 * MM, id: 9 }]
    expect(findGridArrays(pair, { ...options, minArraySize: 2 })).toEqual([{
      ids: [4, 9], pitchX: MM, pitchY: 0, rows: 1, columns: 2, origin: { x: 2 * MM, y: 2 * MM }, missing: [],
      sites: [{ id: 9, row: 0, column: 0 }, { id: 4, row: 0, column: 1 }], offGrid: [],
    }])
    expect(findGridArrays(pair, { ...options, minArraySize: 3 })).toEqual([])
  })

  it('finds a single row and a single column, each with a zero pitch across it', () => {
    // 1 × 5 at 0.5 mm from (1 mm, 4 mm), the middle pad (id 2, x = 2 mm) missing; 4 × 1 at 0.8 mm from (10 mm, 0)
    const row = lattice({ x0: MM, y0: 4 * MM, pitchX: 500_000, pitchY: MM, rows: 1, columns: 5, firstId: 0, skip: [[0, 2]] })
    const column = lattice({ x0: 10 * MM, y0: 0, pitchX: MM, pitchY: 800_000, rows: 4, columns: 1, firstId: 10 })
    const [r, c, ...rest] = findGridArrays([...column, ...row], { ...options, maxMissingRun: 1 })
    expect(rest).toEqual([])
    expect([r!.rows, r!.columns, r!.pitchY, r!.origin, r!.missing]).toEqual([1, 5, 0, { x: MM, y: 4 * MM }, [{ row: 0, column: 2, x: 2 * MM, y: 4 * MM }]])
    expect(r!.pitchX).toBeCloseTo(500_000, 6)
    expect([c!.ids, c!.rows, c!.columns, c!.pitchX, c!.origin, c!.missing]).toEqual([[10, 11, 12, 13], 4, 1, 0, { x: 10 * MM, y: 0 }, []])
    expect(c!.pitchY).toBeCloseTo(800_000, 6)
  })

  it('never reports a lone pad as an array, even when minArraySize is 1', () => {
    // a 2 × 2 at 1 mm and a pad at (5 mm, 3.3 mm), in line with none of them
    const square = lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 2, columns: 2, firstId: 0 })
    const arrays = findGridArrays([...square, { x: 5 * MM, y: 3_300_000, id: 9 }], { ...options, minArraySize: 1 })
    expect(arrays.map((g) => g.ids)).toEqual([[0, 1, 2, 3]])
  })

  it('puts a pad 4 % of the pitch off its site on it, and one 6 % off in offGrid, its site missing', () => {
    // 5 × 5 at 1 mm, tolerance 5 %: pad 12 (row 2, column 2, at (2 mm, 2 mm)) moved right.
    // 40 µm: 0.04 ≤ 0.05 mm from its site: on grid, nothing missing.
    // 60 µm: it still links to pad 13, 0.94 mm away (the local pitch of both, each being the other's nearest
    // in line), so it is in the array, but 0.06 > 0.05 mm from the fitted site (2 mm, 2 mm): off grid.
    const grid = (dx: number) => lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 5, columns: 5, firstId: 0 }).map((p) => (p.id === 12 ? { ...p, x: p.x + dx } : p))
    const [near] = findGridArrays(grid(40_000), options)
    expect([near!.ids.length, near!.missing, near!.offGrid, near!.sites.length]).toEqual([25, [], [], 25])
    expect(near!.sites).toContainEqual({ id: 12, row: 2, column: 2 })
    const [far, ...rest] = findGridArrays(grid(60_000), options)
    expect(rest).toEqual([])
    expect([far!.ids.length, far!.missing, far!.offGrid, far!.sites.length]).toEqual([25, [{ row: 2, column: 2, x: 2 * MM, y: 2 * MM }], [12], 24])
    expect([far!.pitchX, far!.pitchY, far!.origin]).toEqual([MM, MM, { x: 0, y: 0 }])
  })

  it('refuses a pitch tolerance outside [0, 0.5)', () => {
    const square = lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 2, columns: 2, firstId: 0 })
    expect(findGridArrays(square, { ...options, pitchTolerance: 0 }).map((g) => g.ids)).toEqual([[0, 1, 2, 3]])
    expect(() => findGridArrays(square, { ...options, pitchTolerance: 0.5 })).toThrow(new RangeError('pitch tolerance must be in [0, 0.5) (got 0.5)'))
    expect(() => findGridArrays(square, { ...options, pitchTolerance: -0.01 })).toThrow(new RangeError('pitch tolerance must be in [0, 0.5) (got -0.01)'))
    expect(() => findGridArrays(square, { ...options, pitchTolerance: Number.NaN })).toThrow(RangeError)
  })

  it('keeps pads in line at a non-pitch distance out of a row: they make their own pair', () => {
    // a 1 mm row at x = 0…3 mm, then pads at 4.2 and 5.3 mm. 3 → 4.2 is 1.2 mm against the smaller in-line
    // distance of the two, 1 mm: off by 0.2 > 0.05 mm, no link. 4.2 → 5.3 is 1.1 mm, each the other's nearest: a pair.
    const arrays = findGridArrays([0, 1, 2, 3, 4.2, 5.3].map((x, id) => ({ x: x * MM, y: 0, id })), { ...options, minArraySize: 2 })
    expect(arrays.map((g) => [g.ids, g.pitchX, g.columns, g.origin])).toEqual([[[0, 1, 2, 3], MM, 4, { x: 0, y: 0 }], [[4, 5], 1.1 * MM, 2, { x: 4.2 * MM, y: 0 }]])
  })

  it('keeps a pad off a row when it is off line by more than 5 % of the nearer of the two nearest distances', () => {
    // a 1 mm row at y = 0 (x = 0…3 mm), pad 4 at (4 mm, 40 µm) and pad 5 at (4 mm, 0.64 mm). Pad 3's nearest is 1 mm,
    // pad 4's is 0.6 mm (pad 5): 40 µm is within 5 % of 1 mm but not of 0.6 mm (30 µm), so 3 and 4 are not linked;
    // pads 4 and 5 make a column pair of pitch 0.6 mm.
    const pads = [...[0, 1, 2, 3].map((x, id) => ({ x: x * MM, y: 0, id })), { x: 4 * MM, y: 40_000, id: 4 }, { x: 4 * MM, y: 640_000, id: 5 }]
    const arrays = findGridArrays(pads, { ...options, minArraySize: 2 })
    expect(arrays.map((g) => [g.ids, g.rows, g.columns, g.pitchY, g.origin])).toEqual([[[0, 1, 2, 3], 1, 4, 0, { x: 0, y: 0 }], [[4, 5], 2, 1, 600_000, { x: 4 * MM, y: 40_000 }]])
  })

  it('bridges a missing site only when maxMissingRun allows it, even from a pad with no nearer neighbour', () => {
    // pad 0 at 0, then a 0.5 mm row at 1, 1.5, 2, 2.5 mm. 0 → 1 mm is two 0.5 mm pitches (the smaller in-line distance):
    // one missing site between, so pad 0 joins only with maxMissingRun 1, the site at 0.5 mm then missing
    const pads = [0, 1, 1.5, 2, 2.5].map((x, id) => ({ x: x * MM, y: 0, id }))
    expect(findGridArrays(pads, { ...options, minArraySize: 2 }).map((g) => [g.ids, g.columns, g.origin])).toEqual([[[1, 2, 3, 4], 4, { x: MM, y: 0 }]])
    const [joined] = findGridArrays(pads, { ...options, minArraySize: 2, maxMissingRun: 1 })
    expect([joined!.ids, joined!.columns, joined!.origin, joined!.missing]).toEqual([[0, 1, 2, 3, 4], 6, { x: 0, y: 0 }, [{ row: 0, column: 1, x: 500_000, y: 0 }]])
  })

  it('takes the pitch from direct neighbours only: a full row with maxMissingRun 2 keeps its 1 mm pitch', () => {
    // 6 pads at 1 mm also link 2 and 3 mm apart (bridging up to two sites); those links must not vote for the pitch
    const [row, ...rest] = findGridArrays([0, 1, 2, 3, 4, 5].map((x, id) => ({ x: x * MM, y: 0, id })), { ...options, minArraySize: 2, maxMissingRun: 2 })
    expect(rest).toEqual([])
    expect([row!.pitchX, row!.columns, row!.missing, row!.offGrid]).toEqual([MM, 6, [], []])
  })

  it('keeps the grid when the first pad of the cluster is a stray 0.3 mm off the row end', () => {
    // the stray at (4.7 mm, 3 mm) comes first (lowest y, then x) and links to site (0,0), 0.3 mm away (each is the
    // other's nearest in line). The grid phase is the median offset from the stray, 0.3 mm, so site (0,0) stays
    // at 5 mm and the stray, 0.3 mm = 37.5 % of the 0.8 mm pitch from it, is off grid.
    // A second stray 0.3 mm past the other end (12.5 mm) with a lower id: offGrid lists ids in ascending order.
    const strays = [{ x: 4_700_000, y: 3_000_000, id: 7001 }, { x: 12_500_000, y: 3_000_000, id: 7000 }]
    const [array, ...rest] = findGridArrays([...bga, ...strays], options)
    expect(rest).toEqual([])
    expect([array!.offGrid, array!.columns, array!.rows, array!.origin, array!.missing]).toEqual([[7000, 7001], 10, 10, { x: 5 * MM, y: 3 * MM }, expectedMissing])
    expect(array!.pitchX).toBeCloseTo(0.8 * MM, 6)
  })

  it('numbers sites from the first on-grid column even with a stray more than half a pitch beyond it', () => {
    // stray 0.6 mm left of site (0,0) (x = 4.4 mm): linked (0.6 mm is the in-line nearest of both), it would fall
    // at column −1 (0.2 mm off it), but off grid it neither moves site 0 nor widens the box
    const [array] = findGridArrays([...bga, { x: 4_400_000, y: 3_000_000, id: 7000 }], options)
    expect([array!.offGrid, array!.columns, array!.origin, array!.missing]).toEqual([[7000], 10, { x: 5 * MM, y: 3 * MM }, expectedMissing])
  })

  it('finds a lattice whose every site holds two pads (four direct links for each pair of neighbouring sites)', () => {
    // 10 × 10 at 1 mm, each site twice (ids k and 100 + k): 2 × 90 neighbouring site pairs × 4 = 720 direct links
    const single = lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 10, columns: 10, firstId: 0 })
    const [array, ...rest] = findGridArrays([...single, ...single.map((p) => ({ ...p, id: p.id + 100 }))], options)
    expect(rest).toEqual([])
    expect([array!.ids.length, array!.rows, array!.columns, array!.missing, array!.offGrid, array!.sites.length]).toEqual([200, 10, 10, [], [], 200])
    expect(array!.pitchX).toBeCloseTo(MM, 6)
    expect(array!.pitchY).toBeCloseTo(MM, 6)
  })

  it('does not find rotated grids (documented)', () => {
    // a 5 × 5 grid turned by 30°: no two pads are in line along x or y
    const turned = lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 5, columns: 5, firstId: 0 }).map((p) => ({
      id: p.id, x: Math.round(p.x * Math.cos(Math.PI / 6) - p.y * Math.sin(Math.PI / 6)), y: Math.round(p.x * Math.sin(Math.PI / 6) + p.y * Math.cos(Math.PI / 6)) }))
    expect(findGridArrays(turned, options)).toEqual([])
  })
})

describe('findGridArrays at scale (cell-grid search)', () => {
  // 60 × 50 pads at 200 × 250 µm, each moved by up to ±2 µm (1 % of the pitch, inside the 5 % tolerance), seeded
  let seed = 5
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const jittered: GridPoint[] = []
  for (let row = 0; row < 50; row++) {
    for (let column = 0; column < 60; column++) {
      jittered.push({ x: 1 * MM + column * 200_000 + Math.round((random() - 0.5) * 4_000),
        y: 2 * MM + row * 250_000 + Math.round((random() - 0.5) * 4_000), id: row * 60 + column })
    }
  }

  it('finds the 3 000-pad jittered grid with its pitches to a fraction of a micrometre', () => {
    const [array, ...rest] = findGridArrays(jittered, options)
    expect(rest).toEqual([])
    expect([array!.rows, array!.columns, array!.ids.length, array!.missing.length, array!.offGrid.length]).toEqual([50, 60, 3000, 0, 0])
    // least squares over 3 000 sites: the ±2 µm jitter (σ 1.15 µm) averages to σ/√(Σ(k − k̄)²) ≈ 1.15 µm / √(3000 · 300)
    // ≈ 1.2 nm on the column pitch; the median neighbour distance alone is only good to some 40 nm
    expect(Math.abs(array!.pitchX - 200_000)).toBeLessThan(5)
    expect(Math.abs(array!.pitchY - 250_000)).toBeLessThan(5)
    expect(array!.sites[61]).toEqual({ id: 61, row: 1, column: 1 })
  })

  it('gives the same arrays, bit for bit, whatever the input order', () => {
    const shuffled = jittered.map((p, k) => ({ p, key: (k * 7919) % jittered.length })).sort((a, b) => a.key - b.key).map((e) => e.p)
    expect(findGridArrays(shuffled, options)).toEqual(findGridArrays(jittered, options))
  })

  it('gives the same arrays, bit for bit, whether the pads are searched by cells or by kdbush', () => {
    // a pad 1 m away makes cells of 1 m / √3001 ≈ 18 mm: the whole grid in one cell, so the search falls back to kdbush
    const withStray = [...jittered, { x: 1000 * MM, y: 0, id: 99_999 }]
    const columns = (points: GridPoint[]) => [Float64Array.from(points, (p) => p.x), Float64Array.from(points, (p) => p.y)] as const
    const span = (xs: Float64Array, ys: Float64Array) => Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys))
    const index = (points: GridPoint[]) => {
      const [xs, ys] = columns(points)
      return pointIndex(xs, ys, [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], span(xs, ys))
    }
    expect(index(jittered)).toBeInstanceOf(CellGrid)
    expect(index(withStray)).toBeInstanceOf(TreeIndex)
    expect(findGridArrays(withStray, options)).toEqual(findGridArrays(jittered, options))
  })
})

describe('findGridArrays on whole lattices (the short-cut past the search)', () => {
  const columnsOf = (points: readonly GridPoint[]): GridColumns =>
    ({ xs: Float64Array.from(points, (p) => p.x), ys: Float64Array.from(points, (p) => p.y), ids: Float64Array.from(points, (p) => p.id) })
  const full = lattice({ x0: -3 * MM, y0: 7 * MM, pitchX: 150_000, pitchY: 180_000, rows: 6, columns: 9, firstId: 0 })
  /** Each lattice found: its pads' ids and its pitches. */
  const latticesOf = (points: readonly GridPoint[], maxMissingRun = 0) => {
    const { xs, ys } = columnsOf(points)
    return separateLattices(xs, ys, { ...options, maxMissingRun })
      ?.map((l) => ({ ids: [...l.members].map((k) => points[k]!.id), pitchX: l.pitchX, pitchY: l.pitchY }))
  }
  const ids = (points: readonly GridPoint[]) => points.map((p) => p.id)

  it('takes a whole lattice in any order, with its pitches', () => {
    expect(latticesOf(full)).toEqual([{ ids: ids(full), pitchX: 150_000, pitchY: 180_000 }])
    expect(latticesOf([...full].reverse())).toEqual([{ ids: ids(full).reverse(), pitchX: 150_000, pitchY: 180_000 }])
  })

  it('does not take a lattice with a site missing or doubled, a pad 1 nm off, a coordinate no integer, one row, or an interleaved second lattice', () => {
    const moved = (k: number, dx: number) => full.map((p, i) => (i === k ? { ...p, x: p.x + dx } : p))
    expect(latticesOf(full.slice(1))).toBeUndefined()
    expect(latticesOf([...full, { ...full[20]!, id: 999 }])).toBeUndefined()
    expect(latticesOf(moved(20, 1))).toBeUndefined()
    expect(latticesOf(moved(20, 0.5))).toBeUndefined()
    // the last column moved in by 1 nm: the same distinct xs count, but its pads on no site
    expect(latticesOf(full.map((p) => (p.x === -3 * MM + 8 * 150_000 ? { ...p, x: p.x - 1 } : p)))).toBeUndefined()
    expect(latticesOf(lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 1, columns: 5, firstId: 0 }))).toBeUndefined()
    expect(latticesOf([...full, ...lattice({ x0: -3 * MM + 75_000, y0: 7 * MM + 90_000, pitchX: 150_000, pitchY: 180_000, rows: 6, columns: 9, firstId: 100 })])).toBeUndefined()
    expect(latticesOf(full.map((p, i) => (i === 3 ? { ...p, x: NaN } : p)))).toBeUndefined()
    // beyond 2^51 nm the search's differences need not be exact
    expect(latticesOf(full.map((p) => ({ ...p, x: p.x + 2 ** 52 })))).toBeUndefined()
  })

  // a 3 × 3 lattice at 1 mm reaches (0 + 1) × 1 mm × 1.05 = 1.05 mm; a 2 × 2 at 0.5 mm reaches 0.525 mm
  const big = lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 3, columns: 3, firstId: 0 })
  const smallAt = (x0: number, y0: number) => lattice({ x0, y0, pitchX: MM / 2, pitchY: MM / 2, rows: 2, columns: 2, firstId: 10 })

  it('takes lattices apart where every gap between them is wider than either reaches, plus 1 nm', () => {
    // the small one 1.05 mm + 1 nm + 1 nm right of the big one's last column, in its rows' band
    const right = smallAt(2 * MM + 1_050_002, 0)
    expect(latticesOf([...big, ...right])).toEqual([
      { ids: ids(big), pitchX: MM, pitchY: MM }, { ids: ids(right), pitchX: MM / 2, pitchY: MM / 2 }])
    // cut first along y, then along x: three lattices, in the order of their lowest pad
    const above = smallAt(0, 5 * MM).map((p) => ({ ...p, id: p.id + 10 }))
    expect(latticesOf([...above, ...big, ...right])!.map((l) => l.ids)).toEqual([ids(above), ids(big), ids(right)])
  })

  it('does not take lattices apart that one of them reaches across the gap (1 nm too close, or a longer missing run)', () => {
    expect(latticesOf([...big, ...smallAt(2 * MM + 1_050_001, 0)])).toBeUndefined()
    // maxMissingRun 1 doubles the reach: 2.1 mm
    expect(latticesOf([...big, ...smallAt(2 * MM + 2_000_000, 0)])).toHaveLength(2)
    expect(latticesOf([...big, ...smallAt(2 * MM + 2_000_000, 0)], 1)).toBeUndefined()
  })

  it('leaves pads that are no lattice, beside a lattice, to the search', () => {
    const stray = { x: 10 * MM, y: 10 * MM, id: 50 }
    expect(latticesOf([...big, stray])).toBeUndefined()
    expect(findGridArrays([...big, stray], options).map((a) => a.ids)).toEqual([ids(big)])
  })

  it('gives up when the cuts peel a lattice at a time, looking at the pads more than 8 times over', () => {
    // 2 × 2 lattices at 1 µm, the k-th at x = 2^k × 10 µm: every widest gap cuts off the last one, and
    // the cuts look at 4 × (m + m − 1 + … + 1) + 4 × (m − 1) pads for m lattices, over 8 × 4m from m = 14 on
    const peeled = (m: number) => Array.from({ length: m }, (_, k) => lattice({ x0: 2 ** k * 10_000, y0: 0, pitchX: 1000, pitchY: 1000, rows: 2, columns: 2, firstId: 4 * k })).flat()
    expect(latticesOf(peeled(13))).toHaveLength(13)
    expect(latticesOf(peeled(14))).toBeUndefined()
    expect(findGridArrays(peeled(14), options)).toHaveLength(14)
  })

  it('answers a full lattice without the search, and anything else with it', () => {
    const spy = vi.mocked(pointIndex)
    spy.mockClear()
    expect(findGridArrays(full, options)).toHaveLength(1)
    expect(spy).not.toHaveBeenCalled()
    // a stray in no row or column of the lattice: no short-cut takes it
    expect(findGridArrays([...full, { x: 0, y: 0, id: 99 }], options)).toHaveLength(1)
    expect(spy).toHaveBeenCalled()
  })

  it('finds no array in a full lattice smaller than minArraySize, as the search does', () => {
    const small = lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 2, columns: 2, firstId: 0 })
    expect(findGridArrays(small, { ...options, minArraySize: 5 })).toEqual([])
    expect(findGridArrays(small, { ...options, minArraySize: 4 })).toHaveLength(1)
  })

  it('links nothing with a negative maxMissingRun, on a full lattice too', () => {
    expect(findGridArrays(full, { ...options, maxMissingRun: -1 })).toEqual([])
  })

  // the short-cut must give the search's arrays bit for bit; perturbed lattices check the recogniser
  // declines whatever it cannot prove, so the search answers them
  const perturbation = fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({ kind: fc.constant('hole' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('double' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('jitter' as const), at: fc.nat(), by: fc.integer({ min: -20_000, max: 20_000 }).filter((d) => d !== 0) }),
    fc.record({ kind: fc.constant('interleaved' as const), dx: fc.integer({ min: 1, max: 300_000 }), dy: fc.integer({ min: 0, max: 300_000 }) }),
    fc.record({ kind: fc.constant('stray' as const), x: fc.integer({ min: -5 * MM, max: 5 * MM }), y: fc.integer({ min: -5 * MM, max: 5 * MM }) }),
    // a second lattice right of the first, a few nm either side of the widest reach (+ 1 nm), its rows shifted by dy
    fc.record({
      kind: fc.constant('beside' as const), rows: fc.integer({ min: 2, max: 6 }), columns: fc.integer({ min: 2, max: 6 }),
      pitchX: fc.integer({ min: 1, max: 2 * MM }), pitchY: fc.integer({ min: 1, max: 2 * MM }),
      slack: fc.integer({ min: -3, max: 3 }), dy: fc.integer({ min: -5 * MM, max: 5 * MM }),
    }),
  )
  const latticeCase = fc.record({
    rows: fc.integer({ min: 2, max: 9 }), columns: fc.integer({ min: 2, max: 9 }),
    pitchX: fc.integer({ min: 1, max: 2 * MM }), pitchY: fc.integer({ min: 1, max: 2 * MM }),
    x0: fc.integer({ min: -1e9, max: 1e9 }), y0: fc.integer({ min: -1e9, max: 1e9 }),
    idStep: fc.integer({ min: -3, max: 5 }).filter((s) => s !== 0), order: fc.nat(),
    pitchTolerance: fc.double({ min: 0, max: 0.49, noNaN: true }), maxMissingRun: fc.integer({ min: 0, max: 3 }),
    minArraySize: fc.integer({ min: 1, max: 90 }), perturbation,
  })

  it('gives the search\'s arrays, bit for bit, on random lattices whole, holed, doubled, jittered, interleaved, with a stray or beside another', () => {
    let separated = 0
    fc.assert(fc.property(latticeCase, (c) => {
      let points = lattice({ ...c, firstId: 0 }).map((p) => ({ ...p, id: 1000 + p.id * c.idStep }))
      const p = c.perturbation, n = points.length
      if (p.kind === 'hole') points.splice(p.at % n, 1)
      if (p.kind === 'double') points.push({ ...points[p.at % n]!, id: -1 })
      if (p.kind === 'jitter') points[p.at % n] = { ...points[p.at % n]!, x: points[p.at % n]!.x + p.by }
      if (p.kind === 'interleaved') points.push(...points.map((q) => ({ x: q.x + p.dx, y: q.y + p.dy, id: q.id + 0.5 })))
      if (p.kind === 'stray') points.push({ x: c.x0 + p.x, y: c.y0 + p.y, id: -2 })
      if (p.kind === 'beside') {
        const reach = (c.maxMissingRun + 1) * Math.max(c.pitchX, c.pitchY, p.pitchX, p.pitchY) * (1 + c.pitchTolerance)
        const x0 = c.x0 + (c.columns - 1) * c.pitchX + Math.floor(reach) + 1 + p.slack
        points.push(...lattice({ ...p, x0, y0: c.y0 + p.dy, firstId: 5000 }))
      }
      // a rotation of the input order: the fit sorts its pads, the ids come back sorted
      points = [...points.slice(c.order % points.length), ...points.slice(0, c.order % points.length)]
      const columns = columnsOf(points)
      const opts = { minArraySize: c.minArraySize, pitchTolerance: c.pitchTolerance, maxMissingRun: c.maxMissingRun }
      const lattices = separateLattices(columns.xs, columns.ys, opts)
      if (p.kind !== 'stray' && p.kind !== 'interleaved' && p.kind !== 'beside') expect(lattices !== undefined).toBe(p.kind === 'none')
      if (lattices && lattices.length > 1) separated++
      expect(findGridColumns(columns, opts)).toEqual(searchGridArrays(columns, opts))
    }), { numRuns: 600 })
    // the runs did take lattices apart, not only whole ones
    expect(separated).toBeGreaterThan(10)
  })
})

describe('findGridArrays on pads in rows and columns (the short-cut past the point index)', () => {
  const columnsOf = (points: readonly GridPoint[]): GridColumns =>
    ({ xs: Float64Array.from(points, (p) => p.x), ys: Float64Array.from(points, (p) => p.y), ids: Float64Array.from(points, (p) => p.id) })

  /** findGridArrays' arrays, whether the point index was asked (the rows short-cut declined), and the search's own arrays. */
  const bothWays = (points: readonly GridPoint[], opts: GridOptions) => {
    const columns = columnsOf(points)
    const spy = vi.mocked(pointIndex)
    spy.mockClear()
    const found = findGridColumns(columns, opts)
    const indexed = spy.mock.calls.length > 0
    return { found, indexed, searched: searchGridArrays(columns, opts) }
  }
  /** Deep equality, the fitted pitches to the bit (toEqual would take −0 for 0). */
  const expectSameArrays = (found: readonly GridArray[], searched: readonly GridArray[]) => {
    expect(found).toEqual(searched)
    expect(found.map((a) => [a.pitchX, a.pitchY]).every(([x, y], k) => Object.is(x, searched[k]!.pitchX) && Object.is(y, searched[k]!.pitchY))).toBe(true)
  }
  /** Asserts the short-cut took (or declined) the pads and gave the search's arrays; returns them. */
  const shortCut = (points: readonly GridPoint[], takes: boolean, opts: GridOptions = options) => {
    const { found, indexed, searched } = bothWays(points, opts)
    expect(indexed).toBe(!takes)
    expectSameArrays(found, searched)
    return found
  }

  it('takes a lattice with a partial last row and depopulated sites, with the search\'s arrays', () => {
    // 6 × 5 at 1 × 0.8 mm, the last row 2 pads short and sites (1, 1) and (3, 4) empty: no whole lattice
    const holed = lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: 800_000, rows: 6, columns: 5, firstId: 0, skip: [[5, 3], [5, 4], [1, 1], [3, 4]] })
    const [array, ...rest] = shortCut(holed, true)
    expect(rest).toEqual([])
    expect([array!.rows, array!.columns, array!.ids.length, array!.missing.map((m) => [m.row, m.column])]).toEqual([6, 5, 26, [[1, 1], [3, 4], [5, 3], [5, 4]]])
  })

  it('takes pads moved by less than the tolerance, and lattices sharing rows, but no two pads on one site', () => {
    // 1 mm lattice, pad (2, 2) moved by (30, −20) µm; two 3 × 3 lattices on the same rows, 5 mm apart
    const moved = lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 5, columns: 5, firstId: 0 }).map((p) => (p.id === 12 ? { ...p, x: p.x + 30_000, y: p.y - 20_000 } : p))
    shortCut(moved, true)
    const pair = [...lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 3, columns: 3, firstId: 0 }), ...lattice({ x0: 7 * MM, y0: 0, pitchX: MM, pitchY: MM, rows: 3, columns: 3, firstId: 10 })]
    expect(shortCut(pair, true)).toHaveLength(2)
    // a second pad on site (2, 2), or 1 µm off it: one row, one column, two pads
    shortCut([...moved, { x: 2 * MM, y: 2 * MM, id: 99 }], false)
    shortCut([...moved, { x: 2 * MM + 30_001, y: 2 * MM - 20_000, id: 99 }], false)
  })

  it('takes integer coordinates below 2^51 only', () => {
    const square = lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 3, columns: 3, firstId: 0 }).slice(1)
    shortCut(square, true)
    shortCut(square.map((p) => ({ ...p, x: p.x + 0.5 })), false)
    shortCut(square.map((p) => ({ ...p, y: p.y + 2 ** 51 - 2 * MM - 1 })), true)
    shortCut(square.map((p) => ({ ...p, y: p.y + 2 ** 51 - 2 * MM })), false)
  })

  it('takes a row spread of up to 5 % of the smallest gap between rows and columns', () => {
    // 1 mm lattice, tolerance 5 %: pad (2, 2) moved up by d spreads its row over d and brings the next row d
    // nearer, L = 1 mm − d: d ≤ 0.05 × (1 mm − d) while d ≤ 47 619.04 nm
    const raised = (d: number) => lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 5, columns: 5, firstId: 0 }).map((p) => (p.id === 12 ? { ...p, y: p.y + d } : p))
    shortCut(raised(47_619), true)
    shortCut(raised(47_620), false)
    // the same across: pad (2, 2) moved right spreads its column
    const shifted = (d: number) => lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 5, columns: 5, firstId: 0 }).map((p) => (p.id === 12 ? { ...p, x: p.x + d } : p))
    shortCut(shifted(47_619), true)
    shortCut(shifted(47_620), false)
  })

  it('takes rows (columns) farther apart than 5 % of the farthest nearest-pad bound U, plus 1 nm', () => {
    // row 0: x = 0, 2, 4, 6 mm; row 1 at y = h: x = 0 and 20 mm − 1 nm. The pad at (20 mm − 1 nm, h) is alone in
    // its column and 19 999 999 nm from the next of its row: U = 19 999 999 × (1 + 2^−40) + 1 = 20 000 000.000018 nm,
    // 5 % of it 1 000 000.0000009 nm, so the rows must be more than 1 000 001.0000009 nm apart (the columns, 2 mm
    // apart, are)
    const rows = (h: number) => [...[0, 2, 4, 6].map((x, id) => ({ x: x * MM, y: 0, id })), { x: 0, y: h, id: 4 }, { x: 20 * MM - 1, y: h, id: 5 }]
    shortCut(rows(1_000_002), true, { ...options, minArraySize: 2 })
    shortCut(rows(1_000_001), false, { ...options, minArraySize: 2 })
    // transposed: the columns must be as far apart
    const columns = (h: number) => rows(h).map((p) => ({ x: p.y, y: p.x, id: p.id }))
    shortCut(columns(1_000_002), true, { ...options, minArraySize: 2 })
    shortCut(columns(1_000_001), false, { ...options, minArraySize: 2 })
  })

  it('takes staggered rows and interleaved lattices (their pads stand in rows and columns too), not a pad in none', () => {
    const square = lattice({ x0: 0, y0: 0, pitchX: MM, pitchY: MM, rows: 4, columns: 4, firstId: 0 })
    // columns every 0.5 mm, each holding every other row: rows linked at 1 mm, columns at 2 mm
    shortCut(square.map((p) => (Math.round(p.y / MM) % 2 ? { ...p, x: p.x + MM / 2 } : p)), true)
    shortCut([...square, ...square.map((p) => ({ x: p.x + 300_000, y: p.y + 400_000, id: p.id + 100 }))], true)
    // alone in its row and its column: no bound on its nearest pad
    shortCut([...square, { x: 10 * MM, y: 10 * MM, id: 99 }], false)
  })

  // seeded: lattices of any size and pitch, cut short, holed, with pads moved below and above the
  // tolerance, doubled, staggered, beside another near or far, with clutter; in any order
  it('gives the search\'s arrays, bit for bit, on 1 500 random lattices, taking a good share of them', () => {
    let seed = 2026
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const integer = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
    const pick = <T>(values: readonly T[]) => values[integer(0, values.length - 1)]!
    let taken = 0
    for (let run = 0; run < 1500; run++) {
      const rows = integer(1, 12), columns = integer(1, 12)
      const pitchX = pick([1, 7, 150_000, 200_000, integer(1, 2 * MM)]), pitchY = pick([pitchX, 1, 180_000, integer(1, 2 * MM)])
      const x0 = integer(-1e9, 1e9), y0 = integer(-1e9, 1e9)
      const pitchTolerance = pick([0, 0.01, 0.05, 0.05, 0.2, 0.45, random() * 0.49])
      let points = lattice({ x0, y0, pitchX, pitchY, rows, columns, firstId: 0 })
      // the last row short
      if (random() < 0.5) points = points.slice(0, points.length - integer(0, columns - 1))
      // depopulated sites
      if (random() < 0.4) points = points.filter(() => random() > 0.15)
      // pads moved, mostly within the tolerance, some past it
      for (let moves = random() < 0.5 ? integer(1, 3) : 0; moves > 0 && points.length > 0; moves--) {
        const k = integer(0, points.length - 1), limit = Math.max(1, pick([0.3, 1, 1.5]) * pitchTolerance * Math.min(pitchX, pitchY))
        points[k] = { ...points[k]!, x: points[k]!.x + integer(-limit, limit), y: points[k]!.y + (random() < 0.5 ? 0 : integer(-limit, limit)) }
      }
      if (random() < 0.1 && points.length > 0) points.push({ ...pick(points), id: -1 })
      if (random() < 0.1) points = points.map((p) => (Math.round((p.y - y0) / pitchY) % 2 ? { ...p, x: p.x + Math.round(pitchX / 2) } : p))
      if (random() < 0.3) {
        // another lattice to the right, its rows on the first's or shifted, near (a few pitches) or far
        const gap = pick([1, 2, 3, 10, 1000]) * pitchX + integer(-2, 2)
        const dy = pick([0, 0, integer(-3 * pitchY, 3 * pitchY)])
        points.push(...lattice({ x0: x0 + (columns - 1) * pitchX + gap, y0: y0 + dy, pitchX: pick([pitchX, integer(1, 2 * MM)]), pitchY,
          rows: integer(1, 8), columns: integer(1, 8), firstId: 1000 }))
      }
      for (let clutter = random() < 0.15 ? integer(1, 4) : 0; clutter > 0; clutter--) {
        points.push({ x: x0 + integer(-columns, 2 * columns) * pitchX + integer(-pitchX, pitchX), y: y0 + integer(-rows, 2 * rows) * pitchY, id: 2000 + clutter })
      }
      // ids: distinct, in any order; the pads in any order
      points = points.map((p, k) => ({ ...p, id: p.id * 7 + k }))
      if (random() < 0.5) points = points.map((p) => ({ p, key: random() })).sort((a, b) => a.key - b.key).map((e) => e.p)
      const opts = { minArraySize: integer(1, 10), pitchTolerance, maxMissingRun: pick([0, 0, 0, 1, 2]) }
      const { found, indexed, searched } = bothWays(points, opts)
      const columnsIn = columnsOf(points)
      if (!indexed && !separateLattices(columnsIn.xs, columnsIn.ys, opts)) taken++
      expectSameArrays(found, searched)
    }
    // the short-cut answered many of them (the rest, lattices, clutter, went to the lattice short-cut or the search)
    expect(taken).toBeGreaterThan(300)
  })
})

describe('typicalPitch', () => {
  it('takes the median nearest-neighbour distance, the mean of the middle two for an even count', () => {
    // pads at x = 0, 1, 5, 7 mm: nearest distances 1, 1, 2, 2 mm → median (1 + 2)/2 = 1.5 mm
    expect(typicalPitch([0, 1, 5, 7].map((x) => ({ x: x * MM, y: 0 })))).toBe(1.5 * MM)
    // x = 0, 1, 5 mm: nearest 1, 1, 4 mm → 1 mm
    expect(typicalPitch([0, 1, 5].map((x) => ({ x: x * MM, y: 0 })))).toBe(MM)
  })

  it('measures to the nearest pad not on the same spot, in any direction', () => {
    // a doubled pad at the origin, pads at (0, 3) and (4, 0) mm, and (4, 3) — nearest: 3, 3, 3, 3, 3 mm
    expect(typicalPitch([{ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 3 * MM }, { x: 4 * MM, y: 0 }, { x: 4 * MM, y: 3 * MM }])).toBe(3 * MM)
    // a pad 5 mm off diagonally from (0, 0) and one 6 mm along y: nearest 5, 5, and 3.6056 mm for the third (√(3² + 2²))
    expect(typicalPitch([{ x: 0, y: 0 }, { x: 3 * MM, y: 4 * MM }, { x: 0, y: 6 * MM }])).toBeCloseTo(Math.hypot(3, 2) * MM, 6)
  })

  it('measures a diagonal row: pads 1 mm apart in x and in y are √2 mm apart', () => {
    expect(typicalPitch([0, 1, 2].map((k) => ({ x: k * MM, y: k * MM })))).toBeCloseTo(Math.SQRT2 * MM, 6)
  })

  it('is 0 for no pads, one pad, or pads all on one spot', () => {
    expect(typicalPitch([])).toBe(0)
    expect(typicalPitch([{ x: 5, y: 5 }])).toBe(0)
    expect(typicalPitch([{ x: 5, y: 5 }, { x: 5, y: 5 }])).toBe(0)
  })
})

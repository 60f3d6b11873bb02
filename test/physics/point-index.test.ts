import { describe, expect, it } from 'vitest'
import { CellGrid, TreeIndex, pointIndex } from '../../src/physics/point-index.ts'

/** Seeded LCG in [0, 1). */
function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
}

/** 60 × 50 grid at 200 µm, each pad moved up to ±5 µm, plus 200 pads anywhere in the box (nm). */
function jitteredPads(seed: number) {
  const next = random(seed)
  const xs: number[] = [], ys: number[] = []
  for (let row = 0; row < 50; row++) {
    for (let column = 0; column < 60; column++) {
      xs.push(column * 200_000 + Math.round((next() - 0.5) * 10_000))
      ys.push(row * 200_000 + Math.round((next() - 0.5) * 10_000))
    }
  }
  for (let k = 0; k < 200; k++) { xs.push(Math.round(next() * 12_000_000)); ys.push(Math.round(next() * 10_000_000)) }
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys) }
}

const sorted = (found: Int32Array, count: number) => Array.from(found.subarray(0, count)).sort((p, q) => p - q)

describe('CellGrid', () => {
  const { xs, ys } = jitteredPads(7)
  const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const
  const grid = new CellGrid(xs, ys, box, 200_000)
  const next = random(11)

  it('finds exactly the pads a scan of all pads finds, for boxes and discs anywhere (also past the edges)', () => {
    for (let q = 0; q < 300; q++) {
      const x = next() * 14_000_000 - 1_000_000, y = next() * 12_000_000 - 1_000_000
      const w = next() * 900_000, h = next() * 30_000, r = next() * 700_000
      const inBox: number[] = [], inDisc: number[] = []
      for (let i = 0; i < xs.length; i++) {
        if (xs[i]! >= x - w && xs[i]! <= x + w && ys[i]! >= y - h && ys[i]! <= y + h) inBox.push(i)
        if ((xs[i]! - x) ** 2 + (ys[i]! - y) ** 2 <= r * r) inDisc.push(i)
      }
      expect(sorted(grid.found, grid.range(x - w, y - h, x + w, y + h))).toEqual(inBox)
      expect(sorted(grid.found, grid.within(x, y, r))).toEqual(inDisc)
    }
  })

  it('counts a pad on the far edge of the box in the last cell', () => {
    // the box is 11.8 mm + jitter wide: floor(width / 0.2 mm) + 1 columns
    expect(grid.columns).toBe(Math.floor((box[2] - box[0]) / 200_000) + 1)
    const last = xs.indexOf(box[2])
    expect(sorted(grid.found, grid.range(box[2], ys[last]!, box[2], ys[last]!))).toContain(last)
  })
})

describe('pointIndex', () => {
  it('uses cells for pads spread over their box and kdbush for a dense cluster with a far stray', () => {
    const even = jitteredPads(3)
    const box = (xs: Float64Array, ys: Float64Array) => [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const
    expect(pointIndex(even.xs, even.ys, box(even.xs, even.ys), 12_000_000)).toBeInstanceOf(CellGrid)
    // the same 3 200 pads plus one 1 m away: cells of 1 m / √3201 ≈ 17.7 mm hold the whole grid in one
    const xs = Float64Array.from([...even.xs, 1e9]), ys = Float64Array.from([...even.ys, 0])
    const tree = pointIndex(xs, ys, box(xs, ys), 1e9)
    expect(tree).toBeInstanceOf(TreeIndex)
    // around pad (row 0, column 1): itself and nothing else within 50 µm
    const one = 1
    expect(sorted(tree.found, tree.within(xs[one]!, ys[one]!, 50_000))).toEqual([one])
    expect(sorted(tree.found, tree.range(xs[one]! - 250_000, ys[one]! - 20_000, xs[one]! + 250_000, ys[one]! + 20_000))).toEqual(
      Array.from(xs.keys()).filter((i) => Math.abs(xs[i]! - xs[one]!) <= 250_000 && Math.abs(ys[i]! - ys[one]!) <= 20_000))
  })
})

describe('CellGrid on a 3 × 3 lattice of unit pitch, cells of 1 (one point a cell)', () => {
  // points 0 … 8 at x = i mod 3, y = ⌊i / 3⌋
  const xs = Float64Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]), ys = Float64Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2])
  const grid = new CellGrid(xs, ys, [0, 0, 2, 2], 1)

  it('finds each point once in a box over every cell', () => {
    const count = grid.range(0, 0, 2, 2)
    expect(count).toBe(9)
    expect(sorted(grid.found, count)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('counts points exactly on the circle as within it, each once', () => {
    // the disc of radius 1 about (1, 1): the centre and its four neighbours at distance exactly 1; the corners are √2 away
    const count = grid.within(1, 1, 1)
    expect(count).toBe(5)
    expect(sorted(grid.found, count)).toEqual([1, 3, 4, 5, 7])
  })
})

describe('CellGrid size', () => {
  it('has ⌊width / cell⌋ + 1 columns and ⌊height / cell⌋ + 1 rows, from the box corner', () => {
    // box 10 … 20 × 20 … 25, cells of 2: ⌊10 / 2⌋ + 1 = 6 columns, ⌊5 / 2⌋ + 1 = 3 rows
    const grid = new CellGrid(Float64Array.from([10, 20]), Float64Array.from([20, 25]), [10, 20, 20, 25], 2)
    expect([grid.columns, grid.rows]).toEqual([6, 3])
  })
})

describe('pointIndex choice at the crowding limit 16 n', () => {
  // a box of side 4 and n points all at its corner: cells of 4 / √n, one cell holding all n, crowding n²
  const corner = (n: number) => pointIndex(new Float64Array(n), new Float64Array(n), [0, 0, 4, 4], 4)

  it('keeps cells at crowding 16 n exactly: 16 points, 16² = 256 = 16 × 16', () => {
    expect(corner(16)).toBeInstanceOf(CellGrid)
  })

  it('takes kdbush past it: 17 points, 17² = 289 > 16 × 17 = 272', () => {
    expect(corner(17)).toBeInstanceOf(TreeIndex)
  })
})

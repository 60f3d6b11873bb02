// The index answers box queries exactly as a brute-force scan of every box does, however it is asked.
import { describe, expect, it } from 'vitest'
import { FeatureIndex } from '../../src/spatial/index.ts'
import { BoxGrid } from '../../src/spatial/box-grid.ts'
import type { Box } from '../../src/geometry/types.ts'

// a 40 × 40 grid of 60 µm boxes at 100 µm pitch, with every 7th box widened so boxes of several sizes mix
const boxes: Box[] = []
for (let row = 0; row < 40; row++) {
  for (let col = 0; col < 40; col++) {
    const grow = (row * 40 + col) % 7 === 0 ? 30_000 : 0
    boxes.push([col * 100_000 - grow, row * 100_000, col * 100_000 + 60_000 + grow, row * 100_000 + 60_000])
  }
}
const bruteForce = (q: Box, margin: number) =>
  boxes.flatMap((b, i) => (b[0] <= q[2] + margin && b[2] >= q[0] - margin && b[1] <= q[3] + margin && b[3] >= q[1] - margin ? [i] : []))
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b)
const queries: [Box, number][] = [
  [[0, 0, 60_000, 60_000], 0], // one box, corner of the grid
  [[160_000, 160_000, 160_000, 160_000], 0], // a point in a gap: touches nothing
  [[160_000, 160_000, 160_000, 160_000], 40_000], // the same point grown by 40 µm reaches its four neighbours' edges
  [[1_000_000, 1_000_000, 1_300_000, 1_150_000], 25_000],
  [[-500_000, -500_000, 5_000_000, 5_000_000], 0], // everything
  [[9_000_000, 9_000_000, 9_100_000, 9_100_000], 0], // outside
]

describe('FeatureIndex.collect', () => {
  it('finds the same boxes as a scan of all boxes, touching edges included', () => {
    const index = FeatureIndex.ofBoxes(boxes)
    const out: number[] = []
    for (const [q, margin] of queries) {
      const n = index.collect(q, margin, out)
      expect(sorted(out)).toEqual(bruteForce(q, margin))
      expect(n).toBe(out.length)
    }
  })

  it('finds exactly the 4 neighbours of a gap point grown by 40 µm', () => {
    // gap point (160, 160) µm; boxes (1,1), (1,2), (2,1), (2,2) span 100–160 / 200–260 µm, all within 40 µm
    const out: number[] = []
    FeatureIndex.ofBoxes(boxes).collect([160_000, 160_000, 160_000, 160_000], 40_000, out)
    expect(sorted(out)).toEqual([41, 42, 81, 82])
  })

  it('empties the array it is given before filling it', () => {
    const out = [7, 8, 9]
    expect(FeatureIndex.ofBoxes(boxes).collect([9_000_000, 9_000_000, 9_000_000, 9_000_000], 0, out)).toBe(0)
    expect(out).toEqual([])
  })

  it('answers nothing from an empty index', () => {
    const out = [1]
    expect(FeatureIndex.ofBoxes([]).collect([0, 0, 1, 1], 10, out)).toBe(0)
    expect(out).toEqual([])
  })

  it('agrees with query on a single-node tree (fewer boxes than a node holds)', () => {
    const few = boxes.slice(0, 5)
    const index = FeatureIndex.ofBoxes(few)
    const out: number[] = []
    index.collect([0, 0, 150_000, 60_000], 0, out)
    expect(sorted(out)).toEqual([0, 1])
    expect(sorted(index.query([0, 0, 150_000, 60_000]))).toEqual([0, 1])
  })
})

describe('FeatureIndex.ofBoxesBy', () => {
  it('builds the same tree as ofBoxes: same ids in the same order for every query', () => {
    const byArray = FeatureIndex.ofBoxes(boxes)
    const byCallback = FeatureIndex.ofBoxesBy(boxes.length, (i, box) => {
      const b = boxes[i]!
      box[0] = b[0]; box[1] = b[1]; box[2] = b[2]; box[3] = b[3]
    })
    for (const [q, margin] of queries) expect(byCallback.query(q, margin)).toEqual(byArray.query(q, margin))
  })
})

// Boxes on a coarse lattice (coordinates multiples of 5 µm, half-integers of nm included) so that
// queries often touch boxes exactly at an edge: the case where a grid's cell arithmetic could lose one.
function latticeBoxes(count: number, seed: number, maxSide: number): Box[] {
  let s = seed
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const out: Box[] = []
  for (let i = 0; i < count; i++) {
    const x = Math.floor(next() * 400) * 5_000 + 0.5, y = Math.floor(next() * 400) * 5_000
    const w = Math.floor(next() * (maxSide / 5_000) + 1) * 5_000, h = Math.floor(next() * (maxSide / 5_000) + 1) * 5_000
    out.push([x, y, x + w, y + h])
  }
  return out
}
const gridOf = (all: readonly Box[]) => BoxGrid.build(Float64Array.from(all.flat()))
const scan = (all: readonly Box[], q: Box, margin: number) =>
  all.flatMap((b, i) => (b[0] <= q[2] + margin && b[2] >= q[0] - margin && b[1] <= q[3] + margin && b[3] >= q[1] - margin ? [i] : []))

describe('FeatureIndex on a cell grid and on the R-tree', () => {
  it('builds a grid for boxes of about one size and refuses one when a pour dwarfs them', () => {
    const pads = latticeBoxes(2_000, 7, 60_000)
    expect(gridOf(pads)).not.toBeNull()
    // one 2 mm pour over 2 000 pads of ≤ 60 µm: every cell would be as large as the pour
    const withPour: Box[] = [...pads, [0, 0, 2_000_000, 2_000_000]]
    expect(gridOf(withPour)).toBeNull()
    // all boxes in one spot: one crowded cell
    expect(gridOf(Array.from({ length: 100 }, (): Box => [5, 5, 9, 9]))).toBeNull()
  })

  it('answers every query as a scan of all boxes does, on the grid and on the tree (pour mixed in)', () => {
    const pads = latticeBoxes(2_000, 11, 60_000)
    const withPour: Box[] = [...pads, [100_000, 100_000, 1_500_000, 1_200_000]]
    const queries = latticeBoxes(400, 3, 80_000)
    for (const boxes of [pads, withPour]) {
      const index = FeatureIndex.ofBoxes(boxes)
      const out: number[] = []
      for (const [i, q] of queries.entries()) {
        const margin = [0, 2_500, 25_000][i % 3]!
        index.collect(q, margin, out)
        const expected = scan(boxes, q, margin)
        expect(sorted(out)).toEqual(expected)
        expect(sorted(index.query(q, margin))).toEqual(expected)
      }
    }
    // the lattice makes edge contacts common: the check above is not vacuous
    const touching = queries.filter((q) => pads.some((b) => b[2] === q[0] || b[0] === q[2] || b[3] === q[1] || b[1] === q[3]))
    expect(touching.length).toBeGreaterThan(10)
  })

  it('cuts the caller array to the hits, whatever it held before', () => {
    const index = FeatureIndex.ofBoxes(boxes)
    const out = Array.from({ length: 30 }, (_, i) => 1000 + i)
    expect(index.collect([0, 0, 60_000, 60_000], 0, out)).toBe(1)
    expect(out).toEqual([0])
    expect(index.collect([9_000_000, 9_000_000, 9_000_000, 9_000_000], 0, out)).toBe(0)
    expect(out).toEqual([])
  })

  it('answers nearest queries from the tree before and after box queries', () => {
    // from (160, 160) µm by box distance: 41 touches it (0), 42 is widened to start at x = 170 (10 µm),
    // 81 starts at y = 200 (40 µm), 82 at (200, 200) (40√2 ≈ 56.6 µm); the next, widened box 0, is 70√2 away
    const first = FeatureIndex.ofBoxes(boxes)
    const nearFirst = first.nearest(160_000, 160_000, 4)
    const second = FeatureIndex.ofBoxes(boxes)
    second.collect([0, 0, 1, 1], 0, [])
    expect(second.nearest(160_000, 160_000, 4)).toEqual([41, 42, 81, 82])
    expect(nearFirst).toEqual([41, 42, 81, 82])
    // and box queries still answer after the tree was built first
    const out: number[] = []
    first.collect([160_000, 160_000, 160_000, 160_000], 40_000, out)
    expect(sorted(out)).toEqual([41, 42, 81, 82])
  })
})

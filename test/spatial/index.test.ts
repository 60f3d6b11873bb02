// The index answers box queries exactly as a brute-force scan of every box does, however it is asked.
import { describe, expect, it } from 'vitest'
import { FeatureIndex } from '../../src/spatial/index.ts'
import type { Box } from '../../src/layers/model.ts'

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

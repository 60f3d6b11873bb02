import { describe, expect, it } from 'vitest'
import { median, medianInPlace } from '../../src/physics/select.ts'

/** The median as the sorts it replaces compute it. */
function sortedMedian(values: number[], zeros: 'typed' | 'stable'): number {
  const sorted = zeros === 'typed' ? Array.from(Float64Array.from(values).sort()) : [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]! ) / 2
}

describe('median by selection', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([3, 1, 2, 10])).toBe(2.5) // (2 + 3) / 2
    expect(median([5])).toBe(5)
    expect(median([])).toBe(0)
    expect(median([7, 7, 7, 7, 1])).toBe(7)
  })

  it('places −0 as the sort it replaces does', () => {
    // typed: −0, −0, 0 → the middle is −0; stable: 0, −0, 0 keep their order → the middle is −0 too
    expect(Object.is(median([0, -0, -0], 'typed'), -0)).toBe(true)
    // typed: −0, 0, 0 → 0; stable: 0, −0, 0 → −0
    expect(Object.is(median([0, -0, 0], 'typed'), 0)).toBe(true)
    expect(Object.is(median([0, -0, 0], 'stable'), -0)).toBe(true)
    expect(Object.is(median([-1, 0, -0, 4, 5], 'typed'), 0)).toBe(true) // −1, −0, 0, 4, 5
    expect(Object.is(median([-1, 0, -0, 4, 5], 'stable'), -0)).toBe(true) // −1, 0, −0, 4, 5
  })

  it('puts NaN last, as a Float64Array sorts', () => {
    expect(median([Number.NaN, 1, 2])).toBe(2) // 1, 2, NaN
    expect(median([Number.NaN, Number.NaN, 1])).toBeNaN() // 1, NaN, NaN
    expect(median([4, Number.NaN, 1, Number.NaN, 3])).toBe(4) // 1, 3, 4, NaN, NaN
  })

  it('equals the sorted median on 3 000 random lists with repeats, zeros of both signs and long sorted runs', () => {
    let seed = 5
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    for (let t = 0; t < 3000; t++) {
      const n = 1 + Math.floor(random() * (t % 10 === 0 ? 5000 : 60))
      const pool = [-0, 0, 1, -2.5, 1e300, -Infinity, Infinity]
      const values = Array.from({ length: n }, (_, k) => {
        if (t % 4 === 0) return k // sorted
        if (t % 4 === 1) return n - k // reversed
        return random() < 0.3 ? pool[Math.floor(random() * pool.length)]! : Math.round(random() * 20) - 10
      })
      for (const zeros of ['typed', 'stable'] as const) {
        expect(Object.is(median(values, zeros), sortedMedian(values, zeros)), `${zeros} ${JSON.stringify(values)}`).toBe(true)
      }
      // with NaN too, which the in-place median moves about in the caller's array
      if (t % 5 === 0) values[Math.floor(random() * n)] = Number.NaN
      expect(Object.is(medianInPlace(Float64Array.from(values)), sortedMedian(values, 'typed')), `in place ${JSON.stringify(values)}`).toBe(true)
    }
  })

  it('takes the median in place, reordering the values and not copying them', () => {
    const values = Float64Array.from([5, -0, 3, 0, Number.NaN, 1, -0])
    // sorted: −0, −0, 0, 1, 3, 5, NaN
    expect(medianInPlace(values)).toBe(1)
    // the same values, the NaN (at 4 before) moved last: the caller's array was the scratch
    expect([...Float64Array.from(values).sort()]).toEqual([-0, -0, 0, 1, 3, 5, Number.NaN])
    expect(values[6]).toBeNaN()
    expect(medianInPlace(new Float64Array())).toBe(0)
  })
})

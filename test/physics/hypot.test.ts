import { describe, expect, it } from 'vitest'
import { hypot } from '../../src/physics/hypot.ts'

describe('hypot', () => {
  it('gives 5 for (3, 4) and the edge values Math.hypot gives', () => {
    expect(hypot(3, -4)).toBe(5)
    expect(hypot(0, 0)).toBe(0)
    expect(Object.is(hypot(-0, -0), 0)).toBe(true)
    expect(hypot(Number.NaN, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY)
    expect(hypot(Number.NaN, 1)).toBeNaN()
    expect(hypot(1e308, 1e308)).toBe(Math.SQRT2 * 1e308) // no overflow: the larger magnitude is factored out
  })

  it('returns the very double Math.hypot returns, on a million nm offsets and values of every scale', () => {
    let seed = 3
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    let differing = 0
    for (let i = 0; i < 1_000_000; i++) {
      const scale = [1, 1e-3, 4e8, 1e300, 180_000][i % 5]!
      const a = i % 2 ? Math.round((random() - 0.5) * scale) : (random() - 0.5) * scale
      const b = i % 3 ? Math.round((random() - 0.5) * scale) : (random() - 0.5) * scale * 1e-4
      if (!Object.is(hypot(a, b), Math.hypot(a, b))) differing++
    }
    expect(differing).toBe(0)
  })
})

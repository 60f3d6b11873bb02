// plated-cap (process B) at its edges: zero heights are real (a plug flush with the etched film, a cap
// not yet plated), and a bad input is named. The hand-worked 15 µm + 10 µm example is in models.test.ts.
import { describe, expect, it } from 'vitest'
import { platedCapTip } from '../../src/physics/plated-cap.ts'

describe('platedCapTip', () => {
  it('takes a projection of 0 (no etch-back): a capped plug stands its cap thickness, 0 + 10 µm', () => {
    expect(platedCapTip({ projection: 0, capThickness: 10_000, capped: true })).toBe(10_000)
  })

  it('takes a cap thickness of 0: the tip is the projection, 15 µm', () => {
    expect(platedCapTip({ projection: 15_000, capThickness: 0, capped: true })).toBe(15_000)
  })

  it('names the input that is negative or not finite', () => {
    expect(() => platedCapTip({ projection: -1, capThickness: 0, capped: true })).toThrow(new RangeError('projection must be a finite number ≥ 0 (got -1)'))
    expect(() => platedCapTip({ projection: 15_000, capThickness: NaN, capped: false })).toThrow(new RangeError('cap thickness must be a finite number ≥ 0 (got NaN)'))
    expect(() => platedCapTip({ projection: Infinity, capThickness: 0, capped: false })).toThrow('projection must be a finite number ≥ 0 (got Infinity)')
  })
})

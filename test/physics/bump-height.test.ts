import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { capHeight, equivalentRadius } from '../../src/physics/bump-height.ts'

/**
 * Independent solver: Newton on f(h) = π h (3a² + h²)/6 − V. f is increasing and convex for h ≥ 0 and
 * both ∛(6V/π) (drop the 3a² term) and 2V/(πa²) (drop the h² term) lie at or above the root, so
 * Newton started from the smaller of them descends monotonically onto the root.
 */
function newtonCapHeight(volume: number, radius: number): number {
  let h = Math.min(Math.cbrt((6 * volume) / Math.PI), radius > 0 ? (2 * volume) / (Math.PI * radius * radius) : Infinity)
  for (let k = 0; k < 200; k++) {
    const f = (Math.PI * h * (3 * radius * radius + h * h)) / 6 - volume
    const slope = (Math.PI * (3 * radius * radius + 3 * h * h)) / 6
    const next = h - f / slope
    if (!(next < h)) break // monotone descent has stopped: converged to the last ulp
    h = next
  }
  return h
}

/** DOMAIN.md's formula written literally, to show the rearranged one is the same function. */
function literalCardano(volume: number, radius: number): number {
  const root = Math.sqrt((9 * volume * volume) / (Math.PI * Math.PI) + radius ** 6)
  return Math.cbrt((3 * volume) / Math.PI + root) + Math.cbrt((3 * volume) / Math.PI - root)
}

describe('capHeight', () => {
  it('gives h = a for the volume of a hemisphere', () => {
    // a = 100 µm = 1e5 nm; hemisphere V = (2/3)πa³ = (2/3)π·1e15 nm³ ≈ 2.0944e15 nm³.
    // Check: π·a·(3a² + a²)/6 = π·4a³/6 = (2/3)πa³, so h = a = 1e5 nm.
    expect(capHeight((2 / 3) * Math.PI * 1e15, 1e5) / 1e5).toBeCloseTo(1, 12)
  })

  it('recovers a back-solved (a, h) pair: a = 150 µm, h = 50 µm', () => {
    // V = π·h·(3a² + h²)/6 = π·5e4·(3·2.25e10 + 2.5e9)/6 = π·5e4·7e10/6 = π·3.5e15/6 nm³
    expect(capHeight((Math.PI * 3.5e15) / 6, 1.5e5) / 5e4).toBeCloseTo(1, 12)
    // small numbers: a = 3, h = 1 → V = π·1·(27 + 1)/6 = 14π/3
    expect(capHeight((14 * Math.PI) / 3, 3)).toBeCloseTo(1, 13)
  })

  it('stays exact for a tiny volume, where the two cube roots of the literal formula cancel', () => {
    // V = 1 nm³ on a = 1e5 nm: 3a²h ≫ h³, so h = 2V/(πa²) = 2/(π·1e10) = 6.3662e-11 nm
    // (the dropped h³ term is ~1e-31, far below double precision of h).
    const expected = 2 / (Math.PI * 1e10)
    expect(capHeight(1, 1e5) / expected).toBeCloseTo(1, 12)
    // the literal formula is off by ~9 % here (u ≈ a, v ≈ −a: u + v is the rounding noise of 1e5, whose
    // ulp is 1.5e-11), and by 2e-4 even at V = 1e3 nm³
    expect(Math.abs(literalCardano(1, 1e5) - expected) / expected).toBeGreaterThan(0.05)
  })

  it('tends to a sphere of diameter h for a huge volume', () => {
    // V = 1e30 nm³ on a = 1 nm: h ≈ ∛(6V/π) = ∛(1.909859e30) = 1.240701e10 nm; the a² correction
    // (h³ + 3a²h = 6V/π → h ≈ ∛(6V/π) − a²/∛(6V/π)) is 1e-10 nm, invisible.
    expect(capHeight(1e30, 1) / 1.2407009817988e10).toBeCloseTo(1, 10)
  })

  it('handles nm³ magnitudes of a real stencil deposit (~3e16 nm³)', () => {
    // 0.5 mm round aperture, 150 µm stencil, 50 % metal: V = π·(2.5e5)²·1.5e5·0.5 = 1.4726e16 nm³
    // on a 0.4 mm pad (a = 2e5 nm): compare with Newton.
    const volume = Math.PI * 2.5e5 ** 2 * 1.5e5 * 0.5
    const h = capHeight(volume, 2e5)
    expect(h / newtonCapHeight(volume, 2e5)).toBeCloseTo(1, 12)
    expect(h).toBeGreaterThan(1e5) // a fat cap: more than half a hemisphere of radius 2e5 (V_hemi = 1.68e16)
    expect(h).toBeLessThan(2e5)
  })

  it('agrees with the literal Cardano formula where that one is well-conditioned', () => {
    // V comparable to a³: no cancellation in the literal form
    for (const [volume, radius] of [[1e15, 1e5], [5e16, 2e5], [3, 1]] as const) {
      expect(capHeight(volume, radius) / literalCardano(volume, radius)).toBeCloseTo(1, 9)
    }
  })

  it('agrees with a Newton solve from 1e-6 to 1e24 nm³ and radii 1 nm to 10 mm', () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 24, noNaN: true }), fc.double({ min: 0, max: 7, noNaN: true }), (logV, logA) => {
        const volume = 10 ** logV, radius = 10 ** logA
        const h = capHeight(volume, radius)
        // the root satisfies the cap equation itself, and matches Newton
        expect(Math.abs(h / newtonCapHeight(volume, radius) - 1)).toBeLessThan(1e-12)
        expect(Math.abs((Math.PI * h * (3 * radius * radius + h * h)) / 6 / volume - 1)).toBeLessThan(1e-12)
      }),
      { numRuns: 300, seed: 4242 },
    )
  })

  it('is 0 for no volume, on a pad or on none', () => {
    expect(capHeight(0, 10)).toBe(0)
    // no metal and no wettable area: nothing stands (the cubic's root formula would be 0/0 here)
    expect(capHeight(0, 0)).toBe(0)
  })

  it('rejects a negative or non-finite volume or radius, naming which', () => {
    expect(() => capHeight(-1, 10)).toThrow(new RangeError('cap volume must be a finite number ≥ 0 (got -1)'))
    expect(() => capHeight(Number.NaN, 10)).toThrow(new RangeError('cap volume must be a finite number ≥ 0 (got NaN)'))
    expect(() => capHeight(1, -10)).toThrow(new RangeError('cap base radius must be a finite number ≥ 0 (got -10)'))
    expect(() => capHeight(1, Infinity)).toThrow(new RangeError('cap base radius must be a finite number ≥ 0 (got Infinity)'))
  })
})

describe('equivalentRadius', () => {
  it('gives the radius of the circle of equal area', () => {
    // area 25π → r = √25 = 5
    expect(equivalentRadius(25 * Math.PI)).toBeCloseTo(5, 14)
    // a 0.3 mm square pad: area 9e10 nm² → r = √(9e10/π) = 3e5/√π = 3e5/1.7724539 = 169 256.875 nm
    expect(equivalentRadius(9e10)).toBeCloseTo(169256.875, 2)
  })

  it('gives 0 for no area and rejects a negative or non-finite one', () => {
    expect(equivalentRadius(0)).toBe(0)
    expect(() => equivalentRadius(-1)).toThrow(new RangeError('area must be a finite number ≥ 0 (got -1)'))
    expect(() => equivalentRadius(Number.POSITIVE_INFINITY)).toThrow(new RangeError('area must be a finite number ≥ 0 (got Infinity)'))
  })
})

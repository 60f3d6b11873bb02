// The three bump models of src/physics/, each against numbers worked by hand here (DOMAIN.md "Which
// physical model fits which process"): a hemisphere cap (melt-cap), a 0.6 mm ball on 0.5 mm lands with
// 0.1 mm paste (ball-paste), a 15 µm projection with a 10 µm cap (plated-cap).
import { describe, expect, it } from 'vitest'
import { typicalPitch } from '../../src/physics/arrays.ts'
import { ballPasteJoint, ballVolume, jedecBallDiameter, truncatedSphereHeight, truncatedSphereVolume } from '../../src/physics/ball-paste.ts'
import { capHeight } from '../../src/physics/bump-height.ts'
import { meltCapBump } from '../../src/physics/melt-cap.ts'
import { capDiameter, capGap, filmWeb, platedCapTip, residualFilm } from '../../src/physics/plated-cap.ts'

describe('melt-cap (process A)', () => {
  // a Ø200 µm round pad: a = 1e5 nm, W = π·1e10 nm²
  const pad = { wettableArea: Math.PI * 1e10, circular: true, depositArea: Math.PI * 1e10, metalVolumeFraction: 0.5 }

  it('gives a hemisphere: (2/3)πa³ of metal on a = 100 µm stands 100 µm, on a 10 µm pad 110 µm', () => {
    // Vm = π·1e10 nm² × (4e5/3) nm × 0.5 = (2/3)π·1e15 nm³ = (2/3)π·a³ with a = 1e5 nm.
    // Cap: π h (3a² + h²)/6 at h = a is π·4a³/6 = (2/3)πa³, so h = a = 100 µm; tip = 10 + 100 = 110 µm.
    const bump = meltCapBump({ ...pad, depositThickness: 4e5 / 3, padThickness: 1e4 })
    expect(bump.volume / ((2 / 3) * Math.PI * 1e15)).toBeCloseTo(1, 12)
    expect(bump.capHeight).toBeCloseTo(1e5, 4)
    expect(bump.height).toBeCloseTo(1.1e5, 4)
    expect(bump.radius).toBeCloseTo(1e5, 6)
    expect(bump.estimate).toBe(false)
    expect(bump.wellVolume).toBe(0)
  })

  it('fills a 20 µm mask well first on a mask-defined pad: the same hemisphere then stands on the mask top', () => {
    // well = W × 20 µm = π·1e10 × 2e4 = 2π·1e14 nm³; metal = (2/3)π·1e15 + 2π·1e14 = π·8.6667e14 nm³:
    // thickness × 0.5 × π·1e10 = π·8.6667e14 → thickness = 1.73333e5 nm.
    // The cap gets (2/3)π·1e15 → h = 100 µm; tip = 10 (pad) + 20 (well) + 100 = 130 µm.
    const bump = meltCapBump({ ...pad, depositThickness: 1.7333333333333333e5, padThickness: 1e4, maskWell: 2e4 })
    expect(bump.wellVolume / (2 * Math.PI * 1e14)).toBeCloseTo(1, 12)
    expect(bump.capHeight).toBeCloseTo(1e5, 3)
    expect(bump.height).toBeCloseTo(1.3e5, 3)
  })

  it('leaves a half-filled well flat: π·1e14 nm³ in a π·2e14 nm³ well rises 10 µm', () => {
    // thickness × 0.5 × π·1e10 = π·1e14 → thickness = 2e4 nm; fill = V / W = 1e4 nm; tip = 10 + 10 = 20 µm
    const bump = meltCapBump({ ...pad, depositThickness: 2e4, padThickness: 1e4, maskWell: 2e4 })
    expect(bump.capHeight).toBe(0)
    expect(bump.height).toBeCloseTo(2e4, 6)
  })

  it('stands at the mask top, no cap, when the melt exactly fills the well', () => {
    // well = π·1e10 × 2e4 = 2π·1e14 nm³ = thickness × 0.5 × π·1e10 → thickness = 4e4 nm; tip = 10 + 20 = 30 µm
    const bump = meltCapBump({ ...pad, depositThickness: 4e4, padThickness: 1e4, maskWell: 2e4 })
    expect(bump.capHeight).toBe(0)
    expect(bump.wellVolume / (2 * Math.PI * 1e14)).toBeCloseTo(1, 12)
    expect(bump.height).toBeCloseTo(3e4, 6)
  })

  it('takes the limits of the metal fraction: all metal (1) and none (0, the bare pad)', () => {
    // fraction 1: π·1e10 × (2e5/3) = (2/3)π·1e15 nm³, the hemisphere on a = 1e5 nm again; no pad thickness given: tip = cap
    expect(meltCapBump({ ...pad, depositThickness: 2e5 / 3, metalVolumeFraction: 1 }).height).toBeCloseTo(1e5, 4)
    // fraction 0: no metal, the tip is the 10 µm pad
    const bare = meltCapBump({ ...pad, depositThickness: 1e5, metalVolumeFraction: 0, padThickness: 1e4 })
    expect([bare.volume, bare.capHeight, bare.height]).toEqual([0, 0, 1e4])
  })

  it('flags a non-circular pad as an estimate and refuses bad input, naming it', () => {
    expect(meltCapBump({ ...pad, circular: false, depositThickness: 1e4 }).estimate).toBe(true)
    expect(() => meltCapBump({ ...pad, depositThickness: 1e4, metalVolumeFraction: 1.5 }))
      .toThrow(new RangeError('metal volume fraction must be within [0, 1] (got 1.5)'))
    expect(() => meltCapBump({ ...pad, depositThickness: 1e4, metalVolumeFraction: -0.1 }))
      .toThrow(new RangeError('metal volume fraction must be within [0, 1] (got -0.1)'))
    expect(() => meltCapBump({ ...pad, depositThickness: 1e4, maskWell: -1 })).toThrow(new RangeError('mask well must be a finite number ≥ 0 (got -1)'))
    expect(() => meltCapBump({ ...pad, depositThickness: Number.NaN })).toThrow(new RangeError('deposit thickness must be a finite number ≥ 0 (got NaN)'))
  })
})

describe('ball-paste (pre-balled BGA)', () => {
  it('a 0.6 mm ball on 0.5 mm lands with a Ø0.5 mm × 0.1 mm print of 50 % paste stands 0.4235 mm', () => {
    // ball: π·0.6³/6 = π·0.216/6 = 0.1130973 mm³; paste: π·0.25²·0.1·0.5 = 0.0098175 mm³; V = 0.1229148 mm³.
    // r1 = r2 = 0.25 mm: h³ + 3(0.0625 + 0.0625)h = 6V/π → h³ + 0.375 h = 0.234750.
    // h = 0.4235: 0.075958 + 0.158813 = 0.234771 (a hair over); h = 0.42348: 0.075947 + 0.158805 = 0.234752. So h ≈ 0.42348 mm.
    expect(ballVolume(0.6)).toBeCloseTo(0.1130973, 7)
    const joint = ballPasteJoint({ ballDiameter: 0.6, boardLandRadius: 0.25, packageLandRadius: 0.25, pasteArea: Math.PI * 0.25 ** 2, stencilThickness: 0.1, metalVolumeFraction: 0.5, padThickness: 0.035 })
    expect(joint.pasteVolume).toBeCloseTo(0.0098175, 7)
    expect(joint.volume).toBeCloseTo(0.1229148, 7)
    expect(joint.jointHeight).toBeCloseTo(0.42348, 5)
    expect(joint.height).toBeCloseTo(0.45848, 5) // + 35 µm land copper
    // the zone of that height between the two lands holds exactly V
    expect(truncatedSphereVolume(joint.jointHeight, 0.25, 0.25)).toBeCloseTo(joint.volume, 12)
  })

  it('a Ø0.26 mm print instead (U4-D23) stands 0.4082 mm: 15.3 µm lower, not the 68 µm of the paste-only model', () => {
    // paste: π·0.13²·0.1·0.5 = 0.0026546 mm³; V = 0.1157520 mm³; 6V/π = 0.221067.
    // h = 0.40817: 0.068002 + 0.153064 = 0.221066. So h ≈ 0.40817 mm; drop 0.42348 − 0.40817 = 0.01531 mm.
    const joint = ballPasteJoint({ ballDiameter: 0.6, boardLandRadius: 0.25, packageLandRadius: 0.25, pasteArea: Math.PI * 0.13 ** 2, stencilThickness: 0.1, metalVolumeFraction: 0.5 })
    expect(joint.volume).toBeCloseTo(0.1157520, 7)
    expect(joint.jointHeight).toBeCloseTo(0.40817, 5)
  })

  it('is the melt-cap equation with a² = r1² + r2²; no lands gives back the free ball', () => {
    expect(truncatedSphereHeight(1.234, 0.3, 0.4)).toBe(capHeight(1.234, 0.5))
    expect(truncatedSphereHeight(ballVolume(0.6), 0, 0)).toBeCloseTo(0.6, 12)
    expect(() => truncatedSphereHeight(1, -1, 0)).toThrow(RangeError)
  })

  it('takes the ball from the JEDEC pitch table, interpolates between rows, scales past its ends', () => {
    expect(jedecBallDiameter(1_000_000)).toEqual({ diameter: 600_000, from: 'table' })
    expect(jedecBallDiameter(1_270_000)).toEqual({ diameter: 750_000, from: 'table' })
    expect(jedecBallDiameter(500_000)).toEqual({ diameter: 300_000, from: 'table' })
    expect(jedecBallDiameter(1_010_000)).toEqual({ diameter: 600_000, from: 'table' }) // within ±3 %
    // 0.75 mm: between 0.65 → 0.35 and 0.8 → 0.45: 0.35 + 0.1 × 0.1/0.15 = 0.416667 mm
    expect(jedecBallDiameter(750_000)).toEqual({ diameter: 416_667, from: 'interpolated' })
    // 1.5 mm: 1.5 × 0.75/1.27 = 0.885827 mm; 0.3 mm: 0.3 × 0.25/0.4 = 0.1875 mm
    expect(jedecBallDiameter(1_500_000)).toEqual({ diameter: 885_827, from: 'interpolated' })
    expect(jedecBallDiameter(300_000)).toEqual({ diameter: 187_500, from: 'interpolated' })
    expect(() => jedecBallDiameter(0)).toThrow(new RangeError('pitch must be a finite number > 0 (got 0)'))
  })

  it('takes a table row up to exactly 3 % off its pitch, and interpolates 1 nm beyond', () => {
    // 1.0 mm row: 3 % = 30 000 nm, so 1.03 mm is still the row's 0.6 mm ball
    expect(jedecBallDiameter(1_030_000)).toEqual({ diameter: 600_000, from: 'table' })
    expect(jedecBallDiameter(970_000)).toEqual({ diameter: 600_000, from: 'table' })
    // 1.030001 mm: between 1.0 → 0.6 and 1.27 → 0.75: 0.6 + 0.030001 × 0.15/0.27 = 0.6166672 mm
    expect(jedecBallDiameter(1_030_001)).toEqual({ diameter: 616_667, from: 'interpolated' })
  })

  it('refuses a negative land radius or a bad ball, paste or fraction, naming it', () => {
    expect(() => truncatedSphereHeight(1, 0.25, -0.25)).toThrow(new RangeError('land radii must be finite numbers ≥ 0 (got 0.25, -0.25)'))
    expect(() => truncatedSphereHeight(1, Number.NaN, 0.25)).toThrow(RangeError)
    const joint = { ballDiameter: 0.6, boardLandRadius: 0.25, packageLandRadius: 0.25, pasteArea: 0.2, stencilThickness: 0.1, metalVolumeFraction: 0.5 }
    expect(() => ballPasteJoint({ ...joint, ballDiameter: -0.6 })).toThrow(new RangeError('ball diameter must be a finite number ≥ 0 (got -0.6)'))
    expect(() => ballPasteJoint({ ...joint, stencilThickness: Infinity })).toThrow(new RangeError('stencil thickness must be a finite number ≥ 0 (got Infinity)'))
    expect(() => ballPasteJoint({ ...joint, metalVolumeFraction: 2 })).toThrow(new RangeError('metal volume fraction must be within [0, 1] (got 2)'))
  })

  it('a joint without paste metal is the ball alone between the lands, at either limit of the fraction', () => {
    // fraction 0: V = π·0.6³/6; 6V/π = 0.216 = h³ + 0.375 h. h = 0.4023: 0.065110 + 0.150863 = 0.215973 (a hair under);
    // h = 0.40234: 0.065130 + 0.150878 = 0.216008 (a hair over) → h ≈ 0.40233 mm
    const bare = ballPasteJoint({ ballDiameter: 0.6, boardLandRadius: 0.25, packageLandRadius: 0.25, pasteArea: 0.2, stencilThickness: 0.1, metalVolumeFraction: 0 })
    expect(bare.pasteVolume).toBe(0)
    expect(bare.jointHeight).toBeCloseTo(0.40233, 5)
    expect(bare.height).toBe(bare.jointHeight) // no land copper given
    // fraction 1: paste 0.2 × 0.1 = 0.02 mm³ all metal
    expect(ballPasteJoint({ ballDiameter: 0.6, boardLandRadius: 0.25, packageLandRadius: 0.25, pasteArea: 0.2, stencilThickness: 0.1, metalVolumeFraction: 1 }).pasteVolume).toBeCloseTo(0.02, 15)
  })

  it('finds the pitch of an array from nearest neighbours, rotated or not', () => {
    const square = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => ({ x: c * 1000, y: r * 1000 })))
    expect(typicalPitch(square)).toBe(1000)
    const turned = square.map(({ x, y }) => ({ x: x * Math.cos(0.3) - y * Math.sin(0.3), y: x * Math.sin(0.3) + y * Math.cos(0.3) }))
    expect(typicalPitch(turned)).toBeCloseTo(1000, 6)
    expect(typicalPitch([{ x: 0, y: 0 }])).toBe(0)
  })
})

describe('plated-cap (process B)', () => {
  it('a 15 µm projection with a 10 µm cap stands 25 µm; without its cap 15 µm', () => {
    expect(platedCapTip({ projection: 15_000, capThickness: 10_000, capped: true })).toBe(25_000)
    expect(platedCapTip({ projection: 15_000, capThickness: 10_000, capped: false })).toBe(15_000)
    expect(() => platedCapTip({ projection: -1, capThickness: 0, capped: true })).toThrow(RangeError)
  })

  it('grows the cap sideways by its thickness: a 60 µm plug with a 10 µm cap is 80 µm across', () => {
    expect(capDiameter(60_000, 10_000)).toBe(80_000)
  })

  it('film: 50 − 15 = 35 µm residual; 90 µm plugs at 100 µm leave a 10 µm web; 60 µm plugs at 100 µm caps 20 µm apart', () => {
    expect(residualFilm(50_000, 15_000)).toBe(35_000)
    expect(filmWeb(100_000, 90_000, 90_000)).toBe(10_000)
    // 100 − (60 + 60)/2 − 2 × 10 = 20 µm
    expect(capGap(100_000, 60_000, 60_000, 10_000)).toBe(20_000)
  })
})

import { describe, expect, it } from 'vitest'
import { LimitError } from '../../../src/errors.ts'
import { areaMm2, boxMm, c, expectAreaClose, expectBoxClose, extentMm, mm } from './helpers.ts'

const PI = Math.PI
// a right triangle with its right angle at the origin, legs along +X and +Y: shows every mirror and turn
const TRIANGLE = '%AMTRI*4,1,3,0,0,1,0,0,1,0,0,0*%\n%ADD20TRI*%\n'

describe('polarity (LP)', () => {
  it('marks clear features and subtracts them from what came before', () => {
    const img = mm(`%ADD10R,2X2*%\n%ADD11C,1*%\nD10*\nX0Y0D03*\n%LPC*%\nD11*\nX0Y0D03*`)
    expect(img.features.map((f) => f.polarity)).toEqual(['dark', 'clear'])
    expectAreaClose(areaMm2(img.features), 4 - PI / 4) // 3.214602
  })
})

describe('aperture transforms (LM, LR, LS)', () => {
  it('turns a rectangle by LR and keeps it analytic', () => {
    const img = mm(`%ADD10R,2X1*%\n%LR90*%\nD10*\nX0Y0D03*\n%LR30*%\nX${c(5)}Y0D03*`)
    expect(img.features[0]!.shape).toMatchObject({ type: 'rect', width: 2e6, height: 1e6, rotation: 90 })
    expectBoxClose(boxMm(img.features[0]!.bbox), [-0.5, -1, 0.5, 1], 1e-9)
    expect(img.features[1]!.shape).toMatchObject({ type: 'rect', rotation: 30 })
  })

  it('scales a circle by LS and keeps it a circle', () => {
    const img = mm(`%ADD10C,1*%\n%LS2.5*%\nD10*\nX0Y0D03*`)
    expect(img.features[0]!.shape).toEqual({ type: 'circle', cx: 0, cy: 0, diameter: 2_500_000 })
  })

  it('mirrors a macro flash with LMX (x → −x) and LMY (y → −y)', () => {
    const x = mm(`${TRIANGLE}%LMX*%\nD20*\nX0Y0D03*`)
    expect(boxMm(x.features[0]!.bbox)).toEqual([-1, 0, 0, 1])
    expectAreaClose(areaMm2(x.features), 0.5, 1e-9)
    const y = mm(`${TRIANGLE}%LMY*%\nD20*\nX0Y0D03*`)
    expect(boxMm(y.features[0]!.bbox)).toEqual([0, -1, 1, 0])
    const xy = mm(`${TRIANGLE}%LMXY*%\nD20*\nX${c(3)}Y0D03*`)
    expect(boxMm(xy.features[0]!.bbox)).toEqual([2, -1, 3, 0])
    expectAreaClose(areaMm2(xy.features), 0.5, 1e-9)
  })

  it('mirrors before rotating: LMX then LR90 puts the triangle below the origin', () => {
    // (1,0) → mirror (−1,0) → turn 90° (0,−1); (0,1) → (0,1) → (−1,0)
    const img = mm(`${TRIANGLE}%LMX*%\n%LR90*%\nD20*\nX0Y0D03*`)
    expect(boxMm(img.features[0]!.bbox)).toEqual([-1, -1, 0, 0])
  })
})

describe('step and repeat (SR)', () => {
  it('repeats the block along X then rows along Y, in order, each copy translated', () => {
    const img = mm(`%ADD10C,1*%\nD10*\n%SRX3Y2I5.0J4.0*%\nX0Y0D03*\n%SR*%`)
    expect(img.features.map((f) => f.id)).toEqual([0, 1, 2, 3, 4, 5])
    expect(img.features.map((f) => f.shape.type === 'circle' && [f.shape.cx / 1e6, f.shape.cy / 1e6])).toEqual([
      [0, 0], [5, 0], [10, 0], [0, 4], [5, 4], [10, 4]])
    expect(img.features.every((f) => f.source.line === 6)).toBe(true)
  })

  it('fails fast, before allocating, on a 100000 × 100000 step and repeat', () => {
    const t0 = performance.now()
    const run = () => mm(`%ADD10C,1*%\nD10*\n%SRX100000Y100000I1J1*%\nX0Y0D03*\n%SR*%`)
    expect(run).toThrow(LimitError)
    expect(run).toThrow(/t\.gbr:5: Step and repeat X100000×Y100000/)
    expect(performance.now() - t0).toBeLessThan(1000)
  })
})

describe('block apertures (AB)', () => {
  const block = `%ADD10R,2X2*%\n%ADD11C,1*%\n%ABD12*%\nD10*\nX0Y0D03*\n%LPC*%\nD11*\nX0Y0D03*\n%LPD*%\n%AB*%\n`

  it('places the block at the flash point and keeps its own polarities', () => {
    const img = mm(`${block}D12*\nX${c(10)}Y${c(10)}D03*`)
    expect(img.features.map((f) => f.polarity)).toEqual(['dark', 'clear'])
    expect(extentMm(img.features)).toEqual([9, 9, 11, 11])
    expectAreaClose(areaMm2(img.features), 4 - PI / 4)
  })

  it('inverts the block when flashed with clear polarity', () => {
    const img = mm(`${block}D12*\nX0Y0D03*\n%LPC*%\nX${c(20)}Y0D03*`)
    expect(img.features.map((f) => f.polarity)).toEqual(['dark', 'clear', 'clear', 'dark'])
    // the second copy clears nothing (nothing under it) and then adds its disc
    expectAreaClose(areaMm2(img.features), 4 - PI / 4 + PI / 4)
  })

  it('applies LR to a flashed block about the block origin', () => {
    const img = mm(`${TRIANGLE}%ABD13*%\nD20*\nX0Y0D03*\n%AB*%\n%LR180*%\nD13*\nX${c(5)}Y0D03*`)
    expectBoxClose(extentMm(img.features), [4, -1, 5, 0], 1e-6)
  })

  it('expands nested blocks', () => {
    const img = mm(`%ADD10C,1*%\n%ABD12*%\nD10*\nX0Y0D03*\nX${c(2)}Y0D03*\n%AB*%\n%ABD13*%\nD12*\nX0Y0D03*\nX0Y${c(5)}D03*\n%AB*%\nD13*\nX${c(100)}Y0D03*`)
    expect(img.features.map((f) => f.shape.type === 'circle' && [f.shape.cx / 1e6, f.shape.cy / 1e6])).toEqual([
      [100, 0], [102, 0], [100, 5], [102, 5]])
  })

  it('a block flashed inside a block keeps its order, rotation and polarity once the outer block is placed', () => {
    // D13 = dark disc at (0,0), then D12 flashed clear and turned 90° at (3,0), then a dark disc at (6,0);
    // D12 (a dark 2×2 square, then a clear 1 mm disc) turned about its origin lands on (3,0) with its
    // polarities swapped: clear square, dark disc. Flashed at (10,0): discs at 10 and 16, the pair at 13
    const img = mm(`${block}%ABD13*%\nD11*\nX0Y0D03*\n%LPC*%\n%LR90*%\nD12*\nX${c(3)}Y0D03*\n%LPD*%\n%LR0*%\nD11*\nX${c(6)}Y0D03*\n%AB*%\nD13*\nX${c(10)}Y0D03*`)
    expect(img.features.map((f) => [f.polarity, f.shape.type, Math.round((f.bbox[0] + f.bbox[2]) / 2e6)])).toEqual([
      ['dark', 'circle', 10], ['clear', 'rect', 13], ['dark', 'circle', 13], ['dark', 'circle', 16]])
  })

  it('counts a nested block whole before copying it: 8 levels of 8 flashes under maxFeatures', () => {
    let text = `%ADD10C,1*%\n%ABD100*%\nD10*\n${'X0Y0D03*\n'.repeat(8)}%AB*%\n`
    for (let level = 101; level < 108; level++) text += `%ABD${level}*%\nD${level - 1}*\n${'X0Y0D03*\n'.repeat(8)}%AB*%\n`
    const t0 = performance.now()
    expect(() => mm(`${text}D107*\nX0Y0D03*`, { maxFeatures: 1_000_000 })).toThrow(/Flashing block aperture D107 \(16777216 features\) would make more than 1000000 features/)
    expect(performance.now() - t0).toBeLessThan(1000)
  })

  it('checks the feature limit before expanding a block flash', () => {
    expect(() => mm(`%ADD10C,1*%\n%ABD12*%\nD10*\nX0Y0D03*\nX1Y0D03*\nX2Y0D03*\n%AB*%\nD12*\nX0Y0D03*\nX5Y0D03*`, { maxFeatures: 4 }))
      .toThrow(/t\.gbr:12: Flashing block aperture D12/)
  })
})

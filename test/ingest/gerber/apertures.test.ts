import { describe, expect, it } from 'vitest'
import { area } from '../../../src/geometry/boolean.ts'
import { readGerber } from '../../../src/ingest/gerber/index.ts'
import { areaMm2, boxMm, expectAreaClose, expectBoxClose, mm } from './helpers.ts'

const PI = Math.PI

describe('standard apertures (AD C, R, O, P)', () => {
  it('flashes a circle as an analytic circle of the given diameter', () => {
    const img = mm('%ADD10C,1.0*%\nD10*\nX2000000Y-1000000D03*')
    expect(img.features).toHaveLength(1)
    expect(img.features[0]!.shape).toEqual({ type: 'circle', cx: 2_000_000, cy: -1_000_000, diameter: 1_000_000 })
    expect(img.features[0]!.kind).toBe('flash')
    expect(boxMm(img.features[0]!.bbox)).toEqual([1.5, -1.5, 2.5, -0.5])
    expectAreaClose(areaMm2(img.features), PI / 4)
  })

  it('makes a circle with a hole a polygon whose hole ring is clockwise', () => {
    const img = mm('%ADD10C,1.0X0.4*%\nD10*\nX0Y0D03*')
    const shape = img.features[0]!.shape
    expect(shape.type).toBe('polygon')
    if (shape.type !== 'polygon') return
    expect(shape.paths).toHaveLength(2)
    expect(area([shape.paths[1]!])).toBeLessThan(0)
    expectAreaClose(areaMm2(img.features), (PI / 4) * (1 - 0.16)) // 0.659734
  })

  it('keeps a rectangle analytic and gives it the exact area and box', () => {
    const img = mm('%ADD11R,2.0X1.0*%\nD11*\nX1000000Y1000000D03*')
    expect(img.features[0]!.shape).toEqual({ type: 'rect', cx: 1_000_000, cy: 1_000_000, width: 2_000_000, height: 1_000_000, rotation: 0 })
    expect(boxMm(img.features[0]!.bbox)).toEqual([0, 0.5, 2, 1.5])
    expectAreaClose(areaMm2(img.features), 2)
  })

  it('subtracts the hole of a rectangle with a hole', () => {
    const img = mm('%ADD11R,2.0X1.0X0.5*%\nD11*\nX0Y0D03*')
    expect(img.features[0]!.shape.type).toBe('polygon')
    expectAreaClose(areaMm2(img.features), 2 - PI / 16) // 1.803650
  })

  it('keeps an obround analytic: a 1×1 square plus a 1 mm disc', () => {
    const img = mm('%ADD12O,2.0X1.0*%\nD12*\nX0Y0D03*')
    expect(img.features[0]!.shape.type).toBe('obround')
    expect(boxMm(img.features[0]!.bbox)).toEqual([-1, -0.5, 1, 0.5])
    expectAreaClose(areaMm2(img.features), 1 + PI / 4)
  })

  it('subtracts the hole of an obround with a hole', () => {
    const img = mm('%ADD12O,1.0X2.0X0.4*%\nD12*\nX0Y0D03*')
    expectAreaClose(areaMm2(img.features), 1 + PI / 4 - PI * 0.04)
    expectBoxClose(boxMm(img.features[0]!.bbox), [-0.5, -1, 0.5, 1], 1e-3)
  })

  it('makes a regular polygon with its first vertex on +X rotated by the given angle', () => {
    const square = mm('%ADD13P,1.0X4*%\nD13*\nX0Y0D03*')
    expect(square.features[0]!.shape.type).toBe('polygon')
    expectBoxClose(boxMm(square.features[0]!.bbox), [-0.5, -0.5, 0.5, 0.5], 1e-6)
    expectAreaClose(areaMm2(square.features), 0.5) // a square of diagonal 1
    const turned = mm('%ADD13P,1.0X4X45*%\nD13*\nX0Y0D03*')
    const h = Math.SQRT1_2 / 2
    expectBoxClose(boxMm(turned.features[0]!.bbox), [-h, -h, h, h], 1e-6)
    const hexagon = mm('%ADD14P,2.0X6*%\nD14*\nX0Y0D03*')
    expectAreaClose(areaMm2(hexagon.features), (3 * Math.sqrt(3)) / 2, 1e-6)
  })

  it('subtracts the hole of a polygon with a hole', () => {
    const img = mm('%ADD13P,1.0X4X0X0.2*%\nD13*\nX0Y0D03*')
    expectAreaClose(areaMm2(img.features), 0.5 - PI * 0.01)
  })
})

describe('units and coordinate formats', () => {
  it('converts inch exactly at 25.4 mm per inch', () => {
    const img = readGerber('%FSLAX24Y24*%\n%MOIN*%\n%ADD10C,0.1*%\nD10*\nX10000Y-5000D03*\nM02*\n', 'in.gbr')
    expect(img.units).toBe('inch')
    expect(img.features[0]!.shape).toEqual({ type: 'circle', cx: 25_400_000, cy: -12_700_000, diameter: 2_540_000 })
  })

  it('reads leading-zero omission (the digits are the right-most of the format)', () => {
    const img = readGerber('%FSLAX33Y33*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\nX1500Y-12D03*\nM02*\n', 'lz.gbr')
    expect(img.features[0]!.shape).toMatchObject({ cx: 1_500_000, cy: -12_000 })
  })

  it('reads trailing-zero omission (the digits are the left-most) with a warning', () => {
    const img = readGerber('%FSTAX33Y33*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\nX0015Y-12D03*\nM02*\n', 'tz.gbr')
    // X0015 → 001.500 mm; Y-12 → -120.000 mm
    expect(img.features[0]!.shape).toMatchObject({ cx: 1_500_000, cy: -120_000_000 })
    expect(img.diagnostics.some((d) => d.severity === 'warning' && /railing/.test(d.message) && d.source.line === 1)).toBe(true)
  })

  it('accumulates incremental coordinates (FSLI) with a warning', () => {
    const img = readGerber('%FSLIX33Y33*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\nX1000Y1000D03*\nX1000D03*\nY-500D03*\nM02*\n', 'inc.gbr')
    expect(img.features.map((f) => f.shape)).toMatchObject([{ cx: 1e6, cy: 1e6 }, { cx: 2e6, cy: 1e6 }, { cx: 2e6, cy: 0.5e6 }])
    expect(img.diagnostics.some((d) => /ncremental/.test(d.message))).toBe(true)
  })

  it('keeps an omitted X or Y at its previous value (modal coordinates)', () => {
    const img = mm('%ADD10C,0.1*%\nD10*\nX1000000Y2000000D03*\nX3000000D03*\nY5000000D03*')
    expect(img.features.map((f) => f.shape)).toMatchObject([{ cx: 1e6, cy: 2e6 }, { cx: 3e6, cy: 2e6 }, { cx: 3e6, cy: 5e6 }])
  })

  it('reads the deprecated G70/G71 unit codes with a warning', () => {
    const img = readGerber('%FSLAX24Y24*%\nG70*\n%ADD10C,0.1*%\nD10*\nX10000Y0D03*\nM02*\n', 'g70.gbr')
    expect(img.units).toBe('inch')
    expect(img.features[0]!.shape).toMatchObject({ cx: 25_400_000 })
    expect(img.diagnostics.find((d) => /G70/.test(d.message))?.source.line).toBe(2)
  })
})

// Hand-computed areas and overhang distances (mm values written out; shapes in nm).
import { describe, expect, it } from 'vitest'
import { overhangDistance, overlapArea, shapeDistance, isNarrowerThan } from '../../src/geometry/measure.ts'
import type { Shape } from '../../src/geometry/types.ts'

const mm = (v: number) => Math.round(v * 1e6)
const circle = (x: number, y: number, d: number): Shape => ({ type: 'circle', cx: mm(x), cy: mm(y), diameter: mm(d) })
const rect = (x: number, y: number, w: number, h: number, rotation = 0): Shape => ({ type: 'rect', cx: mm(x), cy: mm(y), width: mm(w), height: mm(h), rotation })
const asPolygon = (s: Shape): Shape => ({ type: 'polygon', paths: [[...(s.type === 'rect' ? rectCorners(s) : [])]] })
function rectCorners(s: Extract<Shape, { type: 'rect' }>) {
  const { cx, cy, width: w, height: h } = s
  return [{ x: cx - w / 2, y: cy - h / 2 }, { x: cx + w / 2, y: cy - h / 2 }, { x: cx + w / 2, y: cy + h / 2 }, { x: cx - w / 2, y: cy + h / 2 }]
}

describe('overhang distance', () => {
  it('is centre offset + deposit radius − pad radius for offset circles', () => {
    // 0.6 mm deposit 0.1 mm off a 0.4 mm pad: 0.1 + 0.3 − 0.2 = 0.2 mm
    expect(overhangDistance(circle(0.1, 0, 0.6), [circle(0, 0, 0.4)])).toBe(mm(0.2))
  })
  it('is 0 for a deposit inside its pad', () => {
    expect(overhangDistance(circle(0.05, 0, 0.2), [circle(0, 0, 0.4)])).toBe(0)
  })
  it('is the far edge distance for a rectangle shifted along x', () => {
    // deposit x ∈ [−0.3, 0.7], pad x ∈ [−0.3, 0.3], same y span: farthest point 0.4 mm out
    expect(overhangDistance(rect(0.2, 0, 1.0, 0.6), [rect(0, 0, 0.6, 0.6)])).toBeCloseTo(mm(0.4), -1)
  })
  it('is the corner-to-corner diagonal for a larger concentric square', () => {
    // corners (0.5, 0.5) to (0.3, 0.3): 0.2·√2 = 0.282843 mm
    expect(overhangDistance(rect(0, 0, 1, 1), [asPolygon(rect(0, 0, 0.6, 0.6))])).toBeCloseTo(mm(0.2 * Math.SQRT2), -1)
  })
  it('is measured along the axis for a circle over a square pad', () => {
    // circle r 0.5 over square half-width 0.3: worst along an axis, 0.5 − 0.3 = 0.2 mm (at 45°: 0.0757 mm)
    // within the 50 nm chord tolerance of the polygonised circle
    expect(Math.abs(overhangDistance(circle(0, 0, 1.0), [rect(0, 0, 0.6, 0.6)]) - mm(0.2))).toBeLessThanOrEqual(50)
  })
})

describe('wettable area', () => {
  it('of two 0.4 mm circles 0.2 mm apart is the lens 0.049135 mm²', () => {
    // 2r²·acos(d/2r) − (d/2)·√(4r² − d²) = 0.08·1.047198 − 0.1·0.346410 = 0.049135
    expect(overlapArea(circle(0, 0, 0.4), circle(0.2, 0, 0.4)) / 1e12).toBeCloseTo(0.049135, 5)
  })
  it('of the same lens through polygons agrees within the chord tolerance', () => {
    const lens = overlapArea(asPolygonCircle(0, 0, 0.4), circle(0.2, 0, 0.4)) / 1e12
    // inscribed chords (≤ 50 nm sagitta) lose well under 0.1 % of a lens this size
    expect(Math.abs(lens / 0.049135 - 1)).toBeLessThan(0.001)
  })
  it('of a 0.4 mm square and a 0.5 mm circle is the circle less four segments: 0.155475 mm²', () => {
    // segment beyond |x| = 0.2 of r = 0.25: r²·acos(0.8) − 0.2·0.15 = 0.010219; π·0.0625 − 4·0.010219
    expect(overlapArea(rect(0, 0, 0.4, 0.4), circle(0, 0, 0.5)) / 1e12 / 0.155475).toBeCloseTo(1, 3)
  })
})

describe('distance and width', () => {
  it('between two circles is centre distance less both radii', () => {
    expect(shapeDistance(circle(0, 0, 0.4), circle(1, 0, 0.6))).toBe(mm(0.5))
  })
  it('between a circle and a square is the gap along the axis', () => {
    // square x ≤ 0.3; circle centre 1.0 radius 0.2: gap 0.5 mm
    expect(shapeDistance(rect(0, 0, 0.6, 0.6), circle(1, 0, 0.4))).toBeCloseTo(mm(0.5), -1)
  })
  it('finds a lens narrower than a limit', () => {
    // lens of two 0.4 mm circles 0.3 mm apart is 0.1 mm thick
    const lens: Shape = { type: 'polygon', paths: intersectPaths(circle(0, 0, 0.4), circle(0.3, 0, 0.4)) }
    expect(isNarrowerThan(lens, mm(0.12))).toBe(true)
    expect(isNarrowerThan(lens, mm(0.08))).toBe(false)
  })
})

import { intersect } from '../../src/geometry/boolean.ts'
import { shapeToPaths } from '../../src/geometry/polygonize.ts'
function intersectPaths(a: Shape, b: Shape) {
  return intersect(shapeToPaths(a), shapeToPaths(b))
}
function asPolygonCircle(x: number, y: number, d: number): Shape {
  return { type: 'polygon', paths: shapeToPaths(circle(x, y, d)) }
}

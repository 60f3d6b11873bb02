import { describe, expect, it } from 'vitest'
import { area, darkArea } from '../../src/geometry/boolean.ts'
import { shapeToPaths, shapeBox } from '../../src/geometry/polygonize.ts'
import type { Feature } from '../../src/layers/model.ts'
import type { Shape } from '../../src/geometry/types.ts'

const feature = (shape: Shape, polarity: 'dark' | 'clear' = 'dark', id = 0): Feature => ({
  id, kind: 'flash', shape, polarity, bbox: shapeBox(shape), source: { file: 't', line: 1 },
})

describe('polygonize', () => {
  it('gives a 1 mm circle an area within 0.05 % of π/4 mm²', () => {
    const a = area(shapeToPaths({ type: 'circle', cx: 0, cy: 0, diameter: 1_000_000 }))
    expect(a / (Math.PI * 0.25e12)).toBeCloseTo(1, 3)
  })
  it('gives an obround 2×1 mm the area of a 1×1 square plus a 1 mm circle', () => {
    const a = area(shapeToPaths({ type: 'obround', cx: 5, cy: 5, width: 2_000_000, height: 1_000_000, rotation: 30 }))
    expect(a / (1e12 + Math.PI * 0.25e12)).toBeCloseTo(1, 3)
  })
  it('subtracts a clear circle from a dark square', () => {
    const sq: Shape = { type: 'rect', cx: 0, cy: 0, width: 2_000_000, height: 2_000_000, rotation: 0 }
    const hole: Shape = { type: 'circle', cx: 0, cy: 0, diameter: 1_000_000 }
    const a = darkArea([feature(sq), feature(hole, 'clear', 1)])
    expect(a / (4e12 - Math.PI * 0.25e12)).toBeCloseTo(1, 3)
  })
})

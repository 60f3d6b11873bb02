// GraphicsState: the aperture transform (LM, LR, LS) and the deprecated image transform (OF, MI, IR, AS).

import { describe, expect, it } from 'vitest'
import { GraphicsState } from '../../../src/ingest/gerber/graphics-state.ts'
import { DiagnosticLog } from '../../../src/ingest/gerber/parse.ts'
import { CoordinateFormat } from '../../../src/ingest/gerber/units.ts'

const make = (units: 'mm' | 'inch' = 'mm') => {
  const log = new DiagnosticLog('s.gbr')
  const format = new CoordinateFormat('s.gbr', log)
  format.setUnits(units)
  format.setFormat(6, false)
  return { log, state: new GraphicsState(format) }
}

describe('GraphicsState', () => {
  it('starts dark, linear, at the origin, with no transform', () => {
    const { state } = make()
    expect([state.x, state.y, state.polarity, state.interpolation, state.quadrant]).toEqual([0, 0, 'dark', 'linear', undefined])
    expect(state.transformIsIdentity && state.imageIdentity).toBe(true)
    const p = state.toImage(5, -7)
    expect(p).toEqual([5, -7])
  })

  it('keeps the aperture transform and whether it is the identity', () => {
    const { state } = make()
    state.apply({ type: 'loadRotation', line: 1, degrees: -90 })
    expect(state.transform).toEqual({ mirrorX: false, mirrorY: false, rotation: 270, scale: 1 })
    expect(state.transformIsIdentity).toBe(false)
    state.apply({ type: 'loadRotation', line: 2, degrees: 360 })
    expect(state.transformIsIdentity).toBe(true)
    state.apply({ type: 'loadMirroring', line: 3, mirrorX: true, mirrorY: false })
    state.apply({ type: 'loadScaling', line: 4, factor: 2 })
    expect(state.transform).toEqual({ mirrorX: true, mirrorY: false, rotation: 0, scale: 2 })
  })

  it('offsets by %OF in file units: 1 inch is 25 400 000 nm', () => {
    const { state } = make('inch')
    state.apply({ type: 'imageTransform', line: 1, offset: [1, -0.5] })
    expect(state.imageIdentity).toBe(false)
    expect(state.toImage(1000, 2000)).toEqual([25_401_000, -12_698_000])
  })

  it('mirrors A (x), swaps axes and rotates by %IR90: (3, 1) → swap (1, 3) → mirror (−1, 3) → IR90 (−3, −1)', () => {
    const { state } = make()
    state.apply({ type: 'imageTransform', line: 1, mirror: [true, false], swapAxes: true, rotation: 90 })
    expect(state.toImage(3, 1)).toEqual([-3, -1])
    // mirror and swap are two reflections: arcs keep their direction
    expect(state.arcsFlipped()).toBe(false)
    // the apertures turn with the image: LR45 + IR90 = 135°, mirrored in x by the swap-and-mirror pair only once
    state.apply({ type: 'loadRotation', line: 2, degrees: 45 })
    expect(state.effectiveTransform()).toEqual({ mirrorX: false, mirrorY: false, rotation: 135, scale: 1 })
  })

  it('one mirror alone turns arcs the other way; %IPNEG marks the image negative', () => {
    const { state } = make()
    state.apply({ type: 'imageTransform', line: 1, mirror: [false, true] })
    expect(state.arcsFlipped()).toBe(true)
    expect(state.effectiveTransform().mirrorY).toBe(true)
    state.apply({ type: 'imageTransform', line: 2, negative: true })
    expect(state.imageNegative).toBe(true)
  })

  it('an image transform in a file without %MO assumes inch there, with the warning at its line', () => {
    const log = new DiagnosticLog('s.gbr')
    const format = new CoordinateFormat('s.gbr', log)
    const state = new GraphicsState(format)
    state.apply({ type: 'imageTransform', line: 4, offset: [0.1, 0] })
    expect(format.units).toBe('inch')
    expect(log.list.map((d) => d.source.line)).toEqual([4])
  })
})

// FeatureTargets: step and repeat and block apertures, and the count and memory charge made before
// any copy is built.

import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, InputError, LimitError, type ReadLimits } from '../../../src/errors.ts'
import type { Feature } from '../../../src/layers/model.ts'
import { MemoryBudget } from '../../../src/ingest/budget.ts'
import { FeatureTargets } from '../../../src/ingest/gerber/blocks.ts'
import { featureObjects } from '../../../src/layers/packed-feature.ts'
import { PackedLayerBuilder } from '../../../src/layers/pack.ts'
import { DiagnosticLog } from '../../../src/ingest/gerber/parse.ts'
import type { StepRepeat } from '../../../src/ingest/gerber/tree.ts'
import { CoordinateFormat } from '../../../src/ingest/gerber/units.ts'

const builders = new WeakMap<FeatureTargets, PackedLayerBuilder>()
const make = (limits: Partial<ReadLimits> = {}, budget = new MemoryBudget(2 ** 40)) => {
  const log = new DiagnosticLog('b.gbr')
  const format = new CoordinateFormat('b.gbr', log)
  format.setUnits('mm')
  const packed = new PackedLayerBuilder()
  const targets = new FeatureTargets('b.gbr', { ...DEFAULT_LIMITS, ...limits }, budget, format, packed)
  builders.set(targets, packed)
  return targets
}
/** Ends the image and gives its features, as the packed arrays hold them. */
const imageOf = (targets: FeatureTargets, endedAt: number | undefined): Feature[] => {
  targets.finish(endedAt)
  return featureObjects(builders.get(targets)!.finish())
}
/** A counted 1 µm disc at x, y (nm), as the plotter adds one. */
const disc = (targets: FeatureTargets, x: number, y: number, line = 1): void => {
  targets.count(line)
  const f: Feature = { id: 0, kind: 'flash', shape: { type: 'circle', cx: x, cy: y, diameter: 1000 }, polarity: 'dark', bbox: [x - 500, y - 500, x + 500, y + 500], source: { file: 'b.gbr', line } }
  targets.add(f)
}
const sr = (line: number, x: number, y: number, i: number, j: number): StepRepeat => ({ type: 'stepRepeat', line, open: true, x, y, i, j })
const close: StepRepeat = { type: 'stepRepeat', line: 0, open: false, x: 1, y: 1, i: 0, j: 0 }
const centres = (features: Feature[]) => features.map((f) => f.shape.type === 'circle' ? [f.id, f.shape.cx, f.shape.cy] : [])
const failure = (run: () => void): InputError => {
  try { run() } catch (e) { if (e instanceof InputError) return e; throw e }
  throw new Error('did not throw')
}

describe('FeatureTargets: step and repeat', () => {
  it('repeats its block X3 × Y2 at I1 J2 mm, row by row, ids in image order', () => {
    const targets = make()
    disc(targets, 0, 0)
    targets.stepRepeat(sr(2, 3, 2, 1, 2))
    disc(targets, 10, 0)
    disc(targets, 20, 0)
    targets.stepRepeat({ ...close, line: 9 })
    expect(centres(imageOf(targets, undefined))).toEqual([
      [0, 0, 0],
      [1, 10, 0], [2, 20, 0], [3, 1_000_010, 0], [4, 1_000_020, 0], [5, 2_000_010, 0], [6, 2_000_020, 0],
      [7, 10, 2_000_000], [8, 20, 2_000_000], [9, 1_000_010, 2_000_000], [10, 1_000_020, 2_000_000], [11, 2_000_010, 2_000_000], [12, 2_000_020, 2_000_000],
    ])
  })

  it('counts the whole expansion at the %SR line before making a copy', () => {
    const targets = make({ maxFeatures: 12 })
    targets.stepRepeat(sr(4, 3, 2, 1, 1))
    disc(targets, 0, 0, 5)
    disc(targets, 5, 0, 6)
    // 2 written + 5 × 2 copies = 12: at the limit, allowed
    targets.stepRepeat({ ...close, line: 7 })
    expect(imageOf(targets, undefined)).toHaveLength(12)

    const over = make({ maxFeatures: 11 })
    over.stepRepeat(sr(4, 3, 2, 1, 1))
    disc(over, 0, 0, 5)
    disc(over, 5, 0, 6)
    const error = failure(() => over.stepRepeat({ ...close, line: 7 }))
    expect(error).toBeInstanceOf(LimitError)
    expect(error.line).toBe(4)
    expect(error.what).toMatch(/^Step and repeat X3×Y2 of 2 features would make more than 11 features/)
    expect(imageOf(over, undefined)).toEqual([]) // not one copy was made
  })

  it('charges the copies to the memory budget before they are made: 114 464 × 400 B past a 30 MB budget', () => {
    const budget = new MemoryBudget(30 * 2 ** 20)
    const targets = make({}, budget)
    targets.stepRepeat(sr(3, 300, 300, 0.1, 0.1))
    disc(targets, 0, 0)
    disc(targets, 1, 0)
    // the first feature charged a chunk of 65 536 ahead: 26 214 400 B
    expect(budget.charged).toBe(65_536 * 400)
    const error = failure(() => targets.stepRepeat({ ...close, line: 8 }))
    // 2 + 89 999 × 2 = 180 000 features, 65 536 already charged: 114 464 more = 45 785 600 B = 43.7 MB
    expect(error).toMatchObject({ line: 3, limit: 'maxMemory' })
    expect(error.what).toMatch(/^Step and repeat X300×Y300 of 2 features would take about 43\.7 MB, past the memory budget of 30\.0 MB \(25\.0 MB already read\)/)
    expect(budget.charged).toBe(65_536 * 400)
    expect(imageOf(targets, undefined)).toEqual([])
  })

  it('an empty step and repeat costs nothing, however large its count', () => {
    const targets = make({ maxFeatures: 1 })
    targets.stepRepeat(sr(2, 100_000, 100_000, 1, 1))
    targets.stepRepeat({ ...close, line: 3 })
    expect(imageOf(targets, undefined)).toEqual([])
  })

  it('M02 closes a step and repeat left open; without it the file is cut short', () => {
    const closed = make()
    closed.stepRepeat(sr(2, 2, 1, 1, 0))
    disc(closed, 0, 0)
    expect(centres(imageOf(closed, 9))).toEqual([[0, 0, 0], [1, 1_000_000, 0]])
    const open = make()
    open.stepRepeat(sr(2, 2, 1, 1, 0))
    expect(failure(() => open.finish(undefined))).toMatchObject({ line: 2, what: 'Step and repeat (%SR…*%) is not closed: the file is cut short' })
  })
})

describe('FeatureTargets: block apertures', () => {
  /** D10: discs at (0, 0) and (100, 0); D11: D10 flashed at x = 0, 1000, 2000 (references, not copies). */
  const nested = (targets: FeatureTargets) => {
    targets.blockAperture({ type: 'blockAperture', line: 2, code: 10 }, {})
    disc(targets, 0, 0, 3)
    disc(targets, 100, 0, 4)
    const d10 = targets.blockAperture({ type: 'blockAperture', line: 5 }, {})!
    targets.blockAperture({ type: 'blockAperture', line: 6, code: 11 }, { '.AperFunction': ['Other', 'x'] })
    const t = { mirrorX: false, mirrorY: false, rotation: 0, scale: 1 }
    for (const x of [0, 1000, 2000]) targets.flashBlock(d10, t, x, 0, false, 7)
    const d11 = targets.blockAperture({ type: 'blockAperture', line: 8 }, { '.AperFunction': ['Other', 'x'] })!
    return { d10, d11, t }
  }

  it('a block flashed in a block is kept as a reference and copied when the outer block is placed', () => {
    const targets = make()
    const { d11, t } = nested(targets)
    expect(d11).toMatchObject({ code: 11, kind: 'block', line: 6, aperFunction: 'Other' })
    targets.flashBlock(d11, t, 0, 50, true, 9) // clear polarity: the dark contents turn clear
    const image = imageOf(targets, undefined)
    expect(centres(image)).toEqual([[0, 0, 50], [1, 100, 50], [2, 1000, 50], [3, 1100, 50], [4, 2000, 50], [5, 2100, 50]])
    expect(new Set(image.map((f) => f.polarity))).toEqual(new Set(['clear']))
  })

  it('counts a block flash whole before placing it; a definition no longer counts once closed', () => {
    const targets = make({ maxFeatures: 7 })
    const { d11, t } = nested(targets) // 2 features made in D10: uncounted at its %AB*%
    targets.flashBlock(d11, t, 0, 0, false, 9) // 6
    const error = failure(() => targets.flashBlock(d11, t, 0, 0, false, 10)) // 12 > 7
    expect(error).toMatchObject({ line: 10, limit: 'maxFeatures' })
    expect(error.what).toMatch(/^Flashing block aperture D11 \(6 features\) would make more than 7 features/)
    expect(imageOf(targets, undefined)).toHaveLength(6)
  })

  it('refuses nesting past maxDepth, %AB*% with none open or across a step and repeat, and a block left open', () => {
    const deep = make({ maxDepth: 2 })
    deep.blockAperture({ type: 'blockAperture', line: 1, code: 10 }, {})
    deep.blockAperture({ type: 'blockAperture', line: 2, code: 11 }, {})
    expect(failure(() => deep.blockAperture({ type: 'blockAperture', line: 3, code: 12 }, {}))).toMatchObject({ line: 3, limit: 'maxDepth' })
    expect(failure(() => make().blockAperture({ type: 'blockAperture', line: 4 }, {}))).toMatchObject({ line: 4, what: '%AB*% without an open block aperture' })
    const across = make()
    across.blockAperture({ type: 'blockAperture', line: 1, code: 10 }, {})
    across.stepRepeat(sr(2, 2, 2, 1, 1))
    expect(failure(() => across.blockAperture({ type: 'blockAperture', line: 3 }, {}))).toMatchObject({
      line: 3, what: '%AB*% closes a block while a step and repeat opened at line 2 is still open',
    })
    const open = make()
    open.blockAperture({ type: 'blockAperture', line: 5, code: 13 }, {})
    expect(failure(() => open.finish(9))).toMatchObject({ line: 5, what: 'Block aperture D13 (%AB…*%) is not closed: the file is cut short' })
  })
})

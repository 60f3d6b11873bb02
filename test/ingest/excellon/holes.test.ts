// HolePlotter: hits, slots, routed arcs and repeats, and the count and memory charge made before a
// repeat's holes.

import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, InputError, LimitError, type ReadLimits } from '../../../src/errors.ts'
import { MemoryBudget } from '../../../src/ingest/budget.ts'
import { DrillFormat } from '../../../src/ingest/excellon/format.ts'
import { HolePlotter } from '../../../src/ingest/excellon/holes.ts'
import { ToolTable } from '../../../src/ingest/excellon/tools.ts'
import { Warnings } from '../../../src/ingest/excellon/warnings.ts'
import { featureObjects } from '../../../src/layers/packed-feature.ts'
import { PackedLayerBuilder } from '../../../src/layers/pack.ts'

const at = (line: number) => ({ file: 'd.drl', line })
/** Metric, 0.3 mm tool T1 selected. */
const make = (limits: Partial<ReadLimits> = {}, budget = new MemoryBudget(2 ** 40)) => {
  const warnings = new Warnings()
  const format = new DrillFormat('d.drl', warnings)
  format.units = 'mm'
  const tools = new ToolTable('d.drl', warnings, format)
  tools.define({ type: 'toolDefine', source: at(2), tool: 1, diameter: '0.3' }, false)
  const packed = new PackedLayerBuilder()
  const holes = new HolePlotter('d.drl', { ...DEFAULT_LIMITS, ...limits }, budget, tools, format, packed)
  builders.set(holes, packed)
  return holes
}
const builders = new WeakMap<HolePlotter, PackedLayerBuilder>()
/** The features made so far, as the packed arrays hold them. */
const featuresOf = (holes: HolePlotter) => featureObjects(builders.get(holes)!.finish())
const failure = (run: () => void): InputError => {
  try { run() } catch (e) { if (e instanceof InputError) return e; throw e }
  throw new Error('did not throw')
}

describe('HolePlotter', () => {
  it('a hit is a circle of the tool size, boxed about its centre', () => {
    const holes = make()
    holes.hole({ x: 1_000_000, y: -2_000_000 }, at(5))
    expect(featuresOf(holes)).toEqual([{
      id: 0, kind: 'hole', shape: { type: 'circle', cx: 1_000_000, cy: -2_000_000, diameter: 300_000 }, polarity: 'dark',
      bbox: [850_000, -2_150_000, 1_150_000, -1_850_000], source: at(5), drill: 300_000,
    }])
    expect(holes.lastHit).toEqual({ x: 1_000_000, y: -2_000_000 })
  })

  it('R3X0.5 makes three more holes 0.5 mm apart from the last hit', () => {
    const holes = make()
    holes.hole({ x: 0, y: 100 }, at(5))
    expect(holes.repeat(3, { x: '0.5' }, at(6))).toEqual({ x: 1_500_000, y: 100 })
    expect(featuresOf(holes).map((f) => f.shape.type === 'circle' && [f.id, f.shape.cx, f.shape.cy, f.source.line])).toEqual([
      [0, 0, 100, 5], [1, 500_000, 100, 6], [2, 1_000_000, 100, 6], [3, 1_500_000, 100, 6],
    ])
  })

  it('counts a repeat whole at its line before making a hole', () => {
    const holes = make({ maxFeatures: 3 })
    holes.hole({ x: 0, y: 0 }, at(5))
    const error = failure(() => holes.repeat(3, { x: '1' }, at(6)))
    expect(error).toBeInstanceOf(LimitError)
    expect(error).toMatchObject({ line: 6, limit: 'maxFeatures' })
    expect(error.what).toMatch(/^more than 3 features \(Repeat R3; raise the maxFeatures limit\)/)
    expect(featuresOf(holes)).toHaveLength(1)
    expect(failure(() => make().repeat(2, { x: '1' }, at(4)))).toMatchObject({ line: 4, what: 'repeat (R) with no drill hit before it' })
  })

  it('charges a repeat to the memory budget before its holes: another 65 536-feature chunk (25 MB) past a 30 MB budget', () => {
    const budget = new MemoryBudget(30 * 2 ** 20)
    const holes = make({}, budget)
    holes.hole({ x: 0, y: 0 }, at(5)) // charges a chunk of 65 536 ahead: 26 214 400 B
    const error = failure(() => holes.repeat(100_000, { x: '0.01' }, at(6)))
    // 100 001 features, 65 536 charged: 34 465 more, charged as at least a chunk of 65 536 = 26 214 400 B = 25.0 MB
    expect(error).toMatchObject({ line: 6, limit: 'maxMemory' })
    expect(error.what).toMatch(/^Repeat R100000 would take about 25\.0 MB, past the memory budget of 30\.0 MB \(25\.0 MB already read\)/)
    expect(featuresOf(holes)).toHaveLength(1)
    expect(budget.charged).toBe(65_536 * 400)
  })

  it('a G85 slot is a stroke of the tool width; X2 tools give function and plating in one literal', () => {
    const holes = make()
    holes.straightSlot({ x: 0, y: 0 }, { x: 2_000_000, y: 0 }, at(7))
    expect(featuresOf(holes)[0]).toMatchObject({ kind: 'slot', shape: { type: 'stroke', x1: 0, y1: 0, x2: 2_000_000, y2: 0, width: 300_000 }, bbox: [-150_000, -150_000, 2_150_000, 150_000] })
    expect(Object.keys(featuresOf(holes)[0]!)).not.toContain('plated')
  })

  it('finds an arc centre from its A radius: 2 mm chord, A1.25 → 0.75 mm left of the chord for CCW, right for CW', () => {
    const holes = make()
    const from = { x: 0, y: 0 }, to = { x: 2_000_000, y: 0 }
    expect(holes.arcCenter(from, to, { a: '1.25' }, false, at(1))).toEqual({ x: 1_000_000, y: 750_000 })
    expect(holes.arcCenter(from, to, { a: '1.25' }, true, at(1))).toEqual({ x: 1_000_000, y: -750_000 })
    expect(holes.arcCenter(from, to, { i: '1.0', j: '-0.5' }, true, at(1))).toEqual({ x: 1_000_000, y: -500_000 })
    expect(failure(() => holes.arcCenter(from, to, { a: '0.9' }, true, at(3)))).toMatchObject({ line: 3, what: 'arc radius 0.9 is shorter than half the chord' })
  })
})

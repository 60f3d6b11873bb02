// Bump sites on hand-drawn pads, mask openings and deposits: wettable areas, definitions and the
// deposit ↔ pad pairing, with areas worked out by hand (circle areas, lens areas by grid integration).
import { describe, expect, it } from 'vitest'
import { pairDeposits, wettableSites } from '../../src/layers/bump-sites.ts'
import { FeatureIndex } from '../../src/spatial/index.ts'
import { shapeBox } from '../../src/geometry/polygonize.ts'
import type { Feature, Polarity } from '../../src/layers/model.ts'
import type { Shape } from '../../src/geometry/types.ts'

const mm = (v: number) => Math.round(v * 1e6)
const MM2 = 1e12 // nm² per mm²
let line = 0
const feature = (shape: Shape, polarity: Polarity = 'dark'): Feature =>
  ({ id: line, kind: 'flash', shape, polarity, bbox: shapeBox(shape), source: { file: 'hand.gbr', line: ++line } })
const circle = (x: number, y: number, d: number, polarity?: Polarity) => feature({ type: 'circle', cx: mm(x), cy: mm(y), diameter: mm(d) }, polarity)
const rect = (x: number, y: number, w: number, h: number, polarity?: Polarity) =>
  feature({ type: 'rect', cx: mm(x), cy: mm(y), width: mm(w), height: mm(h), rotation: 0 }, polarity)

// A: 0.4 mm pad in a 0.5 mm opening (copper-defined); B: 0.4 mm pad in a 0.3 mm opening (mask-defined);
// C: 0.4 mm pad with no opening (covered); D: 0.4 mm square pad in a 0.6 mm opening whose right half a
// later clear flash closes again, so only x ∈ [9.8, 10.0] mm of the pad stays wettable.
const pads = [circle(0, 0, 0.4), circle(1, 0, 0.4), circle(2, 0, 0.4), rect(10, 0, 0.4, 0.4)]
const masks = [circle(0, 0, 0.5), circle(1, 0, 0.3), rect(10, 0, 0.6, 0.6), rect(10.3, 0, 0.6, 1, 'clear')]
const derive = () => wettableSites(pads, masks, new FeatureIndex(masks))

describe('wettableSites', () => {
  it('keeps the pad as W when the opening is larger (copper-defined): π · 0.2² = 0.125664 mm²', () => {
    const a = derive().sites.at(0)
    expect(a.definition).toBe('copper-defined')
    expect(a.wettable).toBe(pads[0]!.shape)
    expect(a.wettableArea / MM2).toBeCloseTo(0.125664, 6)
    expect(a.circular).toBe(true)
    expect(a.openings).toEqual([masks[0]])
    expect(a.center).toEqual({ x: 0, y: 0 })
  })

  it('takes the opening as W when it is smaller (mask-defined): π · 0.15² = 0.070686 mm²', () => {
    const b = derive().sites.at(1)
    expect(b.definition).toBe('mask-defined')
    expect(b.wettable).toBe(masks[1]!.shape)
    expect(b.wettableArea / MM2).toBeCloseTo(0.070686, 6)
    expect(b.center).toEqual({ x: mm(1), y: 0 })
  })

  it('reports a pad with no opening over it as covered, with no wettable area and no openings', () => {
    const c = derive().sites.at(2)
    expect(c).toMatchObject({ definition: 'covered', wettable: null, wettableArea: 0, circular: false })
    expect(c.openings).toEqual([])
    expect(c.center).toEqual({ x: mm(2), y: 0 }) // the pad's centre when nothing is wettable
  })

  it('lets a later clear opening take back part of the pad: W = 0.2 × 0.4 = 0.08 mm², partial, centred at x = 9.9 mm', () => {
    const d = derive().sites.at(3)
    expect(d.definition).toBe('partial') // the dark opening (0.36 mm²) is larger than the pad (0.16 mm²)
    expect(d.wettableArea / MM2).toBeCloseTo(0.08, 9)
    expect(d.openings).toEqual([masks[2], masks[3]]) // file order: the clear flash after the dark one
    expect(d.center).toEqual({ x: mm(9.9), y: 0 })
  })

  it('takes the whole pad as W when the side has no mask layer', () => {
    const { sites } = wettableSites(pads.slice(0, 2), null, null)
    expect([...sites].map((s) => s.definition)).toEqual(['no-mask', 'no-mask'])
    expect(sites.at(1).wettable).toBe(pads[1]!.shape)
    expect(sites.at(1).openings).toEqual([])
  })

  it('indexes each site by its wettable box, and a covered pad by its pad box', () => {
    const { index } = derive()
    // B's wettable box is the 0.3 mm opening: x ∈ [0.85, 1.15]; a probe at x = 0.82 misses it, at 0.86 finds it
    expect(index.query([mm(0.82), 0, mm(0.82), 0])).toEqual([])
    expect(index.query([mm(0.86), 0, mm(0.86), 0])).toEqual([1])
    expect(index.query([mm(1.81), 0, mm(1.81), 0])).toEqual([2]) // C's pad box x ∈ [1.8, 2.2]
  })
})

describe('pairDeposits', () => {
  // 1: 0.3 mm inside A; 2: 0.8 mm at x = 0.5 reaches A and B; 3: nowhere near a pad; 4: over covered C only
  const deposits = [circle(0, 0, 0.3), circle(0.5, 0, 0.8), circle(5, 5, 0.3), circle(2, 0, 0.3)]
  const paired = pairDeposits(derive(), { deposits, clears: [], copper: () => [] })
  const hitsOf = (d: number) =>
    Array.from({ length: paired.hitStart[d + 1]! - paired.hitStart[d]! }, (_, k) => ({
      site: paired.hitSite[paired.hitStart[d]! + k]!, overlap: paired.hitOverlap[paired.hitStart[d]! + k]! / MM2,
    }))

  it('gives a deposit inside a pad that one site, overlapping by its own area π · 0.15² = 0.070686 mm²', () => {
    const hits = hitsOf(0)
    expect(hits.map((h) => h.site)).toEqual([0])
    expect(hits[0]!.overlap).toBeCloseTo(0.070686, 6)
  })

  it('gives a deposit over two pads both sites, the larger overlap first', () => {
    // lens of r 0.4 and r 0.2 at 0.5 mm: 0.020897 mm²; of r 0.4 and r 0.15 at 0.5 mm: 0.006759 mm² (grid integration)
    const hits = hitsOf(1)
    expect(hits.map((h) => h.site)).toEqual([0, 1])
    expect(hits[0]!.overlap).toBeCloseTo(0.020897, 5)
    expect(hits[1]!.overlap).toBeCloseTo(0.006759, 5)
  })

  it('gives a deposit away from every pad, or over a covered pad only, no site', () => {
    expect(hitsOf(2)).toEqual([])
    expect(hitsOf(3)).toEqual([])
  })

  it('lists each site its deposits in deposit order', () => {
    const row = (i: number) => Array.from(paired.siteDeposit.subarray(paired.siteDepositStart[i]!, paired.siteDepositStart[i + 1]!))
    expect([0, 1, 2, 3].map(row)).toEqual([[0, 1], [1], [], []])
  })

  it('offers the same pairing as arrays for older readers', () => {
    expect(paired.depositSites.map((hits) => hits.map((h) => h.site))).toEqual([[0], [0, 1], [], []])
    expect(paired.depositSites[1]![1]!.overlap).toBe(paired.hitOverlap[2])
    expect(paired.siteDeposits).toEqual([[0, 1], [1], [], []])
  })
})

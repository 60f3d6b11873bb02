// Derived per side, once per run: each bump pad with its wettable area (pad ∩ mask opening) and the
// deposits over it. Every bump rule reads this instead of recomputing booleans.

import type { Feature, Point, Shape } from './model.ts'
import { FeatureIndex } from '../spatial/index.ts'
import { area, darkImage, intersect } from '../geometry/boolean.ts'
import { shapeBox, shapeCenter, shapeToPaths } from '../geometry/polygonize.ts'
import { overlapArea, shapeArea } from '../geometry/measure.ts'

/** How the mask meets the pad: NSMD (opening larger), SMD (opening smaller), partly, not at all, or no mask layer. */
export type PadDefinition = 'copper-defined' | 'mask-defined' | 'partial' | 'covered' | 'no-mask'

export interface BumpSite {
  pad: Feature
  /** Pad ∩ mask opening; analytic when both are (circle in circle), a polygon otherwise; null when covered. */
  wettable: Shape | null
  /** nm² */
  wettableArea: number
  /** True when the wettable area is a circle (the bump-height formula is exact, not an estimate). */
  circular: boolean
  definition: PadDefinition
  /** Mask opening features over this pad. */
  openings: Feature[]
  center: Point
}

export interface BumpSites {
  sites: BumpSite[]
  /** Index over the sites' wettable boxes (covered pads indexed by their pad box). */
  index: FeatureIndex
  deposits: Feature[]
  /** For each deposit (by position in `deposits`), the sites it overlaps with the overlap area, largest first. */
  depositSites: { site: number; overlap: number }[][]
  /** For each site, the deposits over it. */
  siteDeposits: number[][]
}

/** How findings name a pad: `U1-A6` from X2 .C/.P, else where it is written. */
export function padLabel(pad: Feature): string {
  if (pad.component === undefined) return `at ${pad.source.file.split('/').pop()}:${pad.source.line}`
  return pad.pin !== undefined ? `${pad.component}-${pad.pin}` : pad.component
}

/** Is this pads-layer feature a bump pad? By aperture function when the file has them, else every flash. */
export function isBumpPad(f: Feature, padFunctions: readonly string[], layerHasFunctions: boolean): boolean {
  if (f.polarity !== 'dark') return false
  if (f.kind !== 'flash' && f.kind !== 'region') return false
  if (!layerHasFunctions) return f.kind === 'flash'
  return f.aperFunction !== undefined && padFunctions.includes(f.aperFunction)
}

function containsCircle(outer: Extract<Shape, { type: 'circle' }>, inner: Extract<Shape, { type: 'circle' }>): boolean {
  return Math.hypot(outer.cx - inner.cx, outer.cy - inner.cy) + inner.diameter / 2 <= outer.diameter / 2
}

function boxContains(outer: Shape, inner: Shape): boolean {
  const a = shapeBox(outer)
  const b = shapeBox(inner)
  return a[0] <= b[0] && a[1] <= b[1] && a[2] >= b[2] && a[3] >= b[3]
}

/** Wettable shape of one pad under the given mask openings (dark = opening, in file order). */
function wettableOf(pad: Feature, openings: Feature[], hasMask: boolean): Pick<BumpSite, 'wettable' | 'wettableArea' | 'circular' | 'definition'> {
  const padArea = shapeArea(pad.shape)
  if (!hasMask) return { wettable: pad.shape, wettableArea: padArea, circular: pad.shape.type === 'circle', definition: 'no-mask' }
  if (openings.length === 0) return { wettable: null, wettableArea: 0, circular: false, definition: 'covered' }
  if (openings.length === 1 && openings[0]!.polarity === 'dark') {
    const o = openings[0]!.shape
    const p = pad.shape
    if (p.type === 'circle' && o.type === 'circle') {
      if (containsCircle(o, p)) return { wettable: p, wettableArea: padArea, circular: true, definition: 'copper-defined' }
      if (containsCircle(p, o)) return { wettable: o, wettableArea: shapeArea(o), circular: true, definition: 'mask-defined' }
    } else if ((p.type === 'rect' || p.type === 'obround') && o.type === 'rect' && o.rotation % 90 === 0 && boxContains(o, p)) {
      return { wettable: p, wettableArea: padArea, circular: false, definition: 'copper-defined' }
    } else if (p.type === 'circle' && (o.type === 'rect' || o.type === 'obround') && o.rotation % 90 === 0 && boxContains(o, p)) {
      return { wettable: p, wettableArea: padArea, circular: true, definition: 'copper-defined' }
    }
  }
  const paths = intersect(shapeToPaths(pad.shape), darkImage(openings))
  const wettableArea = area(paths)
  if (wettableArea <= 0) return { wettable: null, wettableArea: 0, circular: false, definition: 'covered' }
  const definition = wettableArea >= padArea * 0.999 ? 'copper-defined' : 'partial'
  return { wettable: { type: 'polygon', paths }, wettableArea, circular: false, definition }
}

/** Pads with their wettable areas and an index over them: what depends on pads and mask alone. */
export interface WettableSites {
  sites: BumpSite[]
  index: FeatureIndex
}

/**
 * Pair pads with the mask openings over them. `masks` is null when the side has no mask layer
 * (then W = the pad, as DOMAIN.md defines).
 */
export function wettableSites(pads: readonly Feature[], masks: Feature[] | null, maskIndex: FeatureIndex | null): WettableSites {
  const sites: BumpSite[] = []
  for (const pad of pads) {
    // file order: a clear opening subtracts only what came before it
    const openings = masks && maskIndex ? maskIndex.query(pad.bbox).sort((a, b) => a - b).map((id) => masks[id]!) : []
    const touching = openings.filter((o) => o.polarity === 'clear' || overlapArea(o.shape, pad.shape) > 0)
    const w = wettableOf(pad, touching, masks !== null)
    // an opening that covers only part of the pad while being smaller than the pad is mask-defined
    if (w.definition === 'partial' && touching.length > 0 && touching.every((o) => shapeArea(o.shape) < shapeArea(pad.shape))) {
      w.definition = 'mask-defined'
    }
    sites.push({ pad, ...w, openings: touching, center: shapeCenter(w.wettable ?? pad.shape) })
  }
  return { sites, index: FeatureIndex.ofBoxes(sites.map((s) => (s.wettable ? shapeBox(s.wettable) : s.pad.bbox))) }
}

/** Give each deposit the wettable areas it overlaps, largest overlap first. */
export function pairDeposits({ sites, index }: WettableSites, deposits: Feature[]): BumpSites {
  const depositSites: { site: number; overlap: number }[][] = []
  const siteDeposits: number[][] = sites.map(() => [])
  deposits.forEach((deposit, d) => {
    const hits: { site: number; overlap: number }[] = []
    for (const s of index.query(deposit.bbox)) {
      const w = sites[s]!.wettable
      if (!w) continue
      const overlap = overlapArea(deposit.shape, w)
      if (overlap > 0) hits.push({ site: s, overlap })
    }
    hits.sort((a, b) => b.overlap - a.overlap || a.site - b.site)
    depositSites.push(hits)
    for (const h of hits) siteDeposits[h.site]!.push(d)
  })
  return { sites, index, deposits, depositSites, siteDeposits }
}

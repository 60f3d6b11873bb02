// Derived per side, once per run: each bump pad with its wettable area (pad ∩ mask opening) and the
// deposits over it. Every bump rule reads this instead of recomputing booleans.

import type { Feature } from './model.ts'
import type { Box, Point, Shape } from '../geometry/types.ts'
import { FeatureIndex } from '../spatial/index.ts'
import { listBoxInto, type FeatureList } from './packed-feature.ts'
import { GrowingColumn } from '../spatial/growing-column.ts'
import { AREA_TOLERANCE, area, darkImage, intersect } from '../geometry/boolean.ts'
import { circleBox, shapeBox, shapeCenter, shapeToPaths } from '../geometry/polygonize.ts'
import { insidePaths, overlapArea, shapeArea } from '../geometry/measure.ts'
import { hypot } from '../physics/hypot.ts'

/** How the mask meets the pad: NSMD (opening larger), SMD (opening smaller), partly, not at all, or no mask layer. */
export type PadDefinition = 'copper-defined' | 'mask-defined' | 'partial' | 'covered' | 'no-mask'

export interface BumpSite {
  readonly pad: Feature
  /** Pad ∩ mask opening; analytic when both are (circle in circle), a polygon otherwise; null when covered. */
  readonly wettable: Shape | null
  /** nm² */
  readonly wettableArea: number
  /** True when the wettable area is a circle (the bump-height formula is exact, not an estimate). */
  readonly circular: boolean
  readonly definition: PadDefinition
  /** Mask opening features over this pad, in file order (made on each read). */
  readonly openings: readonly Feature[]
  /** Centre of the wettable area (of the pad when covered). */
  readonly center: Point
}

export interface BumpSites {
  sites: SiteList
  /** Index over the sites' wettable boxes (covered pads indexed by their pad box). */
  index: FeatureIndex
  deposits: FeatureList
  /**
   * The sites deposit d overlaps, largest overlap first (ties by site), in compressed rows:
   * `hitSite[k]` and `hitOverlap[k]` (nm²) for k from `hitStart[d]` to `hitStart[d + 1]` − 1.
   */
  hitStart: Uint32Array
  hitSite: Uint32Array
  hitOverlap: Float64Array
  /** The deposits over site i, in deposit order: `siteDeposit[k]` for k from `siteDepositStart[i]` to `siteDepositStart[i + 1]` − 1. */
  siteDepositStart: Uint32Array
  siteDeposit: Uint32Array
  /** The same hits as arrays of objects, built on first use (a million small objects: prefer the rows above). */
  readonly depositSites: { site: number; overlap: number }[][]
  /** The same as `siteDeposit*` as arrays, built on first use (prefer the rows above). */
  readonly siteDeposits: number[][]
  /**
   * Where deposit d lies when it meets no wettable area: `DepositScope`. Deposits on copper pads
   * that are not bump pads are out of scope: counted in the report, never a finding.
   */
  scope: Uint8Array
  /** Deposits out of scope (on a copper pad that is not a bump pad). */
  readonly outOfScope: number
  /**
   * The deposit area of site i (nm²): the area of the union of the deposits whose largest overlap is
   * with site i, less the clear-polarity deposit features drawn after them. A flash written twice
   * counts once. 0 when the site has no deposit.
   */
  depositArea(i: number): number
}

/** Where a deposit lies. */
export const DepositScope = {
  /** On a bump pad's wettable area: the bump rules judge it. */
  bump: 0,
  /** On a bump pad the mask covers (no wettable area): pad-wettable-area reports the pad. */
  coveredBumpPad: 1,
  /** On a copper pad that is not a bump pad: out of scope. */
  otherPad: 2,
  /** On no copper pad at all: an orphan. */
  orphan: 3,
  /** On no copper and wholly outside the board outline (drawing text beside the board): not checked. */
  offBoard: 4,
} as const

/** How findings name a pad: `U1-A6` from X2 .C/.P, else where it is written. */
export function padLabel(pad: Feature): string {
  if (pad.component === undefined) return `at ${pad.source.file.split('/').pop()}:${pad.source.line}`
  return pad.pin !== undefined ? `${pad.component}-${pad.pin}` : pad.component
}

function containsCircle(outer: Extract<Shape, { type: 'circle' }>, inner: Extract<Shape, { type: 'circle' }>): boolean {
  return hypot(outer.cx - inner.cx, outer.cy - inner.cy) + inner.diameter / 2 <= outer.diameter / 2
}

function boxContains(outer: Shape, inner: Shape): boolean {
  const a = shapeBox(outer)
  const b = shapeBox(inner)
  return a[0] <= b[0] && a[1] <= b[1] && a[2] >= b[2] && a[3] >= b[3]
}

const DEFINITIONS: readonly PadDefinition[] = ['copper-defined', 'mask-defined', 'partial', 'covered', 'no-mask']
const DEFINITION_CODE = Object.fromEntries(DEFINITIONS.map((d, i) => [d, i])) as Record<PadDefinition, number>

/** Where a site's wettable area comes from: none (covered), the pad's own shape, its one opening's shape, or a boolean's polygon. */
const WETTABLE = { none: 0, pad: 1, opening: 2, polygon: 3 } as const

/** One pad's site as siteOf finds it, before it goes into the columns. */
interface SiteFound {
  definition: PadDefinition
  from: (typeof WETTABLE)[keyof typeof WETTABLE]
  /** The wettable area (nm²), 0 when covered. */
  area: number
  /** The wettable polygon, when it came from a boolean. */
  polygon?: Shape
}

/**
 * The sites of a side, site i being pads[i]'s: in columns, not an object per site (a million bump
 * sites as objects were a quarter of the objects the garbage collector walked through a check, and
 * 72 MB). `at(i)` reads site i as a BumpSite made on the spot, that dies young; the hot loops read a
 * column through the methods. Shapes are never stored: an analytic wettable area is the pad's or
 * its one opening's own shape, read when asked; only a boolean's polygon is kept. Areas, centres
 * and roundness are measured once, where the shapes were in hand (rules ask for them several times
 * a site, and each ask made a handle and a shape).
 */
export class SiteList implements Iterable<BumpSite> {
  constructor(
    private readonly pads: FeatureList,
    /** The side's mask features; openings are positions in it. */
    private readonly masks: FeatureList,
    private readonly definitions: Uint8Array,
    private readonly from: Uint8Array,
    /** Site i's openings are masks[openingIds[k]] for k from openingStart[i] to openingStart[i + 1] − 1, in file order. */
    private readonly openingStart: Int32Array,
    private readonly openingIds: Int32Array,
    private readonly polygons: ReadonlyMap<number, Shape>,
    private readonly measured: SiteMeasures,
  ) {}

  get length(): number {
    return this.pads.length
  }

  /** Site i as a BumpSite (a view over the columns). */
  at(i: number): BumpSite {
    return new SiteView(this, i)
  }

  *[Symbol.iterator](): Iterator<BumpSite> {
    for (let i = 0; i < this.pads.length; i++) yield new SiteView(this, i)
  }

  pad(i: number): Feature {
    return this.pads.at(i)!
  }

  definition(i: number): PadDefinition {
    return DEFINITIONS[this.definitions[i]!]!
  }

  wettable(i: number): Shape | null {
    switch (this.from[i]) {
      case WETTABLE.pad: return this.pads.at(i)!.shape
      case WETTABLE.opening: return this.masks.at(this.openingIds[this.openingStart[i]!]!)!.shape
      case WETTABLE.polygon: return this.polygons.get(i)!
      default: return null
    }
  }

  /** Whether site i has a wettable area (false: the mask covers the pad); no shape made. */
  hasWettable(i: number): boolean {
    return this.from[i] !== WETTABLE.none
  }

  wettableArea(i: number): number {
    return this.measured.areas[i]!
  }

  /** True when the wettable area is a circle (the bump-height formula is exact, not an estimate). */
  circular(i: number): boolean {
    return this.measured.circular[i] === 1
  }

  openings(i: number): Feature[] {
    const out: Feature[] = []
    for (let k = this.openingStart[i]!; k < this.openingStart[i + 1]!; k++) out.push(this.masks.at(this.openingIds[k]!)!)
    return out
  }

  /** Centre of the wettable area (of the pad when covered). */
  center(i: number): Point {
    const centres = this.measured.centres
    return { x: centres[2 * i]!, y: centres[2 * i + 1]! }
  }
}

/** What is measured of each site's wettable area as the sites are found. */
interface SiteMeasures {
  /** nm², 0 when covered. */
  areas: Float64Array
  /** x, y pairs: shapeCenter of the wettable area (of the pad when covered). */
  centres: Float64Array
  /** 1 where the wettable area is a pad's or an opening's own circle. */
  circular: Uint8Array
}

/** Site i of a SiteList, read through it. */
class SiteView implements BumpSite {
  constructor(private readonly list: SiteList, private readonly i: number) {}
  get pad(): Feature { return this.list.pad(this.i) }
  get definition(): PadDefinition { return this.list.definition(this.i) }
  get wettable(): Shape | null { return this.list.wettable(this.i) }
  get wettableArea(): number { return this.list.wettableArea(this.i) }
  get circular(): boolean { return this.list.circular(this.i) }
  get openings(): readonly Feature[] { return this.list.openings(this.i) }
  get center(): Point { return this.list.center(this.i) }
}

/** Gerber LP order within a file: by file, then feature id. */
const byFileOrder = (a: Feature, b: Feature) => (a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : a.id - b.id)

/** The site of one pad (its shape `p`) under the given mask openings (dark = opening, in file order) and their shapes. */
function siteOf(p: Shape, openings: readonly Feature[], openingShapes: readonly Shape[], hasMask: boolean): SiteFound {
  // an analytic W is a feature's own shape: the site keeps which one, and its area
  if (!hasMask) return { definition: 'no-mask', from: WETTABLE.pad, area: shapeArea(p) }
  if (openings.length === 0) return { definition: 'covered', from: WETTABLE.none, area: 0 }
  if (openings.length === 1 && openings[0]!.polarity === 'dark') {
    const o = openingShapes[0]!
    if (p.type === 'circle' && o.type === 'circle') {
      if (containsCircle(o, p)) return { definition: 'copper-defined', from: WETTABLE.pad, area: shapeArea(p) }
      if (containsCircle(p, o)) return { definition: 'mask-defined', from: WETTABLE.opening, area: shapeArea(o) }
    } else if ((p.type === 'rect' || p.type === 'obround') && o.type === 'rect' && o.rotation % 90 === 0 && boxContains(o, p)) {
      return { definition: 'copper-defined', from: WETTABLE.pad, area: shapeArea(p) }
    } else if (p.type === 'circle' && (o.type === 'rect' || o.type === 'obround') && o.rotation % 90 === 0 && boxContains(o, p)) {
      return { definition: 'copper-defined', from: WETTABLE.pad, area: shapeArea(p) }
    }
  }
  const padArea = shapeArea(p)
  const paths = intersect(shapeToPaths(p), darkImage(openings))
  const wettableArea = area(paths)
  if (wettableArea <= 0) return { definition: 'covered', from: WETTABLE.none, area: 0 }
  let definition: PadDefinition = wettableArea >= padArea * 0.999 ? 'copper-defined' : 'partial'
  // an opening that covers only part of the pad while being smaller than the pad is mask-defined
  if (definition === 'partial' && openingShapes.every((o) => shapeArea(o) < padArea)) definition = 'mask-defined'
  return { definition, from: WETTABLE.polygon, area: wettableArea, polygon: { type: 'polygon', paths } }
}

const circleScratch: Box = [0, 0, 0, 0]

/**
 * Site p's area, centre, roundness and index box into the columns, from the shapes in hand: the
 * pad's and its first opening's (a covered pad is indexed by its pad box).
 */
function measure(p: number, site: SiteFound, padShape: Shape, padBox: Box, firstOpening: Shape | undefined, measured: SiteMeasures, boxes: Float64Array): void {
  const wettable = site.from === WETTABLE.pad ? padShape : site.from === WETTABLE.opening ? firstOpening! : site.polygon ?? null
  measured.areas[p] = site.area
  const centre = shapeCenter(wettable ?? padShape)
  measured.centres[2 * p] = centre.x
  measured.centres[2 * p + 1] = centre.y
  if (wettable !== null && wettable.type === 'circle' && site.from !== WETTABLE.polygon) measured.circular[p] = 1
  if (wettable === null) putBox(boxes, p, padBox)
  // a circle's box into one scratch box, not a new array per site (shapeBox makes one)
  else putBox(boxes, p, wettable.type === 'circle' ? circleBox(wettable.cx, wettable.cy, wettable.diameter, circleScratch) : shapeBox(wettable))
}

/** Box p of a column of boxes, written number by number (`set` from a plain array is a slow call, a million times). */
function putBox(boxes: Float64Array, p: number, box: Box): void {
  boxes[4 * p] = box[0]; boxes[4 * p + 1] = box[1]; boxes[4 * p + 2] = box[2]; boxes[4 * p + 3] = box[3]
}

/** Pads with their wettable areas and an index over them: what depends on pads and mask alone. */
export interface WettableSites {
  sites: SiteList
  index: FeatureIndex
}

/** Sort a few ids in place (a pad meets one or two openings; a deposit one or two sites). */
function sortIds(ids: number[]): void {
  for (let i = 1; i < ids.length; i++) {
    const v = ids[i]!
    let j = i - 1
    while (j >= 0 && ids[j]! > v) {
      ids[j + 1] = ids[j]!
      j--
    }
    ids[j + 1] = v
  }
}

/**
 * Nodes of 8 when the site index falls back to an R-tree (sites too unequal for its cell grid): it is
 * asked about once per deposit, per via and per clearance check, and at a million sites smaller nodes
 * answer about a quarter faster for a slightly slower build. Every reader of the site index sorts or
 * tie-breaks its answers, so the index's order never shows.
 */
const SITE_NODE_SIZE = 8

/**
 * Pair pads with the mask openings over them. `masks` is null when the side has no mask layer
 * (then W = the pad, as DOMAIN.md defines).
 */
export function wettableSites(pads: FeatureList, masks: FeatureList | null, maskIndex: FeatureIndex | null): WettableSites {
  const definitions = new Uint8Array(pads.length)
  const from = new Uint8Array(pads.length)
  const openingStart = new Int32Array(pads.length + 1)
  const openingIds = new GrowingColumn(Int32Array, pads.length)
  const polygons = new Map<number, Shape>()
  const measured: SiteMeasures = { areas: new Float64Array(pads.length), centres: new Float64Array(2 * pads.length), circular: new Uint8Array(pads.length) }
  // the index's boxes, made here from the shapes in hand; the index takes the column (no second copy)
  const boxes = new Float64Array(4 * pads.length)
  const near: number[] = []
  const touching: Feature[] = []
  const touchingShapes: Shape[] = []
  // each pad's box into this one (a box array per pad was a million arrays)
  const padBox: Box = [0, 0, 0, 0]
  for (let p = 0; p < pads.length; p++) {
    const pad = pads.at(p)!
    const padShape = pad.shape
    listBoxInto(pads, p, padBox)
    // overwritten in place, then cut: emptying with `length = 0` first drops the arrays' storage,
    // and a million pads, each with its one opening, would each make it anew
    let count = 0
    if (masks && maskIndex && maskIndex.collect(padBox, 0, near) > 0) {
      // file order: a clear opening subtracts only what came before it
      sortIds(near)
      for (const id of near) {
        const o = masks.at(id)!
        const openingShape = o.shape
        if (o.polarity === 'clear' || overlapArea(openingShape, padShape) > 0) {
          touching[count] = o
          touchingShapes[count++] = openingShape
          openingIds.push(id)
        }
      }
    }
    if (touching.length !== count) {
      touching.length = count
      touchingShapes.length = count
    }
    openingStart[p + 1] = openingIds.length
    const site = siteOf(padShape, touching, touchingShapes, masks !== null)
    definitions[p] = DEFINITION_CODE[site.definition]
    from[p] = site.from
    if (site.polygon) polygons.set(p, site.polygon)
    measure(p, site, padShape, padBox, touchingShapes[0], measured, boxes)
  }
  const sites = new SiteList(pads, masks ?? [], definitions, from, openingStart, openingIds.trimmed(), polygons, measured)
  const index = FeatureIndex.ofBoxColumn(boxes, SITE_NODE_SIZE)
  return { sites, index }
}

/** The side's deposit layer as the pairing needs it, and the copper pads a stray deposit may sit on. */
export interface DepositInputs {
  /** Dark deposit features. */
  deposits: FeatureList
  /** Clear-polarity deposit features (cut-outs), subtracted from the dark ones drawn before them in the same file. */
  clears: FeatureList
  /** The side's dark copper, bump pad or not (asked only when some deposit meets no wettable area). */
  copper: () => FeatureList
}

/** Give each deposit the wettable areas it overlaps, largest overlap first; place the rest (scope). */
export function pairDeposits({ sites, index }: WettableSites, { deposits, clears, copper }: DepositInputs): BumpSites {
  const hitStart = new Uint32Array(deposits.length + 1)
  const hitSite = new GrowingColumn(Uint32Array, deposits.length)
  const hitOverlap = new GrowingColumn(Float64Array, deposits.length)
  const near: number[] = []
  const perSite = new Uint32Array(sites.length + 1)
  const box: Box = [0, 0, 0, 0]
  for (let d = 0; d < deposits.length; d++) {
    const first = hitSite.length
    listBoxInto(deposits, d, box)
    if (index.collect(box, 0, near) > 0) {
      // one shape per deposit, made only for one near a site
      const depositShape = deposits.at(d)!.shape
      for (const s of near) {
        const w = sites.wettable(s)
        if (!w) continue
        const overlap = overlapArea(depositShape, w)
        if (!(overlap > 0)) continue
        // insert in order: larger overlap first, then lower site
        let k = hitSite.length
        hitSite.push(s)
        hitOverlap.push(overlap)
        const siteAt = hitSite.data
        const overlapAt = hitOverlap.data
        while (k > first && (overlapAt[k - 1]! < overlap || (overlapAt[k - 1] === overlap && siteAt[k - 1]! > s))) {
          siteAt[k] = siteAt[k - 1]!
          overlapAt[k] = overlapAt[k - 1]!
          k--
        }
        siteAt[k] = s
        overlapAt[k] = overlap
        perSite[s + 1]!++
      }
    }
    hitStart[d + 1] = hitSite.length
  }
  // each site's deposits in deposit order: count, then place (compressed rows, no array per site)
  const scope = depositScopes(sites, index, deposits, hitStart, copper)
  for (let s = 0; s < sites.length; s++) perSite[s + 1]! += perSite[s]!
  const siteDepositStart = perSite.slice()
  const siteDeposit = new Uint32Array(hitSite.length)
  const site = hitSite.data
  for (let d = 0; d < deposits.length; d++) {
    for (let k = hitStart[d]!; k < hitStart[d + 1]!; k++) siteDeposit[perSite[site[k]!]!++] = d
  }
  return new PairedSites(sites, index, deposits, hitStart, hitSite.trimmed(), hitOverlap.trimmed(), siteDepositStart, siteDeposit, scope, clears)
}

/**
 * Polygon copper larger than this many vertices (pours, planes) is tested by the deposit's centre
 * alone: a boolean with a 10 000-vertex pour per stray deposit took minutes on an ODB++ job.
 */
const LARGE_POLYGON = 256

/** Does the deposit lie on this copper feature? */
function onCopper(deposit: Feature, copper: Feature): boolean {
  const s = copper.shape
  if (s.type === 'polygon' && s.paths.reduce((n, ring) => n + ring.length, 0) > LARGE_POLYGON) {
    return insidePaths(shapeCenter(deposit.shape), s.paths)
  }
  return overlapArea(deposit.shape, s) > 0
}

/** Scope of each deposit that meets no wettable area: a covered bump pad, other copper (a pad that is no bump pad, a pour), or nothing. */
function depositScopes(sites: SiteList, index: FeatureIndex, deposits: FeatureList, hitStart: Uint32Array, copper: () => FeatureList): Uint8Array {
  const scope = new Uint8Array(deposits.length)
  let copperIndex: FeatureIndex | undefined
  let copperPads: FeatureList = []
  const near: number[] = []
  for (let d = 0; d < deposits.length; d++) {
    if (hitStart[d + 1]! > hitStart[d]!) continue
    const deposit = deposits.at(d)!
    scope[d] = DepositScope.orphan
    index.collect(deposit.bbox, 0, near)
    if (near.some((s) => overlapArea(deposit.shape, sites.pad(s).shape) > 0)) {
      scope[d] = DepositScope.coveredBumpPad
      continue
    }
    if (!copperIndex) {
      copperPads = copper()
      copperIndex = new FeatureIndex(copperPads)
    }
    copperIndex.collect(deposit.bbox, 0, near)
    if (near.some((c) => onCopper(deposit, copperPads.at(c)!))) scope[d] = DepositScope.otherPad
  }
  return scope
}

/** Items first … end − 1 as an array of exactly that length (a pushed-to array keeps 16 spare slots). */
function rowOf<T>(first: number, end: number, item: (k: number) => T): T[] {
  if (end - first === 1) return [item(first)]
  const row: T[] = []
  for (let k = first; k < end; k++) row.push(item(k))
  return row
}

class PairedSites implements BumpSites {
  private objectHits: { site: number; overlap: number }[][] | undefined
  private depositLists: number[][] | undefined

  constructor(
    readonly sites: SiteList,
    readonly index: FeatureIndex,
    readonly deposits: FeatureList,
    readonly hitStart: Uint32Array,
    readonly hitSite: Uint32Array,
    readonly hitOverlap: Float64Array,
    readonly siteDepositStart: Uint32Array,
    readonly siteDeposit: Uint32Array,
    readonly scope: Uint8Array,
    private readonly clears: FeatureList,
  ) {}

  private clearIndex: FeatureIndex | undefined
  private areas: Float64Array | undefined

  get outOfScope(): number {
    let n = 0
    for (let d = 0; d < this.scope.length; d++) if (this.scope[d] === DepositScope.otherPad) n++
    return n
  }

  depositArea(i: number): number {
    const areas = (this.areas ??= new Float64Array(this.sites.length).fill(-1))
    if (areas[i]! >= 0) return areas[i]!
    // a deposit's whole area goes to the pad it overlaps most
    let first = -1, owned = 0
    for (let k = this.siteDepositStart[i]!; k < this.siteDepositStart[i + 1]!; k++) {
      const d = this.siteDeposit[k]!
      if (this.hitSite[this.hitStart[d]!] === i && owned++ === 0) first = d
    }
    let value = 0
    // the common case, one deposit and nothing cut from it, stays analytic (and makes no list: a million sites ask)
    if (owned === 1 && this.clears.length === 0) value = shapeArea(this.deposits.at(first)!.shape)
    else if (owned > 0) {
      const own: Feature[] = []
      for (let k = this.siteDepositStart[i]!; k < this.siteDepositStart[i + 1]!; k++) {
        const d = this.siteDeposit[k]!
        if (this.hitSite[this.hitStart[d]!] === i) own.push(this.deposits.at(d)!)
      }
      const cuts = this.cutsOver(own)
      value = own.length === 1 && cuts.length === 0 ? shapeArea(own[0]!.shape) : area(darkImage([...own, ...cuts].sort(byFileOrder), AREA_TOLERANCE))
    }
    areas[i] = value
    return value
  }

  /** Clear features of the same files drawn after the first of these deposits and over them. */
  private cutsOver(own: readonly Feature[]): Feature[] {
    if (own.length === 0 || this.clears.length === 0) return []
    this.clearIndex ??= new FeatureIndex(this.clears)
    const box = [...own[0]!.bbox] as [number, number, number, number]
    for (const f of own) { box[0] = Math.min(box[0], f.bbox[0]); box[1] = Math.min(box[1], f.bbox[1]); box[2] = Math.max(box[2], f.bbox[2]); box[3] = Math.max(box[3], f.bbox[3]) }
    const near: number[] = []
    this.clearIndex.collect(box, 0, near)
    return near.map((c) => this.clears.at(c)!).filter((c) => own.some((f) => f.source.file === c.source.file && f.id < c.id))
  }

  get depositSites(): { site: number; overlap: number }[][] {
    if (!this.objectHits) {
      const { hitStart, hitSite, hitOverlap } = this
      const lists: { site: number; overlap: number }[][] = []
      for (let d = 0; d < this.deposits.length; d++) {
        lists.push(rowOf(hitStart[d]!, hitStart[d + 1]!, (k) => ({ site: hitSite[k]!, overlap: hitOverlap[k]! })))
      }
      this.objectHits = lists
    }
    return this.objectHits
  }

  get siteDeposits(): number[][] {
    if (!this.depositLists) {
      const { siteDepositStart, siteDeposit } = this
      const lists: number[][] = []
      for (let i = 0; i < this.sites.length; i++) {
        lists.push(rowOf(siteDepositStart[i]!, siteDepositStart[i + 1]!, (k) => siteDeposit[k]!))
      }
      this.depositLists = lists
    }
    return this.depositLists
  }
}

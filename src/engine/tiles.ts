// Where to cut a board into tiles for a parallel run, and which features and findings each tile owns.
//
// A tile is a rectangle. It reads the features within a halo of the deck's largest distance around
// it and keeps only the findings sited inside it. Bump and via rules also judge whole arrays (area
// spread, coplanarity, via regularity) and whole components, so a cut may only run through a free
// channel: no bump pad, deposit or via within a halo across it, and no component or grid straddling
// it. The board is halved again and again (kd-tree style) along whichever axis has the better
// balanced channel. Where no channel exists a part stays one tile: a slower run, never a different answer.

import { isPadCandidate, PAD_GRID_TOLERANCE } from '../layers/bump-pads.ts'
import { PACKED, packedBox, SHAPE_CODE, textId, type PackedFeatures, type PackedLayer } from '../layers/pack.ts'
import type { LayerChange } from './layer-diff.ts'
import type { Box, Point } from '../geometry/types.ts'
import type { Deck } from './deck.ts'
import type { Rule } from './rule.ts'
import { FEATURE_KINDS } from '../layers/model.ts'
import { stringAt } from '../layers/shared-strings.ts'

export interface Tile {
  /** The rectangle [minX, maxX) × [minY, maxY) in nm; tiles at the board's edge run to ±Infinity. */
  minX: number
  minY: number
  maxX: number
  maxY: number
  /** Distance beyond the rectangle whose features the tile also reads. */
  halo: number
}

/** The largest distance any enabled rule measures: what a finding may look across. */
export function deckReach(deck: Deck, registry: ReadonlyMap<string, Rule>): number {
  let reach = 0
  for (const [id, setting] of deck.rules) {
    for (const [key, spec] of Object.entries(registry.get(id)?.meta.options ?? {})) {
      const value = setting.options[key]
      if (spec.kind === 'length' && typeof value === 'number' && Number.isFinite(value)) reach = Math.max(reach, value)
    }
  }
  return reach
}

/**
 * The largest pitch tolerance any grid search of the deck uses: bump-pad grids use
 * PAD_GRID_TOLERANCE; a rule that links its own grids names its tolerance option in `meta.tiling`.
 */
export function gridTolerance(deck: Deck, registry: ReadonlyMap<string, Rule>): number {
  let tolerance = PAD_GRID_TOLERANCE
  for (const [id, setting] of deck.rules) {
    const option = registry.get(id)?.meta.tiling?.gridTolerance
    const value = option === undefined ? undefined : setting.options[option]
    if (typeof value === 'number' && Number.isFinite(value)) tolerance = Math.max(tolerance, value)
  }
  return tolerance
}

/** The whole plane as one tile: a run with no cut (its halo reaches nothing beyond it). */
export const WHOLE_BOARD: Readonly<Tile> = Object.freeze({ minX: -Infinity, minY: -Infinity, maxX: Infinity, maxY: Infinity, halo: 0 })

/**
 * Cut the board into at most `count` tiles of about equal numbers of bump pads, vias and deposits.
 * A cut runs down the middle of a free channel that is
 * - wider than the halo, so no rule measures from one side of it to the other;
 * - wider, centre to centre, than (1 + gridTolerance) times the pitch of the pad and via columns
 *   (rows) on either side of it: findGridArrays links in-line neighbours only one pitch apart
 *   (within the tolerance), so no array links across it;
 * - not inside any component's extent (a component's pads are one array).
 * The grid test judges the columns beside the channel, not every pad's own in-line neighbour: a
 * sparse grid without components whose rows happen to skip the columns beside the channel, with a
 * pitch wider than the channel, could still be cut. The determinism tests compare tiled reports with
 * one thread's on real and generated boards.
 */
export function planTiles(layers: readonly PackedLayer[], count: number, halo: number, gridTolerance: number): TilePlan {
  const anchors = new Anchors(layers)
  const tiles: Tile[] = []
  const cuts: Cut[] = []
  const split = (region: Tile, wanted: number, extent: Extent | undefined) => {
    const cut = wanted > 1 ? bestCut(anchors, region, extent!, wanted, halo, gridTolerance) : undefined
    if (!cut) return void tiles.push(region)
    cuts.push({ region, ...cut })
    // each side goes on with the anchors centred in it (Anchors.scan)
    const [lower, upper] = cut.axis === 0
      ? [{ ...region, maxX: cut.at }, { ...region, minX: cut.at }]
      : [{ ...region, maxY: cut.at }, { ...region, minY: cut.at }]
    // the sides' extents (and their anchors marked as theirs) only where a side is cut again
    const [lowerExtent, upperExtent] = wanted > 2 ? anchors.divide(region, lower, upper) : []
    split(lower, cut.share, lowerExtent)
    split(upper, wanted - cut.share, upperExtent)
  }
  split({ ...WHOLE_BOARD, halo }, Math.max(1, count), anchors.board)
  return { tiles, cuts, components: anchors.components, count, halo, gridTolerance, anchorLayers: anchorLayerNames(layers) }
}

/** A plan: the tiles, and what planHolds needs to tell whether an edited board keeps it valid. */
export interface TilePlan {
  tiles: Tile[]
  cuts: Cut[]
  /** Each component's extent (minX, minY, maxX, maxY), by name: no cut runs through one. */
  components: ReadonlyMap<string, Float64Array>
  /** What it was asked for: tiles, halo, grid tolerance, and the anchor layers' files and roles. */
  count: number
  halo: number
  gridTolerance: number
  anchorLayers: string
}

/** A cut as the planner judged it: down the channel (reach, start), beside grids whose columns next to it are at previous… and …next. */
interface Cut {
  /** The region it divides. */
  region: Tile
  axis: 0 | 1
  at: number
  /** The channel: the furthest end of the region's anchors before it and the nearest start after it, more than the halo apart. */
  reach: number
  start: number
  /** The second highest distinct centre of the region's pads and vias below the cut, and the second lowest at or above it (gridSafe). */
  previous: number
  next: number
}

const ANCHOR_ROLES: readonly string[] = ['pads', 'vias', 'deposit']
const isAnchorLayer = (layer: PackedLayer) => ANCHOR_ROLES.includes(layer.meta.role)
const anchorLayerNames = (layers: readonly PackedLayer[]) => JSON.stringify(layers.filter(isAnchorLayer).map((l) => [l.meta.file, l.meta.role]))

/** A layer of an edited board, with the same file's layer of the last check and the change between them (src/engine/layer-diff.ts). */
export interface LayerEdit {
  before: PackedLayer
  change: LayerChange
}

/**
 * Does `plan`, made for the last check's layers, still keep every condition planTiles guarantees
 * on `layers`, the same files read again with the edits `editOf` gives? Then a re-check may use it
 * (any valid plan gives the same report) instead of planning the board again. Features other than
 * anchors never matter; an anchor that is gone matters only to the grid test, one added must keep
 * out of every channel its region was cut down, on one side of it, and beyond the grid test's
 * columns, and a component's extent widened by pads added to it must keep out of the channels too.
 * No edit known for an anchor layer (no last layer, or a change that is not local): no.
 */
export function planHolds(plan: TilePlan, layers: readonly PackedLayer[], count: number, halo: number, gridTolerance: number,
  editOf: (layer: PackedLayer) => LayerEdit | undefined): boolean {
  if (plan.count !== count || plan.halo !== halo || plan.gridTolerance !== gridTolerance || plan.anchorLayers !== anchorLayerNames(layers)) return false
  const box: Box = [0, 0, 0, 0]
  /** The extents of the components pads were added to, widened by those pads. */
  const widened = new Map<string, Float64Array>()
  for (const layer of layers.filter(isAnchorLayer)) {
    const edit = editOf(layer)
    if (!edit) return false
    const before = anchorLayerOf(edit.before), after = anchorLayerOf(layer)
    for (const i of edit.change.removed) {
      if (before.isPoint && isAnchor(before, i) && !gridKept(plan, packedBox(edit.before, i, box))) return false
    }
    for (const i of edit.change.added) {
      if (!isAnchor(after, i)) continue
      packedBox(layer, i, box)
      if (!channelsKept(plan, box) || (after.isPoint && !gridKept(plan, box))) return false
      const component = after.candidates ? textId(layer, i, 'component') : -1
      if (component < 0) continue
      const name = stringAt(layer.strings, component)
      if (!widened.has(name)) widened.set(name, Float64Array.from(plan.components.get(name) ?? emptyBoxes(1)))
      widen(widened.get(name)!, 0, Float64Array.from(box), 0)
    }
  }
  for (const extent of widened.values()) if (!channelsKept(plan, [extent[0]!, extent[1]!, extent[2]!, extent[3]!])) return false
  return true
}

/** The cuts whose region holds the centre of `box`: those that judged it as an anchor. */
function* cutsAround(plan: TilePlan, box: Box): Generator<[Cut, number]> {
  const x = (box[0] + box[2]) / 2, y = (box[1] + box[3]) / 2
  for (const cut of plan.cuts) {
    const { minX, minY, maxX, maxY } = cut.region
    if (x >= minX && x < maxX && y >= minY && y < maxY) yield [cut, cut.axis === 0 ? x : y]
  }
}

/** Would an anchor with this box leave every channel it is judged by free and wider than the halo, and lie on one side of its cut? */
function channelsKept(plan: TilePlan, box: Box): boolean {
  for (const [cut, centre] of cutsAround(plan, box)) {
    const lo = box[cut.axis]!, hi = box[cut.axis + 2]!
    if (centre < cut.at ? !(hi < cut.at && cut.start - hi > plan.halo) : !(lo >= cut.at && lo - cut.reach > plan.halo)) return false
  }
  return true
}

/** Does a pad or via centred here, added or gone, leave each grid test it is judged by as it was: beyond the two columns next to the cut? */
function gridKept(plan: TilePlan, box: Box): boolean {
  for (const [cut, centre] of cutsAround(plan, box)) if (centre < cut.at ? !(centre < cut.previous) : !(centre > cut.next)) return false
  return true
}

/** A channel a cut may run down: `miss` is how far the anchors before it are from the wanted share. */
interface Channel {
  axis: 0 | 1
  at: number
  miss: number
  /** Its edges: the furthest end of the anchors before it, the nearest start after it. */
  reach: number
  start: number
}

/**
 * The channel, along x or y, that splits the anchors in `region` (`extent` says how many, and their
 * box) closest to `share`/`wanted` of them (share = wanted/2 rounded down), or undefined when no
 * channel leaves each side a fair part. One pass over the anchors fills both axes' histograms, and
 * one more tests the best channel for grids (the next best, when that fails). Linear in the anchors
 * and bins; no sort but of the channels.
 */
function bestCut(anchors: Anchors, region: Tile, extent: Extent, wanted: number, halo: number, gridTolerance: number): (Omit<Cut, 'region'> & { share: number }) | undefined {
  const share = Math.floor(wanted / 2)
  const { count, box } = extent
  // an axis along which the anchors span no length has no channel
  const x = box[2] > box[0] ? new Coverage(box[0], box[2], halo) : undefined
  const y = box[3] > box[1] ? new Coverage(box[1], box[3], halo) : undefined
  const scan = anchors.scan(region, false)
  for (let n = scan.fill(); n > 0; n = scan.fill()) {
    x?.add(scan.boxes, n, 0)
    y?.add(scan.boxes, n, 1)
  }
  const channels: Channel[] = []
  const split = { total: count, wanted, target: (count * share) / wanted, halo }
  x?.channels(0, split, channels)
  y?.channels(1, split, channels)
  // the best balanced channel across which no grid can link
  channels.sort((p, q) => p.miss - q.miss || p.axis - q.axis || p.at - q.at)
  for (const { axis, at, reach, start } of channels) {
    const grid = gridSafe(anchors, region, axis, at, gridTolerance)
    if (grid) return { axis, at, reach, start, ...grid, share }
  }
  return undefined
}

/** Finer bins than this per split cost memory and buy nothing. */
const MAX_BINS = 1 << 22

/**
 * One axis's coverage histogram of a region's anchors. Each anchor marks the bins its extent touches
 * (a difference array, so a component's wide extent costs two writes); a run of unmarked bins is a
 * channel. Its exact width is the first start after it less the furthest end before it, and the cut
 * runs down its middle.
 */
class Coverage {
  private readonly bin: number
  private readonly cover: Int32Array
  /** Anchor centres per bin: how many lie before a channel. */
  private readonly centres: Int32Array
  // per bin, the highest end and the lowest start of the anchors there: the exact channel edges
  private readonly ends: Float64Array
  private readonly starts: Float64Array

  constructor(private readonly min: number, max: number, halo: number) {
    this.bin = Math.max(halo / 8, (max - min) / MAX_BINS, 1)
    const bins = Math.floor((max - min) / this.bin) + 1
    this.cover = new Int32Array(bins + 1)
    this.centres = new Int32Array(bins)
    this.ends = new Float64Array(bins).fill(-Infinity)
    this.starts = new Float64Array(bins).fill(Infinity)
  }

  /** A scan's batch of n boxes (Scan.boxes), along this axis: `axis` 0 reads their x, 1 their y. */
  add(boxes: Float64Array, n: number, axis: 0 | 1): void {
    const { min, bin, cover, starts, ends, centres } = this
    for (let k = axis; k < 4 * n; k += 4) {
      const lo = boxes[k]!, hi = boxes[k + 2]!
      const first = Math.floor((lo - min) / bin), last = Math.floor((hi - min) / bin)
      cover[first]!++
      cover[last + 1]!--
      starts[first] = Math.min(starts[first]!, lo)
      ends[last] = Math.max(ends[last]!, hi)
      centres[Math.floor(((lo + hi) / 2 - min) / bin)]!++
    }
  }

  /** Adds to `out` each channel wider than the halo that leaves both sides a fair part of the anchors. */
  channels(axis: 0 | 1, { total, wanted, target, halo }: { total: number; wanted: number; target: number; halo: number }, out: Channel[]): void {
    const { cover, centres, starts, ends } = this
    // walk the bins: `depth` anchors cover the current bin, `before` centres lie in earlier bins,
    // `reach` is the furthest end so far
    let depth = 0, before = 0, reach = -Infinity, free = false
    for (let b = 0; b < centres.length; b++) {
      depth += cover[b]!
      if (depth === 0) free = true
      else if (free) {
        free = false
        // every anchor so far ends before bin b, and the ones covering b start in it
        if (starts[b]! - reach > halo && before > total / (4 * wanted) && total - before > total / (4 * wanted)) {
          // a cut that leaves a tile nearly empty buys nothing
          out.push({ axis, at: Math.round((reach + starts[b]!) / 2), miss: Math.abs(before - target), reach, start: starts[b]! })
        }
      }
      reach = Math.max(reach, ends[b]!)
      before += centres[b]!
    }
  }
}

/**
 * Could an array link across a cut at `at`? Not if the centre-to-centre gap across it is more than
 * (1 + tolerance) times the pitch of the pad and via columns on either side of it (from the last
 * column before the cut to the one before that, and likewise after it). A side with a single column
 * could be half of a two-column array: not safe. When safe, the two columns that judged it
 * furthest from the cut (previous, next): the test stands while no pad or via is added or removed
 * between them.
 */
function gridSafe(anchors: Anchors, region: Tile, axis: 0 | 1, at: number, gridTolerance: number): { previous: number; next: number } | undefined {
  // the two highest distinct centres below the cut, the two lowest at or above it
  let last = -Infinity, previous = -Infinity, first = Infinity, next = Infinity
  const scan = anchors.scan(region, true)
  for (let n = scan.fill(); n > 0; n = scan.fill()) {
    const boxes = scan.boxes
    for (let k = axis; k < 4 * n; k += 4) {
      const c = (boxes[k]! + boxes[k + 2]!) / 2
      if (c < at) {
        if (c > last) { previous = last; last = c } else if (c < last && c > previous) previous = c
      } else if (c < first) { next = first; first = c } else if (c > first && c < next) next = c
    }
  }
  const gap = first - last
  const pitch = Math.max(last - previous, next - first)
  return Number.isFinite(gap) && Number.isFinite(pitch) && gap > (1 + gridTolerance) * pitch ? { previous, next } : undefined
}

/** Does the tile read a feature with this box? */
export function tileReads(tile: Tile, minX: number, minY: number, maxX: number, maxY: number): boolean {
  return maxX >= tile.minX - tile.halo && minX <= tile.maxX + tile.halo && maxY >= tile.minY - tile.halo && minY <= tile.maxY + tile.halo
}

/** Does the tile report a finding sited at `at`? Exactly one tile does. */
export function tileOwns(tile: Tile, at: Point): boolean {
  return at.x >= tile.minX && at.x < tile.maxX && at.y >= tile.minY && at.y < tile.maxY
}


/**
 * What a cut must not run through: bump-pad candidates, vias and deposits, and whole components.
 * The features are read from the packed layers on every scan, never copied: at 1 M bumps a copy of
 * their boxes took 74 MB of fresh memory, ~0.25 s to touch on this VM, where a scan of the columns
 * takes a few tens of ms. Components are few: their extents are kept, packed as a layer of boxes
 * that a scan reads as it reads the others. An anchor belongs to the tile its centre lies in, so a
 * region's anchors are those centred in its rectangle.
 */
class Anchors {
  private readonly layers: AnchorLayer[]
  /**
   * The regions whose anchors are marked (AnchorLayer.regions), by their numbers there: the board is
   * 0, and the sides of a cut are given the next two when it is divided (divide()).
   */
  private readonly regions = new Map<Readonly<Tile>, number>()
  /** All the anchors': the first split's. */
  readonly board: Extent
  /** Each component's extent, by name. */
  readonly components: ReadonlyMap<string, Float64Array>
  /** A scan's batch (see Scan): one buffer for every batch of every scan, so it stays in the cache. */
  private readonly boxes = new Float64Array(4 * BATCH)
  private readonly ids = new Int32Array(BATCH)

  constructor(layers: readonly PackedLayer[]) {
    const relevant = layers.filter(isAnchorLayer)
    this.layers = relevant.map(anchorLayerOf)
    // one pass for the board's extent and, on the pads layers, each attribute set's: a component's
    // pads share a few sets (a pads layer's strings are mostly pins: 250 k at 1 M bumps)
    const board = emptyExtent()
    const spans = relevant.map((l, k) => (this.layers[k]!.candidates ? emptyBoxes(l.attrs.length / PACKED.attrs) : undefined))
    const scan = this.scan(WHOLE_BOARD, false)
    for (let n = scan.fill(); n > 0; n = scan.fill()) {
      const { boxes, ids } = scan, span = spans[scan.layer]
      extend(board, boxes, n)
      if (!span) continue
      const sets = this.layers[scan.layer]!.sets
      for (let k = 0; k < n; k++) widen(span, 4 * sets[ids[k]!]!, boxes, 4 * k)
    }
    this.components = componentExtents(relevant, spans)
    const components = boxLayer([...this.components.values()])
    this.layers.push(anchorLayer(components, false, undefined))
    // a component's extent is its pads': it widens nothing
    this.board = { count: board.count + components.count, box: board.box }
  }

  /** The anchors centred in `region` (with `pointsOnly`, its pads and vias only), batch by batch. */
  scan(region: Readonly<Tile>, pointsOnly: boolean): Scan {
    return new Scan(this.layers, region, this.regions.get(region) ?? 0, pointsOnly, this.boxes, this.ids)
  }

  /**
   * The anchors of `region`, a cut's sides: how many are centred in each side and their box, and
   * each marked as its side's, so that a side's scans read no other anchor's box (below the first
   * cut, a scan of every layer would cost as much for a quarter of the board as for the whole).
   */
  divide(region: Readonly<Tile>, lower: Readonly<Tile>, upper: Readonly<Tile>): [Extent, Extent] {
    const sides = [lower, upper].map((side) => {
      const number = this.regions.size + 1
      this.regions.set(side, number)
      return { number, extent: emptyExtent() }
    })
    const { minX, minY, maxX, maxY } = lower
    for (const layer of this.layers) layer.regions ??= new Int32Array(layer.count) // every anchor in region 0, the board
    const scan = this.scan(region, false)
    for (let n = scan.fill(); n > 0; n = scan.fill()) {
      const { boxes, ids } = scan, regions = this.layers[scan.layer]!.regions!
      for (let k = 0; k < n; k++) {
        const x = (boxes[4 * k]! + boxes[4 * k + 2]!) / 2, y = (boxes[4 * k + 1]! + boxes[4 * k + 3]!) / 2
        const { number, extent } = sides[x >= minX && x < maxX && y >= minY && y < maxY ? 0 : 1]!
        regions[ids[k]!] = number
        extent.count++
        widen(extent.box, 0, boxes, 4 * k)
      }
    }
    return [sides[0]!.extent, sides[1]!.extent]
  }
}

/** Anchors per batch of a scan: 160 KB of boxes and ids. */
const BATCH = 4096

/**
 * A pass over the anchors centred in a region, a batch at a time, each batch from one layer: the
 * caller's loop over a batch is a plain loop over an array, and no call is made per anchor.
 */
class Scan {
  /** The batch's layer, an index into the scan's layers. */
  layer = 0
  /** Where the next batch starts in that layer. */
  private next = 0
  private readonly box: Box = [0, 0, 0, 0]

  constructor(private readonly layers: readonly AnchorLayer[], private readonly region: Readonly<Tile>, private readonly number: number, private readonly pointsOnly: boolean,
    /** The batch: box k's minX, minY, maxX, maxY at 4k, and its feature's id in its layer at k. */
    readonly boxes: Float64Array, readonly ids: Int32Array) {}

  /** Fills `boxes` and `ids` with the next batch and returns how many it holds: 0 when the scan is done. */
  fill(): number {
    const { boxes, ids, box } = this
    // the rectangle as numbers in the loop, not an object's fields
    const { minX, minY, maxX, maxY } = this.region
    for (; this.layer < this.layers.length; this.layer++, this.next = 0) {
      const layer = this.layers[this.layer]!
      if (this.pointsOnly && !layer.isPoint) continue
      const regions = layer.regions, number = this.number
      let n = 0, i = this.next
      for (; i < layer.count && n < BATCH; i++) {
        // another region's anchor (once regions are marked), or no anchor at all
        if ((regions !== undefined && regions[i] !== number) || !isAnchor(layer, i)) continue
        packedBox(layer.shapes, i, box)
        const x = (box[0] + box[2]) / 2, y = (box[1] + box[3]) / 2
        if (!(x >= minX && x < maxX && y >= minY && y < maxY)) continue
        boxes[4 * n] = box[0]; boxes[4 * n + 1] = box[1]; boxes[4 * n + 2] = box[2]; boxes[4 * n + 3] = box[3]
        ids[n++] = i
      }
      this.next = i
      if (n > 0) return n
    }
    return 0
  }
}

/** A layer anchors are read from, as fields of one object shape for every layer, so the scans' loads stay monomorphic. */
interface AnchorLayer {
  count: number
  /** The arrays packedBox reads. */
  shapes: Pick<PackedFeatures, 'columns' | 'codes' | 'room'>
  /** Pads and vias: the points grids are searched among (not deposits, not component extents). */
  isPoint: boolean
  /** A pads layer's bump-pad candidates by attribute set and kind (padCandidates); undefined where every feature is an anchor. */
  candidates: Uint8Array | undefined
  /** Each feature's attribute set: a view of the layer's refs column. */
  sets: Int32Array
  /** Each anchor's region (see Anchors.regions), made when a cut's side is to be cut again. */
  regions: Int32Array | undefined
}

type Features = Pick<PackedFeatures, 'count' | 'columns' | 'codes' | 'room' | 'refs'>

/** A pads, vias or deposit layer's anchors. */
const anchorLayerOf = (l: PackedLayer) => anchorLayer(l, l.meta.role !== 'deposit', l.meta.role === 'pads' ? padCandidates(l) : undefined)

function anchorLayer(layer: Features, isPoint: boolean, candidates: Uint8Array | undefined): AnchorLayer {
  const { count, columns, codes, room, refs } = layer, sets = PACKED.ref.attrs * room
  return { count, shapes: { columns, codes, room }, isPoint, candidates, sets: refs.subarray(sets, sets + count), regions: undefined }
}

/**
 * Which dark features of a pads layer a bump could stand on (src/layers/bump-pads.ts decides), by
 * attribute set and kind: 1 yes. A set holds the aperture function, and sets are few, so this is
 * decided a few times per layer, not per pad. The tiles keep each in view, whichever the choice takes.
 */
function padCandidates(layer: PackedLayer): Uint8Array {
  const sets = layer.attrs.length / PACKED.attrs, kinds = FEATURE_KINDS.length
  const yes = new Uint8Array(sets * kinds)
  for (let set = 0; set < sets; set++) {
    const fn = layer.attrs[set * PACKED.attrs + PACKED.attr.aperFunction]!
    for (let kind = 0; kind < kinds; kind++) {
      yes[set * kinds + kind] = isPadCandidate({ polarity: 'dark', kind: FEATURE_KINDS[kind]!, ...(fn >= 0 && { aperFunction: stringAt(layer.strings, fn) }) }) ? 1 : 0
    }
  }
  return yes
}

// read per feature: module constants, not an imported object's fields (a loader may make those getters)
const CODES = PACKED.codes, POLARITY = PACKED.code.polarity, KIND = PACKED.code.kind, KINDS = FEATURE_KINDS.length

/** Is feature i of this layer an anchor: any feature but a pads layer's, where only its bump-pad candidates are. */
function isAnchor(layer: AnchorLayer, i: number): boolean {
  const candidates = layer.candidates
  if (!candidates) return true
  const codes = layer.shapes.codes
  return codes[i * CODES + POLARITY] === 0 && candidates[layer.sets[i]! * KINDS + codes[i * CODES + KIND]!] === 1
}

/**
 * Each component's extent, joined over the pads layers, by name: from `spans`, the extents of each
 * pads layer's attribute sets (emptyBoxes where a set has no candidate pad).
 */
function componentExtents(layers: readonly PackedLayer[], spans: readonly (Float64Array | undefined)[]): Map<string, Float64Array> {
  const joined = new Map<string, Float64Array>()
  layers.forEach(({ attrs, strings }, l) => {
    const span = spans[l]
    for (let set = 0; span && set < span.length / 4; set++) {
      const component = attrs[set * PACKED.attrs + PACKED.attr.component]!
      if (component < 0 || span[4 * set] === Infinity) continue // no component, or no candidate pad
      const name = stringAt(strings, component)
      const extent = joined.get(name) ?? emptyBoxes(1)
      widen(extent, 0, span, 4 * set)
      joined.set(name, extent)
    }
  })
  return joined
}

/** Boxes as a layer of polygons, whose shape columns are their boxes: packedBox reads them back as they are. */
function boxLayer(boxes: Float64Array[]): Features {
  const room = boxes.length, columns = new Float64Array(4 * room), codes = new Uint8Array(PACKED.codes * room)
  boxes.forEach((box, i) => {
    box.forEach((value, k) => { columns[k * room + i] = value })
    codes[PACKED.codes * i + PACKED.code.shape] = SHAPE_CODE.polygon
  })
  return { count: room, columns, codes, room, refs: new Int32Array(0) } // no attribute sets: every box is an anchor
}

/** How many anchors, and the box of their extents (minX, minY, maxX, maxY). */
interface Extent {
  count: number
  box: Float64Array
}

const emptyExtent = (): Extent => ({ count: 0, box: emptyBoxes(1) })

/** `count` boxes that take in nothing yet (see widen), 4 numbers apiece. */
const emptyBoxes = (count: number) => Float64Array.from({ length: 4 * count }, (_, k) => (k % 4 < 2 ? Infinity : -Infinity))

/** Widens box `into[at..at+3]` to take in box `boxes[from..from+3]`. */
function widen(into: Float64Array, at: number, boxes: Float64Array, from: number): void {
  if (boxes[from]! < into[at]!) into[at] = boxes[from]!
  if (boxes[from + 1]! < into[at + 1]!) into[at + 1] = boxes[from + 1]!
  if (boxes[from + 2]! > into[at + 2]!) into[at + 2] = boxes[from + 2]!
  if (boxes[from + 3]! > into[at + 3]!) into[at + 3] = boxes[from + 3]!
}

/** Adds a batch of n boxes to an extent. */
function extend(extent: Extent, boxes: Float64Array, n: number): void {
  extent.count += n
  for (let k = 0; k < 4 * n; k += 4) widen(extent.box, 0, boxes, k)
}

// Where to cut a board into tiles for a parallel run, and which features and findings each tile owns.
//
// A tile is a rectangle. It reads the features within a halo of the deck's largest distance around
// it and keeps only the findings sited inside it. Bump and via rules also judge whole arrays (area
// spread, coplanarity, via regularity) and whole components, so a cut may only run through a free
// channel: no bump pad, deposit or via within a halo across it, and no component or grid straddling
// it. The board is halved again and again (kd-tree style) along whichever axis has the better
// balanced channel. Where no channel exists a part stays one tile: a slower run, never a different answer.

import { PAD_GRID_TOLERANCE } from '../layers/bump-pads.ts'
import { packedBox, textId, type PackedLayer } from '../layers/pack.ts'
import type { LayerChange } from './layer-diff.ts'
import type { Box } from '../geometry/types.ts'
import type { Deck } from './deck.ts'
import type { Rule } from './rule.ts'
import { stringAt } from '../layers/shared-strings.ts'
import { WHOLE_BOARD, type Tile } from './tile.ts'
import { anchorLayerNames, anchorLayerOf, Anchors, emptyBoxes, isAnchor, isAnchorLayer, widen, type Extent } from './tile-anchors.ts'

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

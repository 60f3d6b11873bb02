// Where to cut a board into tiles for a parallel run, and which features and findings each tile owns.
//
// A tile is a rectangle. It reads the features within a halo of the deck's largest distance around
// it and keeps only the findings sited inside it. Bump and via rules also judge whole arrays (area
// spread, coplanarity, via regularity) and whole components, so a cut may only run through a free
// channel: no bump pad, deposit or via within a halo across it, and no component or grid straddling
// it. The board is halved again and again (kd-tree style) along whichever axis has the better
// balanced channel. Where no channel exists a part stays one tile: a slower run, never a different answer.

import { isPadCandidate, PAD_GRID_TOLERANCE } from '../layers/bump-pads.ts'
import { PACKED, packedBox, textId, type PackedLayer } from '../layers/pack.ts'
import type { Feature } from '../layers/model.ts'
import type { Box, Point } from '../geometry/types.ts'
import type { Deck } from './deck.ts'
import type { Rule } from './rule.ts'
import { FEATURE_KINDS } from '../layers/model.ts'

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
/** The whole plane as one tile: a run with no cut (its halo reaches nothing beyond it). */
export const WHOLE_BOARD: Readonly<Tile> = Object.freeze({ minX: -Infinity, minY: -Infinity, maxX: Infinity, maxY: Infinity, halo: 0 })

export function planTiles(layers: readonly PackedLayer[], deck: Deck, count: number, halo: number, gridTolerance: number): Tile[] {
  const anchors = collectAnchors(layers, deck)
  const tiles: Tile[] = []
  const board: Tile = { minX: -Infinity, minY: -Infinity, maxX: Infinity, maxY: Infinity, halo }
  const split = (region: Tile, members: Int32Array, wanted: number) => {
    const cut = wanted > 1 ? bestCut(anchors, members, wanted, halo, gridTolerance) : undefined
    if (!cut) return void tiles.push(region)
    const [lower, upper] = cut.axis === 0
      ? [{ ...region, maxX: cut.at }, { ...region, minX: cut.at }]
      : [{ ...region, maxY: cut.at }, { ...region, minY: cut.at }]
    const lo = anchors.lo[cut.axis], hi = anchors.hi[cut.axis]
    const centre = (i: number) => (lo[i]! + hi[i]!) / 2
    let below = 0
    for (let k = 0; k < members.length; k++) if (centre(members[k]!) < cut.at) below++
    const lowerMembers = new Int32Array(below), upperMembers = new Int32Array(members.length - below)
    for (let k = 0, l = 0, u = 0; k < members.length; k++) {
      const i = members[k]!
      if (centre(i) < cut.at) lowerMembers[l++] = i
      else upperMembers[u++] = i
    }
    split(lower, lowerMembers, cut.share)
    split(upper, upperMembers, wanted - cut.share)
  }
  const everyone = new Int32Array(anchors.count)
  for (let i = 0; i < anchors.count; i++) everyone[i] = i
  split(board, everyone, Math.max(1, count))
  return tiles
}

/**
 * The channel, along x or y, that splits `members` closest to `share`/`wanted` of them (share =
 * wanted/2 rounded down), or undefined when no channel leaves each side a fair part.
 *
 * Channels are found on a coverage histogram: each anchor marks the bins its extent touches (a
 * difference array, so a component's wide extent costs two writes). A run of unmarked bins is a
 * channel; its exact width is the first start after it less the furthest end before it, and the cut
 * runs down its middle. Linear in the anchors and bins; no sort.
 */
function bestCut(anchors: Anchors, members: Int32Array, wanted: number, halo: number, gridTolerance: number) {
  const share = Math.floor(wanted / 2)
  const total = members.length
  const target = (total * share) / wanted
  const candidates: { axis: 0 | 1; at: number; miss: number }[] = []
  for (const axis of [0, 1] as const) {
    const lo = anchors.lo[axis], hi = anchors.hi[axis]
    let min = Infinity, max = -Infinity
    for (let k = 0; k < total; k++) {
      const i = members[k]!
      if (lo[i]! < min) min = lo[i]!
      if (hi[i]! > max) max = hi[i]!
    }
    if (!(max > min)) continue
    const bin = Math.max(halo / 8, (max - min) / MAX_BINS, 1)
    const bins = Math.floor((max - min) / bin) + 1
    const cover = new Int32Array(bins + 1), centres = new Int32Array(bins)
    // per bin, the highest end and the lowest start of the anchors there: the exact channel edges
    const ends = new Float64Array(bins).fill(-Infinity), starts = new Float64Array(bins).fill(Infinity)
    for (let k = 0; k < total; k++) {
      const i = members[k]!
      const first = Math.floor((lo[i]! - min) / bin), last = Math.floor((hi[i]! - min) / bin)
      cover[first]!++
      cover[last + 1]!--
      starts[first] = Math.min(starts[first]!, lo[i]!)
      ends[last] = Math.max(ends[last]!, hi[i]!)
      centres[Math.floor(((lo[i]! + hi[i]!) / 2 - min) / bin)]!++
    }
    // walk the bins: `depth` anchors cover the current bin, `before` centres lie in earlier bins,
    // `reach` is the furthest end so far
    let depth = 0, before = 0, reach = -Infinity, free = false
    for (let b = 0; b < bins; b++) {
      depth += cover[b]!
      if (depth === 0) free = true
      else if (free) {
        free = false
        // every anchor so far ends before bin b, and the ones covering b start in it
        if (starts[b]! - reach > halo && before > total / (4 * wanted) && total - before > total / (4 * wanted)) {
          // a cut that leaves a tile nearly empty buys nothing
          candidates.push({ axis, at: Math.round((reach + starts[b]!) / 2), miss: Math.abs(before - target) })
        }
      }
      reach = Math.max(reach, ends[b]!)
      before += centres[b]!
    }
  }
  // the best balanced channel across which no grid can link
  candidates.sort((p, q) => p.miss - q.miss || p.axis - q.axis || p.at - q.at)
  for (const c of candidates) {
    if (gridSafe(anchors, members, c.axis, c.at, gridTolerance)) return { axis: c.axis, at: c.at, share }
  }
  return undefined
}

/** Finer bins than this per split cost memory and buy nothing. */
const MAX_BINS = 1 << 22

/**
 * Could an array link across a cut at `at`? Not if the centre-to-centre gap across it is more than
 * (1 + tolerance) times the pitch of the pad and via columns on either side of it (from the last
 * column before the cut to the one before that, and likewise after it). A side with a single column
 * could be half of a two-column array: not safe.
 */
function gridSafe(anchors: Anchors, members: Int32Array, axis: 0 | 1, at: number, gridTolerance: number): boolean {
  const lo = anchors.lo[axis], hi = anchors.hi[axis]
  // the two highest distinct centres below the cut, the two lowest at or above it
  let last = -Infinity, previous = -Infinity, first = Infinity, next = Infinity
  for (let k = 0; k < members.length; k++) {
    const i = members[k]!
    if (!anchors.isPoint[i]) continue
    const c = (lo[i]! + hi[i]!) / 2
    if (c < at) {
      if (c > last) { previous = last; last = c } else if (c < last && c > previous) previous = c
    } else if (c < first) { next = first; first = c } else if (c > first && c < next) next = c
  }
  const gap = first - last
  const pitch = Math.max(last - previous, next - first)
  return Number.isFinite(gap) && Number.isFinite(pitch) && gap > (1 + gridTolerance) * pitch
}

/** Does the tile read a feature with this box? */
export function tileReads(tile: Tile, minX: number, minY: number, maxX: number, maxY: number): boolean {
  return maxX >= tile.minX - tile.halo && minX <= tile.maxX + tile.halo && maxY >= tile.minY - tile.halo && minY <= tile.maxY + tile.halo
}

/** Does the tile report a finding sited at `at`? Exactly one tile does. */
export function tileOwns(tile: Tile, at: Point): boolean {
  return at.x >= tile.minX && at.x < tile.maxX && at.y >= tile.minY && at.y < tile.maxY
}

/** What a cut must not run through: bump-pad candidates, vias and deposits, and whole components. */
interface Anchors {
  count: number
  /** Per axis (0 = x, 1 = y): low and high edge of each anchor (its centre is their mean, made when asked: no third array to fill). */
  lo: [Float64Array, Float64Array]
  hi: [Float64Array, Float64Array]
  /** Pads and vias: the points grids are searched among (not deposits, not component extents). */
  isPoint: Uint8Array
}

function collectAnchors(layers: readonly PackedLayer[], deck: Deck): Anchors {
  const relevant = layers.filter((l) => l.meta.role === 'pads' || l.meta.role === 'vias' || l.meta.role === 'deposit')
  // room for every feature and every component extent (a component is one of a pads layer's strings):
  // fresh memory costs ~4.6 ms/MB to touch here, so no more than that
  const room = relevant.reduce((n, l) => n + l.count + (l.meta.role === 'pads' ? l.strings.length : 0), 0)
  const axis = () => [new Float64Array(room), new Float64Array(room)] as [Float64Array, Float64Array]
  const anchors: Anchors = { count: 0, lo: axis(), hi: axis(), isPoint: new Uint8Array(room) }
  const add = (minX: number, minY: number, maxX: number, maxY: number, isPoint: boolean) => {
    const k = anchors.count++
    anchors.lo[0][k] = minX; anchors.hi[0][k] = maxX
    anchors.lo[1][k] = minY; anchors.hi[1][k] = maxY
    anchors.isPoint[k] = isPoint ? 1 : 0
  }
  const components = new Map<string, number[]>()
  const box: Box = [0, 0, 0, 0]
  for (const layer of relevant) {
    const role = layer.meta.role
    const { codes, strings } = layer
    // every pad a bump could stand on (src/layers/bump-pads.ts decides which are), decided once per
    // kind and function (-1 unknown, 0 no, 1 yes; by function string id + 1, then kind): the tiles
    // keep each in view, whichever the choice takes
    const candidate = new Int8Array((strings.length + 1) * 8).fill(-1)
    const isCandidate = (kind: number, fn: number) => {
      const key = (fn + 1) * 8 + kind
      let yes = candidate[key]!
      if (yes < 0) {
        yes = isPadCandidate({ polarity: 'dark', kind: FEATURE_KINDS[kind]!, ...(fn >= 0 && { aperFunction: strings[fn]! }) }) ? 1 : 0
        candidate[key] = yes
      }
      return yes === 1
    }
    // each component's extent on this layer, by its string id (a million pads: no string-keyed map per pad)
    const span = role === 'pads' ? new Float64Array(strings.length * 4) : undefined
    const seen = role === 'pads' ? new Uint8Array(strings.length) : undefined
    for (let i = 0; i < layer.count; i++) {
      if (role === 'pads') {
        const kind = codes[i * PACKED.codes + PACKED.code.kind]!
        if (codes[i * PACKED.codes + PACKED.code.polarity] !== 0 || !isCandidate(kind, textId(layer, i, 'aperFunction'))) continue
      }
      packedBox(layer, i, box)
      const minX = box[0], minY = box[1], maxX = box[2], maxY = box[3]
      add(minX, minY, maxX, maxY, role !== 'deposit')
      const c = textId(layer, i, 'component')
      if (span && c >= 0) {
        const s = 4 * c
        if (seen![c]) {
          if (minX < span[s]!) span[s] = minX
          if (minY < span[s + 1]!) span[s + 1] = minY
          if (maxX > span[s + 2]!) span[s + 2] = maxX
          if (maxY > span[s + 3]!) span[s + 3] = maxY
        } else {
          seen![c] = 1
          span[s] = minX; span[s + 1] = minY; span[s + 2] = maxX; span[s + 3] = maxY
        }
      }
    }
    // the layers' extents of one component joined, in the order components first appear
    for (let c = 0; c < (seen?.length ?? 0); c++) {
      if (!seen![c]) continue
      const key = strings[c]!, s = 4 * c
      const joined = components.get(key)
      if (!joined) components.set(key, [span![s]!, span![s + 1]!, span![s + 2]!, span![s + 3]!])
      else {
        joined[0] = Math.min(joined[0]!, span![s]!); joined[1] = Math.min(joined[1]!, span![s + 1]!)
        joined[2] = Math.max(joined[2]!, span![s + 2]!); joined[3] = Math.max(joined[3]!, span![s + 3]!)
      }
    }
  }
  for (const [, [minX, minY, maxX, maxY]] of components) add(minX!, minY!, maxX!, maxY!, false)
  return anchors
}

// Where to cut a board into tiles for a parallel run, and which features and findings each tile owns.
//
// A tile is a rectangle. It reads the features within a halo of the deck's largest distance around
// it and keeps only the findings sited inside it. Bump and via rules also judge whole arrays (area
// spread, coplanarity, via regularity) and whole components, so a cut may only run through a free
// channel: no bump pad, deposit or via within a halo across it, and no component or grid straddling
// it. The board is halved again and again (kd-tree style) along whichever axis has the better
// balanced channel. Where no channel exists a part stays one tile: a slower run, never a different answer.

import { isBumpPad } from '../layers/bump-sites.ts'
import type { PackedLayer } from '../layers/pack.ts'
import type { Point } from '../layers/model.ts'
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
 * The largest pitch tolerance any grid search of the deck uses: bump-pad grids use 0.05 (the default
 * of bumpArrays and padsInGrids), via grids the deck's via-pitch maxPitchDeviation.
 */
export function gridTolerance(deck: Deck): number {
  const via = deck.rules.get('via-pitch')?.options.maxPitchDeviation
  return Math.max(0.05, typeof via === 'number' ? via : 0)
}

/**
 * Cut the board into at most `count` tiles of about equal numbers of bump pads, vias and deposits.
 * A cut runs down the middle of a free channel that is
 * - wider than the halo, so no rule measures from one side of it to the other;
 * - wider, centre to centre, than (1 + gridTolerance) times the pitch of the pad and via columns
 *   (rows) on either side of it: findGridArrays links in-line neighbours only one pitch apart
 *   (within the tolerance), so no array links across it;
 * - not inside any component's extent (a component's pads are one array).
 */
export function planTiles(layers: readonly PackedLayer[], deck: Deck, count: number, halo: number, gridTolerance: number): Tile[] {
  const anchors = collectAnchors(layers, deck)
  const tiles: Tile[] = []
  const board: Tile = { minX: -Infinity, minY: -Infinity, maxX: Infinity, maxY: Infinity, halo }
  const split = (region: Tile, members: number[], wanted: number) => {
    const cut = wanted > 1 ? bestCut(anchors, members, wanted, halo, gridTolerance) : undefined
    if (!cut) return void tiles.push(region)
    const [lower, upper] = cut.axis === 0
      ? [{ ...region, maxX: cut.at }, { ...region, minX: cut.at }]
      : [{ ...region, maxY: cut.at }, { ...region, minY: cut.at }]
    const below = members.filter((i) => anchors.centre[cut.axis][i]! < cut.at)
    const above = members.filter((i) => anchors.centre[cut.axis][i]! >= cut.at)
    split(lower, below, cut.share)
    split(upper, above, wanted - cut.share)
  }
  split(board, Array.from(anchors.weight.keys()), Math.max(1, count))
  return tiles
}

/**
 * The channel, along x or y, that splits `members` closest to `share`/`wanted` of their weight
 * (share = wanted/2 rounded down), or undefined when no channel leaves each side a fair part.
 */
function bestCut(anchors: Anchors, members: readonly number[], wanted: number, halo: number, gridTolerance: number) {
  const share = Math.floor(wanted / 2)
  let best: { axis: 0 | 1; at: number; share: number; miss: number } | undefined
  for (const axis of [0, 1] as const) {
    const lo = anchors.lo[axis], hi = anchors.hi[axis]
    const order = members.slice().sort((a, b) => lo[a]! - lo[b]! || a - b)
    const centres = Float64Array.from(members.filter((i) => anchors.weight[i]! > 0 && !anchors.isDeposit[i]).map((i) => anchors.centre[axis][i]!)).sort()
    const total = members.reduce((t, i) => t + anchors.weight[i]!, 0)
    const target = (total * share) / wanted
    // sweep by the low edge; a channel is where the furthest high edge so far ends before the next low edge
    let reach = -Infinity, before = 0
    for (const i of order) {
      if (reach > -Infinity && lo[i]! - reach > halo) {
        const at = Math.round((reach + lo[i]!) / 2)
        const beside = pitchBeside(centres, at)
        const miss = Math.abs(before - target)
        // a cut that leaves a tile nearly empty buys nothing
        const fair = before > total / (4 * wanted) && total - before > total / (4 * wanted)
        if (fair && beside.gap > (1 + gridTolerance) * beside.pitch && (!best || miss < best.miss)) best = { axis, at, share, miss }
      }
      reach = Math.max(reach, hi[i]!)
      before += anchors.weight[i]!
    }
  }
  return best
}

/** Does the tile read a feature with this box? */
export function tileReads(tile: Tile, minX: number, minY: number, maxX: number, maxY: number): boolean {
  return maxX >= tile.minX - tile.halo && minX <= tile.maxX + tile.halo && maxY >= tile.minY - tile.halo && minY <= tile.maxY + tile.halo
}

/** Does the tile report a finding sited at `at`? Exactly one tile does. */
export function tileOwns(tile: Tile, at: Point): boolean {
  return at.x >= tile.minX && at.x < tile.maxX && at.y >= tile.minY && at.y < tile.maxY
}

/** What a cut must not run through: bump-pad candidates, vias and deposits (weight 1), and whole components (weight 0). */
interface Anchors {
  /** Per axis (0 = x, 1 = y): low edge, high edge and centre of each anchor. */
  lo: [number[], number[]]
  hi: [number[], number[]]
  centre: [number[], number[]]
  weight: number[]
  isDeposit: boolean[]
}

function collectAnchors(layers: readonly PackedLayer[], deck: Deck): Anchors {
  const anchors: Anchors = { lo: [[], []], hi: [[], []], centre: [[], []], weight: [], isDeposit: [] }
  const add = (box: readonly number[], weight: number, isDeposit: boolean) => {
    for (const axis of [0, 1] as const) {
      anchors.lo[axis].push(box[axis]!)
      anchors.hi[axis].push(box[axis + 2]!)
      anchors.centre[axis].push((box[axis]! + box[axis + 2]!) / 2)
    }
    anchors.weight.push(weight)
    anchors.isDeposit.push(isDeposit)
  }
  const components = new Map<string, number[]>()
  const flash = FEATURE_KINDS.indexOf('flash'), region = FEATURE_KINDS.indexOf('region')
  for (const layer of layers) {
    const role = layer.meta.role
    if (role !== 'pads' && role !== 'vias' && role !== 'deposit') continue
    let hasFunctions = false
    for (let i = 0; role === 'pads' && !hasFunctions && i < layer.count; i++) hasFunctions = layer.refs[6 * i + 2]! >= 0
    for (let i = 0; i < layer.count; i++) {
      const kind = layer.codes[4 * i]!
      if (role === 'pads') {
        if (kind !== flash && kind !== region) continue
        const fn = layer.refs[6 * i + 2]!
        const feature = { polarity: layer.codes[4 * i + 1] === 0 ? 'dark' : 'clear', kind: FEATURE_KINDS[kind]!, ...(fn >= 0 && { aperFunction: layer.strings[fn] }) } as const
        if (!isBumpPad(feature as never, deck.process.padFunctions, hasFunctions)) continue
      }
      const n = i * 11
      const box = [layer.numbers[n]!, layer.numbers[n + 1]!, layer.numbers[n + 2]!, layer.numbers[n + 3]!]
      add(box, 1, role === 'deposit')
      const c = layer.refs[6 * i + 3]!
      if (role === 'pads' && c >= 0) {
        const key = layer.strings[c]!
        const span = components.get(key)
        if (span) {
          span[0] = Math.min(span[0]!, box[0]!); span[1] = Math.min(span[1]!, box[1]!)
          span[2] = Math.max(span[2]!, box[2]!); span[3] = Math.max(span[3]!, box[3]!)
        } else components.set(key, box)
      }
    }
  }
  for (const [, box] of [...components].sort((a, b) => (a[0] < b[0] ? -1 : 1))) add(box, 0, false)
  return anchors
}

/**
 * Beside a channel at `at` (sorted centres along the cut's axis): the centre-to-centre gap across
 * it, and the pitch of the columns on either side (from the last column before it to the one before
 * that, and likewise after it), the larger of the two. A side with a single column gets an infinite
 * pitch: the channel could be the gap inside a two-column array.
 */
function pitchBeside(sortedCentres: Float64Array, at: number): { gap: number; pitch: number } {
  let lo = 0, hi = sortedCentres.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sortedCentres[mid]! < at) lo = mid + 1
    else hi = mid
  }
  const left = lo - 1, right = lo
  if (left < 0 || right >= sortedCentres.length) return { gap: 0, pitch: Infinity }
  const last = sortedCentres[left]!, first = sortedCentres[right]!
  let before = left
  while (before >= 0 && sortedCentres[before] === last) before--
  let after = right
  while (after < sortedCentres.length && sortedCentres[after] === first) after++
  if (before < 0 || after >= sortedCentres.length) return { gap: first - last, pitch: Infinity }
  return { gap: first - last, pitch: Math.max(last - sortedCentres[before]!, sortedCentres[after]! - first) }
}

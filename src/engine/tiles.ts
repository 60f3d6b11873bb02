// Where to cut a board into tiles for a parallel run, and which features and findings each tile owns.
//
// Tiles are vertical strips. A tile reads its strip plus a halo of the deck's largest distance and
// keeps only the findings sited inside its strip. Bump and via rules also judge whole arrays (area
// spread, coplanarity, via regularity) and whole components, so a cut may only run through a free
// channel: no bump pad, deposit or via within a halo of it, and no component or grid straddling it.
// Where no such channel exists the board stays one tile: a slower run, never a different answer.

import { isBumpPad } from '../layers/bump-sites.ts'
import type { PackedLayer } from '../layers/pack.ts'
import { packedBox } from '../layers/pack.ts'
import type { Point } from '../layers/model.ts'
import type { Deck } from './deck.ts'
import type { Rule } from './rule.ts'
import { FEATURE_KINDS } from '../layers/model.ts'

export interface Tile {
  /** The strip [from, to) in nm; the outer tiles run to ±Infinity. */
  from: number
  to: number
  /** Distance beyond the strip whose features the tile also reads. */
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
 * Cut the board into at most `count` strips of about equal numbers of bump pads, vias and deposits.
 * A cut runs down the middle of a free channel that is
 * - wider than the halo, so no rule measures from one side of it to the other;
 * - wider, centre to centre, than (1 + gridTolerance) times the column pitch on either side of it:
 *   findGridArrays links in-line neighbours only one pitch apart (within the tolerance), so no
 *   array links across it;
 * - not inside any component's extent (a component's pads are one array).
 */
export function planTiles(layers: readonly PackedLayer[], deck: Deck, count: number, halo: number, gridTolerance: number): Tile[] {
  const spans = anchorSpans(layers, deck)
  const whole: Tile[] = [{ from: -Infinity, to: Infinity, halo }]
  if (count <= 1 || spans.lo.length < 2) return whole

  // sweep the anchors by their left edge; a channel is where the furthest right edge so far ends
  // before the next left edge begins
  const order = Array.from(spans.lo.keys()).sort((a, b) => spans.lo[a]! - spans.lo[b]! || a - b)
  const channels: { at: number; before: number }[] = []
  let reachRight = -Infinity
  let anchorsBefore = 0
  for (const i of order) {
    const lo = spans.lo[i]!
    if (reachRight > -Infinity && lo - reachRight > halo) {
      const at = Math.round((reachRight + lo) / 2)
      const pitch = columnPitchBeside(spans.centres, at)
      if (pitch.gap > (1 + gridTolerance) * pitch.pitch) channels.push({ at, before: anchorsBefore })
    }
    reachRight = Math.max(reachRight, spans.hi[i]!)
    anchorsBefore += spans.weight[i]!
  }
  const total = anchorsBefore

  const cuts: number[] = []
  for (let k = 1; k < count; k++) {
    const target = (k * total) / count
    let best: (typeof channels)[number] | undefined
    for (const c of channels) {
      if (cuts.length > 0 && c.at <= cuts[cuts.length - 1]!) continue
      if (!best || Math.abs(c.before - target) < Math.abs(best.before - target)) best = c
    }
    // a cut that leaves a tile nearly empty buys nothing
    if (best && best.before > total / (4 * count) && total - best.before > total / (4 * count)) cuts.push(best.at)
  }
  if (cuts.length === 0) return whole
  const edges = [-Infinity, ...cuts, Infinity]
  return cuts.concat(Infinity).map((to, k) => ({ from: edges[k]!, to, halo }))
}

/** Does the tile read a feature spanning [minX, maxX]? */
export function tileReads(tile: Tile, minX: number, maxX: number): boolean {
  return maxX >= tile.from - tile.halo && minX <= tile.to + tile.halo
}

/** Does the tile report a finding sited at `at`? Exactly one tile does. */
export function tileOwns(tile: Tile, at: Point): boolean {
  return at.x >= tile.from && at.x < tile.to
}

/**
 * The x-extent of everything a cut must not run through, each widened by nothing yet (the halo is
 * applied by the sweep): bump-pad candidates, vias and deposits, and whole components.
 */
function anchorSpans(layers: readonly PackedLayer[], deck: Deck) {
  const lo: number[] = [], hi: number[] = [], weight: number[] = []
  const components = new Map<string, [number, number]>()
  const centresX: number[] = []
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
      const box = packedBox(layer, i)
      lo.push(box[0]); hi.push(box[2]); weight.push(1)
      if (role !== 'deposit') centresX.push((box[0] + box[2]) / 2)
      const c = layer.refs[6 * i + 3]!
      if (role === 'pads' && c >= 0) {
        const key = layer.strings[c]!
        const span = components.get(key)
        if (span) { span[0] = Math.min(span[0], box[0]); span[1] = Math.max(span[1], box[2]) } else components.set(key, [box[0], box[2]])
      }
    }
  }
  for (const [, [a, b]] of components) { lo.push(a); hi.push(b); weight.push(0) }
  return { lo, hi, weight, centres: Float64Array.from(centresX).sort() }
}

/**
 * Beside a channel at x: the centre-to-centre gap across it, and the column pitch on either side
 * (from the last pad or via column before it to the one before that, and likewise after it), the
 * larger of the two. A side with a single column gets an infinite pitch: the channel could be the
 * gap inside a two-column array.
 */
function columnPitchBeside(sortedCentres: Float64Array, x: number): { gap: number; pitch: number } {
  let lo = 0, hi = sortedCentres.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sortedCentres[mid]! < x) lo = mid + 1
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

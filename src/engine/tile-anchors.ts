// What the tile planner (src/engine/tiles.ts) must not cut through, read from the packed layers:
// bump-pad candidates, vias and deposits (its anchors), and whole components, scanned batch by batch.

import { isPadCandidate } from '../layers/bump-pads.ts'
import { FEATURE_KINDS } from '../layers/model.ts'
import { PACKED, packedBox, SHAPE_CODE, type PackedFeatures, type PackedLayer } from '../layers/pack.ts'
import { stringAt } from '../layers/shared-strings.ts'
import type { Box } from '../geometry/types.ts'
import { WHOLE_BOARD, type Tile } from './tile.ts'

const ANCHOR_ROLES: readonly string[] = ['pads', 'vias', 'deposit']
export const isAnchorLayer = (layer: PackedLayer) => ANCHOR_ROLES.includes(layer.meta.role)
export const anchorLayerNames = (layers: readonly PackedLayer[]) => JSON.stringify(layers.filter(isAnchorLayer).map((l) => [l.meta.file, l.meta.role]))

/**
 * What a cut must not run through: bump-pad candidates, vias and deposits, and whole components.
 * The features are read from the packed layers on every scan, never copied: at 1 M bumps a copy of
 * their boxes took 74 MB of fresh memory, ~0.25 s to touch on this VM, where a scan of the columns
 * takes a few tens of ms. Components are few: their extents are kept, packed as a layer of boxes
 * that a scan reads as it reads the others. An anchor belongs to the tile its centre lies in, so a
 * region's anchors are those centred in its rectangle.
 */
export class Anchors {
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
export class Scan {
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
export const anchorLayerOf = (l: PackedLayer) => anchorLayer(l, l.meta.role !== 'deposit', l.meta.role === 'pads' ? padCandidates(l) : undefined)

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
export function isAnchor(layer: AnchorLayer, i: number): boolean {
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
export interface Extent {
  count: number
  box: Float64Array
}

const emptyExtent = (): Extent => ({ count: 0, box: emptyBoxes(1) })

/** `count` boxes that take in nothing yet (see widen), 4 numbers apiece. */
export const emptyBoxes = (count: number) => Float64Array.from({ length: 4 * count }, (_, k) => (k % 4 < 2 ? Infinity : -Infinity))

/** Widens box `into[at..at+3]` to take in box `boxes[from..from+3]`. */
export function widen(into: Float64Array, at: number, boxes: Float64Array, from: number): void {
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

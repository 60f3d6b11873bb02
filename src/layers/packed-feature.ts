// The features of a packed layer as the rules read them: a handle (its layer's arrays and its id)
// whose fields are getters over the shared arrays, and lists of them by id (PackedList) that make a
// handle only when one is read. The layer's one representation is the packed arrays
// (src/layers/pack.ts); the garbage collector's time goes with the count of objects that live
// through a check, so handles, boxes and shapes are made on the spot and die young.

import { FEATURE_KINDS, type Feature, type Layer, type PadDefinition } from './model.ts'
import type { Box, Path, Shape } from '../geometry/types.ts'
import { drillOf, lineOf, packedBox, platedOf, SHAPE_CODE, textId, type PackedFeatures, type PackedLayer, type TextField } from './pack.ts'
import { stringAt } from './shared-strings.ts'

export class PackedFeature implements Feature {
  constructor(readonly layer: PackedFeatures, readonly id: number) {}

  get kind(): Feature['kind'] { return FEATURE_KINDS[this.layer.codes[4 * this.id]!]! }
  get polarity(): Feature['polarity'] { return this.layer.codes[4 * this.id + 1] === 0 ? 'dark' : 'clear' }

  get bbox(): Box {
    return packedBox(this.layer, this.id, [0, 0, 0, 0])
  }

  get shape(): Shape {
    const v = this.layer.columns, r = this.layer.room, i = this.id
    switch (this.layer.codes[4 * i + 2]) {
      case SHAPE_CODE.circle: return { type: 'circle', cx: v[i]!, cy: v[r + i]!, diameter: v[2 * r + i]! }
      case SHAPE_CODE.rect: return { type: 'rect', cx: v[i]!, cy: v[r + i]!, width: v[2 * r + i]!, height: v[3 * r + i]!, rotation: v[4 * r + i]! }
      case SHAPE_CODE.obround: return { type: 'obround', cx: v[i]!, cy: v[r + i]!, width: v[2 * r + i]!, height: v[3 * r + i]!, rotation: v[4 * r + i]! }
      case SHAPE_CODE.stroke: return { type: 'stroke', x1: v[i]!, y1: v[r + i]!, x2: v[2 * r + i]!, y2: v[3 * r + i]!, width: v[4 * r + i]! }
      default: return { type: 'polygon', paths: polygonPaths(this.layer, i) }
    }
  }

  get source(): Feature['source'] { return { file: this.text('file')!, line: lineOf(this.layer, this.id) } }
  get aperFunction(): string | undefined { return this.text('aperFunction') }
  get padDefinition(): PadDefinition | undefined { return this.text('padDefinition') as PadDefinition | undefined }
  get component(): string | undefined { return this.text('component') }
  get package(): string | undefined { return this.text('package') }
  get pin(): string | undefined { return this.text('pin') }
  get net(): string | undefined { return this.text('net') }
  get ipc4761(): string | undefined { return this.text('ipc4761') }

  get drill(): number | undefined {
    const d = drillOf(this.layer, this.id)
    return Number.isNaN(d) ? undefined : d
  }

  get plated(): boolean | undefined {
    const p = platedOf(this.layer, this.id)
    return p === 0 ? undefined : p === 2
  }

  private text(field: TextField): string | undefined {
    const id = textId(this.layer, this.id, field)
    return id < 0 ? undefined : stringAt(this.layer.strings, id)
  }

  /** The feature as the readers make it (what JSON and the tests see). */
  toJSON(): Feature {
    return plainFeature(this)
  }
}

/** A feature as a plain object, optional fields only when present, in the readers' key order. */
export function plainFeature(f: Feature): Feature {
  const out: Feature = { id: f.id, kind: f.kind, shape: f.shape, polarity: f.polarity, bbox: f.bbox, source: f.source }
  if (f.aperFunction !== undefined) out.aperFunction = f.aperFunction
  if (f.padDefinition !== undefined) out.padDefinition = f.padDefinition
  if (f.component !== undefined) out.component = f.component
  if (f.package !== undefined) out.package = f.package
  if (f.pin !== undefined) out.pin = f.pin
  if (f.net !== undefined) out.net = f.net
  if (f.drill !== undefined) out.drill = f.drill
  if (f.plated !== undefined) out.plated = f.plated
  if (f.ipc4761 !== undefined) out.ipc4761 = f.ipc4761
  return out
}

/** Packed features as plain objects, as a reader's test-facing form gives them (optional keys only when present). */
export function featureObjects(packed: PackedFeatures): Feature[] {
  const out: Feature[] = []
  for (let i = 0; i < packed.count; i++) out.push(plainFeature(new PackedFeature(packed, i)))
  return out
}

/**
 * Features by position, read with `at(i)!`: a plain array (the readers' objects, tests) or a
 * PackedList over packed layers, whose `at` makes a handle on the spot. The engine's lists of pads,
 * masks, deposits and holes are PackedLists: a million handles kept through a check were most of
 * what its garbage collector walked. A handle made twice is two objects: compare features by
 * `featureKey`.
 */
export interface FeatureList {
  readonly length: number
  at(i: number): Feature | undefined
}

/** Features of packed layers by (part, id), in order; part i of ids[k] is partOf[k] (all 0 when null). */
export class PackedList implements FeatureList {
  constructor(
    private readonly parts: readonly PackedFeatures[],
    private readonly partOf: Uint16Array | null,
    private readonly ids: Int32Array,
  ) {}

  get length(): number {
    return this.ids.length
  }

  at(i: number): Feature | undefined {
    if (!(i >= 0 && i < this.ids.length)) return undefined
    return new PackedFeature(this.parts[this.part(i)]!, this.ids[i]!)
  }

  /** Feature i's box into `out`, made from the arrays (no box allocated). */
  boxInto(i: number, out: Box): void {
    packedBox(this.parts[this.part(i)]!, this.ids[i]!, out)
  }

  /** Which of the parts holds feature i. */
  private part(i: number): number {
    return this.partOf === null ? 0 : this.partOf[i]!
  }

  /**
   * The features `keep` accepts, in order. `keep` is shown one handle per part, moved from feature
   * to feature (three million handles made only to be asked a kind or a polarity took ~0.1 s): it
   * must not keep the feature it is given.
   */
  filter(keep: (f: Feature) => boolean): PackedList {
    const ids = new Int32Array(this.ids.length)
    const partOf = this.partOf === null ? null : new Uint16Array(this.ids.length)
    const probes = this.parts.map((part) => new PackedFeature(part, 0) as { id: number } & PackedFeature)
    let n = 0
    for (let i = 0; i < this.ids.length; i++) {
      const part = this.part(i)
      const probe = probes[part]!
      probe.id = this.ids[i]!
      if (!keep(probe)) continue
      if (partOf !== null) partOf[n] = part
      ids[n++] = this.ids[i]!
    }
    return new PackedList(this.parts, partOf === null ? null : partOf.slice(0, n), ids.slice(0, n))
  }

  /** The features at these positions, in this order. */
  pick(positions: ArrayLike<number>): PackedList {
    const ids = new Int32Array(positions.length)
    const partOf = this.partOf === null ? null : new Uint16Array(positions.length)
    for (let k = 0; k < positions.length; k++) {
      const i = positions[k]!
      ids[k] = this.ids[i]!
      if (partOf !== null) partOf[k] = this.part(i)
    }
    return new PackedList(this.parts, partOf, ids)
  }

  /** Lists end to end, as one. */
  static join(lists: readonly PackedList[]): PackedList {
    if (lists.length === 1) return lists[0]!
    const parts: PackedFeatures[] = []
    let total = 0
    for (const list of lists) total += list.ids.length
    const ids = new Int32Array(total), partOf = new Uint16Array(total)
    let at = 0
    for (const list of lists) {
      const base = parts.length
      parts.push(...list.parts)
      ids.set(list.ids, at)
      for (let i = 0; i < list.ids.length; i++) partOf[at + i] = base + list.part(i)
      at += list.ids.length
    }
    return new PackedList(parts, partOf, ids)
  }
}

/** The features of a layer as a list: its packed view's ids when it is one (no handle made), else its array. */
export function featureList(layer: Layer): FeatureList {
  return (layer as { [VIEWED]?: PackedList })[VIEWED] ?? layer.features
}

/** How many features a layer has, without making them. */
export function featureCount(layer: Layer): number {
  return featureList(layer).length
}

/** Lists end to end: one PackedList when all are, else one array. */
export function joinLists(lists: readonly FeatureList[]): FeatureList {
  if (lists.every((l) => l instanceof PackedList)) return PackedList.join(lists as PackedList[])
  const out: Feature[] = []
  for (const list of lists) for (let i = 0; i < list.length; i++) out.push(list.at(i)!)
  return out
}

/** The features of `list` that `keep` accepts, in order, as a list of the same kind (`keep` must not keep the feature it is given: see PackedList.filter). */
export function filterList(list: FeatureList, keep: (f: Feature) => boolean): FeatureList {
  if (list instanceof PackedList) return list.filter(keep)
  const out: Feature[] = []
  for (let i = 0; i < list.length; i++) if (keep(list.at(i)!)) out.push(list.at(i)!)
  return out
}

/**
 * The positions 0 … count − 1 that `keep` takes, ascending, as a column of exactly their number
 * (a quarter of a million pushes onto an array cost ~25 ms here, each growth faulting in new pages).
 */
export function positionsWhere(count: number, keep: (i: number) => boolean): Int32Array {
  const out = new Int32Array(count)
  let n = 0
  for (let i = 0; i < count; i++) if (keep(i)) out[n++] = i
  return out.subarray(0, n)
}

/** The features of `list` at these positions, in this order, as a list of the same kind. */
export function pickList(list: FeatureList, positions: ArrayLike<number>): FeatureList {
  if (list instanceof PackedList) return list.pick(positions)
  return Array.from(positions, (i) => list.at(i)!)
}

/** A list's features as an array (for code that keeps them as objects). */
export function listArray(list: FeatureList): readonly Feature[] {
  if (Array.isArray(list)) return list as readonly Feature[]
  const out: Feature[] = new Array(list.length)
  for (let i = 0; i < list.length; i++) out[i] = list.at(i)!
  return out
}

/** Write feature i of a list's box into `out` (a PackedList's made from its arrays, with no box allocated). */
export function listBoxInto(list: FeatureList, i: number, out: Box): void {
  if (list instanceof PackedList) return list.boxInto(i, out)
  const b = list.at(i)!.bbox
  out[0] = b[0]; out[1] = b[1]; out[2] = b[2]; out[3] = b[3]
}

const serials = new WeakMap<PackedFeatures, number>()
let nextSerial = 1

/**
 * What makes two features the same feature: (layer, id) for packed ones, whose handles are made
 * anew on each read, the object itself for a plain one. For Map and Set keys.
 */
export function featureKey(f: Feature): unknown {
  if (!(f instanceof PackedFeature)) return f
  let serial = serials.get(f.layer)
  if (serial === undefined) serials.set(f.layer, (serial = nextSerial++))
  return serial * 2 ** 32 + f.id
}

const VIEWED = Symbol('packed view')

/**
 * The layer whose features are those of `layer` that `keep` accepts (by box), in file order and
 * with their ids, so that everything a rule derives from order or id is the same as on the whole
 * layer. The engine reads them as a PackedList (`featureList`); `features`, an array of handles,
 * is made only when something asks for it (a reporter, the API's layers, a test).
 */
export function layerView(layer: PackedLayer, keep?: (minX: number, minY: number, maxX: number, maxY: number) => boolean): Layer {
  let ids: Int32Array
  if (keep === undefined) {
    ids = new Int32Array(layer.count)
    for (let i = 0; i < ids.length; i++) ids[i] = i
  } else {
    const kept = new Int32Array(layer.count)
    const box: Box = [0, 0, 0, 0]
    let n = 0
    for (let i = 0; i < layer.count; i++) {
      packedBox(layer, i, box)
      if (keep(box[0], box[1], box[2], box[3])) kept[n++] = i
    }
    ids = kept.slice(0, n)
  }
  const list = new PackedList([layer], null, ids)
  const meta = layer.meta as Record<string, unknown>
  const view: Record<string | symbol, unknown> = {}
  let features: Feature[] | undefined
  for (const key of layer.keys) {
    if (key !== 'features') view[key] = meta[key]
    else Object.defineProperty(view, 'features', { enumerable: true, configurable: true, get: () => (features ??= listArray(list) as Feature[]) })
  }
  Object.defineProperty(view, VIEWED, { value: list })
  return view as unknown as Layer
}

/**
 * A polygon's rings, made on first use and kept per layer (they are the costly shape to rebuild, and
 * a handle stays two fields for the million features that are no polygon).
 */
const ringsMade = new WeakMap<PackedFeatures, Map<number, Path[]>>()

function polygonPaths(layer: PackedFeatures, i: number): Path[] {
  let made = ringsMade.get(layer)
  if (!made) ringsMade.set(layer, (made = new Map()))
  let paths = made.get(i)
  if (!paths) made.set(i, (paths = packedPaths(layer, i)))
  return paths
}

function packedPaths(layer: PackedFeatures, i: number): Path[] {
  const first = layer.polygonPaths[2 * i]!, count = layer.polygonPaths[2 * i + 1]!
  const paths: Path[] = []
  for (let k = first; k < first + count; k++) {
    const path: Path = []
    for (let p = layer.pathStarts[k]!; p < layer.pathStarts[k + 1]!; p++) path.push({ x: layer.points[2 * p]!, y: layer.points[2 * p + 1]! })
    paths.push(path)
  }
  return paths
}

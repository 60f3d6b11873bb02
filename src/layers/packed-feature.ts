// The features of a packed layer as the rules read them: a handle per feature (its layer's arrays and
// its id) whose fields are getters over the shared arrays. The layer's one representation is the
// packed arrays (src/layers/pack.ts); a handle is two fields where a reader's feature object is four
// objects (feature, shape, box, source), and the garbage collector's time goes with the count of
// objects that live through a check. A box or shape asked for is made on the spot and dies young.

import { FEATURE_KINDS, type Feature, type Layer, type PadDefinition } from './model.ts'
import type { Box, Path, Shape } from '../geometry/types.ts'
import { PACKED, SHAPE_CODE, textId, type PackedFeatures, type PackedLayer, type TextField } from './pack.ts'

const STRIDE = PACKED.numbers
const REFS = PACKED.refs

export class PackedFeature implements Feature {
  constructor(readonly layer: PackedFeatures, readonly id: number) {}

  get kind(): Feature['kind'] { return FEATURE_KINDS[this.layer.codes[4 * this.id]!]! }
  get polarity(): Feature['polarity'] { return this.layer.codes[4 * this.id + 1] === 0 ? 'dark' : 'clear' }

  get bbox(): Box {
    const v = this.layer.numbers, n = this.id * STRIDE
    return [v[n]!, v[n + 1]!, v[n + 2]!, v[n + 3]!]
  }

  get shape(): Shape {
    const v = this.layer.numbers, n = this.id * STRIDE
    switch (this.layer.codes[4 * this.id + 2]) {
      case SHAPE_CODE.circle: return { type: 'circle', cx: v[n + 4]!, cy: v[n + 5]!, diameter: v[n + 6]! }
      case SHAPE_CODE.rect: return { type: 'rect', cx: v[n + 4]!, cy: v[n + 5]!, width: v[n + 6]!, height: v[n + 7]!, rotation: v[n + 8]! }
      case SHAPE_CODE.obround: return { type: 'obround', cx: v[n + 4]!, cy: v[n + 5]!, width: v[n + 6]!, height: v[n + 7]!, rotation: v[n + 8]! }
      case SHAPE_CODE.stroke: return { type: 'stroke', x1: v[n + 4]!, y1: v[n + 5]!, x2: v[n + 6]!, y2: v[n + 7]!, width: v[n + 8]! }
      default: return { type: 'polygon', paths: polygonPaths(this.layer, this.id) }
    }
  }

  get source(): Feature['source'] { return { file: this.text('file')!, line: this.layer.refs[this.id * REFS + PACKED.ref.line]! } }
  get aperFunction(): string | undefined { return this.text('aperFunction') }
  get padDefinition(): PadDefinition | undefined { return this.text('padDefinition') as PadDefinition | undefined }
  get component(): string | undefined { return this.text('component') }
  get package(): string | undefined { return this.text('package') }
  get pin(): string | undefined { return this.text('pin') }
  get net(): string | undefined { return this.text('net') }
  get ipc4761(): string | undefined { return this.text('ipc4761') }

  get drill(): number | undefined {
    const d = this.layer.numbers[this.id * STRIDE + PACKED.drill]!
    return Number.isNaN(d) ? undefined : d
  }

  get plated(): boolean | undefined {
    const p = this.layer.codes[4 * this.id + 3]
    return p === 0 ? undefined : p === 2
  }

  private text(field: TextField): string | undefined {
    const id = textId(this.layer, this.id, field)
    return id < 0 ? undefined : this.layer.strings[id]
  }

  /** The feature as the readers make it (what JSON and the tests see). */
  toJSON(): Feature {
    return plainFeature(this)
  }
}

/** Write a feature's box into `out`: a packed feature's straight from its arrays, with no box made. */
export function boxInto(f: Feature, out: Box): void {
  if (f instanceof PackedFeature) {
    const v = f.layer.numbers, n = f.id * STRIDE
    out[0] = v[n]!; out[1] = v[n + 1]!; out[2] = v[n + 2]!; out[3] = v[n + 3]!
  } else {
    const b = f.bbox
    out[0] = b[0]; out[1] = b[1]; out[2] = b[2]; out[3] = b[3]
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
 * The layer whose features are those of `layer` that `keep` accepts (by box), as handles, in file
 * order and with their ids, so that everything a rule derives from order or id is the same as on the
 * whole layer.
 */
export function layerView(layer: PackedLayer, keep?: (minX: number, minY: number, maxX: number, maxY: number) => boolean): Layer {
  const v = layer.numbers
  const features: Feature[] = []
  for (let i = 0; i < layer.count; i++) {
    const n = i * STRIDE
    if (keep === undefined || keep(v[n]!, v[n + 1]!, v[n + 2]!, v[n + 3]!)) features.push(new PackedFeature(layer, i))
  }
  const meta = layer.meta as Record<string, unknown>
  return Object.fromEntries(layer.keys.map((key) => [key, key === 'features' ? features : meta[key]])) as unknown as Layer
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

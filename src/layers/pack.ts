// Layers packed into shared typed arrays, so worker threads can read one parse without copying it
// and each can rebuild Feature objects for its own tile only. Objects are what cost memory and GC
// time at a million bumps; a packed feature is ~100 bytes in a few flat arrays.

import { FEATURE_KINDS, type Box, type Feature, type Layer, type Path, type Shape } from './model.ts'

const SHAPE_TYPES = ['circle', 'rect', 'obround', 'stroke', 'polygon'] as const
/** Numbers per feature in `numbers`: bbox (4), then up to 6 shape parameters, then drill. */
const STRIDE = 11

/** One layer: its metadata as plain data and its features in shared arrays. */
export interface PackedLayer {
  meta: Omit<Layer, 'features'>
  /** The layer's keys in their order, so the rebuilt layer serialises to the same text. */
  keys: string[]
  count: number
  /** STRIDE numbers per feature: bbox[4], shape parameters[6], drill (NaN when absent). */
  numbers: Float64Array
  /** Per feature: kind, polarity (0 dark, 1 clear), shape type, plated (0 unset, 1 no, 2 yes). */
  codes: Uint8Array
  /** Per feature: source line, then indices into `strings` (-1 when absent) of source file, aperture function, component, pin, net. */
  refs: Int32Array
  strings: string[]
  /** Polygon shapes: per feature the first path (in pathStarts) and path count; then per path the first point; points as x, y pairs. */
  polygonPaths: Int32Array
  pathStarts: Int32Array
  points: Float64Array
}

const REFS = 6

function shared<T extends Float64Array | Int32Array | Uint8Array>(Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, length: number): T {
  return new Kind(new SharedArrayBuffer(Math.max(1, length) * Kind.BYTES_PER_ELEMENT))
}

/** Pack one layer. The result can be posted to workers: its arrays are shared, not copied. */
export function packLayer(layer: Layer): PackedLayer {
  const { features, ...meta } = layer
  const count = features.length
  let pathCount = 0, pointCount = 0
  for (const f of features) {
    if (f.shape.type !== 'polygon') continue
    pathCount += f.shape.paths.length
    for (const path of f.shape.paths) pointCount += path.length
  }
  const numbers = shared(Float64Array, count * STRIDE)
  const codes = shared(Uint8Array, count * 4)
  const refs = shared(Int32Array, count * REFS)
  const polygonPaths = shared(Int32Array, count * 2)
  const pathStarts = shared(Int32Array, pathCount + 1)
  const points = shared(Float64Array, pointCount * 2)
  const strings: string[] = []
  const stringIds = new Map<string, number>()
  const intern = (s: string) => {
    let id = stringIds.get(s)
    if (id === undefined) stringIds.set(s, (id = strings.push(s) - 1))
    return id
  }
  // neighbouring features mostly share their file, function and component (often the very same
  // string object): remember the last of each field and skip the map
  const lastText: (string | undefined)[] = [], lastId: number[] = []
  const field = (slot: number, s: string | undefined) => {
    if (s === undefined) return -1
    if (s === lastText[slot]) return lastId[slot]!
    lastText[slot] = s
    return (lastId[slot] = intern(s))
  }

  let path = 0, point = 0
  for (let i = 0; i < count; i++) {
    const f = features[i]!
    const n = i * STRIDE
    numbers.set(f.bbox, n)
    const s = f.shape
    switch (s.type) {
      case 'circle': numbers[n + 4] = s.cx; numbers[n + 5] = s.cy; numbers[n + 6] = s.diameter; break
      case 'rect':
      case 'obround': numbers[n + 4] = s.cx; numbers[n + 5] = s.cy; numbers[n + 6] = s.width; numbers[n + 7] = s.height; numbers[n + 8] = s.rotation; break
      case 'stroke': numbers[n + 4] = s.x1; numbers[n + 5] = s.y1; numbers[n + 6] = s.x2; numbers[n + 7] = s.y2; numbers[n + 8] = s.width; break
      case 'polygon':
        polygonPaths[2 * i] = path
        polygonPaths[2 * i + 1] = s.paths.length
        for (const ring of s.paths) {
          pathStarts[path++] = point
          for (const p of ring) { points[2 * point] = p.x; points[2 * point + 1] = p.y; point++ }
        }
        break
    }
    numbers[n + 10] = f.drill ?? NaN
    codes[4 * i] = FEATURE_KINDS.indexOf(f.kind)
    codes[4 * i + 1] = f.polarity === 'dark' ? 0 : 1
    codes[4 * i + 2] = SHAPE_TYPES.indexOf(s.type)
    codes[4 * i + 3] = f.plated === undefined ? 0 : f.plated ? 2 : 1
    const r = i * REFS
    refs[r] = f.source.line
    refs[r + 1] = field(0, f.source.file)
    refs[r + 2] = field(1, f.aperFunction)
    refs[r + 3] = field(2, f.component)
    refs[r + 4] = field(3, f.pin)
    refs[r + 5] = field(4, f.net)
  }
  pathStarts[path] = point
  return { meta, keys: Object.keys(layer), count, numbers, codes, refs, strings, polygonPaths, pathStarts, points }
}

/** A feature's box straight from the packed arrays, without building it. */
export function packedBox(layer: PackedLayer, i: number): Box {
  const n = i * STRIDE
  const v = layer.numbers
  return [v[n]!, v[n + 1]!, v[n + 2]!, v[n + 3]!]
}

/**
 * Rebuild the layer with the features whose boxes `keep` accepts, in file order and with their original ids,
 * so that everything a rule derives from order or id is the same as on the whole layer.
 */
export function unpackLayer(layer: PackedLayer, keep: (minX: number, minY: number, maxX: number, maxY: number) => boolean = () => true): Layer {
  const { numbers: v, codes, refs, strings } = layer
  const features: Feature[] = []
  const file = (id: number) => strings[id]!
  const text = (id: number) => (id < 0 ? undefined : strings[id])
  for (let i = 0; i < layer.count; i++) {
    const n = i * STRIDE
    if (!keep(v[n]!, v[n + 1]!, v[n + 2]!, v[n + 3]!)) continue
    const type = SHAPE_TYPES[codes[4 * i + 2]!]!
    let shape: Shape
    switch (type) {
      case 'circle': shape = { type, cx: v[n + 4]!, cy: v[n + 5]!, diameter: v[n + 6]! }; break
      case 'rect':
      case 'obround': shape = { type, cx: v[n + 4]!, cy: v[n + 5]!, width: v[n + 6]!, height: v[n + 7]!, rotation: v[n + 8]! }; break
      case 'stroke': shape = { type, x1: v[n + 4]!, y1: v[n + 5]!, x2: v[n + 6]!, y2: v[n + 7]!, width: v[n + 8]! }; break
      case 'polygon': shape = { type, paths: unpackPaths(layer, i) }; break
    }
    const r = i * REFS
    const f: Feature = {
      id: i,
      kind: FEATURE_KINDS[codes[4 * i]!]!,
      shape,
      polarity: codes[4 * i + 1] === 0 ? 'dark' : 'clear',
      bbox: [v[n]!, v[n + 1]!, v[n + 2]!, v[n + 3]!],
      source: { file: file(refs[r + 1]!), line: refs[r]! },
    }
    // optional fields only when present, as the readers write them (reports spread features' keys)
    const aperFunction = text(refs[r + 2]!), component = text(refs[r + 3]!), pin = text(refs[r + 4]!), net = text(refs[r + 5]!)
    if (aperFunction !== undefined) f.aperFunction = aperFunction
    if (component !== undefined) f.component = component
    if (pin !== undefined) f.pin = pin
    if (net !== undefined) f.net = net
    if (!Number.isNaN(v[n + 10]!)) f.drill = v[n + 10]!
    if (codes[4 * i + 3] !== 0) f.plated = codes[4 * i + 3] === 2
    features.push(f)
  }
  const meta = layer.meta as Record<string, unknown>
  return Object.fromEntries(layer.keys.map((key) => [key, key === 'features' ? features : meta[key]])) as unknown as Layer
}

function unpackPaths(layer: PackedLayer, i: number): Path[] {
  const first = layer.polygonPaths[2 * i]!, count = layer.polygonPaths[2 * i + 1]!
  const paths: Path[] = []
  for (let k = first; k < first + count; k++) {
    const path: Path = []
    for (let p = layer.pathStarts[k]!; p < layer.pathStarts[k + 1]!; p++) path.push({ x: layer.points[2 * p]!, y: layer.points[2 * p + 1]! })
    paths.push(path)
  }
  return paths
}

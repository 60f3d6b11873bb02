// The one form a layer has in memory: its features packed into shared typed arrays, written by the
// readers and read by everything after them (rules through src/layers/packed-feature.ts), so worker
// threads share one parse without copying it. Objects are what cost memory and GC time at a million
// bumps; a packed round pad is 60 bytes in a few flat arrays.

import { FEATURE_KINDS, type Feature, type FeatureKind, type Layer } from './model.ts'
import { circleBox, shapeBox, strokeBox, uprightBox } from '../geometry/polygonize.ts'
import type { Box } from '../geometry/types.ts'
import { allStrings, shareStrings, stringAt, stringCount, type SharedStrings } from './shared-strings.ts'


const SHAPE_TYPES = ['circle', 'rect', 'obround', 'stroke', 'polygon'] as const
const KIND_CODE = Object.fromEntries(FEATURE_KINDS.map((kind, i) => [kind, i])) as Record<FeatureKind, number>
/** Shape type → its code in `codes` (PACKED.code.shape). */
export const SHAPE_CODE = Object.fromEntries(SHAPE_TYPES.map((type, i) => [type, i])) as Record<(typeof SHAPE_TYPES)[number], number>
const CIRCLE = SHAPE_CODE.circle
/** How many columns a shape's numbers take, by shape code. */
export const SHAPE_COLUMNS: readonly number[] = [3, 5, 5, 5, 4]
/** Columns of `columns`: a shape's parameters (at most 5) and the drill (see PackedFeatures.columns). */
const COLUMNS = 6
const DRILL = 5
/** In a feature's plated code (codes[4i + 3], 0–2): set when it has a drill. */
const HAS_DRILL = 4

/** Features in shared arrays. */
export interface PackedFeatures {
  count: number
  /** Rows of a column of `columns` and of `refs` (at least count): feature i's k-th value is at k·room + i. */
  room: number
  /**
   * The shapes' numbers in 6 columns (struct of arrays), by shape: circle cx, cy, diameter; rect and
   * obround cx, cy, width, height, rotation; stroke x1, y1, x2, y2, width; polygon its box (minX,
   * minY, maxX, maxY, as read). Column 5 holds the drill of a feature that has one (its plated code
   * says so). A value a feature has no use for is never written, and the memory of a column is
   * committed page by page as it is written: a layer of round pads fills three columns and leaves
   * the other three untouched (page faults at ~2–4 ms per MB make bytes time here). No shape keeps
   * its box but a polygon: packedBox() makes it from the shape with the readers' own formulas
   * (src/geometry/polygonize.ts), bit for bit.
   */
  columns: Float64Array
  /** Per feature: kind, polarity (0 dark, 1 clear), shape type, plated (0 unset, 1 no, 2 yes; + 4 when it has a drill). */
  codes: Uint8Array
  /**
   * 4 columns of `room`, as `columns`: source line; the index into `strings` of its pin, and of its
   * net, plus one (0 when absent, and never written); its attribute set, an index into `attrs`.
   */
  refs: Int32Array
  /**
   * Bit k set when some feature has a value in refs column k: a column without holds only 0s, and a
   * scan of every feature (the tile keys, a re-check's comparison) need not read it. Reading fresh
   * memory costs here as much as writing it: a paste layer's pin, net and set columns are 12 MB at 1 M pads.
   */
  refsUsed: number
  /**
   * Attribute sets, ATTRS string indices each (-1 when absent): source file, aperture function,
   * component, pad definition, package, IPC-4761 via type. Neighbouring features share one: a
   * component's thousand pads differ in their pins only, so a feature's references are its line and
   * its set (and a pin or net where it has one), not eight strings and a line (page faults at ~2–4 ms
   * per MB make bytes time here).
   */
  attrs: Int32Array
  /** The strings the ids above index, shared as the arrays are (src/layers/shared-strings.ts: stringAt reads one). */
  strings: SharedStrings
  /** Polygon shapes: per feature the first path (in pathStarts) and path count; then per path the first point; points as x, y pairs. */
  polygonPaths: Int32Array
  pathStarts: Int32Array
  points: Float64Array
}

/**
 * Where a builder was, to copy an earlier read's features up to there or on from there
 * (a Gerber read resumed after an edit, src/ingest/gerber/resume.ts): features, polygon paths and
 * points, strings and attribute sets written so far.
 */
export interface PackedMark { features: number; paths: number; points: number; strings: number; attrSets: number }

/**
 * What a finished builder keeps for a later one to continue its first features from: its string
 * table (ids by first use, so a prefix of it is the table of a prefix of the features) and which
 * columns it wrote (a column never written is never copied, so its pages stay uncommitted).
 */
export interface PackedTables { stringTable: Int32Array; stringHashes: Int32Array; written: number }

/** One layer: its metadata as plain data and its features in shared arrays. */
export interface PackedLayer extends PackedFeatures {
  meta: Omit<Layer, 'features'>
  /** The layer's keys in their order, so the rebuilt layer serialises to the same text. */
  keys: string[]
}

const REFS = 4
const ATTRS = 6
/** PackedLayerBuilder.written: the refs columns' bits after the number columns'. */
const REFS_BIT = 8
/** The refs columns that hold string and attribute-set ids (pin, net, set), renumbered when copied. */
const TEXT_REFS = (1 << (REFS_BIT + 1)) | (1 << (REFS_BIT + 2)) | (1 << (REFS_BIT + 3))

/**
 * Where a feature's fields sit in the packed arrays, for readers that scan them without a handle
 * per feature (the tile planner, the tile keys, the report's counts): feature i's shape is in
 * columns[k·room + i] for k = 0..4 (packedBox makes its box, drillOf reads its drill), its kind
 * codes[i·codes + code.kind], its source line refs[ref.line·room + i], its component
 * attrs[refs[ref.attrs·room + i]·attrs + attr.component] (textId reads any of its strings).
 */
export const PACKED = {
  codes: 4,
  attrs: ATTRS,
  code: { kind: 0, polarity: 1, shape: 2, plated: 3 },
  ref: { line: 0, pin: 1, net: 2, attrs: 3 },
  attr: { file: 0, aperFunction: 1, component: 2, padDefinition: 3, package: 4, ipc4761: 5 },
} as const
const ref = PACKED.ref

/** A feature's string fields, each in refs (pin, net) or in its attribute set (the rest). */
export type TextField = 'file' | 'aperFunction' | 'component' | 'pin' | 'net' | 'padDefinition' | 'package' | 'ipc4761'

/** Index into `strings` of feature i's field, -1 when absent. */
export function textId(p: Pick<PackedFeatures, 'refs' | 'attrs' | 'room'>, i: number, field: TextField): number {
  if (field === 'pin') return p.refs[ref.pin * p.room + i]! - 1
  if (field === 'net') return p.refs[ref.net * p.room + i]! - 1
  return p.attrs[p.refs[ref.attrs * p.room + i]! * ATTRS + PACKED.attr[field]]!
}

/** Feature i's source line. */
export function lineOf(p: Pick<PackedFeatures, 'refs' | 'room'>, i: number): number {
  return p.refs[ref.line * p.room + i]!
}

/**
 * Feature i's box into `out` (and returned): made from its shape by the readers' formulas
 * (shapeBox), so it is the box they made, bit for bit; a polygon's is the one stored.
 */
export function packedBox(p: Pick<PackedFeatures, 'columns' | 'codes' | 'room'>, i: number, out: Box): Box {
  const v = p.columns, r = p.room
  // round pads are nearly all: their case alone is small enough for the compiler to inline into a caller's loop
  if (p.codes[4 * i + PACKED.code.shape] === CIRCLE) return circleBox(v[i]!, v[r + i]!, v[2 * r + i]!, out)
  return otherShapeBox(p, i, out)
}

function otherShapeBox(p: Pick<PackedFeatures, 'columns' | 'codes' | 'room'>, i: number, out: Box): Box {
  const v = p.columns, r = p.room
  const a = v[i]!, b = v[r + i]!, c = v[2 * r + i]!
  switch (p.codes[4 * i + PACKED.code.shape]) {
    case SHAPE_CODE.stroke: return strokeBox(a, b, c, v[3 * r + i]!, v[4 * r + i]!, out)
    case SHAPE_CODE.polygon:
      out[0] = a; out[1] = b; out[2] = c; out[3] = v[3 * r + i]!
      return out
    default: {
      // a rect or obround, turned off the axes (rare): the box of its outline, as the reader made it
      const d = v[3 * r + i]!, e = v[4 * r + i]!
      if (uprightBox(a, b, c, d, e, out)) return out
      const b2 = shapeBox({ type: SHAPE_TYPES[p.codes[4 * i + PACKED.code.shape]!] as 'rect' | 'obround', cx: a, cy: b, width: c, height: d, rotation: e })
      out[0] = b2[0]; out[1] = b2[1]; out[2] = b2[2]; out[3] = b2[3]
      return out
    }
  }
}

/** Feature i's drill, NaN when it has none. */
export function drillOf(p: Pick<PackedFeatures, 'columns' | 'codes' | 'room'>, i: number): number {
  return (p.codes[4 * i + PACKED.code.plated]! & HAS_DRILL) === 0 ? NaN : p.columns[DRILL * p.room + i]!
}

/** A feature's plated code, as codes[4i + 3] holds it: 0 unset, 1 no, 2 yes; + HAS_DRILL with a drill. */
function platedCode(plated: boolean | undefined, hasDrill: boolean): number {
  return (plated === undefined ? 0 : plated ? 2 : 1) + (hasDrill ? HAS_DRILL : 0)
}

/** Feature i's plated code: 0 unset, 1 no, 2 yes. */
export function platedOf(p: Pick<PackedFeatures, 'codes'>, i: number): number {
  return p.codes[4 * i + PACKED.code.plated]! & ~HAS_DRILL
}

/** FNV-1a over the UTF-16 code units, as a signed 32-bit integer (what an Int32Array gives back: '' included). */
function hash(s: string): number {
  let h = 0x811c9dc5 | 0
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193)
  return h
}

type SharedKind<T> = { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }

function shared<T extends Float64Array | Int32Array | Uint8Array>(Kind: SharedKind<T>, length: number): T {
  return new Kind(new SharedArrayBuffer(Math.max(1, length) * Kind.BYTES_PER_ELEMENT))
}

/** `array` if it holds `needed` elements, else a shared copy at least twice its length. */
function grown<T extends Float64Array | Int32Array | Uint8Array>(array: T, needed: number): T {
  if (array.length >= needed) return array
  const bigger = shared(array.constructor as unknown as SharedKind<T>, Math.max(needed, 2 * array.length))
  bigger.set(array as never)
  return bigger
}

/** `array`'s `columns` columns of `room` rows moved to columns of `newRoom` rows, in a new shared array. */
function regrown<T extends Float64Array | Int32Array>(array: T, columns: number, room: number, newRoom: number, rows: number): T {
  const bigger = shared(array.constructor as unknown as SharedKind<T>, columns * newRoom)
  // only the rows written: a column a layer never uses stays unwritten (and uncommitted) here too
  for (let k = 0; k < columns; k++) bigger.set(array.subarray(k * room, k * room + rows) as never, k * newRoom)
  return bigger
}

/** Pack one layer. The result can be posted to workers: its arrays are shared, not copied. */
export function packLayer(layer: Layer): PackedLayer {
  const { features, ...meta } = layer
  const builder = new PackedLayerBuilder(features.length)
  builder.add(features)
  return { ...builder.finish(), meta, keys: Object.keys(layer) }
}

/**
 * Packs features as the readers make them, in file order: the common one (a round pad, a drill hit)
 * written field by field with circle(), no object made at all; any other as an object, push(), that
 * dies young; a whole layer of objects (ODB++) with add().
 *
 * On this VM the writes are most of a read's time: fresh memory costs ~2–4 ms per MB at first touch
 * (page faults), and a circle took 128 bytes (88 of numbers, 36 of refs, 4 of codes), so 1 M pads
 * cost ~450 ms in faults where parsing them takes ~170 ms (bench/RESULTS.md, 2026-12-05); then 60
 * (rows of 5 numbers, 4 refs, 4 codes); now 32–36 as columns (3 numbers, a line, an attribute set
 * unless it is the layer's first, 4 codes), 4 more with a pin, 4 with a net, 8 with a drill: a value
 * a feature lacks, or a 0, is never written.
 *
 * The arrays are shared from the start and sized by `expected`, an upper bound where the caller has
 * one (a Gerber file holds no more plain features than commands): memory is committed page by page
 * as it is written (measured: 1 GB shared and 1 MB written adds 5 MB of RSS), so a generous bound
 * costs address space only, and the read never copies the arrays to grow them or to share them. A
 * step-and-repeat beyond the bound grows them, copying.
 */
export class PackedLayerBuilder {
  private count = 0
  /** Rows of `columns` and `refs`: the features they have room for. */
  private room: number
  private columns: Float64Array
  private codes: Uint8Array
  private refs: Int32Array
  /** Attribute sets so far (ATTRS ids each), in a shared array that grows by doubling (they are few). */
  private attrs = shared(Int32Array, 16 * ATTRS)
  private attrCount = 0
  /** Attribute set → its index, keyed by its ids joined; `lastSet` short-cuts a run of features with the same set. */
  private readonly attrIds = new Map<string, number>()
  private readonly lastSet = new Int32Array(ATTRS).fill(-2)
  private lastSetId = -1
  private polygonPaths: Int32Array
  private pathStarts = shared(Int32Array, 16)
  private points = shared(Float64Array, 64)
  private paths = 0
  private pointCount = 0
  private strings: string[] = []
  // string → id + 1 (0: empty), open addressing by an FNV-1a hash of the characters: the 1 M-bump
  // copper's 250 k distinct pins took a Map 300-400 ms (its entries grow by copying, into fresh
  // memory), this table of 4 bytes a slot 80-200 ms
  private stringTable: Int32Array = new Int32Array(1024)
  /** Each string's hash, by id: never computed twice. Half the table's length, as the table is at most half full. */
  private stringHashes: Int32Array = new Int32Array(512)
  /**
   * The table and hashes are an earlier read's (copyPrefix), and may hold its later strings too (ids
   * from strings.length on), which a lookup passes over: they are copied, without those, only when a
   * string is added.
   */
  private borrowedTable = false
  // neighbouring features mostly share their file, function and component (often the very same
  // string object): remember the last of each field and skip the table
  private readonly lastText: (string | undefined)[] = []
  private readonly lastId: number[] = []
  /** The first feature whose box reaches beyond ±2^53 nm or is NaN (a corrupt number in the file, for its reader to report); -1 when none. */
  outOfRange = -1
  /** The box checkRange() looks at, made again for each feature. */
  private readonly box: Box = [0, 0, 0, 0]
  /** Columns written: bit k for columns' k, bit REFS_BIT + k for refs' k (line and the first three shape numbers always). */
  private written = 0b111 | (1 << REFS_BIT)

  constructor(expected = 1024) {
    const room = (this.room = Math.max(16, expected))
    this.columns = shared(Float64Array, room * COLUMNS)
    this.codes = shared(Uint8Array, room * 4)
    this.refs = shared(Int32Array, room * REFS)
    this.polygonPaths = shared(Int32Array, room * 2)
  }

  /** Index of the attribute set of these string ids (file, function, component, pad definition, package, IPC-4761). */
  private attrSet(file: number, aperFunction: number, component: number, padDefinition: number, pack: number, ipc4761: number): number {
    const last = this.lastSet
    if (last[0] === file && last[1] === aperFunction && last[2] === component && last[3] === padDefinition && last[4] === pack && last[5] === ipc4761) return this.lastSetId
    last[0] = file; last[1] = aperFunction; last[2] = component; last[3] = padDefinition; last[4] = pack; last[5] = ipc4761
    const key = `${file},${aperFunction},${component},${padDefinition},${pack},${ipc4761}`
    let id = this.attrIds.get(key)
    if (id === undefined) {
      id = this.attrCount++
      this.attrs = grown(this.attrs, this.attrCount * ATTRS)
      this.attrs.set(last, id * ATTRS)
      this.attrIds.set(key, id)
    }
    return (this.lastSetId = id)
  }

  private field(slot: number, s: string | undefined): number {
    if (s === undefined) return -1
    if (s === this.lastText[slot]) return this.lastId[slot]!
    this.lastText[slot] = s
    return (this.lastId[slot] = this.intern(s))
  }

  private intern(s: string): number {
    const table = this.stringTable, mask = table.length - 1, hashes = this.stringHashes, h = hash(s)
    let slot = h & mask
    // a string is looked at only when its hash matches: most probes then touch the two typed arrays alone
    for (let e = table[slot]!; e !== 0; e = table[slot]!) {
      if (hashes[e - 1] === h && this.strings[e - 1] === s) return e - 1
      slot = (slot + 1) & mask
    }
    if (this.borrowedTable) return this.ownTable(s)
    const id = this.strings.push(s) - 1
    table[slot] = id + 1
    hashes[id] = h
    if (2 * this.strings.length >= table.length) {
      // half full: twice the slots, every string placed again by its kept hash
      const bigger = new Int32Array(2 * table.length), wider = bigger.length - 1
      for (let k = 0; k < this.strings.length; k++) {
        let at = hashes[k]! & wider
        while (bigger[at] !== 0) at = (at + 1) & wider
        bigger[at] = k + 1
      }
      this.stringTable = bigger
      this.stringHashes = new Int32Array(table.length)
      this.stringHashes.set(hashes)
    }
    return id
  }

  /**
   * A borrowed table made this builder's own, then `s` interned: a string's probe run holds only
   * strings interned before it (also after a doubling, which places them again in id order), so
   * clearing the later ones leaves every earlier one where a lookup finds it.
   */
  private ownTable(s: string): number {
    const table = (this.stringTable = this.stringTable.slice()), count = this.strings.length
    for (let slot = 0; slot < table.length; slot++) if (table[slot]! > count) table[slot] = 0
    this.stringHashes = this.stringHashes.slice()
    this.borrowedTable = false
    return this.intern(s)
  }

  private reserve(features: number, paths: number, points: number): void {
    const n = this.count + features
    if (n > this.room) {
      const room = Math.max(n, 2 * this.room)
      this.columns = regrown(this.columns, COLUMNS, this.room, room, this.count)
      this.refs = regrown(this.refs, REFS, this.room, room, this.count)
      this.room = room
    }
    this.codes = grown(this.codes, n * 4)
    this.polygonPaths = grown(this.polygonPaths, n * 2)
    this.pathStarts = grown(this.pathStarts, this.paths + paths + 1)
    this.points = grown(this.points, (this.pointCount + points) * 2)
  }

  /** Features at the end, in order: their ids are their places here. */
  add(features: readonly Feature[]): void {
    let pathCount = 0, pointCount = 0
    for (const f of features) {
      if (f.shape.type !== 'polygon') continue
      pathCount += f.shape.paths.length
      for (const path of f.shape.paths) pointCount += path.length
    }
    this.reserve(features.length, pathCount, pointCount)
    for (let k = 0; k < features.length; k++) this.write(features[k]!)
  }

  /** One feature at the end (a reader's shapes other than a plain circle, one at a time). */
  push(f: Feature): void {
    const s = f.shape
    if (s.type !== 'polygon') {
      if (this.count + 1 > this.room) this.reserve(1, 0, 0)
    } else {
      let points = 0
      for (const path of s.paths) points += path.length
      this.reserve(1, s.paths.length, points)
    }
    this.write(f)
  }

  /**
   * A circle feature written straight into the arrays, as push() writes the object with these fields:
   * the readers' hot path (a plain flash, a drill hit) makes no object at all. `drill` NaN and
   * `plated` undefined when absent; `file` and the optional strings as the feature's would be.
   */
  circle(kind: FeatureKind, clear: boolean, cx: number, cy: number, diameter: number, drill: number, plated: boolean | undefined, line: number, file: string,
    aperFunction: string | undefined, padDefinition: string | undefined, ipc4761: string | undefined, component: string | undefined, pin: string | undefined, net: string | undefined): void {
    const i = this.count
    if (i + 1 > this.room) this.reserve(1, 0, 0)
    const codes = this.codes, refs = this.refs, room = this.room
    this.putShape(i, cx, cy, diameter)
    const hasDrill = drill === drill // not NaN
    if (hasDrill) { this.columns[DRILL * room + i] = drill; this.written |= 1 << DRILL }
    if (this.outOfRange < 0) this.checkRange(i, circleBox(cx, cy, diameter, this.box))
    codes[4 * i] = KIND_CODE[kind]!
    codes[4 * i + 1] = clear ? 1 : 0
    codes[4 * i + 2] = CIRCLE
    codes[4 * i + 3] = platedCode(plated, hasDrill)
    refs[ref.line * room + i] = line
    // the same fields in the same order as write(): a string's id is its first use's place
    const fileId = this.field(0, file), fnId = this.field(1, aperFunction), componentId = this.field(2, component)
    this.setText(ref.pin, i, this.field(3, pin))
    this.setText(ref.net, i, this.field(4, net))
    this.setAttrs(i, this.attrSet(fileId, fnId, componentId, this.field(5, padDefinition), -1, this.field(7, ipc4761)))
    this.count = i + 1
  }

  /** Writes `f` as feature `count` (room reserved by the caller). */
  private write(f: Feature): void {
    const { columns, codes, refs, polygonPaths, pathStarts, points, room } = this
    const i = this.count
    const s = f.shape
    switch (s.type) {
      case 'circle': this.putShape(i, s.cx, s.cy, s.diameter); break
      case 'rect':
      case 'obround': this.putShape(i, s.cx, s.cy, s.width, s.height, s.rotation); break
      case 'stroke': this.putShape(i, s.x1, s.y1, s.x2, s.y2, s.width); break
      case 'polygon': {
        // the box as read: an arc's (ODB++) may reach past its rings, and the rings are long to scan
        const b = f.bbox
        this.putShape(i, b[0], b[1], b[2], b[3])
        let path = this.paths, point = this.pointCount
        polygonPaths[2 * i] = path
        polygonPaths[2 * i + 1] = s.paths.length
        for (const ring of s.paths) {
          pathStarts[path++] = point
          for (const p of ring) { points[2 * point] = p.x; points[2 * point + 1] = p.y; point++ }
        }
        this.paths = path
        this.pointCount = point
        break
      }
    }
    if (f.drill !== undefined) { columns[DRILL * room + i] = f.drill; this.written |= 1 << DRILL }
    codes[4 * i] = KIND_CODE[f.kind]!
    codes[4 * i + 1] = f.polarity === 'dark' ? 0 : 1
    codes[4 * i + 2] = SHAPE_CODE[s.type]!
    codes[4 * i + 3] = platedCode(f.plated, f.drill !== undefined)
    if (this.outOfRange < 0) this.checkRange(i, packedBox({ columns, codes, room }, i, this.box))
    refs[ref.line * room + i] = f.source.line
    const fileId = this.field(0, f.source.file), fnId = this.field(1, f.aperFunction), componentId = this.field(2, f.component)
    this.setText(ref.pin, i, this.field(3, f.pin))
    this.setText(ref.net, i, this.field(4, f.net))
    const padDefinition = this.field(5, f.padDefinition), pack = this.field(6, f.package)
    this.setAttrs(i, this.attrSet(fileId, fnId, componentId, padDefinition, pack, this.field(7, f.ipc4761)))
    this.count = i + 1
  }

  /** Feature i's shape numbers into their columns: a shape's 3 to 5 (SHAPE_COLUMNS), the others left unwritten. */
  private putShape(i: number, a: number, b: number, c: number, d?: number, e?: number): void {
    const columns = this.columns, room = this.room
    columns[i] = a; columns[room + i] = b; columns[2 * room + i] = c
    if (d !== undefined) { columns[3 * room + i] = d; this.written |= 1 << 3 }
    if (e !== undefined) { columns[4 * room + i] = e; this.written |= 1 << 4 }
  }

  /** Feature i's attribute set; the first (0) is left unwritten, the column's 0: a paste layer's features all have it. */
  private setAttrs(i: number, set: number): void {
    if (set !== 0) { this.refs[ref.attrs * this.room + i] = set; this.written |= 1 << (REFS_BIT + ref.attrs) }
  }

  /** A pin or net string id into its column, plus one; an absent one (-1) is left unwritten: the column's 0. */
  private setText(column: number, i: number, id: number): void {
    if (id >= 0) { this.refs[column * this.room + i] = id + 1; this.written |= 1 << (REFS_BIT + column) }
  }

  // integer nm is exact only within ±2^53 (≈ ±9 000 km): beyond, a number in the file is corrupt
  private checkRange(i: number, b: Box): void {
    const max = Number.MAX_SAFE_INTEGER
    if (!(Math.abs(b[0]) <= max && Math.abs(b[1]) <= max && Math.abs(b[2]) <= max && Math.abs(b[3]) <= max)) this.outOfRange = i // NaN fails too
  }

  /** Feature i's box and source line (a reader's error message). */
  boxAndLine(i: number): { bbox: Box; line: number } {
    const { columns, codes, refs, room } = this
    return { bbox: packedBox({ columns, codes, room }, i, [0, 0, 0, 0]), line: lineOf({ refs, room }, i) }
  }

  /** Features written so far: the next one's id. */
  get length(): number {
    return this.count
  }

  mark(): PackedMark {
    return { features: this.count, paths: this.paths, points: this.pointCount, strings: this.strings.length, attrSets: this.attrCount }
  }

  /** The string table and written columns (after finish(): nothing is interned any more). */
  tables(): PackedTables {
    return { stringTable: this.stringTable, stringHashes: this.stringHashes, written: this.written }
  }

  /**
   * An earlier read's features up to `upTo` as this builder's first (it must be empty), with its
   * strings and attribute sets then: the ids a read of the same bytes gives. `tables` are that read's.
   */
  copyPrefix(from: PackedFeatures, tables: PackedTables, upTo: PackedMark): void {
    this.reserve(upTo.features, upTo.paths, upTo.points)
    this.copyFeatures(from, tables.written, 0, upTo.features, 0, 0, 0)
    this.pathStarts.set(from.pathStarts.subarray(0, upTo.paths))
    this.points.set(from.points.subarray(0, 2 * upTo.points))
    this.count = upTo.features
    this.paths = upTo.paths
    this.pointCount = upTo.points
    this.written |= tables.written
    // the table is borrowed (it holds the later strings too) until a string is added: most edits add none
    this.strings = allStrings(from.strings).slice(0, upTo.strings)
    this.stringTable = tables.stringTable
    this.stringHashes = tables.stringHashes
    this.borrowedTable = true
    this.attrs = grown(this.attrs, upTo.attrSets * ATTRS)
    for (let id = 0; id < upTo.attrSets; id++) {
      const set = from.attrs.subarray(id * ATTRS, id * ATTRS + ATTRS)
      this.attrs.set(set, id * ATTRS)
      this.attrIds.set(set.join(','), id)
    }
    this.attrCount = upTo.attrSets
  }

  /**
   * An earlier read's features from `after` to its end appended, as a read of the same bytes from a
   * state equal to that read's at `after` writes them: source lines from `shiftFrom` on moved by
   * `lineDelta` (a block defined before keeps its lines), paths and points renumbered, and string
   * and attribute-set ids as this builder numbers them (by first use). When its strings and sets
   * are that read's at `after` (`sameIds`, sameTexts), the ids are too, and the builder, finished,
   * takes that read's tables as its own. Gives the strings and attribute sets there are before each
   * of `marks` (features of `from`, in order) in this builder's numbering; undefined when it is `from`'s.
   */
  appendTail(from: PackedFeatures, tables: PackedTables, after: PackedMark, shiftFrom: number, lineDelta: number, sameIds: boolean,
    marks: readonly number[]): Pick<PackedMark, 'strings' | 'attrSets'>[] | undefined {
    const features = from.count - after.features
    const paths = from.pathStarts.length - 1 - after.paths
    const points = from.points.length / 2 - after.points
    this.reserve(features, paths, points)
    const pathDelta = this.paths - after.paths, pointDelta = this.pointCount - after.points
    const written = sameIds ? tables.written : tables.written & ~TEXT_REFS
    this.copyFeatures(from, written, after.features, from.count, this.count, pathDelta, lineDelta, shiftFrom)
    for (let k = 0; k < paths; k++) this.pathStarts[this.paths + k] = from.pathStarts[after.paths + k]! + pointDelta
    this.points.set(from.points.subarray(2 * after.points), 2 * this.pointCount)
    const counts = sameIds ? undefined : this.renumberTexts(from, after.features, this.count, marks)
    this.count += features
    this.paths += paths
    this.pointCount += points
    this.written |= written
    if (!sameIds) return counts
    this.strings = this.strings.concat(allStrings(from.strings).slice(after.strings))
    this.stringTable = tables.stringTable
    this.stringHashes = tables.stringHashes
    this.borrowedTable = true
    this.attrs = grown(this.attrs, from.attrs.length)
    this.attrs.set(from.attrs.subarray(after.attrSets * ATTRS), this.attrCount * ATTRS)
    this.attrCount = from.attrs.length / ATTRS
    return undefined
  }

  /** Whether this builder's strings and attribute sets from `first` to `upTo` are `from`'s (a resumed read met the earlier one again). */
  sameTexts(from: PackedFeatures, first: PackedMark, upTo: PackedMark): boolean {
    if (this.strings.length !== upTo.strings || this.attrCount !== upTo.attrSets) return false
    for (let id = first.strings; id < upTo.strings; id++) if (this.strings[id] !== stringAt(from.strings, id)) return false
    for (let k = first.attrSets * ATTRS; k < upTo.attrSets * ATTRS; k++) if (this.attrs[k] !== from.attrs[k]) return false
    return true
  }

  /**
   * The pin, net and attribute-set references of `from`'s features from `first` on, written from row
   * `to` in this builder's ids: each string interned at its first use in the order write() interns a
   * feature's (file, function, component, pin, net, pad definition, package, IPC-4761), so the ids are
   * those a read of these features in order gives. Gives the strings and sets there are before each of `marks`.
   */
  private renumberTexts(from: PackedFeatures, first: number, to: number, marks: readonly number[]): Pick<PackedMark, 'strings' | 'attrSets'>[] {
    const counts: Pick<PackedMark, 'strings' | 'attrSets'>[] = []
    let mark = 0
    const strings = new Int32Array(stringCount(from.strings)).fill(-1)
    const sets = new Int32Array(from.attrs.length / ATTRS).fill(-1)
    const text = (old: number) => (old < 0 ? -1 : strings[old]! >= 0 ? strings[old]! : (strings[old] = this.intern(stringAt(from.strings, old))))
    const fromRefs = from.refs, fromRoom = from.room, fromAttrs = from.attrs
    for (let i = first, row = to; i < from.count; i++, row++) {
      while (marks[mark] === i) { counts.push({ strings: this.strings.length, attrSets: this.attrCount }); mark++ }
      const set = fromRefs[ref.attrs * fromRoom + i]!, base = set * ATTRS
      const known = sets[set]! >= 0
      if (!known) for (let k = 0; k < 3; k++) text(fromAttrs[base + k]!)
      this.setText(ref.pin, row, text(fromRefs[ref.pin * fromRoom + i]! - 1))
      this.setText(ref.net, row, text(fromRefs[ref.net * fromRoom + i]! - 1))
      if (!known) {
        const id = (k: number) => text(fromAttrs[base + k]!)
        sets[set] = this.attrSet(id(0), id(1), id(2), id(3), id(4), id(5))
      }
      this.setAttrs(row, sets[set]!)
    }
    while (mark++ < marks.length) counts.push({ strings: this.strings.length, attrSets: this.attrCount })
    return counts
  }

  /** `from`'s features [first, end) to this builder's rows from `to`: the written columns, codes, polygon paths (renumbered), lines (shifted from `shiftFrom` on). */
  private copyFeatures(from: PackedFeatures, written: number, first: number, end: number, to: number, pathDelta: number, lineDelta: number, shiftFrom = Infinity): void {
    const room = this.room
    for (let k = 0; k < COLUMNS; k++) {
      if (written & (1 << k)) this.columns.set(from.columns.subarray(k * from.room + first, k * from.room + end), k * room + to)
    }
    for (let k = 0; k < REFS; k++) {
      if (written & (1 << (REFS_BIT + k))) this.refs.set(from.refs.subarray(k * from.room + first, k * from.room + end), k * room + to)
    }
    this.codes.set(from.codes.subarray(4 * first, 4 * end), 4 * to)
    // a layer without polygons (round pads) leaves this column unwritten: its pages stay uncommitted
    if (from.pathStarts.length > 1) this.polygonPaths.set(from.polygonPaths.subarray(2 * first, 2 * end), 2 * to)
    if (pathDelta !== 0) {
      for (let i = to; i < to + end - first; i++) if (this.codes[4 * i + 2] === SHAPE_CODE.polygon) this.polygonPaths[2 * i] += pathDelta
    }
    if (lineDelta !== 0) {
      const lines = this.refs
      for (let i = ref.line * room + to, last = i + end - first; i < last; i++) if (lines[i]! >= shiftFrom) lines[i] += lineDelta
    }
  }

  /** The features packed so far: views of the shared arrays, no copy. */
  finish(): PackedFeatures {
    this.pathStarts[this.paths] = this.pointCount // reserve() always leaves room for this closing entry
    const count = this.count
    return {
      count,
      // whole columns: feature i's k-th value stays at k·room + i
      room: this.room,
      columns: this.columns,
      codes: this.codes.subarray(0, count * 4),
      refs: this.refs,
      refsUsed: (this.written >>> REFS_BIT) & ((1 << REFS) - 1),
      attrs: this.attrs.subarray(0, this.attrCount * ATTRS),
      strings: shareStrings(this.strings),
      polygonPaths: this.polygonPaths.subarray(0, count * 2),
      pathStarts: this.pathStarts.subarray(0, this.paths + 1),
      points: this.points.subarray(0, this.pointCount * 2),
    }
  }
}

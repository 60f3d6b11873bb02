// A tile's content key: a tile's result (src/engine/tile-check.ts) is a function of the deck, the
// sides, the tile's rectangle and halo, and the features it reads with their ids, so a long-lived
// caller (the server's live re-check) may keep results by this key and re-check only the tiles an
// edit changed. Strings count by their own hash, never by their id in one layer's table. A
// non-cryptographic 64-bit key, as a build cache's, for inputs nobody crafts against it.
//
// A layer's part of the key is the sum, lane by lane mod 2^32, of a 64-bit hash of each feature the
// tile reads, its id included: a set's hash that needs no order, so a re-check takes the last
// check's sums and subtracts the changed features' old hashes and adds their new ones
// (carryFeatureSums) instead of hashing the whole layer again. The sum is safe for content nobody
// crafts: ids are unique in a layer, so no feature is counted twice or cancels another, and two
// different sets of (id, feature) give the same two sums only if their well-mixed hashes happen to
// add up alike, a 2^-64 chance; a feature whose id shifts (an insertion before it) hashes anew.

import { drillOf, lineOf, PACKED, packedBox, SHAPE_CODE, SHAPE_COLUMNS, textId, type PackedLayer } from '../layers/pack.ts'
import type { Box } from '../geometry/types.ts'
import { stringCount, type SharedStrings } from '../layers/shared-strings.ts'
import type { LayerChange } from './layer-diff.ts'
import type { TileInput } from './tile-check.ts'
import { tileReads, type Tile } from './tile.ts'

class Hash64 {
  a = 0x811c9dc5 | 0
  b = 0x01000193 | 0

  word(w: number): void {
    this.a = Math.imul(this.a ^ w, 0x01000193)
    this.b = Math.imul(this.b ^ w, 0x5bd1e995) ^ (this.b >>> 15)
  }

  text(s: string): void {
    this.word(s.length)
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i))
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0')
  }
}

/** Each tile's key; tiles of one board share the passes over its layers (featureSums). */
export function tileKeys(inputs: readonly TileInput[]): string[] {
  const tiles = inputs.map((input) => input.tile)
  return inputs.map((input) => {
    const h = new Hash64()
    const { tile } = input
    h.text(JSON.stringify([input.deck, input.sides, input.inputsIncomplete, [tile.minX, tile.minY, tile.maxX, tile.maxY, tile.halo]]))
    for (const layer of input.layers) {
      h.text(JSON.stringify(layer.meta))
      const sum = featureSums(layer, tiles).get(rectOf(tile))!
      h.word(sum.a)
      h.word(sum.b)
    }
    return h.hex()
  })
}

/** A tile's sums of the hashes of the features it reads from one layer. */
interface FeatureSum {
  tile: Tile
  a: number
  b: number
}

/**
 * Per packed arrays (a cached parse shares them between checks), the sums by tile rectangle: a
 * re-check sums again only the layers whose file changed, and only their changed features.
 */
const sumsByLayer = new WeakMap<Float64Array, Map<string, FeatureSum>>()

const rectOf = (tile: Tile) => `${tile.minX} ${tile.minY} ${tile.maxX} ${tile.maxY} ${tile.halo}`

/** The layer's sums for every one of `tiles`, those not kept yet made in one pass over its features. */
function featureSums(layer: PackedLayer, tiles: readonly Tile[]): Map<string, FeatureSum> {
  let sums = sumsByLayer.get(layer.columns)
  if (!sums) sumsByLayer.set(layer.columns, (sums = new Map()))
  const missing = tiles.filter((tile) => !sums.has(rectOf(tile))).map((tile): FeatureSum => ({ tile, a: 0, b: 0 }))
  if (missing.length > 0) {
    addHashes(layer, 0, layer.count, undefined, missing, 1)
    for (const sum of missing) sums.set(rectOf(sum.tile), sum)
  }
  return sums
}

/**
 * The last check's sums made the new layer's, where the last check kept them: the old hashes of the
 * features `change` removed or shifted taken out, the new ones put in.
 */
export function carryFeatureSums(before: PackedLayer, after: PackedLayer, change: LayerChange): void {
  const kept = sumsByLayer.get(before.columns)
  if (!kept || sumsByLayer.has(after.columns)) return
  const sums = new Map([...kept].map(([rect, { tile, a, b }]) => [rect, { tile, a, b }]))
  const all = [...sums.values()]
  addHashes(before, before.count - change.shifted, before.count, change.removed, all, -1)
  addHashes(after, after.count - change.shifted, after.count, change.added, all, 1)
  sumsByLayer.set(after.columns, sums)
}

/** Adds `sign` times the hash of features `ids` and from..to−1 to the sums of the tiles that read them. */
function addHashes(layer: PackedLayer, from: number, to: number, ids: Int32Array | undefined, sums: readonly FeatureSum[], sign: 1 | -1): void {
  const hash = new FeatureHash(layer)
  const box: Box = [0, 0, 0, 0]
  const add = (i: number) => {
    packedBox(layer, i, box)
    let hashed = false
    for (const sum of sums) {
      if (!tileReads(sum.tile, box[0], box[1], box[2], box[3])) continue
      if (!hashed) hashed = hash.of(i)
      sum.a = (sum.a + sign * hash.a) | 0
      sum.b = (sum.b + sign * hash.b) | 0
    }
  }
  if (ids) for (const i of ids) add(i)
  for (let i = from; i < to; i++) add(i)
}

const PIN_USED = 1 << PACKED.ref.pin, NET_USED = 1 << PACKED.ref.net, SETS_USED = 1 << PACKED.ref.attrs

// MurmurHash3's constants: a lane's step and finaliser
const C1 = 0xcc9e2d51 | 0, C2 = 0x1b873593 | 0, F1 = 0x85ebca6b | 0, F2 = 0xc2b2ae35 | 0

/** MurmurHash3's step of one 32-bit word into lane h, with multipliers m1, m2. */
function step(h: number, w: number, m1: number, m2: number): number {
  let k = Math.imul(w, m1)
  k = Math.imul((k << 15) | (k >>> 17), m2)
  h ^= k
  h = (h << 13) | (h >>> 19)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

/** fmix32: every input bit reaches every output bit, so features' hashes add up like random words. */
function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), F1)
  h = Math.imul(h ^ (h >>> 13), F2)
  return h ^ (h >>> 16)
}

/**
 * One feature's hash, `a` and `b`: its id, the shape's numbers and drill bit for bit, the codes, the
 * source line, the pin, net and attribute-set strings (by their hashes) and a polygon's rings: all
 * a rule may read of it. Two lanes of MurmurHash3's block step, with different multipliers and seeds.
 */
class FeatureHash {
  a = 0
  b = 0
  private readonly strings: StringHashes
  private readonly number = new Float64Array(1)
  private readonly numberBits = new Int32Array(this.number.buffer)
  private readonly pointBits: Int32Array

  constructor(private readonly layer: PackedLayer) {
    this.strings = stringHashesOf(layer.strings)
    this.pointBits = new Int32Array(layer.points.buffer, layer.points.byteOffset, layer.points.length * 2)
  }

  private word(w: number): void {
    this.a = step(this.a, w, C1, C2)
    this.b = step(this.b, w, F1, F2)
  }

  private float(x: number): void {
    this.number[0] = x
    this.word(this.numberBits[0]!)
    this.word(this.numberBits[1]!)
  }

  private text(id: number): void {
    if (id < 0) return this.word(-1)
    this.word(this.strings.a(id))
    this.word(this.strings.b(id))
  }

  /** Hashes feature i into `a` and `b`; returns true. */
  of(i: number): true {
    const { columns, codes, refs, attrs, polygonPaths, pathStarts, room } = this.layer, layer = this.layer
    this.a = 0x3c6ef372
    this.b = 0x1b873593
    this.word(i)
    const shape = codes[i * PACKED.codes + PACKED.code.shape]!
    for (let k = 0; k < SHAPE_COLUMNS[shape]!; k++) this.float(columns[k * room + i]!)
    this.float(drillOf(layer, i))
    for (let k = i * PACKED.codes; k < (i + 1) * PACKED.codes; k++) this.word(codes[k]!)
    this.word(lineOf(layer, i))
    // a refs column no feature uses is not read: its ids are all absent, its sets all the first
    const used = layer.refsUsed
    this.text(used & PIN_USED ? textId(layer, i, 'pin') : -1)
    this.text(used & NET_USED ? textId(layer, i, 'net') : -1)
    const set = (used & SETS_USED ? refs[PACKED.ref.attrs * room + i]! : 0) * PACKED.attrs
    for (let k = set; k < set + PACKED.attrs; k++) this.text(attrs[k]!)
    if (shape === SHAPE_CODE.polygon) {
      const first = polygonPaths[2 * i]!, count = polygonPaths[2 * i + 1]!
      this.word(count)
      for (let p = first; p < first + count; p++) {
        this.word(pathStarts[p + 1]! - pathStarts[p]!)
        for (let q = 2 * 2 * pathStarts[p]!; q < 2 * 2 * pathStarts[p + 1]!; q++) this.word(this.pointBits[q]!)
      }
    }
    this.a = finish(this.a)
    this.b = finish(this.b)
    return true
  }
}

/** A string table's hashes (two words a string), each made when first asked: a re-check's new table is asked for a few. */
class StringHashes {
  private readonly words: Int32Array
  private readonly known: Uint8Array

  constructor(private readonly strings: SharedStrings) {
    this.words = new Int32Array(2 * stringCount(strings))
    this.known = new Uint8Array(stringCount(strings))
  }

  a(id: number): number {
    if (this.known[id] === 0) this.make(id)
    return this.words[2 * id]!
  }

  b(id: number): number {
    if (this.known[id] === 0) this.make(id)
    return this.words[2 * id + 1]!
  }

  private make(id: number): void {
    // the words Hash64.text gives the decoded string (its length, then its code units), read from the shared table
    const { chars, starts } = this.strings
    const h = new Hash64()
    h.word(starts[id + 1]! - starts[id]!)
    for (let c = starts[id]!; c < starts[id + 1]!; c++) h.word(chars[c]!)
    this.words[2 * id] = h.a
    this.words[2 * id + 1] = h.b
    this.known[id] = 1
  }
}

/** Per string table, by its offsets (a cached parse shares its table between checks). */
const stringHashes = new WeakMap<Int32Array, StringHashes>()

function stringHashesOf(strings: SharedStrings): StringHashes {
  let hashes = stringHashes.get(strings.starts)
  if (!hashes) stringHashes.set(strings.starts, (hashes = new StringHashes(strings)))
  return hashes
}

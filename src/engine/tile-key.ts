// A tile's content key: a tile's result (src/engine/tile-check.ts) is a function of the deck, the
// sides, the tile's rectangle and halo, and the features it reads with their ids, so a long-lived
// caller (the server's live re-check) may keep results by this key and re-check only the tiles an
// edit changed. Two 32-bit multiply-xor lanes over the packed arrays' bits (strings by their own
// hash, never by their id in one layer's table): a non-cryptographic 64-bit key, as a build cache's,
// for inputs nobody crafts against it.

import { drillOf, lineOf, PACKED, packedBox, SHAPE_CODE, SHAPE_COLUMNS, textId, type PackedLayer } from '../layers/pack.ts'
import type { Box } from '../geometry/types.ts'
import { stringCount } from '../layers/shared-strings.ts'
import type { TileInput } from './tile-check.ts'
import { tileReads, type Tile } from './tiles.ts'

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

/** Per string table, each string's hash (two words), made once: a cached parse shares its table. */
const stringHashes = new WeakMap<Int32Array, Int32Array>()

function hashesOf(layer: PackedLayer): Int32Array {
  const { chars, starts } = layer.strings
  let out = stringHashes.get(starts)
  if (out) return out
  out = new Int32Array(2 * stringCount(layer.strings))
  for (let k = 0; k < out.length / 2; k++) {
    // the words Hash64.text gives the decoded string: its length, then its code units
    const h = new Hash64()
    h.word(starts[k + 1]! - starts[k]!)
    for (let c = starts[k]!; c < starts[k + 1]!; c++) h.word(chars[c]!)
    out[2 * k] = h.a
    out[2 * k + 1] = h.b
  }
  stringHashes.set(starts, out)
  return out
}

export function tileKey(input: TileInput): string {
  const h = new Hash64()
  const { tile } = input
  h.text(JSON.stringify([input.deck, input.sides, input.inputsIncomplete, [tile.minX, tile.minY, tile.maxX, tile.maxY, tile.halo]]))
  for (const layer of input.layers) {
    h.text(JSON.stringify(layer.meta))
    const [a, b] = featuresKey(layer, tile)
    h.word(a)
    h.word(b)
  }
  return h.hex()
}

/**
 * Per packed arrays (a cached parse shares them between checks) and tile, the two words of the
 * features the tile reads: a re-check hashes again only the layers whose file changed.
 */
const featureKeys = new WeakMap<Float64Array, Map<string, [number, number]>>()

function featuresKey(layer: PackedLayer, tile: Tile): [number, number] {
  const rect = `${tile.minX} ${tile.minY} ${tile.maxX} ${tile.maxY} ${tile.halo}`
  let byTile = featureKeys.get(layer.columns)
  const kept = byTile?.get(rect)
  if (kept) return kept
  const h = new Hash64()
  const strings = hashesOf(layer)
  const { columns, codes, refs, attrs, polygonPaths, pathStarts, points, room } = layer
  const value = new Float64Array(1), valueBits = new Int32Array(value.buffer)
  const number = (x: number) => {
    value[0] = x
    h.word(valueBits[0]!)
    h.word(valueBits[1]!)
  }
  const pointBits = new Int32Array(points.buffer, points.byteOffset, points.length * 2)
  const box: Box = [0, 0, 0, 0]
  const text = (id: number) => {
    h.word(id < 0 ? -1 : strings[2 * id]!)
    if (id >= 0) h.word(strings[2 * id + 1]!)
  }
  for (let i = 0; i < layer.count; i++) {
    packedBox(layer, i, box)
    if (!tileReads(tile, box[0], box[1], box[2], box[3])) continue
    h.word(i)
    // the shape's numbers, its drill (NaN when none), the codes
    const used = SHAPE_COLUMNS[codes[i * PACKED.codes + PACKED.code.shape]!]!
    for (let k = 0; k < used; k++) number(columns[k * room + i]!)
    number(drillOf(layer, i))
    for (let k = i * PACKED.codes; k < (i + 1) * PACKED.codes; k++) h.word(codes[k]!)
    h.word(lineOf(layer, i))
    // the strings themselves (by their hashes), never their ids: pin, net, then the attribute set's
    text(textId(layer, i, 'pin'))
    text(textId(layer, i, 'net'))
    const set = refs[PACKED.ref.attrs * room + i]! * PACKED.attrs
    for (let k = set; k < set + PACKED.attrs; k++) text(attrs[k]!)
    // a polygon's rings (the other shapes are all in `numbers`)
    if (codes[i * PACKED.codes + PACKED.code.shape] !== SHAPE_CODE.polygon) continue
    const first = polygonPaths[2 * i]!, count = polygonPaths[2 * i + 1]!
    h.word(count)
    for (let p = first; p < first + count; p++) {
      h.word(pathStarts[p + 1]! - pathStarts[p]!)
      for (let q = 2 * 2 * pathStarts[p]!; q < 2 * 2 * pathStarts[p + 1]!; q++) h.word(pointBits[q]!)
    }
  }
  const key: [number, number] = [h.a, h.b]
  if (!byTile) featureKeys.set(layer.columns, (byTile = new Map()))
  byTile.set(rect, key)
  return key
}

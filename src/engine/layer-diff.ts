// Which features of a layer read again differ from the same file's layer of the last check: what
// the live re-check (src/engine/recheck.ts) carries over the rest of the last check's derived data
// for. Typed-array scans, no feature made: a few tens of ms for a million pads.

import { PACKED, SHAPE_CODE, SHAPE_COLUMNS, type PackedLayer } from '../layers/pack.ts'
import { sameString, stringCount } from '../layers/shared-strings.ts'

/** What changed between two reads of a layer; ids ascending. */
export interface LayerChange {
  /** The old layer's features that are gone or differ, by id. */
  removed: Int32Array
  /** The new layer's features that are new or differ, by id. */
  added: Int32Array
  /**
   * The features at the end of both layers that are equal but for their ids: after an insertion or a
   * deletion they moved by the difference in counts (0 when the counts are equal).
   */
  shifted: number
}

const NO_CHANGE: LayerChange = Object.freeze({ removed: new Int32Array(0), added: new Int32Array(0), shifted: 0 })

/**
 * The change from `before` to `after`, or undefined when it is not local: more than a quarter of
 * the features changed, where carrying the rest over no longer pays (the caller then derives from
 * scratch). With equal counts every id is compared with the same id; with different counts the
 * features between the common prefix and the common suffix changed, and the suffix's ids shifted (a
 * Gerber file's lines move with an added line, so that suffix is short unless the flash was added
 * on a line of its own or at the end).
 */
export function diffLayer(before: PackedLayer, after: PackedLayer): LayerChange | undefined {
  if (before.columns === after.columns && before.count === after.count && before.refs === after.refs) return NO_CHANGE
  const m = before.count, n = after.count, limit = Math.max(m, n) / 4
  if (m === n) {
    const differs = differences(before, after, 0, n, 0)
    const ids: number[] = []
    for (let i = differs.indexOf(1); i >= 0; i = differs.indexOf(1, i + 1)) if (ids.push(i) > limit) return undefined
    const changed = Int32Array.from(ids)
    return { removed: changed, added: changed, shifted: 0 }
  }
  const shortest = Math.min(m, n)
  const first = differences(before, after, 0, shortest, 0).indexOf(1)
  const prefix = first < 0 ? shortest : first
  // the last features of both, aligned at their ends
  const tail = differences(before, after, m - shortest + prefix, m, n - m)
  const suffix = tail.length - 1 - tail.lastIndexOf(1)
  const removed = range(prefix, m - suffix), added = range(prefix, n - suffix)
  if (removed.length + added.length > limit) return undefined
  return { removed, added, shifted: suffix }
}

const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, k) => from + k)

/**
 * Per `before` id i in from..to−1, 1 where its feature is not `after`'s feature i + shift in
 * everything a tile key hashes (src/engine/tile-key.ts): the codes, the shape's numbers and drill
 * bit for bit, the source line, pin, net and attribute set by string value, a polygon's rings.
 * Column by column, each a plain loop over two typed arrays: a feature at a time, the scan of a
 * million pads took 70-100 ms here, its many columns read at once.
 */
function differences(before: PackedLayer, after: PackedLayer, from: number, to: number, shift: number): Uint8Array {
  const differs = new Uint8Array(to - from)
  const used = compareCodes(before, after, from, to, shift, differs)
  const oldNumbers = before.columns, newNumbers = after.columns
  // a column a shape does not use holds 0 (never written) in both: comparing it says nothing wrong.
  // Bit for bit, as the key hashes them: -0 is not 0, and a NaN (never read) counts as changed
  for (let k = 0; k < COLUMNS; k++) {
    if ((used & (1 << k)) === 0) continue
    const a = k * before.room, b = k * after.room + shift
    for (let i = from; i < to; i++) {
      const x = oldNumbers[a + i]!, y = newNumbers[b + i]!
      if (x !== y || (x === 0 && 1 / x !== 1 / y)) differs[i - from] = 1
    }
  }
  const oldRefs = before.refs, newRefs = after.refs
  const a = LINE * before.room, b = LINE * after.room + shift
  for (let i = from; i < to; i++) if (oldRefs[a + i] !== newRefs[b + i]) differs[i - from] = 1
  // a column neither layer uses holds 0 in both: never read (its memory would be touched for nothing)
  const refsUsed = before.refsUsed | after.refsUsed
  const texts = new TextEquality(before, after)
  for (const column of [PIN, NET]) {
    if ((refsUsed & (1 << column)) === 0) continue
    const a = column * before.room, b = column * after.room + shift
    for (let i = from; i < to; i++) if (!texts.same(oldRefs[a + i]!, newRefs[b + i]!)) differs[i - from] = 1
  }
  const sets = new SetEquality(before, after)
  if (refsUsed & (1 << ATTRS)) {
    const oldSets = ATTRS * before.room, newSets = ATTRS * after.room + shift
    for (let i = from; i < to; i++) if (!sets.same(oldRefs[oldSets + i]!, newRefs[newSets + i]!)) differs[i - from] = 1
  } else if (!sets.same(0, 0)) differs.fill(1) // every feature has the first set: another file name, say
  if (used & (1 << POLYGON_BIT)) {
    for (let i = from; i < to; i++) {
      if (differs[i - from] === 0 && before.codes[i * CODES + SHAPE] === SHAPE_CODE.polygon && !samePolygon(before, i, after, i + shift)) differs[i - from] = 1
    }
  }
  return differs
}

// read per feature: module constants, not an imported object's fields
const CODES = PACKED.codes, SHAPE = PACKED.code.shape, PLATED = PACKED.code.plated, LINE = PACKED.ref.line, PIN = PACKED.ref.pin, NET = PACKED.ref.net, ATTRS = PACKED.ref.attrs
/** pack.ts's layout: 6 number columns, the drill the last, present when the plated code has bit 4. */
const COLUMNS = 6, DRILL = 5, HAS_DRILL = 4
/** In compareCodes' answer: some feature is a polygon. */
const POLYGON_BIT = 8

const bitsOf = (numbers: Float64Array) => new Int32Array(numbers.buffer, numbers.byteOffset, numbers.length * 2)

/**
 * Marks the features whose codes differ (a feature's 4 codes compared as one 32-bit word); returns
 * which number columns the features may use (bit k for column k, the drill's included) and bit
 * POLYGON_BIT when one is a polygon. From the codes of all features OR-ed together: circles alone
 * use 3 columns, any other shape up to 5; shape codes below the polygon's (4) OR to below 4.
 */
function compareCodes(before: PackedLayer, after: PackedLayer, from: number, to: number, shift: number, differs: Uint8Array): number {
  const oldWords = wordsOf(before.codes), newWords = wordsOf(after.codes)
  let any = 0
  for (let i = from; i < to; i++) {
    const v = oldWords[i]!, w = newWords[i + shift]!
    if (v !== w) differs[i - from] = 1
    any |= v | w
  }
  const codes = new Uint8Array(Int32Array.of(any).buffer) // back in the codes' byte order, whatever the platform's
  const shapes = codes[SHAPE]!
  let used = (1 << (shapes === SHAPE_CODE.circle ? SHAPE_COLUMNS[SHAPE_CODE.circle]! : Math.max(...SHAPE_COLUMNS))) - 1
  if (codes[PLATED]! & HAS_DRILL) used |= 1 << DRILL
  return used | (shapes >= SHAPE_CODE.polygon ? 1 << POLYGON_BIT : 0)
}

/** A layer's codes, a feature's 4 in one word (the codes start a shared buffer: aligned). */
const wordsOf = (codes: Uint8Array) => new Int32Array(codes.buffer, codes.byteOffset, codes.length / CODES)

/** Pin or net references of two layers (string id + 1, 0 when absent), judged by their strings: each string once. */
class TextEquality {
  /** By new string id: the old id of the same string, -1 not yet judged. */
  private readonly oldId: Int32Array

  constructor(private readonly before: PackedLayer, private readonly after: PackedLayer) {
    this.oldId = new Int32Array(stringCount(after.strings)).fill(-1)
  }

  same(a: number, b: number): boolean {
    if (a === 0 || b === 0) return a === b
    const judged = this.oldId[b - 1]!
    if (judged !== -1) return judged === a - 1
    if (!sameString(this.before.strings, a - 1, this.after.strings, b - 1)) return false
    // strings are unique in a table: no other old id holds this one
    this.oldId[b - 1] = a - 1
    return true
  }
}

/** Attribute sets of two layers, judged by their strings: sets are few, and each pair is judged once. */
class SetEquality {
  private readonly judged = new Map<number, boolean>()
  private lastOld = -1
  private lastNew = -1
  private lastSame = false

  constructor(private readonly before: PackedLayer, private readonly after: PackedLayer) {}

  same(a: number, b: number): boolean {
    if (a === this.lastOld && b === this.lastNew) return this.lastSame
    const key = a * (this.after.attrs.length / PACKED.attrs) + b
    let same = this.judged.get(key)
    if (same === undefined) {
      same = true
      for (let k = 0; k < PACKED.attrs; k++) {
        const x = this.before.attrs[a * PACKED.attrs + k]!, y = this.after.attrs[b * PACKED.attrs + k]!
        if (x < 0 || y < 0 ? x !== y : !sameString(this.before.strings, x, this.after.strings, y)) same = false
      }
      this.judged.set(key, same)
    }
    this.lastOld = a
    this.lastNew = b
    return (this.lastSame = same)
  }
}

function samePolygon(before: PackedLayer, i: number, after: PackedLayer, j: number): boolean {
  const count = before.polygonPaths[2 * i + 1]!
  if (after.polygonPaths[2 * j + 1] !== count) return false
  const oldPoints = bitsOf(before.points), newPoints = bitsOf(after.points)
  const p0 = before.polygonPaths[2 * i]!, q0 = after.polygonPaths[2 * j]!
  for (let r = 0; r < count; r++) {
    const from = before.pathStarts[p0 + r]!, to = before.pathStarts[p0 + r + 1]!, start = after.pathStarts[q0 + r]!
    if (after.pathStarts[q0 + r + 1]! - start !== to - from) return false
    for (let k = 0; k < 4 * (to - from); k++) if (oldPoints[4 * from + k] !== newPoints[4 * start + k]) return false
  }
  return true
}

// Whole lattices (src/physics/arrays.ts, findGridArrays' short-cut): pads that fill a lattice, in
// parts so far apart that the grid search would link nothing across them, whose arrays are then
// known without the search: each lattice is one array, fitted (src/physics/grid-fit.ts).
import type { GridOptions } from './arrays.ts'

/** Pads that fill a whole lattice: their positions in the points (ascending), and its pitches. */
export interface Lattice {
  members: Int32Array
  pitchX: number
  pitchY: number
}

/**
 * The points as whole lattices (see fillsLattice) so far apart that no query of the search from one
 * lattice reaches into another, in the order of their lowest pad; else undefined. Then the search's
 * answer is known without running it: each lattice's arrays are those of the lattice searched alone,
 * which fillsLattice gives.
 *
 * The points are cut at the widest gap between their coordinates (x or y), again and again until
 * every part is a whole lattice. Every cut must be wider than 1 nm more than the farthest reach of the
 * search from a lattice on either side, R = (maxMissingRun + 1) × its larger pitch × (1 + tolerance):
 * its nearest-pad distance, in-line distance and link boxes are all within R of a pad, and the 1 nm
 * covers the rounding of a box's bounds (coordinates below 2^51 nm). So two pads of different
 * lattices, which some cut holds at least its width apart along its axis, never see each other.
 */
export function separateLattices(xs: Float64Array, ys: Float64Array, options: GridOptions): Lattice[] | undefined {
  const maxMissingRun = options.maxMissingRun ?? 0
  if (!(maxMissingRun >= 0)) return undefined // a negative run links nothing: the search says so
  const reachOf = (pitches: { pitchX: number; pitchY: number }) => (maxMissingRun + 1) * Math.max(pitches.pitchX, pitches.pitchY) * (1 + options.pitchTolerance)
  // the gap search's buckets, made on the first cut (most calls are one whole lattice)
  let scratch: { lowest: Float64Array; highest: Float64Array } | undefined
  // pads looked at: cuts that peel a few pads at a time (no lattices) give up early and leave it to the search
  let budget = 8 * xs.length
  const separate = (members: Int32Array): { lattices: Lattice[]; reach: number } | undefined => {
    budget -= members.length
    if (budget < 0 || members.length < 4) return undefined // 2 × 2 is the smallest whole lattice
    const steps = latticeSteps(xs, ys, members)
    // no part holding a pad off the integers or past 2^51 is a whole lattice, nor any part of pads in one column (row)
    if (!steps) return undefined
    if (fillsLattice(xs, ys, members, steps)) {
      const lattice = { members, pitchX: steps.pitchX, pitchY: steps.pitchY }
      return { lattices: [lattice], reach: reachOf(lattice) }
    }
    scratch ??= { lowest: new Float64Array(xs.length), highest: new Float64Array(xs.length) }
    const xGap = widestGap(xs, members, scratch), yGap = widestGap(ys, members, scratch)
    const cut = xGap.width >= yGap.width ? xGap : yGap
    // the lattice that would hold the lowest x has a column pitch of at least the first step, the one holding the
    // lowest y a row pitch of at least that step, so the sides reach at least this far: a narrower cut fails below
    // (a lattice with holes fails here, before the cuts peel it)
    if (!(cut.width > reachOf(steps) + 1)) return undefined
    const [low, high] = splitAt(cut, members)
    // the smaller side first: pads that are no lattices mostly fail there, before the larger side costs anything
    const [first, second] = low.length <= high.length ? [low, high] : [high, low]
    const firstSide = separate(first)
    const secondSide = firstSide && separate(second)
    if (!secondSide) return undefined
    const reach = Math.max(firstSide.reach, secondSide.reach)
    return cut.width > reach + 1 ? { lattices: [...firstSide.lattices, ...secondSide.lattices], reach } : undefined
  }
  return separate(ascending(xs.length))?.lattices.sort((a, b) => a.members[0]! - b.members[0]!)
}

/** A gap between two consecutive coordinates of the points: `below` is the lower one. */
interface Gap {
  coordinates: Float64Array
  width: number
  below: number
}

/**
 * The widest gap between consecutive values of coordinates[members] (width 0 when all are equal),
 * in linear time: n − 1 buckets over their range, the widest gap is at least a bucket wide, so it lies
 * between the highest value of one non-empty bucket and the lowest of the next.
 */
function widestGap(coordinates: Float64Array, members: Int32Array, scratch: { lowest: Float64Array; highest: Float64Array }): Gap {
  let min = Infinity, max = -Infinity
  for (let k = 0; k < members.length; k++) {
    const value = coordinates[members[k]!]!
    min = Math.min(min, value)
    max = Math.max(max, value)
  }
  const gap = { coordinates, width: 0, below: min }
  if (!(max > min)) return gap
  const buckets = members.length - 1
  const lowest = scratch.lowest.fill(Infinity, 0, buckets), highest = scratch.highest.fill(-Infinity, 0, buckets)
  const scale = buckets / (max - min)
  for (let k = 0; k < members.length; k++) {
    const value = coordinates[members[k]!]!
    // monotone in the value, so no value lies between two buckets' values but in a bucket between them
    const bucket = Math.min(buckets - 1, Math.floor((value - min) * scale))
    lowest[bucket] = Math.min(lowest[bucket]!, value)
    highest[bucket] = Math.max(highest[bucket]!, value)
  }
  let previous = highest[0]!
  for (let bucket = 1; bucket < buckets; bucket++) {
    if (lowest[bucket] === Infinity) continue
    if (lowest[bucket]! - previous > gap.width) {
      gap.width = lowest[bucket]! - previous
      gap.below = previous
    }
    previous = highest[bucket]!
  }
  return gap
}

/** The members at or below the gap, and those above it, each in their order. */
function splitAt(gap: Gap, members: Int32Array): [Int32Array, Int32Array] {
  let lowCount = 0
  for (let k = 0; k < members.length; k++) if (gap.coordinates[members[k]!]! <= gap.below) lowCount++
  const low = new Int32Array(lowCount), high = new Int32Array(members.length - lowCount)
  let l = 0, h = 0
  for (let k = 0; k < members.length; k++) {
    const i = members[k]!
    if (gap.coordinates[i]! <= gap.below) low[l++] = i
    else high[h++] = i
  }
  return [low, high]
}

/**
 * Whether points[members] fill a whole lattice of their steps (its pitches): integer coordinates, at
 * least 2 × 2 sites, one point on each, none elsewhere. On such a lattice every step of the search
 * is known without running it. With p, q the column and row pitches and every difference, multiple
 * and quotient of integers below 2^51 exact:
 * 1. each pad's nearest distance is min(p, q) (hypot(p, 0) is p exactly), so the off-line limit,
 *    under half of it, keeps every in-line query to the pad's own row (column);
 * 2. each pad's in-line nearest distance is p along x, q along y (the growing reach passes it before 4 × span);
 * 3. two neighbours in a row are k = 1 apart with no deviation, so they link (maxMissingRun ≥ 0), as
 *    do neighbours in a column: one cluster of all pads, whose direct links are all p in x and q in y,
 *    so their medians are p and q;
 * 4. the cluster's members are all its pads in ascending order: the fit is the search's own.
 * A pad off by a nanometre, a missing or doubled site falls back to the search.
 */
function fillsLattice(xs: Float64Array, ys: Float64Array, members: Int32Array, steps: LatticeSteps): boolean {
  const { minX, minY, pitchX, pitchY } = steps
  const columns = (steps.maxX - minX) / pitchX + 1, rows = (steps.maxY - minY) / pitchY + 1
  const n = members.length
  if (columns * rows !== n) return false
  // n points on distinct sites of the columns × rows box fill it
  const filled = new Uint8Array(n)
  for (let k = 0; k < n; k++) {
    const i = members[k]!
    const column = (xs[i]! - minX) / pitchX, row = (ys[i]! - minY) / pitchY
    if (!Number.isInteger(column) || !Number.isInteger(row)) return false
    const site = row * columns + column
    if (filled[site]) return false
    filled[site] = 1
  }
  return true
}

/** The box of points[members] and the first steps above its lowest x and y: a whole lattice's pitches. */
interface LatticeSteps {
  minX: number
  minY: number
  maxX: number
  maxY: number
  pitchX: number
  pitchY: number
}

/** The points' {@link LatticeSteps}; undefined for a coordinate past 2^51 or no integer, or all in one column (row). */
function latticeSteps(xs: Float64Array, ys: Float64Array, members: Int32Array): LatticeSteps | undefined {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  for (let k = 0; k < members.length; k++) {
    const i = members[k]!
    minX = Math.min(minX, xs[i]!); maxX = Math.max(maxX, xs[i]!)
    minY = Math.min(minY, ys[i]!); maxY = Math.max(maxY, ys[i]!)
  }
  // a NaN coordinate makes the box NaN, which fails here too
  if (!(Math.max(-minX, -minY, maxX, maxY) < 2 ** 51)) return undefined
  const pitchX = smallestStep(xs, members, minX), pitchY = smallestStep(ys, members, minY)
  // Infinity: one column (row); NaN: a coordinate that is no integer
  if (!(pitchX < Infinity && pitchY < Infinity)) return undefined
  return { minX, minY, maxX, maxY, pitchX, pitchY }
}

/** The smallest positive distance of a value above `min` (Infinity for none), NaN when a value is no integer. */
function smallestStep(values: Float64Array, members: Int32Array, min: number): number {
  let step = Infinity
  for (let k = 0; k < members.length; k++) {
    const value = values[members[k]!]!
    if (!Number.isInteger(value)) return NaN
    const distance = value - min
    if (distance > 0 && distance < step) step = distance
  }
  return step
}

/** 0, 1, …, n − 1. */
export function ascending(n: number): Int32Array {
  const order = new Int32Array(n)
  for (let k = 0; k < n; k++) order[k] = k
  return order
}

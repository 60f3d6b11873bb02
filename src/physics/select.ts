// Order statistics without a sort: the grid fit and the bump rules take medians of a quarter of a
// million values per array, and sorting them was most of the fit's time. Selection (quickselect,
// O(n) on average) finds the same value a sort would put at that position, bit for bit.

/**
 * Where −0 goes among the zeros of a sorted list: `typed` as a Float64Array sorts (−0 before 0);
 * `stable` as a stable sort by (a, b) => a − b does (−0 and 0 compare equal and keep their input order).
 */
export type ZeroOrder = 'typed' | 'stable'

/**
 * The median (the mean of the two middle values for an even count) as the sort named by `zeros`
 * would give it; 0 for no values. NaN sorts last, as a Float64Array sorts it.
 * @example median([3, 1, 2, 10]) // 2.5
 */
export function median(values: ArrayLike<number>, zeros: ZeroOrder = 'typed'): number {
  return values.length === 0 ? 0 : medianOf(values, zeros, Float64Array.from(values))
}

/**
 * {@link median} (zeros as `typed`) of values the caller no longer needs: it reorders them instead of
 * a copy, a quarter of a million values' fresh memory less per grid axis. The typed order of the
 * zeros counts the negative values and zeros, which reordering keeps.
 */
export function medianInPlace(values: Float64Array): number {
  return values.length === 0 ? 0 : medianOf(values, 'typed', values)
}

function medianOf(values: ArrayLike<number>, zeros: ZeroOrder, scratch: Float64Array): number {
  const count = values.length
  const mid = count >> 1
  return count % 2 ? sortedAt(values, mid, zeros, scratch) : (sortedAt(values, mid - 1, zeros, scratch) + sortedAt(values, mid, zeros, scratch)) / 2
}

/**
 * The value at position k of `values` sorted ascending. `scratch` holds the same values in any
 * order (it is reordered); the zeros' signs are read from `values` in their input order.
 */
function sortedAt(values: ArrayLike<number>, k: number, zeros: ZeroOrder, scratch: Float64Array): number {
  let numbers = scratch.length
  // NaN sorts last: move it past the numbers, which select() then orders alone
  for (let i = 0; i < numbers; i++) {
    if (!Number.isNaN(scratch[i]!)) continue
    scratch[i--] = scratch[--numbers]!
    scratch[numbers] = NaN
  }
  if (k >= numbers) return NaN
  const value = select(scratch, k, numbers)
  return value === 0 ? zeroAt(values, k, zeros) : value
}

/** Quickselect (Hoare partition, median-of-three pivot) over scratch[0 … end − 1]: the k-th smallest, zeros equal. */
function select(a: Float64Array, k: number, end: number): number {
  let left = 0, right = end - 1
  while (right > left) {
    const middle = (left + right) >> 1
    const pivot = medianOfThree(a[left]!, a[middle]!, a[right]!)
    let i = left, j = right
    while (i <= j) {
      while (a[i]! < pivot) i++
      while (a[j]! > pivot) j--
      if (i <= j) {
        const t = a[i]!
        a[i++] = a[j]!
        a[j--] = t
      }
    }
    // a[left … j] ≤ pivot ≤ a[i … right], and what lies between equals the pivot
    if (k <= j) right = j
    else if (k >= i) left = i
    else return pivot
  }
  return a[k]!
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b)
}

/** The zero at position k of the sorted values (some zero is there): −0 or 0, as the sort places them. */
function zeroAt(values: ArrayLike<number>, k: number, zeros: ZeroOrder): number {
  let below = 0, negativeZeros = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v < 0) below++
    else if (Object.is(v, -0)) negativeZeros++
  }
  if (zeros === 'typed') return k < below + negativeZeros ? -0 : 0
  // stable: the (k − below)-th zero in input order
  let seen = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v === 0 && seen++ === k - below) return v
  }
  return 0 // not reached: the caller found a zero at k
}

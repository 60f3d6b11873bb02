// Bump arrays (DOMAIN.md, "array"): the pads of one component, or else clusters of same-shape pads
// that sit on a regular rectangular grid, found geometrically with their pitch and missing sites.
import { pointIndex, type PointIndex } from './point-index.ts'
import { hypot } from './hypot.ts'
import { median, medianInPlace } from './select.ts'
import { GrowingColumn } from '../spatial/growing-column.ts'
import { fitGrid } from './grid-fit.ts'
import { ascending, separateLattices } from './lattices.ts'

export interface ComponentGroup {
  /** The X2 `.C` / ODB++ reference designator. */
  component: string
  /** Indices into the input, ascending. */
  indices: number[]
}

/**
 * Groups items by their `component` (X2 `.C`). Groups come sorted by component name (plain code-unit
 * order, so the same input gives the same output on every machine); items with no or an empty
 * component are listed in `withoutComponent` for the geometric search ({@link findGridArrays}).
 * @example groupByComponent([{ component: 'U2' }, {}, { component: 'U1' }])
 *   // { groups: [{ component: 'U1', indices: [2] }, { component: 'U2', indices: [0] }], withoutComponent: [1] }
 */
export function groupByComponent(items: readonly { component?: string }[]): { groups: ComponentGroup[]; withoutComponent: number[] } {
  const byName = new Map<string, number[]>()
  const withoutComponent: number[] = []
  items.forEach((item, index) => {
    if (!item.component) return void withoutComponent.push(index)
    const indices = byName.get(item.component)
    if (indices) indices.push(index)
    else byName.set(item.component, [index])
  })
  // the default sort compares UTF-16 code units: the same order on every machine and locale
  const groups = [...byName.keys()].sort().map((component) => ({ component, indices: byName.get(component)! }))
  return { groups, withoutComponent }
}

export interface GridSite {
  row: number
  column: number
  x: number
  y: number
}

export interface GridArray {
  /** Ids of the pads in the array, ascending. */
  ids: number[]
  /** Column pitch (x); 0 when the array has a single column. */
  pitchX: number
  /** Row pitch (y); 0 when the array has a single row. */
  pitchY: number
  rows: number
  columns: number
  /** Centre of site (row 0, column 0): the lowest-x, lowest-y corner of the grid, rounded to the unit. */
  origin: { x: number; y: number }
  /** Grid sites inside the rows × columns box with no pad (row-major, ascending). Data, not an error: BGAs depopulate. */
  missing: GridSite[]
  /** Each on-grid pad's site (row-major, then id). Two pads on one site both appear. */
  sites: { id: number; row: number; column: number }[]
  /**
   * Ids of pads linked into the cluster but farther than `pitchTolerance` × pitch from any site (a stray
   * pad on a grid line at a non-pitch distance, a staggered row). They are in `ids`, not in `sites`,
   * and do not widen the rows × columns box.
   */
  offGrid: number[]
}

/**
 * Points as typed columns, point k at (xs[k], ys[k]): what the search reads, so a caller with a
 * million pads makes no object per pad.
 */
export interface GridColumns {
  xs: Float64Array
  ys: Float64Array
  /** The caller's id of each point (e.g. the feature's position); returned in `ids`, `sites` and `offGrid`. */
  ids: Float64Array
}

export interface GridOptions {
  /** Fewest pads a cluster needs to be reported as an array. */
  minArraySize: number
  /** Allowed deviation as a fraction of the pitch (e.g. 0.05): from the pitch along a row/column, and off the row/column line. */
  pitchTolerance: number
  /**
   * Longest run of missing sites a row/column link may bridge (default 0). With 0, an array whose
   * whole row or column is depopulated comes back as two arrays; raise it to join them (and any two
   * arrays on the same lattice that close together).
   */
  maxMissingRun?: number
}

/**
 * Finds regular rectangular grids among pads of one shape (the caller groups by shape first).
 *
 * 1. Nearest-neighbour distance d of every pad (kdbush, growing radius).
 * 2. Per axis, the nearest pad in line with it (off the line by at most pitchTolerance × d): its row
 *    neighbour in x, its column neighbour in y. The two axes are searched separately, so the x and y
 *    pitches may differ.
 * 3. Two pads in line are linked when their distance is k × p (k ≤ maxMissingRun + 1, within
 *    pitchTolerance), p being the smaller of their two in-line nearest distances. A pad far from any
 *    grid has no such partner and stays alone; two stray pads that happen to line up form a pair,
 *    which minArraySize drops.
 * 4. Connected components of the links; per component the pitch is the median direct link, refined by
 *    a least-squares fit of position against column (row) index, and every pad gets its site.
 *
 * Pads that fill whole lattices lying far enough apart (a die's pads as drawn, via fields) skip steps
 * 1–3, whose outcome there is known ({@link separateLattices}): at a million bumps the search was most
 * of the time of the bump-pad report. Pads standing in rows and columns (a lattice with a partial last
 * row, depopulated sites, pads moved within the tolerance) get the same links from their sorted rows
 * and columns, without a point index (rowLinks): 22 ms against the index's 90–110 for a 250 k-pad die.
 *
 * Rotated grids are not detected: their in-line test fails along both axes, so their pads come back in
 * no array (not as a wrong array). A caller that knows the rotation should rotate the points into the
 * component frame first. Staggered (hexagonal) arrays are found as rectangular grids of their rows at
 * most, with the shifted pads in `offGrid`.
 *
 * @example findGridArrays({ xs, ys, ids }, { minArraySize: 4, pitchTolerance: 0.05 })
 */
export function findGridArrays(points: GridColumns, options: GridOptions): GridArray[] {
  const { minArraySize, pitchTolerance } = options
  if (!(pitchTolerance >= 0 && pitchTolerance < 0.5)) throw new RangeError(`pitch tolerance must be in [0, 0.5) (got ${pitchTolerance})`)
  const { xs, ys, ids } = points
  const lattices = separateLattices(xs, ys, options)
  if (lattices) {
    // the clusters the search would link are the lattices: only their fits are left
    const smallest = Math.max(2, minArraySize)
    return lattices.filter((lattice) => lattice.members.length >= smallest)
      .map((lattice) => fitGrid(xs, ys, ids, lattice.members, lattice.pitchX, lattice.pitchY, pitchTolerance))
      .sort(byFirstId)
  }
  const links = rowLinks(points, options) ?? indexLinks(points, options)
  return links ? arraysOfLinks(points, options, links) : []
}

/**
 * {@link findGridArrays} without its short-cuts (whole lattices, pads in rows and columns): the
 * geometric search itself (the caller checks the tolerance). It gives the same arrays on every input
 * (test/physics/arrays.test.ts holds the two to that).
 */
export function searchGridArrays(points: GridColumns, options: GridOptions): GridArray[] {
  const links = indexLinks(points, options)
  return links ? arraysOfLinks(points, options, links) : []
}

/** What linking found: the clusters (union-find parents) and each direct (k = 1) link's axis and length. */
class Links {
  readonly parent: Int32Array
  readonly pad: GrowingColumn<Int32Array>
  readonly axis: GrowingColumn<Uint8Array>
  readonly distance: GrowingColumn<Float64Array>

  constructor(n: number) {
    this.parent = ascending(n)
    // room for a lattice's two direct links a pad: a lattice grows no copy
    this.pad = new GrowingColumn(Int32Array, 2 * n)
    this.axis = new GrowingColumn(Uint8Array, 2 * n)
    this.distance = new GrowingColumn(Float64Array, 2 * n)
  }

  find(i: number): number {
    const parent = this.parent
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!
    return i
  }

  /** Joins the clusters of pads i and j, k pitches apart along the axis; a direct link (k = 1) votes for the pitch. */
  add(i: number, j: number, axis: 0 | 1, distance: number, k: number): void {
    // j's root under i's: links come mostly from the lower pad to the next, so a row hangs off its first pad
    this.parent[this.find(j)] = this.find(i)
    if (k === 1) {
      this.pad.push(i); this.axis.push(axis); this.distance.push(distance)
    }
  }
}

/**
 * How far along its line pad i's link query reaches: its in-line nearest distance `inLine` times
 * (maxMissingRun + 1), with the tolerance. Both link searches compute it so, the same bits.
 */
function linkReach(inLine: number, maxMissingRun: number, pitchTolerance: number): number {
  return (maxMissingRun + 1) * inLine * (1 + pitchTolerance)
}

/**
 * Step 3's test along the line: k when two pads `distance` apart are k × `pitch` apart (1 ≤ k ≤
 * maxMissingRun + 1, within pitchTolerance × pitch), `pitch` the smaller of their in-line nearest
 * distances; else 0. The test off the line is the caller's.
 */
function linkSteps(distance: number, pitch: number, pitchTolerance: number, maxMissingRun: number): number {
  const k = Math.round(distance / pitch)
  if (k < 1 || k > maxMissingRun + 1) return 0
  return Math.abs(distance - k * pitch) > pitchTolerance * pitch ? 0 : k
}

/** Steps 1–3 of {@link findGridArrays} on a point index: any points. Undefined for fewer than two distinct positions. */
function indexLinks(points: GridColumns, options: GridOptions): Links | undefined {
  const { pitchTolerance } = options
  const maxMissingRun = options.maxMissingRun ?? 0
  const { xs, ys } = points
  const { box, span } = extent(xs, ys)
  if (!(span > 0)) return undefined // no pads, one, or every pad on one spot: no grid to speak of
  const n = xs.length
  const index = pointIndex(xs, ys, box, span)
  const found = index.found
  const nearest = nearestDistances(xs, ys, index, span)
  const links = new Links(n)
  for (const axis of [0, 1] as const) {
    const inLine = inLineNearest(xs, ys, index, nearest, pitchTolerance, axis, span)
    const along = axis === 0 ? xs : ys, across = axis === 0 ? ys : xs
    for (let i = 0; i < n; i++) {
      // a short-cut: a pad with no pad in line would find only pads on its own spot (k = 0) below
      if (!Number.isFinite(inLine[i]!)) continue
      const reach = linkReach(inLine[i]!, maxMissingRun, pitchTolerance)
      const offLine = pitchTolerance * nearest[i]!
      const px = xs[i]!, py = ys[i]!
      const count = axis === 0
        ? index.range(px - reach, py - offLine, px + reach, py + offLine)
        : index.range(px - offLine, py - reach, px + offLine, py + reach)
      for (let c = 0; c < count; c++) {
        const j = found[c]!
        // each pair once, from its lower index: a short-cut, since the test below is symmetric in i and j, a pad
        // with itself has k = 0, and a doubled list of links has the same median. (j's in-line distance is
        // finite: i passes j's off-line test below, so j has i in line.)
        // Stryker disable next-line EqualityOperator: `j < i` and `j > i` give the same links, as the comment above says
        if (j <= i) continue
        const distance = Math.abs(along[j]! - along[i]!)
        const k = linkSteps(distance, Math.min(inLine[i]!, inLine[j]!), pitchTolerance, maxMissingRun)
        // off-line limit from both pads' nearest distances, so the test is the same seen from i or from j
        if (k === 0 || Math.abs(across[j]! - across[i]!) > pitchTolerance * Math.min(nearest[i]!, nearest[j]!)) continue
        links.add(i, j, axis, distance, k)
      }
    }
  }
  return links
}

/**
 * Steps 1–3 of {@link findGridArrays} without a point index, for pads standing in rows and columns:
 * a lattice with sites missing (a partial last row, depopulated balls) or pads moved by less than the
 * tolerance, or lattices sharing their rows and columns. Undefined for anything else, which the index
 * search answers. The links are the search's own, found along each pad's row (column) sorted.
 *
 * The pads' ys are cut into rows wherever two consecutive distinct values lie more than
 * pitchTolerance × the widest such step apart (a guess: the checks below decide), and the xs into
 * columns alike. Let s be the largest spread of a row or column (its highest coordinate less its
 * lowest), gY, gX the smallest gap between consecutive rows, columns, L = min(gX, gY), g_i the
 * distance from pad i to the nearest pad of its row (column) and U the largest over the pads of
 * min(g_i along x + s, g_i along y + s), with (1 + 2^−40) and 1 nm for the rounding of hypot and of
 * the index's squared distances. The pads qualify when every coordinate is an integer below 2^51 (so
 * every difference is exact), no two share a row and a column, s ≤ pitchTolerance × L, and gX, gY >
 * pitchTolerance × U + 1. Then, for each step of the search (rounding is monotone, so a float bound
 * computed from a larger value is no smaller):
 * 1. each pad's nearest distance n_i is at least L (any other pad is in another row or column, and
 *    hypot(dx, dy) is at least max(|dx|, |dy|) as computed) and at most U (the nearest pad of its row
 *    or column is within g_i + s); so the off-line limit pitchTolerance × n_i lies between
 *    pitchTolerance × L ≥ s and pitchTolerance × U < gX − 1, gY − 1;
 * 2. the in-line query around a pad then holds its own row's pads (off the line by at most s) and no
 *    other row's (off it by at least gY, more than the limit plus the 1 nm a bound's rounding may
 *    add), and every other pad of its row is farther along it than the limit (at least gX): its
 *    in-line nearest distance is g_i, the distance to the next pad of the row sorted by x (Infinity
 *    alone in its row); the same along y in its column;
 * 3. the link query around pad i holds the pads of its row within the same reach along it, which are
 *    next to it in the sorted row; each passes the off-line test (at most s apart), so a pair links
 *    exactly when the search's test along the line (linkSteps) says so, with the same reach, distance
 *    and pitch, computed the same way. The links, hence the clusters and each cluster's direct link
 *    lengths, are the search's (their order does not matter: medians).
 */
function rowLinks(points: GridColumns, options: GridOptions): Links | undefined {
  const { pitchTolerance } = options
  const { xs, ys } = points
  const n = xs.length
  if (n < 2) return undefined // no pair to link (the checks below would refuse them too)
  const rows = linesAcross(ys, pitchTolerance)
  const columns = rows && linesAcross(xs, pitchTolerance)
  if (!rows || !columns) return undefined
  const order = rowMajor(rows, columns)
  const inRow = chainLines(xs, order, rows), inColumn = chainLines(ys, order, columns)
  const spread = Math.max(rows.spread, columns.spread)
  let farthest = 0
  for (let i = 0; i < n; i++) {
    // a pad's previous one in its column in the same row: two pads on one site
    if (inColumn.previous[i]! >= 0 && rows.of[inColumn.previous[i]!] === rows.of[i]) return undefined
    farthest = Math.max(farthest, Math.min(inRow.nearest[i]! + spread, inColumn.nearest[i]! + spread))
  }
  // (1 + 2^−40) matters only for distances past 2^45 nm (35 m), where hypot's few ulps exceed a nanometre
  const nearestAtMost = farthest * (1 + 2 ** -40) + 1, nearestAtLeast = Math.min(rows.gap, columns.gap)
  const offLineAtMost = pitchTolerance * nearestAtMost
  if (!(spread <= pitchTolerance * nearestAtLeast && rows.gap > offLineAtMost + 1 && columns.gap > offLineAtMost + 1)) return undefined
  const links = new Links(n)
  linkAlongLines(xs, inRow, 0, links, options)
  linkAlongLines(ys, inColumn, 1, links, options)
  return links
}

/** Pads cut into lines across one axis (rows by their ys, columns by their xs): see rowLinks. */
interface Lines {
  /** Each pad's line, numbered from the lowest coordinate. */
  of: Int32Array
  count: number
  /** The largest spread of a line: its highest coordinate less its lowest. */
  spread: number
  /** The smallest gap between consecutive lines; Infinity for one line. */
  gap: number
}

/**
 * The values cut into lines wherever two consecutive distinct values lie more than pitchTolerance ×
 * the widest such step apart; undefined unless every value is an integer below 2^51. Only the distinct
 * values are sorted: a lattice has a few hundred of them, a few more for each pad moved.
 */
function linesAcross(values: Float64Array, pitchTolerance: number): Lines | undefined {
  const lineOf = new Map<number, number>()
  let previous = NaN
  for (let i = 0; i < values.length; i++) {
    // pads mostly come row by row: a row's ys repeat
    if (values[i] !== previous) lineOf.set(previous = values[i]!, 0)
  }
  const distinct = Float64Array.from(lineOf.keys()).sort()
  let widest = 0
  for (let k = 0; k < distinct.length; k++) {
    if (!(Number.isInteger(distinct[k]) && Math.abs(distinct[k]!) < 2 ** 51)) return undefined
    if (k > 0) widest = Math.max(widest, distinct[k]! - distinct[k - 1]!)
  }
  const joined = pitchTolerance * widest
  let line = 0, first = distinct[0]!, spread = 0, gap = Infinity
  lineOf.set(first, 0)
  for (let k = 1; k < distinct.length; k++) {
    const step = distinct[k]! - distinct[k - 1]!
    if (step > joined) {
      spread = Math.max(spread, distinct[k - 1]! - first)
      gap = Math.min(gap, step)
      line++
      first = distinct[k]!
    }
    lineOf.set(distinct[k]!, line)
  }
  spread = Math.max(spread, distinct[distinct.length - 1]! - first)
  const of = new Int32Array(values.length)
  previous = NaN
  let previousLine = 0
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== previous) previousLine = lineOf.get(previous = values[i]!)!
    of[i] = previousLine
  }
  return { of, count: line + 1, spread, gap }
}

/** The pads row by row, each row by column: their own order when they come so (files list them so), else sorted. */
function rowMajor(rows: Lines, columns: Lines): Int32Array {
  const n = rows.of.length
  let sorted = true
  for (let i = 1; sorted && i < n; i++) sorted = rows.of[i]! > rows.of[i - 1]! || (rows.of[i] === rows.of[i - 1] && columns.of[i]! > columns.of[i - 1]!)
  const order = ascending(n)
  return sorted ? order : countingSort(countingSort(order, columns), rows)
}

/** The order sorted by line, stably. */
function countingSort(order: Int32Array, lines: Lines): Int32Array {
  const next = new Int32Array(lines.count + 1)
  for (let k = 0; k < order.length; k++) next[lines.of[order[k]!]! + 1]!++
  for (let c = 1; c <= lines.count; c++) next[c]! += next[c - 1]!
  const sorted = new Int32Array(order.length)
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!
    sorted[next[lines.of[i]!]!++] = i
  }
  return sorted
}

/** Each pad's neighbours in its line (−1 for none), the line sorted along the axis, and the distance to the nearer (Infinity alone). */
interface LineChain {
  previous: Int32Array
  next: Int32Array
  nearest: Float64Array
}

/**
 * The lines' pads chained in the order of `along`: the pads come row by row, each row by column
 * (rowMajor), so each line's pads come in ascending order of their coordinate along it, and the
 * pads are read in the order they lie in memory (a column's pads one row apart).
 */
function chainLines(along: Float64Array, order: Int32Array, lines: Lines): LineChain {
  const n = order.length
  const previous = new Int32Array(n).fill(-1), next = new Int32Array(n).fill(-1)
  const nearest = new Float64Array(n).fill(Infinity)
  const last = new Int32Array(lines.count).fill(-1)
  for (let k = 0; k < n; k++) {
    const i = order[k]!, line = lines.of[i]!
    const before = last[line]!
    last[line] = i
    if (before < 0) continue
    previous[i] = before
    next[before] = i
    const distance = along[i]! - along[before]!
    nearest[i] = distance
    nearest[before] = Math.min(nearest[before]!, distance)
  }
  return { previous, next, nearest }
}

/**
 * The links along one axis of pads in lines (rowLinks): each pad against the pads of its line within
 * its link query's reach, which are the next ones up and down its chain.
 */
function linkAlongLines(along: Float64Array, chain: LineChain, axis: 0 | 1, links: Links, options: GridOptions): void {
  const { pitchTolerance } = options
  const maxMissingRun = options.maxMissingRun ?? 0
  const { previous, next, nearest: inLine } = chain
  for (let i = 0; i < along.length; i++) {
    if (!Number.isFinite(inLine[i]!)) continue
    // the query's bounds, as the index search computes them
    const reach = linkReach(inLine[i]!, maxMissingRun, pitchTolerance)
    const low = along[i]! - reach, high = along[i]! + reach
    // each pair once, from its lower pad, as the index search takes it
    for (let j = next[i]!; j >= 0 && along[j]! <= high; j = next[j]!) if (j > i) linkInLine(i, j, along, inLine, axis, links, pitchTolerance, maxMissingRun)
    for (let j = previous[i]!; j >= 0 && along[j]! >= low; j = previous[j]!) if (j > i) linkInLine(i, j, along, inLine, axis, links, pitchTolerance, maxMissingRun)
  }
}

/** Links pads i and j of one line when the search would. */
function linkInLine(i: number, j: number, along: Float64Array, inLine: Float64Array, axis: 0 | 1, links: Links, pitchTolerance: number, maxMissingRun: number): void {
  const distance = Math.abs(along[j]! - along[i]!)
  const k = linkSteps(distance, Math.min(inLine[i]!, inLine[j]!), pitchTolerance, maxMissingRun)
  if (k !== 0) links.add(i, j, axis, distance, k)
}

/** Step 4 of {@link findGridArrays}: the clusters of the links, each large enough fitted with the medians of its direct links. */
function arraysOfLinks(points: GridColumns, options: GridOptions, links: Links): GridArray[] {
  const { minArraySize, pitchTolerance } = options
  const { xs, ys, ids } = points
  const n = xs.length
  // clusters numbered by their lowest pad, members listed in ascending pad order (compressed rows:
  // cluster c holds member[memberStart[c]] … member[memberStart[c + 1] − 1], no array per lone pad)
  const clusterOf = new Int32Array(n).fill(-1)
  const memberStart = new Int32Array(n + 1)
  let clusters = 0
  for (let i = 0; i < n; i++) {
    const root = links.find(i)
    if (clusterOf[root] === -1) clusterOf[root] = clusters++
    clusterOf[i] = clusterOf[root]!
    memberStart[clusterOf[i]! + 1]!++
  }
  for (let c = 0; c < clusters; c++) memberStart[c + 1]! += memberStart[c]!
  const member = new Int32Array(n)
  const next = memberStart.slice(0, clusters)
  for (let i = 0; i < n; i++) member[next[clusterOf[i]!]!++] = i

  const smallest = Math.max(2, minArraySize) // a lone pad is no array
  const size = (c: number) => memberStart[c + 1]! - memberStart[c]!
  // link distances of the clusters large enough to fit, per cluster and axis (row 2c + axis) in
  // compressed rows: counted, then placed from each row's end down (their order does not matter:
  // medians), with no array grown per cluster
  const linkPad = links.pad.data, linkAxis = links.axis.data, linkDistance = links.distance.data
  const linkEnd = new Int32Array(2 * clusters + 1)
  const rowOf = (l: number) => {
    const c = clusterOf[linkPad[l]!]!
    return size(c) >= smallest ? 2 * c + linkAxis[l]! : -1
  }
  for (let l = 0; l < links.pad.length; l++) {
    const row = rowOf(l)
    if (row >= 0) linkEnd[row]!++
  }
  for (let r = 1; r < linkEnd.length; r++) linkEnd[r]! += linkEnd[r - 1]!
  const lengths = new Float64Array(linkEnd[linkEnd.length - 1]!)
  for (let l = 0; l < links.pad.length; l++) {
    const row = rowOf(l)
    if (row >= 0) lengths[--linkEnd[row]!] = linkDistance[l]!
  }
  // the ends are now the rows' starts: row r is lengths[linkEnd[r] … linkEnd[r + 1] − 1]
  const linksOf = (row: number) => lengths.subarray(linkEnd[row]!, linkEnd[row + 1]!)

  const arrays: GridArray[] = []
  for (let c = 0; c < clusters; c++) {
    if (size(c) < smallest) continue
    const cluster = member.subarray(memberStart[c]!, memberStart[c + 1]!)
    arrays.push(fitGrid(xs, ys, ids, cluster, medianInPlace(linksOf(2 * c)), medianInPlace(linksOf(2 * c + 1)), pitchTolerance))
  }
  // clusters are already in the order of their lowest pad; sort by the smallest id
  return arrays.sort(byFirstId)
}

const byFirstId = (p: GridArray, q: GridArray) => p.ids[0]! - q.ids[0]!

/**
 * The pitch of a set of bump positions, as the median of each bump's distance to its nearest
 * neighbour (kdbush, growing radius; O(n log n)). Works for a rotated or staggered array, which
 * {@link findGridArrays} does not fit. 0 when there are fewer than two distinct positions.
 * @example typicalPitch([{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }, { x: 1, y: 1 }]) // 1
 */
export function typicalPitch(points: readonly { x: number; y: number }[]): number {
  const xs = new Float64Array(points.length), ys = new Float64Array(points.length)
  for (let k = 0; k < points.length; k++) { xs[k] = points[k]!.x; ys[k] = points[k]!.y }
  const { box, span } = extent(xs, ys)
  if (!(span > 0)) return 0
  // with two distinct positions every pad has a nearest one (within √2·span), so every distance is finite
  return median(nearestDistances(xs, ys, pointIndex(xs, ys, box, span), span))
}

/**
 * The points' bounding box and its larger side (−Infinity for no points, 0 when all are on one
 * spot). The searches read typed columns: they touch every pad a few dozen times.
 */
function extent(xs: Float64Array, ys: Float64Array) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!, y = ys[k]!
    minX = Math.min(minX, x); maxX = Math.max(maxX, x)
    minY = Math.min(minY, y); maxY = Math.max(maxY, y)
  }
  const box: [number, number, number, number] = [minX, minY, maxX, maxY]
  return { box, span: Math.max(maxX - minX, maxY - minY) }
}

/**
 * Distance from each pad to its nearest other pad (not on the same spot). The caller makes sure there
 * are two distinct positions (span > 0), so every pad has one, within √2·span.
 */
function nearestDistances(xs: Float64Array, ys: Float64Array, index: PointIndex, span: number): Float64Array {
  const n = xs.length
  const result = new Float64Array(n)
  const found = index.found
  // 1.5 × the mean spacing of a filled square: the spacing itself is just under a square grid's pitch,
  // so a first query of that radius found nothing and every pad asked twice (the 4 bench dies: ~15 %
  // of the search). Any first radius gives the same distances: one that holds another pad holds the nearest.
  const firstRadius = (1.5 * span) / Math.sqrt(n)
  for (let i = 0; i < n; i++) {
    const px = xs[i]!, py = ys[i]!
    let best = Infinity, bestSquared = Infinity
    // within() returns every pad up to the radius: the first radius that holds another pad holds the nearest
    for (let radius = firstRadius; best === Infinity; radius *= 2) {
      const count = index.within(px, py, radius)
      for (let c = 0; c < count; c++) {
        const j = found[c]!
        const dx = xs[j]! - px, dy = ys[j]! - py
        const squared = dx * dx + dy * dy
        if (squared === 0) continue // the pad itself, or one on the same spot
        // hypot only for a pad that may beat the best (the slack covers its few ulps of rounding)
        if (squared > bestSquared) continue
        const d = hypot(dx, dy)
        // past the short-cut only a pad within rounding of the best fails this test
        if (d < best) {
          best = d
          bestSquared = best * best * (1 + 1e-9)
        }
      }
    }
    result[i] = best
  }
  return result
}

/** Per pad, the distance to the nearest pad in line with it along x (axis 0) or y (axis 1). */
function inLineNearest(xs: Float64Array, ys: Float64Array, index: PointIndex, nearest: Float64Array, pitchTolerance: number,
  axis: 0 | 1, span: number): Float64Array {
  const n = xs.length
  const result = new Float64Array(n)
  const found = index.found
  const along = axis === 0 ? xs : ys
  for (let i = 0; i < n; i++) {
    const px = xs[i]!, py = ys[i]!
    const offLine = pitchTolerance * nearest[i]!
    let best = Infinity
    // any first reach and any last reach of at least the span find the same nearest pad in line
    for (let reach = 2 * nearest[i]!; reach <= 4 * span; reach *= 2) {
      const count = axis === 0
        ? index.range(px - reach, py - offLine, px + reach, py + offLine)
        : index.range(px - offLine, py - reach, px + offLine, py + reach)
      for (let c = 0; c < count; c++) {
        const distance = Math.abs(along[found[c]!]! - along[i]!)
        if (distance > offLine && distance < best) best = distance // `distance ≤ offLine` is the pad's own site
      }
      if (best <= reach) break
    }
    result[i] = best
  }
  return result
}

// Bump arrays (DOMAIN.md, "array"): the pads of one component, or else clusters of same-shape pads
// that sit on a regular rectangular grid, found geometrically with their pitch and missing sites.
import { pointIndex, type PointIndex } from './point-index.ts'
import { hypot } from './hypot.ts'
import { median, medianInPlace } from './select.ts'
import { GrowingColumn } from '../spatial/growing-column.ts'

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
function ascending(n: number): Int32Array {
  const order = new Int32Array(n)
  for (let k = 0; k < n; k++) order[k] = k
  return order
}

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

interface AxisFit {
  /** Site index of each pad along the axis (0 = the lowest on-grid site). */
  index: Float64Array
  /** Whether each pad lies within pitchTolerance × pitch of its site (1) or not (0). */
  onGrid: Uint8Array
  pitch: number
  /** Position of site 0. */
  start: number
}

/**
 * Site indices along one axis. The grid phase is the median of the pads' offsets from the rough
 * lattice, so a stray pad linked at a wrong distance cannot shift the grid; the pitch and the position
 * of site 0 are then fitted by least squares over the on-grid pads (many sites average out the nm
 * rounding of each position).
 */
function fitAxis(coordinates: Float64Array, roughPitch: number, pitchTolerance: number): AxisFit {
  const count = coordinates.length
  const index = new Float64Array(count)
  const onGrid = new Uint8Array(count)
  if (roughPitch === 0) {
    // a single row/column: linking already held it on one line
    return { index, onGrid: onGrid.fill(1), pitch: 0, start: median(coordinates) }
  }
  const anchor = coordinates[0]!
  // the phases go in `index`, which placeOnLattice overwrites next, and their median reorders them
  // there: a quarter of a million pads' two fresh arrays less
  for (let k = 0; k < count; k++) {
    const c = coordinates[k]!
    index[k] = c - anchor - roughPitch * Math.round((c - anchor) / roughPitch)
  }
  const roughStart = anchor + medianInPlace(index)
  placeOnLattice(coordinates, roughStart, roughPitch, pitchTolerance, index, onGrid)

  // sums in pad order (the caller's canonical order), so the fitted pitch is the same bit for bit
  let onCount = 0, meanIndex = 0, meanCoordinate = 0
  for (let k = 0; k < count; k++) {
    if (!onGrid[k]) continue
    onCount++
    meanIndex += index[k]!
    meanCoordinate += coordinates[k]!
  }
  if (onCount === 0) return { index, onGrid, pitch: roughPitch, start: roughStart } // cannot happen: the median phase is on grid
  meanIndex /= onCount
  meanCoordinate /= onCount
  let sxy = 0, sxx = 0, lowest = Infinity
  for (let k = 0; k < count; k++) {
    if (!onGrid[k]) continue
    sxy += (index[k]! - meanIndex) * (coordinates[k]! - meanCoordinate)
    sxx += (index[k]! - meanIndex) ** 2
    lowest = Math.min(lowest, index[k]!)
  }
  const pitch = sxx > 0 ? sxy / sxx : roughPitch
  let start = meanCoordinate - pitch * meanIndex
  // renumber from the lowest on-grid site, and judge on/off grid against the fitted lattice
  start += lowest * pitch
  placeOnLattice(coordinates, start, pitch, pitchTolerance, index, onGrid)
  return { index, onGrid, pitch, start }
}

/** Each coordinate's site index on a lattice, and whether it lies within pitchTolerance × pitch of that site. */
function placeOnLattice(coordinates: Float64Array, start: number, pitch: number, pitchTolerance: number, index: Float64Array, onGrid: Uint8Array): void {
  for (let k = 0; k < coordinates.length; k++) {
    const c = coordinates[k]!
    const site = Math.round((c - start) / pitch)
    index[k] = site
    onGrid[k] = Math.abs(c - start - site * pitch) <= pitchTolerance * pitch ? 1 : 0
  }
}

function fitGrid(xs: Float64Array, ys: Float64Array, ids: Float64Array, members: Int32Array, roughPitchX: number, roughPitchY: number,
  pitchTolerance: number): GridArray {
  // a canonical order makes the floating-point sums, hence the pitches, independent of the input order
  // (a file lists an array's pads row by row, so they mostly come in that order: checked, not sorted)
  const canonical = (i: number, j: number) => ys[i]! - ys[j]! || xs[i]! - xs[j]! || ids[i]! - ids[j]!
  const cluster = isSorted(members, canonical) ? members : Int32Array.from(plainArray(members).sort(canonical))
  const count = cluster.length
  const columnsFit = fitAxis(gather(xs, cluster), roughPitchX, pitchTolerance)
  const rowsFit = fitAxis(gather(ys, cluster), roughPitchY, pitchTolerance)
  const onGrid = new Uint8Array(count)
  // the box spans the on-grid pads only: a stray pad must not add a row of "missing" sites
  const offGrid: number[] = []
  let columns = 0, rows = 0
  for (let k = 0; k < count; k++) {
    if (!(columnsFit.onGrid[k] && rowsFit.onGrid[k] && columnsFit.index[k]! >= 0 && rowsFit.index[k]! >= 0)) {
      offGrid.push(ids[cluster[k]!]!)
      continue
    }
    onGrid[k] = 1
    columns = Math.max(columns, columnsFit.index[k]! + 1)
    rows = Math.max(rows, rowsFit.index[k]! + 1)
  }
  const siteX = (column: number) => columnsFit.start + column * columnsFit.pitch
  const siteY = (row: number) => rowsFit.start + row * rowsFit.pitch
  const filled = new Uint8Array(rows * columns)
  for (let k = 0; k < count; k++) if (onGrid[k]) filled[rowsFit.index[k]! * columns + columnsFit.index[k]!] = 1

  const missing: GridSite[] = []
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      if (!filled[row * columns + column]) missing.push({ row, column, x: Math.round(siteX(column)), y: Math.round(siteY(row)) })
    }
  }
  // the ids, and one object per pad, only when asked: the bump-pad report reads a million pads' grids,
  // never their sites and mostly not their ids
  let sortedIds: number[] | undefined, sites: GridArray['sites'] | undefined
  return {
    get ids() {
      return (sortedIds ??= sortedIdsOf(cluster, ids))
    },
    pitchX: columnsFit.pitch,
    pitchY: rowsFit.pitch,
    rows,
    columns,
    origin: { x: Math.round(siteX(0)), y: Math.round(siteY(0)) },
    missing,
    get sites() {
      return (sites ??= sitesOf(cluster, ids, onGrid, rowsFit.index, columnsFit.index))
    },
    offGrid: offGrid.sort((p, q) => p - q),
  }
}

/** values[order[k]] for each k: the values themselves when the order is 0, 1, …, n − 1 (a whole lattice's fit). */
function gather(values: Float64Array, order: Int32Array): Float64Array {
  let identity = order.length === values.length
  for (let k = 0; identity && k < order.length; k++) identity = order[k] === k
  if (identity) return values
  const gathered = new Float64Array(order.length)
  for (let k = 0; k < order.length; k++) gathered[k] = values[order[k]!]!
  return gathered
}

/** The ids of these pads, ascending as a Float64Array sorts them. */
function sortedIdsOf(cluster: Int32Array, ids: Float64Array): number[] {
  const sorted = new Float64Array(cluster.length)
  for (let k = 0; k < cluster.length; k++) sorted[k] = ids[cluster[k]!]!
  // pads mostly come with their ids in order: checked, not sorted (strictly: −0 and 0 must go where the sort puts them)
  let inOrder = true
  for (let k = 1; inOrder && k < sorted.length; k++) inOrder = sorted[k - 1]! < sorted[k]!
  if (!inOrder) sorted.sort()
  return plainArray(sorted)
}

function isSorted(order: Int32Array, compare: (i: number, j: number) => number): boolean {
  for (let k = 1; k < order.length; k++) if (compare(order[k - 1]!, order[k]!) > 0) return false
  return true
}

/** A typed array's values as a plain array (`Array.from` walks an iterator: ~0.3 µs a value). */
function plainArray(values: Int32Array | Float64Array): number[] {
  const array = new Array<number>(values.length)
  for (let k = 0; k < values.length; k++) array[k] = values[k]!
  return array
}

/** Each on-grid pad's site, row-major, then by id. */
function sitesOf(cluster: Int32Array, ids: Float64Array, onGrid: Uint8Array, row: Float64Array, column: Float64Array): GridArray['sites'] {
  const sites: GridArray['sites'] = []
  for (let k = 0; k < cluster.length; k++) if (onGrid[k]) sites.push({ id: ids[cluster[k]!]!, row: row[k]!, column: column[k]! })
  return sites.sort((p, q) => p.row - q.row || p.column - q.column || p.id - q.id)
}

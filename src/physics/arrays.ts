// Bump arrays (DOMAIN.md, "array"): the pads of one component, or else clusters of same-shape pads
// that sit on a regular rectangular grid, found geometrically with their pitch and missing sites.
import KDBush from 'kdbush'

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
  const groups = [...byName].map(([component, indices]) => ({ component, indices }))
  groups.sort((p, q) => (p.component < q.component ? -1 : p.component > q.component ? 1 : 0))
  return { groups, withoutComponent }
}

export interface GridPoint {
  x: number
  y: number
  /** The caller's id (e.g. the feature id); returned in `ids`, `sites` and `offGrid`. */
  id: number
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
 * Rotated grids are not detected: their in-line test fails along both axes, so their pads come back in
 * no array (not as a wrong array). A caller that knows the rotation should rotate the points into the
 * component frame first. Staggered (hexagonal) arrays are found as rectangular grids of their rows at
 * most, with the shifted pads in `offGrid`.
 *
 * @example findGridArrays(pads.map((p) => ({ x: p.cx, y: p.cy, id: p.id })), { minArraySize: 4, pitchTolerance: 0.05 })
 */
export function findGridArrays(points: readonly GridPoint[], options: GridOptions): GridArray[] {
  const { minArraySize, pitchTolerance } = options
  const maxMissingRun = options.maxMissingRun ?? 0
  if (!(pitchTolerance >= 0 && pitchTolerance < 0.5)) throw new RangeError(`pitch tolerance must be in [0, 0.5) (got ${pitchTolerance})`)
  const n = points.length
  if (n < 2) return []

  const index = new KDBush(n)
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  for (const p of points) {
    index.add(p.x, p.y)
    minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x)
    minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y)
  }
  index.finish()
  const span = Math.max(maxX - minX, maxY - minY)
  if (span === 0) return [] // every pad on one spot: no grid to speak of

  const nearest = nearestDistances(points, index, span)
  const parent = Int32Array.from({ length: n }, (_, i) => i)
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!
    return i
  }
  // direct (k = 1) links per axis, to estimate each cluster's pitch
  const directLinks: { axis: 0 | 1; a: number; distance: number }[] = []

  for (const axis of [0, 1] as const) {
    const inLine = inLineNearest(points, index, nearest, pitchTolerance, axis, span)
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(inLine[i]!)) continue
      const reach = (maxMissingRun + 1) * inLine[i]! * (1 + pitchTolerance)
      const offLine = pitchTolerance * nearest[i]!
      const p = points[i]!
      const candidates = axis === 0
        ? index.range(p.x - reach, p.y - offLine, p.x + reach, p.y + offLine)
        : index.range(p.x - offLine, p.y - reach, p.x + offLine, p.y + reach)
      for (const j of candidates) {
        if (j <= i || !Number.isFinite(inLine[j]!)) continue // each pair once, from its lower index
        const q = points[j]!
        const along = Math.abs(axis === 0 ? q.x - p.x : q.y - p.y)
        const across = Math.abs(axis === 0 ? q.y - p.y : q.x - p.x)
        const pitch = Math.min(inLine[i]!, inLine[j]!)
        const k = Math.round(along / pitch)
        if (k < 1 || k > maxMissingRun + 1) continue
        // off-line limit from both pads' nearest distances, so the test is the same seen from i or from j
        if (Math.abs(along - k * pitch) > pitchTolerance * pitch || across > pitchTolerance * Math.min(nearest[i]!, nearest[j]!)) continue
        parent[find(i)] = find(j)
        if (k === 1) directLinks.push({ axis, a: i, distance: along })
      }
    }
  }

  const members = new Map<number, number[]>()
  for (let i = 0; i < n; i++) {
    const root = find(i)
    const list = members.get(root)
    if (list) list.push(i)
    else members.set(root, [i])
  }
  const linkDistances = new Map<number, [number[], number[]]>()
  for (const link of directLinks) {
    const root = find(link.a)
    let lists = linkDistances.get(root)
    if (!lists) linkDistances.set(root, (lists = [[], []]))
    lists[link.axis].push(link.distance)
  }

  const arrays: GridArray[] = []
  for (const [root, cluster] of members) {
    if (cluster.length < Math.max(2, minArraySize)) continue
    const [xLinks, yLinks] = linkDistances.get(root) ?? [[], []]
    arrays.push(fitGrid(points, cluster, median(xLinks), median(yLinks), pitchTolerance))
  }
  // the cluster map's order is an implementation detail: sort by the smallest id
  return arrays.sort((p, q) => p.ids[0]! - q.ids[0]!)
}

/** Distance from each pad to its nearest other pad (not on the same spot); Infinity if there is none. */
function nearestDistances(points: readonly GridPoint[], index: KDBush, span: number): Float64Array {
  const result = new Float64Array(points.length)
  const firstRadius = span / Math.sqrt(points.length) // the mean spacing of a filled square
  points.forEach((p, i) => {
    let best = Infinity
    for (let radius = firstRadius; radius <= 4 * span; radius *= 2) {
      for (const j of index.within(p.x, p.y, radius)) {
        const d = Math.hypot(points[j]!.x - p.x, points[j]!.y - p.y)
        if (d > 0 && d < best) best = d
      }
      if (best <= radius) break // within() returned every pad up to radius: the nearest is among them
    }
    result[i] = best
  })
  return result
}

/** Per pad, the distance to the nearest pad in line with it along x (axis 0) or y (axis 1). */
function inLineNearest(points: readonly GridPoint[], index: KDBush, nearest: Float64Array, pitchTolerance: number,
  axis: 0 | 1, span: number): Float64Array {
  const result = new Float64Array(points.length)
  points.forEach((p, i) => {
    const offLine = pitchTolerance * nearest[i]!
    let best = Infinity
    for (let reach = 2 * nearest[i]!; Number.isFinite(reach) && reach <= 4 * span; reach *= 2) {
      const candidates = axis === 0
        ? index.range(p.x - reach, p.y - offLine, p.x + reach, p.y + offLine)
        : index.range(p.x - offLine, p.y - reach, p.x + offLine, p.y + reach)
      for (const j of candidates) {
        const along = Math.abs(axis === 0 ? points[j]!.x - p.x : points[j]!.y - p.y)
        if (along > offLine && along < best) best = along // `along ≤ offLine` is the pad's own site
      }
      if (best <= reach) break
    }
    result[i] = best
  })
  return result
}

function median(values: number[]): number {
  if (values.length === 0) return 0
  const sorted = values.slice().sort((p, q) => p - q)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

interface AxisFit {
  /** Site index of each pad along the axis (0 = the lowest on-grid site). */
  index: number[]
  /** Whether each pad lies within pitchTolerance × pitch of its site. */
  onGrid: boolean[]
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
function fitAxis(coordinates: number[], roughPitch: number, pitchTolerance: number): AxisFit {
  if (roughPitch === 0) {
    // a single row/column: linking already held it on one line
    return { index: coordinates.map(() => 0), onGrid: coordinates.map(() => true), pitch: 0, start: median(coordinates) }
  }
  const anchor = coordinates[0]!
  const phase = median(coordinates.map((c) => c - anchor - roughPitch * Math.round((c - anchor) / roughPitch)))
  const roughStart = anchor + phase
  let index = coordinates.map((c) => Math.round((c - roughStart) / roughPitch))
  let onGrid = coordinates.map((c, k) => Math.abs(c - roughStart - index[k]! * roughPitch) <= pitchTolerance * roughPitch)

  let count = 0, meanIndex = 0, meanCoordinate = 0
  coordinates.forEach((c, k) => {
    if (!onGrid[k]) return
    count++
    meanIndex += index[k]!
    meanCoordinate += c
  })
  if (count === 0) return { index, onGrid, pitch: roughPitch, start: roughStart } // cannot happen: the median phase is on grid
  meanIndex /= count
  meanCoordinate /= count
  let sxy = 0, sxx = 0
  coordinates.forEach((c, k) => {
    if (!onGrid[k]) return
    sxy += (index[k]! - meanIndex) * (c - meanCoordinate)
    sxx += (index[k]! - meanIndex) ** 2
  })
  const pitch = sxx > 0 ? sxy / sxx : roughPitch
  let start = meanCoordinate - pitch * meanIndex
  // renumber from the lowest on-grid site, and judge on/off grid against the fitted lattice
  const lowest = index.reduce((m, k, at) => (onGrid[at] ? Math.min(m, k) : m), Infinity)
  start += lowest * pitch
  index = coordinates.map((c) => Math.round((c - start) / pitch))
  onGrid = coordinates.map((c, k) => Math.abs(c - start - index[k]! * pitch) <= pitchTolerance * pitch)
  return { index, onGrid, pitch, start }
}

function fitGrid(points: readonly GridPoint[], unordered: number[], roughPitchX: number, roughPitchY: number, pitchTolerance: number): GridArray {
  // a canonical order makes the floating-point sums, hence the pitches, independent of the input order
  const cluster = unordered.slice().sort((i, j) => points[i]!.y - points[j]!.y || points[i]!.x - points[j]!.x || points[i]!.id - points[j]!.id)
  const columnsFit = fitAxis(cluster.map((i) => points[i]!.x), roughPitchX, pitchTolerance)
  const rowsFit = fitAxis(cluster.map((i) => points[i]!.y), roughPitchY, pitchTolerance)
  const onGrid = cluster.map((_, k) => columnsFit.onGrid[k]! && rowsFit.onGrid[k]! && columnsFit.index[k]! >= 0 && rowsFit.index[k]! >= 0)
  // the box spans the on-grid pads only: a stray pad must not add a row of "missing" sites
  let columns = 0, rows = 0
  cluster.forEach((_, k) => {
    if (!onGrid[k]) return
    columns = Math.max(columns, columnsFit.index[k]! + 1)
    rows = Math.max(rows, rowsFit.index[k]! + 1)
  })
  const siteX = (column: number) => columnsFit.start + column * columnsFit.pitch
  const siteY = (row: number) => rowsFit.start + row * rowsFit.pitch

  const sites: GridArray['sites'] = []
  const offGrid: number[] = []
  const filled = new Set<number>()
  cluster.forEach((i, k) => {
    const id = points[i]!.id
    if (!onGrid[k]) return void offGrid.push(id)
    const row = rowsFit.index[k]!, column = columnsFit.index[k]!
    sites.push({ id, row, column })
    filled.add(row * columns + column)
  })
  const missing: GridSite[] = []
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      if (!filled.has(row * columns + column)) missing.push({ row, column, x: Math.round(siteX(column)), y: Math.round(siteY(row)) })
    }
  }
  sites.sort((p, q) => p.row - q.row || p.column - q.column || p.id - q.id)
  return {
    ids: cluster.map((i) => points[i]!.id).sort((p, q) => p - q),
    pitchX: columnsFit.pitch,
    pitchY: rowsFit.pitch,
    rows,
    columns,
    origin: { x: Math.round(siteX(0)), y: Math.round(siteY(0)) },
    missing,
    sites,
    offGrid: offGrid.sort((p, q) => p - q),
  }
}

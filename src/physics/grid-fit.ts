// A cluster of linked pads fitted to a grid (src/physics/arrays.ts): its pitch and origin by least
// squares over the pads on it, each pad's site, the sites with no pad, the pads off the grid.
import type { GridArray, GridSite } from './arrays.ts'
import { median, medianInPlace } from './select.ts'

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

export function fitGrid(xs: Float64Array, ys: Float64Array, ids: Float64Array, members: Int32Array, roughPitchX: number, roughPitchY: number,
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

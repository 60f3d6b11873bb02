// Box and disc queries over points that write the hits into one reused buffer: the grid search of
// arrays.ts asks ~1 M of them at substrate scale, and an array per query was a third of its time in GC.
import KDBush from 'kdbush'

export interface PointIndex {
  /** Point indices of the last query; valid up to the count it returned. */
  readonly found: Int32Array
  /** Points with minX ≤ x ≤ maxX and minY ≤ y ≤ maxY (kdbush `range`); returns how many. */
  range(minX: number, minY: number, maxX: number, maxY: number): number
  /** Points with (x − qx)² + (y − qy)² ≤ r² (kdbush `within`); returns how many. */
  within(qx: number, qy: number, r: number): number
}

/**
 * Points counting-sorted into square cells of side `cellSize` (row-major), coordinates copied in
 * cell order so a query reads memory in runs. The inclusion tests are kdbush's, so both indexes
 * answer every query with the same set (in another order).
 */
export class CellGrid implements PointIndex {
  readonly found: Int32Array
  readonly columns: number
  readonly rows: number
  private readonly minX: number
  private readonly minY: number
  private readonly inverseCell: number
  /** Cell c holds sorted positions cellStart[c] … cellStart[c + 1] − 1. */
  private readonly cellStart: Int32Array
  private readonly sortedIndex: Int32Array
  private readonly sortedX: Float64Array
  private readonly sortedY: Float64Array

  constructor(xs: Float64Array, ys: Float64Array, box: readonly [number, number, number, number], cellSize: number) {
    const n = xs.length
    const [minX, minY, maxX, maxY] = box
    this.minX = minX
    this.minY = minY
    this.inverseCell = 1 / cellSize
    this.columns = Math.floor((maxX - minX) * this.inverseCell) + 1
    this.rows = Math.floor((maxY - minY) * this.inverseCell) + 1
    const cellOf = new Int32Array(n)
    const cellStart = new Int32Array(this.columns * this.rows + 1)
    // Stryker disable next-line EqualityOperator: one more turn reads ys[n] (undefined) and writes at NaN, which a typed array drops
    for (let i = 0; i < n; i++) {
      const cell = this.row(ys[i]!) * this.columns + this.column(xs[i]!)
      cellOf[i] = cell
      cellStart[cell + 1]!++
    }
    // Stryker disable next-line EqualityOperator: one more turn writes past the end, which a typed array drops
    for (let c = 1; c < cellStart.length; c++) cellStart[c]! += cellStart[c - 1]!
    const next = cellStart.slice(0, -1)
    this.sortedIndex = new Int32Array(n)
    this.sortedX = new Float64Array(n)
    this.sortedY = new Float64Array(n)
    // Stryker disable next-line EqualityOperator: one more turn writes at NaN (cellOf[n] is undefined), which a typed array drops
    for (let i = 0; i < n; i++) {
      const at = next[cellOf[i]!]!++
      this.sortedIndex[at] = i
      this.sortedX[at] = xs[i]!
      this.sortedY[at] = ys[i]!
    }
    this.cellStart = cellStart
    this.found = new Int32Array(n)
  }

  /** Σ (points per cell)²: the work of scanning each point's own cell, n for an even spread. */
  crowding(): number {
    let sum = 0
    for (let c = 0; c + 1 < this.cellStart.length; c++) {
      const count = this.cellStart[c + 1]! - this.cellStart[c]!
      sum += count * count
    }
    return sum
  }

  // The same formula for points and query bounds: rounding is monotone, so a point inside a query's
  // bounds always falls in a cell the query visits.
  private column(x: number): number {
    return Math.min(this.columns - 1, Math.max(0, Math.floor((x - this.minX) * this.inverseCell)))
  }

  private row(y: number): number {
    const row = Math.floor((y - this.minY) * this.inverseCell)
    // Stryker disable next-line ArithmeticOperator: no point lies past the last row; a query row past it ends past cellStart (undefined), so its scan reads nothing
    return Math.min(this.rows - 1, Math.max(0, row))
  }

  range(minX: number, minY: number, maxX: number, maxY: number): number {
    const firstColumn = this.column(minX), lastColumn = this.column(maxX)
    const lastRow = this.row(maxY)
    const { sortedX, sortedY, sortedIndex, cellStart, found, columns } = this
    let count = 0
    for (let row = this.row(minY); row <= lastRow; row++) {
      // the cells of one row are consecutive in the sorted order
      const end = cellStart[row * columns + lastColumn + 1]!
      for (let k = cellStart[row * columns + firstColumn]!; k < end; k++) {
        const x = sortedX[k]!, y = sortedY[k]!
        if (x >= minX && x <= maxX && y >= minY && y <= maxY) found[count++] = sortedIndex[k]!
      }
    }
    return count
  }

  within(qx: number, qy: number, r: number): number {
    const firstColumn = this.column(qx - r), lastColumn = this.column(qx + r)
    const lastRow = this.row(qy + r)
    const { sortedX, sortedY, sortedIndex, cellStart, found, columns } = this
    const r2 = r * r
    let count = 0
    for (let row = this.row(qy - r); row <= lastRow; row++) {
      const end = cellStart[row * columns + lastColumn + 1]!
      for (let k = cellStart[row * columns + firstColumn]!; k < end; k++) {
        const dx = sortedX[k]! - qx, dy = sortedY[k]! - qy
        if (dx * dx + dy * dy <= r2) found[count++] = sortedIndex[k]!
      }
    }
    return count
  }
}

/** kdbush behind the same interface, for points too unevenly spread for one cell size. */
export class TreeIndex implements PointIndex {
  readonly found: Int32Array
  private readonly tree: KDBush

  constructor(xs: Float64Array, ys: Float64Array) {
    this.tree = new KDBush(xs.length)
    for (let i = 0; i < xs.length; i++) this.tree.add(xs[i]!, ys[i]!)
    this.tree.finish()
    this.found = new Int32Array(xs.length)
  }

  range(minX: number, minY: number, maxX: number, maxY: number): number {
    const hits = this.tree.range(minX, minY, maxX, maxY)
    this.found.set(hits)
    return hits.length
  }

  within(qx: number, qy: number, r: number): number {
    return this.tree.withinInto(qx, qy, r, this.found)
  }
}

/**
 * A cell grid with cells of the mean spacing when the points spread evenly enough over their box
 * (a cell then holds a few points), else kdbush. `span` is the larger side of the box.
 */
export function pointIndex(xs: Float64Array, ys: Float64Array, box: readonly [number, number, number, number], span: number): PointIndex {
  const n = xs.length
  const grid = new CellGrid(xs, ys, box, span / Math.sqrt(n))
  // clustered points (a dense array and a far stray) crowd a few cells: each query would scan them all
  return grid.crowding() <= 16 * n ? grid : new TreeIndex(xs, ys)
}

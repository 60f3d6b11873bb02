// A uniform cell grid over boxes of about one size: at substrate scale a million pads, openings and
// deposits are asked ~3 M box queries, and walking an R-tree from its root was the largest self-time
// item of bump-site derivation. Cells found by arithmetic need no descent.

// The same formula for centres and query bounds: rounding is monotone, so a centre inside a query's
// grown bounds always falls in a cell the query visits.
const clamp = (cell: number, count: number) => Math.min(count - 1, Math.max(0, cell))

/**
 * Boxes counting-sorted into square cells by their centres (row-major), their column reordered into
 * cell order so a query reads memory in runs. A box meets a query only if its centre lies in the query
 * grown by the largest half-width and half-height in the grid, so those are the cells visited; the
 * inclusion test is flatbush's (touching edges meet), so both answer every query with the same set.
 */
export class BoxGrid {
  private readonly columns: number
  private readonly rows: number
  private readonly minX: number
  private readonly minY: number
  private readonly inverseCell: number
  /** How far a centre can lie from its box's edge, plus a rounding margin. */
  private readonly reachX: number
  private readonly reachY: number
  /** Bounds of all boxes: a query outside them meets nothing. */
  private readonly bounds: readonly [number, number, number, number]
  /** Cell c holds sorted positions cellStart[c] … cellStart[c + 1] − 1. */
  private readonly cellStart: Int32Array
  /** Original positions and boxes (minX, minY, maxX, maxY) in cell order. */
  readonly sortedIndex: Int32Array
  readonly sortedBoxes: Float64Array

  private constructor(
    layout: { minX: number; minY: number; cellSize: number; columns: number; rows: number; reachX: number; reachY: number; bounds: [number, number, number, number] },
    cellStart: Int32Array, sortedIndex: Int32Array, sortedBoxes: Float64Array,
  ) {
    this.minX = layout.minX
    this.minY = layout.minY
    this.inverseCell = 1 / layout.cellSize
    this.columns = layout.columns
    this.rows = layout.rows
    this.reachX = layout.reachX
    this.reachY = layout.reachY
    this.bounds = layout.bounds
    this.cellStart = cellStart
    this.sortedIndex = sortedIndex
    this.sortedBoxes = sortedBoxes
  }

  /**
   * A grid over the boxes of a column (box i at 4i … 4i + 3: minX, minY, maxX, maxY), which it takes
   * and reorders in place into cell order (no second column of boxes: fresh memory is time here); or
   * null, the column left as it was, when a grid would answer slowly: boxes of very different sizes
   * (a copper pour among pads makes every query scan the pour's reach) or crowded into a few cells,
   * or coordinates that are not finite.
   */
  static build(boxes: Float64Array): BoxGrid | null {
    const n = boxes.length >> 2
    if (n === 0) return null
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
    let halfWidth = 0, halfHeight = 0
    for (let q = 0; q < 4 * n; q += 4) {
      const x0 = boxes[q]!, y0 = boxes[q + 1]!, x1 = boxes[q + 2]!, y1 = boxes[q + 3]!
      if (x0 < minX) minX = x0
      if (y0 < minY) minY = y0
      if (x1 > maxX) maxX = x1
      if (y1 > maxY) maxY = y1
      if (x1 - x0 > halfWidth) halfWidth = x1 - x0
      if (y1 - y0 > halfHeight) halfHeight = y1 - y0
    }
    halfWidth /= 2
    halfHeight /= 2
    if (!Number.isFinite(minX + minY + maxX + maxY)) return null
    const width = maxX - minX, height = maxY - minY
    // cells of the mean spacing, no smaller than the largest box (a query then spans a few cells)
    // and no more cells than about three per box (span / n bounds a thin strip's cell count)
    const cellSize = Math.max(Math.sqrt((width * height) / n), Math.max(width, height) / n, 2 * halfWidth, 2 * halfHeight, 1)
    const columns = Math.floor(width / cellSize) + 1
    const rows = Math.floor(height / cellSize) + 1
    const inverseCell = 1 / cellSize
    const cellOf = (i: number) => {
      const q = 4 * i
      const column = clamp(Math.floor(((boxes[q]! + boxes[q + 2]!) / 2 - minX) * inverseCell), columns)
      const row = clamp(Math.floor(((boxes[q + 1]! + boxes[q + 3]!) / 2 - minY) * inverseCell), rows)
      return row * columns + column
    }
    // boxes per cell, then (prefix sums) where each cell's run ends; the boxes are placed from the
    // last down, so each cell's run fills from its end and its boxes stay in id order, and the ends
    // become the starts: no per-box cell array and no copy of the starts
    const cellStart = new Int32Array(columns * rows + 1)
    for (let i = 0; i < n; i++) cellStart[cellOf(i)]!++
    // Σ (boxes per cell)²: the work of scanning each box's own cell, n for an even spread
    let crowding = 0
    for (let c = 0; c < cellStart.length; c++) crowding += cellStart[c]! * cellStart[c]!
    if (crowding > 16 * n) return null
    for (let c = 1; c < cellStart.length - 1; c++) cellStart[c]! += cellStart[c - 1]!
    cellStart[cellStart.length - 1] = n
    const sortedIndex = new Int32Array(n)
    for (let i = n - 1; i >= 0; i--) sortedIndex[--cellStart[cellOf(i)]!] = i
    intoCellOrder(boxes, sortedIndex)
    // centres and reaches are rounded sums: one nm (and a relative ulp-scale margin for huge
    // coordinates) keeps every box whose edge meets the query inside the visited cells
    const roundingMargin = 1 + Math.max(Math.abs(minX), Math.abs(minY), Math.abs(maxX), Math.abs(maxY)) * 2 ** -40
    return new BoxGrid(
      { minX, minY, cellSize, columns, rows, reachX: halfWidth + roundingMargin, reachY: halfHeight + roundingMargin, bounds: [minX, minY, maxX, maxY] },
      cellStart, sortedIndex, boxes,
    )
  }

  /**
   * Ids of boxes meeting [minX, maxX] × [minY, maxY], written in cell order from out[0] on (past
   * the count the array keeps whatever it held: the caller cuts it). Returns how many.
   */
  collect(minX: number, minY: number, maxX: number, maxY: number, out: number[]): number {
    const bounds = this.bounds
    if (maxX < bounds[0] || maxY < bounds[1] || minX > bounds[2] || minY > bounds[3]) return 0
    const columns = this.columns, rows = this.rows, inverseCell = this.inverseCell
    const firstColumn = clamp(Math.floor((minX - this.reachX - this.minX) * inverseCell), columns)
    const lastColumn = clamp(Math.floor((maxX + this.reachX - this.minX) * inverseCell), columns)
    const firstRow = clamp(Math.floor((minY - this.reachY - this.minY) * inverseCell), rows)
    const lastRow = clamp(Math.floor((maxY + this.reachY - this.minY) * inverseCell), rows)
    const { cellStart, sortedBoxes, sortedIndex } = this
    let count = 0
    for (let row = firstRow; row <= lastRow; row++) {
      // the cells of one row are consecutive in the sorted order
      const end = cellStart[row * columns + lastColumn + 1]!
      for (let k = cellStart[row * columns + firstColumn]!; k < end; k++) {
        const p = k << 2
        if (maxX < sortedBoxes[p]! || maxY < sortedBoxes[p + 1]! || minX > sortedBoxes[p + 2]! || minY > sortedBoxes[p + 3]!) continue
        out[count++] = sortedIndex[k]!
      }
    }
    return count
  }

  /** The boxes back in id order (4 numbers each), for building another index over them. */
  boxesInIdOrder(): Float64Array {
    const { sortedBoxes, sortedIndex } = this
    const boxes = new Float64Array(sortedBoxes.length)
    for (let k = 0, q = 0; k < sortedIndex.length; k++, q += 4) {
      const p = 4 * sortedIndex[k]!
      boxes[p] = sortedBoxes[q]!
      boxes[p + 1] = sortedBoxes[q + 1]!
      boxes[p + 2] = sortedBoxes[q + 2]!
      boxes[p + 3] = sortedBoxes[q + 3]!
    }
    return boxes
  }
}

/**
 * Reorder a column of boxes in place so position k holds box sortedIndex[k], cycle by cycle (each
 * position takes the box of the id that belongs there, whose own position is the cycle's next).
 * A placed position is marked by complementing its entry (ids are ≥ 0), and unmarked at the end.
 * Pads are mostly listed row by row, as the cells are, so most cycles are short and near.
 */
function intoCellOrder(boxes: Float64Array, sortedIndex: Int32Array): void {
  for (let start = 0; start < sortedIndex.length; start++) {
    if (sortedIndex[start]! < 0 || sortedIndex[start] === start) continue
    const s = 4 * start
    const x0 = boxes[s]!, y0 = boxes[s + 1]!, x1 = boxes[s + 2]!, y1 = boxes[s + 3]!
    for (let at = start; ;) {
      const from = sortedIndex[at]!
      sortedIndex[at] = ~from
      const q = 4 * at
      if (from === start) {
        boxes[q] = x0; boxes[q + 1] = y0; boxes[q + 2] = x1; boxes[q + 3] = y1
        break
      }
      const f = 4 * from
      boxes[q] = boxes[f]!; boxes[q + 1] = boxes[f + 1]!; boxes[q + 2] = boxes[f + 2]!; boxes[q + 3] = boxes[f + 3]!
      at = from
    }
  }
  for (let k = 0; k < sortedIndex.length; k++) if (sortedIndex[k]! < 0) sortedIndex[k] = ~sortedIndex[k]!
}

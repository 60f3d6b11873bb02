// One index per role and side, built once per run; rules ask it for ids, never loop over all pairs.
// Box queries go to a uniform cell grid when the boxes suit one (pads, openings, deposits: a million
// of about one size, ~3 M queries at substrate scale), else to a static R-tree (flatbush), which
// also answers nearest-neighbour queries (built from the grid's boxes on the first such query).

import Flatbush from 'flatbush'
import { listBoxInto, type FeatureList } from '../layers/packed-feature.ts'
import type { Box } from '../geometry/types.ts'
import { BoxGrid } from './box-grid.ts'

export class FeatureIndex {
  /** Null when the boxes do not suit a grid (the tree answers box queries then). */
  private grid: BoxGrid | null = null
  /** Built with the index when there is no grid, else on the first nearest query. */
  private tree: Flatbush | null = null
  private nodeSize = 16
  /** `collect`'s traversal stack of the tree, made on its first use. */
  private stack: Int32Array | undefined

  /** Index `features` by their boxes; ids returned are positions in this list. */
  constructor(features: FeatureList) {
    this.build(boxColumn(features.length, (i, box) => listBoxInto(features, i, box)))
  }

  /** An index over boxes alone (derived shapes that are not features). */
  static ofBoxes(boxes: readonly Box[]): FeatureIndex {
    return FeatureIndex.ofBoxesBy(boxes.length, (i, box) => {
      const b = boxes[i]!
      box[0] = b[0]; box[1] = b[1]; box[2] = b[2]; box[3] = b[3]
    })
  }

  /**
   * An index over `count` boxes that `boxAt` writes into the one scratch box it is given: no box
   * array for a million derived shapes. It answers every query as `ofBoxes` of those boxes does
   * (same ids in the same order); `nodeSize` is the R-tree's, when one is built.
   */
  static ofBoxesBy(count: number, boxAt: (i: number, box: Box) => void, nodeSize = 16): FeatureIndex {
    return FeatureIndex.ofBoxColumn(boxColumn(count, boxAt), nodeSize)
  }

  /**
   * An index over a column of boxes (box i at 4i … 4i + 3), which it takes: the grid reorders it in
   * place, so the caller must not read it again. For a caller that has made the boxes anyway.
   */
  static ofBoxColumn(boxes: Float64Array, nodeSize = 16): FeatureIndex {
    const index = new FeatureIndex([])
    index.nodeSize = nodeSize
    index.build(boxes)
    return index
  }

  private build(boxes: Float64Array): void {
    this.grid = BoxGrid.build(boxes)
    this.tree = this.grid ? null : buildTree(boxes, this.nodeSize)
  }

  /** The tree, built from the grid's boxes on the first nearest query of a grid index. */
  private treeOrBuild(): Flatbush | null {
    if (!this.tree && this.grid) this.tree = buildTree(this.grid.boxesInIdOrder(), this.nodeSize)
    return this.tree
  }

  /**
   * Positions of features whose boxes meet `box` grown by `margin` nm. The order is the index's:
   * the same for the same input, but not sorted — callers that need file order sort.
   */
  query(box: Box, margin = 0): number[] {
    const out: number[] = []
    this.collect(box, margin, out)
    return out
  }

  /**
   * The ids `query` finds, into the caller's array (emptied first), in an order of their own: for
   * hot loops that ask once per feature and sort or tie-break themselves. One array reused over a
   * million queries instead of one each. Returns how many ids.
   */
  collect(box: Box, margin: number, out: number[]): number {
    const minX = box[0] - margin
    const minY = box[1] - margin
    const maxX = box[2] + margin
    const maxY = box[3] + margin
    const grid = this.grid
    const count = grid ? grid.collect(minX, minY, maxX, maxY, out) : this.collectFromTree(minX, minY, maxX, maxY, out)
    // overwritten in place, then cut: `out.length = 0` first would drop the array's storage and
    // make every query allocate anew (most queries find one id, the length the array already has)
    if (out.length !== count) out.length = count
    return count
  }

  /** A hand-walk of flatbush's packed tree (no arrays per query), writing ids from out[0] on. */
  private collectFromTree(minX: number, minY: number, maxX: number, maxY: number, out: number[]): number {
    const tree = this.tree
    if (!tree) return 0
    // flatbush's packed layout (its serialised format): leaf boxes first, then each level's nodes;
    // a node's index entry is the position of its first child's box
    const boxes = tree._boxes
    const indices = tree._indices
    const levelBounds = tree._levelBounds
    const nodeSize = tree.nodeSize
    const leafEnd = tree.numItems * 4
    const stack = (this.stack ??= new Int32Array(2 * nodeSize * levelBounds.length + 2))
    let count = 0
    let top = 0
    stack[top++] = boxes.length - 4
    stack[top++] = levelBounds.length - 1
    while (top > 0) {
      const level = stack[--top]!
      const nodeIndex = stack[--top]!
      const end = Math.min(nodeIndex + nodeSize * 4, levelBounds[level]!)
      for (let pos = nodeIndex; pos < end; pos += 4) {
        if (maxX < boxes[pos]! || maxY < boxes[pos + 1]! || minX > boxes[pos + 2]! || minY > boxes[pos + 3]!) continue
        const index = indices[pos >> 2]!
        if (nodeIndex < leafEnd) out[count++] = index
        else {
          stack[top++] = index
          stack[top++] = level - 1
        }
      }
    }
    return count
  }

  /** Up to `max` nearest features by box distance from (x, y), within `maxDistance` nm, nearest first. */
  nearest(x: number, y: number, max: number, maxDistance = Infinity, filter?: (id: number) => boolean): number[] {
    const tree = this.treeOrBuild()
    if (!tree) return []
    return tree.neighbors(x, y, max, maxDistance, filter)
  }
}

/** The boxes `boxAt` writes, each asked once, as a column (box i at 4i … 4i + 3). */
function boxColumn(count: number, boxAt: (i: number, box: Box) => void): Float64Array {
  const boxes = new Float64Array(4 * count)
  const box: Box = [0, 0, 0, 0]
  for (let i = 0, q = 0; i < count; i++, q += 4) {
    boxAt(i, box)
    boxes[q] = box[0]; boxes[q + 1] = box[1]; boxes[q + 2] = box[2]; boxes[q + 3] = box[3]
  }
  return boxes
}

function buildTree(boxes: Float64Array, nodeSize: number): Flatbush | null {
  const count = boxes.length >> 2
  if (count === 0) return null
  const tree = new Flatbush(count, nodeSize)
  for (let q = 0; q < boxes.length; q += 4) tree.add(boxes[q]!, boxes[q + 1]!, boxes[q + 2]!, boxes[q + 3]!)
  tree.finish()
  return tree
}

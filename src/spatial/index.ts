// One static R-tree (flatbush) per role and side, built once per run; rules ask it for ids, never loop over all pairs.

import Flatbush from 'flatbush'
import type { Box, Feature } from '../layers/model.ts'

export class FeatureIndex {
  private tree: Flatbush | null
  /** `collect`'s traversal stack, made on its first use. */
  private stack: Int32Array | undefined

  /** Index `features` by their boxes; ids returned are positions in this array. */
  constructor(features: readonly Feature[]) {
    this.tree = FeatureIndex.build(features.length, (i) => features[i]!.bbox)
  }

  /** An index over boxes alone (derived shapes that are not features). */
  static ofBoxes(boxes: readonly Box[]): FeatureIndex {
    const index = new FeatureIndex([])
    index.tree = FeatureIndex.build(boxes.length, (i) => boxes[i]!)
    return index
  }

  /**
   * An index over `count` boxes that `boxAt` writes into the one scratch box it is given: no box
   * array for a million derived shapes. With the default `nodeSize` it is the same tree as `ofBoxes`
   * of those boxes (same ids in the same order); another node size finds the same ids in another order.
   */
  static ofBoxesBy(count: number, boxAt: (i: number, box: Box) => void, nodeSize = 16): FeatureIndex {
    const index = new FeatureIndex([])
    const box: Box = [0, 0, 0, 0]
    index.tree = FeatureIndex.build(count, (i) => {
      boxAt(i, box)
      return box
    }, nodeSize)
    return index
  }

  private static build(count: number, boxAt: (i: number) => Box, nodeSize = 16): Flatbush | null {
    if (count === 0) return null
    const tree = new Flatbush(count, nodeSize)
    for (let i = 0; i < count; i++) {
      const b = boxAt(i)
      tree.add(b[0], b[1], b[2], b[3])
    }
    tree.finish()
    return tree
  }

  /**
   * Positions of features whose boxes meet `box` grown by `margin` nm. The order is the tree's:
   * the same for the same input, but not sorted — callers that need file order sort.
   */
  query(box: Box, margin = 0): number[] {
    if (!this.tree) return []
    return this.tree.search(box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)
  }

  /**
   * The ids `query` finds, into the caller's array (emptied first), in an order of their own: for
   * hot loops that ask once per feature and sort or tie-break themselves. One array and one stack
   * reused over a million queries instead of three arrays each. Returns how many ids.
   */
  collect(box: Box, margin: number, out: number[]): number {
    out.length = 0
    const tree = this.tree
    if (!tree) return 0
    const minX = box[0] - margin
    const minY = box[1] - margin
    const maxX = box[2] + margin
    const maxY = box[3] + margin
    // flatbush's packed layout (its serialised format): leaf boxes first, then each level's nodes;
    // a node's index entry is the position of its first child's box
    const boxes = tree._boxes
    const indices = tree._indices
    const levelBounds = tree._levelBounds
    const nodeSize = tree.nodeSize
    const leafEnd = tree.numItems * 4
    const stack = (this.stack ??= new Int32Array(2 * nodeSize * levelBounds.length + 2))
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
        if (nodeIndex < leafEnd) out.push(index)
        else {
          stack[top++] = index
          stack[top++] = level - 1
        }
      }
    }
    return out.length
  }

  /** Up to `max` nearest features by box distance from (x, y), within `maxDistance` nm, nearest first. */
  nearest(x: number, y: number, max: number, maxDistance = Infinity, filter?: (id: number) => boolean): number[] {
    if (!this.tree) return []
    return this.tree.neighbors(x, y, max, maxDistance, filter)
  }
}

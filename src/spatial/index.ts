// One static R-tree (flatbush) per role and side, built once per run; rules ask it for ids, never loop over all pairs.

import Flatbush from 'flatbush'
import type { Box, Feature } from '../layers/model.ts'

export class FeatureIndex {
  private tree: Flatbush | null

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

  private static build(count: number, boxAt: (i: number) => Box): Flatbush | null {
    if (count === 0) return null
    const tree = new Flatbush(count)
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

  /** Up to `max` nearest features by box distance from (x, y), within `maxDistance` nm, nearest first. */
  nearest(x: number, y: number, max: number, maxDistance = Infinity, filter?: (id: number) => boolean): number[] {
    if (!this.tree) return []
    return this.tree.neighbors(x, y, max, maxDistance, filter)
  }
}

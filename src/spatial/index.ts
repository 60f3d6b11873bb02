// One static R-tree (flatbush) per role and side, built once per run; rules ask it for ids, never loop over all pairs.

import Flatbush from 'flatbush'
import type { Box, Feature } from '../layers/model.ts'

export class FeatureIndex {
  private readonly tree: Flatbush | null

  /** Index `features` by their boxes; ids returned are positions in this array. */
  constructor(readonly features: readonly Feature[]) {
    if (features.length === 0) {
      this.tree = null
      return
    }
    const tree = new Flatbush(features.length)
    for (const f of features) tree.add(f.bbox[0], f.bbox[1], f.bbox[2], f.bbox[3])
    tree.finish()
    this.tree = tree
  }

  /** Positions of features whose boxes meet `box` grown by `margin` nm, ascending. */
  query(box: Box, margin = 0): number[] {
    if (!this.tree) return []
    const ids = this.tree.search(box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)
    return ids.sort((a, b) => a - b)
  }

  /** Up to `max` nearest features by box distance from (x, y), within `maxDistance` nm, nearest first. */
  nearest(x: number, y: number, max: number, maxDistance = Infinity, filter?: (id: number) => boolean): number[] {
    if (!this.tree) return []
    return this.tree.neighbors(x, y, max, maxDistance, filter)
  }
}

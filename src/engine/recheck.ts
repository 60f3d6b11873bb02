// What a re-check takes over from the last check made with the same tile cache (the server's live
// re-check, src/server/check-child.ts): each layer read again is compared with the same file's layer
// of the last check (src/engine/layer-diff.ts), and the tile plan and the tile keys' sums carry
// over, changed only where the edit changed them. The report is a fresh check's, byte for byte.

import type { PackedLayer } from '../layers/pack.ts'
import { diffLayer } from './layer-diff.ts'
import { carryFeatureSums } from './tile-key.ts'
import { planHolds, planTiles, type LayerEdit, type TilePlan } from './tiles.ts'
import { WHOLE_BOARD, type Tile } from './tile.ts'

/** A check's layers by file, and its plan (none for an uncut run). */
interface LastCheck {
  layers: ReadonlyMap<string, PackedLayer>
  plan: TilePlan | undefined
}

/**
 * The last check made with each tile cache a caller keeps (by the cache object, so it goes with the
 * cache): one board's layers, which a server's parse cache mostly holds anyway.
 */
const lastChecks = new WeakMap<object, LastCheck>()

export interface Derived {
  tiles: readonly Tile[]
}

/**
 * The tiles to check `layers` in: `count` wanted (one, the whole board, unless more), cut with this
 * halo and grid tolerance (src/engine/tiles.ts). With `memo` (the caller's tile cache), the last
 * check's plan where the edits since it keep it valid, and its tile keys' sums carried over.
 */
export function deriveTiles(memo: object | undefined, layers: readonly PackedLayer[], count: number, halo: number, gridTolerance: number): Derived {
  const last = memo && lastChecks.get(memo)
  const edits = last ? editsSince(last, layers) : new Map<PackedLayer, LayerEdit>()
  let plan: TilePlan | undefined
  if (count > 1) {
    const kept = last?.plan
    plan = kept && planHolds(kept, layers, count, halo, gridTolerance, (layer) => edits.get(layer)) ? kept : planTiles(layers, count, halo, gridTolerance)
  }
  if (memo) lastChecks.set(memo, { layers: new Map(layers.map((layer) => [layer.meta.file, layer])), plan })
  return { tiles: plan?.tiles ?? [WHOLE_BOARD] }
}

/** Each layer against the last check's of the same file, where the change is local; the tile keys' sums carried over. */
function editsSince(last: LastCheck, layers: readonly PackedLayer[]): Map<PackedLayer, LayerEdit> {
  const edits = new Map<PackedLayer, LayerEdit>()
  for (const layer of layers) {
    const before = last.layers.get(layer.meta.file)
    const change = before && diffLayer(before, layer)
    if (!change) continue
    carryFeatureSums(before, layer, change)
    edits.set(layer, { before, change })
  }
  return edits
}

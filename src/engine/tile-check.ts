// One tile of a tiled run, in whichever thread runs it (a worker of src/engine/parallel.ts, or this
// one): view the features the tile reads (its rectangle plus the halo) from the packed layers,
// run the deck on them and keep what the tile owns (src/engine/run.ts, RunOptions.owns).

import type { Point } from '../geometry/types.ts'
import type { Layer } from '../layers/model.ts'
import type { PackedLayer } from '../layers/pack.ts'
import { layerView } from '../layers/packed-feature.ts'
import type { Deck } from './deck.ts'
import type { Rule } from './rule.ts'
import { runRules, type RunOptions, type RunResult } from './run.ts'
import { tileOwns, tileReads, type Tile } from './tile.ts'

/** What a tile's check depends on, and nothing else: its result is a function of these (src/engine/tile-key.ts). */
export interface TileInput {
  layers: PackedLayer[]
  tile: Tile
  /** The deck as the parent loaded it (plain data): a worker need not validate it again. */
  deck: Deck
  sides: ('top' | 'bottom')[]
  inputsIncomplete: boolean
}

export function checkTile(input: TileInput, rules: ReadonlyMap<string, Rule>, run: Pick<RunOptions, 'onRule' | 'signal'> = {}): RunResult {
  const { tile } = input
  // a tile without edges (an uncut board) is the whole board's run: it owns every finding, even one
  // sited where no rectangle could own it, and sees every feature
  const whole = tile.minX === -Infinity && tile.minY === -Infinity && tile.maxX === Infinity && tile.maxY === Infinity
  const layers = input.layers.map((layer) => (whole ? layerView(layer) : layerView(layer, (minX, minY, maxX, maxY) => tileReads(tile, minX, minY, maxX, maxY))))
  const wholeCount = new Map(layers.map((layer, i) => [layer, input.layers[i]!.count]))
  return runRules(layers, input.deck, rules, {
    sides: input.sides,
    inputsIncomplete: input.inputsIncomplete,
    ...(!whole && { owns: (at: Point) => tileOwns(tile, at), holdsImage: (layer: Layer) => wholeCount.get(layer)! > 0 }),
    ...run,
  })
}

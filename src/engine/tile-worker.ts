// A worker thread of the tiled run's pool (src/engine/parallel.ts), taking one task at a time:
// - read: parse input files and pack their layers into shared arrays;
// - check: rebuild one tile (plus halo) from the packed layers and run the deck's rules on it.

import { parentPort } from 'node:worker_threads'
import type { LoadOptions } from '../ingest/load.ts'
import type { PackedLayer } from '../layers/pack.ts'
import type { InputEntry } from '../ingest/source.ts'
import type { Deck } from './deck.ts'
import type { Rule } from './rule.ts'
import type { Tile } from './tiles.ts'

export type WorkerTask =
  | { type: 'read'; entries: InputEntry[]; load: Pick<LoadOptions, 'mapping' | 'limits'> }
  /** The deck as the parent loaded it (plain data): a worker need not validate it again. */
  /** registry: URL of a module exporting `rules` (id → Rule); a worker cannot be sent functions. */
  | { type: 'check'; layers: PackedLayer[]; tile: Tile; deck: Deck; sides: ('top' | 'bottom')[]; inputsIncomplete: boolean; registry: string }

export type WorkerMessage =
  | { type: 'progress'; rule: string; side: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: { name: string; message: string; stack?: string; path?: string } }

const post = (message: WorkerMessage) => parentPort!.postMessage(message)

// each task loads only the modules it needs: a reader worker never loads the rules, and vice versa
async function perform(task: WorkerTask): Promise<unknown> {
  if (task.type === 'read') {
    const { loadEntriesPacked } = await import('../ingest/load.ts')
    return loadEntriesPacked(task.entries, task.load)
  }
  const { unpackLayer } = await import('../layers/pack.ts')
  const [{ rules }, { runRules }, { tileOwns, tileReads }] = await Promise.all([import(task.registry) as Promise<{ rules: ReadonlyMap<string, Rule> }>, import('./run.ts'), import('./tiles.ts')])
  const { tile, deck } = task
  const layers = task.layers.map((layer) => unpackLayer(layer, (minX, minY, maxX, maxY) => tileReads(tile, minX, minY, maxX, maxY)))
  return runRules(layers, deck, rules, {
    sides: task.sides,
    inputsIncomplete: task.inputsIncomplete,
    owns: (at) => tileOwns(tile, at),
    onRule: (rule, side) => post({ type: 'progress', rule, side }),
  })
}

parentPort!.on('message', async (task: WorkerTask) => {
  try {
    post({ type: 'done', result: await perform(task) })
  } catch (error) {
    const e = error as Error & { path?: string }
    post({ type: 'failed', error: { name: e.name, message: e.message, ...(e.stack && { stack: e.stack }), ...(e.path !== undefined && { path: e.path }) } })
  }
})

// A worker thread of the tiled run's pool (src/engine/parallel.ts), taking one task at a time:
// - read: parse input files and pack their layers into shared arrays;
// - check: one tile (src/engine/tile-check.ts).

import { parentPort } from 'node:worker_threads'
import type { LoadOptions } from '../ingest/load.ts'
import type { InputEntry } from '../ingest/source.ts'
import type { Rule } from './rule.ts'
import type { TileInput } from './tile-check.ts'

export type WorkerTask =
  | { type: 'read'; entries: InputEntry[]; load: Pick<LoadOptions, 'mapping' | 'limits'> }
  /** registry: URL of a module exporting `rules` (id → Rule); a worker cannot be sent functions. */
  | ({ type: 'check'; registry: string } & TileInput)

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
  const [{ rules }, { checkTile }] = await Promise.all([import(task.registry) as Promise<{ rules: ReadonlyMap<string, Rule> }>, import('./tile-check.ts')])
  return checkTile(task, rules, { onRule: (rule, side) => post({ type: 'progress', rule, side }) })
}

parentPort!.on('message', async (task: WorkerTask) => {
  try {
    post({ type: 'done', result: await perform(task) })
  } catch (error) {
    const e = error as Error & { path?: string }
    post({ type: 'failed', error: { name: e.name, message: e.message, ...(e.stack && { stack: e.stack }), ...(e.path !== undefined && { path: e.path }) } })
  }
})

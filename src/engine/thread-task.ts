// A task of a parallel run (src/engine/parallel.ts), as any thread performs it, a worker or the
// thread that started the run: read input files into packed layers, or check one tile.

import type { LoadOptions } from '../ingest/load.ts'
import type { InputEntry } from '../ingest/source.ts'
import type { Rule } from './rule.ts'
import type { RunOptions } from './run.ts'
import type { TileInput } from './tile-check.ts'

export type ThreadTask =
  | { type: 'read'; entries: InputEntry[]; load: Pick<LoadOptions, 'mapping' | 'limits'> }
  /** registry: URL of a module exporting `rules` (id → Rule); a worker cannot be sent functions. */
  | ({ type: 'check'; registry: string } & TileInput)

// each task loads only the modules it needs: a thread that only reads never loads the rules, and vice versa
export async function performTask(task: ThreadTask, run: Pick<RunOptions, 'onRule' | 'signal'> = {}): Promise<unknown> {
  if (task.type === 'read') {
    const { loadEntriesPacked } = await import('../ingest/load.ts')
    return loadEntriesPacked(task.entries, task.load)
  }
  const [{ rules }, { checkTile }] = await checkModules(task.registry)
  return checkTile(task, rules, run)
}

/**
 * The indices of a batch's tasks this thread claims, one at a time, from the counter every thread of
 * the batch shares (one Int32 in shared memory): a thread that finishes early takes the next task at
 * once. A failed batch sets the counter past its end, so no thread claims another of its tasks.
 */
export function* claims(next: Int32Array, count: number): Generator<number> {
  for (let index = Atomics.add(next, 0, 1); index < count; index = Atomics.add(next, 0, 1)) yield index
}

/**
 * The modules a check task needs. A worker that has read its share of the files loads them while the
 * starting thread plans the tiles, so its first tile does not wait for them.
 */
export function checkModules(registry: string) {
  return Promise.all([import(registry) as Promise<{ rules: ReadonlyMap<string, Rule> }>, import('./tile-check.ts')])
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { check } from '../../src/check.ts'
import { WorkerPool } from '../../src/engine/parallel.ts'
import { loadEntriesPacked, type LoadedPacked } from '../../src/ingest/load.ts'
import { expandInputs } from '../../src/ingest/source.ts'

const BOARD = 'fixtures/kicad-bga-dev/gerber'
const REGISTRY = pathToFileURL(join(process.cwd(), 'src/rules/index.ts')).href
const scratch = mkdtempSync(join(tmpdir(), 'bumpcheck-parallel-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A layer as counts and metadata: what a read gives, whichever thread read it. */
const summary = (loaded: LoadedPacked) => loaded.layers.map((l) => ({ file: l.meta.file, role: l.meta.role, count: l.count }))

describe('WorkerPool: this thread and size − 1 workers claim the tasks of a batch from one counter', () => {
  it('performs every task, and gives the results in the tasks\' order, as one thread reads them', async () => {
    const { entries } = await expandInputs([BOARD])
    expect(entries.length).toBeGreaterThan(3)
    const alone = await Promise.all(entries.map((entry) => loadEntriesPacked([entry])))
    for (const size of [1, 2, 3]) {
      const pool = new WorkerPool(size, REGISTRY)
      try {
        const read = await pool.runAll<LoadedPacked>(entries.map((entry) => ({ type: 'read', entries: [entry], load: {} })))
        expect(read.map(summary), `${size} threads`).toEqual(alone.map(summary))
      } finally {
        await pool.close()
      }
    }
  }, 60_000)

  it('fails the batch, not hangs, when a worker thread dies holding a task', async () => {
    // a registry whose rule ends a worker thread (process.exit in a worker ends that thread) and keeps
    // this thread busy long enough for the worker to claim a tile of its own
    const registry = join(scratch, 'dying-registry.mts')
    writeFileSync(registry, `import { isMainThread } from 'node:worker_threads'
import { rules as builtin } from '${REGISTRY}'
export const rules = new Map([...builtin].map(([id, r]) => [id, id !== 'via-pitch' ? r : { ...r, check(...args) {
  if (!isMainThread) process.exit(7)
  for (const until = Date.now() + 2500; Date.now() < until;);
  return r.check(...args)
} }]))
`)
    let tiles = 0
    const run = check([BOARD], { deck: 'pcb-bga', registry: pathToFileURL(registry).href, workers: 2, tiles: 2, onTiles: (n) => { tiles = n } })
    await expect(run).rejects.toThrow('worker thread exited with code 7 before it finished')
    expect(tiles).toBe(2)
  }, 60_000)
})

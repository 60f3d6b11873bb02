// The tiled run over threads: the files are read side by side into packed layers in shared memory,
// the board is cut into tiles where no array or component straddles a cut (src/engine/tiles.ts), and
// each tile is checked by one of the threads. Findings are merged and sorted as one run sorts them,
// so the report is byte-identical to the single-threaded one.

import { stat } from 'node:fs/promises'
import { Worker } from 'node:worker_threads'
import { ConfigError } from '../errors.ts'
import type { InputEntry } from '../ingest/source.ts'
import type { LoadedPacked, LoadOptions } from '../ingest/load.ts'
import type { PackedLayer } from '../layers/pack.ts'
import type { Deck } from './deck.ts'
import type { Finding, OutOfScopeInfo, PadSelectionInfo } from './report.ts'
import { byText } from '../order.ts'
import { compareFindings, mergeNotRun, type BumpPadSummary, type RunResult } from './run.ts'
import type { Tile } from './tile.ts'
import type { TileInput } from './tile-check.ts'
import { tileKeys } from './tile-key.ts'
import { claims, performTask, type ThreadTask } from './thread-task.ts'

// From the sources this is the shim that registers tsx before loading tile-worker.ts; from the
// compiled package (dist/engine/) it is tile-worker.ts compiled, with no loader to pay for.
const WORKER_URL = new URL('./tile-worker.js', import.meta.url)

/** A batch as a worker is sent it: every task, and the counter each thread claims the next one from. */
export interface Batch {
  id: number
  tasks: readonly ThreadTask[]
  /** One Int32 in shared memory: the index of the next task nobody has claimed (thread-task.ts, claims). */
  next: Int32Array
}

/** What a pool tells its workers when it starts them. */
export interface WorkerData {
  /** URL of the rule registry the run's check tasks will name. */
  registry: string
}

export type WorkerMessage =
  | { type: 'progress'; batch: number; rule: string; side: string }
  | { type: 'done'; batch: number; index: number; result: unknown }
  | { type: 'failed'; batch: number; error: { name: string; message: string; stack?: string; path?: string } }

/** The batch being worked through, as the starting thread follows it. */
interface Running {
  batch: Batch
  results: unknown[]
  left: number
  settled: boolean
  resolve: (results: unknown[]) => void
  reject: (error: unknown) => void
  onRule: ((rule: string, side: string) => void) | undefined
}

/**
 * `size` threads working through batches of tasks together: this thread and size − 1 worker threads,
 * started with the pool so they load their modules while this one lists the inputs. Every thread is
 * sent the whole batch and claims task after task from one shared counter, so a thread that finishes
 * early takes the next task at once: no thread waits on a dispatcher, and this one (busy with its own
 * task) never holds a worker up. This thread works too: a worker fewer to start, load and feed (each
 * costs ~0.25 s of CPU and its own heap), and its tasks' results need no copy back.
 */
export class WorkerPool {
  private readonly workers: Worker[] = []
  private running: Running | undefined
  private batches = 0
  private failure: unknown

  /** `registry`: the URL of the rule registry the check tasks will name (workers load it ahead). */
  constructor(size: number, private readonly registry: string, private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', this.abort, { once: true })
    for (let i = 1; i < size; i++) this.workers.push(this.spawn())
  }

  /** Every task, performed by the pool's threads; the results in the tasks' order. The first failure rejects the batch. */
  runAll<T>(tasks: readonly ThreadTask[], onRule?: (rule: string, side: string) => void): Promise<T[]> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    if (tasks.length === 0) return Promise.resolve([])
    const batch: Batch = { id: ++this.batches, tasks, next: new Int32Array(new SharedArrayBuffer(4)) }
    return new Promise<unknown[]>((resolve, reject) => {
      this.running = { batch, results: new Array<unknown>(tasks.length), left: tasks.length, settled: false, resolve, reject, onRule }
      for (const worker of this.workers) worker.postMessage(batch)
      void this.workHere(this.running)
    }) as Promise<T[]>
  }

  async close(): Promise<void> {
    this.signal?.removeEventListener('abort', this.abort)
    await Promise.all(this.workers.map((w) => w.terminate()))
  }

  /** This thread's share of a batch: claim, perform, until the batch is done or failed. */
  private async workHere(running: Running): Promise<void> {
    const { tasks, next } = running.batch
    for (const index of claims(next, tasks.length)) {
      try {
        this.settle(running, index, await performTask(tasks[index]!, { onRule: running.onRule, ...(this.signal && { signal: this.signal }) }))
      } catch (error) {
        return this.failBatch(running, error)
      }
    }
  }

  private settle(running: Running, index: number, result: unknown): void {
    if (running.settled) return
    running.results[index] = result
    if (--running.left === 0) {
      running.settled = true
      running.resolve(running.results)
    }
  }

  /** A failed task: no thread claims another of its batch, and the batch rejects with the failure. */
  private failBatch(running: Running, error: unknown): void {
    if (running.settled) return
    running.settled = true
    Atomics.store(running.batch.next, 0, running.batch.tasks.length)
    running.reject(error)
  }

  private readonly abort = () => this.fail(this.signal!.reason ?? Object.assign(new Error('check cancelled'), { name: 'AbortError' }))

  /** A cancelled check or a thread that died: the batch fails with it, and so does every later one. */
  private fail(error: unknown): void {
    if (this.failure !== undefined) return
    this.failure = error
    if (this.running) this.failBatch(this.running, error)
    void this.close()
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_URL, { workerData: { registry: this.registry } satisfies WorkerData })
    worker.on('message', (message: WorkerMessage) => {
      const running = this.running
      if (!running || message.batch !== running.batch.id) return
      if (message.type === 'progress') running.onRule?.(message.rule, message.side)
      else if (message.type === 'done') this.settle(running, message.index, message.result)
      else this.failBatch(running, revive(message.error))
    })
    worker.on('error', (error) => this.fail(error))
    worker.on('exit', (code) => {
      if (this.running && !this.running.settled) this.fail(new Error(`worker thread exited with code ${code} before it finished`))
    })
    return worker
  }
}

/** A worker's error, as the same kind of error the single-threaded run throws. */
function revive(error: { name: string; message: string; stack?: string; path?: string }): Error {
  const revived = error.name === 'ConfigError' ? new ConfigError(error.message, error.path) : Object.assign(new Error(error.message), { name: error.name })
  if (error.stack) revived.stack = error.stack
  return revived
}

/** Read the inputs, one task per file or job, biggest first so the threads finish together. */
export async function readInParallel(pool: WorkerPool, entries: readonly InputEntry[], load: Pick<LoadOptions, 'mapping' | 'limits'>): Promise<LoadedPacked[]> {
  const sizes = await Promise.all(entries.map((e) => stat(e.path).then((s) => (s.isFile() ? s.size : Infinity), () => 0)))
  const order = entries.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b)
  return pool.runAll<LoadedPacked>(order.map((i) => ({ type: 'read', entries: [entries[i]!], load })))
}

/** Checks tiles: by a pool's threads (workerTiles), or one after another in this thread (src/check.ts). */
export type TileRunner = (inputs: readonly TileInput[]) => Promise<RunResult[]>

/** A pool's threads as a TileRunner; `registry` is the URL of the module exporting the rules (`rules`) each thread imports. */
export function workerTiles(pool: WorkerPool, registry: string, onRule?: (rule: string, side: string) => void): TileRunner {
  return (inputs) => pool.runAll<RunResult>(inputs.map((input) => ({ type: 'check', registry, ...input })), onRule)
}

/** Tile results by content key (src/engine/tile-key.ts), kept by a long-lived caller between checks. */
export interface TileCache {
  get(key: string): RunResult | undefined
  set(key: string, result: RunResult): void
}

export interface TiledOptions {
  deck: Deck
  sides: ('top' | 'bottom')[]
  inputsIncomplete: boolean
  /** With a cache, a tile whose content key is there is not checked again (the live re-check). */
  cache?: TileCache
}

/** Check every tile and merge their findings and notes into one run's result. */
export async function checkTiles(run: TileRunner, layers: PackedLayer[], tiles: readonly Tile[], options: TiledOptions): Promise<RunResult> {
  const { cache } = options
  const inputs = tiles.map((tile): TileInput => ({ layers, tile, deck: options.deck, sides: options.sides, inputsIncomplete: options.inputsIncomplete }))
  const keys = cache ? tileKeys(inputs) : inputs.map(() => undefined)
  const results = keys.map((key) => (key === undefined ? undefined : cache!.get(key)))
  const unchecked = inputs.flatMap((_, i) => (results[i] ? [] : [i]))
  const checked = await run(unchecked.map((i) => inputs[i]!))
  unchecked.forEach((i, k) => {
    results[i] = checked[k]!
    if (keys[i] !== undefined) cache!.set(keys[i], checked[k]!)
  })
  const done = results as RunResult[]
  const findings: Finding[] = done.flatMap((r) => r.findings).sort(compareFindings)
  return { findings, notes: done[0]!.notes, notRun: mergeNotRun(done), bumpPads: mergeBumpPads(done.map((r) => r.bumpPads)), nothingToJudge: [] }
}

/** Tiles' bump-pad summaries as one: counts per side and reason add up, arrays (each in one tile) join. */
function mergeBumpPads(parts: readonly BumpPadSummary[]): BumpPadSummary {
  const selection: PadSelectionInfo[] = []
  const outOfScope: OutOfScopeInfo[] = []
  for (const part of parts) {
    for (const s of part.selection) {
      const same = selection.find((x) => x.side === s.side)
      if (!same) { selection.push({ ...s, leftOut: { ...s.leftOut } }); continue }
      same.bumpPads += s.bumpPads
      for (const [reason, n] of Object.entries(s.leftOut)) same.leftOut[reason] = (same.leftOut[reason] ?? 0) + n
    }
    for (const o of part.outOfScope) {
      const same = outOfScope.find((x) => x.side === o.side)
      if (same) { same.deposits += o.deposits; same.offBoard += o.offBoard }
      else outOfScope.push({ ...o })
    }
  }
  for (const s of selection) s.leftOut = Object.fromEntries(Object.entries(s.leftOut).sort((a, b) => byText(a[0], b[0])))
  const arrays = parts.flatMap((p) => p.arrays).sort((a, b) => byText(a.side, b.side) || byText(a.name, b.name))
  return { arrays, selection, outOfScope }
}


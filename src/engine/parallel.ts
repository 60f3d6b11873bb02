// The tiled run over worker threads: workers read the files (each its share) into packed layers in
// shared memory, the board is cut into tiles where no array or component straddles a cut
// (src/engine/tiles.ts), and each tile is checked in its own worker. Findings are merged and sorted
// as one run sorts them, so the report is byte-identical to the single-threaded one.

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
import type { Tile } from './tiles.ts'
import type { TileInput } from './tile-check.ts'
import { tileKey } from './tile-key.ts'
import type { WorkerMessage, WorkerTask } from './tile-worker.ts'

// From the sources this is the shim that registers tsx before loading tile-worker.ts; from the
// compiled package (dist/engine/) it is tile-worker.ts compiled, with no loader to pay for.
const WORKER_URL = new URL('./tile-worker.js', import.meta.url)

interface Job {
  task: WorkerTask
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  onProgress?: ((rule: string, side: string) => void) | undefined
}

/**
 * Up to `size` worker threads, started on demand: a thread loads its modules once (from the sources
 * the TypeScript loader makes that ~0.4 s) and takes task after task, files to read first, then tiles
 * to check. Jobs start in the order given; close() ends every thread.
 */
export class WorkerPool {
  private readonly idle: Worker[] = []
  private readonly all: Worker[] = []
  private readonly queue: Job[] = []
  private readonly running = new Map<Worker, Job>()
  private failure: unknown

  constructor(private readonly size: number, private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', this.abort, { once: true })
  }

  run<T>(task: WorkerTask, onProgress?: (rule: string, side: string) => void): Promise<T> {
    return new Promise<unknown>((resolve, reject) => {
      if (this.failure !== undefined) return reject(this.failure)
      this.queue.push({ task, resolve, reject, onProgress })
      this.pump()
    }) as Promise<T>
  }

  async close(): Promise<void> {
    this.signal?.removeEventListener('abort', this.abort)
    await Promise.all(this.all.map((w) => w.terminate()))
  }

  private readonly abort = () => this.fail(this.signal!.reason ?? Object.assign(new Error('check cancelled'), { name: 'AbortError' }))

  /** A cancelled check or a thread that died: every waiting and running job fails with it. */
  private fail(error: unknown): void {
    if (this.failure !== undefined) return
    this.failure = error
    for (const job of [...this.queue.splice(0), ...this.running.values()]) job.reject(error)
    this.running.clear()
    void this.close()
  }

  private pump(): void {
    while (this.queue.length > 0 && this.failure === undefined) {
      const worker = this.idle.pop() ?? (this.all.length < this.size ? this.spawn() : undefined)
      if (!worker) return
      const job = this.queue.shift()!
      this.running.set(worker, job)
      worker.postMessage(job.task)
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_URL)
    this.all.push(worker)
    worker.on('message', (message: WorkerMessage) => {
      const job = this.running.get(worker)
      if (!job) return
      if (message.type === 'progress') return void job.onProgress?.(message.rule, message.side)
      this.running.delete(worker)
      // a thread takes the next task whatever it did last: its modules are loaded, its code warm and
      // its heap's pages already touched (first-touching memory costs ~4.6 ms/MB here). A fresh thread
      // per tile (the earlier policy, to hand back a tile's heap) cost 1.7 s of 12.3 s at 1 M bumps on
      // 2 workers and saved 22 MB of peak RSS once features became handles (bench/RESULTS.md)
      this.idle.push(worker)
      if (message.type === 'done') job.resolve(message.result)
      else job.reject(revive(message.error))
      this.pump()
    })
    worker.on('error', (error) => this.fail(error))
    worker.on('exit', (code) => {
      if (this.running.has(worker)) this.fail(new Error(`worker thread exited with code ${code} before it finished`))
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
  return Promise.all(order.map((i) => pool.run<LoadedPacked>({ type: 'read', entries: [entries[i]!], load })))
}

/** Checks one tile: in a worker of a pool (workerTiles) or in this thread (src/engine/tile-check.ts). */
export type TileRunner = (input: TileInput) => Promise<RunResult>

/** A pool's workers as a TileRunner; `registry` is the URL of the module exporting the rules (`rules`) each worker imports. */
export function workerTiles(pool: WorkerPool, registry: string, onRule?: (rule: string, side: string) => void): TileRunner {
  return (input) => pool.run<RunResult>({ type: 'check', registry, ...input }, onRule)
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
  const results = await Promise.all(tiles.map(async (tile) => {
    const input: TileInput = { layers, tile, deck: options.deck, sides: options.sides, inputsIncomplete: options.inputsIncomplete }
    const key = cache && tileKey(input)
    const kept = key === undefined ? undefined : cache!.get(key)
    if (kept) return kept
    const result = await run(input)
    if (key !== undefined) cache!.set(key, result)
    return result
  }))
  const findings: Finding[] = results.flatMap((r) => r.findings).sort(compareFindings)
  return { findings, notes: results[0]!.notes, notRun: mergeNotRun(results), bumpPads: mergeBumpPads(results.map((r) => r.bumpPads)), nothingToJudge: [] }
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


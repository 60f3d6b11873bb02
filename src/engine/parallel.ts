// The tiled run over worker threads: workers read the files (each its share) into packed layers in
// shared memory, the board is cut into tiles where no array or component straddles a cut
// (src/engine/tiles.ts), and each tile is checked in its own worker. Findings are merged and sorted
// as one run sorts them, so the report is byte-identical to the single-threaded one.

import { stat } from 'node:fs/promises'
import { Worker } from 'node:worker_threads'
import { ConfigError } from '../errors.ts'
import type { InputEntry } from '../ingest/source.ts'
import type { LoadedLayers, LoadOptions } from '../layers/load.ts'
import type { PackedLayer } from '../layers/pack.ts'
import type { Deck } from './deck.ts'
import type { Finding } from './report.ts'
import { compareFindings, outsideArraysNote, type OutsideArrays, type RunResult } from './run.ts'
import type { Tile } from './tiles.ts'
import type { WorkerMessage, WorkerTask } from './tile-worker.ts'

const WORKER_URL = new URL('./tile-worker.js', import.meta.url)

/** Run one task in a fresh worker thread; its heap goes when it ends. */
function runTask<T>(task: WorkerTask, signal: AbortSignal | undefined, onProgress?: (rule: string, side: string) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted()
    const worker = new Worker(WORKER_URL, { workerData: task })
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', abort)
      fn()
      void worker.terminate()
    }
    const abort = () => finish(() => reject(signal!.reason ?? Object.assign(new Error('check cancelled'), { name: 'AbortError' })))
    signal?.addEventListener('abort', abort, { once: true })
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.rule, message.side)
      else if (message.type === 'done') finish(() => resolve(message.result as T))
      else finish(() => reject(revive(message.error)))
    })
    worker.on('error', (error) => finish(() => reject(error)))
    worker.on('exit', (code) => finish(() => reject(new Error(`worker thread exited with code ${code} before it finished`))))
  })
}

/** A worker's error, as the same kind of error the single-threaded run throws. */
function revive(error: { name: string; message: string; stack?: string; path?: string }): Error {
  const revived = error.name === 'ConfigError' ? new ConfigError(error.message, error.path) : Object.assign(new Error(error.message), { name: error.name })
  if (error.stack) revived.stack = error.stack
  return revived
}

/** Up to `limit` tasks at a time, results in task order. */
async function pooled<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  const lane = async () => {
    while (next < tasks.length) {
      const k = next++
      results[k] = await tasks[k]!()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane))
  return results
}

export type PackedLoad = Omit<LoadedLayers, 'layers'> & { layers: PackedLayer[] }

/** Read the inputs in `workers` threads, biggest files first to the least loaded thread. */
export async function readInParallel(entries: readonly InputEntry[], load: Pick<LoadOptions, 'mapping' | 'limits'>, workers: number, signal?: AbortSignal): Promise<PackedLoad[]> {
  const sizes = await Promise.all(entries.map((e) => stat(e.path).then((s) => (s.isFile() ? s.size : Infinity), () => 0)))
  const order = entries.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b)
  const shares: InputEntry[][] = Array.from({ length: Math.max(1, Math.min(workers, entries.length)) }, () => [])
  const loads = shares.map(() => 0)
  for (const i of order) {
    const k = loads.indexOf(Math.min(...loads))
    shares[k]!.push(entries[i]!)
    loads[k] = loads[k]! + Math.min(sizes[i]!, 1e12)
  }
  return Promise.all(shares.map((share) => runTask<PackedLoad>({ type: 'read', entries: share, load }, signal)))
}

export interface TiledOptions {
  deck: Deck
  sides: ('top' | 'bottom')[]
  inputsIncomplete: boolean
  workers: number
  signal?: AbortSignal
  onRule?: (rule: string, side: string) => void
}

/** Check every tile in a worker and merge their findings and notes into one run's result. */
export async function checkTiles(layers: PackedLayer[], tiles: readonly Tile[], options: TiledOptions): Promise<RunResult> {
  const results = await pooled(
    tiles.map((tile) => () => runTask<RunResult>({ type: 'check', layers, tile, deck: options.deck, sides: options.sides, inputsIncomplete: options.inputsIncomplete }, options.signal, options.onRule)),
    options.workers,
  )
  const findings: Finding[] = results.flatMap((r) => r.findings).sort(compareFindings)
  // every tile writes the same notes about skipped rules; the pads-outside-arrays counts add up
  const outsideArrays: OutsideArrays[] = []
  for (const result of results) {
    for (const counts of result.outsideArrays) {
      const same = outsideArrays.find((c) => c.side === counts.side)
      if (same) { same.excluded += counts.excluded; same.total += counts.total } else outsideArrays.push({ ...counts })
    }
  }
  const first = results[0]!
  const own = first.outsideArrays.filter((c) => c.excluded > 0).length
  const notes = first.notes.slice(0, first.notes.length - own)
  for (const counts of outsideArrays) if (counts.excluded > 0) notes.push(outsideArraysNote(counts))
  return { findings, notes, outsideArrays }
}

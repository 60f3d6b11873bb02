// Checks in a child process: a `$/cancelRequest`, a deadline or the end of the server's input can
// always stop a check, even one blocked in a read no signal reaches (libuv cannot interrupt a
// thread-pool read, and such a thread even keeps process.exit() from returning). Parsed layers stay
// cached in the child between checks; a child that had to be killed takes its cache with it.

import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Report } from '../engine/report.ts'
import { ConfigError, InputError, LimitError } from '../errors.ts'
import type { CheckOptions } from './core.ts'
import { withHugePages } from '../cli/huge-pages.ts'

const CHILD_ENTRY = fileURLToPath(new URL('./check-child.js', import.meta.url))
/** How long a cancelled check may take to stop by itself before its process is killed. */
export const CANCEL_GRACE_MS = 1000

type Progress = { stage: string; done: number; total: number }
/** The options that cross to the child: data only (no signal, callbacks or caches). */
type ChildCheckOptions = Pick<CheckOptions, 'deck' | 'side' | 'mapping' | 'waivers' | 'today' | 'limits' | 'followLinks'>

export type ChildRequest =
  | { type: 'check'; inputs: string[]; options: ChildCheckOptions }
  | { type: 'cancel' }
  | { type: 'stats' }

export type ChildReply =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; report: Report }
  | { type: 'error'; error: SerializedError }
  | { type: 'stats'; layerCache: { entries: number; maxEntries: number; hits: number; misses: number }; memoryUsage: NodeJS.MemoryUsage }

/** An error as it crosses the process boundary: enough to rebuild the classes toRpcError maps. */
export interface SerializedError {
  name: string
  message: string
  file?: string
  line?: number
  what?: string
  limit?: string
  path?: string
  code?: string
  syscall?: string
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const out: SerializedError = { name: error.name, message: error.message }
  const fields = error as unknown as Record<string, unknown>
  for (const key of ['file', 'what', 'limit', 'path', 'code', 'syscall'] as const) if (typeof fields[key] === 'string') out[key] = fields[key] as string
  if (typeof fields.line === 'number') out.line = fields.line
  return out
}

export function deserializeError(e: SerializedError): Error {
  if (e.name === 'LimitError' || e.name === 'InputError') {
    const error = e.name === 'LimitError' ? new LimitError(e.file ?? '', e.line ?? 0, e.what ?? e.message) : new InputError(e.file ?? '', e.line ?? 0, e.what ?? e.message)
    if (e.limit !== undefined) Object.defineProperty(error, 'limit', { value: e.limit })
    return error
  }
  if (e.name === 'ConfigError') return new ConfigError(e.message, e.path)
  const error = new Error(e.message) as NodeJS.ErrnoException
  error.name = e.name
  if (e.code !== undefined) error.code = e.code
  if (e.path !== undefined) error.path = e.path
  if (e.syscall !== undefined) error.syscall = e.syscall
  return error
}

function abortError(): Error {
  const error = new Error('Request cancelled')
  error.name = 'AbortError'
  return error
}

interface Job {
  resolve: (report: Report) => void
  reject: (error: unknown) => void
  onProgress?: (p: Progress) => void
}

/** A `check()` that runs in a child process, one check at a time; `close()` kills the child. */
export class CheckProcess {
  private child: ChildProcess | undefined
  private job: Job | undefined
  private statsWaiters: ((reply: Extract<ChildReply, { type: 'stats' }> | undefined) => void)[] = []
  private queue: Promise<unknown> = Promise.resolve()
  private closed = false

  constructor(
    private readonly layerCacheEntries: number,
    private readonly log: (line: string) => void,
  ) {}

  /** As src/index.ts check(); `signal` cancels (and kills the child if it does not stop in time). */
  check(inputs: string[], options: CheckOptions = {}): Promise<Report> {
    const run = this.queue.then(() => this.run(inputs, options))
    this.queue = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  /** The child's layer cache counters and memory; undefined while no child runs. */
  async stats(): Promise<Extract<ChildReply, { type: 'stats' }> | undefined> {
    const child = this.child
    if (child === undefined || !child.connected) return undefined
    return new Promise((resolve) => {
      this.statsWaiters.push(resolve)
      child.send({ type: 'stats' } satisfies ChildRequest)
    })
  }

  close(): void {
    this.closed = true
    this.kill(new Error('server closed'))
  }

  private spawn(): ChildProcess {
    // the child's stdout goes to our stderr: only framed messages may reach the host
    const child = fork(CHILD_ENTRY, [String(this.layerCacheEntries)], { stdio: ['ignore', 2, 2, 'ipc'], serialization: 'advanced', env: withHugePages(process.env) })
    child.on('message', (message: ChildReply) => this.receive(child, message))
    child.on('exit', (code, signal) => {
      if (this.child !== child) return
      this.child = undefined
      for (const waiter of this.statsWaiters.splice(0)) waiter(undefined)
      const job = this.job
      this.job = undefined
      job?.reject(new Error(`the check process ended unexpectedly (${signal ?? `exit code ${code}`})`))
    })
    child.on('error', (error) => this.log(`check process: ${error.message}`))
    return child
  }

  private receive(child: ChildProcess, message: ChildReply): void {
    if (this.child !== child) return
    if (message.type === 'stats') {
      this.statsWaiters.shift()?.(message)
      return
    }
    const job = this.job
    if (job === undefined) return
    if (message.type === 'progress') {
      job.onProgress?.(message.progress)
      return
    }
    this.job = undefined
    if (message.type === 'done') job.resolve(message.report)
    else job.reject(deserializeError(message.error))
  }

  private kill(reason: unknown): void {
    const child = this.child
    if (child === undefined) return
    this.child = undefined
    child.kill('SIGKILL')
    for (const waiter of this.statsWaiters.splice(0)) waiter(undefined)
    const job = this.job
    this.job = undefined
    job?.reject(reason)
  }

  private run(inputs: string[], options: CheckOptions): Promise<Report> {
    const { signal } = options
    if (signal?.aborted) return Promise.reject(abortError())
    if (this.closed) return Promise.reject(new Error('server closed'))
    const child = (this.child ??= this.spawn())
    const childOptions: ChildCheckOptions = {}
    for (const key of ['deck', 'side', 'mapping', 'waivers', 'today', 'limits', 'followLinks'] as const) {
      if (options[key] !== undefined) (childOptions as Record<string, unknown>)[key] = options[key]
    }
    return new Promise<Report>((resolve, reject) => {
      let grace: NodeJS.Timeout | undefined
      const onAbort = () => {
        if (this.job !== undefined) delete this.job.onProgress // the host has been told it is cancelled
        child.send({ type: 'cancel' } satisfies ChildRequest)
        // a cooperative stop answers within the grace; a read nothing can interrupt does not
        grace = setTimeout(() => {
          if (this.child === child) this.log('a cancelled check did not stop; its process was killed (the layer cache restarts empty)')
          this.kill(abortError())
        }, CANCEL_GRACE_MS)
      }
      const settle = () => {
        clearTimeout(grace)
        signal?.removeEventListener('abort', onAbort)
      }
      this.job = {
        resolve: (report) => (settle(), resolve(report)),
        reject: (error) => (settle(), reject(error)),
        ...(options.onProgress && { onProgress: options.onProgress }),
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      child.send({ type: 'check', inputs, options: childOptions } satisfies ChildRequest)
    })
  }
}

// A test client for `bumpcheck serve --stdio` running as a real child process.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { FrameDecoder, encodeFrame } from '../../src/server/framing.ts'

export const REPO = fileURLToPath(new URL('../../', import.meta.url))

export interface RpcMessage {
  jsonrpc: '2.0'
  id?: number | string | null
  method?: string
  params?: any
  result?: any
  error?: { code: number; message: string; data?: any }
}

/** `bumpcheck serve --stdio` through the real CLI entry. */
export function serverCommand(): string[] {
  // --expose-gc lets $/memory collect garbage before measuring; without bytecode flushing the
  // heap after one check and after a hundred compare like for like
  return ['--expose-gc', '--no-flush-bytecode', 'bin/bumpcheck.js', 'serve', '--stdio']
}

export class RpcChild {
  readonly child: ChildProcessWithoutNullStreams
  readonly notifications: RpcMessage[] = []
  stderr = ''
  /** Frame headers on stdout that were not `Content-Length` framing (must stay empty). */
  readonly badFrames: string[] = []
  private readonly decoder = new FrameDecoder(1 << 28)
  private readonly waiting = new Map<string, { resolve: (message: RpcMessage) => void; reject: (error: Error) => void }>()
  private readonly unclaimed: RpcMessage[] = []
  private readonly exited: Promise<number | null>
  private nextId = 1
  onNotification?: (message: RpcMessage) => void

  /** `command`: node's arguments (bench/server.ts runs the compiled dist/cli/bin.js). */
  constructor(command: string[] = serverCommand()) {
    this.child = spawn(process.execPath, command, { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] })
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()))
    this.child.stdout.on('data', (chunk: Buffer) => {
      for (const frame of this.decoder.push(chunk)) {
        if (frame.kind === 'body') this.dispatch(JSON.parse(frame.text) as RpcMessage)
        else this.badFrames.push(frame.header)
      }
    })
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code) => {
        // nobody will answer now: fail the waiters with what the server said
        for (const { reject } of this.waiting.values()) reject(new Error(`server exited (${code}) without answering:\n${this.stderr}`))
        this.waiting.clear()
        resolve(code)
      }),
    )
  }

  private dispatch(message: RpcMessage): void {
    if (message.method !== undefined) {
      this.notifications.push(message)
      this.onNotification?.(message)
      return
    }
    const key = JSON.stringify(message.id ?? null)
    const waiter = this.waiting.get(key)
    if (waiter) {
      this.waiting.delete(key)
      waiter.resolve(message)
    } else this.unclaimed.push(message)
  }

  /** The next answer with this id (null: an answer to something without a usable id). */
  answer(id: number | string | null): Promise<RpcMessage> {
    const index = this.unclaimed.findIndex((m) => JSON.stringify(m.id ?? null) === JSON.stringify(id))
    if (index >= 0) return Promise.resolve(this.unclaimed.splice(index, 1)[0]!)
    if (this.child.exitCode !== null && this.child.stdout.readableEnded) return Promise.reject(new Error(`server has exited (${this.child.exitCode}):\n${this.stderr}`))
    return new Promise((resolve, reject) => this.waiting.set(JSON.stringify(id), { resolve, reject }))
  }

  /** Bytes on stdout that are not (yet) a whole frame. */
  get stdoutLeftover(): number {
    return this.decoder.pendingBytes
  }

  send(message: object): void {
    this.child.stdin.write(encodeFrame(JSON.stringify(message)))
  }

  sendRaw(bytes: string | Buffer): void {
    this.child.stdin.write(bytes)
  }

  /** Send a request and return its id, without waiting. */
  start(method: string, params?: unknown): number {
    const id = this.nextId++
    this.send({ jsonrpc: '2.0', id, method, params })
    return id
  }

  async request(method: string, params?: unknown): Promise<RpcMessage> {
    return this.answer(this.start(method, params))
  }

  notify(method: string, params?: unknown): void {
    this.send({ jsonrpc: '2.0', method, params })
  }

  exit(): Promise<number | null> {
    return this.exited
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill()
  }
}

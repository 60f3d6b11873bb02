// One server session: dispatches JSON-RPC messages to the core API, runs checks one at a time,
// keeps parsed layers and recent reports between checks.

import { ConfigError, InputError, LIMIT_FLAGS, LimitError, type ReadLimits } from '../errors.ts'
import type { Report } from '../engine/report.ts'
import type { PluginManifest } from '../host/manifest.ts'
import type { CheckOptions, CoreApi, ReporterMap } from './core.ts'
import { BoundedLayerCache } from './layer-cache.ts'
import { ErrorCodes, RpcError, classify, type ProgressParams, type RequestId, type RequestMessage } from './protocol.ts'
import { ReportStore } from './report-store.ts'

export interface ServerOptions {
  /** Parsed layers kept between checks (a board is ~10 layers; a few revisions fit). */
  layerCacheEntries: number
  /** Reports kept for `report/get`. */
  keepReports: number
  /**
   * Most findings (open plus waived) a `check` answer or a whole `report/get` carries; a larger report
   * is paged with `report/get` {offset, limit}, so no message grows with the board.
   */
  inlineFindings: number
  /** Least time between two `$/progress` notifications of one stage, in ms (a stage's end is always sent). */
  progressIntervalMs: number
}

export const DEFAULT_SERVER_OPTIONS: ServerOptions = { layerCacheEntries: 64, keepReports: 8, inlineFindings: 10_000, progressIntervalMs: 100 }

/** Largest page of `report/get` {offset, limit}. */
export const MAX_PAGE = 10_000
const PAGE_SECTIONS = ['findings', 'waived'] as const

/** Every request method the server answers; `initialize` lists them so a host can check its manifest. */
export const METHODS = ['initialize', 'rules/list', 'check', 'report/get', '$/memory', 'shutdown'] as const
/** Notifications the server acts on (others are ignored, as LSP asks for `$/` notifications). */
export const NOTIFICATIONS = ['initialized', '$/cancelRequest', 'exit'] as const

const SIDES = ['top', 'bottom', 'both'] as const

export interface SessionDeps {
  core: CoreApi
  reporters: ReporterMap
  manifest: PluginManifest
  send: (message: object) => void
  /** Called once, on `exit`: the session asks its owner to stop reading and end. */
  onExit: (exitCode: number) => void
  log: (line: string) => void
}

interface CheckParams {
  inputs: string[]
  deck?: string | object
  side?: (typeof SIDES)[number]
  mapping?: Record<string, { role: string; side: string }>
  formats: string[]
  /** Cancel the check after this many ms (a read that blocks, a board far larger than expected). */
  timeoutMs?: number
  /** The read limits, as the CLI's --max-… flags: { maxFeatures, maxDepth, maxArchiveBytes, maxArchiveEntries, maxMemory, maxFileBytes }. */
  limits?: Partial<ReadLimits>
  /** Read an input named in `inputs` that is a symbolic link (its target), as --follow-links. */
  followLinks?: boolean
}

export class ServerSession {
  private readonly layerCache: BoundedLayerCache
  private readonly reports: ReportStore
  /** Checks queued or running, by request id key, so `$/cancelRequest` can reach them. */
  private readonly inFlight = new Map<string, AbortController>()
  // Checks run one after another: they share the layer cache, and two at once only double peak memory.
  private checkQueue: Promise<void> = Promise.resolve()
  private shutdownRequested = false
  private exited = false
  private options: ServerOptions

  constructor(
    private readonly deps: SessionDeps,
    options: Partial<ServerOptions> = {},
  ) {
    this.options = { ...DEFAULT_SERVER_OPTIONS, ...options }
    this.layerCache = new BoundedLayerCache(this.options.layerCacheEntries)
    this.reports = new ReportStore(this.options.keepReports)
  }

  /** A header block without a usable Content-Length: its body cannot be found, so it is a parse error. */
  receiveBadHeader(header: string, reason = 'header has no valid Content-Length'): void {
    this.respondError(null, new RpcError(ErrorCodes.ParseError, `Parse error: ${reason}`, { header }))
  }

  receive(text: string): void {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      this.respondError(null, new RpcError(ErrorCodes.ParseError, `Parse error: ${(error as Error).message}`))
      return
    }
    const incoming = classify(value)
    switch (incoming.kind) {
      case 'invalid':
        this.respondError(incoming.id, new RpcError(ErrorCodes.InvalidRequest, `Invalid request: ${incoming.reason}`))
        return
      case 'response':
        return // the server sends no requests, so any response is stray
      case 'notification':
        this.notification(incoming.message.method, incoming.message.params)
        return
      case 'request':
        this.request(incoming.message)
    }
  }

  /** Input ended without `exit`: abort what is queued so the owner can end promptly. */
  abortAll(): void {
    for (const controller of this.inFlight.values()) controller.abort()
  }

  private notification(method: string, params: unknown): void {
    if (method === '$/cancelRequest') {
      const id = (params as { id?: unknown } | undefined)?.id
      if (typeof id === 'number' || typeof id === 'string') this.inFlight.get(idKey(id))?.abort()
    } else if (method === 'exit') {
      if (this.exited) return
      this.exited = true
      this.abortAll()
      this.deps.onExit(this.shutdownRequested ? 0 : 1)
    }
  }

  private request(message: RequestMessage): void {
    const { id, method } = message
    if (this.shutdownRequested) {
      this.respondError(id, new RpcError(ErrorCodes.InvalidRequest, `Server is shutting down: ${method} refused`))
      return
    }
    const answer = (result: unknown) => this.deps.send({ jsonrpc: '2.0', id, result })
    const fail = (error: unknown) => this.respondError(id, toRpcError(error))
    try {
      const result = this.dispatch(message)
      // Quick methods are answered at once, so answers keep the order of the requests around them.
      if (result instanceof Promise) result.then(answer, fail)
      else answer(result)
    } catch (error) {
      fail(error)
    }
  }

  private dispatch({ id, method, params }: RequestMessage): Promise<unknown> | unknown {
    switch (method) {
      case 'initialize':
        return this.initialize(params)
      case 'rules/list':
        return { rules: this.deps.core.listRules() }
      case 'check':
        return this.enqueueCheck(id, parseCheckParams(params, this.deps.reporters))
      case 'report/get':
        return this.reportGet(params)
      case '$/memory':
        return this.memory()
      case 'shutdown':
        this.shutdownRequested = true
        return null
      default:
        throw new RpcError(ErrorCodes.MethodNotFound, `Method not found: ${method}`)
    }
  }

  private initialize(params: unknown): object {
    const { manifest } = this.deps
    return {
      serverInfo: { name: manifest.name, version: manifest.version },
      protocolVersion: 1,
      capabilities: {
        methods: [...METHODS],
        notifications: [...NOTIFICATIONS, '$/progress'],
        formats: Object.keys(this.deps.reporters).sort(),
        decks: manifest.decks,
        layerCache: { maxEntries: this.options.layerCacheEntries },
        // reports with more findings than inlineFindings come back paged: report/get {reportId, offset, limit ≤ pageLimit}
        reportPaging: { inlineFindings: this.options.inlineFindings, pageLimit: MAX_PAGE },
        checkTimeout: true,
      },
      commands: manifest.commands,
      clientInfo: isObject(params) && isObject(params.clientInfo) ? params.clientInfo : null,
    }
  }

  private enqueueCheck(id: RequestId, params: CheckParams): Promise<object> {
    const controller = new AbortController()
    const key = idKey(id)
    this.inFlight.set(key, controller)
    const run = this.checkQueue.then(() => this.runCheck(id, params, controller.signal))
    // The queue goes on whether this check passed, failed or was cancelled.
    this.checkQueue = run.then(
      () => undefined,
      () => undefined,
    )
    return run.finally(() => this.inFlight.delete(key))
  }

  private async runCheck(id: RequestId, params: CheckParams, signal: AbortSignal): Promise<object> {
    if (signal.aborted) throw abortError() // cancelled while it waited its turn
    const deadline = params.timeoutMs === undefined ? undefined
      : setTimeout(() => this.inFlight.get(idKey(id))?.abort(abortError(`Request cancelled: its timeoutMs of ${params.timeoutMs} ms passed`)), params.timeoutMs)
    try {
      return await untilAborted(this.checkReport(id, params, signal), signal)
    } finally {
      clearTimeout(deadline)
    }
  }

  private async checkReport(id: RequestId, params: CheckParams, signal: AbortSignal): Promise<object> {
    const options: CheckOptions = {
      signal,
      layerCache: this.layerCache,
      onProgress: this.progressSender(id),
    }
    if (params.deck !== undefined) options.deck = params.deck
    if (params.side !== undefined) options.side = params.side
    // roles are checked by the core (a ConfigError naming the entry), not here
    if (params.mapping !== undefined) options.mapping = params.mapping as CheckOptions['mapping']
    if (params.limits !== undefined) options.limits = params.limits
    if (params.followLinks === true) options.followLinks = true
    const report = await this.deps.core.check(params.inputs, options)
    const reportId = this.reports.add(report)
    if (report.inputErrors.length > 0) {
      // The report is kept (report/get) but the host must see that a file could not be read.
      const inputErrors = report.inputErrors.map((e) => ({ ...e, message: withoutQuotedText(e.message) }))
      const first = inputErrors[0]!
      throw new RpcError(ErrorCodes.InputError, `${first.path}:${first.line}: ${first.message}`, {
        file: first.path,
        line: first.line,
        what: first.message,
        inputErrors,
        reportId,
      })
    }
    const findings = report.findings.length
    const waived = report.waived.length
    if (findings + waived > this.options.inlineFindings) {
      // too many to send in one message: the host pages them with report/get {reportId, offset, limit}
      return { reportId, summary: report.summary, paged: { findings, waived, pageLimit: MAX_PAGE }, rendered: {} }
    }
    const rendered: Record<string, string> = {}
    for (const format of params.formats) rendered[format] = this.render(report, format)
    return { reportId, summary: report.summary, report, rendered }
  }

  private progressSender(id: RequestId): (p: { stage: string; done: number; total: number }) => void {
    let lastStage = ''
    let lastSent = 0
    return ({ stage, done, total }) => {
      const now = performance.now()
      const stageEnd = done >= total
      if (stage === lastStage && !stageEnd && now - lastSent < this.options.progressIntervalMs) return
      lastStage = stage
      lastSent = now
      const params: ProgressParams = { id, stage, done, total }
      this.deps.send({ jsonrpc: '2.0', method: '$/progress', params })
    }
  }

  /**
   * `report/get` {reportId, format?}: the whole report rendered, while it is small enough to send;
   * `report/get` {reportId, offset?, limit?, section?}: one page of its findings (or waived findings)
   * as report objects, {reportId, section, offset, total, items, nextOffset} (nextOffset null at the end).
   */
  private reportGet(params: unknown): object {
    const usage = 'report/get needs {"reportId": string, "format"?: string} or {"reportId": string, "offset"?: number, "limit"?: number, "section"?: "findings" | "waived"}'
    if (!isObject(params) || typeof params.reportId !== 'string') throw new RpcError(ErrorCodes.InvalidParams, usage)
    const paged = params.offset !== undefined || params.limit !== undefined || params.section !== undefined
    const format = params.format ?? 'json'
    if (typeof format !== 'string' || !isFormat(this.deps.reporters, format)) {
      throw new RpcError(ErrorCodes.InvalidParams, `Unknown format ${JSON.stringify(format)}; one of ${Object.keys(this.deps.reporters).sort().join(', ')}`)
    }
    if (paged && params.format !== undefined) throw new RpcError(ErrorCodes.InvalidParams, `pages hold report objects, not a rendered format. ${usage}`)
    const offset = params.offset ?? 0
    const limit = params.limit ?? MAX_PAGE
    const section = params.section ?? 'findings'
    if (!Number.isSafeInteger(offset) || (offset as number) < 0) throw new RpcError(ErrorCodes.InvalidParams, `offset must be a whole number ≥ 0 (got ${JSON.stringify(offset)})`)
    if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_PAGE) throw new RpcError(ErrorCodes.InvalidParams, `limit must be a whole number from 1 to ${MAX_PAGE} (got ${JSON.stringify(limit)})`)
    if (typeof section !== 'string' || !(PAGE_SECTIONS as readonly string[]).includes(section)) throw new RpcError(ErrorCodes.InvalidParams, `section must be one of ${PAGE_SECTIONS.join(', ')} (got ${JSON.stringify(section)})`)
    const report = this.reports.get(params.reportId)
    if (!report) {
      throw new RpcError(ErrorCodes.ReportNotFound, `No report ${params.reportId}: the server keeps the last ${this.options.keepReports}`, { reportId: params.reportId })
    }
    if (paged) {
      const list = section === 'waived' ? report.waived : report.findings
      const start = Math.min(offset as number, list.length)
      const items = list.slice(start, start + (limit as number))
      const next = start + items.length
      return { reportId: params.reportId, section, offset: start, total: list.length, items, nextOffset: next < list.length ? next : null }
    }
    const findings = report.findings.length
    const waived = report.waived.length
    if (findings + waived > this.options.inlineFindings) {
      throw new RpcError(ErrorCodes.ReportTooLarge, `Report ${params.reportId} has ${findings} findings and ${waived} waived, too many to send whole; page them with report/get {"reportId", "offset", "limit"} (limit ≤ ${MAX_PAGE})`, { reportId: params.reportId, findings, waived })
    }
    return { reportId: params.reportId, format, content: this.render(report, format) }
  }

  private render(report: Report, format: string): string {
    return this.deps.reporters[format]!(report, {})
  }

  private memory(): object | Promise<object> {
    const local = this.localMemory()
    const stats = this.deps.core.stats
    if (stats === undefined) return local
    // the layers are cached in the check process: its counters, and its memory beside the server's
    return stats().then((child) => ({
      ...local,
      layerCache: child?.layerCache ?? { entries: 0, maxEntries: this.options.layerCacheEntries, hits: 0, misses: 0 },
      checkProcess: child === undefined ? null : { memoryUsage: child.memoryUsage },
    }))
  }

  private localMemory(): object {
    const gc = (globalThis as { gc?: () => void }).gc
    let memoryUsage = process.memoryUsage()
    // one pass can leave garbage that only the next pass frees (finalizers, weak maps): collect until steady
    for (let pass = 0; gc && pass < 5; pass++) {
      gc()
      const after = process.memoryUsage()
      const steady = after.heapUsed > memoryUsage.heapUsed * 0.99
      memoryUsage = after
      if (steady && pass >= 2) break
    }
    return {
      gcExposed: gc !== undefined,
      memoryUsage,
      layerCache: this.layerCache.stats(),
      reportsKept: this.reports.size,
    }
  }

  private respondError(id: RequestId | null, error: RpcError): void {
    if (error.code === ErrorCodes.InternalError) this.deps.log(`internal error: ${error.stack ?? error.message}`)
    const body: { code: number; message: string; data?: unknown } = { code: error.code, message: error.message }
    if (error.data !== undefined) body.data = error.data
    this.deps.send({ jsonrpc: '2.0', id, error: body })
  }
}

function parseCheckParams(params: unknown, reporters: ReporterMap): CheckParams {
  const usage = 'check needs {"inputs": string[], "deck"?: string | object, "side"?: "top" | "bottom" | "both", "mapping"?: object, "formats"?: string[], "timeoutMs"?: number, "limits"?: object, "followLinks"?: boolean}'
  if (!isObject(params)) throw new RpcError(ErrorCodes.InvalidParams, usage)
  const { inputs, deck, side, mapping, formats = [], timeoutMs, limits, followLinks } = params
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((x) => typeof x === 'string')) {
    throw new RpcError(ErrorCodes.InvalidParams, `inputs must be a non-empty list of paths. ${usage}`)
  }
  if (deck !== undefined && typeof deck !== 'string' && !isObject(deck)) throw new RpcError(ErrorCodes.InvalidParams, `deck must be a preset name, a path or a deck object. ${usage}`)
  if (side !== undefined && !SIDES.includes(side as never)) throw new RpcError(ErrorCodes.InvalidParams, `side must be one of ${SIDES.join(', ')} (got ${JSON.stringify(side)})`)
  if (mapping !== undefined && !isObject(mapping)) throw new RpcError(ErrorCodes.InvalidParams, `mapping must be an object of file → {role, side}. ${usage}`)
  if (!Array.isArray(formats) || !formats.every((f) => typeof f === 'string' && isFormat(reporters, f))) {
    throw new RpcError(ErrorCodes.InvalidParams, `formats must be a list of ${Object.keys(reporters).sort().join(', ')} (got ${JSON.stringify(formats)})`)
  }
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && Number.isSafeInteger(timeoutMs) && timeoutMs >= 1)) {
    throw new RpcError(ErrorCodes.InvalidParams, `timeoutMs must be a whole number of milliseconds ≥ 1 (got ${JSON.stringify(timeoutMs)})`)
  }
  if (followLinks !== undefined && typeof followLinks !== 'boolean') throw new RpcError(ErrorCodes.InvalidParams, `followLinks must be true or false (got ${JSON.stringify(followLinks)})`)
  const parsed: CheckParams = { inputs: inputs as string[], formats: formats as string[] }
  if (limits !== undefined) parsed.limits = parseLimits(limits)
  if (followLinks === true) parsed.followLinks = true
  if (timeoutMs !== undefined) parsed.timeoutMs = timeoutMs
  if (deck !== undefined) parsed.deck = deck as string | object
  if (side !== undefined) parsed.side = side as CheckParams['side'] & string
  if (mapping !== undefined) parsed.mapping = mapping as CheckParams['mapping'] & object
  return parsed
}

/** `limits`: own keys of ReadLimits only (not `__proto__` or `toString`), each a whole number ≥ 1 (bytes for the byte limits). */
function parseLimits(limits: unknown): Partial<ReadLimits> {
  const names = Object.keys(LIMIT_FLAGS).sort()
  if (!isObject(limits)) throw new RpcError(ErrorCodes.InvalidParams, `limits must be an object with any of ${names.join(', ')}`)
  const parsed: Partial<ReadLimits> = {}
  for (const [key, value] of Object.entries(limits)) {
    if (!Object.hasOwn(LIMIT_FLAGS, key)) throw new RpcError(ErrorCodes.InvalidParams, `limits.${key} is not a limit; the limits are ${names.join(', ')}`)
    if (!(typeof value === 'number' && Number.isSafeInteger(value) && value >= 1)) throw new RpcError(ErrorCodes.InvalidParams, `limits.${key} must be a whole number ≥ 1 (got ${JSON.stringify(value)})`)
    parsed[key as keyof ReadLimits] = value
  }
  return parsed
}

/** Map what the core throws to a JSON-RPC error a host can act on. */
export function toRpcError(error: unknown): RpcError {
  if (error instanceof RpcError) return error
  if (error instanceof Error && error.name === 'AbortError') return new RpcError(ErrorCodes.RequestCancelled, error.message.startsWith('Request cancelled') ? error.message : 'Request cancelled')
  if (error instanceof LimitError) return new RpcError(ErrorCodes.LimitError, withoutQuotedText(error.message), { file: error.file, line: error.line, what: withoutQuotedText(error.what) })
  if (error instanceof InputError) return new RpcError(ErrorCodes.InputError, withoutQuotedText(error.message), { file: error.file, line: error.line, what: withoutQuotedText(error.what) })
  if (error instanceof ConfigError) return new RpcError(ErrorCodes.ConfigError, withoutQuotedText(error.message), error.path === undefined ? undefined : { path: error.path })
  const fsError = error as NodeJS.ErrnoException
  if (fsError instanceof Error && typeof fsError.code === 'string' && typeof fsError.path === 'string') {
    // A file the OS would not open (missing, unreadable, a folder): an input error at no particular line.
    return new RpcError(ErrorCodes.InputError, `${fsError.path}: ${fsError.message}`, { file: fsError.path, line: 0, what: fsError.message, code: fsError.code })
  }
  return new RpcError(ErrorCodes.InternalError, `Internal error: ${error instanceof Error ? error.message : String(error)}`)
}

/**
 * A message without the excerpt V8's JSON.parse quotes from the text (`Unexpected token 'r',
 * "root:*:202"... is not valid JSON`): a deck or mapping path may name any file on the server's
 * machine, and a host must not be able to read it through error messages.
 */
export function withoutQuotedText(message: string): string {
  return message
    .replace(/Unexpected token [\s\S]*? is not valid JSON/g, 'unexpected character')
    .replace(/"[\s\S]*?"(\.\.\.)? is not valid JSON/g, 'not valid JSON')
}

/** A reporter name: own keys only, so `toString`, `constructor` and `__proto__` are not formats. */
function isFormat(reporters: ReporterMap, name: string): boolean {
  return Object.hasOwn(reporters, name)
}

/**
 * Settle with the work, or reject as cancelled as soon as the signal fires: a check blocked in a read
 * the core cannot interrupt (a FIFO, a stalled network mount) still answers its cancel at once, and
 * the queue moves on. The abandoned work stops at its next stage, when the core next looks at the signal;
 * the default core (src/server/check-process.ts) kills its process if it has not stopped within a second.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError())
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error && signal.reason.name === 'AbortError' && signal.reason.message.startsWith('Request cancelled') ? signal.reason : abortError())
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

function abortError(message = 'Request cancelled'): Error {
  const error = new Error(message)
  error.name = 'AbortError'
  return error
}

function idKey(id: RequestId): string {
  return `${typeof id}:${id}`
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

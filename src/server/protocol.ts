// JSON-RPC 2.0 message shapes and the error codes the server answers with.

export type RequestId = number | string

export interface RequestMessage {
  jsonrpc: '2.0'
  id: RequestId
  method: string
  params?: unknown
}
export interface NotificationMessage {
  jsonrpc: '2.0'
  method: string
  params?: unknown
}

/** JSON-RPC 2.0 and LSP codes, plus bumpcheck's own in the server-error range (-32000…-32099). */
export const ErrorCodes = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** LSP: the request was cancelled by `$/cancelRequest`. */
  RequestCancelled: -32800,
  // Application codes sit outside the ranges JSON-RPC (-32768…-32000) and LSP (-32899…-32800) reserve.
  /** An input file could not be read or parsed; `data` has `file`, `line`, `what`. */
  InputError: 1001,
  /** A bad deck, mapping or option; `data` has `path` when known. */
  ConfigError: 1002,
  /** A read limit was exceeded; `data` as for InputError. */
  LimitError: 1003,
  /** `report/get` named a report the server no longer keeps. */
  ReportNotFound: 1004,
  /** A report too large to send whole; `data` has `reportId`, `findings`, `waived`: page it with `report/get` {offset, limit}. */
  ReportTooLarge: 1005,
} as const

/** An error the handler wants answered with a specific code. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message)
  }
}

/** Parameters of `$/progress`: which request, which stage, how far. */
export interface ProgressParams {
  id: RequestId
  stage: string
  done: number
  total: number
}

/** What a message body is, once parsed: only the fields the dispatcher needs, checked. */
export type Incoming =
  | { kind: 'request'; message: RequestMessage }
  | { kind: 'notification'; message: NotificationMessage }
  | { kind: 'response' }
  | { kind: 'invalid'; id: RequestId | null; reason: string }

export function classify(value: unknown): Incoming {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', id: null, reason: Array.isArray(value) ? 'batches are not supported' : 'a message must be a JSON object' }
  }
  const message = value as Record<string, unknown>
  const id = isId(message.id) ? message.id : null
  if (message.jsonrpc !== '2.0') return { kind: 'invalid', id, reason: 'jsonrpc must be "2.0"' }
  if (!('method' in message)) return 'result' in message || 'error' in message ? { kind: 'response' } : { kind: 'invalid', id, reason: 'no method' }
  if (typeof message.method !== 'string') return { kind: 'invalid', id, reason: 'method must be a string' }
  if (!('id' in message)) return { kind: 'notification', message: message as unknown as NotificationMessage }
  if (id === null) return { kind: 'invalid', id: null, reason: 'id must be a number or a string' }
  return { kind: 'request', message: message as unknown as RequestMessage }
}

function isId(value: unknown): value is RequestId {
  return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string'
}

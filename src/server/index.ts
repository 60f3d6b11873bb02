// `bumpcheck serve --stdio`: JSON-RPC 2.0 over a byte stream pair with Content-Length framing.

import type { Readable, Writable } from 'node:stream'
import { loadManifest } from '../host/manifest.ts'
import { CORE, REPORTERS, type CoreApi } from './core.ts'
import { FrameDecoder, encodeFrame } from './framing.ts'
import { CheckProcess } from './check-process.ts'
import { ErrorCodes } from './protocol.ts'
import { DEFAULT_SERVER_OPTIONS, ServerSession, type ServerOptions } from './session.ts'

export { ErrorCodes } from './protocol.ts'
export { METHODS, NOTIFICATIONS, DEFAULT_SERVER_OPTIONS, type ServerOptions } from './session.ts'

/**
 * One message as JSON. A result too large for one string (V8 caps strings near 512 MB: a report of
 * millions of findings) must not take the server down with a RangeError: its request gets an error
 * saying to page the report with report/get instead.
 */
function serialize(message: object): string {
  try {
    return JSON.stringify(message)
  } catch (error) {
    const id = (message as { id?: unknown }).id ?? null
    return JSON.stringify({
      jsonrpc: '2.0',
      id,
      error: { code: ErrorCodes.ReportTooLarge, message: `Result too large to send (${error instanceof Error ? error.message : String(error)}); page the report with report/get {reportId, offset, limit}` },
    })
  }
}

/** Largest message body accepted; a longer one is answered as a parse error and skipped. */
const MAX_BODY_BYTES = 64 * 1024 * 1024

export interface RunServerOptions extends Partial<ServerOptions> {
  /**
   * The checker to serve; default: check() of src/index.ts run in a child process (so any check can be
   * stopped), listRules() in this one.
   */
  core?: CoreApi
  /** Where logs go; never the output stream. */
  log?: (line: string) => void
}

/**
 * Serve until the client sends `exit` or closes the input.
 *
 * Requests: `initialize` → {serverInfo, capabilities: {methods, formats, decks}, commands};
 * `rules/list` → {rules}; `check` {inputs, deck?, side?, mapping?, formats?, timeoutMs?} → {reportId,
 * summary, report, rendered}, sending `$/progress` {id, stage, done, total} while it runs (over
 * `inlineFindings` findings: {reportId, summary, paged: {findings, waived, pageLimit}} instead);
 * `report/get` {reportId, format?} → {reportId, format, content}, or {reportId, offset?, limit?,
 * section?} → {reportId, section, offset, total, items, nextOffset}; `$/memory` → {memoryUsage, gcExposed,
 * layerCache, reportsKept}; `shutdown` → null. Notifications: `$/cancelRequest` {id}, `exit`.
 * Errors: -32700 parse, -32600 invalid request (also anything after `shutdown`), -32601 unknown
 * method, -32602 bad params, -32603 internal, -32800 cancelled, 1001 input error (data: file, line,
 * what; a report with unread inputs also carries inputErrors and reportId), 1002 config error
 * (data: path), 1003 limit, 1004 report no longer kept, 1005 report too large to send whole (page it).
 * Framing errors (no usable Content-Length, a header over 4 KiB, a body over 64 MiB) are answered
 * -32700 with id null and the reader resynchronises at the next `Content-Length:`. Only framed messages are written to `output`.
 * Resolves with the LSP exit code: 0 after `shutdown` then `exit`, 1 otherwise.
 *
 * @example
 * await runServer(process.stdin, process.stdout)
 */
export async function runServer(input: Readable, output: Writable, options: RunServerOptions = {}): Promise<number> {
  const { core: givenCore, log: givenLog, ...sessionOptions } = options
  const log = givenLog ?? ((line: string) => process.stderr.write(`bumpcheck serve: ${line}\n`))
  const core = givenCore ?? childProcessCore(sessionOptions.layerCacheEntries ?? DEFAULT_SERVER_OPTIONS.layerCacheEntries, log)
  const manifest = loadManifest()
  const decoder = new FrameDecoder(MAX_BODY_BYTES)

  return new Promise<number>((resolve) => {
    let finished = false
    const finish = (exitCode: number) => {
      if (finished) return
      finished = true
      input.off('data', onData)
      input.off('end', onEnd)
      input.off('close', onEnd)
      input.pause()
      core.close?.()
      // Resolve once everything already written has been flushed.
      output.write('', () => resolve(exitCode))
    }
    const session = new ServerSession(
      {
        core,
        reporters: REPORTERS,
        manifest,
        send: (message) => {
          if (!finished) output.write(encodeFrame(serialize(message)))
        },
        onExit: finish,
        log,
      },
      sessionOptions,
    )
    const onData = (chunk: Buffer | string) => {
      for (const frame of decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) {
        if (frame.kind === 'body') session.receive(frame.text)
        else session.receiveBadHeader(frame.header, frame.reason)
      }
    }
    const onEnd = () => {
      session.abortAll()
      finish(1)
    }
    input.on('data', onData)
    input.on('end', onEnd)
    input.on('close', onEnd)
  })
}

/** The default core: checks in a child process that a cancel, a deadline or the end of input can kill. */
function childProcessCore(layerCacheEntries: number, log: (line: string) => void): CoreApi {
  const process = new CheckProcess(layerCacheEntries, log)
  return {
    check: (inputs, options) => process.check(inputs, options),
    listRules: CORE.listRules,
    stats: () => process.stats(),
    close: () => process.close(),
  }
}

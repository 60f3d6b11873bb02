// `bumpcheck serve --stdio`: start the JSON-RPC server for CAD hosts (see src/server/index.ts).

import { Writable } from 'node:stream'
import { runServer } from '../server/index.ts'
import { parseCommandArgs, UsageError, type Command } from './command.ts'

const USAGE = `Usage: bumpcheck serve --stdio [--layer-cache N] [--keep-reports N]

Speak JSON-RPC 2.0 with LSP-style Content-Length framing on stdin/stdout (requests: initialize,
rules/list, check, report/get, $/memory, shutdown; notifications: $/cancelRequest, exit; the server
sends $/progress). A report of more than 10 000 findings is paged: report/get {reportId, offset, limit}.
The server ends when its input ends, even while a check runs. Only framed messages go to stdout; logs go to stderr. Parsed layers are kept by
content hash between checks, so a re-check reads only the files that changed.

  --stdio             use stdin/stdout (the only transport)
  --layer-cache N     parsed layers kept between checks (default 64)
  --keep-reports N    reports kept for report/get (default 8)`

/** How long an ended server waits for abandoned work before it exits regardless. */
const EXIT_GRACE_MS = 200

export const serve: Command = {
  summary: 'Run the JSON-RPC server that CAD plugins talk to (stdin/stdout)',
  usage: USAGE,
  async run(argv: string[]): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, {
      stdio: { type: 'boolean' },
      'layer-cache': { type: 'string' },
      'keep-reports': { type: 'string' },
    })
    if (positionals.length > 0) throw new UsageError(`serve takes no file arguments (got ${JSON.stringify(positionals[0])})`)
    if (!values.stdio) throw new UsageError('serve needs --stdio (the only transport)')
    const options: { layerCacheEntries?: number; keepReports?: number } = {}
    if (values['layer-cache'] !== undefined) options.layerCacheEntries = wholeNumber('--layer-cache', values['layer-cache'])
    if (values['keep-reports'] !== undefined) options.keepReports = wholeNumber('--keep-reports', values['keep-reports'])
    const exitCode = await runServer(process.stdin, claimStdout(), options)
    process.stdin.destroy() // nothing more to read; let the process end
    // A check abandoned at EOF or `exit` may still hold the process (a read blocked on a FIFO, a
    // stalled mount): the host has gone, so end anyway once what was written has had a moment to flush.
    setTimeout(() => process.exit(exitCode), EXIT_GRACE_MS).unref()
    return exitCode
  },
}

function wholeNumber(flag: string, raw: string): number {
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`${flag} must be a whole number of at least 1 (got ${JSON.stringify(raw)})`)
  return value
}

/**
 * The server's own handle on stdout; everything else that writes there (console.log, a stray
 * process.stdout.write in a library) goes to stderr instead, so the framing is never corrupted.
 */
function claimStdout(): Writable {
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write
  console.log = console.error
  console.info = console.error
  console.debug = console.error
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      write(chunk, callback)
    },
  })
}

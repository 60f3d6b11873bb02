// How the CLI reports a failure: one line for what the user can fix (exit 2), the stack for a bug (exit 3).

import { ConfigError, InputError } from '../errors.ts'
import { UsageError } from './command.ts'

export const EXIT_OK = 0
export const EXIT_USAGE = 2
export const EXIT_BUG = 3

/** `file:line: what`, or `file: what` when the problem is the whole file (line 0). */
export function inputLocation(file: string, line: number, what: string): string {
  return line > 0 ? `${file}:${line}: ${what}` : `${file}: ${what}`
}

export function reportFailure(error: unknown, stderr: (text: string) => void): number {
  if (error instanceof InputError) {
    stderr(`bumpcheck: ${inputLocation(error.file, error.line, error.what)}\n`)
    return EXIT_USAGE
  }
  if (error instanceof ConfigError || error instanceof UsageError) {
    stderr(`bumpcheck: ${error.message}\n`)
    return EXIT_USAGE
  }
  stderr(`bumpcheck: internal error (a bug; please report it with this trace)\n${error instanceof Error ? error.stack : String(error)}\n`)
  return EXIT_BUG
}

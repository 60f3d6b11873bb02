// How the CLI reports a failure: one line for what the user can fix (exit 2), the stack for a bug (exit 3).

import { ConfigError, InputError } from '../errors.ts'
import { UsageError } from './command.ts'
import { describeSystemError, isSystemError, terminalText } from './files.ts'

export const EXIT_OK = 0
export const EXIT_USAGE = 2
export const EXIT_BUG = 3

/** `file:line: what`, or `file: what` when the problem is the whole file (line 0). */
export function inputLocation(file: string, line: number, what: string): string {
  return line > 0 ? `${file}:${line}: ${what}` : `${file}: ${what}`
}

/**
 * Print a failure and give the exit code: what the user can fix (bad input, flags, deck, and every
 * file-system, terminal and pipe problem) is one line and exit 2, with names from the command line or
 * from files escaped so a control character can neither break the line nor drive the terminal;
 * anything else is a bug: the stack and exit 3.
 */
export function reportFailure(error: unknown, stderr: (text: string) => void): number {
  if (error instanceof InputError) {
    stderr(`bumpcheck: ${terminalText(inputLocation(error.file, error.line, error.what))}\n`)
    return EXIT_USAGE
  }
  if (error instanceof ConfigError || error instanceof UsageError) {
    stderr(`bumpcheck: ${terminalText(error.message)}\n`)
    return EXIT_USAGE
  }
  if (isSystemError(error)) {
    stderr(`bumpcheck: ${terminalText(describeSystemError(error))}\n`)
    return EXIT_USAGE
  }
  stderr(`bumpcheck: internal error (a bug; please report it with this trace)\n${error instanceof Error ? error.stack : String(error)}\n`)
  return EXIT_BUG
}

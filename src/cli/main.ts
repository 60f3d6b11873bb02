// The `bumpcheck` command line: pick the subcommand, handle --help/--version, map failures to exit codes.

import { readFileSync } from 'node:fs'
import { commands } from './commands.ts'
import { unknownFlagMessage } from './command.ts'
import { didYouMean } from '../engine/deck.ts'
import { reportFailure, EXIT_OK, EXIT_USAGE } from './errors.ts'
import { describeSystemError, terminalText } from './files.ts'

export function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return manifest.version
}

export function help(): string {
  const names = Object.keys(commands).sort()
  const width = Math.max(...names.map((n) => n.length))
  return [
    'Usage: bumpcheck <command> [options]',
    '',
    'Design-rule checks for metal bumps on PCB and package-substrate layouts (Gerber X2, Excellon, ODB++).',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${commands[n]!.summary}`),
    '',
    'Options:',
    '  -h, --help         show help (also after a command: bumpcheck <command> --help)',
    '  -v, -V, --version  show the version',
    '',
    'Exit codes: 0 ok, 1 findings (check), 2 usage error or unreadable input, 3 internal error.',
  ].join('\n') + '\n'
}

const isHelp = (arg: string) => arg === '--help' || arg === '-h'
const isVersion = (arg: string) => arg === '--version' || arg === '-V' || arg === '-v'

let streamsGuarded = false

/**
 * A closed pipe or a broken terminal is the reader's doing, not a bug: `bumpcheck rules | head -2`
 * ends quietly (exit 2: the output was not all delivered, so never a pass) instead of throwing an
 * unhandled EPIPE with a stack. Other stdout errors are one line on stderr; stderr errors are dropped
 * (there is nowhere left to say anything).
 */
function guardStreams(): void {
  if (streamsGuarded) return
  streamsGuarded = true
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') {
      try {
        process.stderr.write(`bumpcheck: ${terminalText(`standard output: ${describeSystemError(error)}`)}\n`)
      } catch {
        // stderr is gone too
      }
    }
    process.exit(EXIT_USAGE)
  })
  process.stderr.on('error', () => {})
}

export async function main(argv: string[]): Promise<number> {
  guardStreams()
  const out = (text: string) => void process.stdout.write(text)
  const err = (text: string) => void process.stderr.write(text)
  try {
    const [name, ...rest] = argv
    if (name === undefined) {
      err(help())
      return EXIT_USAGE
    }
    if (isHelp(name)) return out(help()), EXIT_OK
    if (isVersion(name)) return out(`${version()}\n`), EXIT_OK
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined
    if (command === undefined) {
      if (name.startsWith('-')) {
        err(`bumpcheck: ${terminalText(unknownFlagMessage(name, []))}\n`)
        return EXIT_USAGE
      }
      const close = didYouMean(name, Object.keys(commands))
      const hint = close !== undefined ? `; did you mean ${close}?` : ` (commands: ${Object.keys(commands).sort().join(', ')}; see bumpcheck --help)`
      err(`bumpcheck: unknown command "${terminalText(name)}"${hint}\n`)
      return EXIT_USAGE
    }
    // --help / --version win anywhere before a `--`
    const flags = rest.slice(0, rest.includes('--') ? rest.indexOf('--') : rest.length)
    if (flags.some(isHelp)) return out(`${command.usage}\n`), EXIT_OK
    if (flags.some(isVersion)) return out(`${version()}\n`), EXIT_OK
    return await command.run(rest)
  } catch (error) {
    return reportFailure(error, err)
  }
}

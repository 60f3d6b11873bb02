// What a subcommand is, and the argument helpers every subcommand shares.

import { parseArgs, type ParseArgsConfig } from 'node:util'
import { DEFAULT_LIMITS, type ReadLimits } from '../errors.ts'
import { parseByteSize } from '../ingest/budget.ts'
import { didYouMean } from '../engine/deck.ts'

/** A subcommand: `run` gets the arguments after its name and returns the exit code. */
export interface Command {
  summary: string
  usage: string
  run(argv: string[]): number | Promise<number>
}

/** Bad flags or arguments: printed as one line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * node:util parseArgs with positionals allowed, its TypeErrors turned into UsageErrors; an unknown
 * flag gets the closest known one ("did you mean --format?") instead of Node's generic text.
 */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, command?: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      const unknown = error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /Unknown option '([^']+)'/.exec(error.message)?.[1] : undefined
      if (unknown !== undefined) throw new UsageError(unknownFlagMessage(unknown, Object.keys(options), command))
      throw new UsageError(error.message)
    }
    throw error
  }
}

/** `unknown option --fromat; did you mean --format? (see bumpcheck check --help)` */
export function unknownFlagMessage(flag: string, names: string[], command?: string): string {
  const help = command === undefined ? 'bumpcheck --help' : `bumpcheck ${command} --help`
  const word = flag.replace(/^--?/, '')
  // a one-letter flag is near every other one: guess only for long names
  const close = flag.startsWith('--') && word.length >= 3 ? didYouMean(word, [...names, 'help', 'version']) : undefined
  return `unknown option ${flag}${close !== undefined ? `; did you mean --${close}?` : ''} (see ${help})`
}

/** The read limits as flags, so that any command reading layers can raise them; and --follow-links. */
export const LIMIT_OPTIONS = {
  'max-features': { type: 'string' },
  'max-depth': { type: 'string' },
  'max-archive-bytes': { type: 'string' },
  'max-archive-entries': { type: 'string' },
  'max-memory': { type: 'string' },
  'max-file-bytes': { type: 'string' },
  'max-inflate-ratio': { type: 'string' },
  'follow-links': { type: 'boolean' },
} as const satisfies Options

export const LIMIT_USAGE = `  --max-features N         most features one file may expand to (default 20000000)
  --max-depth N            deepest block-aperture / macro nesting (default 64)
  --max-archive-bytes N    largest unpacked ODB++ archive (default 2000000000)
  --max-archive-entries N  most entries in an ODB++ archive (default 200000)
  --max-memory SIZE        bytes one read may build (512M, 4G…; default half the RAM, at most V8's heap)
  --max-file-bytes SIZE    largest input file read (default ${DEFAULT_LIMITS.maxFileBytes}: 512 MiB, V8's longest string)
  --max-inflate-ratio N    most bytes one compressed byte of an archive may unpack to (default ${DEFAULT_LIMITS.maxInflateRatio})
      --follow-links       read a file or folder named here that is a symbolic link (its target, which
                           must be a regular file or folder); links inside folders are never followed`

/** Flags that take a count, and flags that take a size in bytes (`512M`, `4G` or a plain number). */
const COUNT_FLAGS: [keyof typeof LIMIT_OPTIONS, keyof ReadLimits][] = [
  ['max-features', 'maxFeatures'], ['max-depth', 'maxDepth'],
  ['max-archive-bytes', 'maxArchiveBytes'], ['max-archive-entries', 'maxArchiveEntries'], ['max-inflate-ratio', 'maxInflateRatio'],
]
const SIZE_FLAGS: [keyof typeof LIMIT_OPTIONS, keyof ReadLimits][] = [['max-memory', 'maxMemory'], ['max-file-bytes', 'maxFileBytes']]

export function limitsFrom(values: Partial<Record<keyof typeof LIMIT_OPTIONS, string | boolean | undefined>>): Partial<ReadLimits> {
  const limits: Partial<ReadLimits> = {}
  for (const [flag, key] of COUNT_FLAGS) {
    const raw = values[flag]
    if (raw === undefined) continue
    const value = Number(raw)
    if (typeof raw !== 'string' || !Number.isSafeInteger(value) || value < 1)
      throw new UsageError(`--${flag} must be a whole number of at least 1 (got ${JSON.stringify(raw)})`)
    limits[key] = value
  }
  for (const [flag, key] of SIZE_FLAGS) {
    const raw = values[flag]
    if (raw === undefined) continue
    const value = typeof raw === 'string' ? parseByteSize(raw) : undefined
    if (value === undefined) throw new UsageError(`--${flag} must be a size in bytes such as 1000000, 512M or 4G (got ${JSON.stringify(raw)})`)
    limits[key] = value
  }
  return limits
}

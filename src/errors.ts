import { getHeapStatistics } from 'node:v8'
import { totalmem } from 'node:os'
import { constants as bufferConstants } from 'node:buffer'

// Errors a user can act on. An InputError names the file, the line and what was wrong; the CLI prints
// its message without a stack trace and exits 2.

export class InputError extends Error {
  override name = 'InputError'
  constructor(
    readonly file: string,
    readonly line: number,
    readonly what: string,
  ) {
    super(`${file}:${line}: ${what}`)
  }
}

/** A bad deck, waiver file, flag or mapping: not a layout problem. `path` is e.g. `rules.via-pitch[1].minPitch`. */
export class ConfigError extends Error {
  override name = 'ConfigError'
  constructor(message: string, readonly path?: string) {
    super(message)
  }
}

/** A resource limit (expanded features, macro depth, archive size) that the user may raise from the CLI. */
export class LimitError extends InputError {
  override name = 'LimitError'
  /** `limit` names the ReadLimits field hit, so the message can say which flag raises it. */
  constructor(file: string, line: number, what: string, readonly limit?: keyof ReadLimits) {
    super(file, line, limit === undefined ? what : `${what}; if the file is genuine, raise the limit with ${LIMIT_FLAGS[limit]} N`)
  }
}

/** The CLI flag that raises each limit (src/cli/command.ts defines them). */
export const LIMIT_FLAGS: Record<keyof ReadLimits, string> = {
  maxFeatures: '--max-features',
  maxDepth: '--max-depth',
  maxArchiveBytes: '--max-archive-bytes',
  maxArchiveEntries: '--max-archive-entries',
  maxMemory: '--max-memory',
  maxFileBytes: '--max-file-bytes',
  maxInflateRatio: '--max-inflate-ratio',
}

/** Limits on what a reader may expand; every one overridable from the CLI. */
export interface ReadLimits {
  /** Most features one file may expand to (SR, AB, macros included). */
  maxFeatures: number
  /** Deepest nesting of AB blocks / macro expressions. */
  maxDepth: number
  /** Largest unpacked archive in bytes (ODB++). */
  maxArchiveBytes: number
  /** Most entries an archive may hold. */
  maxArchiveEntries: number
  /** Bytes the whole read may materialise (src/ingest/budget.ts); default about half the RAM, at most V8's heap. */
  maxMemory: number
  /** Largest input file (a layer, an archive, a file in an ODB++ job folder or archive) read, in bytes. */
  maxFileBytes: number
  /** Most bytes one compressed byte may unpack to (zip entries, gzip, compress), past the first MiB. */
  maxInflateRatio: number
}

/** About half of the machine's RAM, and never more than V8's heap can hold. */
export function defaultMaxMemory(): number {
  return Math.floor(Math.min(totalmem() / 2, getHeapStatistics().heap_size_limit))
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFeatures: 20_000_000,
  maxDepth: 64,
  maxArchiveBytes: 2_000_000_000,
  maxArchiveEntries: 200_000,
  maxMemory: defaultMaxMemory(),
  // 512 MiB, and no more than V8's longest string (2^29 − 24 characters on 64-bit Node): a layer file
  // becomes one string, so a longer one could never be read; the largest real layer files seen (1 M-bump
  // substrates, ODB++ features files) are tens of MB, so the cap refuses only hostile or broken inputs.
  maxFileBytes: Math.min(512 * 2 ** 20, bufferConstants.MAX_STRING_LENGTH),
  // Apache POI's zip-bomb guard (ZipSecureFile, minimum inflate ratio 0.01): real ODB++ archives unpack
  // about 5:1 (the public sample design: 1.99 MB → 11.3 MB), deflate's ceiling is about 1032:1
  maxInflateRatio: 100,
}

/** A file that could not be read: the run reports it and never passes. */
export interface InputProblem {
  path: string
  line: number
  message: string
}

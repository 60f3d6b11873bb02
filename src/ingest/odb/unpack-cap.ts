// How far a compressed stream may unpack before it is refused, decided before inflating so that zlib
// stops at the cap instead of filling memory: the archive's remaining room (maxArchiveBytes), the
// inflate ratio (maxInflateRatio, past the first MiB), what is left of the read's memory budget
// (maxMemory) and, for one file, maxFileBytes (a file becomes one string, and V8's strings stop at 512 MiB).

import { constants as bufferConstants } from 'node:buffer'
import { LimitError, type ReadLimits } from '../../errors.ts'
import type { MemoryBudget } from '../budget.ts'

/** Output below this is never judged by ratio: small files compress far better than large ones. */
const RATIO_FLOOR_BYTES = 2 ** 20

export interface UnpackCap {
  bytes: number
  limit: 'maxArchiveBytes' | 'maxInflateRatio' | 'maxFileBytes' | 'maxMemory'
  /** For the ratio judged on the whole archive: its compressed size. */
  archiveBytes?: number
}

/** A zip's entries so far: many small entries each under the ratio must not add up past it. */
export interface ArchiveSoFar { compressed: number; unpacked: number }

/** The tightest cap on `compressed` bytes unpacked, with `room` bytes left of the archive's allowance. */
export function unpackCap(compressed: number, limits: ReadLimits, room: number, oneFile: boolean, budget?: MemoryBudget, archive?: ArchiveSoFar): UnpackCap {
  const caps: UnpackCap[] = [
    { bytes: room, limit: 'maxArchiveBytes' },
    { bytes: Math.max(RATIO_FLOOR_BYTES, compressed * limits.maxInflateRatio), limit: 'maxInflateRatio' },
  ]
  if (archive) caps.push({ bytes: Math.max(RATIO_FLOOR_BYTES, archive.compressed * limits.maxInflateRatio) - archive.unpacked, limit: 'maxInflateRatio', archiveBytes: archive.compressed })
  if (oneFile) caps.push({ bytes: limits.maxFileBytes, limit: 'maxFileBytes' })
  if (budget) caps.push({ bytes: budget.limit - budget.charged, limit: 'maxMemory' })
  const tightest = caps.reduce((a, b) => (b.bytes < a.bytes ? b : a))
  return { ...tightest, bytes: Math.max(0, Math.min(tightest.bytes, bufferConstants.MAX_LENGTH - 1)) }
}

/** The one line for a stream that would unpack past its cap. */
export function unpackRefused(file: string, what: string, compressed: number, cap: UnpackCap, limits: ReadLimits, budget?: MemoryBudget): LimitError {
  if (cap.limit === 'maxMemory' && budget) {
    // the budget's own line: the estimate (at least one byte past what is left) and --max-memory
    try {
      budget.charge(cap.bytes + 1, file, 0, `${what} unpacked`)
    } catch (e) {
      if (e instanceof LimitError) return e
      throw e
    }
  }
  const said = cap.limit === 'maxArchiveBytes'
    ? `the archive unpacks to more than ${limits.maxArchiveBytes} bytes (limit maxArchiveBytes)`
    : cap.limit === 'maxInflateRatio' && cap.archiveBytes !== undefined
      ? `the archive's entries unpack to more than ${Math.max(RATIO_FLOOR_BYTES, cap.archiveBytes * limits.maxInflateRatio)} bytes in all (limit maxInflateRatio: over ${limits.maxInflateRatio} bytes for each of its ${cap.archiveBytes} bytes)`
      : cap.limit === 'maxInflateRatio'
      ? `${what} unpacks to more than ${cap.bytes} bytes (limit maxInflateRatio: over ${limits.maxInflateRatio} bytes for each of its ${compressed} compressed bytes)`
      : `${what} unpacks to more than ${cap.bytes} bytes (limit maxFileBytes, on one file)`
  return new LimitError(file, 0, `${said}; refusing it as a possible archive bomb`, cap.limit)
}

/** `out`, unpacked from `compressed` bytes within `cap`, charged to `budget`; refused when past the cap. */
export function unpacked(out: Buffer, file: string, what: string, compressed: number, cap: UnpackCap, limits: ReadLimits, budget?: MemoryBudget): Buffer {
  if (out.length > cap.bytes) throw unpackRefused(file, what, compressed, cap, limits, budget)
  budget?.charge(out.length, file, 0, `${what} unpacked`)
  return out
}

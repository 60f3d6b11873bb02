// The parts of the programmatic API (src/index.ts) and of the reporters that the server calls.

import { check, listRules, reporters, type CheckOptions, type LayerCache } from '../index.ts'
import type { Reporter } from '../reporters/index.ts'

export interface CoreApi {
  check: typeof check
  listRules: typeof listRules
  /**
   * A core that keeps its own layer cache (in a check process) reports it here, with that process's
   * memory; absent: the server's cache is the one used.
   */
  stats?: () => Promise<{ layerCache: { entries: number; maxEntries: number; hits: number; misses: number }; memoryUsage: NodeJS.MemoryUsage } | undefined>
  /** Release what the core holds (kill its check process). */
  close?: () => void
}

export type { CheckOptions, LayerCache }

export const CORE: CoreApi = { check, listRules }

/** `reporters[format](report, ctx)` from src/reporters/index.ts, by format name. */
export type ReporterMap = Record<string, Reporter>

export const REPORTERS: ReporterMap = reporters

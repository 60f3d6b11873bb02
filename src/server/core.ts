// The parts of the programmatic API (src/index.ts) and of the reporters that the server calls.

import { check, listRules, reporters, type CheckOptions, type LayerCache } from '../index.ts'
import type { Reporter } from '../reporters/index.ts'

export interface CoreApi {
  check: typeof check
  listRules: typeof listRules
}

export type { CheckOptions, LayerCache }

export const CORE: CoreApi = { check, listRules }

/** `reporters[format](report, ctx)` from src/reporters/index.ts, by format name. */
export type ReporterMap = Record<string, Reporter>

export const REPORTERS: ReporterMap = reporters

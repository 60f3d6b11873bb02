// What a rule module is: metadata (id, options with their unit kinds, messages) and a check over one side.

import type { Feature, Layer, Point, Role, Side } from '../layers/model.ts'
import type { FeatureIndex } from '../spatial/index.ts'
import type { Process } from './deck.ts'
import type { BumpSites } from '../layers/bump-sites.ts'
import type { Severity } from './report.ts'

/**
 * How an option's number is read from the deck and written back in findings:
 * `length` in deck units → nm; `area` in deck units² → nm²; `fraction` 0..1; `temperature` °C.
 */
export type OptionKind = 'length' | 'area' | 'fraction' | 'number' | 'integer' | 'boolean' | 'temperature' | 'enum' | 'strings'

export interface OptionSpec {
  kind: OptionKind
  description: string
  /** Allowed values for `enum`. */
  values?: readonly string[]
  /** Omitted options are null in the check unless `required`. */
  required?: boolean
}

export interface RuleMeta {
  id: string
  description: string
  defaultSeverity: Severity
  /** Roles whose absence on a side makes the rule impossible there (a clear ConfigError names them). */
  needs: Role[]
  /**
   * The rule judges bump pads only: with no bump pad on any side checked it has nothing to judge,
   * and is listed as not run (never a silent pass).
   */
  needsBumpPads?: boolean
  /** Rules whose findings this one defers to: a feature already in error there is not reported again here. */
  after?: string[]
  options: Record<string, OptionSpec>
  /** messageId → template with {measured} {limit} and any other {name} given in `data`. */
  messages: Record<string, string>
}

/** Option values after unit conversion (lengths in nm, areas in nm²). */
export type Options = Record<string, number | boolean | string | string[] | null>

/** What a rule reports: the engine adds severity, side, units, ordering and the message text. */
export interface RawFinding {
  messageId: string
  /** Site in nm. */
  at: Point
  /** Box in nm; defaults to the features' boxes joined. */
  bbox?: [number, number, number, number]
  /** Measured value and limit in the kind of `valueKind` (nm, nm², fraction, °C …), converted at the edge. */
  measured: number | null
  limit: number | null
  valueKind: OptionKind | 'none'
  features: Feature[]
  /** Extra values for the message template, already formatted text. */
  data?: Record<string, string>
}

export interface RuleContext {
  side: Side
  options: Options
  process: Process
  /** Layers of a role that apply to this side (through-hole and `both` layers included). */
  layers(role: Role): Layer[]
  /** All features of a role on this side, with one spatial index over them (built once per run). */
  features(role: Role): Feature[]
  index(role: Role): FeatureIndex
  /** Pads with their wettable areas and deposits, derived once per side and shared. */
  bumpSites(): BumpSites
  /** True when a rule this one runs after already reported an error on the feature. */
  hasError(feature: Feature): boolean
  report(finding: RawFinding): void
  /** Format a value of a kind in deck units, for message data. */
  format(value: number, kind: OptionKind): string
  /** Abort point for long loops: throws if the run was cancelled. */
  checkCancelled(): void
}

export interface Rule {
  meta: RuleMeta
  /** Run once per side checked; `side` is 'top' or 'bottom'. Process-only rules use `checkProcess` instead. */
  check?(ctx: RuleContext): void
  /** Rules about the deck itself (materials): run once per run, not per side. */
  checkProcess?(ctx: RuleContext): void
}

export function defineRule(rule: Rule): Rule {
  return rule
}

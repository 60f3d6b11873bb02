// What a rule module is: metadata (id, options with their unit kinds, messages) and a check over one side.

import type { Feature, Layer, Role, Side } from '../layers/model.ts'
import type { Point } from '../geometry/types.ts'
import type { FeatureIndex } from '../spatial/index.ts'
import type { Process } from './deck.ts'
import type { BumpSites } from '../layers/bump-sites.ts'
import type { Severity } from './report.ts'
import type { FeatureList } from '../layers/packed-feature.ts'

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
  /** Omitted options are null in the check unless `required` or given a `default`. */
  required?: boolean
  /**
   * The value an omitted option takes, in working units (lengths nm, areas nm², fractions 0..1).
   * Declared here so that rule bodies never carry `?? 4` literals; `bumpcheck rules` and the docs show it.
   */
  default?: number | boolean | string | readonly string[]
}

/** The value type of an option of kind K (enum: its listed values). */
type KindValue<S extends OptionSpec> =
  S['kind'] extends 'boolean' ? boolean
    : S['kind'] extends 'strings' ? string[]
      : S['kind'] extends 'enum' ? (S['values'] extends readonly (infer V extends string)[] ? V : string)
        : number

/** An option as the check sees it: never null when required or defaulted. */
type OptionValue<S extends OptionSpec> = S extends { required: true } | { default: unknown } ? KindValue<S> : KindValue<S> | null

/** The options object of a rule whose meta declares `O`. */
export type OptionsOf<O extends Record<string, OptionSpec>> = { readonly [K in keyof O]: OptionValue<O[K]> }

export interface RuleMeta<O extends Record<string, OptionSpec> = Record<string, OptionSpec>, M extends Record<string, string> = Record<string, string>> {
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
  options: O
  /** messageId → template with {measured} {limit} and any other {name} given in `data`. */
  messages: M
  /**
   * What the tile planner (src/engine/tiles.ts) must respect for this rule, so the engine names no
   * rule. `gridTolerance` names the fraction option by which the rule's grids (arrays it links by
   * pitch) may stray: no tile cut runs through a channel narrower than (1 + that) pitches.
   */
  tiling?: { gridTolerance?: keyof O & string }
}

/** Option values after unit conversion (lengths in nm, areas in nm²). */
export type Options = Record<string, number | boolean | string | string[] | null>

/** What a rule reports: the engine adds severity, side, units, ordering and the message text. */
export interface RawFinding<Id extends string = string> {
  /** A key of the rule's `messages` (checked by the compiler for rules made with defineRule). */
  messageId: Id
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

/** A finding about the deck or the process as a whole: no site, no box, no feature (reported with at and bbox null). */
export interface SitelessFinding<Id extends string = string> extends Omit<RawFinding<Id>, 'at' | 'bbox' | 'features'> {
  at: null
}

export interface RuleContext<O extends Record<string, OptionSpec> = Record<string, OptionSpec>, Id extends string = string> {
  side: Side
  /** The deck's options, converted, with declared defaults filled in. */
  options: Record<string, OptionSpec> extends O ? Options : OptionsOf<O>
  process: Process
  /** Layers of a role that apply to this side (through-hole and `both` layers included). */
  layers(role: Role): Layer[]
  /** All features of a role on this side, with one spatial index over them (built once per run). */
  features(role: Role): FeatureList
  index(role: Role): FeatureIndex
  /** Pads with their wettable areas and deposits, derived once per side and shared. */
  bumpSites(): BumpSites
  /** True when another rule (one this one runs after) reported an error on the feature; never for this rule's own. */
  hasError(feature: Feature): boolean
  report(finding: RawFinding<Id> | SitelessFinding<Id>): void
  /** Format a value of a kind in deck units, for message data. */
  format(value: number, kind: OptionKind): string
  /** Abort point for long loops: throws if the run was cancelled. */
  checkCancelled(): void
}

export interface Rule<O extends Record<string, OptionSpec> = Record<string, OptionSpec>, M extends Record<string, string> = Record<string, string>> {
  meta: RuleMeta<O, M>
  /** Run once per side checked; `side` is 'top' or 'bottom'. Process-only rules use `checkProcess` instead. */
  check?(ctx: RuleContext<O, keyof M & string>): void
  /** Rules about the deck itself (materials): run once per run, not per side. */
  checkProcess?(ctx: RuleContext<O, keyof M & string>): void
}

/** The deck's options with each omitted one set to its declared default. */
export function withDefaults(specs: Record<string, OptionSpec>, options: Options): Options {
  let out: Options | undefined
  for (const [name, spec] of Object.entries(specs)) {
    const value = options[name]
    if ((value === null || value === undefined) && spec.default !== undefined) {
      out ??= { ...options }
      out[name] = (Array.isArray(spec.default) ? [...spec.default] : spec.default) as Options[string]
    }
  }
  return out ?? options
}

/**
 * A rule module, typed from its own meta: `ctx.options` has one field per declared option, of the
 * option's kind (null only when it is neither required nor defaulted), and `ctx.report` takes only
 * the keys of `messages` as messageId. Declared defaults are filled in before the check runs.
 */
export function defineRule<const O extends Record<string, OptionSpec>, const M extends Record<string, string>>(rule: Rule<O, M>): Rule {
  const { check, checkProcess } = rule
  const fill = (ctx: RuleContext<O, keyof M & string>): RuleContext<O, keyof M & string> => {
    const options = withDefaults(rule.meta.options, ctx.options as Options)
    return options === ctx.options ? ctx : { ...ctx, options: options as RuleContext<O, keyof M & string>['options'] }
  }
  const out: Rule<O, M> = { meta: rule.meta }
  if (check) out.check = (ctx) => check.call(rule, fill(ctx))
  if (checkProcess) out.checkProcess = (ctx) => checkProcess.call(rule, fill(ctx))
  return out as unknown as Rule
}

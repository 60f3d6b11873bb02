// The programmatic API: the CLI, the JSON-RPC server and the CAD host adapters are thin shells over this.
//
// @example
//   import { check } from 'bumpcheck'
//   const report = await check(['board/gerber'], { deck: 'pcb-bga' })
//   if (!report.summary.pass) console.log(report.findings.map((f) => f.message).join('\n'))

export { check, checkWithLayers, listRules, summarise, VERSION, type CheckOptions, type CheckResult } from './check.ts'
export { reporters, render, REPORT_FORMATS, type ReportFormat, type RenderContext } from './reporters/index.ts'
export type { Report, Finding, Severity, Summary } from './engine/report.ts'
export type { Layer, Feature, Role, Side } from './layers/model.ts'
export type { Shape } from './geometry/types.ts'
export { InputError, ConfigError, LimitError } from './errors.ts'
/**
 * The bundled deck presets, by name: `check(inputs, { deck: PRESETS[0] })`. Their JSON is also
 * exported as `bumpcheck/presets/<name>` (e.g. `import deck from 'bumpcheck/presets/pcb-bga' with { type: 'json' }`).
 */
export { PRESETS, type Deck } from './engine/deck.ts'

/** Parsed layers by content SHA-256, kept by a long-lived caller such as the server. */
export interface LayerCache {
  get(sha256: string): unknown | undefined
  set(sha256: string, parsed: unknown): void
}

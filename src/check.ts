// check(inputs, options) → Report: read the layers, run the deck, apply waivers, summarise.
// Everything the CLI, the server and the host adapters do goes through here.

import { readFileSync } from 'node:fs'
import { loadDeck, type Deck } from './engine/deck.ts'
import type { Finding, Report, Summary } from './engine/report.ts'
import { runRules } from './engine/run.ts'
import { byText } from './order.ts'
import { applyWaivers, parseWaivers, type Waiver } from './engine/waivers.ts'
import type { ReadLimits } from './errors.ts'
import { loadLayers } from './layers/load.ts'
import type { LayerMapping } from './ingest/identify-layers.ts'
import type { Layer, Role, Side } from './layers/model.ts'
import { rules } from './rules/index.ts'

export const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version

export interface CheckOptions {
  /** Preset name ('pcb-bga' | 'flip-chip-substrate' | 'bump-film'), a deck file path, or a parsed deck. Default pcb-bga. */
  deck?: string | object
  side?: 'top' | 'bottom' | 'both'
  /** Explicit roles by file name or glob; wins over the deck's `layers` and over X2 and file names. */
  mapping?: Record<string, { role: Role; side?: Side }>
  /** A waivers file path or its parsed entries. */
  waivers?: string | Waiver[]
  /** Date waivers expire against, YYYY-MM-DD (default: today, UTC). */
  today?: string
  limits?: Partial<ReadLimits>
  onProgress?: (p: { stage: string; done: number; total: number }) => void
  signal?: AbortSignal
  /** Parsed layers by content SHA-256, kept by a long-lived caller (the server). */
  layerCache?: { get(sha256: string): unknown; set(sha256: string, parsed: unknown): void }
}

/** A mapping may leave the side out: drills and outlines belong to both sides, the rest to the top. */
function withSides(mapping: Record<string, { role: Role; side?: Side }>): LayerMapping {
  return Object.fromEntries(Object.entries(mapping).map(([k, v]) => [k, { role: v.role, side: v.side ?? (v.role === 'vias' || v.role === 'outline' ? 'both' : 'top') }]))
}

export interface CheckResult {
  report: Report
  layers: Layer[]
  deck: Deck
}

/**
 * Check fabrication files against a rule deck.
 * @example const report = await check(['fixtures/kicad-bga-dev/gerber'], { deck: 'pcb-bga' })
 */
export async function check(inputs: string[], options: CheckOptions = {}): Promise<Report> {
  return (await checkWithLayers(inputs, options)).report
}

/** As `check`, also returning the layers read (the HTML report draws them). */
export async function checkWithLayers(inputs: string[], options: CheckOptions = {}): Promise<CheckResult> {
  const deck = loadDeck(options.deck, rules)
  options.onProgress?.({ stage: 'read', done: 0, total: inputs.length })
  const loaded = await loadLayers(inputs, {
    mapping: withSides({ ...deck.layers, ...options.mapping }),
    ...(options.limits && { limits: options.limits }),
    ...(options.layerCache && { cache: options.layerCache }),
    ...(options.signal && { signal: options.signal }),
  })
  const sides: ('top' | 'bottom')[] = options.side === 'top' ? ['top'] : options.side === 'bottom' ? ['bottom'] : ['top', 'bottom']
  const total = deck.rules.size * sides.length
  let done = 0
  const { findings, notes } = runRules(loaded.layers, deck, rules, {
    sides,
    inputsIncomplete: loaded.errors.length > 0,
    signal: options.signal,
    onRule: (rule, side) => options.onProgress?.({ stage: `${rule} (${side})`, done: ++done, total }),
  })

  const waiverList = typeof options.waivers === 'string' ? parseWaivers(readFileSync(options.waivers, 'utf8'), options.waivers) : (options.waivers ?? [])
  const today = options.today ?? new Date().toISOString().slice(0, 10)
  const waived = applyWaivers(findings, waiverList, today)

  const inputs_ = loaded.inputs.map((input) => {
    // a Gerber/Excellon file is one layer; an ODB++ job holds many, each named inside the job
    const layers = loaded.layers.filter((l) => l.file === input.path || l.file.startsWith(`${input.path}/`))
    const counts: Record<string, number> = { flash: 0, draw: 0, arc: 0, region: 0, hole: 0, slot: 0 }
    for (const layer of layers) for (const f of layer.features) counts[f.kind]!++
    const [layer] = layers
    const job = layers.length > 1 || layer?.format === 'odb'
    return {
      path: input.path,
      sha256: input.sha256,
      role: job ? `job (${layers.length} layers)` : (layer?.role ?? 'unread'),
      side: job ? ('both' as const) : (layer?.side ?? 'both'),
      format: layer?.format ?? 'unknown',
      counts,
    }
  })
  const diagnostics = loaded.layers
    .flatMap((l) => l.diagnostics.map((d) => ({ path: d.source.file, line: d.source.line, message: d.message })))
    .sort((a, b) => byText(a.path, b.path) || a.line - b.line || byText(a.message, b.message))

  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'bumpcheck', version: VERSION },
    deck: { name: deck.name, sha256: deck.sha256, units: deck.units },
    inputs: inputs_,
    inputErrors: loaded.errors,
    diagnostics,
    notes,
    rules: [...deck.rules].map(([id, setting]) => ({ id, description: rules.get(id)!.meta.description, severity: setting.severity })),
    findings: waived.findings,
    waived: waived.waived,
    waiverProblems: waived.problems,
    summary: summarise(waived.findings, waived.waived.length, loaded.errors.length),
  }
  return { report, layers: loaded.layers, deck }
}

/** Counts and the verdict: never a pass while an error is open or an input was not read. */
export function summarise(findings: readonly Finding[], waived: number, inputErrors: number): Summary {
  const byRule: Record<string, number> = {}
  for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1
  const errors = findings.filter((f) => f.severity === 'error').length
  const sortedByRule = Object.fromEntries(Object.entries(byRule).sort((a, b) => byText(a[0], b[0])))
  return { errors, warnings: findings.length - errors, waived, byRule: sortedByRule, pass: errors === 0 && inputErrors === 0 }
}

export function listRules(): { id: string; description: string; defaultSeverity: string; docs: string }[] {
  return [...rules.values()].map((r) => ({
    id: r.meta.id,
    description: r.meta.description,
    defaultSeverity: r.meta.defaultSeverity,
    docs: `docs/rules/${r.meta.id}.md`,
  }))
}

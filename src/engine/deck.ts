// Rule decks are data: read, validate against rules/deck.schema.json and the rules' option specs,
// and convert every number to integer-nm working units once, here.

import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv, type ErrorObject } from 'ajv'
import { ConfigError } from '../errors.ts'
import type { Role, Side } from '../layers/model.ts'
import type { BumpPadMode } from '../layers/bump-pads.ts'
import { jsonSyntaxProblem } from './waivers.ts'
import type { OptionKind, OptionSpec, Options, Rule } from './rule.ts'
import type { Severity } from './report.ts'

export const RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../rules')
export const PRESETS = ['pcb-bga', 'flip-chip-substrate', 'bump-film'] as const

export const DECK_UNITS = { mm: 1_000_000, um: 1_000, mil: 25_400 } as const
export type DeckUnits = keyof typeof DECK_UNITS

/** The deck's process block in working units (lengths nm). */
export interface Process {
  depositThickness: number | null
  metalVolumeFraction: number | null
  bumpMetal: string | null
  padMetal: string | null
  padThickness: number
  barrier: string | null
  willBeSoldered: boolean
  /** Largest distance molten metal is trusted to draw back (nm): the default of deposit-overhang's maxOverhang. */
  maxDrawback: number | null
  /** Default coplanarity method. */
  coplanarityMethod: 'range' | 'seating-plane'
  /** Aperture functions (X2 `.AperFunction`) a bump pad may carry; pads of other functions are never bump pads. */
  padFunctions: string[]
  /** How bump pads are chosen among the pads (src/layers/bump-pads.ts). */
  bumpPads: BumpPadMode
  /** Largest pitch of a grid the bump-pad heuristic takes as a bump array (nm); null: no limit. */
  maxBumpPitch: number | null
  /** Component globs never taken as bump pads. */
  excludeComponents: string[]
  /** Physical model of the bump (src/physics/): melted deposit cap, pre-formed ball plus paste, or plated cap. */
  model: 'melt-cap' | 'ball-paste' | 'plated-cap'
  /** Stencil foil thickness (nm) for printability; null: use depositThickness. */
  stencilThickness: number | null
  /** Process B film: film thickness, etch depth and plated cap thickness (nm). */
  filmThickness: number | null
  etchDepth: number | null
  capThickness: number | null
  /** ball-paste: ball diameter (nm) per component glob, in deck order; parts not listed take the JEDEC size for their pitch. */
  ballDiameters: [glob: string, diameter: number][]
}

export interface RuleSetting {
  severity: Severity
  options: Options
  /** The options as the deck wrote them (deck units), for the report. */
  given: Record<string, unknown>
  /** Sides the rule runs on (the deck's `sides` option); absent: every side checked. */
  sides?: Side[]
}

export interface Deck {
  name: string
  sha256: string
  units: DeckUnits
  process: Process
  /** Explicit role mapping: file name or glob → role/side. */
  layers: Record<string, { role: Role; side?: Side }>
  /** Enabled rules only, by id. */
  rules: Map<string, RuleSetting>
  /** Where the deck came from (path or preset name), for messages. */
  origin: string
}

/** Surface pads a part is soldered to by its bumps; connector, test, fiducial, heatsink and through-hole pads are not. */
const DEFAULT_PAD_FUNCTIONS = ['SMDPad', 'BGAPad']

let validateDeckSchema: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null }

function schemaValidator() {
  if (!validateDeckSchema) {
    const schema = JSON.parse(readFileSync(join(RULES_DIR, 'deck.schema.json'), 'utf8'))
    validateDeckSchema = new Ajv({ allErrors: false, strict: false }).compile(schema)
  }
  return validateDeckSchema
}

/** `/rules/via-pitch/1/minPitch` → `rules.via-pitch[1].minPitch` */
function jsonPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('')
    .replace(/\.\[/g, '[')
}

/** Find and read a deck: a preset name, a path, or an already-parsed object. */
export function readDeckSource(deck: string | object | undefined): { text: string; data: unknown; origin: string } {
  if (deck !== undefined && typeof deck === 'object') {
    const text = JSON.stringify(deck)
    return { text, data: deck, origin: '<object>' }
  }
  const name = deck ?? 'pcb-bga'
  const path = (PRESETS as readonly string[]).includes(name) ? join(RULES_DIR, `${name}.json`) : name
  if (!existsSync(path)) {
    throw new ConfigError(`Deck "${name}" is neither a preset (${PRESETS.join(', ')}) nor a readable file`)
  }
  const text = readFileSync(path, 'utf8')
  try {
    return { text, data: JSON.parse(text), origin: path }
  } catch (error) {
    throw new ConfigError(`Deck ${path} is not valid JSON (${jsonSyntaxProblem(error, text)})`)
  }
}

/** Read, validate and convert a deck. `rules` is the registry, to check rule ids and option types. */
export function loadDeck(deck: string | object | undefined, rules: ReadonlyMap<string, Rule>): Deck {
  const { text, data, origin } = readDeckSource(deck)
  const validate = schemaValidator()
  if (!validate(data)) {
    const error = validate.errors![0]!
    const where = jsonPath(error.instancePath) || '(deck)'
    throw new ConfigError(`Deck ${origin}: ${where} ${error.message}`, where)
  }
  const raw = data as RawDeck
  const units: DeckUnits = raw.units ?? 'mm'
  const scale = DECK_UNITS[units]
  const p = raw.process ?? {}
  const length = (v: number | undefined | null) => (v === undefined || v === null ? null : Math.round(v * scale))
  const process: Process = {
    depositThickness: length(p.depositThickness),
    metalVolumeFraction: p.metalVolumeFraction ?? null,
    bumpMetal: p.bumpMetal ?? null,
    padMetal: p.padMetal ?? null,
    padThickness: length(p.padThickness) ?? 0,
    barrier: p.barrier ?? null,
    willBeSoldered: p.willBeSoldered ?? false,
    maxDrawback: length(p.maxDrawback),
    coplanarityMethod: p.coplanarityMethod ?? 'seating-plane',
    padFunctions: p.padFunctions ?? DEFAULT_PAD_FUNCTIONS,
    bumpPads: p.bumpPads === undefined || p.bumpPads === 'all' ? 'smd' : p.bumpPads,
    maxBumpPitch: length(p.maxBumpPitch),
    excludeComponents: p.excludeComponents ?? [],
    model: p.model ?? 'melt-cap',
    stencilThickness: length(p.stencilThickness),
    filmThickness: length(p.filmThickness),
    etchDepth: length(p.etchDepth),
    capThickness: length(p.capThickness),
    ballDiameters: Object.entries(p.ballDiameters ?? {}).map(([glob, d]) => [glob, length(d)!] as [string, number]),
  }

  const settings = new Map<string, RuleSetting>()
  for (const id of Object.keys(raw.rules ?? {}).sort()) {
    const rule = rules.get(id)
    if (!rule) throw new ConfigError(`Deck ${origin}: rules.${id} is not a known rule (known: ${[...rules.keys()].join(', ')})`, `rules.${id}`)
    const entry = raw.rules![id]!
    const [severity, given = {}] = Array.isArray(entry) ? entry : [entry]
    if (severity === 'off') continue
    const { sides, ...options } = given as { sides?: Side[] } & Record<string, unknown>
    settings.set(id, {
      severity,
      options: convertOptions(id, rule.meta.options, options, scale, origin),
      given: options,
      ...(sides && { sides }),
    })
  }
  if (settings.size === 0) throw new ConfigError(`Deck ${origin}: every rule is off, so nothing would be checked; turn at least one rule on`, 'rules')
  return {
    name: raw.name,
    sha256: createHash('sha256').update(text).digest('hex'),
    units,
    process,
    layers: raw.layers ?? {},
    rules: settings,
    origin,
  }
}

function convertOptions(id: string, specs: Record<string, OptionSpec>, given: Record<string, unknown>, scale: number, origin: string): Options {
  const out: Options = {}
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(specs, name)) {
      throw new ConfigError(`Deck ${origin}: rules.${id}[1].${name} is not an option of ${id} (options: ${Object.keys(specs).join(', ')})`, `rules.${id}[1].${name}`)
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    const path = `rules.${id}[1].${name}`
    const value = given[name]
    if (value === undefined || value === null) {
      if (spec.required) throw new ConfigError(`Deck ${origin}: ${path} is required (${spec.description})`, path)
      out[name] = null
      continue
    }
    out[name] = convertValue(value, spec, scale, `Deck ${origin}: ${path}`, path)
  }
  return out
}

function convertValue(value: unknown, spec: OptionSpec, scale: number, label: string, path: string): Options[string] {
  const fail = (what: string): never => {
    throw new ConfigError(`${label} must be ${what} (got ${JSON.stringify(value)})`, path)
  }
  const kind: OptionKind = spec.kind
  switch (kind) {
    case 'boolean':
      return typeof value === 'boolean' ? value : fail('true or false')
    case 'enum':
      return typeof value === 'string' && spec.values!.includes(value) ? value : fail(`one of ${spec.values!.join(', ')}`)
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : fail('a list of strings')
    default: {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`a ${kind === 'number' ? 'number' : kind}`)
      if (kind === 'length') return value >= 0 ? Math.round(value * scale) : fail('a length ≥ 0')
      if (kind === 'area') return value >= 0 ? value * scale * scale : fail('an area ≥ 0')
      if (kind === 'fraction') return value >= 0 && value <= 1 ? value : fail('a fraction between 0 and 1')
      if (kind === 'integer') return Number.isInteger(value) && value >= 0 ? value : fail('a whole number ≥ 0')
      return value
    }
  }
}

/** Convert a working value back to deck units for findings. */
export function toDeckUnits(value: number, kind: OptionKind | 'none', units: DeckUnits): number {
  const scale = DECK_UNITS[units]
  if (kind === 'length') return value / scale
  if (kind === 'area') return value / (scale * scale)
  return value
}

export function unitLabel(kind: OptionKind | 'none', units: DeckUnits): string {
  if (kind === 'length') return units
  if (kind === 'area') return `${units}2`
  if (kind === 'temperature') return 'degC'
  if (kind === 'fraction') return 'fraction'
  return ''
}

interface RawDeck {
  name: string
  units?: DeckUnits
  process?: {
    depositThickness?: number
    metalVolumeFraction?: number
    bumpMetal?: string
    padMetal?: string
    padThickness?: number
    barrier?: string | null
    willBeSoldered?: boolean
    maxDrawback?: number
    coplanarityMethod?: 'range' | 'seating-plane'
    padFunctions?: string[]
    bumpPads?: 'all' | BumpPadMode
    maxBumpPitch?: number
    excludeComponents?: string[]
    model?: Process['model']
    stencilThickness?: number
    filmThickness?: number
    etchDepth?: number
    capThickness?: number
    ballDiameters?: Record<string, number>
  }
  layers?: Record<string, { role: Role; side?: Side }>
  rules?: Record<string, [Severity | 'off', Record<string, unknown>?] | Severity | 'off'>
}

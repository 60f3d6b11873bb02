// Rule decks are data: read, validate against rules/deck.schema.json and the rules' option specs,
// and convert every number to integer-nm working units once, here.

import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { cwd } from 'node:process'
import { fileURLToPath } from 'node:url'
import type { ErrorObject } from 'ajv'
import { validate as validateDeckSchema } from './deck-schema-validator.ts'
import { ConfigError, InputError } from '../errors.ts'
import { readFlagFileText } from '../ingest/flag-file.ts'
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

/**
 * rules/deck.schema.json as Ajv compiles it, compiled ahead (scripts/gen-deck-validator.ts): a check
 * neither loads Ajv nor compiles the schema, ~0.16 s of a 100 k-bump check's ~1.2 s.
 */
const validateDeck = validateDeckSchema as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null }

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
  const path = presetPath(name) ?? name
  if (!existsSync(path)) {
    throw new ConfigError(`Deck "${name}" is neither a preset (${PRESETS.join(', ')}) nor a readable file`)
  }
  let text: string
  try {
    text = readFlagFileText(path)
  } catch (error) {
    const cause = error instanceof InputError ? error.what : `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`
    throw new ConfigError(`Deck ${path}: ${cause}`)
  }
  try {
    return { text, data: JSON.parse(text), origin: path }
  } catch (error) {
    throw new ConfigError(`Deck ${path} is not valid JSON (${jsonSyntaxProblem(error, text)})`)
  }
}

function presetPath(name: string): string | undefined {
  return (PRESETS as readonly string[]).includes(name) ? join(RULES_DIR, `${name}.json`) : undefined
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = row
  }
  return previous[b.length]!
}

/** The closest candidate within edit distance 2, or one the word is a prefix of (or that is a prefix of it); undefined if none. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined
  for (const name of candidates) {
    const distance = editDistance(word, name)
    const prefix = word.length >= 2 && (name.startsWith(word) || word.startsWith(name))
    if (distance > 2 && !prefix) continue
    if (best === undefined || distance < best.distance) best = { name, distance }
  }
  return best?.name
}

/** ` (did you mean "x"?)`, or the list of known names when nothing is close. */
function suggestion(word: string, known: string[]): string {
  const close = didYouMean(word, known)
  return close !== undefined ? `; did you mean ${close}?` : ` (known: ${known.join(', ')})`
}

/** A rule's entry as `[severity, options?]`, the shape merging works on. */
type RuleEntry = [Severity | 'off', Record<string, unknown>?]

const asEntry = (entry: RuleEntry | Severity | 'off'): RuleEntry => (Array.isArray(entry) ? entry : [entry])

/**
 * One deck over the deck it extends, as ESLint merges configs: a rule given with options replaces
 * the base's entry; a bare severity ("off", "warning", ["error"]) keeps the base's options; process
 * fields, layers and sources merge key by key, the extending deck's value winning.
 */
export function mergeDecks(base: RawDeck, over: RawDeck): RawDeck {
  const rules: Record<string, RuleEntry> = {}
  for (const [id, entry] of Object.entries(base.rules ?? {})) rules[id] = asEntry(entry)
  for (const [id, entry] of Object.entries(over.rules ?? {})) {
    const [severity, options] = asEntry(entry)
    const kept = options ?? rules[id]?.[1]
    rules[id] = kept === undefined ? [severity] : [severity, kept]
  }
  const merged: RawDeck = { name: over.name ?? base.name, rules }
  const description = over.description ?? base.description
  if (description !== undefined) merged.description = description
  const units = over.units ?? base.units
  if (units !== undefined) merged.units = units
  if (base.process !== undefined || over.process !== undefined) merged.process = { ...base.process, ...over.process }
  if (base.layers !== undefined || over.layers !== undefined) merged.layers = { ...base.layers, ...over.layers }
  if (base.sources !== undefined || over.sources !== undefined) merged.sources = { ...base.sources, ...over.sources }
  return merged
}

/**
 * Read a deck and everything it extends, base first, validating each against the schema and its
 * rule ids against the registry. `chain` holds the files being resolved, to refuse a cycle.
 */
function resolveDeck(deck: string | object | undefined, rules: ReadonlyMap<string, Rule>, from: string, chain: string[]): { raw: RawDeck; texts: string[] } {
  const { text, data, origin } = readDeckSource(deck)
  const key = origin === '<object>' ? origin : resolve(origin)
  if (chain.includes(key)) {
    const names = [...chain.slice(chain.indexOf(key)), key].map((k) => (k.startsWith(RULES_DIR) ? basename(k, '.json') : k))
    throw new ConfigError(`Deck ${chain.at(-1)}: extends makes a cycle (${names.join(' → ')}); remove one of these extends`, 'extends')
  }
  if (!validateDeck(data)) {
    const error = validateDeck.errors![0]!
    const where = jsonPath(error.instancePath) || '(deck)'
    throw new ConfigError(`Deck ${origin}: ${where} ${error.message}`, where)
  }
  const own = data as RawDeck & { extends?: string | string[] }
  for (const id of Object.keys(own.rules ?? {})) {
    if (!rules.has(id)) throw new ConfigError(`Deck ${origin}: rules.${id} is not a known rule${suggestion(id, [...rules.keys()])}`, `rules.${id}`)
  }
  const bases = own.extends === undefined ? [] : typeof own.extends === 'string' ? [own.extends] : own.extends
  if (bases.length === 0) {
    // no extends: the deck stands alone, so name and rules are its own to give
    for (const field of ['name', 'rules'] as const) {
      if (own[field] === undefined) throw new ConfigError(`Deck ${origin}: (deck) must have required property '${field}' (or extend a preset: "extends": "pcb-bga")`, field)
    }
    return { raw: own, texts: [text] }
  }
  // a file named by extends is relative to the deck that names it; an object deck's, to `from`
  const folder = origin === '<object>' ? from : dirname(resolve(origin))
  let merged: RawDeck | undefined
  const texts: string[] = []
  for (const name of bases) {
    const target = presetPath(name) !== undefined ? name : resolve(folder, name)
    if (presetPath(name) === undefined && !existsSync(target)) {
      throw new ConfigError(`Deck ${origin}: extends "${name}" is neither a preset (${PRESETS.join(', ')}) nor a file (looked for ${target})`, 'extends')
    }
    const base = resolveDeck(target, rules, from, [...chain, key])
    merged = merged === undefined ? base.raw : mergeDecks(merged, base.raw)
    texts.push(...base.texts)
  }
  // a deck that sets no units inherits its base's; mixing units would scale the base's numbers wrongly
  if (own.units !== undefined && merged!.units !== undefined && own.units !== merged!.units) {
    throw new ConfigError(`Deck ${origin}: units ${own.units} differ from the units ${merged!.units} of the deck it extends; write the overrides in ${merged!.units} (or leave units out)`, 'units')
  }
  const { extends: _extends, ...rest } = own
  return { raw: mergeDecks(merged!, rest), texts: [...texts, text] }
}

/**
 * Read, validate and convert a deck, after resolving its `extends` chain. `rules` is the registry,
 * to check rule ids and option types.
 */
export function loadDeck(deck: string | object | undefined, rules: ReadonlyMap<string, Rule>): Deck {
  const origin = readDeckSource(deck).origin
  const { raw, texts } = resolveDeck(deck, rules, cwd(), [])
  // a deck alone hashes as its file; an extended one as every file of its chain, base first
  const hash = createHash('sha256')
  if (texts.length === 1) hash.update(texts[0]!)
  else for (const text of texts) hash.update(createHash('sha256').update(text).digest('hex')).update('\n')
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
    if (!rule) throw new ConfigError(`Deck ${origin}: rules.${id} is not a known rule${suggestion(id, [...rules.keys()])}`, `rules.${id}`)
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
    sha256: hash.digest('hex'),
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

/** A deck as written (after `extends` is resolved), in deck units. */
export interface RawDeck {
  name: string
  description?: string
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
  sources?: Record<string, string>
}

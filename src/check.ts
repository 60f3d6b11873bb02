// check(inputs, options) → Report: read the layers, run the deck, apply waivers, summarise.
// Everything the CLI, the server and the host adapters do goes through here.

import { readFileSync } from 'node:fs'
import { lstat, readdir } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadDeck, type Deck } from './engine/deck.ts'
import type { Finding, Report, Summary, Verdict } from './engine/report.ts'
import type { Rule } from './engine/rule.ts'
import type { RunResult } from './engine/run.ts'
import { checkTiles, readInParallel, WorkerPool, workerTiles, type TileCache, type TileRunner } from './engine/parallel.ts'
import { checkTile } from './engine/tile-check.ts'
import { deriveTiles } from './engine/recheck.ts'
import { deckReach, gridTolerance } from './engine/tiles.ts'
import { ConfigError, InputError } from './errors.ts'
import { readFlagFileText } from './ingest/flag-file.ts'
import { expandInputs, ReadBuffer, type InputEntry } from './ingest/source.ts'
import { PACKED, type PackedLayer } from './layers/pack.ts'
import { layerView } from './layers/packed-feature.ts'
import { byText } from './order.ts'
import { applyWaivers, parseWaivers, type Waiver } from './engine/waivers.ts'
import type { ReadLimits } from './errors.ts'
import { loadEntriesPacked, mergePacked, newReadBudget, type LoadedLayers, type LoadedPacked, type LoadOptions } from './ingest/load.ts'
import type { LayerMapping } from './ingest/identify-layers.ts'
import { FEATURE_KINDS, type FeatureKind, type Layer, type Role, type Side } from './layers/model.ts'
import { rules as builtinRules } from './rules/index.ts'

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
  /** Read an input named in `inputs` that is a symbolic link (its target); links inside folders never are. */
  followLinks?: boolean
  onProgress?: (p: { stage: string; done: number; total: number }) => void
  signal?: AbortSignal
  /** Parsed layers by content SHA-256, kept by a long-lived caller (the server). */
  layerCache?: { get(sha256: string): unknown; set(sha256: string, parsed: unknown): void }
  /**
   * Threads for a tiled run, this one included (default 1: this thread alone). With more, this thread
   * and `workers` − 1 worker threads read the files side by side and check the board in tiles; the
   * report is the same byte for byte.
   */
  workers?: number
  /** Tiles to aim for in a tiled run (default: one per thread). The board may allow fewer. */
  tiles?: number
  /**
   * URL of a module exporting the rule registry as `rules` (id → Rule), for a caller's own rules;
   * default the built-in registry. A tiled run's threads import it too (workers cannot be sent functions).
   */
  registry?: string
  /** Told how many tiles the board was cut into (a tiled run only). */
  onTiles?: (tiles: number) => void
  /**
   * Tile results by content key, kept by a long-lived caller (the server) between checks: the board
   * is then checked in tiles, in this thread when `workers` is 1, and a tile whose features, halo
   * and deck are unchanged since a kept check is not checked again. The last check made with it is
   * kept too (by the cache object, src/engine/recheck.ts): a re-check compares each layer with the
   * same file's then, and keeps its tile plan and key sums where the edit leaves them valid. Same
   * report, byte for byte.
   */
  tileCache?: TileCache
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

/**
 * As `check`, also returning the layers read (the HTML report draws them).
 *
 * One path for every run: the files are read into packed layers (by this thread and, with `workers`
 * > 1, worker threads beside it), the board is cut into tiles (one, the whole board, unless workers or
 * a tile cache ask for more) and the tiles are checked by the same threads (src/engine/parallel.ts).
 * Same report, byte for byte, whatever the cut.
 */
export async function checkWithLayers(inputs: string[], options: CheckOptions = {}): Promise<CheckResult> {
  const rules: ReadonlyMap<string, Rule> = options.registry ? (await import(options.registry)).rules : builtinRules
  const deck = loadDeck(options.deck, rules)
  options.onProgress?.({ stage: 'read', done: 0, total: 0 }) // bytes; the total is known once the inputs are listed
  const mapping = withSides({ ...deck.layers, ...options.mapping })
  const sides: ('top' | 'bottom')[] = options.side === 'top' ? ['top'] : options.side === 'bottom' ? ['bottom'] : ['top', 'bottom']
  const workers = options.workers ?? 1
  if (!(Number.isInteger(workers) && workers >= 1)) throw new ConfigError(`workers must be a whole number of at least 1 (got ${workers})`)

  const { entries, notes, problems } = await expandInputs(inputs, { followLinks: options.followLinks === true })
  const registry = options.registry ?? BUILTIN_REGISTRY
  const pool = workers > 1 ? new WorkerPool(workers, registry, options.signal) : undefined
  try {
    const load: LoadOptions = {
      mapping,
      ...(options.limits && { limits: options.limits }),
      ...(options.layerCache && { cache: options.layerCache }),
      ...(options.signal && { signal: options.signal }),
    }
    const parts = pool
      ? await readInParallel(pool, entries, { mapping, ...(options.limits && { limits: options.limits }) })
      : [options.onProgress ? await loadCounting(entries, load, options.onProgress) : await loadEntriesPacked(entries, load)]
    const loaded = mergePacked([{ layers: [], inputs: [], errors: problems.map((p) => ({ ...p })), notes }, ...parts])
    options.onProgress?.({ stage: 'derive', done: 0, total: 1 })
    const packed = loaded.layers
    const wanted = options.tiles ?? (pool ? TILES_PER_THREAD * workers : options.tileCache ? CACHED_TILES : 1)
    const { tiles } = deriveTiles(options.tileCache, packed, wanted, deckReach(deck, rules), gridTolerance(deck, rules))
    options.onTiles?.(tiles.length)
    const total = deck.rules.size * sides.length * tiles.length
    let done = 0
    const onRule = (rule: string, side: string) => options.onProgress?.({ stage: `${rule} (${side})`, done: ++done, total })
    const run: TileRunner = pool
      ? workerTiles(pool, registry, onRule)
      : async (inputs) => inputs.map((input) => checkTile(input, rules, { onRule, ...(options.signal && { signal: options.signal }) }))
    const result = await checkTiles(run, packed, tiles, { deck, sides, inputsIncomplete: loaded.errors.length > 0, ...(options.tileCache && { cache: options.tileCache }) })
    const report = assembleReport(deck, rules, loaded, packed.map(describeLayer), result, options)
    let layers: Layer[] | undefined
    // the features as handles, made only if a reporter asks (the HTML report draws them)
    return { report, deck, get layers() { return (layers ??= packed.map((l) => layerView(l))) } }
  } finally {
    await pool?.close()
  }
}

/**
 * As loadEntriesPacked, one entry at a time, telling `onProgress` the bytes read so far (stage
 * `read`, done/total in bytes; a file counts when it has been read and parsed). Same result.
 */
async function loadCounting(entries: readonly InputEntry[], load: LoadOptions, onProgress: NonNullable<CheckOptions['onProgress']>): Promise<LoadedPacked> {
  const sizes = await Promise.all(entries.map((entry) => bytesIn(entry.path)))
  const total = sizes.reduce((a, b) => a + b, 0)
  let done = 0
  onProgress({ stage: 'read', done, total })
  const parts: LoadedPacked[] = []
  // one memory budget and one read buffer for the whole read, though it is read entry by entry
  const shared = { ...load, budget: load.budget ?? newReadBudget(load.limits), readBuffer: load.readBuffer ?? new ReadBuffer() }
  for (const [i, entry] of entries.entries()) {
    parts.push(await loadEntriesPacked([entry], shared))
    onProgress({ stage: 'read', done: (done += sizes[i]!), total })
  }
  return mergePacked(parts)
}

/**
 * Bytes in a file, or in every file under a folder (an ODB++ job); 0 for what cannot be read (the reader
 * says why) and for links and special files, which are never followed (a folder of links to itself is no loop).
 */
async function bytesIn(path: string): Promise<number> {
  try {
    const info = await lstat(path)
    if (!info.isDirectory()) return info.isFile() ? info.size : 0
    const sizes = await Promise.all((await readdir(path)).map((name) => bytesIn(join(path, name))))
    return sizes.reduce((a, b) => a + b, 0)
  } catch {
    return 0
  }
}

/**
 * Tiles a tiled run aims for per thread: one. Each tile pays a scan of every feature for its view, a
 * halo, its own indexes and pad choice, so fewer tiles cost less; two per worker once halved each
 * thread's peak memory, when tiles rebuilt feature objects (1.5 GB against 2.2 GB at 1 M bumps), and
 * no longer pay now that they keep ids: 1 M bumps on 2 workers, three alternated runs each,
 * 7.33–7.69 s and 812–821 MiB with one tile a worker against 8.12–8.35 s and 744–782 MiB with two
 * (one thread: 7.71–8.27 s, a slow hour of this VM).
 */
const TILES_PER_THREAD = 1

// the built-in registry's URL: index.ts from the sources, index.js from the compiled package
const BUILTIN_REGISTRY = new URL(`./rules/index${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href

/**
 * Tiles a run with a tile cache and one thread aims for: the finer the cut, the less a local edit
 * re-checks, while each tile pays its halo and its own bump-pad choice. A board allows only cuts
 * through free channels (src/engine/tiles.ts), so a die or a component is never split, whatever this asks.
 */
const CACHED_TILES = 16

/** What the report says about each layer read. */
interface LayerDescription {
  file: string
  format: Layer['format']
  role: Role
  side: Side
  counts: Record<FeatureKind, number>
  diagnostics: Layer['diagnostics']
}

const noCounts = (): Record<FeatureKind, number> => ({ flash: 0, draw: 0, arc: 0, region: 0, hole: 0, slot: 0 })

function describeLayer(layer: PackedLayer): LayerDescription {
  const { file, format, role, side, diagnostics } = layer.meta
  return { file, format, role, side, counts: kindCounts(layer), diagnostics }
}

/**
 * A layer's features by kind, counted by code into a typed array: ~2 ms a million features, where
 * an increment of a record's field by kind name per feature took ~25 ms.
 */
function kindCounts(layer: PackedLayer): Record<FeatureKind, number> {
  const byCode = new Int32Array(FEATURE_KINDS.length), codes = layer.codes
  for (let i = 0; i < layer.count; i++) byCode[codes[i * PACKED.codes + PACKED.code.kind]!]!++
  const counts = noCounts()
  FEATURE_KINDS.forEach((kind, code) => { counts[kind] = byCode[code]! })
  return counts
}

function assembleReport(deck: Deck, rules: ReadonlyMap<string, Rule>, loaded: Omit<LoadedLayers, 'layers'>, layers: LayerDescription[], run: RunResult, options: CheckOptions): Report {
  const { findings, notes } = run
  const waiverList = typeof options.waivers === 'string' ? parseWaivers(readWaiverFile(options.waivers), options.waivers) : (options.waivers ?? [])
  const today = options.today ?? new Date().toISOString().slice(0, 10)
  const waived = applyWaivers(findings, waiverList, today)

  const inputs_ = loaded.inputs.map((input) => {
    // a Gerber/Excellon file is one layer; an ODB++ job holds many, each named inside the job
    const mine = layers.filter((l) => l.file === input.path || l.file.startsWith(`${input.path}/`))
    const counts: Record<string, number> = noCounts()
    for (const layer of mine) for (const kind of FEATURE_KINDS) counts[kind]! += layer.counts[kind]
    const [layer] = mine
    const job = mine.length > 1 || layer?.format === 'odb'
    return {
      path: input.path,
      sha256: input.sha256,
      role: job ? `job (${mine.length} layers)` : (layer?.role ?? 'unread'),
      side: job ? ('both' as const) : (layer?.side ?? 'both'),
      format: layer?.format ?? 'unknown',
      counts,
    }
  })
  // links and special files skipped in input folders are warnings beside the readers' own
  const skipped = loaded.notes.filter((n) => n.warning).map(({ path, line, message }) => ({ path, line, message }))
  const diagnostics = layers
    .flatMap((l) => l.diagnostics.map((d) => ({ path: d.source.file, line: d.source.line, message: d.message })))
    .concat(skipped)
    .sort((a, b) => byText(a.path, b.path) || a.line - b.line || byText(a.message, b.message))

  return {
    schemaVersion: 1,
    tool: { name: 'bumpcheck', version: VERSION },
    deck: { name: deck.name, sha256: deck.sha256, units: deck.units },
    inputs: inputs_,
    inputErrors: loaded.errors,
    diagnostics,
    notes,
    rules: [...deck.rules].map(([id, setting]) => ({
      id, description: rules.get(id)!.meta.description, severity: setting.severity,
      options: { ...setting.given, ...(setting.sides && { sides: setting.sides }) },
    })),
    bumpPads: run.bumpPads,
    notRun: run.notRun,
    findings: waived.findings,
    waived: waived.waived,
    waiverProblems: waived.problems,
    summary: summarise(waived.findings, waived.waived.length, loaded.errors.length, run.notRun.length),
  }
}

/**
 * Counts and the verdict: FAIL while an error is open; else INCOMPLETE while an input was not read or
 * a rule could not run on a side; PASS only when everything asked for was checked and nothing failed.
 */
export function summarise(findings: readonly Finding[], waived: number, inputErrors: number, notRun = 0): Summary {
  const byRule: Record<string, number> = {}
  for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1
  const errors = findings.filter((f) => f.severity === 'error').length
  const sortedByRule = Object.fromEntries(Object.entries(byRule).sort((a, b) => byText(a[0], b[0])))
  const verdict: Verdict = errors > 0 ? 'FAIL' : inputErrors > 0 || notRun > 0 ? 'INCOMPLETE' : 'PASS'
  return { errors, warnings: findings.length - errors, waived, byRule: sortedByRule, pass: verdict === 'PASS', verdict }
}

export function listRules(): { id: string; description: string; defaultSeverity: string; docs: string }[] {
  return [...builtinRules.values()].map((r) => ({
    id: r.meta.id,
    description: r.meta.description,
    defaultSeverity: r.meta.defaultSeverity,
    docs: `docs/rules/${r.meta.id}.md`,
  }))
}

/** A waivers file named by path, read under the byte cap; any problem is a ConfigError naming it. */
function readWaiverFile(path: string): string {
  try {
    return readFlagFileText(path)
  } catch (error) {
    const cause = error instanceof InputError ? error.what : `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`
    throw new ConfigError(`Waivers ${path}: ${cause}`)
  }
}

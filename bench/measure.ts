// One measurement in its own process, so its peak RSS is its own: prints one JSON line.
//   tsx bench/measure.ts stages DIR   parse, derive and per-rule times of the flip-chip-substrate deck
//   tsx bench/measure.ts check PATH [DECK] [WORKERS] [JSON_OUT] [TODAY]   the whole check() as the CLI
//     runs it (WORKERS > 1: tiled); JSON_OUT: also write the JSON report there; TODAY: waiver date
//     (default 2026-01-01)
//   tsx bench/measure.ts scan FILE...   a bare Node read of the files with a newline count, min of 3
// BENCH_FROM=dist: check() and the reporters come from the compiled package (npm run build), so the
// tiled run's workers load dist/engine/tile-worker.js without a TypeScript loader, as an installed
// bumpcheck does; otherwise from src/ through tsx. `stages` always reads src/ (it times internals).

import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { loadDeck } from '../src/engine/deck.ts'
import { runRules } from '../src/engine/run.ts'
import { pairDeposits, wettableSites } from '../src/layers/bump-sites.ts'
import { isPadCandidate } from '../src/layers/bump-pads.ts'
import { loadLayers } from '../src/ingest/load.ts'
import { rules } from '../src/rules/index.ts'
import { FeatureIndex } from '../src/spatial/index.ts'

export interface StageFigures {
  features: number
  parseMs: number
  /** Bump sites (pad ∩ opening, deposit pairing) and indexes, built on their own after the run. */
  deriveMs: number
  /** One spatial index per role over all its layers (pads, mask, deposit, vias), built on their own after the run. */
  indexMs: number
  /** Each rule's time in run order; the first rule that asks for bump sites also pays for building them. */
  rules: { id: string; ms: number }[]
  wallMs: number
  cpuMs: number
  /** process.resourceUsage().maxRSS, MB, taken before the separate derive run. */
  peakRssMb: number
  errors: number
}

export interface CheckFigures {
  wallMs: number
  cpuMs: number
  peakRssMb: number
  findings: number
  inputErrors: number
  /** Tiles the board was cut into (1 for a single-thread run). */
  tiles: number
  /** SHA-256 of the JSON report: a tiled run must give the same. */
  sha256: string
}

export interface ScanFigures {
  bytes: number
  newlines: number
  /** Least of 3 rounds, each reading every file once. */
  minMs: number
  ms: number[]
  /** CPU time (user + system) of the least round: steadier than wall on a shared machine. */
  minCpuMs: number
}

const FROM_DIST = process.env.BENCH_FROM === 'dist'
// typed by the sources; the compiled modules are those sources
const { check } = (await import(FROM_DIST ? '../dist/check.js' : '../src/check.ts')) as typeof import('../src/check.ts')
const { render } = (await import(FROM_DIST ? '../dist/reporters/index.js' : '../src/reporters/index.ts')) as typeof import('../src/reporters/index.ts')

const now = () => performance.now()
const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since)
  return (u.user + u.system) / 1000
}
const peakRssMb = () => process.resourceUsage().maxRSS / 1024

async function stages(dir: string): Promise<StageFigures> {
  const deck = loadDeck('flip-chip-substrate', rules)
  const cpu = process.cpuUsage()
  const started = now()
  const loaded = await loadLayers([dir], { mapping: {} })
  const parsed = now()
  if (loaded.errors.length > 0) throw new Error(`input errors: ${JSON.stringify(loaded.errors)}`)
  const marks: { id: string; at: number }[] = []
  const { findings } = runRules(loaded.layers, deck, rules, {
    sides: ['top'],
    onRule: (id, side) => marks.push({ id: `${id} (${side})`, at: now() }),
  })
  const finished = now()
  const figures: StageFigures = {
    features: loaded.layers.reduce((n, l) => n + l.features.length, 0),
    parseMs: parsed - started,
    deriveMs: 0,
    indexMs: 0,
    rules: marks.map((m, i) => ({ id: m.id, ms: (marks[i + 1]?.at ?? finished) - m.at })),
    wallMs: finished - started,
    cpuMs: cpuMs(cpu),
    peakRssMb: peakRssMb(),
    errors: findings.filter((f) => f.severity === 'error').length,
  }
  // the derive step alone, as sideData builds it for the top side
  const deriveStart = now()
  const of = (role: string) => loaded.layers.filter((l) => l.role === role && l.side === 'top')
  const pads = of('pads').flatMap((l) => l.features.filter(isPadCandidate))
  const masks = of('mask').flatMap((l) => l.features)
  const deposits = of('deposit').flatMap((l) => l.features.filter((f) => f.polarity === 'dark'))
  pairDeposits(wettableSites(pads, masks, new FeatureIndex(masks)), { deposits, clears: [], copper: () => pads })
  new FeatureIndex(loaded.layers.filter((l) => l.role === 'vias').flatMap((l) => l.features))
  figures.deriveMs = now() - deriveStart
  const indexStart = now()
  for (const role of ['pads', 'mask', 'deposit', 'vias']) new FeatureIndex(loaded.layers.filter((l) => l.role === role).flatMap((l) => l.features))
  figures.indexMs = now() - indexStart
  return figures
}

async function wholeCheck(path: string, deck: string, workers: number, jsonOut?: string, today = '2026-01-01'): Promise<CheckFigures> {
  const cpu = process.cpuUsage() // the whole process: worker threads included
  const started = now()
  let tiles = 1
  const report = await check([path], { deck, today, workers, onTiles: (n) => { tiles = n } })
  const wallMs = now() - started
  const json = render('json', report)
  if (jsonOut) writeFileSync(jsonOut, json)
  return {
    wallMs, cpuMs: cpuMs(cpu), peakRssMb: peakRssMb(),
    findings: report.findings.length, inputErrors: report.inputErrors.length, tiles,
    sha256: createHash('sha256').update(json).digest('hex'),
  }
}

/**
 * The floor any reader of these files pays: read each whole file and look at every byte once in JS
 * (a newline count). A loop, not Buffer.indexOf: indexOf is memchr and skips the bytes a parser must
 * look at.
 */
function scan(files: string[]): ScanFigures {
  const ms: number[] = []
  const cpu: number[] = []
  let bytes = 0
  let newlines = 0
  for (let round = 0; round < 3; round++) {
    const cpuStart = process.cpuUsage()
    const started = now()
    bytes = 0
    newlines = 0
    for (const file of files) {
      const data = readFileSync(file)
      bytes += data.length
      for (let i = 0; i < data.length; i++) if (data[i] === 10) newlines++
    }
    ms.push(now() - started)
    cpu.push(cpuMs(cpuStart))
  }
  return { bytes, newlines, minMs: Math.min(...ms), ms, minCpuMs: Math.min(...cpu) }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [mode, path, deck, workers, jsonOut, today] = process.argv.slice(2)
  if (!path) throw new Error('usage: tsx bench/measure.ts stages DIR | check PATH [DECK] [WORKERS] [JSON_OUT] [TODAY] | scan FILE...')
  const result = mode === 'stages' ? await stages(path)
    : mode === 'scan' ? scan(process.argv.slice(3))
    : await wholeCheck(path, deck ?? 'pcb-bga', Number(workers ?? 1), jsonOut || undefined, today)
  process.stdout.write(JSON.stringify(result) + '\n')
}

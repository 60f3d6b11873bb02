// A rule tester in the manner of ESLint's RuleTester: valid and invalid cases, each a small board of
// shape literals (pads, mask openings, deposits, vias, in mm) or a fixture folder, run through the
// real engine (loadDeck + runRules), so bump-pad choice, scope and rule order apply as in a real run.
//
//   const tester = new RuleTester()
//   tester.run('via-pitch', {
//     valid: [{ name: '0.5 mm pitch passes', near: 'tooClose', board: { vias: [hole(0, 0, 0.2), hole(0.5, 0, 0.2)] }, options: { minPitch: 0.5 } }],
//     invalid: [{ name: …, board: …, options: …, errors: [{ messageId: 'tooClose', at: [0.2, 0], measured: 0.4, limit: 0.5 }] }],
//   })
//
// Each invalid case lists every finding the rule makes on its board (order free), each with its
// messageId, its site (mm), and its measured value and limit in the deck's units, worked by hand in
// the test. Each valid case asserts the rule ran (not listed as not run) and found nothing; `near`
// names the messageId it is the passing twin of. `run` ends with a test that every messageId of the
// rule has an invalid case and a nearby valid case; test/rules/meta.test.ts holds every rule to that.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadDeck, PRESETS, RULES_DIR } from '../src/engine/deck.ts'
import type { Finding } from '../src/engine/report.ts'
import { runRules, type RunResult } from '../src/engine/run.ts'
import { shapeBox } from '../src/geometry/polygonize.ts'
import { loadLayers } from '../src/ingest/load.ts'
import type { Feature, FeatureKind, Layer, Polarity, Role, Side } from '../src/layers/model.ts'
import type { Shape } from '../src/geometry/types.ts'
import { rules as registry } from '../src/rules/index.ts'

/** mm → nm, as the readers round. */
export const mm = (v: number): number => Math.round(v * 1e6)

/** A feature as a literal: its shape in nm and any attributes (component, pin, aperFunction, padDefinition …). */
export interface FeatureSpec {
  shape: Shape
  kind?: FeatureKind
  polarity?: Polarity
  attrs?: Partial<Feature> & Record<string, unknown>
}

type Attrs = FeatureSpec['attrs']

/** A circle of diameter d (mm) at (x, y). */
export const circle = (x: number, y: number, d: number, attrs?: Attrs): FeatureSpec =>
  ({ shape: { type: 'circle', cx: mm(x), cy: mm(y), diameter: mm(d) }, ...(attrs && { attrs }) })
/** A w × h rectangle (mm) centred at (x, y), rotated `rotation`° counter-clockwise. */
export const rect = (x: number, y: number, w: number, h: number, attrs?: Attrs, rotation = 0): FeatureSpec =>
  ({ shape: { type: 'rect', cx: mm(x), cy: mm(y), width: mm(w), height: mm(h), rotation }, ...(attrs && { attrs }) })
/** A w × h obround (stadium) centred at (x, y). */
export const obround = (x: number, y: number, w: number, h: number, attrs?: Attrs): FeatureSpec =>
  ({ shape: { type: 'obround', cx: mm(x), cy: mm(y), width: mm(w), height: mm(h), rotation: 0 }, ...(attrs && { attrs }) })
/** A region through the points (mm), counter-clockwise. */
export const region = (points: [number, number][], attrs?: Attrs): FeatureSpec =>
  ({ shape: { type: 'polygon', paths: [points.map(([x, y]) => ({ x: mm(x), y: mm(y) }))] }, kind: 'region', ...(attrs && { attrs }) })
/** A drilled hole of diameter d (mm): a via unless `attrs.aperFunction` says otherwise. */
export const hole = (x: number, y: number, d: number, attrs?: Attrs): FeatureSpec =>
  ({ shape: { type: 'circle', cx: mm(x), cy: mm(y), diameter: mm(d) }, kind: 'hole', attrs: { drill: mm(d), ...attrs } })
/** The same feature with clear polarity (a cut-out). */
export const clear = (f: FeatureSpec): FeatureSpec => ({ ...f, polarity: 'clear' })

/** rows × columns copies of `make(x, y)` at `pitch` (mm) from (x0, y0): a bump array. */
export function grid(rows: number, columns: number, pitch: number, make: (x: number, y: number, r: number, c: number) => FeatureSpec, x0 = 0, y0 = 0): FeatureSpec[] {
  const out: FeatureSpec[] = []
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out.push(make(x0 + c * pitch, y0 + r * pitch, r, c))
  return out
}

/** One side's layers as literals. Every role given becomes one layer of that role on `side` (default top). */
export interface Board {
  pads?: FeatureSpec[]
  mask?: FeatureSpec[]
  deposit?: FeatureSpec[]
  vias?: FeatureSpec[]
  side?: Side
  /** File names of the layers (default pads.gbr, mask.gbr, paste.gbr, vias.drl), e.g. a KiCad blind-via pair name. */
  files?: Partial<Record<'pads' | 'mask' | 'deposit' | 'vias', string>>
}

interface CaseBase {
  name: string
  /** The layers, as literals. */
  board?: Board
  /** Or a folder of real files: a path under fixtures/rules/<rule id>/, or from the repository root. */
  fixture?: string
  /** The rule's options (deck units), as a deck would write them. */
  options?: Record<string, unknown>
  /** Process fields over the tester's (see RuleTester). */
  process?: Record<string, unknown>
  /** Other rules to turn on with theirs (deck form), e.g. to test `after`. */
  rules?: Record<string, unknown>
  /** Base the deck on a preset (its process; the rule's preset options under `options`). */
  preset?: (typeof PRESETS)[number]
  units?: 'mm' | 'um' | 'mil'
  /**
   * A board with pads must yield bump pads (else a valid case could pass only because nothing was
   * judged); set false for a case about pads that are not bump pads.
   */
  bumpPads?: boolean
}

export interface ValidCase extends CaseBase {
  /** The messageId(s) this case is the passing twin of (the invalid case's board, just inside the limit). */
  near?: string | string[]
}

export interface ExpectedError {
  messageId: string
  /** Site in deck units (mm unless `units`), worked by hand; null for a finding about the process as a whole (no site, no box). */
  at: [x: number, y: number] | null
  /** Measured value and limit in deck units, worked by hand; null where the rule reports none. */
  measured: number | null
  limit: number | null
  /** Text or pattern the message must contain. */
  message?: string | RegExp
  /** Decimal places `measured` and `limit` must match (default 4). */
  precision?: number
}

export interface InvalidCase extends CaseBase {
  errors: ExpectedError[]
}

export interface RuleTests {
  valid: ValidCase[]
  invalid: InvalidCase[]
}

export interface TesterConfig {
  /** Process fields every case starts from. Default: a 0.1 mm foil of half-metal paste, every SMD pad a bump pad. */
  process?: Record<string, unknown>
}

/** The tester's process: `bumpPads: "smd"` so that pads are bump pads without the grid heuristic (set it per case to test the choice). */
export const DEFAULT_PROCESS: Record<string, unknown> = {
  depositThickness: 0.1,
  metalVolumeFraction: 0.5,
  bumpPads: 'smd',
}

const ROLE_FILES: Record<'pads' | 'mask' | 'deposit' | 'vias', { file: string; format: Layer['format'] }> = {
  pads: { file: 'pads.gbr', format: 'gerber' },
  mask: { file: 'mask.gbr', format: 'gerber' },
  deposit: { file: 'paste.gbr', format: 'gerber' },
  vias: { file: 'vias.drl', format: 'excellon' },
}

/** The board's layers: one per role given, features numbered in order, each on line = its index + 1. */
export function boardLayers(board: Board): Layer[] {
  const side = board.side ?? 'top'
  const layers: Layer[] = []
  for (const role of ['pads', 'mask', 'deposit', 'vias'] as const) {
    const specs = board[role]
    if (!specs) continue
    const { file: defaultFile, format } = ROLE_FILES[role]
    const file = board.files?.[role] ?? defaultFile
    const path = side === 'top' || board.files?.[role] ? file : `${side}-${file}`
    const features = specs.map((spec, id): Feature => ({
      id,
      kind: spec.kind ?? (role === 'vias' ? 'hole' : 'flash'),
      shape: spec.shape,
      polarity: spec.polarity ?? 'dark',
      bbox: shapeBox(spec.shape),
      source: { file: path, line: id + 1 },
      ...spec.attrs,
    }))
    layers.push({ file: path, format, role: role as Role, side, units: 'mm', roleFrom: 'user', features, diagnostics: [] })
  }
  return layers
}

/** The deck a case runs under: the rule under test with the case's options, and any other rules the case turns on. */
export function caseDeck(ruleId: string, c: CaseBase, config: TesterConfig = {}): object {
  let process: Record<string, unknown> = { ...DEFAULT_PROCESS, ...config.process }
  let units = c.units ?? 'mm'
  if (c.preset) {
    const preset = JSON.parse(readFileSync(join(RULES_DIR, `${c.preset}.json`), 'utf8'))
    process = { ...preset.process }
    units = c.units ?? preset.units
  }
  return {
    name: `rule-tester ${ruleId}: ${c.name}`,
    units,
    process: { ...process, ...c.process },
    rules: { ...c.rules, [ruleId]: ['error', c.options ?? {}] },
  }
}

/** Run one case through the engine; the findings of the rule under test, and the run. */
export async function runCase(ruleId: string, c: CaseBase, config: TesterConfig = {}): Promise<{ findings: Finding[]; run: RunResult }> {
  if (!registry.has(ruleId)) throw new Error(`rule-tester: no rule ${ruleId} in the registry`)
  if ((c.board === undefined) === (c.fixture === undefined)) throw new Error(`rule-tester: case "${c.name}" needs a board or a fixture (one of them)`)
  const deck = loadDeck(caseDeck(ruleId, c, config), registry)
  let layers: Layer[]
  if (c.board) layers = boardLayers(c.board)
  else {
    const path = c.fixture!.startsWith('fixtures/') ? c.fixture! : join('fixtures/rules', ruleId, c.fixture!)
    const loaded = await loadLayers([path])
    if (loaded.errors.length > 0) throw new Error(`rule-tester: fixture ${path} did not read: ${loaded.errors.map((e) => JSON.stringify(e)).join('; ')}`)
    layers = loaded.layers
  }
  const sides: ('top' | 'bottom')[] = c.board?.side === 'bottom' ? ['bottom'] : c.board ? ['top'] : ['top', 'bottom']
  const run = runRules(layers, deck, registry, { sides })
  return { findings: run.findings.filter((f) => f.rule === ruleId), run }
}

const bySite = (a: { at: [number, number] | { x: number; y: number } | null; messageId: string }, b: typeof a) => {
  // no site sorts first, as the engine orders it
  const pa = a.at === null ? [-Infinity, -Infinity] : Array.isArray(a.at) ? a.at : [a.at.x, a.at.y]
  const pb = b.at === null ? [-Infinity, -Infinity] : Array.isArray(b.at) ? b.at : [b.at.x, b.at.y]
  return Math.sign(pa[0]! - pb[0]!) || Math.sign(pa[1]! - pb[1]!) || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0)
}

/** A finding in the tester's words, for failure messages. */
const brief = (f: Finding) => `${f.messageId} at ${f.at === null ? 'no site' : `(${f.at.x}, ${f.at.y})`} measured ${f.measured} limit ${f.limit}: ${f.message}`

function expectRan(ruleId: string, run: RunResult, c: CaseBase): void {
  const notRun = run.notRun.filter((n) => n.rule === ruleId)
  expect(notRun, `${ruleId} did not run: ${notRun.map((n) => n.reason).join('; ')}`).toEqual([])
  if (c.board?.pads?.length && c.bumpPads !== false) {
    const chosen = run.bumpPads.selection.reduce((n, s) => n + s.bumpPads, 0)
    expect(chosen, `case "${c.name}": no pad was taken as a bump pad (left out: ${JSON.stringify(run.bumpPads.selection.map((s) => s.leftOut))}); give the pads an X2 function (SMDPad) or set bumpPads: false`).toBeGreaterThan(0)
  }
}

export class RuleTester {
  constructor(private readonly config: TesterConfig = {}) {}

  /** Register the cases as vitest tests, in a describe block named after the rule. */
  run(ruleId: string, tests: RuleTests): void {
    const rule = registry.get(ruleId)
    const config = this.config
    describe(`${ruleId} (rule tester)`, () => {
      it('is in the registry', () => expect(rule, `no rule ${ruleId}`).toBeDefined())
      if (!rule) return
      const known = Object.keys(rule.meta.messages)
      describe('valid', () => {
        for (const c of tests.valid) {
          it(c.name, async () => {
            for (const n of [c.near ?? []].flat()) expect(known, `case "${c.name}": near names no messageId of ${ruleId}`).toContain(n)
            const { findings, run } = await runCase(ruleId, c, config)
            expectRan(ruleId, run, c)
            expect(findings.map(brief)).toEqual([])
          })
        }
      })
      describe('invalid', () => {
        for (const c of tests.invalid) {
          it(c.name, async () => {
            expect(c.errors.length, `case "${c.name}" lists no error`).toBeGreaterThan(0)
            for (const e of c.errors) expect(known, `case "${c.name}": ${e.messageId} is no messageId of ${ruleId}`).toContain(e.messageId)
            const { findings, run } = await runCase(ruleId, c, config)
            expectRan(ruleId, run, c)
            const got = [...findings].sort(bySite)
            const want = [...c.errors].sort(bySite)
            expect(got.map((f) => f.messageId), `findings: ${got.map(brief).join(' | ')}`).toEqual(want.map((e) => e.messageId))
            want.forEach((e, k) => {
              const f = got[k]!
              const what = `${e.messageId} #${k}: ${brief(f)}`
              if (e.at === null) {
                expect(f.at, `${what}: no site`).toBeNull()
                expect(f.bbox, `${what}: no box`).toBeNull()
              } else {
                expect(f.at, `${what}: a site`).not.toBeNull()
                expect(f.at!.x, `${what}: site x`).toBeCloseTo(e.at[0], 5)
                expect(f.at!.y, `${what}: site y`).toBeCloseTo(e.at[1], 5)
              }
              for (const key of ['measured', 'limit'] as const) {
                if (e[key] === null) expect(f[key], `${what}: ${key}`).toBeNull()
                else expect(f[key], `${what}: ${key}`).toBeCloseTo(e[key]!, e.precision ?? 4)
              }
              if (e.message !== undefined) {
                if (typeof e.message === 'string') expect(f.message, what).toContain(e.message)
                else expect(f.message, what).toMatch(e.message)
              }
            })
          })
        }
      })
      it('has an invalid case and a nearby valid case for every messageId', () => {
        const invalid = new Set(tests.invalid.flatMap((c) => c.errors.map((e) => e.messageId)))
        const near = new Set(tests.valid.flatMap((c) => [c.near ?? []].flat()))
        expect(known.filter((id) => !invalid.has(id)), 'messageIds with no invalid case').toEqual([])
        expect(known.filter((id) => !near.has(id)), 'messageIds with no valid case marked near: <messageId>').toEqual([])
      })
    })
  }
}

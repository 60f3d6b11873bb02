// Determinism: the same inputs give byte-identical JSON — twice in one process, in two child processes
// (the CLI), whatever order the files are given in on the command line, and whether one thread checks
// the board or several worker threads check it in tiles.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { generate } from '../../bench/gen.ts'
import { check, type CheckOptions } from '../../src/check.ts'
import { ConfigError } from '../../src/errors.ts'
import { render } from '../../src/reporters/index.ts'
import { SEED_DIR } from '../fuzz/odb-seed.ts'

const DECK = 'fixtures/kicad-bga-dev/deck.json'
// Gerber + Excellon of the real board (9 findings), and an ODB++ job (the fuzz seed, cut from the sample design)
const INPUTS = [...readdirSync('fixtures/kicad-bga-dev/gerber').sort().map((f) => join('fixtures/kicad-bga-dev/gerber', f)), SEED_DIR.replace(/\/$/, '')]
/** Three fixed shuffles (fast-check with a fixed seed: the same orders every run). */
const ORDERS = fc.sample(fc.shuffledSubarray(INPUTS, { minLength: INPUTS.length }), { numRuns: 3, seed: 20261124 })

const jsonOf = async (inputs: string[], options: CheckOptions = {}) => render('json', await check(inputs, { deck: DECK, today: '2026-01-01', ...options }))

/** A tiled run's JSON and how many tiles the board was cut into. */
async function tiled(inputs: string[], options: CheckOptions & { workers: number; tiles: number }) {
  let tiles = 0
  const json = await jsonOf(inputs, { ...options, onTiles: (n) => { tiles = n } })
  return { json, tiles }
}

const root = mkdtempSync(join(tmpdir(), 'bumpcheck-determinism-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('determinism', { timeout: 120_000 }, () => {
  it('the shuffles really reorder the inputs', () => {
    expect(ORDERS.every((o) => o.length === INPUTS.length)).toBe(true)
    expect(ORDERS.some((o) => o.join() !== INPUTS.join())).toBe(true)
  })

  it('gives the same JSON bytes twice in one process, with findings from both formats', async () => {
    const first = await jsonOf(INPUTS)
    expect(await jsonOf(INPUTS)).toBe(first)
    const report = JSON.parse(first)
    expect(report.summary.errors).toBeGreaterThanOrEqual(9) // the board's 9 seeded defects (the job holds no bump pad)
    const files = new Set(report.findings.flatMap((f: { features: { file: string }[] }) => f.features.map((x) => x.file.replace(/^.*\./, '.'))))
    expect(files).toContain('.gbr')
    expect(files).toContain('.drl')
    expect(report.inputs.some((i: { path: string }) => i.path.startsWith(SEED_DIR.replace(/\/$/, '')))).toBe(true) // the job was read
  })

  it('gives the same JSON bytes whatever the input order', async () => {
    const reference = await jsonOf(INPUTS)
    for (const order of ORDERS) expect(await jsonOf(order)).toBe(reference)
  })

  it('gives the same JSON bytes from two CLI processes given the files in different orders, equal to the in-process JSON', async () => {
    const cli = (inputs: string[]) => spawnSync(process.execPath, ['bin/bumpcheck.js', 'check', ...inputs, '--deck', DECK, '--format', 'json'], { encoding: 'utf8', timeout: 120_000 })
    const a = cli(ORDERS[0]!), b = cli([...ORDERS[1]!].reverse())
    expect(a.status).toBe(1)
    expect(b.status).toBe(1)
    expect(b.stdout).toBe(a.stdout)
    expect(a.stdout).toBe(await jsonOf(INPUTS))
  })

  it('gives the same JSON bytes from worker threads checking the board in tiles', async () => {
    const reference = await jsonOf(INPUTS)
    for (const [workers, wanted] of [[2, 2], [2, 3], [3, 5]] as const) {
      const run = await tiled(INPUTS, { workers, tiles: wanted })
      expect(run.tiles, `${workers} workers, ${wanted} tiles asked`).toBeGreaterThan(1) // really cut, or the comparison proves nothing
      expect(run.json).toBe(reference)
    }
  })

  it('gives the same JSON bytes in tiles on a generated substrate with seeded defects, for each preset deck', async () => {
    const board = generate({ out: join(root, 'substrate'), bumps: 20_000, seed: 5, dies: 4, defects: 14 })
    for (const deck of ['flip-chip-substrate', 'bump-film']) {
      const reference = await jsonOf([board.dir], { deck })
      expect(JSON.parse(reference).summary.errors).toBeGreaterThanOrEqual(14)
      for (const wanted of [2, 4]) {
        const run = await tiled([board.dir], { deck, workers: 2, tiles: wanted })
        expect(run.tiles, `${deck}, ${wanted} tiles asked`).toBeGreaterThan(1)
        expect(run.json).toBe(reference)
      }
    }
  })

  it('gives the same bytes from the CLI with --workers', () => {
    const cli = (...extra: string[]) => spawnSync(process.execPath, ['bin/bumpcheck.js', 'check', ...INPUTS, '--deck', DECK, '--format', 'json', ...extra], { encoding: 'utf8', timeout: 120_000 })
    const one = cli(), two = cli('--workers', '2')
    expect(two.status).toBe(1)
    expect(two.stderr).toBe('')
    expect(two.stdout).toBe(one.stdout)
  })

  it('reports an unreadable file the same way in tiles, and still checks the rest', async () => {
    // the copper layer cut off mid-file: its error names the file and line in both runs
    const broken = join(root, 'bga-dev-F_Cu-cut.gbr')
    const copper = readFileSync('fixtures/kicad-bga-dev/gerber/bga-dev-F_Cu.gbr', 'utf8')
    writeFileSync(broken, copper.slice(0, copper.length >> 1))
    const inputs = [...INPUTS, broken]
    const reference = await jsonOf(inputs)
    expect(JSON.parse(reference).inputErrors).toHaveLength(1)
    const run = await tiled(inputs, { workers: 2, tiles: 3 })
    expect(run.tiles).toBeGreaterThan(1)
    expect(run.json).toBe(reference)
  })

  it('lists the same rules as not run from a worker thread as from one thread, never a pass', async () => {
    // a drill file alone: no copper, mask or paste layer, so the bump rules cannot run anywhere
    const drill = 'fixtures/kicad-bga-dev/gerber/bga-dev-PTH.drl'
    const one = await check([drill], { deck: DECK })
    const many = await check([drill], { deck: DECK, workers: 2 })
    expect(one.summary.pass).toBe(false) // FAIL: the drill file alone holds the seeded via-pitch defect; the rest did not run
    expect(one.notRun!.map((n) => `${n.rule}/${n.side}`)).toContain('pad-wettable-area/top')
    expect(one.notRun!.find((n) => n.rule === 'pad-wettable-area' && n.side === 'top')!.reason).toBe('no copper layer or solder-mask layer on the top side')
    expect(many.notRun).toEqual(one.notRun)
    expect(many.summary).toEqual(one.summary)
  })

  it('lists the same rules as not run in tiles that see no drill hole or no bump pad of a layer the board has', async () => {
    // kicad-demos sonde_xilinx: through-hole parts and no bump pads; its tiles once listed the layers
    // missing from their own view (a drill file 'holding no image'), against the board's notRun
    const board = 'fixtures/kicad-demos/sonde_xilinx'
    const one = await check([board], { deck: 'pcb-bga', today: '2026-01-01' })
    let tiles = 0
    const many = await check([board], { deck: 'pcb-bga', today: '2026-01-01', workers: 2, tiles: 4, onTiles: (n) => { tiles = n } })
    expect(tiles).toBeGreaterThan(1)
    expect(one.summary.verdict).toBe('INCOMPLETE')
    expect(many.notRun).toEqual(one.notRun)
    expect(render('json', many)).toBe(render('json', one))
  })

  it('stops a tiled run when cancelled, with an AbortError', async () => {
    const controller = new AbortController()
    const running = check(INPUTS, { deck: DECK, workers: 2, tiles: 3, signal: controller.signal })
    setTimeout(() => controller.abort(), 50)
    const error = await running.catch((e: unknown) => e)
    expect((error as Error).name).toBe('AbortError')
  })
})

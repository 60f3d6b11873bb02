// The live re-check takes over the last check's tile plan while the edit keeps it valid, and its
// report is a fresh check's, byte for byte, after a pad is moved, added or deleted on real boards.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { check, type CheckOptions } from '../../src/check.ts'
import { loadDeck } from '../../src/engine/deck.ts'
import type { TileCache } from '../../src/engine/parallel.ts'
import { deriveTiles } from '../../src/engine/recheck.ts'
import type { RunResult } from '../../src/engine/run.ts'
import { deckReach, gridTolerance } from '../../src/engine/tiles.ts'
import type { Feature, Layer } from '../../src/layers/model.ts'
import { packLayer } from '../../src/layers/pack.ts'
import { render } from '../../src/reporters/index.ts'
import { rules } from '../../src/rules/index.ts'
import { SEED_DIR } from '../fuzz/odb-seed.ts'
import { realBoardsAvailable, sharedReal } from '../real-boards.ts'
import { BoundedLayerCache } from '../../src/server/layer-cache.ts'

const UM = 1000
const DIAMETER = 75 * UM
const deck = loadDeck('flip-chip-substrate', rules)
const halo = deckReach(deck, rules), tolerance = gridTolerance(deck, rules)

type Pad = { x: number; y: number; component?: string }
/** A pads layer written on one line: a pad deleted or added moves no other pad's line, only ids. */
function padLayer(pads: Pad[]): Layer {
  const features: Feature[] = pads.map((p, id) => ({
    id, kind: 'flash', polarity: 'dark', shape: { type: 'circle', cx: p.x, cy: p.y, diameter: DIAMETER },
    bbox: [p.x - DIAMETER / 2, p.y - DIAMETER / 2, p.x + DIAMETER / 2, p.y + DIAMETER / 2],
    source: { file: 'pads.gbr', line: 1 }, ...(p.component !== undefined && { component: p.component }),
  }))
  return { file: 'pads.gbr', format: 'gerber', role: 'pads', side: 'top', units: 'mm', roleFrom: 'user', features, diagnostics: [] }
}
/** A 4 × 4 grid at 150 µm pitch from (x0, 0). */
const grid = (x0: number, component: string): Pad[] => Array.from({ length: 16 }, (_, k) => ({ x: x0 + (k % 4) * 150 * UM, y: Math.floor(k / 4) * 150 * UM, component }))
/** Two dies: U1's columns at 0–450 µm, U2's at 2000–2450 µm; a plan cuts between them at 1225 µm. */
const dies = () => [...grid(0, 'U1'), ...grid(2000 * UM, 'U2')]
/** Pad 5 of U1 (column 1, row 1, at 150, 150 µm) moved to x. */
const movedTo = (x: number) => dies().map((p, k) => (k === 5 ? { ...p, x } : p))

/** The tiles of a check of these pads after a check of `first`, with one memo (a tile cache). */
function plans(first: Pad[], then: Pad[]) {
  const memo = {}
  const derive = (pads: Pad[]) => deriveTiles(memo, [packLayer(padLayer(pads))], 2, halo, tolerance).tiles
  return [derive(first), derive(then)] as const
}

describe('deriveTiles: the last plan while it holds', () => {
  it('keeps the plan when a pad inside a die moves a little', () => {
    const [before, after] = plans(dies(), movedTo(153 * UM))
    expect(before.map((t) => t.maxX)).toEqual([1_225_000, Infinity])
    expect(after).toBe(before) // the very plan, not planned again
  })

  it('plans again when a pad moves across the cut, and cuts where the board now allows', () => {
    const [before, after] = plans(dies(), movedTo(1300 * UM))
    expect(after).not.toBe(before)
    // U1's last columns are now at 450 and 1300 µm: 700 µm on to U2's first is less than 1.05 pitches
    // of 850 µm, so a grid search could link across any cut there
    expect(after).toHaveLength(1)
  })

  it('plans again when a pad moves within the two columns next to the cut (the grid test judged them)', () => {
    const edge = dies().map((p, k) => (k === 7 ? { ...p, x: p.x - 3 * UM } : p)) // U1's last column, x 450 µm
    const [before, after] = plans(dies(), edge)
    expect(after).not.toBe(before)
    expect(after).toEqual(before) // the same cut, found again
  })

  it('plans again when a pad is added to a component on the other side of the cut', () => {
    const [before, after] = plans(dies(), [...dies(), { x: 2600 * UM, y: 0, component: 'U1' }])
    expect(after).not.toBe(before)
    expect(after).toHaveLength(1) // U1 now spans the board: no cut
  })

  it('keeps the plan when a pad is added inside a die, or deleted from one', () => {
    const added = [...dies(), { x: 75 * UM, y: 75 * UM, component: 'U1' }]
    const [before, after] = plans(dies(), added)
    expect(after).toBe(before)
    const deleted = dies().filter((_, k) => k !== 5)
    const [kept, again] = plans(dies(), deleted)
    expect(again).toBe(kept)
  })
})

/** A Map that counts the tiles checked (stored). */
class CountingCache implements TileCache {
  readonly results = new Map<string, RunResult>()
  checked = 0
  get(key: string) { return this.results.get(key) }
  set(key: string, result: RunResult) { this.checked++; this.results.set(key, result) }
}

const root = mkdtempSync(join(tmpdir(), 'bumpcheck-recheck-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const json = async (inputs: string[], options: CheckOptions) => render('json', await check(inputs, { today: '2026-01-01', ...options }))

/** The middle one of a Gerber file's flash lines (X…Y…D03*), and where it is. */
function flashNearMiddle(text: string): { line: string; at: number } {
  const flashes = [...text.matchAll(/^X-?\d+Y-?\d+D03\*$/gm)]
  const middle = flashes[flashes.length >> 1]!
  return { line: middle[0], at: middle.index }
}
const moveX = (line: string, dx: number) => line.replace(/^X(-?\d+)/, (_, x: string) => `X${Number(x) + dx}`)

/**
 * Edits of one flash in a Gerber file, as text → text: moved, a flash added on the same line (no line
 * moves, every later id shifts), one added on a line of its own (every later line moves), deleted.
 */
function edits(dx: number): [string, (text: string) => string][] {
  const at = (text: string, edit: (line: string) => string) => {
    const { line, at } = flashNearMiddle(text)
    return text.slice(0, at) + edit(line) + text.slice(at + line.length)
  }
  return [
    ['moved', (text) => at(text, (line) => moveX(line, dx))],
    ['added on its line', (text) => at(text, (line) => `${line}${moveX(line, 7 * dx)}`)],
    ['added on a line of its own', (text) => at(text, (line) => `${line}\n${moveX(line, 7 * dx)}`)],
    ['deleted', (text) => at(text, () => 'G04 deleted*')],
  ]
}

/** A copy of `board` checked with a tile cache, then each edit of `file` re-checked with it and checked afresh. */
async function recheckEdits(board: string, file: string, deckName: string, dx: number) {
  const dir = join(root, `${board.replace(/\W/g, '_')}`)
  cpSync(board, dir, { recursive: true })
  const path = join(dir, file), original = readFileSync(path, 'latin1')
  const cache = new CountingCache()
  // the parse cache too, as the server keeps it: an edited Gerber file is read from the edit on (src/ingest/gerber/resume.ts)
  const layerCache = new BoundedLayerCache(64)
  let tiles = 0
  const first = await json([dir], { deck: deckName, tileCache: cache, layerCache, onTiles: (n) => { tiles = n } })
  expect(tiles, board).toBeGreaterThan(2) // really cut, so the re-check carries a plan over
  let previous = first
  for (const [what, edit] of edits(dx)) {
    writeFileSync(path, edit(original), 'latin1')
    cache.checked = 0
    const recheck = await json([dir], { deck: deckName, tileCache: cache, layerCache })
    // a move re-checks the tiles that read the pad; an insertion or deletion shifts every later id
    if (what === 'moved') expect(cache.checked, `${board}: ${what}`).toBeLessThan(tiles)
    expect(recheck, `${board}: ${what}`).toBe(await json([dir], { deck: deckName }))
    expect(recheck, `${board}: ${what}`).not.toBe(previous) // the edit is in the report (a line, a count or a finding)
    previous = recheck
  }
}

describe('the live re-check after a pad is moved, added or deleted', { timeout: 120_000 }, () => {
  it('gives a fresh check\'s bytes on kicad-bga-dev', async () => {
    await recheckEdits('fixtures/kicad-bga-dev/gerber', 'bga-dev-F_Cu.gbr', 'fixtures/kicad-bga-dev/deck.json', 3000) // 3 µm in 10⁻⁶ mm
  })

  it('gives a fresh check\'s bytes beside an ODB++ job whose paste moves (a job is read anew each time: new arrays, same features)', async () => {
    const dir = join(root, 'with-odb')
    cpSync('fixtures/kicad-bga-dev/gerber', join(dir, 'gerber'), { recursive: true })
    cpSync(SEED_DIR, join(dir, 'job'), { recursive: true })
    const inputs = [join(dir, 'gerber'), join(dir, 'job')], deckName = 'fixtures/kicad-bga-dev/deck.json'
    const paste = join(dir, 'job/steps/pcb/layers/paste/features'), original = readFileSync(paste, 'latin1')
    const cache = new CountingCache()
    const first = await json(inputs, { deck: deckName, tileCache: cache })
    cache.checked = 0
    expect(await json(inputs, { deck: deckName, tileCache: cache })).toBe(first)
    expect(cache.checked).toBe(0) // the job's layers read again carry the last check's sums: nothing to check
    const edited: [string, string][] = [
      ['moved', original.replace('P -1.715 0.5775 16', 'P -1.712 0.5775 16')],
      ['added at the end', `${original.trimEnd()}\nP -1.6 0.5775 16 P 0 8 180\n`],
    ]
    for (const [what, text] of edited) {
      expect(text, what).not.toBe(original)
      writeFileSync(paste, text, 'latin1')
      expect(await json(inputs, { deck: deckName, tileCache: cache }), what).toBe(await json(inputs, { deck: deckName }))
    }
  })

  it.runIf(realBoardsAvailable('the live re-check on clockblock'))('gives a fresh check\'s bytes on clockblock (a real board from ../shared)', async () => {
    await recheckEdits(sharedReal('clockblock'), 'clockblock-F_Cu.gbr', 'pcb-bga', 2) // 5 µm in 10⁻⁴ inch
  })
})

// The live re-check: a caller that keeps tile results by content key (the server) re-checks only
// the tiles an edit changed, and the report is the same bytes as a full check of the edited files.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generate } from '../../bench/gen.ts'
import { moveX, sharedFlash } from '../../bench/server.ts'
import { FILE_NAMES } from '../../bench/write-files.ts'
import { check, type CheckOptions } from '../../src/check.ts'
import type { TileCache } from '../../src/engine/parallel.ts'
import type { RunResult } from '../../src/engine/run.ts'
import { render } from '../../src/reporters/index.ts'

const root = mkdtempSync(join(tmpdir(), 'bumpcheck-tile-cache-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** A Map that counts the tiles checked (stored) since the last reset. */
class CountingCache implements TileCache {
  readonly results = new Map<string, RunResult>()
  checked = 0
  get(key: string) { return this.results.get(key) }
  set(key: string, result: RunResult) { this.checked++; this.results.set(key, result) }
}

const json = async (inputs: string[], options: CheckOptions) => render('json', await check(inputs, { today: '2026-01-01', ...options }))

describe('tile cache (live re-check)', { timeout: 120_000 }, () => {
  it('gives the single run\'s bytes on the real board, cut into tiles some of which see no drill hole', async () => {
    const inputs = ['fixtures/kicad-bga-dev/gerber']
    const deck = 'fixtures/kicad-bga-dev/deck.json'
    const cache = new CountingCache()
    let tiles = 0
    const tiled = await json(inputs, { deck, tileCache: cache, onTiles: (n) => { tiles = n } })
    expect(tiles).toBeGreaterThanOrEqual(3) // really cut, so the comparison says something
    expect(cache.checked).toBe(tiles)
    // a tile with no via in view must not say the drill file is missing (it holds holes elsewhere)
    expect(tiled).toBe(await json(inputs, { deck }))
  })

  it('re-checks only the tiles whose features moved, and the report is a full check\'s', async () => {
    const board = generate({ out: join(root, 'board'), bumps: 20_000, seed: 5, dies: 4, defects: 14 }).dir
    const deck = 'flip-chip-substrate'
    const cache = new CountingCache()
    let tiles = 0
    const first = await json([board], { deck, tileCache: cache, onTiles: (n) => { tiles = n } })
    expect(tiles).toBeGreaterThanOrEqual(4) // the four dies at least
    expect(first).toBe(await json([board], { deck }))
    expect(JSON.parse(first).summary.errors).toBeGreaterThanOrEqual(14)

    // the same files again: nothing to check
    cache.checked = 0
    expect(await json([board], { deck, tileCache: cache })).toBe(first)
    expect(cache.checked).toBe(0)

    // one pad and its paste moved 30 µm in place, as a CAD tool saves them: its tile re-checked
    // (and a neighbour's, if its halo reaches the pad), no other
    const copperFile = join(board, FILE_NAMES.copper), pasteFile = join(board, FILE_NAMES.paste)
    const copper = readFileSync(copperFile, 'utf8'), paste = readFileSync(pasteFile, 'utf8')
    const site = sharedFlash(copper, paste)
    const moved = moveX(site.line, 30_000)
    writeFileSync(copperFile, copper.slice(0, site.copperAt) + moved + copper.slice(site.copperAt + site.line.length))
    writeFileSync(pasteFile, paste.slice(0, site.pasteAt) + moved + paste.slice(site.pasteAt + site.line.length))
    cache.checked = 0
    const recheck = await json([board], { deck, tileCache: cache })
    expect(cache.checked).toBe(1) // the pad lies far inside its die, beyond any other tile's halo
    const full = await json([board], { deck })
    expect(recheck).toBe(full)
    expect(full).not.toBe(first) // the edit changed the report (the moved pad is off its grid)
  })

  it('checks every tile again under another deck', async () => {
    const inputs = ['fixtures/kicad-bga-dev/gerber']
    const cache = new CountingCache()
    let tiles = 0
    await json(inputs, { deck: 'fixtures/kicad-bga-dev/deck.json', tileCache: cache, onTiles: (n) => { tiles = n } })
    cache.checked = 0
    const other = await json(inputs, { deck: 'pcb-bga', tileCache: cache, onTiles: (n) => { tiles = n } })
    expect(cache.checked).toBe(tiles)
    expect(other).toBe(await json(inputs, { deck: 'pcb-bga' }))
  })
})

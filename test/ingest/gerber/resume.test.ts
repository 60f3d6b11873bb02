// The oracle for re-reading an edited Gerber file from the edit on (src/ingest/gerber/resume.ts):
// every Gerber fixture, every real board's and a generated 10 k-bump substrate's files take a chain
// of random edits (seeded), and after each the resumed read must equal a whole read of the new bytes:
// every packed array over its count, the strings, units, attributes, diagnostics, or the same error.
// And a re-check through check() with the server's caches after an edit gives a fresh check's bytes.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generate } from '../../../bench/gen.ts'
import { mulberry32, randomInt, type Random } from '../../../bench/prng.ts'
import { moveX, sharedFlash } from '../../../bench/server.ts'
import { FILE_NAMES } from '../../../bench/write-files.ts'
import { check } from '../../../src/check.ts'
import { readPacked } from '../../../src/ingest/load.ts'
import type { GerberRead } from '../../../src/ingest/gerber/checkpoints.ts'
import { rereadGerber } from '../../../src/ingest/gerber/resume.ts'
import { sourceBytes } from '../../../src/ingest/source-bytes.ts'
import { PACKED, type PackedFeatures } from '../../../src/layers/pack.ts'
import { render } from '../../../src/reporters/index.ts'
import { BoundedLayerCache } from '../../../src/server/layer-cache.ts'
import { REAL_BOARDS_DIR } from '../../real-boards.ts'
import { fixtureName, gerberFixtures, realGerberFixtures } from './fixture-files.ts'

type Outcome = { read: GerberRead } | { error: string }

/** A whole read, kept as the server keeps it; checkpoints `spacing` bytes apart. */
function wholeRead(bytes: Uint8Array, file: string, spacing: number): Outcome {
  try {
    const image = readPacked(sourceBytes(bytes), file, 'gerber', { keep: { spacing } })
    return { read: { bytes, image, packed: image.packed, trail: image.trail! } }
  } catch (error) {
    return { error: String(error) }
  }
}

/** What load.ts does with a kept read: resumed, else whole. */
function reread(previous: GerberRead, bytes: Uint8Array, file: string, spacing: number): { outcome: Outcome; resumed: boolean } {
  const again = rereadGerber(previous, sourceBytes(bytes), file)
  return again ? { outcome: { read: again }, resumed: true } : { outcome: wholeRead(bytes, file, spacing), resumed: false }
}

/** The packed arrays over their counts, column by column (byte views: NaN and -0 compare by their bits), and the strings. */
function packedView(p: PackedFeatures): Record<string, unknown> {
  const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)
  const columns = (array: Float64Array | Int32Array, count: number) => Array.from({ length: count }, (_, k) => bytes(array.subarray(k * p.room, k * p.room + p.count)))
  return {
    count: p.count, columns: columns(p.columns, 6), refs: columns(p.refs, 4), codes: bytes(p.codes.subarray(0, p.count * PACKED.codes)),
    attrs: bytes(p.attrs), strings: p.strings, polygonPaths: bytes(p.polygonPaths), pathStarts: bytes(p.pathStarts), points: bytes(p.points),
  }
}

/** Equal views, compared natively; the first that differs shown as numbers. */
function expectSameArrays(a: Record<string, unknown>, b: Record<string, unknown>, what: string): void {
  const same = (x: unknown, y: unknown): boolean => Buffer.isBuffer(x) && Buffer.isBuffer(y) ? x.equals(y)
    : Array.isArray(x) && Array.isArray(y) ? x.length === y.length && x.every((v, k) => same(v, y[k])) : x === y
  for (const key of Object.keys(b)) {
    if (same(a[key], b[key])) continue
    const numbers = (x: unknown): unknown => Buffer.isBuffer(x) ? Array.from(new Int32Array(x.buffer.slice(x.byteOffset, x.byteOffset + (x.length & ~3)))) : Array.isArray(x) ? x.map(numbers) : x
    expect(numbers(a[key]), `${what}: ${key}`).toEqual(numbers(b[key]))
  }
}

function expectSame(got: Outcome, want: Outcome, what: string): void {
  if ('error' in want) {
    expect('error' in got ? got.error : 'a read', what).toBe(want.error)
    return
  }
  expect('read' in got, `${what}: ${'error' in got ? got.error : ''}`).toBe(true)
  const a = (got as { read: GerberRead }).read, b = want.read
  const { packed: _a, trail: _ta, ...imageA } = a.image as typeof a.image & { packed?: unknown; trail?: unknown }
  const { packed: _b, trail: _tb, ...imageB } = b.image as typeof b.image & { packed?: unknown; trail?: unknown }
  expect(imageA, what).toEqual(imageB)
  expectSameArrays(packedView(a.packed), packedView(b.packed), what)
}

const lineStarts = (text: string) => [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)].filter((at) => at < text.length)

/** One random edit of the kinds a designer makes (a moved pad, a line deleted or copied, another aperture, attribute or polarity, a region's vertex). */
function randomEdit(text: string, random: Random): string {
  const starts = lineStarts(text)
  const lineAt = (k: number) => { const from = starts[k]!; const to = text.indexOf('\n', from); return [from, to < 0 ? text.length : to] as const }
  const pick = (test: RegExp) => {
    const candidates: number[] = []
    for (let tries = 0; tries < 64 && candidates.length === 0; tries++) {
      const k = randomInt(random, starts.length)
      const [from, to] = lineAt(k)
      if (test.test(text.slice(from, to))) candidates.push(k)
    }
    return candidates[0]
  }
  const replaceLine = (k: number, make: (line: string) => string) => { const [from, to] = lineAt(k); return text.slice(0, from) + make(text.slice(from, to)) + text.slice(to) }
  switch (randomInt(random, 7)) {
    case 0: { // move a coordinate
      const k = pick(/[XY]-?\d/)
      return k === undefined ? text : replaceLine(k, (line) => line.replace(/([XY])(-?)(\d+)/, (_, axis, sign, digits) => `${axis}${sign}${Number(digits) + 1 + randomInt(random, 3000)}`))
    }
    case 1: { // delete a line
      const [from, to] = lineAt(randomInt(random, starts.length))
      return text.slice(0, from) + text.slice(Math.min(text.length, to + 1))
    }
    case 2: { // a copy of a line inserted elsewhere
      const [from, to] = lineAt(randomInt(random, starts.length))
      const at = starts[randomInt(random, starts.length)]!
      return text.slice(0, at) + text.slice(from, to) + '\n' + text.slice(at)
    }
    case 3: { // another aperture selected
      const codes = [...text.matchAll(/%ADD(\d+)/g)].map((m) => m[1]!)
      const k = pick(/^(G54)?D\d\d+\*/)
      return k === undefined || codes.length === 0 ? text : replaceLine(k, (line) => line.replace(/D\d\d+/, `D${codes[randomInt(random, codes.length)]}`))
    }
    case 4: { // an object attribute changed
      const k = pick(/%TO\.[A-Za-z]+,/)
      return k === undefined ? text : replaceLine(k, (line) => line.replace(/,([^,*]*)/, (_, v) => `,${v}${randomInt(random, 2) === 0 ? 'x' : ''}`))
    }
    case 5: { // polarity: one turned over, or a clear-dark pair inserted
      const k = pick(/%LP[DC]\*%/)
      if (k !== undefined) return replaceLine(k, (line) => line.replace(/%LP([DC])/, (_, p) => `%LP${p === 'D' ? 'C' : 'D'}`))
      const at = starts[randomInt(random, starts.length)]!
      return text.slice(0, at) + '%LPC*%\n' + text.slice(at)
    }
    default: { // a vertex inside a region
      const open = text.indexOf('G36', randomInt(random, text.length))
      const close = open < 0 ? -1 : text.indexOf('G37', open)
      if (close < 0) return text
      const inside = text.slice(open, close)
      const m = /X(-?)(\d+)/.exec(inside.slice(randomInt(random, Math.max(1, inside.length - 16))))
      if (!m) return text
      const at = open + inside.indexOf(m[0], inside.length - inside.slice(inside.indexOf(m[0])).length)
      return text.slice(0, at) + `X${m[1]}${Number(m[2]) + 7}` + text.slice(at + m[0].length)
    }
  }
}

/** A chain of `edits` random edits, each read again from the last read and compared with a whole read. */
function oracle(file: string, text: string, seed: number, edits: number, spacing: number): number {
  const random = mulberry32(seed)
  let last = wholeRead(Buffer.from(text, 'latin1'), file, spacing)
  let resumed = 0
  for (let e = 0; e < edits; e++) {
    text = randomEdit(text, random)
    const bytes = Buffer.from(text, 'latin1')
    const want = wholeRead(bytes, file, spacing)
    if ('read' in last) {
      const got = reread(last.read, bytes, file, spacing)
      expectSame(got.outcome, want, `${file} edit ${e + 1} (seed ${seed})`)
      if (got.resumed) resumed++
      last = got.outcome
    } else last = want
  }
  return resumed
}

const EDITS = 12

describe('an edited Gerber file read from the edit on equals a whole read of it', () => {
  it.each(gerberFixtures().map((file) => [fixtureName(file), file]))('%s', (_, file) => {
    oracle(file, readFileSync(file, 'latin1'), 1, EDITS, 256)
  })

  const real = realGerberFixtures('the resumed-read oracle on real boards')
  const others = real.length === 0 ? [] : gerberFixtures(REAL_BOARDS_DIR).filter((file) => !real.includes(file))
  it.each([...real, ...others].map((file) => [fixtureName(file), file]))('%s', (_, file) => {
    oracle(file, readFileSync(file, 'latin1'), 2, EDITS, 1024)
  })

  const root = mkdtempSync(join(tmpdir(), 'bumpcheck-resume-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  it('on a generated 10 k-bump substrate, resumed for nearly every edit', () => {
    const dir = generate({ out: join(root, 'board'), bumps: 10_000, seed: 1, dies: 4, defects: 0 }).dir
    let resumed = 0
    for (const name of ['substrate-F_Cu.gbr', 'substrate-F_Paste.gbr', 'substrate-F_Mask.gbr']) {
      const text = readFileSync(join(dir, name), 'latin1')
      resumed += oracle(name, text, 4, 20, 4096)
      resumed += oracle(name, text, 5, 4, 65_536)
    }
    expect(resumed).toBeGreaterThan(60)
  })
})

describe('a re-check with the server\'s caches after an edit', { timeout: 120_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'bumpcheck-recheck-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('gives the bytes of a fresh check, the edited files read from the edit on', async () => {
    const board = generate({ out: join(root, 'board'), bumps: 10_000, seed: 2, dies: 4, defects: 6 }).dir
    const layerCache = new BoundedLayerCache(64)
    const json = async (cached: boolean) => render('json', await check([board], { deck: 'flip-chip-substrate', today: '2026-01-01', ...(cached && { layerCache }) }))
    expect(await json(true)).toBe(await json(false))
    const copperFile = join(board, FILE_NAMES.copper), pasteFile = join(board, FILE_NAMES.paste)
    const copper = readFileSync(copperFile, 'latin1'), paste = readFileSync(pasteFile, 'latin1')
    const site = sharedFlash(copper, paste)
    for (const dx of [3_000, 30_000]) {
      const moved = moveX(site.line, dx)
      writeFileSync(copperFile, copper.slice(0, site.copperAt) + moved + copper.slice(site.copperAt + site.line.length), 'latin1')
      writeFileSync(pasteFile, paste.slice(0, site.pasteAt) + moved + paste.slice(site.pasteAt + site.line.length), 'latin1')
      const kept = layerCache.lastRead(copperFile)
      const recheck = await json(true)
      // the copper was read again from the edit: its kept read is a new one, with the edited bytes
      expect(layerCache.lastRead(copperFile)).not.toBe(kept)
      expect(Buffer.from(layerCache.lastRead(copperFile)!.bytes).toString('latin1')).toBe(readFileSync(copperFile, 'latin1'))
      expect(recheck).toBe(await json(false))
    }
  })
})

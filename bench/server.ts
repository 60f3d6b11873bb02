// Server re-check speed. Prints figures; asserts nothing.
//   npx tsx bench/server.ts [repeats]   fixtures/kicad-bga-dev: a first check vs re-checks after one
//     layer's bytes changed (a comment), as a table
//   npx tsx bench/server.ts edit DIR [repeats]   a generated substrate (copied to a temp folder): the
//     compiled server (dist/, `npm run build` first) checks it, then one pad and its paste move by a few
//     µm and it re-checks; prints one JSON line (LocalEditFigures) with the re-check's report compared
//     byte for byte with a fresh full check of the edited files in its own process

import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { RpcChild } from '../test/server/rpc-child.ts'
import type { CheckFigures } from './measure.ts'
import { FILE_NAMES } from './write-files.ts'

const ROOT = join(import.meta.dirname, '..')

export interface LocalEditFigures {
  /** The folder copied and checked. */
  board: string
  /** The first check of the board in a fresh server: every layer read. */
  fullMs: number
  /** Each re-check after a move, ms, in order. */
  recheckMs: number[]
  /** The line moved in both files (copper and paste), before and after the last move. */
  moved: { line: string; to: string; copperLine: number; pasteLine: number }
  /** The same check() in its own process on the edited files, for the comparison. */
  freshMs: number
  /** The re-check's JSON report equals the fresh check's, byte for byte. */
  sameBytes: boolean
  /** When they differ: the top-level report fields whose JSON differs. */
  differingFields: string[]
  findings: number
  layerCache: { entries: number; hits: number; misses: number } | null
  /** The server's check process after the last re-check, MiB (it holds the cached layers). */
  checkProcessMb: { rss: number; heapUsed: number } | null
}

/**
 * A flash of one site in both files: the first `X…Y…D03*` line at or after the middle of the paste
 * file that appears exactly once in each (so the edit moves that pad and no other).
 */
export function sharedFlash(copper: string, paste: string): { line: string; copperAt: number; pasteAt: number } {
  const flash = /^X-?\d+Y-?\d+D03\*$/m
  for (let from = paste.indexOf('\n', paste.length >> 1) + 1; from > 0 && from < paste.length;) {
    const match = flash.exec(paste.slice(from, from + 4096))
    if (!match) break
    const line = match[0]
    const pasteAt = from + match.index
    const copperAt = copper.indexOf(`\n${line}\n`) + 1
    const once = (text: string, at: number) => at > 0 && text.indexOf(`\n${line}\n`, at) === -1
    if (once(copper, copperAt) && once(paste, pasteAt)) return { line, copperAt, pasteAt }
    from = pasteAt + line.length + 1
  }
  throw new Error('no flash line found in both the copper and the paste file')
}

/** The flash line with X moved by `dx` coordinate units (the file's %FS: 10⁻⁶ mm in generated files). */
export const moveX = (line: string, dx: number) => line.replace(/^X(-?\d+)/, (_, x: string) => `X${Number(x) + dx}`)
const lineNumber = (text: string, at: number) => text.slice(0, at).split('\n').length

export async function localEdit(source: string, repeats: number): Promise<LocalEditFigures> {
  const board = mkdtempSync(join(tmpdir(), 'bumpcheck-bench-edit-'))
  cpSync(source, board, { recursive: true })
  const copperFile = join(board, FILE_NAMES.copper)
  const pasteFile = join(board, FILE_NAMES.paste)
  const copper = readFileSync(copperFile, 'utf8')
  const paste = readFileSync(pasteFile, 'utf8')
  const site = sharedFlash(copper, paste)
  const today = new Date().toISOString().slice(0, 10) // the server's date for waivers: the fresh check uses the same
  const server = new RpcChild(['dist/cli/bin.js', 'serve', '--stdio'])
  try {
    await server.request('initialize', { clientInfo: { name: 'bench/server.ts' } })
    const timedCheck = async (): Promise<{ ms: number; json: string; findings: number }> => {
      const start = performance.now()
      const answer = await server.request('check', { inputs: [board], deck: 'flip-chip-substrate', formats: ['json'] })
      const ms = performance.now() - start
      if (answer.error) throw new Error(`check failed: ${answer.error.message}`)
      // a report too large to send whole comes in pages: fetch its JSON rendering instead
      const json: string = answer.result.rendered.json ?? (await server.request('report/get', { reportId: answer.result.reportId, format: 'json' })).result.content
      return { ms, json, findings: (JSON.parse(json) as { findings: unknown[] }).findings.length }
    }
    const full = await timedCheck()
    const recheckMs: number[] = []
    let last = full
    let to = site.line
    for (let i = 1; i <= repeats; i++) {
      // 3 µm further each time: new bytes and new geometry in both files, the same pad and paste
      to = moveX(site.line, 3000 * i)
      writeFileSync(copperFile, copper.slice(0, site.copperAt) + to + copper.slice(site.copperAt + site.line.length))
      writeFileSync(pasteFile, paste.slice(0, site.pasteAt) + to + paste.slice(site.pasteAt + site.line.length))
      last = await timedCheck()
      recheckMs.push(last.ms)
    }
    const memory = (await server.request('$/memory')).result
    const cache = memory.layerCache
    const usage = memory.checkProcess?.memoryUsage as NodeJS.MemoryUsage | undefined
    server.notify('exit')
    const freshJson = `${board}-fresh.json` // beside the board, never in it: the check reads the whole folder
    const out = execFileSync(process.execPath, [join(ROOT, 'bench/ts-entry.mjs'), join(ROOT, 'bench/measure.ts'), 'check', board, 'flip-chip-substrate', '1', freshJson, today], {
      cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_FROM: 'dist' },
    })
    const fresh = JSON.parse(out.trim().split('\n').at(-1)!) as CheckFigures
    const freshText = readFileSync(freshJson, 'utf8')
    rmSync(freshJson, { force: true })
    const a = JSON.parse(last.json) as Record<string, unknown>
    const b = JSON.parse(freshText) as Record<string, unknown>
    const differingFields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    return {
      board: source, fullMs: full.ms, recheckMs,
      moved: { line: site.line, to, copperLine: lineNumber(copper, site.copperAt), pasteLine: lineNumber(paste, site.pasteAt) },
      freshMs: fresh.wallMs, sameBytes: last.json === freshText, differingFields, findings: last.findings,
      layerCache: cache ? { entries: cache.entries, hits: cache.hits, misses: cache.misses } : null,
      checkProcessMb: usage ? { rss: Math.round(usage.rss / 2 ** 20), heapUsed: Math.round(usage.heapUsed / 2 ** 20) } : null,
    }
  } finally {
    server.kill()
    rmSync(board, { recursive: true, force: true })
  }
}

async function commentEdits(repeats: number): Promise<void> {
  const board = mkdtempSync(join(tmpdir(), 'bumpcheck-bench-server-'))
  cpSync(new URL('../fixtures/kicad-bga-dev/gerber', import.meta.url), board, { recursive: true })
  const changedLayer = join(board, 'bga-dev-F_Paste.gbr')
  const original = readFileSync(changedLayer, 'utf8')

  const server = new RpcChild()
  try {
    await server.request('initialize', { clientInfo: { name: 'bench/server.ts' } })

    const timedCheck = async (): Promise<number> => {
      const start = performance.now()
      const answer = await server.request('check', { inputs: [board] })
      if (answer.error) throw new Error(`check failed: ${answer.error.message}`)
      return performance.now() - start
    }

    const first = await timedCheck()
    const rechecks: number[] = []
    for (let i = 1; i <= repeats; i++) {
      // a new comment each time: new bytes, new hash, same geometry — one layer must be re-read
      writeFileSync(changedLayer, original.replace('M02*', `G04 edit ${i}*\nM02*`))
      rechecks.push(await timedCheck())
    }
    const unchanged = await timedCheck()
    // the same files under a new path: nothing cached, but the server is warm (JIT) — the cache's own share
    const warmBoard = join(board, 'warm-copy')
    cpSync(new URL('../fixtures/kicad-bga-dev/gerber', import.meta.url), warmBoard, { recursive: true })
    const warmStart = performance.now()
    const warmAnswer = await server.request('check', { inputs: [warmBoard] })
    if (warmAnswer.error) throw new Error(`check failed: ${warmAnswer.error.message}`)
    const warmUncached = performance.now() - warmStart
    const cache = (await server.request('$/memory')).result.layerCache

    const min = Math.min(...rechecks)
    const mean = rechecks.reduce((a, b) => a + b, 0) / rechecks.length
    const std = Math.sqrt(rechecks.reduce((a, b) => a + (b - mean) ** 2, 0) / rechecks.length)
    console.log(`node ${process.version}, fixtures/kicad-bga-dev/gerber (9 files), one server process`)
    console.log('| check | time (ms) |')
    console.log('| --- | --- |')
    console.log(`| first (cold: every layer parsed) | ${first.toFixed(0)} |`)
    console.log(`| after one layer changed, min of ${repeats} | ${min.toFixed(0)} |`)
    console.log(`| after one layer changed, mean ± std | ${mean.toFixed(0)} ± ${std.toFixed(0)} |`)
    console.log(`| nothing changed | ${unchanged.toFixed(0)} |`)
    console.log(`| warm server, every layer new (other path) | ${warmUncached.toFixed(0)} |`)
    console.log(`speed-up first / re-check: ${(first / min).toFixed(1)}× (min), ${(first / mean).toFixed(1)}× (mean)  (target ≥ 5×)`)
    console.log(`speed-up warm uncached / re-check (min): ${(warmUncached / min).toFixed(1)}×  (the layer cache alone)`)
    console.log(`layer cache: ${cache.entries} entries, ${cache.hits} hits, ${cache.misses} misses`)
    server.notify('exit')
  } finally {
    server.kill()
    rmSync(board, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [first, dir, repeats] = process.argv.slice(2)
  if (first === 'edit') {
    if (!dir) throw new Error('usage: tsx bench/server.ts [repeats] | edit DIR [repeats]')
    process.stdout.write(JSON.stringify(await localEdit(dir, Number(repeats ?? 3))) + '\n')
  } else await commentEdits(Number(first ?? 5))
}

// Server re-check speed: a first check of fixtures/kicad-bga-dev vs re-checks after one layer changed.
// Run: npx tsx bench/server.ts [repeats]   (prints a table; asserts nothing)

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RpcChild } from '../test/server/rpc-child.ts'

const repeats = Number(process.argv[2] ?? 5)
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

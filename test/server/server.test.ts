// Drives `bumpcheck serve --stdio` as a real child process: framing, errors, cancellation, cache, memory.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as api from '../../src/index.ts'
import { REPO, RpcChild } from './rpc-child.ts'

const FIXTURE = 'fixtures/kicad-bga-dev/gerber'
const CHECKS_IN_A_ROW = 100

describe('bumpcheck serve --stdio', () => {
  let server: RpcChild
  let scratch: string

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'bumpcheck-serve-'))
    server = new RpcChild()
    const init = await server.request('initialize', { clientInfo: { name: 'vitest' } })
    expect(init.error).toBeUndefined()
  })
  afterAll(() => {
    server.kill()
    rmSync(scratch, { recursive: true, force: true })
  })

  it('introduces itself with the package version and every method it serves', async () => {
    const init = await server.request('initialize', {})
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string }
    expect(init.result.serverInfo).toEqual({ name: pkg.name, version: pkg.version })
    expect(init.result.capabilities.methods).toEqual(['initialize', 'rules/list', 'check', 'report/get', '$/memory', 'shutdown'])
  })

  it('lists the same rules as listRules()', async () => {
    const answer = await server.request('rules/list')
    expect(answer.result.rules).toEqual(api.listRules())
  })

  it('answers malformed JSON with -32700 and id null, and keeps serving', async () => {
    server.sendRaw('Content-Length: 26\r\n\r\n{"jsonrpc":"2.0","id":1,"m')
    const answer = await server.answer(null)
    expect(answer.error?.code).toBe(-32700)
    expect((await server.request('rules/list')).error).toBeUndefined()
  })

  it('answers an unknown method with -32601 and the request id, and keeps serving', async () => {
    const answer = await server.request('board/teleport', { to: 'mars' })
    expect(answer.error?.code).toBe(-32601)
    expect(answer.error?.message).toContain('board/teleport')
    expect((await server.request('rules/list')).error).toBeUndefined()
  })

  it('answers a request that is not JSON-RPC 2.0 with -32600', async () => {
    server.send({ jsonrpc: '1.0', id: 'old', method: 'rules/list' })
    expect((await server.answer('old')).error?.code).toBe(-32600)
  })

  it('answers a check with a missing file with an input error naming the file, and keeps serving', async () => {
    const missing = join(scratch, 'no-such-layer.gbr')
    const answer = await server.request('check', { inputs: [FIXTURE, missing] })
    expect(answer.error?.code).toBe(1001)
    expect(answer.error?.data.file).toBe(missing)
    expect(typeof answer.error?.data.line).toBe('number')
    expect((await server.request('rules/list')).error).toBeUndefined()
  })

  it('answers a check with a broken Gerber file with an input error at the broken line', async () => {
    const broken = join(scratch, 'broken-F_Cu.gbr')
    // line 4 flashes with aperture D99, which was never defined
    writeFileSync(broken, '%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.400000*%\nD99*\nX0Y0D03*\nM02*\n')
    const answer = await server.request('check', { inputs: [FIXTURE, broken] })
    expect(answer.error?.code).toBe(1001)
    expect(answer.error?.data.file).toBe(broken)
    expect(answer.error?.data.line).toBe(4)
  })

  it('rejects check parameters of the wrong type with -32602', async () => {
    const answer = await server.request('check', { inputs: 'not-a-list' })
    expect(answer.error?.code).toBe(-32602)
  })

  it(`serves ${CHECKS_IN_A_ROW} checks in a row with the same report as check() and steady memory`, async () => {
    const expected = await api.check([FIXTURE])
    const first = await server.request('check', { inputs: [FIXTURE] })
    expect(first.error).toBeUndefined()
    expect(first.result.report).toEqual(expected)
    const afterFirst = (await server.request('$/memory')).result
    expect(afterFirst.gcExposed).toBe(true)

    for (let i = 1; i < CHECKS_IN_A_ROW; i++) {
      const again = await server.request('check', { inputs: [FIXTURE] })
      expect(again.error).toBeUndefined()
      expect(again.result.report.findings).toEqual(expected.findings)
    }
    const afterAll = (await server.request('$/memory')).result
    // every later check found every layer in the cache
    expect(afterAll.layerCache.misses).toBe(afterFirst.layerCache.misses)
    const growth = afterAll.memoryUsage.heapUsed / afterFirst.memoryUsage.heapUsed - 1
    console.error(`heapUsed after 1 check ${afterFirst.memoryUsage.heapUsed}, after ${CHECKS_IN_A_ROW}: ${afterAll.memoryUsage.heapUsed} (${(growth * 100).toFixed(1)} %); rss ${afterFirst.memoryUsage.rss} → ${afterAll.memoryUsage.rss}`)
    expect(Math.abs(growth)).toBeLessThan(0.1)
  })

  it('re-reads only the layer whose content changed', async () => {
    const board = join(scratch, 'changed')
    cpSync(join(REPO, FIXTURE), board, { recursive: true })
    const first = await server.request('check', { inputs: [board] })
    expect(first.error).toBeUndefined()
    const before = (await server.request('$/memory')).result.layerCache
    // a comment before the end changes the bytes (and the hash) but neither the geometry nor any feature's line
    const paste = join(board, 'bga-dev-F_Paste.gbr')
    writeFileSync(paste, readFileSync(paste, 'utf8').replace('M02*', 'G04 touched by the cache test*\nM02*'))
    const second = await server.request('check', { inputs: [board] })
    const after = (await server.request('$/memory')).result.layerCache
    expect(after.misses - before.misses).toBe(1)
    expect(second.result.report.findings).toEqual(first.result.report.findings)
    // layers found by content must still name the files they were read from this time, not the fixture's
    const files = first.result.report.findings.flatMap((f: { features: { file: string }[] }) => f.features.map((x) => x.file))
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) expect(file.startsWith(board), file).toBe(true)
  })

  it('cancels a queued check with -32800', async () => {
    const id = 'queued'
    // both frames in one write: the cancel is read before the check gets its turn
    server.sendRaw(
      Buffer.concat([
        frame({ jsonrpc: '2.0', id, method: 'check', params: { inputs: [FIXTURE] } }),
        frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }),
      ]),
    )
    expect((await server.answer(id)).error?.code).toBe(-32800)
  })

  it('cancels a running check at its first progress report with -32800, then checks again', async () => {
    const board = join(scratch, 'cancel')
    cpSync(join(REPO, FIXTURE), board, { recursive: true }) // new path and a fresh hash: nothing cached
    writeFileSync(join(board, 'bga-dev-F_Cu.gbr'), `G04 new content*\n${readFileSync(join(board, 'bga-dev-F_Cu.gbr'), 'utf8')}`)
    let progressSeen = 0
    const id = server.start('check', { inputs: [board] })
    server.onNotification = (message) => {
      if (message.method === '$/progress' && message.params.id === id && progressSeen++ === 0) server.notify('$/cancelRequest', { id })
    }
    const answer = await server.answer(id)
    server.onNotification = undefined
    expect(progressSeen).toBeGreaterThan(0)
    expect(answer.error?.code).toBe(-32800)
    const again = await server.request('check', { inputs: [board] })
    expect(again.error).toBeUndefined()
  })

  it('renders a kept report in another format on report/get', async () => {
    const checked = await server.request('check', { inputs: [FIXTURE], formats: ['sarif'] })
    const got = await server.request('report/get', { reportId: checked.result.reportId, format: 'sarif' })
    expect(got.result.content).toBe(checked.result.rendered.sarif)
    expect(JSON.parse(got.result.content).version).toBe('2.1.0')
    expect((await server.request('report/get', { reportId: 'report-0' })).error?.code).toBe(1004)
  })

  it('wrote nothing to stdout but whole frames', () => {
    expect(server.badFrames).toEqual([])
    expect(server.stdoutLeftover).toBe(0)
    expect(server.stderr).not.toMatch(/internal error/i)
  })

  it('starts its check process with glibc huge pages asked for (src/cli/huge-pages.ts)', async () => {
    // every Node process of the server records its tunables (a preload that NODE_OPTIONS passes on)
    const seen = join(scratch, 'tunables.txt')
    const probe = join(scratch, 'probe.cjs')
    writeFileSync(probe, `require('node:fs').appendFileSync(${JSON.stringify(seen)}, (process.env.GLIBC_TUNABLES ?? '-') + '\\n')\n`)
    const saved = process.env.NODE_OPTIONS
    process.env.NODE_OPTIONS = `--require ${probe}`
    const probed = new RpcChild()
    if (saved === undefined) delete process.env.NODE_OPTIONS
    else process.env.NODE_OPTIONS = saved
    try {
      expect((await probed.request('check', { inputs: [FIXTURE] })).error).toBeUndefined()
    } finally {
      probed.kill()
    }
    // each process's threads (the loader's) record too: the server runs as started, its check process with the tunable
    expect(new Set(readFileSync(seen, 'utf8').split('\n').filter(Boolean))).toEqual(new Set(['-', 'glibc.malloc.hugetlb=1']))
  })

  it('refuses requests after shutdown and ends with exit code 0 on exit', async () => {
    expect((await server.request('shutdown')).result).toBeNull()
    expect((await server.request('rules/list')).error?.code).toBe(-32600)
    server.notify('exit')
    expect(await server.exit()).toBe(0)
  })
})

function frame(message: object): Buffer {
  const body = Buffer.from(JSON.stringify(message))
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body])
}

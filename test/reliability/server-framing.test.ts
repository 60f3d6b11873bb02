// Issue 14 item 4: a server that cannot be wedged. Each attack goes to the real `bumpcheck serve
// --stdio`; after it, a valid request must still be answered. Every test ends within 20 s.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { RpcChild } from '../server/rpc-child.ts'

const FIXTURE = 'fixtures/kicad-bga-dev/gerber'
const TEST_MS = 20_000
const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-server-framing-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let server: RpcChild
afterEach(() => server?.kill())

/** A fresh server that has answered `initialize`. */
async function start(): Promise<RpcChild> {
  server = new RpcChild()
  const init = await server.request('initialize', { clientInfo: { name: 'server-framing' } })
  expect(init.error).toBeUndefined()
  return server
}

/** The server still answers: the proof that the attack before it wedged nothing. */
async function stillServes(s: RpcChild): Promise<void> {
  const answer = await s.request('rules/list')
  expect(answer.error).toBeUndefined()
  expect(answer.result.rules.length).toBeGreaterThan(0)
}

/** Write a big buffer to the server's stdin, honouring backpressure. */
async function writeAll(s: RpcChild, bytes: Buffer): Promise<void> {
  const stdin = s.child.stdin
  for (let at = 0; at < bytes.length; at += 1 << 20) {
    if (!stdin.write(bytes.subarray(at, at + (1 << 20)))) await new Promise((resolve) => stdin.once('drain', resolve))
  }
}

/**
 * A check that runs for seconds: a 1000 × 1000 step and repeat of one flash (1 M features, about 1.5 s
 * and 360 MB in the check process). A FIFO no longer serves: it is refused at once as not a regular file
 * (test/reliability/links.test.ts), and nothing the reader opens can block.
 */
function slowInput(name: string): string {
  const path = join(dir, name)
  writeFileSync(path, '%FSLAX26Y26*%\n%MOMM*%\n%ADD10C,0.1*%\n%SRX1000Y1000I0.2J0.2*%\nD10*\nX0Y0D03*\n%SR*%\nM02*\n')
  return path
}

describe('bumpcheck serve --stdio under attack', () => {
  describe('framing', () => {
    const badHeaders: [string, string][] = [
      ['no Content-Length at all', 'Content-Type: application/json\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"rules/list"}'],
      ['a Content-Length that is not a number', 'Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0"}'],
      ['a Content-Length of 20 digits', 'Content-Length: 99999999999999999999\r\n\r\n{"jsonrpc":"2.0"}'],
      ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{}'],
    ]
    for (const [name, bytes] of badHeaders) {
      it(`answers ${name} with -32700 and resyncs at the next header`, { timeout: TEST_MS }, async () => {
        const s = await start()
        s.sendRaw(bytes)
        const answer = await s.answer(null)
        expect(answer.error?.code).toBe(-32700)
        expect(answer.error?.message).toMatch(/^Parse error: /)
        await stillServes(s)
      })
    }

    it('refuses a header block over 4 KiB with -32700 and reads the next frame', { timeout: TEST_MS }, async () => {
      const s = await start()
      s.sendRaw(`Content-Length: 2\r\nX-Padding: ${'p'.repeat(100_000)}`)
      expect((await s.answer(null)).error?.code).toBe(-32700)
      s.sendRaw('\r\n\r\n{}') // the end of the refused header, then garbage: skipped while resynchronising
      await stillServes(s)
    })

    it('refuses a body over 64 MiB, skips exactly that body, and answers the request after it', { timeout: TEST_MS }, async () => {
      const s = await start()
      const length = 64 * 1024 * 1024 + 1
      await writeAll(s, Buffer.concat([Buffer.from(`Content-Length: ${length}\r\n\r\n`), Buffer.alloc(length, 0x20)]))
      const answer = await s.answer(null)
      expect(answer.error?.code).toBe(-32700)
      expect(answer.error?.message).toMatch(/over the 67108864-byte limit/)
      await stillServes(s)
    })

    it('reads 100 MB of garbage with no header end in linear time, then answers', { timeout: TEST_MS }, async () => {
      const s = await start()
      const started = Date.now()
      await writeAll(s, Buffer.alloc(100 * 1024 * 1024, 'x'))
      expect((await s.answer(null)).error?.code).toBe(-32700)
      await stillServes(s)
      expect(Date.now() - started).toBeLessThan(15_000)
    })
  })

  describe('parameters', () => {
    it('answers report format names that are Object.prototype members with -32602', { timeout: TEST_MS }, async () => {
      const s = await start()
      const checked = await s.request('check', { inputs: [FIXTURE] })
      expect(checked.error).toBeUndefined()
      for (const format of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'pdf']) {
        expect((await s.request('check', { inputs: [FIXTURE], formats: [format] })).error?.code, format).toBe(-32602)
        expect((await s.request('report/get', { reportId: checked.result.reportId, format })).error?.code, format).toBe(-32602)
      }
      await stillServes(s)
    })

    it('never quotes the bytes of a file named as a deck or mapping that is not JSON', { timeout: TEST_MS }, async () => {
      const s = await start()
      const shadow = join(dir, 'shadow')
      writeFileSync(shadow, 'root:*:20245:0:99999:7:::\nadmin:$6$s3cr3t:20245::::::\n')
      const answer = await s.request('check', { inputs: [FIXTURE], deck: shadow })
      expect(answer.error?.code).toBe(1002)
      expect(answer.error?.message).toContain(shadow)
      const said = JSON.stringify(answer.error)
      for (const secret of ['root', '20245', 's3cr3t', '99999']) expect(said).not.toContain(secret)
      await stillServes(s)
    })
  })

  describe('ending and cancelling', () => {
    it('ends when its input ends, even while a check is running', { timeout: TEST_MS }, async () => {
      const pipe = slowInput('eof-running.gbr')
      const s = await start()
      const id = s.start('check', { inputs: [pipe] })
      let progressed = false
      s.onNotification = (m) => (progressed ||= m.method === '$/progress' && m.params.id === id)
      await new Promise((resolve) => setTimeout(resolve, 500)) // the check is now running
      s.child.stdin.end()
      const started = Date.now()
      const code = await s.exit()
      expect(code).toBe(1) // LSP: input ended without shutdown/exit
      expect(Date.now() - started).toBeLessThan(5_000)
    })

    it('answers $/cancelRequest for a running check at once, then checks again', { timeout: TEST_MS }, async () => {
      const pipe = slowInput('cancel-running.gbr')
      const s = await start()
      const id = s.start('check', { inputs: [pipe] })
      await new Promise((resolve) => setTimeout(resolve, 500))
      s.notify('$/cancelRequest', { id })
      const answer = await s.answer(id)
      expect(answer.error?.code).toBe(-32800)
      const again = await s.request('check', { inputs: [FIXTURE] })
      expect(again.error).toBeUndefined()
      expect(again.result.summary.errors).toBe(12) // pcb-bga: the nine seeded defects, U4's short paste also as three unprintable apertures
    })

    it('cancels a check that overruns its timeoutMs, then checks again', { timeout: TEST_MS }, async () => {
      const pipe = slowInput('deadline-running.gbr')
      const s = await start()
      const answer = await s.request('check', { inputs: [pipe], timeoutMs: 300 })
      expect(answer.error?.code).toBe(-32800)
      expect(answer.error?.message).toMatch(/timeoutMs of 300 ms/)
      expect((await s.request('check', { inputs: [FIXTURE], timeoutMs: 15_000 })).error).toBeUndefined()
      expect((await s.request('check', { inputs: [FIXTURE], timeoutMs: 'soon' })).error?.code).toBe(-32602)
    })
  })

  describe('large reports', () => {
    let drill: string
    let deck: string
    beforeAll(() => {
      // 120 × 120 vias at 0.3 mm pitch against a 0.5 mm minimum: 56 882 pairs too close, over the
      // 10 000 findings a message carries whole
      const lines = ['M48', 'METRIC,TZ', 'T1C0.200', '%', 'G90', 'G05', 'T1']
      for (let i = 0; i < 120; i++) for (let j = 0; j < 120; j++) lines.push(`X${(i * 0.3).toFixed(3)}Y${(j * 0.3).toFixed(3)}`)
      lines.push('M30')
      drill = join(dir, 'dense-PTH.drl')
      writeFileSync(drill, lines.join('\n') + '\n')
      deck = join(dir, 'dense-deck.json')
      writeFileSync(deck, JSON.stringify({ name: 'dense', rules: { 'via-pitch': ['error', { minPitch: 0.5 }] } }))
    })

    it('pages a report too large to send whole through report/get {offset, limit}', { timeout: TEST_MS }, async () => {
      const s = await start()
      expect((await s.request('initialize', {})).result.capabilities.reportPaging).toEqual({ inlineFindings: 10_000, pageLimit: 10_000 })
      const checked = await s.request('check', { inputs: [drill], deck, formats: ['sarif'] })
      expect(checked.error).toBeUndefined()
      const { reportId, summary, paged } = checked.result
      expect(checked.result.report).toBeUndefined()
      expect(paged.findings).toBe(summary.errors)
      expect(paged.findings).toBeGreaterThan(10_000)

      const whole = await s.request('report/get', { reportId, format: 'json' })
      expect(whole.error?.code).toBe(1005)
      expect(whole.error?.data).toMatchObject({ reportId, findings: paged.findings })

      let offset: number | null = 0
      let seen = 0
      let pages = 0
      while (offset !== null) {
        const page = await s.request('report/get', { reportId, offset, limit: 10_000 })
        expect(page.error).toBeUndefined()
        expect(page.result.offset).toBe(offset)
        expect(page.result.total).toBe(paged.findings)
        expect(page.result.items.every((f: { rule: string }) => f.rule === 'via-pitch')).toBe(true)
        seen += page.result.items.length
        offset = page.result.nextOffset
        pages++
      }
      expect(seen).toBe(paged.findings)
      expect(pages).toBe(Math.ceil(paged.findings / 10_000))

      expect((await s.request('report/get', { reportId, offset: 0, limit: 10_001 })).error?.code).toBe(-32602)
      expect((await s.request('report/get', { reportId, offset: -1 })).error?.code).toBe(-32602)
      expect((await s.request('report/get', { reportId, offset: 0, section: '__proto__' })).error?.code).toBe(-32602)
      await stillServes(s)
    })
  })
})

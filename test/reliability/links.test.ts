// Issue 14 item 1: read only what is asked for. Every case is built here from code in a temp folder
// (symlinks, mkfifo, a link to /dev/null for a device: no binary blobs) and run through the real CLI,
// measured by GNU time: each ends within 20 s, below 1.5 GB peak RSS, with exit 0 and one warning line
// per skipped entry, or exit 2 and one line naming the cause; never exit 3. Then the same attacks on
// `bumpcheck serve --stdio`, each followed by a valid request that must be answered.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ReadBuffer, readInputFile } from '../../src/ingest/source.ts'
import { LimitError } from '../../src/errors.ts'
import { ODB_SEED } from '../fuzz/odb-seed.ts'
import { RpcChild } from '../server/rpc-child.ts'

const BIN = resolve('bin/bumpcheck.js')
const TIME = '/usr/bin/time'
const FIXTURE = resolve('fixtures/kicad-bga-dev/gerber/bga-dev-F_Cu.gbr')
const TEST_MS = 20_000
const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-links-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const at = (...parts: string[]) => join(dir, ...parts)

/** One rule that reads no layer: these tests are about reading (a deck with no rule is refused). */
const DECK = at('read-only.json')
const GOOD = 'G04 one flash*\n%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.5*%\nD10*\nX1000000Y1000000D03*\nM02*\n'
const haveMkfifo = spawnSync('mkfifo', ['--version']).status === 0

function fifo(path: string): void {
  const r = spawnSync('mkfifo', [path])
  if (r.status !== 0) throw new Error(`mkfifo ${path}: ${r.stderr}`)
}

/** A folder holding one good Gerber and whatever `add` puts beside it. */
function folder(name: string, add: (path: string) => void): string {
  const path = at(name)
  mkdirSync(path)
  writeFileSync(join(path, 'good.gbr'), GOOD)
  add(path)
  return path
}

/** The ODB++ fuzz seed job (12 files) written out as a folder. */
function odbJob(path: string): string {
  for (const [name, text] of Object.entries(ODB_SEED)) {
    mkdirSync(dirname(join(path, name)), { recursive: true })
    writeFileSync(join(path, name), text, 'latin1')
  }
  return path
}

interface Run { status: number | null; out: string; lines: string[]; seconds: number; rssMb: number }

/** `bumpcheck check …args --deck DECK` through the real binary, under GNU time. */
function cli(...args: string[]): Run {
  const start = Date.now()
  const r = spawnSync(TIME, ['-f', 'RSS_KB=%M', process.execPath, BIN, 'check', ...args, '--deck', DECK], { cwd: dir, encoding: 'utf8', timeout: 60_000 })
  const seconds = (Date.now() - start) / 1000
  const rss = /RSS_KB=(\d+)/.exec(r.stderr)
  const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('RSS_KB=') && !l.startsWith('Command exited'))
  return { status: r.status, out: r.stdout, lines, seconds, rssMb: rss ? Number(rss[1]) / 1024 : Infinity }
}

function expectQuick(r: Run): void {
  expect(r.seconds).toBeLessThan(20)
  expect(r.rssMb).toBeLessThan(1536)
}

/** Exit 2 and exactly one line on stderr, matching. */
function expectRefused(r: Run, pattern: RegExp): void {
  expectQuick(r)
  expect(r.lines, r.lines.join('\n')).toHaveLength(1)
  expect(r.lines[0]).toMatch(pattern)
  expect(r.status).toBe(2)
}

/** Exit 0, nothing on stderr, and the report's lines mentioning `name` are exactly `expected`. */
function expectSkipped(r: Run, name: string, expected: RegExp): void {
  expectQuick(r)
  expect(r.lines).toEqual([])
  expect(r.status).toBe(0)
  const said = r.out.split('\n').filter((l) => l.includes(`/${name}:`))
  expect(said, r.out).toHaveLength(1)
  expect(said[0]).toMatch(expected)
}

/** The inputs the JSON report says were read, with their SHA-256: what was hashed. */
function inputsHashed(...args: string[]): { path: string; sha256: string }[] {
  const r = spawnSync(process.execPath, [BIN, 'check', ...args, '--deck', DECK, '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 })
  expect(r.status, r.stderr).toBe(0)
  return (JSON.parse(r.stdout) as { inputs: { path: string; sha256: string }[] }).inputs
}
const inputsRead = (...args: string[]): string[] => inputsHashed(...args).map((i) => i.path)

beforeAll(() => {
  writeFileSync(DECK, '{ "name": "read-only", "units": "mm", "process": { "bumpMetal": "Cu", "padMetal": "W" }, "rules": { "process-materials": ["error", { "minMeltingPoint": 300 }] } }')
})

const LINK = /skipped: a symbolic link; only regular files and folders are read, and links are never followed$/

describe.skipIf(!existsSync(TIME))('links and special files through the CLI', () => {
  it('a link to /dev/zero in a folder is skipped with one warning, unread (no memory growth)', { timeout: 60_000 }, () => {
    const path = folder('zero', (p) => symlinkSync('/dev/zero', join(p, 'zero.gbr')))
    const r = cli(path)
    expectSkipped(r, 'zero.gbr', new RegExp(`${path}/zero.gbr:0: ${LINK.source}`))
    expect(r.rssMb).toBeLessThan(400)
  })

  it.skipIf(!haveMkfifo)('a FIFO in a folder is skipped with one warning, without blocking', { timeout: 60_000 }, () => {
    const path = folder('fifo', (p) => fifo(join(p, 'pipe.gbr')))
    expectSkipped(cli(path), 'pipe.gbr', /pipe\.gbr:0: skipped: a FIFO \(named pipe\); only regular files and folders are read/)
  })

  it('a link to /etc/passwd in a folder is skipped and neither read nor hashed', { timeout: 60_000 }, () => {
    const path = folder('passwd', (p) => symlinkSync('/etc/passwd', join(p, 'passwd.gbr')))
    expectSkipped(cli(path), 'passwd.gbr', LINK)
    expect(inputsRead(path)).toEqual([join(path, 'good.gbr')])
  })

  it('a link to /dev/null (a device) in a folder is skipped; named with --follow-links it is refused as a device', { timeout: 60_000 }, () => {
    const path = folder('null', (p) => symlinkSync('/dev/null', join(p, 'null.gbr')))
    expectSkipped(cli(path), 'null.gbr', LINK)
    expectRefused(cli(join(path, 'null.gbr'), '--follow-links'),
      new RegExp(`^bumpcheck: ${path}/null.gbr: a symbolic link to /dev/null, which is a character device, not a regular file or folder: not read$`))
  })

  it('a Unix socket in a folder is skipped with one warning', { timeout: 60_000 }, async () => {
    const path = folder('socket', () => {})
    const server = createServer()
    await new Promise<void>((done) => server.listen(join(path, 'sock.gbr'), done))
    try {
      expectSkipped(cli(path), 'sock.gbr', /sock\.gbr:0: skipped: a socket; only regular files and folders are read/)
    } finally {
      server.close()
    }
  })

  it('a dangling link in a folder is skipped with one warning (was exit 3)', { timeout: 60_000 }, () => {
    const path = folder('dangling', (p) => symlinkSync(join(p, 'nowhere.gbr'), join(p, 'dangling.gbr')))
    expectSkipped(cli(path), 'dangling.gbr', LINK)
  })

  it('a folder link loop is skipped (was exit 3); named with --follow-links it is refused as a loop', { timeout: 60_000 }, () => {
    const path = folder('loop', (p) => {
      symlinkSync('.', join(p, 'self')) // the folder itself
      symlinkSync('b', join(p, 'a')) // a → b → a
      symlinkSync('a', join(p, 'b'))
    })
    const r = cli(path)
    expectSkipped(r, 'self', LINK)
    expect(r.out.split('\n').filter((l) => /\/loop\/[ab]:0: /.test(l))).toHaveLength(2)
    expectRefused(cli(join(path, 'a'), '--follow-links'), new RegExp(`^bumpcheck: ${path}/a: a symbolic link that is a loop of links: not read$`))
  })

  it('a symlinked ODB++ job folder: skipped inside a folder; named, read only with --follow-links', { timeout: 60_000 }, () => {
    const job = odbJob(at('real-job'))
    const path = folder('jobs', (p) => symlinkSync(job, join(p, 'job')))
    expectSkipped(cli(path), 'job', LINK)
    const named = join(path, 'job')
    expectRefused(cli(named), new RegExp(`^bumpcheck: ${named}: a symbolic link: not followed; to read what it points to, give --follow-links \\(a server check: followLinks: true\\)$`))
    const followed = cli(named, '--follow-links')
    expectQuick(followed)
    expect(followed.lines).toEqual([])
    expect(followed.status).toBe(0)
    expect(inputsRead(named, '--follow-links')).toEqual([job]) // the job is read at its real path
  })

  it('a named link to a layer file: exit 2 naming --follow-links without it; read (its target) with it', { timeout: 60_000 }, () => {
    const link = at('named.gbr')
    symlinkSync(FIXTURE, link)
    expectRefused(cli(link), new RegExp(`^bumpcheck: ${link}: a symbolic link: not followed; to read what it points to, give --follow-links \\(a server check: followLinks: true\\)$`))
    expect(inputsRead(link, '--follow-links')).toEqual([FIXTURE])
  })

  it('a named link to /dev/zero is refused with or without --follow-links', { timeout: 60_000 }, () => {
    const link = at('zero-named.gbr')
    symlinkSync('/dev/zero', link)
    expectRefused(cli(link), /a symbolic link: not followed; to read what it points to, give --follow-links \(a server check: followLinks: true\)$/)
    expectRefused(cli(link, '--follow-links'), /a symbolic link to \/dev\/zero, which is a character device, not a regular file or folder: not read$/)
  })

  it.skipIf(!haveMkfifo)('a FIFO named on the command line is refused at once, not waited on', { timeout: 60_000 }, () => {
    const pipe = at('named-pipe.drl')
    fifo(pipe)
    expectRefused(cli(pipe), new RegExp(`^bumpcheck: ${pipe}: a FIFO \\(named pipe\\), not a regular file or folder: not read$`))
  })

  it.skipIf(!haveMkfifo)('an ODB++ job folder holding a FIFO and a link to /dev/zero: each skipped with one warning, the job read', { timeout: 60_000 }, () => {
    const job = odbJob(at('job-with-specials'))
    fifo(join(job, 'steps', 'pipe'))
    symlinkSync('/dev/zero', join(job, 'misc', 'zero'))
    const r = cli(job)
    expectQuick(r)
    expect(r.lines).toEqual([])
    expect(r.status).toBe(0)
    expect(r.out.split('\n').filter((l) => l.includes('/steps/pipe'))).toEqual([expect.stringMatching(/a FIFO \(named pipe\) in the job folder skipped/)])
    expect(r.out.split('\n').filter((l) => l.includes('/misc/zero'))).toEqual([expect.stringMatching(/a symbolic link in the job folder skipped/)])
  })

  it('a link to /etc/passwd in an ODB++ job folder is skipped and not hashed: the job hashes as without it', { timeout: 60_000 }, () => {
    const plain = odbJob(at('job-plain'))
    const linked = odbJob(at('job-passwd'))
    symlinkSync('/etc/passwd', join(linked, 'misc', 'passwd'))
    const [withLink] = inputsHashed(linked)
    const [without] = inputsHashed(plain)
    expect(withLink!.path).toBe(linked)
    expect(withLink!.sha256).toBe(without!.sha256)
  })

  it('a file over --max-file-bytes: exit 2, one line naming the file, its size and the flag; read under a cap it fits', { timeout: 60_000 }, () => {
    const big = at('big.gbr')
    writeFileSync(big, GOOD + `G04 ${'x'.repeat(5000)}*\n`)
    const size = readFileSync(big).length // 5131 bytes
    expectRefused(cli(big, '--max-file-bytes', '4K'),
      new RegExp(`^bumpcheck: ${big}: the file is ${size} bytes, over the 4096-byte limit on one input file; if the file is genuine, raise the limit with --max-file-bytes N$`))
    const fits = cli(big, '--max-file-bytes', String(size))
    expect(fits.lines).toEqual([])
    expect(fits.status).toBe(0)
    expectRefused(cli(big, '--max-file-bytes', 'lots'), /^bumpcheck: --max-file-bytes must be a size in bytes such as 1000000, 512M or 4G \(got "lots"\)$/)
  })
})

describe('readInputFile', () => {
  it('stops a file whose size lies (/proc: fstat says 0) at the cap, reading through the descriptor', async () => {
    const error = await readInputFile('/proc/self/maps', 100).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LimitError)
    expect((error as LimitError).message).toBe('/proc/self/maps:0: the file is more than 100 bytes (it grew while being read), over the 100-byte limit on one input file; if the file is genuine, raise the limit with --max-file-bytes N')
  })

  // what a file swapped in between lstat and open meets: the open and the fstat refuse it themselves
  it('refuses a link (O_NOFOLLOW), and a FIFO or device (fstat) without blocking on the open', async () => {
    const link = at('swapped-link.gbr')
    symlinkSync(FIXTURE, link)
    await expect(readInputFile(link)).rejects.toThrow(`${link}:0: a symbolic link: not followed`)
    await expect(readInputFile('/dev/zero')).rejects.toThrow('/dev/zero:0: a character device, not a regular file: not read')
    if (!haveMkfifo) return
    const pipe = at('swapped-pipe.gbr')
    fifo(pipe) // nobody writes to it: an open without O_NONBLOCK would wait forever
    await expect(readInputFile(pipe)).rejects.toThrow(`${pipe}:0: a FIFO (named pipe), not a regular file: not read`)
  })

  it('reads a file of exactly the cap, byte for byte', async () => {
    const path = at('exact.bin')
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251))
    writeFileSync(path, bytes)
    expect(Buffer.compare(await readInputFile(path, 3000), bytes)).toBe(0)
    await expect(readInputFile(path, 2999)).rejects.toThrow(/the file is 3000 bytes, over the 2999-byte limit/)
  })

  it('reads files one after another into one buffer, larger only when a file needs it', async () => {
    const big = at('reuse-big.bin'), small = at('reuse-small.bin'), bigger = at('reuse-bigger.bin')
    writeFileSync(big, Buffer.alloc(5000, 7))
    writeFileSync(small, Buffer.from('M02*\n'))
    writeFileSync(bigger, Buffer.alloc(9000, 9))
    const into = new ReadBuffer()
    // identity of the kept Buffer, not of its ArrayBuffer: small Buffers share Node's pool (8 KiB on
    // Node 20, larger on Node 24), so two different buffers can have the same .buffer
    const first = await readInputFile(big, 10_000, into)
    expect(first.length).toBe(5000)
    const kept = into.buffer
    const second = await readInputFile(small, 10_000, into)
    expect(second.toString()).toBe('M02*\n')
    expect(into.buffer).toBe(kept) // the same memory, written again
    expect(second.byteOffset).toBe(first.byteOffset)
    expect(second.buffer).toBe(first.buffer)
    const third = await readInputFile(bigger, 10_000, into)
    expect(third.length).toBe(9000)
    expect(third.every((b) => b === 9)).toBe(true)
    expect(into.buffer).not.toBe(kept) // a new one, as 9000 bytes do not fit
    expect(into.buffer?.length).toBeGreaterThan(9000)
    expect(third.buffer).toBe(into.buffer?.buffer) // kept for the next read
  })

  it('keeps the buffer a growing file needed (/proc: fstat says 0)', async () => {
    const into = new ReadBuffer()
    const maps = await readInputFile('/proc/self/maps', 1 << 24, into)
    expect(maps.toString()).toMatch(/\[stack\]/)
    expect(into.buffer?.buffer).toBe(maps.buffer)
  })
})

describe('links and special files through the server', () => {
  let server: RpcChild
  afterEach(() => server?.kill())

  /** The server answers a valid check of a real layer, and its check process stays small. */
  async function stillChecks(s: RpcChild): Promise<void> {
    const answer = await s.request('check', { inputs: [FIXTURE], deck: DECK })
    expect(answer.error).toBeUndefined()
    expect(answer.result.summary.verdict).toBe('PASS')
    const memory = await s.request('$/memory')
    expect(memory.result.checkProcess.memoryUsage.rss).toBeLessThan(1536 * 2 ** 20)
  }

  async function start(): Promise<RpcChild> {
    server = new RpcChild()
    expect((await server.request('initialize', {})).error).toBeUndefined()
    return server
  }

  it('a folder of a /dev/zero link, a FIFO, a passwd link and a dangling link: checked, each skipped as a diagnostic', { timeout: TEST_MS }, async () => {
    const path = folder('server-specials', (p) => {
      symlinkSync('/dev/zero', join(p, 'zero.gbr'))
      if (haveMkfifo) fifo(join(p, 'pipe.gbr'))
      symlinkSync('/etc/passwd', join(p, 'passwd.gbr'))
      symlinkSync(join(p, 'nowhere'), join(p, 'dangling.gbr'))
    })
    const s = await start()
    const answer = await s.request('check', { inputs: [path], deck: DECK })
    expect(answer.error).toBeUndefined()
    expect(answer.result.report.inputs.map((i: { path: string }) => i.path)).toEqual([join(path, 'good.gbr')])
    const skipped = answer.result.report.diagnostics.map((d: { path: string; message: string }) => `${d.path.slice(path.length + 1)}: ${d.message.split(';')[0]}`)
    expect(skipped).toEqual([
      'dangling.gbr: skipped: a symbolic link',
      'passwd.gbr: skipped: a symbolic link',
      ...(haveMkfifo ? ['pipe.gbr: skipped: a FIFO (named pipe)'] : []),
      'zero.gbr: skipped: a symbolic link',
    ])
    await stillChecks(s)
  })

  it.skipIf(!haveMkfifo)('a FIFO named as an input is an input error at once (1001), and the next check is answered', { timeout: TEST_MS }, async () => {
    const pipe = at('server-pipe.drl')
    fifo(pipe)
    const s = await start()
    const started = Date.now()
    const answer = await s.request('check', { inputs: [pipe], deck: DECK })
    expect(answer.error?.code).toBe(1001)
    expect(answer.error?.message).toBe(`${pipe}:0: a FIFO (named pipe), not a regular file or folder: not read`)
    expect(Date.now() - started).toBeLessThan(5_000)
    await stillChecks(s)
  })

  it('a named link: refused without followLinks, its target read with it; a link to /dev/zero refused either way', { timeout: TEST_MS }, async () => {
    const link = at('server-link.gbr')
    symlinkSync(FIXTURE, link)
    const zero = at('server-zero.gbr')
    symlinkSync('/dev/zero', zero)
    const s = await start()
    expect((await s.request('check', { inputs: [link], deck: DECK })).error?.message).toMatch(/a symbolic link: not followed; to read what it points to, give --follow-links \(a server check: followLinks: true\)$/)
    const followed = await s.request('check', { inputs: [link], deck: DECK, followLinks: true })
    expect(followed.error).toBeUndefined()
    expect(followed.result.report.inputs.map((i: { path: string }) => i.path)).toEqual([FIXTURE])
    for (const followLinks of [false, true]) {
      const answer = await s.request('check', { inputs: [zero], deck: DECK, followLinks })
      expect(answer.error?.code).toBe(1001)
      expect(answer.error?.message).toMatch(followLinks ? /which is a character device/ : /followLinks: true\)$/)
    }
    expect((await s.request('check', { inputs: [link], followLinks: 'yes' })).error?.code).toBe(-32602)
    await stillChecks(s)
  })

  it('limits: maxFileBytes and maxMemory are applied (an input error naming the limit), unknown or bad limits are -32602', { timeout: TEST_MS }, async () => {
    const s = await start()
    const small = await s.request('check', { inputs: [FIXTURE], deck: DECK, limits: { maxFileBytes: 1000 } })
    // a limit hit while reading is one of the report's input errors, as any unreadable file (1001)
    expect(small.error?.code).toBe(1001)
    expect(small.error?.message).toMatch(/the file is \d+ bytes, over the 1000-byte limit on one input file/)
    const memory = await s.request('check', { inputs: [FIXTURE], deck: DECK, limits: { maxMemory: 10_000 } })
    expect(memory.error?.code).toBe(1001)
    expect(memory.error?.message).toMatch(/past the memory budget of 10 KB/)
    for (const limits of [{ maxBytes: 5 }, { maxMemory: 0 }, { maxFileBytes: '1G' }, { toString: 5 }, JSON.parse('{"__proto__": 5}'), 7]) {
      expect((await s.request('check', { inputs: [FIXTURE], deck: DECK, limits })).error?.code, JSON.stringify(limits)).toBe(-32602)
    }
    await stillChecks(s)
  })
})

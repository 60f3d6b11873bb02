// Issue 14 item 1, for the files a run is configured by: the deck (and what it extends), --waivers and
// --map are read like the layers, never a device, never past the byte cap, and a FIFO nobody writes to
// does not hang the run. Each case is built here from code and run through the real CLI under GNU
// time: within 20 s, below 1.5 GB, exit 2 and one line naming the flag or file and the cause.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const BIN = resolve('bin/bumpcheck.js')
const TIME = '/usr/bin/time'
const BOARD = resolve('fixtures/kicad-bga-dev/gerber')
const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-flag-files-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const haveMkfifo = spawnSync('mkfifo', ['--version']).status === 0

interface Run { status: number | null; lines: string[]; seconds: number; rssMb: number }

/** `bumpcheck check BOARD …args -q` through the real binary, under GNU time (a shell for `<(…)`). */
function cli(args: string): Run {
  const start = Date.now()
  const r = spawnSync('bash', ['-c', `${TIME} -f RSS_KB=%M ${process.execPath} ${BIN} check ${BOARD} -q ${args}`], { cwd: dir, encoding: 'utf8', timeout: 60_000 })
  const rss = /RSS_KB=(\d+)/.exec(r.stderr)
  const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('RSS_KB=') && !l.startsWith('Command exited'))
  return { status: r.status, lines, seconds: (Date.now() - start) / 1000, rssMb: rss ? Number(rss[1]) / 1024 : Infinity }
}

function expectRefused(r: Run, line: RegExp): void {
  expect(r.seconds).toBeLessThan(20)
  expect(r.rssMb).toBeLessThan(1536)
  expect(r.lines, r.lines.join('\n')).toHaveLength(1)
  expect(r.lines[0]).toMatch(line)
  expect(r.status).toBe(2)
}

describe.skipIf(!existsSync(TIME))('deck, waivers and mapping files through the CLI', { timeout: 60_000 }, () => {
  it('a deck that is /dev/zero is refused as a device, unread', () => {
    const r = cli('-d /dev/zero')
    expectRefused(r, /^bumpcheck: Deck \/dev\/zero: a character device, not a file: not read$/)
    expect(r.rssMb).toBeLessThan(400)
  })

  it('a deck extending /dev/zero through a link is refused the same way', () => {
    symlinkSync('/dev/zero', join(dir, 'zero.json'))
    writeFileSync(join(dir, 'extends-zero.json'), '{ "extends": "./zero.json" }')
    expectRefused(cli(`-d ${join(dir, 'extends-zero.json')}`), /zero\.json: a character device, not a file: not read/)
  })

  it('--map /dev/zero and --waivers /dev/zero: one line naming the flag', () => {
    expectRefused(cli('--map /dev/zero'), /^bumpcheck: --map \/dev\/zero: a character device, not a file: not read$/)
    expectRefused(cli('--waivers /dev/zero'), /^bumpcheck: --waivers \/dev\/zero: a character device, not a file: not read$/)
  })

  it.skipIf(!haveMkfifo)('--waivers naming a FIFO nobody writes to reads as empty, at once: not JSON, exit 2', () => {
    spawnSync('mkfifo', [join(dir, 'waivers.fifo')])
    expectRefused(cli(`--waivers ${join(dir, 'waivers.fifo')}`), /waivers\.fifo: not valid JSON/)
  })

  it('an endless pipe (`<(yes)`) stops at --max-file-bytes, naming the flag', () => {
    const r = cli('--max-file-bytes 1M --waivers <(yes)')
    expectRefused(r, /^bumpcheck: --waivers \/dev\/fd\/\d+: the file is more than 1048576 bytes, .*--max-file-bytes/)
  })

  it('a pipe whose writer is slow is waited for and read whole', () => {
    // a second of silence, then a valid (empty) waivers file: the run goes on to its verdict, FAIL (exit 1)
    const r = spawnSync('bash', ['-c', `${process.execPath} ${BIN} check ${BOARD} -q --waivers <(sleep 1; echo '{ "waivers": [] }')`], { encoding: 'utf8', timeout: 60_000 })
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/verdict\s+FAIL/)
    expect(r.status).toBe(1)
  })
})

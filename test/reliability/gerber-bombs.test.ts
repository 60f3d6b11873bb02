// Gerber bombs through the real CLI with default flags: each attack is built here from code and must end
// within 20 s and below 1.5 GB peak RSS (measured by GNU time), with exit 2 and one line naming file, line
// and cause — never exit 3, a V8 abort or a stack overflow.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const BIN = resolve('bin/bumpcheck.js')
const TIME = '/usr/bin/time'
const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-bombs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const HEAD = '%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.1*%\n' // lines 1–3

/** Run `bumpcheck check file` (from a folder with no config) and measure it. */
function run(name: string, text: string, ...flags: string[]): { status: number | null; lines: string[]; seconds: number; rssMb: number } {
  const file = join(dir, name)
  writeFileSync(file, text)
  const start = Date.now()
  const r = spawnSync(TIME, ['-f', 'RSS_KB=%M', process.execPath, BIN, 'check', file, ...flags], { cwd: dir, encoding: 'utf8', timeout: 60_000 })
  const seconds = (Date.now() - start) / 1000
  const rss = /RSS_KB=(\d+)/.exec(r.stderr)
  const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('RSS_KB=') && !l.startsWith('Command exited') && !/no config found/.test(l))
  return { status: r.status, lines, seconds, rssMb: rss ? Number(rss[1]) / 1024 : Infinity }
}

function expectOneLine(r: ReturnType<typeof run>, pattern: RegExp): void {
  expect(r.lines, r.lines.join('\n')).toHaveLength(1)
  expect(r.lines[0]).toMatch(pattern)
  expect(r.status).toBe(2)
  expect(r.seconds).toBeLessThan(20)
  expect(r.rssMb).toBeLessThan(1536)
}

describe.skipIf(!existsSync(TIME))('Gerber bombs end in one line, exit 2, within 20 s and 1.5 GB', () => {
  it('a 92-byte step and repeat to 20 M flashes is refused on the memory budget before a copy is made', { timeout: 60_000 }, () => {
    const text = `${HEAD}D10*\n%SRX5000Y4000I0.2J0.2*%\nX0Y0D03*\n%SR*%\nM02*\n`
    expect(text.length).toBeLessThanOrEqual(92)
    expectOneLine(run('sr.gbr', text), /sr\.gbr:5: Step and repeat X5000×Y4000 of 1 features would take about 7\.4 GB, past the memory budget of .*--max-memory/)
  })

  // 1 000 of these arcs (46 KB) were 1.3 GB: arc vertices are charged to the budget as they are made
  it('20 000 full-circle arcs of radius 10 inch (8 192 vertices each, 164 M in all) stop at the budget, at an arc\'s line', { timeout: 60_000 }, () => {
    const text = `%FSLAX26Y26*%\n%MOIN*%\n%ADD10C,0.001*%\nD10*\nG75*\n${'X10000000Y0D02*\nG03X10000000Y0I-10000000J0D01*\n'.repeat(20_000)}M02*\n`
    const r = run('arcs.gbr', text, '--max-memory', '200M')
    expectOneLine(r, /arcs\.gbr:\d+: The arc vertices plotted so far would take about 3\.1 MB, past the memory budget of 200\.0 MB \(.* already read\); if the file is genuine, raise the limit with --max-memory N$/)
    // the budget holds about 200 MB / (2 × 8 192 × 49 B) ≈ 250 arcs (each charged as its points and its outline)
    const line = Number(/arcs\.gbr:(\d+):/.exec(r.lines[0]!)![1])
    expect(line).toBeGreaterThan(2 * 150)
    expect(line).toBeLessThan(2 * 400)
  })

  // was 28 s and 3.3 GB RSS: each block's copies were made while the next was defined. A block flashed in a
  // block's definition is now a reference with its count, so D107's 8^8 flashes are charged before one is copied
  it('a nested %AB of 8 levels, each flashing the one inside 8 times (8^8 = 16.7 M flashes), is refused on the budget', { timeout: 90_000 }, () => {
    let text = `${HEAD}%ABD100*%\nD10*\n${'X0Y0D03*\nX1000000Y0D03*\nX0Y1000000D03*\nX1000000Y1000000D03*\nX2000000Y0D03*\nX0Y2000000D03*\nX2000000Y2000000D03*\nX3000000Y0D03*\n'}%AB*%\n`
    for (let level = 101; level < 108; level++) {
      text += `%ABD${level}*%\nD${level - 1}*\n${'X0Y0D03*\nX0Y5000000D03*\nX0Y10000000D03*\nX0Y15000000D03*\nX5000000Y0D03*\nX10000000Y0D03*\nX15000000Y0D03*\nX20000000Y0D03*\n'}%AB*%\n`
    }
    text += 'D107*\nX0Y0D03*\nM02*\n'
    expect(text.length).toBeLessThan(1500)
    expectOneLine(run('ab.gbr', text), /ab\.gbr:\d+: Flashing block aperture D10\d \(\d+ features\) would take about .* past the memory budget .*--max-memory/)
  })

  it('a macro of a million terms reads to its value; 20 000 × 65-deep parentheses are one line (no stack overflow)', { timeout: 60_000 }, () => {
    // 1 + 1 + … − 999 999.9 = 0.1 mm: a circle of 0.1 mm (the file is otherwise a plain flash, so the run reads it)
    const sum = `${'1+'.repeat(999_999)}1-999999.9`
    const ok = run('sum.gbr', `%FSLAX46Y46*%\n%MOMM*%\n%AMSUM*\n1,1,${sum},0,0*\n%\n%ADD11SUM*%\nD11*\nX0Y0D03*\nM02*\n`)
    expect(ok.lines.join('\n')).not.toMatch(/Maximum call stack|RangeError|bug/)
    expect(ok.status === 0 || ok.status === 1 || ok.status === 2).toBe(true)
    const group = `${'('.repeat(65)}2${')'.repeat(65)}`
    const deep = Array.from({ length: 20_000 }, () => group).join('x')
    expectOneLine(run('deep.gbr', `%FSLAX46Y46*%\n%MOMM*%\n%AMDEEP*\n1,1,${deep},0,0*\n%\n%ADD11DEEP*%\nD11*\nX0Y0D03*\nM02*\n`),
      /deep\.gbr:4: Macro expression nests deeper than 64 .*--max-depth/)
  })

  it('a coordinate of 7.08e300 in is one line naming its AD', { timeout: 60_000 }, () => {
    expectOneLine(run('huge.gbr', '%FSLAX24Y24*%\n%MOIN*%\n%ADD12P,7.077532027016992e+300X6X15X0.02*%\nD12*\nX0Y0D03*\nM02*\n'),
      /huge\.gbr:3: Aperture D12 has a size out of range/)
  })

  it('a file that is not Gerber is described, never quoted', { timeout: 60_000 }, () => {
    const r = run('shadow.gbr', 'root:$6$s3cr3tHash:20245:0:99999:7:::\n')
    expect(r.lines.join('\n')).not.toMatch(/s3cr3t|root/)
    expect(r.status).toBe(2)
  })
})

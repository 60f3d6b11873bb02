// `bumpcheck layers` run as a user runs it: a child process through bin/bumpcheck.js.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, InputError, LimitError } from '../../src/errors.ts'
import { reportFailure } from '../../src/cli/errors.ts'

const bumpcheck = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['bin/bumpcheck.js', ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}
const BGA = 'fixtures/kicad-bga-dev/gerber'
const STACK_FRAME = /^\s+at /m

interface FileSummary { path: string; role: string; side: string; counts: Record<string, number>; byFunction: Record<string, number>; bbox: number[] | null; darkArea: number }

describe('bumpcheck layers', () => {
  it('lists the 9 KiCad files of kicad-bga-dev as JSON with roles, sides and pad counts from the files', { timeout: 60_000 }, () => {
    const { code, stdout, stderr } = bumpcheck('layers', BGA, '--format', 'json')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const report = JSON.parse(stdout) as { files: FileSummary[]; errors: unknown[] }
    expect(report.errors).toEqual([])
    expect(report.files.map((f) => [f.path.slice(BGA.length + 1), f.role, f.side])).toEqual([
      ['bga-dev-B_Cu.gbr', 'pads', 'bottom'], ['bga-dev-B_Mask.gbr', 'mask', 'bottom'], ['bga-dev-B_Paste.gbr', 'deposit', 'bottom'],
      ['bga-dev-Edge_Cuts.gbr', 'outline', 'both'], ['bga-dev-F_Cu.gbr', 'pads', 'top'], ['bga-dev-F_Mask.gbr', 'mask', 'top'],
      ['bga-dev-F_Paste.gbr', 'deposit', 'top'], ['bga-dev-NPTH.drl', 'other', 'both'], ['bga-dev-PTH.drl', 'vias', 'both'],
    ])
    const byName = (suffix: string) => report.files.find((f) => f.path.endsWith(suffix))!
    // truth.json: 484 + 144 + 100 + 676 + 381 = 1785 BGA pads; the PTH file has 422 via hits
    const truth = JSON.parse(readFileSync('fixtures/kicad-bga-dev/truth.json', 'utf8')) as { parts: { pads: number }[] }
    const pads = truth.parts.reduce((sum, p) => sum + p.pads, 0)
    const viaHits = readFileSync(`${BGA}/bga-dev-PTH.drl`, 'utf8').split('\n').filter((l) => /^X/.test(l)).length
    expect(pads).toBe(1785)
    expect(viaHits).toBe(422)
    // flash counts = D03 operations in each file (grep -c D03)
    const d03 = (name: string) => readFileSync(`${BGA}/${name}`, 'utf8').split('\n').filter((l) => /D03\*$/.test(l)).length
    const fCu = byName('F_Cu.gbr')
    expect(fCu.counts.flash).toBe(d03('bga-dev-F_Cu.gbr'))
    expect(fCu.byFunction.SMDPad).toBe(pads)
    expect(fCu.byFunction.ViaPad).toBe(viaHits)
    expect(fCu.counts.flash).toBe(pads + viaHits)
    expect(byName('B_Cu.gbr').byFunction).toMatchObject({ ViaPad: viaHits })
    expect(byName('F_Mask.gbr').counts.flash).toBe(pads)
    expect(byName('F_Paste.gbr').counts).toMatchObject({ flash: pads, region: 1 }) // the stray paste rectangle of truth.json
    const pth = byName('-PTH.drl')
    expect(pth.counts.hole).toBe(viaHits)
    expect(pth.byFunction).toEqual({ ViaDrill: viaHits })
    // hole box by awk over the file: min/max of X, Y ± tool radius
    expect(pth.bbox).toEqual([-0.15, -42.15, 197.3, -4.925])
    // Σ πd²/4 over 2 × 0.15, 130 × 0.2, 290 × 0.3 mm holes (counts per tool by awk) = 24.6185 mm²
    expect(pth.darkArea / ((Math.PI / 4) * (2 * 0.0225 + 130 * 0.04 + 290 * 0.09))).toBeCloseTo(1, 3)
  })

  it('prints a text table by default', { timeout: 60_000 }, () => {
    const { code, stdout } = bumpcheck('layers', `${BGA}/bga-dev-PTH.drl`)
    expect(code).toBe(0)
    expect(stdout.split('\n')[1]!.split(/\s+/).slice(0, 11)).toEqual([`${BGA}/bga-dev-PTH.drl`, 'vias', 'both', 'x2', 'mm', '0', '0', '0', '0', '422', '0'])
  })

  it('exits 2 on a broken file, names file and line without a stack trace, and still lists the others', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-cli-'))
    const broken = join(dir, 'broken.drl')
    writeFileSync(broken, 'M48\nMETRIC\nT1C0.3\n%\nT1\nX1.0Y1.0\nT9\nX2.0Y2.0\nM30\n')
    const { code, stdout, stderr } = bumpcheck('layers', broken, `${BGA}/bga-dev-PTH.drl`, '--format', 'json')
    expect(code).toBe(2)
    expect(stderr).toBe(`bumpcheck: ${broken}:7: tool T9 is used but not defined in this file (no T9C<diameter>)\n`)
    expect(stderr).not.toMatch(STACK_FRAME)
    const report = JSON.parse(stdout) as { files: FileSummary[]; errors: { path: string; line: number }[] }
    expect(report.files.map((f) => f.path)).toEqual([`${BGA}/bga-dev-PTH.drl`])
    expect(report.errors).toEqual([{ path: broken, line: 7, message: 'tool T9 is used but not defined in this file (no T9C<diameter>)' }])
  })

  it('exits 2 with one line on a bad flag or a bad --map file', { timeout: 60_000 }, () => {
    const format = bumpcheck('layers', BGA, '--format', 'xml')
    expect([format.code, format.stderr]).toEqual([2, 'bumpcheck: --format must be one of text, json (got "xml")\n'])
    const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-cli-'))
    writeFileSync(join(dir, 'map.json'), '{ "*.drl": { "role": "holes", "side": "top" } }')
    const map = bumpcheck('layers', BGA, '--map', join(dir, 'map.json'))
    expect(map.code).toBe(2)
    expect(map.stderr).toMatch(/^bumpcheck: --map .*map\.json: "\*\.drl"\.role must be one of pads, mask, deposit, vias, outline, other \(got "holes"\)\n$/)
  })

  it('answers --help and --version, and --help after a command', { timeout: 60_000 }, () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version
    expect(bumpcheck('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
    const top = bumpcheck('--help')
    expect(top.code).toBe(0)
    expect(top.stdout).toMatch(/^Usage: bumpcheck <command>/)
    expect(top.stdout).toMatch(/^ {2}layers +List input layers/m)
    const layers = bumpcheck('layers', '--help')
    expect(layers.code).toBe(0)
    expect(layers.stdout).toMatch(/^Usage: bumpcheck layers <files or folders…> \[--format text\|json\] \[--map FILE\]/)
    const unknown = bumpcheck('lyers')
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/^bumpcheck: unknown command "lyers"/)])
  })
})

describe('reportFailure', () => {
  const run = (error: unknown) => {
    let text = ''
    const code = reportFailure(error, (t) => void (text += t))
    return [code, text] as const
  }
  it('prints what the user can fix as one line and exits 2', () => {
    expect(run(new InputError('a.gbr', 12, 'undefined aperture D11'))).toEqual([2, 'bumpcheck: a.gbr:12: undefined aperture D11\n'])
    expect(run(new LimitError('a.gbr', 3, 'more than 10 features'))).toEqual([2, 'bumpcheck: a.gbr:3: more than 10 features\n'])
    expect(run(new InputError('job.tgz', 0, 'not an archive'))).toEqual([2, 'bumpcheck: job.tgz: not an archive\n'])
    expect(run(new ConfigError('deck: bad'))).toEqual([2, 'bumpcheck: deck: bad\n'])
  })
  it('prints the stack of anything else and exits 3 (a bug)', () => {
    const [code, text] = run(new RangeError('boom'))
    expect(code).toBe(3)
    expect(text).toMatch(/^bumpcheck: internal error .*\nRangeError: boom\n\s+at /)
  })
})

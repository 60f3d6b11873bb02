// `bumpcheck check` as a user and a CI job run it: a child process, real fixtures, exit codes, files.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'

const bumpcheck = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['bin/bumpcheck.js', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}
const BGA = 'fixtures/kicad-bga-dev/gerber'
const CLEAN = 'fixtures/kicad-bga-dev/gerber-clean'
const DECK = 'fixtures/kicad-bga-dev/deck.json'
const tmp = () => mkdtempSync(join(tmpdir(), 'bumpcheck-check-'))

describe('bumpcheck check', { timeout: 120_000 }, () => {
  it("runs the README's first command: a readable report ending in the sign-off, exit 1 for the seeded defects", () => {
    const readme = readFileSync('README.md', 'utf8')
    const command = /npx bumpcheck (check [^\n`]+)/.exec(readme)![1]!.trim().split(/\s+/).slice(1)
    const { code, stdout, stderr } = bumpcheck('check', ...command)
    expect(stderr).toBe('')
    expect(code).toBe(1)
    expect(stdout).toMatch(/via-pitch \(1\)/)
    expect(stdout).toMatch(/Via pitch 0\.25 mm is below 0\.5 mm/)
    expect(stdout).toMatch(/verdict\s+FAIL/)
    expect(stdout).toMatch(/sha256 [0-9a-f]{64}\s+role pads\s+side top/)
  })

  it('writes a JSON report valid against the published schema, the same bytes twice', () => {
    const first = bumpcheck('check', BGA, '--format', 'json')
    const second = bumpcheck('check', BGA, '--format', 'json')
    expect(first.code).toBe(1)
    expect(second.stdout).toBe(first.stdout)
    const report = JSON.parse(first.stdout)
    const schema = JSON.parse(readFileSync('schemas/report.schema.json', 'utf8'))
    const validate = new Ajv2020({ strict: false }).compile(schema)
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true)
    // the nine seeded defects under pcb-bga, U4's short paste also as three unprintable apertures (area ratio 0.65)
    expect(report.summary).toMatchObject({ errors: 12, warnings: 0, waived: 0, pass: false })
    expect(report.inputs).toHaveLength(9)
  })

  it('exits 0 on the clean board', () => {
    const { code, stdout } = bumpcheck('check', CLEAN, '--deck', DECK, '--format', 'json')
    expect(code).toBe(0)
    expect(JSON.parse(stdout).summary.pass).toBe(true)
  })

  it('exits 2 when an input cannot be read, still checks the rest and never passes', () => {
    const dir = tmp()
    for (const name of readdirSync(CLEAN)) copyFileSync(join(CLEAN, name), join(dir, name))
    writeFileSync(join(dir, 'broken-B_Silk.gbr'), '%FSLAX46Y46*%\n%MOMM*%\nD11*\nX0Y0D03*\nM02*\n')
    const { code, stdout, stderr } = bumpcheck('check', dir, '--deck', DECK, '--format', 'json')
    expect(code).toBe(2)
    const report = JSON.parse(stdout)
    expect(report.inputErrors).toHaveLength(1)
    expect(report.inputErrors[0].path).toMatch(/broken-B_Silk\.gbr$/)
    expect(report.inputErrors[0].line).toBe(3)
    expect(report.summary.pass).toBe(false)
    expect(report.inputs.filter((i: { role: string }) => i.role !== 'unread')).toHaveLength(9)
    expect(stderr).toMatch(/broken-B_Silk\.gbr:3: /)
    expect(stderr).not.toMatch(/^\s+at /m)
  })

  it('exits 2 on usage errors and a bad deck, naming what was wrong', () => {
    expect(bumpcheck('check').code).toBe(2)
    expect(bumpcheck('check', BGA, '--format', 'pdf').stderr).toMatch(/--format pdf is not one of/)
    expect(bumpcheck('check', BGA, '--side', 'left').code).toBe(2)
    const dir = tmp()
    writeFileSync(join(dir, 'deck.json'), JSON.stringify({ name: 'bad', rules: { 'via-pitch': ['error', { minPitch: '0,3' }] } }))
    const bad = bumpcheck('check', BGA, '--deck', join(dir, 'deck.json'))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/rules\.via-pitch\[1\]\.minPitch must be a length \(got "0,3"\)/)
  })

  it('moves a finding a waiver matches to waived, and an expired waiver waives nothing', () => {
    const dir = tmp()
    const waivers = join(dir, 'waivers.json')
    const via = { rule: 'via-pitch', at: { x: 5.125, y: -5 }, tolerance: 0.01, reason: 'test coupon, not a bump array', author: 'J. Doe' }
    // --today may only move the date forward: judge against a day in 2099
    writeFileSync(waivers, JSON.stringify({ waivers: [{ ...via, expires: '2099-12-31' }] }))
    const waived = JSON.parse(bumpcheck('check', BGA, '--deck', DECK, '--format', 'json', '--waivers', waivers, '--today', '2099-11-24').stdout)
    expect(waived.waived.map((f: { rule: string }) => f.rule)).toEqual(['via-pitch'])
    expect(waived.summary).toMatchObject({ errors: 8, waived: 1 })
    writeFileSync(waivers, JSON.stringify({ waivers: [{ ...via, expires: '2099-11-23' }] }))
    const expired = JSON.parse(bumpcheck('check', BGA, '--deck', DECK, '--format', 'json', '--waivers', waivers, '--today', '2099-11-24').stdout)
    expect(expired.waived).toEqual([])
    expect(expired.summary).toMatchObject({ errors: 9, waived: 0 })
    expect(expired.waiverProblems.map((p: { kind: string }) => p.kind)).toEqual(['expired'])
  })

  it('refuses a waiver whose tolerance would waive a whole board (issue 12): one line naming the file and waiver, exit 2', () => {
    const dir = tmp()
    const waivers = join(dir, 'waivers.json')
    const ok = { rule: 'via-pitch', component: 'U1', reason: 'r', author: 'a', expires: '2099-12-31' }
    writeFileSync(waivers, JSON.stringify({ waivers: [ok, { rule: 'via-pitch', at: { x: 0, y: 0 }, tolerance: 1e308, reason: 'r', author: 'a', expires: '2099-12-31' }] }))
    const { code, stdout, stderr } = bumpcheck('check', BGA, '--deck', DECK, '--format', 'json', '--waivers', waivers)
    expect(code).toBe(2)
    expect(stdout).toBe('') // refused before the run: nothing waived, nothing reported
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(stderr).toContain(`${waivers}: waivers[1].tolerance must be at most 1 mm (got 1e+308)`)
  })

  it('refuses a missing waivers file before the run, and a --today in the past', () => {
    const missing = join(tmp(), 'no-waivers.json')
    const gone = bumpcheck('check', BGA, '--deck', DECK, '--waivers', missing)
    expect(gone).toEqual({ code: 2, stdout: '', stderr: `bumpcheck: --waivers ${missing}: cannot read: no such file or folder (ENOENT)\n` })
    const past = bumpcheck('check', BGA, '--deck', DECK, '--today', '2000-01-01')
    expect(past.code).toBe(2)
    expect(past.stdout).toBe('')
    expect(past.stderr).toMatch(/^bumpcheck: --today 2000-01-01 is before today's date \d{4}-\d{2}-\d{2} \(UTC\); it may only move the date forward\n$/)
    expect(bumpcheck('check', BGA, '--deck', DECK, '--today', '2099-02-30').stderr).toMatch(/^bumpcheck: --today must be a date YYYY-MM-DD \(got "2099-02-30"\)\n$/)
  })

  it('signs off with the real date and the --today date waivers were judged against; the JSON report stays date-free', () => {
    const date = new Date().toISOString().slice(0, 10)
    const ahead = bumpcheck('check', BGA, '--deck', DECK, '--today', '2099-01-01')
    expect(ahead.code).toBe(1)
    expect(ahead.stdout).toContain(`  date     ${date} (waivers judged as of 2099-01-01, --today)\n`)
    const plain = bumpcheck('check', BGA, '--deck', DECK)
    expect(plain.stdout).toContain(`  date     ${date}\n`)
    const json = bumpcheck('check', BGA, '--deck', DECK, '--format', 'json', '--today', '2099-01-01')
    expect(json.stdout).not.toContain(date)
    expect(json.stdout).not.toContain('2099-01-01')
    expect(json.stdout).toBe(bumpcheck('check', BGA, '--deck', DECK, '--format', 'json').stdout)
  })

  it('writes several formats next to a base name, and fails on warnings when asked', () => {
    const dir = tmp()
    mkdirSync(join(dir, 'out'))
    const base = join(dir, 'out', 'report')
    const { code } = bumpcheck('check', BGA, '--deck', DECK, '--format', 'json,sarif,junit,lyrdb,html,text', '--output', base, '--quiet')
    expect(code).toBe(1)
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['report.html', 'report.json', 'report.lyrdb', 'report.sarif', 'report.txt', 'report.xml'])
    const deck = join(dir, 'warn.json')
    writeFileSync(deck, JSON.stringify({ name: 'warn', rules: { 'via-pitch': ['warning', { minPitch: 0.5 }] } }))
    expect(bumpcheck('check', BGA, '--deck', deck, '--quiet').code).toBe(0)
    expect(bumpcheck('check', BGA, '--deck', deck, '--quiet', '--fail-on', 'warning').code).toBe(1)
  })

  it('lists the rules with their doc pages', () => {
    const { code, stdout } = bumpcheck('rules', '--format', 'json')
    expect(code).toBe(0)
    const list = JSON.parse(stdout) as { id: string; docs: string }[]
    expect(list.map((r) => r.id)).toEqual(['bump-coplanarity', 'deposit-overhang', 'deposit-printability', 'film-web', 'mask-web', 'pad-deposit', 'pad-wettable-area', 'process-materials', 'via-pitch'])
    for (const r of list) expect(readFileSync(r.docs, 'utf8')).toContain(`# ${r.id}`)
  })
})

// The deck habits ESLint users bring (issue 15 item 2), through the real CLI: config discovery, init,
// --rule, --max-warnings, colour, -v, "did you mean", -q, and the acceptance deck of the issue.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const BIN = resolve('bin/bumpcheck.js')
const run = (args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) => {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env }
  if (options.env?.NO_COLOR === '') delete env.NO_COLOR
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024, cwd: options.cwd ?? process.cwd(), env })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}
const BGA = resolve('fixtures/kicad-bga-dev/gerber')
const ARDUINO = resolve('../shared/fixtures/real/arduino-uno')
const tmp = () => mkdtempSync(join(tmpdir(), 'bumpcheck-habits-'))

/** A repository (with .git) holding a copy of the seeded BGA board two folders down. */
function repoWithBoard() {
  // inside a folder of its own, so that a config written above the repository stays in the test's folder
  const repo = join(tmp(), 'repo')
  mkdirSync(join(repo, '.git'), { recursive: true })
  const board = join(repo, 'boards', 'dev')
  cpSync(BGA, board, { recursive: true })
  return { repo, board }
}

describe('the acceptance deck of issue 15', { timeout: 120_000 }, () => {
  const paste = /paste|deposit\) layer/i

  it.skipIf(!existsSync(ARDUINO))('{ extends: pcb-bga, deposit-overhang off } checks the Arduino Uno (no paste layer) with no error about missing paste', () => {
    const dir = tmp()
    writeFileSync(join(dir, 'deck.json'), '{ "extends": "pcb-bga", "rules": { "deposit-overhang": "off" } }')
    const r = run(['check', ARDUINO, '-c', join(dir, 'deck.json'), '-f', 'json'])
    expect(r.stderr).toBe('')
    const report = JSON.parse(r.stdout)
    expect(report.inputErrors).toEqual([])
    expect(report.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([])
    expect(report.rules.map((x: { id: string }) => x.id)).not.toContain('deposit-overhang')
    expect(report.notRun.map((n: { rule: string }) => n.rule)).not.toContain('deposit-overhang')
    // nothing at all about paste: the board has no BGA, so the bump rules (paste or not) have nothing
    // to judge, and say that instead; INCOMPLETE (exit 2), never a pass, and nothing hidden
    expect(JSON.stringify([report.notRun, report.inputErrors, report.findings])).not.toMatch(paste)
    const byRule = (rule: string) => report.notRun.filter((n: { rule: string }) => n.rule === rule).map((n: { side: string; reason: string }) => `${n.side}: ${n.reason}`)
    for (const rule of ['bump-coplanarity', 'deposit-printability', 'mask-web', 'pad-deposit', 'pad-wettable-area'])
      expect(byRule(rule)).toEqual(['bottom', 'top'].map((side) => `${side}: no bump pads found on any side (process.bumpPads = bga)`))
    expect(report.notRun).toHaveLength(10)
    expect(report.summary.verdict).toBe('INCOMPLETE')
    expect(r.code).toBe(2)
  })

  it.skipIf(!existsSync(ARDUINO))('a no-paste deck that also turns off the three other paste rules says nothing about paste at all', () => {
    const dir = tmp()
    writeFileSync(join(dir, 'deck.json'), JSON.stringify({ extends: 'pcb-bga', rules: { 'deposit-overhang': 'off', 'pad-deposit': 'off', 'deposit-printability': 'off', 'bump-coplanarity': 'off' } }))
    const r = run(['check', ARDUINO, '-c', join(dir, 'deck.json')])
    expect(r.stdout).not.toMatch(paste)
    expect(r.stderr).toBe('')
    // what is left not run is the BGA rules on a board without a BGA
    expect(r.stdout).toMatch(/Not run \(4\)/)
    expect(r.stdout).toMatch(/via-pitch\s+error/)
    expect(r.code).toBe(2)
  })
})

describe('config discovery through the CLI', { timeout: 120_000 }, () => {
  it('uses the nearest bumpcheck.config.json from the input folder up, silently', () => {
    const { repo, board } = repoWithBoard()
    writeFileSync(join(repo, 'bumpcheck.config.json'), JSON.stringify({ extends: 'pcb-bga', name: 'found-it', rules: { 'via-pitch': 'off' } }))
    const r = run(['check', board, '-f', 'json'])
    expect(r.stderr).toBe('')
    const report = JSON.parse(r.stdout)
    expect(report.deck.name).toBe('found-it')
    expect(report.summary.byRule['via-pitch']).toBeUndefined()
    expect(report.summary.byRule['deposit-overhang']).toBe(4)
  })

  it('takes .bumpcheckrc.json too, and -c (or --deck) over any config found', () => {
    const { repo, board } = repoWithBoard()
    writeFileSync(join(repo, 'boards', '.bumpcheckrc.json'), JSON.stringify({ extends: 'pcb-bga', name: 'rc' }))
    expect(JSON.parse(run(['check', board, '-f', 'json']).stdout).deck.name).toBe('rc')
    expect(JSON.parse(run(['check', board, '-f', 'json', '-c', 'flip-chip-substrate']).stdout).deck.name).toBe('flip-chip-substrate')
    expect(JSON.parse(run(['check', board, '-f', 'json', '--deck', 'bump-film']).stdout).deck.name).toBe('bump-film')
    const both = run(['check', board, '-c', 'pcb-bga', '--deck', 'bump-film'])
    expect([both.code, both.stderr]).toEqual([2, 'bumpcheck: --config and --deck are the same option (--deck is its old name); give one\n'])
  })

  it('says on stderr, in one line, which preset it used when no config is found up to the repository root; not with --quiet', () => {
    const { repo, board } = repoWithBoard()
    // a config above the repository root never applies
    writeFileSync(join(repo, '..', 'bumpcheck.config.json'), '{ "this": "is never read" }')
    const r = run(['check', board, '-f', 'json'])
    expect(r.stderr).toBe(`bumpcheck: no config found from ${board} up; using preset pcb-bga\n`)
    expect(JSON.parse(r.stdout).deck.name).toBe('pcb-bga')
    expect(run(['check', board, '-f', 'json', '--quiet']).stderr).toBe('')
  })
})

describe('bumpcheck init', { timeout: 120_000 }, () => {
  it('writes a commented starter config that check then finds, and never overwrites', () => {
    const { repo, board } = repoWithBoard()
    const r = run(['init'], { cwd: repo })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/wrote bumpcheck\.config\.json \(extends pcb-bga\)/)
    const written = JSON.parse(readFileSync(join(repo, 'bumpcheck.config.json'), 'utf8'))
    expect(written.extends).toBe('pcb-bga')
    expect(written.$schema).toBe('https://bumpcheck.dev/schemas/deck.schema.json')
    expect(written.$comment.join('\n')).toMatch(/bare severity keeps the preset's options/)
    expect(written.rules).toMatchObject({ 'deposit-overhang': 'error', 'film-web': 'off', 'via-pitch': 'error' })
    // as written it checks exactly as the preset does
    const found = JSON.parse(run(['check', board, '-f', 'json']).stdout)
    const preset = JSON.parse(run(['check', board, '-f', 'json', '-c', 'pcb-bga']).stdout)
    expect(found.deck.name).toBe('pcb-bga-board')
    expect(found.findings).toEqual(preset.findings)
    expect(found.rules).toEqual(preset.rules)
    const again = run(['init'], { cwd: repo })
    expect([again.code, again.stderr]).toEqual([2, 'bumpcheck: bumpcheck.config.json already exists; init never overwrites a config (edit it, or remove it first)\n'])
  })

  it('starts from another preset, refuses an unknown one with the name meant, and will not shadow a .bumpcheckrc.json', () => {
    const dir = tmp()
    expect(run(['init', dir, '--preset', 'bump-film']).code).toBe(0)
    expect(JSON.parse(readFileSync(join(dir, 'bumpcheck.config.json'), 'utf8')).extends).toBe('bump-film')
    const typo = run(['init', tmp(), '--preset', 'bump-flim'])
    expect([typo.code, typo.stderr]).toEqual([2, 'bumpcheck: --preset bump-flim is not a preset; did you mean bump-film?\n'])
    const rc = tmp()
    writeFileSync(join(rc, '.bumpcheckrc.json'), '{}')
    expect(run(['init', rc]).stderr).toMatch(/\.bumpcheckrc\.json already exists/)
    expect(existsSync(join(rc, 'bumpcheck.config.json'))).toBe(false)
  })
})

describe('flags', { timeout: 120_000 }, () => {
  it("--rule 'id:off' and --rule 'id:[\"warning\", {…}]' go over the deck; a bare severity keeps its options", () => {
    const r = run(['check', BGA, '-c', 'pcb-bga', '-f', 'json', '--rule', 'via-pitch:off', '--rule', 'pad-deposit:["warning",{"minDepositRatio":0.5}]', '--rule', 'mask-web:warning'])
    const report = JSON.parse(r.stdout)
    expect(report.rules.map((x: { id: string }) => x.id)).not.toContain('via-pitch')
    expect(report.rules.find((x: { id: string }) => x.id === 'pad-deposit')).toMatchObject({ severity: 'warning', options: { minDepositRatio: 0.5 } })
    expect(report.rules.find((x: { id: string }) => x.id === 'mask-web')).toMatchObject({ severity: 'warning', options: { minWeb: 0.075, minNsmdClearance: 0.05 } })
    expect(report.summary.byRule['pad-deposit']).toBe(3)
    expect(report.findings.filter((f: { rule: string }) => f.rule === 'pad-deposit').every((f: { severity: string }) => f.severity === 'warning')).toBe(true)
  })

  it('--rule with an unknown id suggests the one meant, before reading anything; a bad option names --rule', () => {
    const r = run(['check', BGA, '--rule', 'deposit-overhnag:off'])
    expect([r.code, r.stderr]).toEqual([2, 'bumpcheck: --rule deposit-overhnag: not a known rule; did you mean deposit-overhang?\n'])
    const option = run(['check', BGA, '--rule', 'via-pitch:["error",{"minPich":1}]'])
    expect([option.code, option.stderr]).toEqual([2, expect.stringMatching(/^bumpcheck: --rule: rules\.via-pitch\[1\]\.minPich is not an option of via-pitch \(options: minPitch, /)])
  })

  it('--max-warnings N fails (exit 1) only when open warnings exceed N', () => {
    const dir = tmp()
    writeFileSync(join(dir, 'warn.json'), JSON.stringify({ extends: 'pcb-bga', rules: Object.fromEntries(['bump-coplanarity', 'deposit-overhang', 'deposit-printability', 'mask-web', 'pad-deposit', 'pad-wettable-area', 'via-pitch'].map((id) => [id, 'warning'])) }))
    const deck = join(dir, 'warn.json')
    const free = run(['check', BGA, '-c', deck, '-f', 'json'])
    expect(free.code).toBe(0) // warnings only, no limit
    const warnings: number = JSON.parse(free.stdout).summary.warnings
    expect(warnings).toBeGreaterThan(12)
    expect(run(['check', BGA, '-c', deck, '-f', 'json', '--max-warnings', `${warnings}`]).code).toBe(0)
    const over = run(['check', BGA, '-c', deck, '-f', 'json', '--max-warnings', `${warnings - 1}`])
    expect([over.code, over.stderr]).toEqual([1, `bumpcheck: too many warnings: ${warnings}, more than --max-warnings ${warnings - 1}\n`])
    expect(run(['check', BGA, '--max-warnings', 'x']).stderr).toMatch(/--max-warnings must be a whole number ≥ 0/)
  })

  it('--color and --no-color decide the colour of the text report, the later one winning', () => {
    const coloured = run(['check', BGA, '-c', 'pcb-bga', '--color'])
    expect(coloured.stdout).toContain('\x1b[31merror')
    expect(run(['check', BGA, '-c', 'pcb-bga', '--color', '--no-color']).stdout).not.toContain('\x1b[')
    expect(run(['check', BGA, '-c', 'pcb-bga', '--no-color', '--color']).stdout).toContain('\x1b[')
    // not a terminal and no flag: plain, even without NO_COLOR
    expect(run(['check', BGA, '-c', 'pcb-bga'], { env: { NO_COLOR: '' } }).stdout).not.toContain('\x1b[')
  })

  it('-v, -V and --version print the version, alone or after a command', () => {
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version
    for (const args of [['-v'], ['-V'], ['--version'], ['check', '-v']]) expect(run(args)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('suggests the flag or command meant', () => {
    expect(run(['check', BGA, '--fromat', 'json']).stderr).toBe('bumpcheck: unknown option --fromat; did you mean --format? (see bumpcheck check --help)\n')
    expect(run(['check', BGA, '--max-warning', '3']).stderr).toBe('bumpcheck: unknown option --max-warning; did you mean --max-warnings? (see bumpcheck check --help)\n')
    expect(run(['check', BGA, '--zzzz']).stderr).toBe('bumpcheck: unknown option --zzzz (see bumpcheck check --help)\n')
    expect(run(['chek', BGA]).stderr).toBe('bumpcheck: unknown command "chek"; did you mean check?\n')
    expect(run(['--verison']).stderr).toBe('bumpcheck: unknown option --verison; did you mean --version? (see bumpcheck --help)\n')
  })
})

describe('-q prints errors only, as ESLint does', { timeout: 120_000 }, () => {
  it('on a failing board: the error findings and the verdict, no warnings, tables or sign-off', () => {
    const r = run(['check', BGA, '-c', 'pcb-bga', '-q', '--rule', 'pad-deposit:warning'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/deposit-overhang \(4\)/)
    expect(r.stdout).toMatch(/via-pitch \(1\)/)
    expect(r.stdout).not.toMatch(/pad-deposit/) // its three findings are warnings now
    expect(r.stdout).not.toMatch(/Sign-off|Bump pads|Rules \(|sha256/)
    expect(r.stdout).toMatch(/\nverdict {2}FAIL\n {9}9 error finding\(s\)\n$/)
  })

  it('prints nothing on a pass or on warnings alone', () => {
    const clean = run(['check', 'fixtures/kicad-bga-dev/gerber-clean', '-c', 'fixtures/kicad-bga-dev/deck.json', '-q'])
    expect([clean.code, clean.stdout, clean.stderr]).toEqual([0, '', ''])
    const warnings = run(['check', BGA, '-c', 'pcb-bga', '-q', ...['bump-coplanarity', 'deposit-overhang', 'deposit-printability', 'mask-web', 'pad-deposit', 'pad-wettable-area', 'via-pitch'].flatMap((id) => ['--rule', `${id}:warning`])])
    expect([warnings.code, warnings.stdout, warnings.stderr]).toEqual([0, '', ''])
  })

  it.skipIf(!existsSync(ARDUINO))('on an incomplete run: the rules not run and the verdict', () => {
    const r = run(['check', ARDUINO, '-c', 'pcb-bga', '-q'])
    expect(r.code).toBe(2)
    expect(r.stdout).toMatch(/^Not run \(12\)\n/)
    expect(r.stdout).not.toMatch(/Reader diagnostics|No findings/)
    expect(r.stdout).toMatch(/\nverdict {2}INCOMPLETE\n {9}12 rule\/side check\(s\) could not run/)
  })
})

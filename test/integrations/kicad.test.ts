// The KiCad plugin, headless: Debian's python3 + pcbnew plot a board, the plugin asks the server,
// and the findings equal what the CLI reports on the same plotted files.

import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO } from '../server/rpc-child.ts'
import { sitelessFindings } from '../reporters/sample-report.ts'

const PYTHON = '/usr/bin/python3'
const pcbnewMissing = spawnSync(PYTHON, ['-c', 'import pcbnew'], { stdio: 'ignore' }).status !== 0
if (pcbnewMissing) console.warn('SKIPPED the KiCad plugin tests: `/usr/bin/python3 -c "import pcbnew"` fails (apt-get install kicad kicad-demos)')
const xvfbMissing = spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error !== undefined
if (xvfbMissing) console.warn('SKIPPED the KiCad plugin dialog test: no xvfb-run (apt-get install xvfb xauth)')

const BUMPCHECK = [process.execPath, join(REPO, 'bin/bumpcheck.js')]
// small (108 pads, 34 with paste) so the test stays quick, and a space in its name
const DEMO_BOARD = '/usr/share/kicad/demos/sonde xilinx/sonde xilinx.kicad_pcb'
// no __pycache__ left in the source tree
const PYTHON_ENV = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }
const BGA_DEV = 'fixtures/kicad-bga-dev/bga-dev.kicad_pcb'
const outName = (name: string) => name.replace(/\W+/g, '-')
const scratch = mkdtempSync(join(tmpdir(), 'bumpcheck-kicad-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface PluginFinding {
  rule: string
  severity: string
  side: string
  message: string
  at: { x: number; y: number } | null
}

interface PluginRun {
  findings: PluginFinding[]
  drawn: number
  drawnAgain: number
  files: string[]
}

function runPlugin(board: string, outDir: string): PluginRun {
  const stdout = execFileSync(PYTHON, [join(REPO, 'test/integrations/kicad_run_check.py'), board, outDir, JSON.stringify(BUMPCHECK)], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: PYTHON_ENV,
  })
  return JSON.parse(stdout) as PluginRun
}

function runCli(folder: string): { findings: unknown[] } {
  // exit code 1 means "findings", which is what these boards have; anything else is a failure
  const cli = spawnSync(BUMPCHECK[0]!, [...BUMPCHECK.slice(1), 'check', folder, '--format', 'json'], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 28 })
  // 2 is a report too: a board with no BGA (the demo) has rules listed as not run (INCOMPLETE)
  expect([0, 1, 2], cli.stderr).toContain(cli.status)
  return JSON.parse(cli.stdout) as { findings: unknown[] }
}

/** A plot without its creation-date lines, which differ on every run. */
function undated(path: string): string {
  return readFileSync(path, 'utf8').split('\n').filter((line) => !/CreationDate|date /i.test(line)).join('\n')
}

describe.skipIf(pcbnewMissing)('KiCad plugin (headless pcbnew)', () => {
  const runs = new Map<string, PluginRun>()

  it.each([
    [BGA_DEV, join(REPO, BGA_DEV)],
    ['kicad-demos sonde xilinx', DEMO_BOARD],
  ])('finds on %s what the CLI finds on the same plotted files, and draws each finding', (name, board) => {
    const outDir = join(scratch, outName(name))
    const run = runPlugin(board, outDir)
    runs.set(name, run)
    const cli = runCli(outDir)
    expect(run.findings).toEqual(cli.findings)
    // the demo board has no BGA, so nothing to draw there; the bundled board's nine defects are drawn
    if (name === BGA_DEV) expect(run.findings.length).toBeGreaterThan(0)
    // a circle and a label per finding with a site, replaced (not doubled) by a second run
    expect(run.drawn).toBe(2 * run.findings.filter((f) => f.at !== null).length)
    expect(run.drawnAgain).toBe(run.drawn)
  })

  it('plots bga-dev.kicad_pcb to the same Gerber and drill files as the fixture KiCad plotted', () => {
    const run = runs.get(BGA_DEV)
    expect(run).toBeDefined()
    const fixture = join(REPO, 'fixtures/kicad-bga-dev/gerber')
    expect(run!.files).toEqual(readdirSync(fixture).sort())
    for (const file of run!.files) expect(undated(join(scratch, outName(BGA_DEV), file)), file).toBe(undated(join(fixture, file)))
  })

  it('draws nothing for a finding with no site: no marker at the origin, each other finding at its own site', () => {
    const sited = runs.get(BGA_DEV)?.findings ?? []
    expect(sited.length).toBeGreaterThan(0)
    const findings: PluginFinding[] = [...sitelessFindings(), ...sited]
    const findingsFile = join(scratch, 'with-siteless.json')
    writeFileSync(findingsFile, JSON.stringify(findings))
    const drawn = JSON.parse(execFileSync(PYTHON, [join(REPO, 'test/integrations/kicad_draw.py'), join(REPO, BGA_DEV), findingsFile], { encoding: 'utf8', env: PYTHON_ENV })) as
      { drawn: number; items: [kind: string, x: number, y: number][] }
    expect(drawn.drawn).toBe(2 * sited.length)
    expect(drawn.items.filter(([, x, y]) => x === 0 && y === 0)).toEqual([])
    // the circles stand exactly at the sited findings' sites, board y down (nm)
    const circles = drawn.items.filter(([kind]) => kind === 'PCB_SHAPE').map(([, x, y]) => [x, y])
    const sites = sited.map((f) => [Math.round(f.at!.x * 1e6), Math.round(-f.at!.y * 1e6)])
    const order = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]!
    expect(circles.sort(order)).toEqual(sites.sort(order))
  })

  // Xvfb can be slow to come up on a loaded machine (wxEntryStart fails): one retry
  it.skipIf(xvfbMissing)('lists the findings in the dialog, one row each, board y pointing down, "no site" where there is none', { retry: 1 }, () => {
    const run = runs.get(BGA_DEV)?.findings
    expect(run?.length).toBeGreaterThan(0)
    const findings: PluginFinding[] = [...sitelessFindings(), ...run!]
    const findingsFile = join(scratch, 'findings.json')
    writeFileSync(findingsFile, JSON.stringify(findings))
    const shown = JSON.parse(
      execFileSync('xvfb-run', ['-a', PYTHON, join(REPO, 'test/integrations/kicad_gui_smoke.py'), findingsFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: PYTHON_ENV }),
    ) as { name: string; rows: number; cells: string[][]; title: string }
    expect(shown.name).toBe('Bumpcheck')
    expect(shown.cells).toEqual(findings.map((f) => [f.severity, f.rule, f.side, f.at?.x.toFixed(3) ?? 'no site', f.at ? (-f.at.y).toFixed(3) : 'no site', f.message]))
    expect(shown.cells.slice(0, 2).map((row) => row.slice(1, 5))).toEqual([['process-materials', 'both', 'no site', 'no site'], ['process-materials', 'both', 'no site', 'no site']])
    const errors = findings!.filter((f) => f.severity === 'error').length
    expect(shown.title).toBe(`Bumpcheck: ${errors} errors, ${findings!.length - errors} warnings`)
  })

  it('installs into a KiCad plugins folder as a link python can import from', () => {
    const pluginsDir = join(scratch, 'plugins')
    execFileSync(process.execPath, [join(REPO, 'integrations/kicad/install.mjs'), '--dir', pluginsDir], { encoding: 'utf8' })
    const imported = execFileSync(PYTHON, ['-c', 'import sys; sys.path.insert(0, sys.argv[1]); import bumpcheck_kicad.check as c; print(c.run_check.__name__)', pluginsDir], { encoding: 'utf8', env: PYTHON_ENV })
    expect(imported.trim()).toBe('run_check')
  })
})

// npm run bench:startup (also the first section of npm run bench): how long the installed package
// takes to answer `npx bumpcheck --version`, median of 5 (target ≤ 0.2 s), beside what it cannot go
// below (bare node, npx itself) and a command that loads the whole CLI (`--help`). Packs the
// package (its `prepare` builds dist/), installs the tarball into a fresh temporary folder, prints
// a table; asserts nothing.
//   BENCH_STARTUP_REPEATS=5

import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')
const REPEATS = Number(process.env.BENCH_STARTUP_REPEATS ?? 5)

/** Wall seconds of one run of the command (its output discarded; a failure stops the bench). */
function seconds(cwd: string, command: string, args: string[]): number {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`)
  return elapsed
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function startupTable(): string {
  const work = mkdtempSync(join(tmpdir(), 'bumpcheck-startup-'))
  try {
    const [{ filename, size, entryCount }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { filename: string; size: number; entryCount: number }[]
    const app = join(work, 'app')
    mkdirSync(app)
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }))
    // beside it, a package whose bin only prints: what npx costs before any bin of ours runs
    const noop = join(work, 'noop')
    mkdirSync(noop)
    writeFileSync(join(noop, 'package.json'), JSON.stringify({ name: 'noop-bin', version: '1.0.0', bin: { 'noop-bin': 'noop.js' } }))
    writeFileSync(join(noop, 'noop.js'), '#!/usr/bin/env node\nconsole.log(1)\n')
    execFileSync('npm', ['install', join(work, filename!), noop, '--prefer-offline', '--no-audit', '--no-fund', '--install-links'], { cwd: app, stdio: 'ignore' })
    const bin = join(app, 'node_modules/.bin/bumpcheck')
    const rows: [string, string, string[]][] = [
      ['`npx bumpcheck --version`', 'npx', ['bumpcheck', '--version']],
      ['`node_modules/.bin/bumpcheck --version`', bin, ['--version']],
      ['`node_modules/.bin/bumpcheck --help` (loads the whole CLI)', bin, ['--help']],
      ['`node -e 0` (floor)', process.execPath, ['-e', '0']],
      ['`npx --version` (npx alone)', 'npx', ['--version']],
      ['`npx noop-bin` (npx running a one-line bin: its floor)', 'npx', ['noop-bin']],
    ]
    // one unmeasured run each first: npx's own cache and the file cache are warm for every row alike
    for (const [, command, args] of rows) seconds(app, command, args)
    const lines = rows.map(([label, command, args]) => {
      const times = Array.from({ length: REPEATS }, () => seconds(app, command, args))
      return `| ${label} | ${median(times).toFixed(3)} | ${Math.min(...times).toFixed(3)} | ${Math.max(...times).toFixed(3)} |`
    })
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
    return [
      `bumpcheck ${version} from ${filename} (${(size! / 1e6).toFixed(2)} MB packed, ${entryCount} files), installed in a fresh folder; Node ${process.version}; ${REPEATS} runs each, wall s:`,
      '',
      '| command | median | min | max |',
      '| --- | --- | --- | --- |',
      ...lines,
    ].join('\n')
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (import.meta.filename === process.argv[1]) {
  console.log('## Startup of the installed package (target: `npx bumpcheck --version` ≤ 0.2 s, median)\n')
  console.log(startupTable())
}

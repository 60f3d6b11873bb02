// SHA-256 of the JSON report of every board the project checks against (the real boards of
// ../shared/fixtures/real, the kicad-demos plots, kicad-bga-dev, and generated substrates with and
// without seeded defects), in one thread and in worker threads: run it before and after a change
// that must not change a report, and compare the two outputs line by line.
//   npx tsx scripts/report-hashes.ts [WORKERS (2)]   one line per board, deck and thread count
// Reports name files by the paths given, so both sides must read the same files: the real boards by
// their absolute path in ../shared, the project's fixtures from FIXTURES_FROM (default this checkout;
// point an older checkout's run at this one's fixtures), generated boards from one temp folder.

import { createHash } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { generate, type GenerateOptions } from '../bench/gen.ts'
import { check } from '../src/check.ts'
import { render } from '../src/reporters/index.ts'
import { realBoards } from '../test/regressions/real-board-review.ts'

const ROOT = resolve(import.meta.dirname, '..')
const FIXTURES = resolve(process.env.FIXTURES_FROM ?? ROOT)
const workers = Number(process.argv[2] ?? 2)
const GENERATED = join(tmpdir(), 'bumpcheck-report-hashes')

function generated(name: string, options: Omit<GenerateOptions, 'out'>): string {
  const out = join(GENERATED, name)
  if (!existsSync(join(out, 'truth.json'))) {
    mkdirSync(out, { recursive: true })
    generate({ out, ...options })
  }
  return out
}

const boards: [string, string, string][] = [
  ...realBoards().map((b): [string, string, string] => [b.name, b.shared ? resolve(ROOT, b.path) : resolve(FIXTURES, b.path), 'pcb-bga']),
  ['kicad-bga-dev (its deck)', resolve(FIXTURES, 'fixtures/kicad-bga-dev/gerber'), resolve(FIXTURES, 'fixtures/kicad-bga-dev/deck.json')],
  ['generated 20 k, 14 seeded defects', generated('seeded-20k', { bumps: 20_000, seed: 5, dies: 4, defects: 14 }), 'flip-chip-substrate'],
  ['generated 20 k bump-film, 10 seeded defects', generated('film-20k', { bumps: 20_000, seed: 7, dies: 4, defects: 10, process: 'bump-film' }), 'bump-film'],
  ['generated 100 k', generated('clean-100k', { bumps: 100_000, seed: 1, dies: 4, defects: 0 }), 'flip-chip-substrate'],
]

for (const [name, path, deck] of boards) {
  for (const threads of [1, workers]) {
    const report = await check([path], { deck, today: '2026-01-01', workers: threads })
    const hash = createHash('sha256').update(render('json', report)).digest('hex').slice(0, 16)
    console.log(`${hash}  ${threads} thread${threads > 1 ? 's' : ''}  ${deck.split('/').pop()}  ${name}  (${report.summary.verdict}, ${report.findings.length} findings)`)
  }
}

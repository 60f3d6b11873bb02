// npm run bench: scale figures for the flip-chip-substrate deck on generated substrates, parse
// throughput against npm peers, whole-check figures, and KLayout on the same files. Prints tables;
// writes only generated data under $TMPDIR/bumpcheck-bench (cached by seed and size).
//   BENCH_SIZES=10000,100000,1000000   substrate sizes (bumps)
//   BENCH_KLAYOUT_SIZES=10000,100000   sizes KLayout also checks (empty: none)
//   BENCH_SEED=1
//   BENCH_WORKERS=2                    worker threads of the tiled run (default: one per core)

import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { generate } from './gen.ts'
import { klayoutVersion, runKlayout } from './klayout.ts'
import type { CheckFigures, StageFigures } from './measure.ts'
import { PARSER_COUNT, type ParserFigure } from './parsers.ts'
import { startupTable } from './startup.ts'
import { FILE_NAMES } from './write-files.ts'
import { realBoardsAvailable, sharedReal } from '../test/real-boards.ts'

const ROOT = join(import.meta.dirname, '..')
const GENERATOR_VERSION = 1
const sizes = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').filter(Boolean).map(Number)
const SIZES = sizes('BENCH_SIZES', '10000,100000,1000000')
const KLAYOUT_SIZES = sizes('BENCH_KLAYOUT_SIZES', '10000,100000')
const SEED = Number(process.env.BENCH_SEED ?? 1)
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism())
const CACHE = join(tmpdir(), 'bumpcheck-bench')

/** Generated once per seed, size and generator version; reused on later runs. */
function substrate(bumps: number): string {
  const dir = join(CACHE, `seed${SEED}-n${bumps}-v${GENERATOR_VERSION}`)
  const done = join(dir, '.complete')
  if (!existsSync(done)) {
    generate({ out: dir, bumps, seed: SEED, dies: 4, defects: 0 })
    writeFileSync(done, '')
  }
  return dir
}

/** A child process per measurement: its maxRSS is that measurement's own peak. */
function child<T>(script: string, args: string[]): T {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', script), ...args], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'],
  })
  return JSON.parse(out.trim().split('\n').at(-1)!) as T
}

const s = (ms: number) => (ms / 1000).toFixed(2)
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`
function table(head: string[], rows: (string | number)[][]): string {
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n')
}
const exponent = (t1: number, t2: number, n1: number, n2: number) => (Math.log(t2 / t1) / Math.log(n2 / n1)).toFixed(2)

function main(): void {
  const version = (cmd: string) => { try { return execFileSync(cmd, ['--version'], { encoding: 'utf8' }).trim() } catch { return '?' } }
  console.log(`# bumpcheck bench — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${klayoutVersion() ?? 'no klayout'}, ${version('tsx').split('\n')[0]}`)
  console.log(`seed ${SEED}; data in ${CACHE}\n`)

  console.log('## Startup of the installed package (target: `npx bumpcheck --version` ≤ 0.2 s, median)\n')
  console.log(startupTable() + '\n')

  const figures: { n: number; dir: string; f: StageFigures }[] = []
  for (const n of SIZES) {
    const dir = substrate(n)
    figures.push({ n, dir, f: child<StageFigures>('measure.ts', ['stages', dir]) })
  }
  const ruleIds = [...new Set(figures.flatMap((x) => x.f.rules.map((r) => r.id)))]
  console.log('## flip-chip-substrate deck on generated substrates (wall s unless marked; first bump rule builds the bump sites)\n')
  console.log(table(['bumps', 'features', 'MB', 'parse', 'index (alone)', 'derive (alone)', ...ruleIds, 'total wall', 'CPU', 'peak RSS MB', 'errors'],
    figures.map(({ n, dir, f }) => {
      const mb = [FILE_NAMES.copper, FILE_NAMES.mask, FILE_NAMES.paste, FILE_NAMES.drill].reduce((a, name) => a + readFileSync(join(dir, name)).length, 0) / 1e6
      return [n, f.features, mb.toFixed(1), s(f.parseMs), s(f.indexMs), s(f.deriveMs), ...ruleIds.map((id) => s(f.rules.find((r) => r.id === id)?.ms ?? 0)),
        s(f.wallMs), s(f.cpuMs), f.peakRssMb.toFixed(0), f.errors]
    })))
  if (figures.length > 1) {
    console.log('\nGrowth exponent log(t2/t1)/log(n2/n1) (1 = linear; n log n from 10 k to 1 M ≈ 1.1):\n')
    const pairs = figures.slice(1).map((b, i) => [figures[i]!, b] as const)
    console.log(table(['from → to', 'parse', 'rules', 'total wall', 'CPU', 'peak RSS'], pairs.map(([a, b]) => {
      const rules = (x: StageFigures) => x.rules.reduce((t, r) => t + r.ms, 0)
      return [`${a.n} → ${b.n}`, exponent(a.f.parseMs, b.f.parseMs, a.n, b.n), exponent(rules(a.f), rules(b.f), a.n, b.n),
        exponent(a.f.wallMs, b.f.wallMs, a.n, b.n), exponent(a.f.cpuMs, b.f.cpuMs, a.n, b.n), exponent(a.f.peakRssMb, b.f.peakRssMb, a.n, b.n)]
    })))
  }

  console.log('\n## Gerber parse throughput (min of repeats; ours parses and plots to nm features, the peers stop at commands/AST)\n')
  const largest = Math.max(...SIZES)
  // the real public board is read in place from ../shared (never copied in); without it that row is left out
  const parseFiles: [string, string, number][] = [
    ...(realBoardsAvailable('the atmega328 parse-throughput row')
      ? [['atmega328 F.Cu (real, 0.72 MB)', sharedReal('atmega328-motor-board/ATMEGA328_Motor_Board-F.Cu.gtl'), 5] as [string, string, number]]
      : []),
    ['kicad-demos video F.Cu (KiCad 6 X2, 0.33 MB)', join(ROOT, 'fixtures/kicad-demos/video/video-F_Cu.gbr'), 5],
    [`generated paste, ${largest} flashes`, join(substrate(largest), FILE_NAMES.paste), 2],
  ]
  for (const [label, file, repeats] of parseFiles) {
    // one child per parser: each peak RSS is that parser's own
    const results = Array.from({ length: PARSER_COUNT }, (_, i) => child<ParserFigure[]>('parsers.ts', [file, String(repeats), String(i)])[0]!)
    const ours = results[0]!
    console.log(`${label}: ${file.startsWith(tmpdir()) ? file : relative(ROOT, file)}\n`)
    console.log(table(['parser', 'min ms', 'mean ± std ms', 'MB/s', 'items', 'items/s', 'peak RSS MB', 'ours ÷ peer time'], results.map((r) =>
      [r.parser, r.minMs.toFixed(0), `${r.meanMs.toFixed(0)} ± ${r.stdMs.toFixed(0)}`, r.mbPerS.toFixed(2), r.items, Math.round(r.itemsPerS), r.peakRssMb.toFixed(0), (ours.minMs / r.minMs).toFixed(2)])))
    console.log('')
  }

  console.log('## Whole check() (reporting, waivers, summary included)\n')
  const checks: [string, string, string][] = [['fixtures/kicad-bga-dev/gerber', join(ROOT, 'fixtures/kicad-bga-dev/gerber'), 'pcb-bga']]
  for (const n of SIZES) checks.push([`generated ${n} bumps`, substrate(n), 'flip-chip-substrate'])
  console.log(`One thread, then the tiled run over ${WORKERS} worker threads (files read side by side, two tiles per worker), each in its own process; "same bytes" compares the SHA-256 of the two JSON reports.\n`)
  console.log(table(['input', 'deck', 'wall s', 'CPU s', 'peak RSS MB', 'findings', `tiled: tiles`, 'wall s', 'CPU s', 'peak RSS MB', '1 thread ÷ tiled wall', 'same bytes'], checks.map(([label, path, deck]) => {
    const one = child<CheckFigures>('measure.ts', ['check', path, deck, '1'])
    const many = child<CheckFigures>('measure.ts', ['check', path, deck, String(WORKERS)])
    return [label, deck, s(one.wallMs), s(one.cpuMs), one.peakRssMb.toFixed(0), one.findings,
      many.tiles, s(many.wallMs), s(many.cpuMs), many.peakRssMb.toFixed(0), (one.wallMs / many.wallMs).toFixed(2), one.sha256 === many.sha256 ? 'yes' : 'NO']
  })))

  const klayoutSizes = KLAYOUT_SIZES.filter((n) => SIZES.includes(n))
  if (klayoutSizes.length > 0 && klayoutVersion()) {
    console.log('\n## KLayout DRC on the same files (klayout -b -r bench.drc, flat, 64-point circles)\n')
    console.log('Checks run: pads & mask; deposit-to-deposit space < 25 µm; paste.not(pads & mask) extents; deposits not touching a wettable area; pads not inside a mask opening; via space < 110 µm.\n')
    for (const n of klayoutSizes) {
      const ours = figures.find((x) => x.n === n)!
      try {
        const k = runKlayout(ours.dir, 20 * 60_000)
        const steps = k.steps.reduce((t, x) => t + x.seconds, 0)
        console.log(`${n} bumps (${k.version}):\n`)
        console.log(table(['step', 'count', 's'], k.steps.map((x) => [x.name, x.count, x.seconds.toFixed(2)])))
        console.log(`\nKLayout load + checks ${steps.toFixed(2)} s (process wall ${s(k.wallMs)} s) vs bumpcheck parse + rules ${s(ours.f.wallMs)} s (CPU ${s(ours.f.cpuMs)} s): KLayout ÷ bumpcheck = ${(steps * 1000 / ours.f.wallMs).toFixed(2)} (process wall ${(k.wallMs / ours.f.wallMs).toFixed(2)})\n`)
      } catch (error) {
        console.log(`${n} bumps: KLayout did not finish (${(error as Error).message.split('\n')[0]})\n`)
      }
    }
  }
}

main()

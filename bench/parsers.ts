// Gerber / Excellon parse throughput, ours against two npm peers used as they are, in one process:
//   tsx bench/parsers.ts FILE [REPEATS] [ONLY]   prints one JSON line (ONLY: run one parser, by index,
//   so that the process's peak RSS is that parser's own)
//   tsx bench/parsers.ts --compare REPEATS[:0,1,2] FILE...   every parser (or those listed) on every file,
//   one child each: a markdown table with the peers' time over ours
// - ours: the file's bytes read as the loader reads them (sourceBytes), then readPacked (src/ingest/load.ts),
//   the read a check does: the Gerber (or Excellon) reader writes each feature into packed arrays as it
//   plots it: parse + plot to nm + pack, more work than the peers, which stop at commands/AST (counted and dropped)
// - gerber-parser v4: its streaming Transform API fed from a file stream, objects consumed and counted
// - @tracespace/parser v5: createParser(), feed(text), results() (a unist AST)

import { execFileSync } from 'node:child_process'
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { readPacked } from '../src/ingest/load.ts'
import { sourceBytes } from '../src/ingest/source-bytes.ts'

const require = createRequire(import.meta.url)

export interface ParserFigure {
  parser: string
  /** The first run, ms: what a check pays, reading each file once in a fresh process. */
  firstMs: number
  /** Best (least) of the repeats, ms, reading the file included. */
  minMs: number
  /** Least CPU time (user + system, all threads: the GC helpers too) of the repeats, ms: steadier than wall on a shared machine. */
  minCpuMs: number
  meanMs: number
  stdMs: number
  mbPerS: number
  /** MB per CPU second, from minCpuMs. */
  mbPerCpuS: number
  /** What came out: features, command objects or tree nodes. */
  items: number
  itemsPerS: number
  /** Peak RSS of the process when it ran this parser alone (ONLY given), else of the whole run. */
  peakRssMb: number
}

async function time(repeats: number, run: () => Promise<number> | number): Promise<{ ms: number[]; cpuMs: number[]; items: number }> {
  const ms: number[] = []
  const cpuMs: number[] = []
  let items = 0
  for (let i = 0; i < repeats; i++) {
    const cpu = process.cpuUsage()
    const started = performance.now()
    items = await run()
    ms.push(performance.now() - started)
    const used = process.cpuUsage(cpu)
    cpuMs.push((used.user + used.system) / 1000)
  }
  return { ms, cpuMs, items }
}

const isDrill = (file: string) => /\.(drl|xln|exc|drd)$/i.test(file)

function ours(file: string): number {
  return readPacked(sourceBytes(readFileSync(file)), file, isDrill(file) ? 'excellon' : 'gerber').packed.count
}

function gerberParserStreaming(file: string): Promise<number> {
  const gerberParser = require('gerber-parser') as (options?: object) => NodeJS.ReadWriteStream
  return new Promise((resolve, reject) => {
    let count = 0
    const parser = gerberParser()
    parser.on('data', () => count++)
    parser.on('end', () => resolve(count))
    parser.on('error', reject)
    createReadStream(file, { encoding: 'utf8' }).pipe(parser)
  })
}

function tracespace(file: string): number {
  const { createParser } = require('@tracespace/parser') as { createParser(): { feed(text: string): void; results(): { children: unknown[] } } }
  const parser = createParser()
  parser.feed(readFileSync(file, 'utf8'))
  return parser.results().children.length
}

export const PARSER_COUNT = 3

export async function measureParsers(file: string, repeats: number, only?: number): Promise<ParserFigure[]> {
  const mb = statSync(file).size / 1e6
  const runs: [string, () => Promise<number> | number][] = [
    [isDrill(file) ? 'bumpcheck readPacked (Excellon)' : 'bumpcheck readPacked (Gerber)', () => ours(file)],
    ['gerber-parser 4 (stream)', () => gerberParserStreaming(file)],
    ['@tracespace/parser 5', () => tracespace(file)],
  ]
  const out: ParserFigure[] = []
  for (const [parser, run] of only === undefined ? runs : [runs[only]!]) {
    const { ms, cpuMs, items } = await time(repeats, run)
    const mean = ms.reduce((a, b) => a + b, 0) / ms.length
    const std = Math.sqrt(ms.reduce((a, b) => a + (b - mean) ** 2, 0) / ms.length)
    const min = Math.min(...ms)
    const minCpu = Math.min(...cpuMs)
    const peakRssMb = process.resourceUsage().maxRSS / 1024
    out.push({ parser, firstMs: ms[0]!, minMs: min, minCpuMs: minCpu, meanMs: mean, stdMs: std, mbPerS: mb / (min / 1000), mbPerCpuS: mb / (minCpu / 1000),
      items, itemsPerS: items / (min / 1000), peakRssMb })
  }
  return out
}

/**
 * Every parser on every file, each in its own child process, as a markdown table with our throughput
 * over each peer's (by wall of the first run, least wall and least CPU time).
 */
function compare(files: string[], repeats: number, parsers: number[], print: (row: string) => void): void {
  const script = fileURLToPath(import.meta.url)
  print('| file | parser | first run ms | least ms | least CPU ms | MB/s (least) | MB/s (CPU) | items/s | peak RSS MB | peer ÷ ours: first, least, CPU |')
  print(`|${' --- |'.repeat(10)}`)
  for (const file of files) {
    let ours: ParserFigure | undefined
    for (const i of parsers) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', script, file, String(repeats), String(i)], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] })
      const f = (JSON.parse(out.trim().split('\n').at(-1)!) as ParserFigure[])[0]!
      if (i === 0) ours = f
      const ratio = ours === undefined || f === ours ? '' : `${(f.firstMs / ours.firstMs).toFixed(1)}×, ${(f.minMs / ours.minMs).toFixed(1)}×, ${(f.minCpuMs / ours.minCpuMs).toFixed(1)}×`
      // a row as soon as it is measured: the slow peers take minutes on the large files
      print(`| ${basename(file)} | ${f.parser} | ${f.firstMs.toFixed(0)} | ${f.minMs.toFixed(0)} | ${f.minCpuMs.toFixed(0)} | ${f.mbPerS.toFixed(1)} | ${f.mbPerCpuS.toFixed(1)} | ${Math.round(f.itemsPerS / 1000)} k | ${f.peakRssMb.toFixed(0)} | ${ratio} |`)
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [first, ...rest] = process.argv.slice(2)
  if (first === '--compare') {
    // tsx bench/parsers.ts --compare REPEATS[:PARSER,PARSER…] FILE...   (e.g. 2:0,1 leaves out @tracespace/parser)
    const [spec = '', ...files] = rest
    const [repeats, only] = spec.split(':')
    const parsers = only === undefined ? Array.from({ length: PARSER_COUNT }, (_, i) => i) : only.split(',').map(Number)
    if (parsers[0] !== 0) throw new Error('the parser list starts with 0 (ours): the ratios are to it')
    compare(files, Number(repeats), parsers, (row) => process.stdout.write(row + '\n'))
  } else {
    const [repeats, only] = rest
    if (!first) throw new Error('usage: tsx bench/parsers.ts FILE [REPEATS] [ONLY] | --compare REPEATS[:0,1,2] FILE...')
    process.stdout.write(JSON.stringify(await measureParsers(first, Number(repeats ?? 3), only === undefined ? undefined : Number(only))) + '\n')
  }
}

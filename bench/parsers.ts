// Gerber parse throughput, ours against two npm peers used as they are, in one process:
//   tsx bench/parsers.ts FILE [REPEATS] [ONLY]   prints one JSON line (ONLY: run one parser, by index,
//   so that the process's peak RSS is that parser's own)
// - ours: readGerber (parse + plot to features in nm: more work than the peers, which stop at commands/AST)
// - gerber-parser v4: its streaming Transform API fed from a file stream, objects consumed and counted
// - @tracespace/parser v5: createParser(), feed(text), results() (a unist AST)

import { createReadStream, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { readGerber } from '../src/ingest/gerber/index.ts'

const require = createRequire(import.meta.url)

export interface ParserFigure {
  parser: string
  /** Best (least) of the repeats, ms, reading the file included. */
  minMs: number
  meanMs: number
  stdMs: number
  mbPerS: number
  /** What came out: features, command objects or tree nodes. */
  items: number
  itemsPerS: number
  /** Peak RSS of the process when it ran this parser alone (ONLY given), else of the whole run. */
  peakRssMb: number
}

async function time(repeats: number, run: () => Promise<number> | number): Promise<{ ms: number[]; items: number }> {
  const ms: number[] = []
  let items = 0
  for (let i = 0; i < repeats; i++) {
    const started = performance.now()
    items = await run()
    ms.push(performance.now() - started)
  }
  return { ms, items }
}

function ours(file: string): number {
  return readGerber(readFileSync(file, 'utf8'), file).features.length
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
    ['bumpcheck readGerber', () => ours(file)],
    ['gerber-parser 4 (stream)', () => gerberParserStreaming(file)],
    ['@tracespace/parser 5', () => tracespace(file)],
  ]
  const out: ParserFigure[] = []
  for (const [parser, run] of only === undefined ? runs : [runs[only]!]) {
    const { ms, items } = await time(repeats, run)
    const mean = ms.reduce((a, b) => a + b, 0) / ms.length
    const std = Math.sqrt(ms.reduce((a, b) => a + (b - mean) ** 2, 0) / ms.length)
    const min = Math.min(...ms)
    const peakRssMb = process.resourceUsage().maxRSS / 1024
    out.push({ parser, minMs: min, meanMs: mean, stdMs: std, mbPerS: mb / (min / 1000), items, itemsPerS: items / (min / 1000), peakRssMb })
  }
  return out
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, repeats, only] = process.argv.slice(2)
  if (!file) throw new Error('usage: tsx bench/parsers.ts FILE [REPEATS] [ONLY]')
  process.stdout.write(JSON.stringify(await measureParsers(file, Number(repeats ?? 3), only === undefined ? undefined : Number(only))) + '\n')
}

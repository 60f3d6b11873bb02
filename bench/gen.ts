// npm run gen -- --bumps N --out DIR [--seed S] [--dies D] [--pitch µm] [--defects K] [--process P]
// Writes a synthetic flip-chip substrate (Gerber X2 + Excellon + truth.json), the same bytes for the same arguments.

import { pathToFileURL } from 'node:url'
import { layoutSubstrate, SUBSTRATE_PROCESSES, type SubstrateOptions, type SubstrateProcess } from './substrate.ts'
import { writeSubstrate, type WrittenSubstrate } from './write-files.ts'

export interface GenerateOptions extends SubstrateOptions {
  out: string
}

export function generate(options: GenerateOptions): WrittenSubstrate {
  const { out, ...layout } = options
  return writeSubstrate(layoutSubstrate(layout), out)
}

const USAGE = 'usage: npm run gen -- --bumps N --out DIR [--seed S (1)] [--dies D (4)] [--pitch µm (per die, 100–200)] [--defects K (0)] [--process flip-chip-substrate|bump-film]'

export function parseGenArgs(argv: readonly string[]): GenerateOptions {
  const values = new Map<string, string>()
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]!
    const value = argv[i + 1]
    if (!key.startsWith('--') || value === undefined) throw new Error(`${USAGE}\n(bad argument "${key}")`)
    values.set(key.slice(2), value)
  }
  const known = new Set(['bumps', 'out', 'seed', 'dies', 'pitch', 'defects', 'process'])
  for (const key of values.keys()) if (!known.has(key)) throw new Error(`${USAGE}\n(unknown option --${key})`)
  const number = (key: string, fallback?: number) => {
    const text = values.get(key)
    if (text === undefined) {
      if (fallback === undefined) throw new Error(`${USAGE}\n(--${key} is required)`)
      return fallback
    }
    const n = Number(text)
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${key} must be a non-negative number (got "${text}")`)
    return n
  }
  const out = values.get('out')
  if (!out) throw new Error(`${USAGE}\n(--out is required)`)
  const pitch = values.has('pitch') ? number('pitch') : undefined
  if (pitch !== undefined && (pitch < 100 || pitch > 200)) throw new Error(`--pitch must be 100–200 µm (got ${pitch})`)
  const process = values.get('process')
  if (process !== undefined && !(SUBSTRATE_PROCESSES as readonly string[]).includes(process)) {
    throw new Error(`--process must be one of ${SUBSTRATE_PROCESSES.join(', ')} (got "${process}")`)
  }
  return {
    out,
    bumps: Math.round(number('bumps')),
    seed: Math.round(number('seed', 1)),
    dies: Math.round(number('dies', 4)),
    defects: Math.round(number('defects', 0)),
    ...(pitch !== undefined && { pitchUm: pitch }),
    ...(process !== undefined && { process: process as SubstrateProcess }),
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const written = generate(parseGenArgs(process.argv.slice(2)))
    console.log(`${written.bumps} bumps, ${written.vias} vias, ${(written.bytes / 1e6).toFixed(1)} MB in ${written.dir}`)
    for (const f of written.files) console.log(`  ${f}`)
  } catch (error) {
    console.error((error as Error).message)
    process.exit(2)
  }
}

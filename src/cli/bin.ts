#!/usr/bin/env node
// The installed `bumpcheck` command (package.json "bin" → dist/cli/bin.js): compiled JS, no loader.
// A clone runs the same main() from the TypeScript sources through bin/bumpcheck.js.

import { readFileSync } from 'node:fs'
import module from 'node:module'

const [first] = process.argv.slice(2)
if (first === '--version' || first === '-V' || first === '-v') {
  // answered before any command module loads: the full CLI costs ~0.3 s of imports a version never needs
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  process.stdout.write(`${manifest.version}\n`)
} else {
  // Node ≥ 22.1 keeps compiled bytecode between runs (Node 20 has no such cache: a no-op there)
  ;(module as { enableCompileCache?: () => unknown }).enableCompileCache?.()
  const { main } = await import('./main.ts')
  process.exitCode = await main(process.argv.slice(2))
}

#!/usr/bin/env node
// The installed `bumpcheck` command (package.json "bin" → dist/cli/bin.js): compiled JS, no loader.
// A clone runs the same main() from the TypeScript sources through bin/bumpcheck.js.

import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import module from 'node:module'
import { hugePageEnvironment } from './huge-pages.ts'

const argv = process.argv.slice(2)
const [first] = argv
const restart = hugePageEnvironment(argv, process.env, process.platform)
if (first === '--version' || first === '-V' || first === '-v') {
  // answered before any command module loads: the full CLI costs ~0.3 s of imports a version never needs
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  process.stdout.write(`${manifest.version}\n`)
} else if (restart === null || !(await runAgain(restart))) {
  // Node ≥ 22.1 keeps compiled bytecode between runs (Node 20 has no such cache: a no-op there)
  ;(module as { enableCompileCache?: () => unknown }).enableCompileCache?.()
  const { main } = await import('./main.ts')
  process.exitCode = await main(argv)
}

/**
 * This command once more in a child process with `env` (src/cli/huge-pages.ts), sharing the terminal
 * and the standard streams; signals sent to this process go on to it, and its exit code or signal is
 * this process's. False when it could not be started: the check then runs here, as it would have.
 */
async function runAgain(env: NodeJS.ProcessEnv): Promise<boolean> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env, stdio: 'inherit' })
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
  for (const signal of signals) process.on(signal, forward)
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | null>((resolve) => {
    child.once('error', () => resolve(null))
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  for (const signal of signals) process.off(signal, forward)
  if (outcome === null) return false
  if (outcome.signal !== null) process.kill(process.pid, outcome.signal)
  process.exitCode = outcome.code ?? 3
  return true
}

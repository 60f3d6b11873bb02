// Replays one ODB++ crasher in its own process, so that one which exhausts memory or never settles
// fails its own test instead of killing the test worker. Prints one JSON line: the guard's verdict.

import { readOdbJob } from '../../src/ingest/odb/index.ts'
import { FUZZ_LIMITS, guardedAsync } from '../fuzz/guard.ts'

const path = process.argv[2]!
try {
  const outcome = await guardedAsync(() => readOdbJob(path, { limits: FUZZ_LIMITS }))
  console.log(JSON.stringify(outcome.ok ? { verdict: 'layers', features: outcome.features } : { verdict: 'input-error', name: outcome.error.name, message: outcome.error.message }))
} catch (error) {
  console.log(JSON.stringify({ verdict: 'bug', message: String(error) }))
}

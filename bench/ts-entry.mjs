// Runs a bench script from the TypeScript sources: node bench/ts-entry.mjs SCRIPT.ts ARGS…
// Not `node --import tsx`: a preload flag is inherited by every worker thread, which then loads tsx
// too, although the compiled package's tile workers need no loader. Registered here, tsx serves this
// thread only, as in bin/bumpcheck.js.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { register } from 'tsx/esm/api'

register()
const [script] = process.argv.splice(2, 1)
if (!script) throw new Error('usage: node bench/ts-entry.mjs SCRIPT.ts [ARGS…]')
process.argv[1] = resolve(script) // the script's own "run as main" test compares with it
await import(pathToFileURL(process.argv[1]).href)

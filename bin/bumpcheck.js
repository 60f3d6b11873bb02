#!/usr/bin/env node
// The CLI straight from the TypeScript sources through tsx (a dev dependency): what the tests and a
// KiCad plugin linked from a checkout run, so they never see a stale build. The installed package's
// command is the compiled dist/cli/bin.js (package.json "bin").
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))

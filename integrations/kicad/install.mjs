#!/usr/bin/env node
// Install the KiCad 6 action plugin: link (or copy) bumpcheck_kicad/ into KiCad's scripting/plugins folder.
// Usage: node integrations/kicad/install.mjs [--dir <plugins folder>] [--copy] [--uninstall]

import { cpSync, existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const source = fileURLToPath(new URL('./bumpcheck_kicad', import.meta.url))
const args = process.argv.slice(2)
const dirFlag = args.indexOf('--dir')
const pluginsDir =
  dirFlag >= 0 ? args[dirFlag + 1] : process.env.KICAD_PLUGIN_DIR ?? join(homedir(), '.local/share/kicad/6.0/scripting/plugins')
if (!pluginsDir) {
  console.error('--dir needs a folder')
  process.exit(2)
}
const target = join(pluginsDir, 'bumpcheck_kicad')

// lstat, not exists: a dangling link from a moved checkout must be replaced too
const present = (() => { try { lstatSync(target); return true } catch { return false } })()
if (present) rmSync(target, { recursive: true, force: true })
if (args.includes('--uninstall')) {
  console.log(present ? `removed ${target}` : `nothing installed at ${target}`)
  process.exit(0)
}
mkdirSync(pluginsDir, { recursive: true })
if (args.includes('--copy')) {
  cpSync(source, target, { recursive: true, filter: (path) => !path.includes('__pycache__') })
  console.log(`copied ${source} → ${target}\nthe copy starts \`bumpcheck\` from PATH unless BUMPCHECK_CMD is set`)
} else {
  // a link keeps the plugin next to this checkout, so it finds bin/bumpcheck.js on its own
  symlinkSync(source, target, 'dir')
  console.log(`linked ${target} → ${source}`)
}
if (!existsSync(join(target, '__init__.py'))) {
  console.error(`install failed: ${target}/__init__.py is missing`)
  process.exit(1)
}
console.log('restart pcbnew (or Tools → External Plugins → Refresh Plugins) to see Bumpcheck')

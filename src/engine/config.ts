// Config discovery as ESLint users expect it: the nearest bumpcheck.config.json or .bumpcheckrc.json
// from the input's folder up to the repository root; and `--rule id:…` overrides as a deck layer.

import { existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { ConfigError } from '../errors.ts'
import { didYouMean } from './deck.ts'

/** Config file names, in the order they are looked for within one folder. */
export const CONFIG_FILES = ['bumpcheck.config.json', '.bumpcheckrc.json'] as const

export interface FoundConfig {
  /** The config file, absolute. */
  path: string
}

/** The folder a search starts from: the input itself if it is a folder, else the folder holding it. */
export function searchStart(input: string): string {
  const full = resolve(input)
  try {
    if (statSync(full).isDirectory()) return full
  } catch {
    // an input that cannot be read is reported by the run; the search starts beside it
  }
  return dirname(full)
}

/**
 * The nearest config file from `start` up: within a folder bumpcheck.config.json wins over
 * .bumpcheckrc.json. The search stops after the repository root (a folder holding `.git`) or at
 * the file-system root, so that a config elsewhere on the machine never applies by surprise.
 */
export function findConfig(start: string): FoundConfig | undefined {
  let folder = resolve(start)
  for (;;) {
    for (const name of CONFIG_FILES) {
      const path = join(folder, name)
      if (existsSync(path) && statSync(path).isFile()) return { path }
    }
    const parent = dirname(folder)
    if (existsSync(join(folder, '.git')) || parent === folder) return undefined
    folder = parent
  }
}

/** The repository holding `start` (the nearest folder up holding `.git`), else undefined. */
export function findRepositoryRoot(start: string): string | undefined {
  let folder = resolve(start)
  for (;;) {
    if (existsSync(join(folder, '.git'))) return folder
    const parent = dirname(folder)
    if (parent === folder) return undefined
    folder = parent
  }
}

const SEVERITIES = ['error', 'warning', 'off']

/**
 * One `--rule` value: `id:off`, `id:warning` or `id:["error", {…}]` (JSON). Returns the id and its
 * deck entry; an unknown id is refused with the closest known one.
 */
export function parseRuleFlag(text: string, known: Iterable<string>): [id: string, entry: unknown] {
  const colon = text.indexOf(':')
  if (colon <= 0) throw new ConfigError(`--rule ${text}: write it as id:severity or id:["severity", {options}] (e.g. --rule 'deposit-overhang:off')`)
  const id = text.slice(0, colon).trim()
  const value = text.slice(colon + 1).trim()
  const ids = [...known]
  if (!ids.includes(id)) {
    const close = didYouMean(id, ids)
    throw new ConfigError(`--rule ${id}: not a known rule${close !== undefined ? `; did you mean ${close}?` : ` (known: ${ids.join(', ')})`}`)
  }
  if (SEVERITIES.includes(value)) return [id, value]
  let entry: unknown
  try {
    entry = JSON.parse(value)
  } catch {
    throw new ConfigError(`--rule ${id}: ${JSON.stringify(value)} is neither a severity (${SEVERITIES.join(', ')}) nor JSON such as ["warning", {"minWeb": 0.1}]`)
  }
  // the deck schema judges the entry further, naming rules.<id>
  return [id, entry]
}

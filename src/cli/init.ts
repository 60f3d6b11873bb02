// `bumpcheck init [folder] [--preset P]`: write a starter bumpcheck.config.json that extends a preset and
// lists its rules, with what each line does said in "$comment" (JSON has no comments).

import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CONFIG_FILES } from '../engine/config.ts'
import { didYouMean, PRESETS, RULES_DIR } from '../engine/deck.ts'
import { ConfigError } from '../errors.ts'
import { parseCommandArgs, UsageError, type Command } from './command.ts'
import { EXIT_OK } from './errors.ts'
import { isSystemError, systemReason, terminalText } from './files.ts'

const USAGE = `Usage: bumpcheck init [folder] [--preset ${PRESETS.join('|')}]

Write ${CONFIG_FILES[0]} in the folder (default: the current one): a deck that extends the preset
(default pcb-bga) and lists its rules, ready to turn one off or change its options. \`bumpcheck check\`
finds it from any board folder below, up to the repository root. An existing config is never overwritten.

  -p, --preset NAME   the preset to start from: ${PRESETS.join(', ')} (default pcb-bga)`

/** The starter deck: extends the preset, every rule listed with its preset severity (a bare severity keeps the preset's options). */
export function starterDeck(preset: string): object {
  const raw = JSON.parse(readFileSync(join(RULES_DIR, `${preset}.json`), 'utf8')) as { rules: Record<string, unknown>; description?: string }
  const rules = Object.fromEntries(Object.keys(raw.rules).sort().map((id) => {
    const entry = raw.rules[id]
    return [id, Array.isArray(entry) ? entry[0] : entry]
  }))
  return {
    $schema: 'https://bumpcheck.dev/schemas/deck.schema.json',
    $comment: [
      `Starter bumpcheck deck (bumpcheck init). It extends the ${preset} preset: everything not written here comes from it.`,
      'rules: each id as "error", "warning" or "off". A bare severity keeps the preset\'s options for that rule;',
      '  ["error", { "minWeb": 0.1 }] replaces them (options the object leaves out take the rule\'s defaults).',
      '  A board without a paste layer: set deposit-overhang, pad-deposit, deposit-printability and bump-coplanarity to "off".',
      'process: fields written here replace the preset\'s one by one, e.g. "process": { "depositThickness": 0.12 } (deck units, mm).',
      'layers: map files the names do not identify, e.g. "layers": { "*.gtp": { "role": "deposit", "side": "top" } }.',
      'Rule ids, options and docs: bumpcheck rules, and docs/rules/<id>.md. Override once on the command line: --rule \'mask-web:off\'.',
    ],
    extends: preset,
    name: `${preset}-board`,
    description: `This board's deck, based on ${preset}: ${raw.description ?? ''}`.trim(),
    rules,
  }
}

export const init: Command = {
  summary: 'Write a starter bumpcheck.config.json that extends a preset',
  usage: USAGE,
  run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { preset: { type: 'string', short: 'p', default: 'pcb-bga' } }, 'init')
    if (positionals.length > 1) throw new UsageError('init takes at most one folder')
    const preset = values.preset!
    if (!(PRESETS as readonly string[]).includes(preset)) {
      const close = didYouMean(preset, PRESETS)
      throw new UsageError(`--preset ${preset} is not a preset${close !== undefined ? `; did you mean ${close}?` : ` (presets: ${PRESETS.join(', ')})`}`)
    }
    const folder = positionals[0] ?? '.'
    // a new file next to an existing config would shadow it (or be shadowed): either way, refuse
    for (const name of CONFIG_FILES) {
      const existing = join(folder, name)
      if (existsSync(existing)) throw new ConfigError(`${existing} already exists; init never overwrites a config (edit it, or remove it first)`)
    }
    const path = join(folder, CONFIG_FILES[0])
    try {
      // 'wx': fail rather than overwrite, should a file appear between the check and the write
      writeFileSync(path, JSON.stringify(starterDeck(preset), null, 2) + '\n', { flag: 'wx' })
    } catch (error) {
      if (isSystemError(error)) throw new ConfigError(`cannot write ${path}: ${systemReason(error)}`)
      throw error
    }
    process.stdout.write(`bumpcheck: wrote ${terminalText(path)} (extends ${preset}); edit its rules, then run bumpcheck check <board folder>\n`)
    return EXIT_OK
  },
}

// `bumpcheck rules`: rule ids, one-line descriptions, default severities and doc pages.

import { listRules } from '../check.ts'
import { parseCommandArgs, UsageError, type Command } from './command.ts'
import { EXIT_OK } from './errors.ts'

const USAGE = `Usage: bumpcheck rules [--format text|json]

List the rules a deck can enable, with their one-line description and documentation page.`

export const rules: Command = {
  summary: 'List rule ids with descriptions and doc links',
  usage: USAGE,
  run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { format: { type: 'string', short: 'f', default: 'text' } })
    if (positionals.length > 0) throw new UsageError('rules takes no arguments')
    const list = listRules()
    if (values.format === 'json') process.stdout.write(JSON.stringify(list, null, 2) + '\n')
    else if (values.format === 'text') {
      const width = Math.max(...list.map((r) => r.id.length))
      for (const r of list) process.stdout.write(`${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.description}\n${' '.repeat(width + 11)}${r.docs}\n`)
    } else throw new UsageError(`--format must be text or json (got ${JSON.stringify(values.format)})`)
    return EXIT_OK
  },
}

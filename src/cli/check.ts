// `bumpcheck check <files or folders…>`: run a deck, write the reports, exit 0/1/2. No rule logic here.

import { writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { checkWithLayers, type CheckOptions } from '../check.ts'
import { PRESETS } from '../engine/deck.ts'
import { ConfigError } from '../errors.ts'
import type { Report } from '../engine/report.ts'
import { isCalendarDate, parseWaivers } from '../engine/waivers.ts'
import { REPORT_EXTENSIONS, REPORT_FORMATS, render, type ReportFormat } from '../reporters/index.ts'
import { readMapping } from './layers.ts'
import { LIMIT_OPTIONS, LIMIT_USAGE, limitsFrom, parseCommandArgs, UsageError, type Command } from './command.ts'
import { EXIT_OK, EXIT_USAGE, inputLocation } from './errors.ts'
import { isSystemError, prepareOutput, readFlagFile, refuseFolder, systemReason, terminalText } from './files.ts'
import { progressBar } from './progress.ts'

export const EXIT_FINDINGS = 1

const USAGE = `Usage: bumpcheck check <files or folders…> [options]

Read Gerber X2 / Excellon / ODB++ layers, run the rule deck, and report.

  -d, --deck FILE|PRESET     rule deck: a JSON file or a preset (${PRESETS.join(', ')}); default pcb-bga
  -f, --format FMT[,FMT…]    ${REPORT_FORMATS.join(', ')} (default text)
  -o, --output PATH          write there instead of stdout; with several formats PATH is a base name
                             and each format adds its extension (report → report.json, report.html …)
  -w, --waivers FILE         accepted findings: JSON entries with rule, site or component/pin, reason,
                             author and expiry date
  -s, --side top|bottom|both which side to check (default both)
      --fail-on error|warning lowest severity that fails the run (default error)
  -m, --map FILE             explicit roles: { "<glob>": { "role": "pads", "side": "top" } }
      --today YYYY-MM-DD     judge waiver expiry as of this later date (default today, UTC); it may only
                             move the date forward, and the sign-off shows both dates
  -j, --workers N|auto       worker threads for a tiled run (default 1; auto = one per core): files
                             are read side by side and the board is checked in tiles; same report
  -q, --quiet                print nothing on success; only errors
${LIMIT_USAGE}

Exit codes: 0 nothing at or above --fail-on is left unwaived; 1 something is; 2 bad arguments, a bad
deck, or an input that could not be read (the rest is still checked and reported, and never passes).`

function parseFormats(text: string): ReportFormat[] {
  const formats = text.split(',').map((f) => f.trim()).filter(Boolean)
  for (const f of formats) {
    if (!(REPORT_FORMATS as string[]).includes(f)) throw new UsageError(`--format ${f} is not one of ${REPORT_FORMATS.join(', ')}`)
  }
  if (formats.length === 0) throw new UsageError('--format needs at least one format')
  return [...new Set(formats)] as ReportFormat[]
}

/** 1 when a finding at or above `failOn` is left open; the verdict in the report never passes with input errors. */
export function exitCodeFor(report: Report, failOn: 'error' | 'warning'): number {
  // something asked for was not checked (an unread input, a rule that could not run): never a pass
  if (report.inputErrors.length > 0 || (report.notRun?.length ?? 0) > 0) return EXIT_USAGE
  const failing = report.findings.some((f) => f.severity === 'error' || failOn === 'warning')
  return failing ? EXIT_FINDINGS : EXIT_OK
}

/** The sign-off date: the real one, and the --today date waivers were judged against when it differs. */
export function signOffDate(date: string, today: string): string {
  return today === date ? date : `${date} (waivers judged as of ${today}, --today)`
}

function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text)
  } catch (error) {
    // the folder was checked before the run; a disk that fills or a file made read-only since is still one line
    if (isSystemError(error)) throw new ConfigError(`--output ${path}: cannot write: ${systemReason(error)}`)
    throw error
  }
}

export const check: Command = {
  summary: 'Check layers against a rule deck and write reports',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      deck: { type: 'string', short: 'd' },
      format: { type: 'string', short: 'f', default: 'text' },
      output: { type: 'string', short: 'o' },
      waivers: { type: 'string', short: 'w' },
      side: { type: 'string', short: 's', default: 'both' },
      'fail-on': { type: 'string', default: 'error' },
      map: { type: 'string', short: 'm' },
      today: { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
      workers: { type: 'string', short: 'j', default: '1' },
      ...LIMIT_OPTIONS,
    })
    if (positionals.length === 0) throw new UsageError('check needs at least one file or folder')
    const formats = parseFormats(values.format!)
    if (formats.length > 1 && !values.output) throw new UsageError('several formats need --output (a base name for the files)')
    const side = values.side!
    if (side !== 'top' && side !== 'bottom' && side !== 'both') throw new UsageError(`--side must be top, bottom or both (got ${JSON.stringify(side)})`)
    const failOn = values['fail-on']!
    if (failOn !== 'error' && failOn !== 'warning') throw new UsageError(`--fail-on must be error or warning (got ${JSON.stringify(failOn)})`)
    const date = new Date().toISOString().slice(0, 10)
    const today = values.today ?? date
    if (!isCalendarDate(today)) throw new UsageError(`--today must be a date YYYY-MM-DD (got ${JSON.stringify(today)})`)
    // --today exists to test expiry ahead of time; moving it back would revive expired waivers
    if (today < date) throw new UsageError(`--today ${today} is before today's date ${date} (UTC); it may only move the date forward`)

    const workers = values.workers === 'auto' ? availableParallelism() : Number(values.workers)
    if (!(Number.isInteger(workers) && workers >= 1)) throw new UsageError(`--workers must be a whole number ≥ 1 or auto (got ${JSON.stringify(values.workers)})`)

    const limits = limitsFrom(values)
    if (values.deck !== undefined && !(PRESETS as readonly string[]).includes(values.deck)) refuseFolder('--deck', values.deck)
    // everything that can be refused without reading the layers is refused before the run
    const waivers = values.waivers === undefined ? undefined : parseWaivers(readFlagFile('--waivers', values.waivers), values.waivers)
    const mapping = values.map === undefined ? undefined : await readMapping(values.map)
    const outputs = formats.map((format) => (formats.length > 1 ? `${values.output}${REPORT_EXTENSIONS[format]}` : values.output))
    for (const path of outputs) if (path !== undefined) prepareOutput('--output', path)

    const progress = progressBar(process.stderr)
    const options: CheckOptions = { side, today, limits, onProgress: progress.update, workers }
    if (values.deck !== undefined) options.deck = values.deck
    if (waivers !== undefined) options.waivers = waivers
    if (mapping !== undefined) options.mapping = mapping
    const result = await checkWithLayers(positionals, options).finally(progress.done)
    const { report } = result
    report.signOff = { date, today }

    const color = process.stdout.isTTY === true && !process.env.NO_COLOR
    const generatedAt = signOffDate(date, today)
    formats.forEach((format, i) => {
      // the JSON report carries no date so that the same inputs give the same bytes; the sign-off formats show it
      const text = render(format, report, { layers: result.layers, color: color && !values.output, ...(format !== 'json' && { generatedAt }) })
      const path = outputs[i]
      if (path !== undefined) writeOutput(path, text)
      else if (!values.quiet || format !== 'text') process.stdout.write(text)
    })
    for (const problem of report.inputErrors) process.stderr.write(`bumpcheck: ${terminalText(inputLocation(problem.path, problem.line, problem.message))}\n`)
    if (values.output && !values.quiet) {
      const s = report.summary
      process.stderr.write(`bumpcheck: ${s.verdict}: ${s.errors} errors, ${s.warnings} warnings, ${s.waived} waived\n`)
    }
    return exitCodeFor(report, failOn)
  },
}

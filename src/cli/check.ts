// `bumpcheck check <files or folders…>`: run a deck, write the reports, exit 0/1/2. No rule logic here.

import { existsSync, statSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { availableParallelism } from 'node:os'
import { checkWithLayers, listRules, type CheckOptions } from '../check.ts'
import { CONFIG_FILES, findConfig, findRepositoryRoot, parseRuleFlag, searchStart } from '../engine/config.ts'
import { loadDeck, PRESETS } from '../engine/deck.ts'
import { rules as ruleRegistry } from '../rules/index.ts'
import { ConfigError } from '../errors.ts'
import type { Report } from '../engine/report.ts'
import { isCalendarDate, parseWaivers } from '../engine/waivers.ts'
import { REPORT_EXTENSIONS, REPORT_FORMATS, render, type ReportFormat } from '../reporters/index.ts'
import { readMapping } from './layers.ts'
import { LIMIT_OPTIONS, LIMIT_USAGE, limitsFrom, parseCommandArgs, UsageError, type Command } from './command.ts'
import { EXIT_OK, EXIT_USAGE, inputLocation } from './errors.ts'
import { isSystemError, prepareOutput, readFlagFile, refuseFolder, systemReason, terminalText } from './files.ts'
import { progressBar } from './progress.ts'
import { quietText } from './quiet.ts'

export const EXIT_FINDINGS = 1

const USAGE = `Usage: bumpcheck check <files or folders…> [options]

Read Gerber X2 / Excellon / ODB++ layers, run the rule deck, and report.

  -c, --config FILE|PRESET   rule deck: a JSON file or a preset (${PRESETS.join(', ')});
                             default: the nearest ${CONFIG_FILES.join(' or ')} from the
                             (first) input's folder up to the repository root, else pcb-bga (said on stderr)
  -d, --deck FILE|PRESET     the same as --config
      --rule 'ID:SEVERITY'   override one rule, after the deck: 'deposit-overhang:off', or with
                             options 'mask-web:["warning",{"minWeb":0.1}]' (repeatable); a bare severity
                             keeps the deck's options
  -f, --format FMT[,FMT…]    ${REPORT_FORMATS.join(', ')} (default text)
  -o, --output PATH          write there instead of stdout; with several formats PATH is a base name
                             and each format adds its extension (report → report.json, report.html …)
      --base-dir DIR         SARIF's %SRCROOT%, the folder file locations are relative to (default: the
                             repository root above the first input, else its folder)
  -w, --waivers FILE         accepted findings: JSON entries with rule, site or component/pin, reason,
                             author and expiry date
  -s, --side top|bottom|both which side to check (default both)
      --fail-on error|warning lowest severity that fails the run (default error)
      --max-warnings N       also fail (exit 1) when more than N warnings are left open
  -m, --map FILE             explicit roles: { "<glob>": { "role": "pads", "side": "top" } }
      --today YYYY-MM-DD     judge waiver expiry as of this later date (default today, UTC); it may only
                             move the date forward, and the sign-off shows both dates
  -j, --workers N|auto       threads for a tiled run, this one included (default 1; auto = one per
                             core): files are read side by side and the board is checked in tiles;
                             same report
  -q, --quiet                errors only: the text report keeps error findings, rules not run and
                             the verdict, and prints nothing on a pass; no progress bar, no notes
      --color, --no-color    colour the text report on stdout or not (default: when stdout is a
                             terminal and NO_COLOR is unset)
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
export function exitCodeFor(report: Report, failOn: 'error' | 'warning', maxWarnings = Infinity): number {
  // something asked for was not checked (an unread input, a rule that could not run): never a pass
  if (report.inputErrors.length > 0 || (report.notRun?.length ?? 0) > 0) return EXIT_USAGE
  const failing = report.findings.some((f) => f.severity === 'error' || failOn === 'warning')
  return failing || openWarnings(report) > maxWarnings ? EXIT_FINDINGS : EXIT_OK
}

const openWarnings = (report: Report) => report.findings.filter((f) => f.severity === 'warning').length

/**
 * The deck to run: --config/--deck, else the nearest config file from the first input up, else the
 * pcb-bga preset (said on stderr unless quiet); with --rule overrides, a deck extending that one.
 */
function chooseDeck(values: { config?: string | undefined; deck?: string | undefined; rule?: string[] | undefined; quiet?: boolean | undefined }, inputs: string[]): { deck: string | object; note?: string } {
  if (values.config !== undefined && values.deck !== undefined && values.config !== values.deck)
    throw new UsageError('--config and --deck are the same option (--deck is its old name); give one')
  let deck = values.config ?? values.deck
  let note: string | undefined
  const flag = values.config !== undefined ? '--config' : '--deck'
  if (deck !== undefined && !(PRESETS as readonly string[]).includes(deck)) refuseFolder(flag, deck)
  if (deck === undefined) {
    const start = searchStart(inputs[0]!)
    const found = findConfig(start)
    if (found !== undefined) deck = found.path
    else {
      deck = 'pcb-bga'
      if (!values.quiet) note = `bumpcheck: no config found from ${terminalText(start)} up; using preset pcb-bga\n`
    }
  }
  if (values.rule === undefined || values.rule.length === 0) return { deck, ...(note !== undefined && { note }) }
  const overrides: Record<string, unknown> = {}
  for (const text of values.rule) {
    const [id, entry] = parseRuleFlag(text, listRules().map((r) => r.id))
    overrides[id] = entry
  }
  return { deck: { extends: deck, rules: overrides }, ...(note !== undefined && { note }) }
}

/** --color / --no-color, the later one winning; else a terminal on stdout without NO_COLOR. */
function colorWanted(argv: string[]): boolean {
  const on = argv.lastIndexOf('--color'), off = argv.lastIndexOf('--no-color')
  if (on >= 0 || off >= 0) return on > off
  return process.stdout.isTTY === true && !process.env.NO_COLOR
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
      config: { type: 'string', short: 'c' },
      deck: { type: 'string', short: 'd' },
      rule: { type: 'string', multiple: true },
      'max-warnings': { type: 'string' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      format: { type: 'string', short: 'f', default: 'text' },
      output: { type: 'string', short: 'o' },
      'base-dir': { type: 'string' },
      waivers: { type: 'string', short: 'w' },
      side: { type: 'string', short: 's', default: 'both' },
      'fail-on': { type: 'string', default: 'error' },
      map: { type: 'string', short: 'm' },
      today: { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
      workers: { type: 'string', short: 'j', default: '1' },
      ...LIMIT_OPTIONS,
    }, 'check')
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

    const maxWarnings = values['max-warnings'] === undefined ? Infinity : Number(values['max-warnings'])
    if (!(maxWarnings === Infinity || (Number.isSafeInteger(maxWarnings) && maxWarnings >= 0)))
      throw new UsageError(`--max-warnings must be a whole number ≥ 0 (got ${JSON.stringify(values['max-warnings'])})`)

    const limits = limitsFrom(values)
    const { deck, note } = chooseDeck(values, positionals)
    try {
      loadDeck(deck, ruleRegistry) // a bad deck is refused before anything else is said or read
    } catch (error) {
      // the --rule overrides are the one deck given as an object: name them as the user wrote them
      if (error instanceof ConfigError && error.message.startsWith('Deck <object>: ')) throw new ConfigError(`--rule: ${error.message.slice('Deck <object>: '.length)}`, error.path)
      throw error
    }
    // everything that can be refused without reading the layers is refused before the run
    const waivers = values.waivers === undefined ? undefined : parseWaivers(readFlagFile('--waivers', values.waivers, limits.maxFileBytes), values.waivers)
    const mapping = values.map === undefined ? undefined : await readMapping(values.map, limits.maxFileBytes)
    const outputs = formats.map((format) => (formats.length > 1 ? `${values.output}${REPORT_EXTENSIONS[format]}` : values.output))
    for (const path of outputs) if (path !== undefined) prepareOutput('--output', path)

    // said once nothing else can be refused before the run, so a refusal stays one line
    if (note !== undefined) process.stderr.write(note)
    const progress = progressBar(process.stderr, { quiet: values.quiet === true })
    const options: CheckOptions = { side, today, limits, onProgress: progress.update, workers, deck, ...(values['follow-links'] && { followLinks: true }) }
    if (waivers !== undefined) options.waivers = waivers
    if (mapping !== undefined) options.mapping = mapping
    const result = await checkWithLayers(positionals, options).finally(progress.done)
    const { report } = result
    report.signOff = { date, today }

    const baseDir = sarifBase(values['base-dir'], positionals[0]!)
    const color = colorWanted(argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length))
    const generatedAt = signOffDate(date, today)
    formats.forEach((format, i) => {
      // the JSON report carries no date so that the same inputs give the same bytes; the sign-off formats show it
      const text = render(format, report, { layers: result.layers, color: color && !values.output, baseDir, ...(format !== 'json' && { generatedAt }) })
      const path = outputs[i]
      if (path !== undefined) writeOutput(path, text)
      else if (values.quiet && format === 'text') process.stdout.write(quietText(report, color))
      else process.stdout.write(text)
    })
    for (const problem of report.inputErrors) process.stderr.write(`bumpcheck: ${terminalText(inputLocation(problem.path, problem.line, problem.message))}\n`)
    if (values.output && !values.quiet) {
      const s = report.summary
      process.stderr.write(`bumpcheck: ${s.verdict}: ${s.errors} errors, ${s.warnings} warnings, ${s.waived} waived\n`)
    }
    const warnings = openWarnings(report)
    if (warnings > maxWarnings) process.stderr.write(`bumpcheck: too many warnings: ${warnings}, more than --max-warnings ${maxWarnings}\n`)
    return exitCodeFor(report, failOn, maxWarnings)
  },
}

/**
 * SARIF's %SRCROOT%: --base-dir, else the repository root (a folder holding .git) above the first
 * input, else the first input's folder.
 */
function sarifBase(given: string | undefined, firstInput: string): string {
  if (given !== undefined) return resolve(given)
  const input = resolve(firstInput)
  const folder = existsSync(input) && statSync(input).isDirectory() ? input : dirname(input)
  return findRepositoryRoot(folder) ?? folder
}

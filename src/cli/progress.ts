// A progress bar on stderr for the whole run (reading in bytes, deriving, each rule), only when
// stderr is a terminal, the run is not --quiet and it takes more than a moment. Drawn by cli-progress
// (throttled redraws, cursor and autowrap restored on stop), loaded only when a bar is drawn.

import { createRequire } from 'node:module'
import type { Options as BarOptions, SingleBar } from 'cli-progress'

const require = createRequire(import.meta.url)

/**
 * Nothing is drawn for a run shorter than this. BUMPCHECK_PROGRESS_DELAY_MS sets it (0: draw from
 * the first event), so that a test on a pty sees every stage however fast this machine reads.
 */
const DELAY_MS = delayFromEnv(process.env.BUMPCHECK_PROGRESS_DELAY_MS) ?? 400

function delayFromEnv(text: string | undefined): number | undefined {
  const ms = text === undefined || text.trim() === '' ? NaN : Number(text)
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined
}
const BAR_WIDTH = 24
const DEFAULT_COLUMNS = 80

export interface ProgressEvent {
  stage: string
  done: number
  total: number
}

export interface Progress {
  update: (p: ProgressEvent) => void
  done: () => void
}

/** read (before and once its byte total is known), derive or rule: what a stage change is. */
const kind = (event: ProgressEvent) => (event.stage === 'read' ? (event.total > 0 ? 'read bytes' : 'read') : event.stage === 'derive' ? event.stage : 'rule')

const SILENT: Progress = { update: () => {}, done: () => {} }

/**
 * Usable line width: a terminal may report 0 (or nonsense) columns, e.g. a serial console or a pty
 * never sized; one column is left free so that the cursor never wraps.
 */
export function lineWidth(columns: unknown): number {
  return typeof columns === 'number' && Number.isInteger(columns) && columns >= 2 ? columns - 1 : DEFAULT_COLUMNS - 1
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)}`

/** What the bar says about a stage: bytes while reading, the rule and its count after. */
export function stageText({ stage, done, total }: ProgressEvent): string {
  if (stage === 'read') return total > 0 ? `reading ${megabytes(done)}/${megabytes(total)} MB` : 'reading'
  if (stage === 'derive') return 'deriving layers'
  return `rule ${done}/${total} ${stage}`
}

/**
 * One line: the bar and the stage, within the terminal's width (any width, 0 columns included). A
 * narrow terminal gets a shorter bar, then none, before the words are cut.
 */
export function progressLine(event: ProgressEvent, columns: unknown): string {
  const width = lineWidth(columns)
  const words = stageText(event)
  const barWidth = Math.min(BAR_WIDTH, width - words.length - 1)
  if (barWidth < 5) return words.slice(0, width)
  const ratio = event.total > 0 && event.done > 0 ? Math.min(event.done, event.total) / event.total : 0
  const filled = Math.max(0, Math.min(barWidth, Math.round(barWidth * ratio)))
  return `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)} ${words}`
}

/**
 * The run's progress bar on `stream`: silent unless the stream is a terminal and `quiet` is off.
 * Nothing is drawn before DELAY_MS, so a quick run leaves no trace; `done` clears the line.
 */
export function progressBar(stream: NodeJS.WriteStream, { quiet = false } = {}): Progress {
  if (!stream.isTTY || quiet) return SILENT
  const started = Date.now()
  let last: ProgressEvent = { stage: 'read', done: 0, total: 0 }
  let bar: SingleBar | undefined
  const options: BarOptions = {
    stream,
    // the line is ours: cli-progress passes the terminal width, which may be 0 (then 80)
    format: () => progressLine(last, stream.columns),
    hideCursor: false,
    clearOnComplete: true,
    gracefulExit: false,
    fps: 10,
  }
  return {
    update(event) {
      const previous = last
      last = event
      if (bar === undefined) {
        if (Date.now() - started < DELAY_MS) return
        // required, not imported: a quick run, a pipe or --quiet never loads it (~12 ms)
        const { SingleBar } = require('cli-progress') as typeof import('cli-progress')
        bar = new SingleBar(options)
        bar.start(Math.max(event.total, 1), event.done)
        return
      }
      const stageChanged = kind(event) !== kind(previous)
      bar.setTotal(Math.max(event.total, 1))
      bar.update(event.done)
      // redraws are throttled; a new stage (reading → deriving → rules) is drawn at once, since the
      // stage after it may be long synchronous work that leaves no turn for the throttled redraw
      if (stageChanged) bar.render()
    },
    done() {
      bar?.stop()
      bar = undefined
    },
  }
}

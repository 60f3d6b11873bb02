// The reporters: pure functions from a Report to the bytes of one format. The CLI's --format values
// and help text come from this map.

import type { Report } from '../engine/report.ts'
import type { Layer } from '../layers/model.ts'
import { html } from './html/index.ts'
import { json } from './json.ts'
import { junit } from './junit.ts'
import { lyrdb } from './lyrdb.ts'
import { sarif } from './sarif.ts'
import { text } from './text.ts'

/** What a reporter may use besides the report. Nothing here is read from a clock or the machine. */
export interface RenderContext {
  /** The checked layers, for drawing (HTML). */
  layers?: Layer[]
  /** Sign-off date/time as the caller wants it printed (e.g. `2025-03-14`); the reporter never reads a clock. */
  generatedAt?: string
  /** ANSI colour in the text report; the CLI decides from TTY / NO_COLOR. */
  color?: boolean
  /** SARIF's %SRCROOT%: the folder artifact locations are relative to (the CLI: the repository root or --base-dir). */
  baseDir?: string
}

export type Reporter = (report: Report, ctx: RenderContext) => string

export const reporters = { text, json, sarif, junit, lyrdb, html } satisfies Record<string, Reporter>

export type ReportFormat = keyof typeof reporters

export const REPORT_FORMATS = Object.keys(reporters) as ReportFormat[]

/** File extension conventionally used for each format, for `--out` defaults. */
export const REPORT_EXTENSIONS: Record<ReportFormat, string> = {
  text: '.txt', json: '.json', sarif: '.sarif', junit: '.xml', lyrdb: '.lyrdb', html: '.html',
}

export function render(format: ReportFormat, report: Report, ctx: RenderContext = {}): string {
  return reporters[format](report, ctx)
}

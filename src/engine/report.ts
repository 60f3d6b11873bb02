// The report: what every reporter renders and what the JSON contract publishes (schemas/report.schema.json).

import type { InputProblem } from '../errors.ts'
import type { Side } from '../layers/model.ts'

export type Severity = 'error' | 'warning'

export interface FindingFeature {
  file: string
  line: number
  component?: string
  pin?: string
}

/**
 * One finding. Coordinates in mm (Gerber coordinate system), values in `unit`. A finding about the
 * deck or the process as a whole (process-materials, film-web's residual film) has no site: `at`
 * and `bbox` are both null, and reporters list it without drawing it anywhere.
 */
export interface Finding {
  rule: string
  messageId: string
  severity: Severity
  side: Side
  at: { x: number; y: number } | null
  bbox: [minX: number, minY: number, maxX: number, maxY: number] | null
  measured: number | null
  limit: number | null
  unit: string
  message: string
  features: FindingFeature[]
}

export interface InputSummary {
  path: string
  sha256: string
  role: string
  side: Side
  format: string
  counts: Record<string, number>
}

export interface WaivedFinding extends Finding {
  waiver: { reason: string; author: string; expires?: string }
}

/**
 * PASS: every rule ran on every side and nothing at or above the fail level is open.
 * FAIL: an open error. INCOMPLETE: no open error, but a rule could not run or an input was not read.
 */
export type Verdict = 'PASS' | 'FAIL' | 'INCOMPLETE'

export interface Summary {
  errors: number
  warnings: number
  waived: number
  byRule: Record<string, number>
  /** True only for verdict PASS. */
  pass: boolean
  verdict: Verdict
}

/** How a bump array's pads were chosen (src/layers/bump-pads.ts). */
export type BumpPadSource = 'x2-function' | 'components' | 'odb-package' | 'grid' | 'smd'

/** One bump array the run took, per side and component (or grid). Lengths in mm. */
export interface BumpArrayInfo {
  side: Side
  /** Component reference, or `grid@x,y` (mm) for a grid found without one. */
  name: string
  pads: number
  rows: number
  columns: number
  /** Centre-to-centre pitch in mm along x and y; null when the pads stand in no regular grid. */
  pitch: { x: number; y: number } | null
  chosenBy: BumpPadSource
}

/** Per side: how many pads were taken as bump pads, and how many were left out, by reason. */
export interface PadSelectionInfo {
  side: Side
  /** The deck's process.bumpPads, as text ("bga", "arrays", "smd", "components: U1, U*"). */
  mode: string
  bumpPads: number
  /** reason → pad count, e.g. { drilled: 12, 'not-in-array': 130, 'function ConnectorPad': 8 }. */
  leftOut: Record<string, number>
}

/** Per side: deposits that sit on copper pads which are not bump pads (counted, never reported). */
export interface OutOfScopeInfo {
  side: Side
  deposits: number
  /** Deposit features wholly outside the board outline (drawing text, title blocks): not on the board, not checked. */
  offBoard: number
}

/** A rule that could not run on a side: the verdict is INCOMPLETE unless the deck turns the rule off. */
export interface NotRunInfo {
  rule: string
  side: Side
  reason: string
  fix: string
}

/** A rule the deck ran, for reporters that list every rule (SARIF driver rules, JUnit test cases). */
export interface RuleInfo {
  id: string
  description: string
  severity: Severity
  /** The options the rule ran with, in deck units, as the deck gave them (defaults filled in). */
  options?: Record<string, unknown>
}

export interface Report {
  schemaVersion: 1
  tool: { name: 'bumpcheck'; version: string }
  deck: { name: string; sha256: string; units: string }
  inputs: InputSummary[]
  inputErrors: InputProblem[]
  /** Reader warnings (deprecated commands etc.), file:line each. */
  diagnostics: { path: string; line: number; message: string }[]
  /** What could not be checked and why (a rule skipped on a side for want of a layer). */
  notes: string[]
  findings: Finding[]
  waived: WaivedFinding[]
  waiverProblems: { waiver: number; kind: 'unmatched' | 'expired'; message: string }[]
  summary: Summary
  /** Rules the deck ran, sorted by id. Optional: reporters fall back to the rules the findings name. */
  rules?: RuleInfo[]
  /** Which pads were taken as bump pads, the arrays they form, and the deposits left out of scope. */
  bumpPads?: { arrays: BumpArrayInfo[]; selection: PadSelectionInfo[]; outOfScope: OutOfScopeInfo[] }
  /** Rules that could not run on a side, with the reason and the fix. */
  notRun?: NotRunInfo[]
  /** The real date of the run and the date waivers were judged against (`--today`). */
  signOff?: { date: string; today: string }
}

// The report: what every reporter renders and what the JSON contract publishes (schemas/report.schema.json).

import type { Side } from '../layers/model.ts'

export type Severity = 'error' | 'warning'

export interface FindingFeature {
  file: string
  line: number
  component?: string
  pin?: string
}

/** One finding. Coordinates in mm (Gerber coordinate system), values in `unit`. */
export interface Finding {
  rule: string
  messageId: string
  severity: Severity
  side: Side
  at: { x: number; y: number }
  bbox: [minX: number, minY: number, maxX: number, maxY: number]
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

/** A file that could not be read: the run reports it and never passes. */
export interface InputProblem {
  path: string
  line: number
  message: string
}

export interface WaivedFinding extends Finding {
  waiver: { reason: string; author: string; expires?: string }
}

export interface Summary {
  errors: number
  warnings: number
  waived: number
  byRule: Record<string, number>
  pass: boolean
}

/** A rule the deck ran, for reporters that list every rule (SARIF driver rules, JUnit test cases). */
export interface RuleInfo {
  id: string
  description: string
  severity: Severity
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
}

// Compares a report's error findings with a generated substrate's truth.json: each seeded defect
// must be found by its rule near its site, and no error may stand where no defect was seeded.

import type { Finding } from '../src/engine/report.ts'

export interface TruthDefect {
  kind: string
  rule: string
  at: { x: number; y: number }
  component?: string
  pin?: string
}

export interface TruthComparison {
  /** Defects with no finding of their rule within the tolerance. */
  missed: TruthDefect[]
  /** Error findings near no defect of their rule. */
  unexpected: Finding[]
  /** Defects found. */
  found: number
}

/** `toleranceMm`: how far (mm) a finding's `at` may stand from the defect's site. */
export function compareWithTruth(findings: readonly Finding[], defects: readonly TruthDefect[], toleranceMm: number): TruthComparison {
  const near = (f: Finding, d: TruthDefect) => f.rule === d.rule && f.at !== null && Math.hypot(f.at.x - d.at.x, f.at.y - d.at.y) <= toleranceMm
  const errors = findings.filter((f) => f.severity === 'error')
  const missed = defects.filter((d) => !errors.some((f) => near(f, d)))
  const unexpected = errors.filter((f) => !defects.some((d) => near(f, d)))
  return { missed, unexpected, found: defects.length - missed.length }
}

// What the sign-off block says, computed once so the text and HTML reports cannot disagree.

import type { Report, RuleInfo, Severity, Verdict } from '../engine/report.ts'
import { byText } from '../order.ts'

export interface SignOff {
  verdict: Verdict
  /** Why the verdict is FAIL or INCOMPLETE, one line each; empty for PASS. */
  reasons: string[]
  /** The sign-off date: the caller's, else the report's own, else "not given". */
  date: string
}

/**
 * The verdict every reporter prints. The engine's, made consistent with what the report carries:
 * FAIL while an error is open (or the engine says FAIL); never PASS while an input was unread or a
 * rule did not run on a side (INCOMPLETE). A report without `verdict` (an older JSON) falls back on `pass`.
 */
export function verdictOf(report: Report): Verdict {
  const { errors, verdict, pass } = report.summary
  if (errors > 0 || verdict === 'FAIL') return 'FAIL'
  if (report.inputErrors.length > 0 || (report.notRun ?? []).length > 0 || verdict === 'INCOMPLETE') return 'INCOMPLETE'
  if (verdict === undefined && !pass) return 'FAIL'
  return 'PASS'
}

/** The verdict with the reasons for it, and the date to print. */
export function signOff(report: Report, generatedAt: string | undefined): SignOff {
  const reasons: string[] = []
  if (report.inputErrors.length > 0) reasons.push(`${report.inputErrors.length} input file error(s): not every input was read`)
  const notRun = report.notRun ?? []
  if (notRun.length > 0) reasons.push(`${notRun.length} rule/side check(s) could not run: ${notRun.map((n) => `${n.rule} (${n.side})`).join(', ')}`)
  if (report.summary.errors > 0) reasons.push(`${report.summary.errors} error finding(s)`)
  const verdict = verdictOf(report)
  if (verdict !== 'PASS' && reasons.length === 0) {
    reasons.push(verdict === 'FAIL' ? 'the engine reported a failing run' : 'the engine reported an incomplete run')
  }
  return { verdict, reasons, date: generatedAt ?? report.signOff?.date ?? 'not given' }
}

/**
 * Every rule the report knows: the deck's list when the engine passed it, plus any rule a finding
 * names (a finding must never point at a rule the list lacks). Sorted by id for stable output.
 */
export function reportRules(report: Report): RuleInfo[] {
  const byId: Record<string, RuleInfo> = {}
  for (const rule of report.rules ?? []) byId[rule.id] = rule
  for (const finding of [...report.findings, ...report.waived]) {
    byId[finding.rule] ??= { id: finding.rule, description: `Rule ${finding.rule}`, severity: finding.severity as Severity }
  }
  return Object.keys(byId).sort(byText).map((id) => byId[id]!)
}


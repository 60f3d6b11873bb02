// What the sign-off block says, computed once so the text and HTML reports cannot disagree.

import type { Report, RuleInfo, Severity, Verdict } from '../engine/report.ts'
import { byText } from '../order.ts'

export interface SignOff {
  verdict: Verdict
  /** Why the verdict is FAIL, one line each; empty for PASS. */
  reasons: string[]
  date: string
}

/** The engine's verdict, never PASS while an input was unread or a rule did not run; with the reasons. */
export function signOff(report: Report, generatedAt: string | undefined): SignOff {
  const reasons: string[] = []
  if (report.inputErrors.length > 0) reasons.push(`${report.inputErrors.length} input file error(s): not every input was read`)
  const notRun = report.notRun ?? []
  if (notRun.length > 0) reasons.push(`${notRun.length} rule/side check(s) could not run: ${notRun.map((n) => `${n.rule} (${n.side})`).join(', ')}`)
  if (report.summary.errors > 0) reasons.push(`${report.summary.errors} error finding(s)`)
  const verdict: Verdict = report.summary.verdict ?? (report.summary.pass ? 'PASS' : 'FAIL')
  if (verdict !== 'PASS' && reasons.length === 0) reasons.push('the engine reported a failing run')
  return {
    verdict: verdict === 'PASS' && (report.inputErrors.length > 0 || notRun.length > 0) ? 'INCOMPLETE' : verdict,
    reasons,
    date: generatedAt ?? 'not given',
  }
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


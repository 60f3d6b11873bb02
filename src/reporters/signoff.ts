// What the sign-off block says, computed once so the text and HTML reports cannot disagree.

import type { Report, RuleInfo, Severity } from '../engine/report.ts'
import { byText } from '../order.ts'

export interface SignOff {
  verdict: 'PASS' | 'FAIL'
  /** Why the verdict is FAIL, one line each; empty for PASS. */
  reasons: string[]
  date: string
}

/** FAIL whenever the engine says so or any input could not be read: an unread file is never a pass. */
export function signOff(report: Report, generatedAt: string | undefined): SignOff {
  const reasons: string[] = []
  if (report.inputErrors.length > 0) reasons.push(`${report.inputErrors.length} input file error(s): not every input was read`)
  if (report.summary.errors > 0) reasons.push(`${report.summary.errors} error finding(s)`)
  if (!report.summary.pass && reasons.length === 0) reasons.push('the engine reported a failing run')
  return {
    verdict: report.summary.pass && report.inputErrors.length === 0 ? 'PASS' : 'FAIL',
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


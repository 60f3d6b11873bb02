// JUnit XML for CI dashboards: one test case per rule, one <failure> per finding, and a failing
// "inputs" case per unreadable file so a run that could not read its inputs never shows green.

import type { Finding, Report } from '../engine/report.ts'
import type { RenderContext } from './index.ts'
import { describeFeature, escapeXml, formatNumber } from './format.ts'
import { reportRules } from './signoff.ts'

function failure(f: Finding): string {
  const details = [
    `${f.severity} at (${formatNumber(f.at.x)}, ${formatNumber(f.at.y)}) mm on ${f.side}`,
    `measured ${formatNumber(f.measured)} limit ${formatNumber(f.limit)} ${f.unit}`,
    ...f.features.map(describeFeature),
  ].join('\n')
  return `      <failure type="${escapeXml(f.severity)}" message="${escapeXml(f.message)}">${escapeXml(details)}</failure>`
}

export function junit(report: Report, _ctx: RenderContext): string {
  const rules = reportRules(report)
  const findingsByRule: Record<string, Finding[]> = {}
  for (const f of report.findings) (findingsByRule[f.rule] ??= []).push(f)

  const cases: string[] = []
  let failures = 0
  for (const rule of rules) {
    const findings = findingsByRule[rule.id] ?? []
    failures += findings.length
    const name = `name="${escapeXml(rule.id)}" classname="bumpcheck.${escapeXml(report.deck.name)}"`
    if (findings.length === 0) cases.push(`    <testcase ${name}/>`)
    else cases.push(`    <testcase ${name}>`, ...findings.map(failure), '    </testcase>')
  }
  let errors = 0
  if (report.inputErrors.length > 0) {
    errors = report.inputErrors.length
    cases.push(`    <testcase name="inputs" classname="bumpcheck.${escapeXml(report.deck.name)}">`)
    for (const e of report.inputErrors) {
      cases.push(`      <error type="InputError" message="${escapeXml(`${e.path}:${e.line}: ${e.message}`)}"/>`)
    }
    cases.push('    </testcase>')
  }
  const tests = rules.length + (errors > 0 ? 1 : 0)
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="0"`
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bumpcheck" ${counts}>`,
    `  <testsuite name="${escapeXml(report.deck.name)}" ${counts}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}

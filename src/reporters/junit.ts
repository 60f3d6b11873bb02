// JUnit XML for CI dashboards: one failing test case per open finding, one passing case per rule with
// no open finding (so tests ≥ failures), a skipped case per waived finding, and an <error> case for each
// rule that could not run on a side and for each unreadable file, so an INCOMPLETE run never shows
// green. The suite's properties carry the verdict, the bump arrays, the pad selection, the out-of-scope
// deposit counts and each rule's options.

import type { Finding, NotRunInfo, Report, WaivedFinding } from '../engine/report.ts'
import type { RenderContext } from './index.ts'
import { arrayDetails, describeFeature, escapeXml, formatNumber, leftOutEntries, optionsText, siteText } from './format.ts'
import { reportRules, verdictOf } from './signoff.ts'
import { byText } from '../order.ts'

function where(f: Finding): string {
  // with no site the messageId keeps two findings of a rule apart
  return f.at === null ? `${f.side} (no site: ${f.messageId})` : `${f.side} (${formatNumber(f.at.x)}, ${formatNumber(f.at.y)})`
}

function failure(f: Finding): string {
  const details = [
    f.at === null ? `${f.severity} with no site on ${f.side}` : `${f.severity} at ${siteText(f.at)} on ${f.side}`,
    `measured ${formatNumber(f.measured)} limit ${formatNumber(f.limit)} ${f.unit}`,
    ...f.features.map(describeFeature),
  ].join('\n')
  return `      <failure type="${escapeXml(f.severity)}" message="${escapeXml(f.message)}">${escapeXml(details)}</failure>`
}

function skipped(f: WaivedFinding): string {
  const expires = f.waiver.expires !== undefined ? `, expires ${f.waiver.expires}` : ''
  // the reason as text, not a message attribute: the Jenkins schema (schemas/vendor/jenkins-junit.xsd) allows none
  return `      <skipped>${escapeXml(`waived by ${f.waiver.author}${expires}: ${f.waiver.reason}`)}</skipped>`
}

function notRunError(n: NotRunInfo): string {
  return `      <error type="NotRun" message="${escapeXml(`${n.rule} could not run on the ${n.side} side: ${n.reason}`)}">${escapeXml(`fix: ${n.fix}`)}</error>`
}

/** name/value pairs for the suite's <properties>, in a fixed order. */
function properties(report: Report): [name: string, value: string][] {
  const out: [string, string][] = [['verdict', verdictOf(report)]]
  const bumpPads = report.bumpPads
  if (bumpPads !== undefined) {
    for (const s of bumpPads.selection) {
      out.push([`bumpPads.${s.side}.mode`, s.mode], [`bumpPads.${s.side}.count`, String(s.bumpPads)])
      for (const [reason, count] of leftOutEntries(s.leftOut)) out.push([`bumpPads.${s.side}.leftOut.${reason}`, String(count)])
    }
    for (const a of bumpPads.arrays) out.push([`bumpArray.${a.side}.${a.name}`, arrayDetails(a)])
    for (const o of bumpPads.outOfScope) out.push([`outOfScope.${o.side}.deposits`, String(o.deposits)], [`outOfScope.${o.side}.offBoard`, String(o.offBoard)])
  }
  for (const rule of report.rules ?? []) if (rule.options !== undefined) out.push([`rule.${rule.id}.options`, optionsText(rule.options)])
  return out
}

export function junit(report: Report, _ctx: RenderContext): string {
  const rules = reportRules(report)
  const group = <T extends { rule: string }>(items: readonly T[]) => {
    const byRule: Record<string, T[]> = {}
    for (const item of items) (byRule[item.rule] ??= []).push(item)
    return byRule
  }
  const findingsByRule = group(report.findings)
  const waivedByRule = group(report.waived)
  const notRunByRule = group(report.notRun ?? [])
  const suiteClass = `bumpcheck.${report.deck.name}`
  const attributes = (name: string, className: string) => `name="${escapeXml(name)}" classname="${escapeXml(className)}"`

  const cases: string[] = []
  let tests = 0, failures = 0, errors = 0, skips = 0
  // rules the report lists, then any rule only a not-run entry names (none is ever dropped)
  const listed = new Set(rules.map((r) => r.id))
  const ruleIds = [...listed, ...Object.keys(notRunByRule).filter((id) => !listed.has(id)).sort(byText)]
  for (const id of ruleIds) {
    const className = `${suiteClass}.${id}`
    const findings = findingsByRule[id] ?? []
    if (listed.has(id) && findings.length === 0) {
      cases.push(`    <testcase ${attributes(id, className)}/>`)
      tests++
    }
    for (const f of findings) {
      cases.push(`    <testcase ${attributes(`${id} ${where(f)}`, className)}>`, failure(f), '    </testcase>')
      tests++; failures++
    }
    for (const f of waivedByRule[id] ?? []) {
      cases.push(`    <testcase ${attributes(`${id} ${where(f)} (waived)`, className)}>`, skipped(f), '    </testcase>')
      tests++; skips++
    }
    for (const n of notRunByRule[id] ?? []) {
      cases.push(`    <testcase ${attributes(`${id} on ${n.side}: not run`, className)}>`, notRunError(n), '    </testcase>')
      tests++; errors++
    }
  }
  for (const e of report.inputErrors) {
    cases.push(`    <testcase ${attributes(`input ${e.path}`, `${suiteClass}.inputs`)}>`,
      `      <error type="InputError" message="${escapeXml(`${e.path}:${e.line}: ${e.message}`)}"/>`, '    </testcase>')
    tests++; errors++
  }
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}"`
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // the Jenkins schema has `skipped` on a testsuite only
    `<testsuites name="bumpcheck" ${counts}>`,
    `  <testsuite name="${escapeXml(report.deck.name)}" ${counts} skipped="${skips}">`,
    '    <properties>',
    ...properties(report).map(([name, value]) => `      <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>`),
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}

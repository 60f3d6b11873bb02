// The terminal report: what could not run, findings grouped by side then rule, the bump pads the run
// took, the rules with their options, then the sign-off block. Colour only when the caller asks (the
// CLI decides from TTY / NO_COLOR); every input string has its controls made visible.

import type { Finding, Report, Verdict } from '../engine/report.ts'
import type { RenderContext } from './index.ts'
import { describeFeature, formatNumber, gridText, leftOutText, optionsText, pitchText, siteText, visibleText } from './format.ts'
import { reportRules, signOff } from './signoff.ts'
import { byText } from '../order.ts'

const SIDE_ORDER = ['top', 'bottom', 'inner', 'both']

type Paint = (code: string, text: string) => string

function groupBySideAndRule(findings: Finding[]): [side: string, rule: string, findings: Finding[]][] {
  const groups: Record<string, Record<string, Finding[]>> = {}
  for (const f of findings) ((groups[f.side] ??= {})[f.rule] ??= []).push(f)
  const sides = Object.keys(groups).sort((a, b) => SIDE_ORDER.indexOf(a) - SIDE_ORDER.indexOf(b) || byText(a, b))
  return sides.flatMap((side) =>
    Object.keys(groups[side]!).sort(byText).map((rule) => [side, rule, groups[side]![rule]!] as [string, string, Finding[]]),
  )
}

function findingLines(f: Finding, paint: Paint): string[] {
  const severity = f.severity === 'error' ? paint('31', 'error  ') : paint('33', 'warning')
  const where = siteText(f.at)
  const lines = [`    ${severity} ${where}  ${visibleText(f.message)}`]
  const values: string[] = []
  if (f.measured !== null) values.push(`measured ${formatNumber(f.measured)} ${visibleText(f.unit)}`)
  if (f.limit !== null) values.push(`limit ${formatNumber(f.limit)} ${visibleText(f.unit)}`)
  if (values.length > 0) lines.push(`            ${values.join(', ')}`)
  for (const feature of f.features) lines.push(`            ${visibleText(describeFeature(feature))}`)
  return lines
}

export function text(report: Report, ctx: RenderContext): string {
  const paint: Paint = ctx.color ? (code, s) => `\x1b[${code}m${s}\x1b[0m` : (_code, s) => s
  const out: string[] = []

  if (report.inputErrors.length > 0) {
    out.push(paint('1', 'Input errors'))
    for (const e of report.inputErrors) out.push(`  ${visibleText(`${e.path}:${e.line}: ${e.message}`)}`)
    out.push('')
  }
  out.push(...notRunLines(report, paint))
  if (report.diagnostics.length > 0) {
    out.push(paint('1', 'Reader diagnostics'))
    for (const d of report.diagnostics) out.push(`  ${visibleText(`${d.path}:${d.line}: ${d.message}`)}`)
    out.push('')
  }

  if (report.notes.length > 0) {
    out.push(paint('1', 'Not checked'))
    for (const note of report.notes) out.push(`  ${visibleText(note)}`)
    out.push('')
  }

  let lastSide = ''
  for (const [side, rule, findings] of groupBySideAndRule(report.findings)) {
    if (side !== lastSide) {
      out.push(paint('1', `${side} side`))
      lastSide = side
    }
    out.push(`  ${paint('1', visibleText(rule))} (${findings.length})`)
    for (const f of findings) out.push(...findingLines(f, paint))
  }
  if (report.findings.length === 0) out.push('No findings.')
  out.push('')

  if (report.waived.length > 0) {
    out.push(paint('1', `Waived (${report.waived.length})`))
    for (const f of report.waived) {
      out.push(`  ${visibleText(f.rule)} ${siteText(f.at)}  ${visibleText(f.message)}`)
      const expires = f.waiver.expires !== undefined ? `, expires ${f.waiver.expires}` : ''
      out.push(`    waived by ${visibleText(f.waiver.author)}${visibleText(expires)}: ${visibleText(f.waiver.reason)}`)
    }
    out.push('')
  }
  if (report.waiverProblems.length > 0) {
    out.push(paint('1', 'Waiver problems'))
    for (const p of report.waiverProblems) out.push(`  waiver ${p.waiver} ${p.kind}: ${visibleText(p.message)}`)
    out.push('')
  }

  out.push(...bumpPadLines(report, paint))
  out.push(...ruleLines(report, paint))
  out.push(...signOffLines(report, ctx, paint))
  return out.join('\n') + '\n'
}

/** Each rule that could not run on a side, why, and what to do about it. */
function notRunLines(report: Report, paint: Paint): string[] {
  const notRun = report.notRun ?? []
  if (notRun.length === 0) return []
  const lines = [paint('1', `Not run (${notRun.length})`)]
  for (const n of notRun) {
    lines.push(`  ${visibleText(n.rule)} on ${visibleText(n.side)}: ${visibleText(n.reason)}`)
    lines.push(`    fix: ${visibleText(n.fix)}`)
  }
  lines.push('')
  return lines
}

/** Columns padded to the widest cell, so each table reads down; the last column is never padded. */
function columns(rows: string[][], indent: string): string[] {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
}

/** Per side the selection (mode, bump pads, left out by reason), one line per array, the out-of-scope deposits. */
function bumpPadLines(report: Report, paint: Paint): string[] {
  const bumpPads = report.bumpPads
  if (bumpPads === undefined) return []
  const lines = [paint('1', 'Bump pads')]
  lines.push(...columns(bumpPads.selection.map((s) => [
    visibleText(s.side), `mode ${visibleText(s.mode)}`, `${s.bumpPads} bump pad(s)`, `left out: ${visibleText(leftOutText(s.leftOut))}`,
  ]), '  '))
  if (bumpPads.arrays.length === 0) lines.push('  no bump array')
  else {
    lines.push(`  arrays (${bumpPads.arrays.length})`)
    lines.push(...columns(bumpPads.arrays.map((a) => [
      visibleText(a.side), visibleText(a.name), `${a.pads} pads`, gridText(a), pitchText(a.pitch), `chosen by ${visibleText(a.chosenBy)}`,
    ]), '    '))
  }
  if (bumpPads.outOfScope.length > 0) {
    lines.push('  out of scope (deposits on copper pads that are not bump pads, or off the board; not checked)')
    lines.push(...columns(bumpPads.outOfScope.map((o) => [visibleText(o.side), `${o.deposits} deposit(s)`, `${o.offBoard} off the board outline`]), '    '))
  }
  lines.push('')
  return lines
}

/** The rules the deck ran, with their severity and the options they ran with. */
function ruleLines(report: Report, paint: Paint): string[] {
  if (report.rules === undefined) return []
  const rules = reportRules(report)
  const lines = [paint('1', `Rules (${rules.length})`)]
  lines.push(...columns(rules.map((r) => [visibleText(r.id), r.severity, visibleText(optionsText(r.options))]), '  '))
  lines.push('')
  return lines
}

const VERDICT_COLOUR: Record<Verdict, string> = { PASS: '1;32', FAIL: '1;31', INCOMPLETE: '1;33' }

function signOffLines(report: Report, ctx: RenderContext, paint: Paint): string[] {
  const s = signOff(report, ctx.generatedAt)
  const lines = [paint('1', 'Sign-off'), `  tool     ${report.tool.name} ${visibleText(report.tool.version)}`]
  lines.push(`  date     ${visibleText(s.date)}`)
  // a caller's date says itself whether waivers were judged on another day; the report's own does not
  if (ctx.generatedAt === undefined && report.signOff !== undefined && report.signOff.today !== s.date) lines.push(`  today    ${visibleText(report.signOff.today)} (waiver expiry judged against it)`)
  lines.push(`  deck     ${visibleText(report.deck.name)}  sha256 ${visibleText(report.deck.sha256)}  units ${visibleText(report.deck.units)}`)
  lines.push('  inputs')
  for (const i of report.inputs) {
    lines.push(`    ${visibleText(i.path)}`)
    lines.push(`      sha256 ${visibleText(i.sha256)}  role ${visibleText(i.role)}  side ${i.side}  format ${visibleText(i.format)}`)
  }
  const { errors, warnings, waived } = report.summary
  lines.push(`  findings ${errors} error(s), ${warnings} warning(s), ${waived} waived`)
  lines.push(`  verdict  ${paint(VERDICT_COLOUR[s.verdict], s.verdict)}`)
  for (const reason of s.reasons) lines.push(`           ${reason}`)
  return lines
}

// The terminal report: findings grouped by side then rule, then the sign-off block. Colour only when
// the caller asks (the CLI decides from TTY / NO_COLOR); every input string has its controls made visible.

import type { Finding, Report } from '../engine/report.ts'
import type { RenderContext } from './index.ts'
import { describeFeature, formatNumber, visibleText } from './format.ts'
import { signOff } from './signoff.ts'
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
  const where = `(${formatNumber(f.at.x)}, ${formatNumber(f.at.y)}) mm`
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
      out.push(`  ${visibleText(f.rule)} (${formatNumber(f.at.x)}, ${formatNumber(f.at.y)}) mm  ${visibleText(f.message)}`)
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

  out.push(...signOffLines(report, ctx, paint))
  return out.join('\n') + '\n'
}

function signOffLines(report: Report, ctx: RenderContext, paint: Paint): string[] {
  const s = signOff(report, ctx.generatedAt)
  const lines = [paint('1', 'Sign-off'), `  tool     ${report.tool.name} ${visibleText(report.tool.version)}`]
  lines.push(`  date     ${visibleText(s.date)}`)
  lines.push(`  deck     ${visibleText(report.deck.name)}  sha256 ${visibleText(report.deck.sha256)}  units ${visibleText(report.deck.units)}`)
  lines.push('  inputs')
  for (const i of report.inputs) {
    lines.push(`    ${visibleText(i.path)}`)
    lines.push(`      sha256 ${visibleText(i.sha256)}  role ${visibleText(i.role)}  side ${i.side}  format ${visibleText(i.format)}`)
  }
  const { errors, warnings, waived } = report.summary
  lines.push(`  findings ${errors} error(s), ${warnings} warning(s), ${waived} waived`)
  const verdict = s.verdict === 'PASS' ? paint('1;32', 'PASS') : paint('1;31', 'FAIL')
  lines.push(`  verdict  ${verdict}`)
  for (const reason of s.reasons) lines.push(`           ${reason}`)
  return lines
}

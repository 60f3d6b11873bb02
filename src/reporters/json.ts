// The JSON report: the published contract (schemas/report.schema.json). Keys in a fixed order and
// numbers rounded to 6 decimals, so the same report always serialises to the same bytes. It carries no
// date (neither `signOff` nor, unless the caller passes one, `generatedAt`): the same inputs give the
// same bytes on any day.

import type { BumpArrayInfo, Finding, FindingFeature, Report, WaivedFinding } from '../engine/report.ts'
import type { RenderContext } from './index.ts'
import { leftOutEntries, measuredPlace, stableNumber, stableValue } from './format.ts'
import { verdictOf } from './signoff.ts'
import { byText } from '../order.ts'

function feature(f: FindingFeature) {
  const out: Record<string, unknown> = { file: f.file, line: f.line }
  if (f.component !== undefined) out.component = f.component
  if (f.pin !== undefined) out.pin = f.pin
  return out
}

function finding(f: Finding) {
  return {
    rule: f.rule,
    messageId: f.messageId,
    severity: f.severity,
    side: f.side,
    ...measuredPlace(f),
    message: f.message,
    features: f.features.map(feature),
  }
}

function waivedFinding(f: WaivedFinding) {
  const waiver: Record<string, unknown> = { reason: f.waiver.reason, author: f.waiver.author }
  if (f.waiver.expires !== undefined) waiver.expires = f.waiver.expires
  return { ...finding(f), waiver }
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const key of Object.keys(record).sort(byText)) out[key] = record[key]!
  return out
}

function bumpArray(a: BumpArrayInfo) {
  return {
    side: a.side, name: a.name, pads: a.pads, rows: a.rows, columns: a.columns,
    pitch: a.pitch === null ? null : { x: stableNumber(a.pitch.x), y: stableNumber(a.pitch.y) },
    chosenBy: a.chosenBy,
  }
}

/** The summary in contract order, with the verdict every reporter prints (SARIF's run properties reuse it). */
export function summaryObject(report: Report) {
  const verdict = verdictOf(report)
  return {
    errors: report.summary.errors,
    warnings: report.summary.warnings,
    waived: report.summary.waived,
    byRule: sortedRecord(report.summary.byRule),
    pass: verdict === 'PASS',
    verdict,
  }
}

/** The bump-pad summary in its stable JSON form (SARIF's run properties reuse it). */
export function bumpPadsObject(b: NonNullable<Report['bumpPads']>) {
  return {
    arrays: b.arrays.map(bumpArray),
    selection: b.selection.map((s) => ({
      side: s.side, mode: s.mode, bumpPads: s.bumpPads, leftOut: Object.fromEntries(leftOutEntries(s.leftOut)),
    })),
    outOfScope: b.outOfScope.map((o) => ({ side: o.side, deposits: o.deposits, offBoard: o.offBoard })),
  }
}

/** The report as a plain object in contract key order (also what the HTML and SARIF reporters reuse). */
export function reportObject(report: Report, ctx: RenderContext = {}) {
  const out: Record<string, unknown> = {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
  }
  if (ctx.generatedAt !== undefined) out.generatedAt = ctx.generatedAt
  Object.assign(out, {
    deck: { name: report.deck.name, sha256: report.deck.sha256, units: report.deck.units },
    inputs: report.inputs.map((i) => ({
      path: i.path, sha256: i.sha256, role: i.role, side: i.side, format: i.format, counts: sortedRecord(i.counts),
    })),
    inputErrors: report.inputErrors.map((e) => ({ path: e.path, line: e.line, message: e.message })),
    diagnostics: report.diagnostics.map((d) => ({ path: d.path, line: d.line, message: d.message })),
    notes: [...report.notes],
    findings: report.findings.map(finding),
    waived: report.waived.map(waivedFinding),
    waiverProblems: report.waiverProblems.map((p) => ({ waiver: p.waiver, kind: p.kind, message: p.message })),
    summary: summaryObject(report),
  })
  if (report.rules !== undefined) {
    out.rules = report.rules.map((r) => {
      const rule: Record<string, unknown> = { id: r.id, description: r.description, severity: r.severity }
      if (r.options !== undefined) rule.options = stableValue(r.options)
      return rule
    })
  }
  if (report.bumpPads !== undefined) out.bumpPads = bumpPadsObject(report.bumpPads)
  if (report.notRun !== undefined) out.notRun = report.notRun.map((n) => ({ rule: n.rule, side: n.side, reason: n.reason, fix: n.fix }))
  return out
}

export function json(report: Report, ctx: RenderContext): string {
  return JSON.stringify({ $schema: 'https://bumpcheck.dev/schemas/report.schema.json', ...reportObject(report, ctx) }, null, 2) + '\n'
}

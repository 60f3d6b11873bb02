// SARIF 2.1.0 for code-scanning UIs: one driver rule per rule id, one result per finding located at
// the Gerber file and line of its first feature; waived findings carry an accepted suppression.

import type { Finding, Report, WaivedFinding } from '../engine/report.ts'
import type { RenderContext } from './index.ts'
import { measuredPlace } from './format.ts'
import { reportRules } from './signoff.ts'

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'

/** A relative URI reference for a path as the user gave it: `/` separators, each segment percent-encoded. */
export function pathToUri(path: string): string {
  const slashed = path.replace(/\\/g, '/')
  const drive = /^[A-Za-z]:\//.test(slashed) ? 'file:///' : slashed.startsWith('/') ? 'file://' : ''
  return drive + slashed.split('/').map((segment, i) => (drive === 'file:///' && i === 0 ? segment : encodeURIComponent(segment))).join('/')
}

function result(f: Finding, ruleIndex: number) {
  const first = f.features[0]
  const out: Record<string, unknown> = {
    ruleId: f.rule,
    ruleIndex,
    level: f.severity === 'error' ? 'error' : 'warning',
    message: { text: f.message },
    locations: first
      ? [{ physicalLocation: { artifactLocation: { uri: pathToUri(first.file) }, region: { startLine: Math.max(1, first.line) } } }]
      : [],
    properties: {
      messageId: f.messageId,
      side: f.side,
      ...measuredPlace(f),
      features: f.features.map((feature) => ({ ...feature })),
    },
  }
  return out
}

function suppressed(f: WaivedFinding, ruleIndex: number) {
  const expires = f.waiver.expires !== undefined ? `, expires ${f.waiver.expires}` : ''
  return {
    ...result(f, ruleIndex),
    suppressions: [{ kind: 'external', status: 'accepted', justification: `${f.waiver.reason} (${f.waiver.author}${expires})` }],
  }
}

export function sarif(report: Report, _ctx: RenderContext): string {
  const rules = reportRules(report)
  const indexOf: Record<string, number> = {}
  rules.forEach((rule, i) => (indexOf[rule.id] = i))
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            rules: rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              help: { text: `${rule.description}. See docs/rules/${rule.id}.md for what the rule measures and its options.` },
              helpUri: `docs/rules/${rule.id}.md`,
              defaultConfiguration: { level: rule.severity },
            })),
          },
        },
        results: [
          ...report.findings.map((f) => result(f, indexOf[f.rule]!)),
          ...report.waived.map((f) => suppressed(f, indexOf[f.rule]!)),
        ],
        invocations: [
          {
            executionSuccessful: report.inputErrors.length === 0,
            toolConfigurationNotifications: report.notes.map((note) => ({ level: 'note', message: { text: note } })),
            toolExecutionNotifications: report.inputErrors.map((e) => ({
              level: 'error',
              message: { text: e.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: pathToUri(e.path) }, region: { startLine: Math.max(1, e.line) } } }],
            })),
          },
        ],
        properties: { deck: { ...report.deck }, summary: { ...report.summary, byRule: { ...report.summary.byRule } } },
      },
    ],
  }
  return JSON.stringify(log, null, 2) + '\n'
}

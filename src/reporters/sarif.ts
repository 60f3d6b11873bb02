// SARIF 2.1.0 for code-scanning UIs: one driver rule per rule id, one result per finding located at
// the Gerber file and line of its first feature; waived findings carry an accepted suppression. A rule
// that could not run on a side is a tool execution notification (and the execution unsuccessful); the
// bump arrays and out-of-scope counts ride in the run's property bag, each rule's options in a
// configuration override. With a base folder (the CLI gives the repository root found from the inputs,
// or --base-dir), artifact locations are relative to %SRCROOT%, which originalUriBaseIds resolves, so
// code-scanning UIs place them in the repository; each result carries a partialFingerprints key that
// survives unrelated edits (rule, message id, side, file and site; never the message text or line).

import { createHash } from 'node:crypto'
import { isAbsolute, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

import type { Finding, NotRunInfo, Report, RuleInfo, WaivedFinding } from '../engine/report.ts'
import type { RenderContext } from './index.ts'
import { measuredPlace, stableValue } from './format.ts'
import { bumpPadsObject, summaryObject } from './json.ts'
import { reportRules } from './signoff.ts'

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json'

/**
 * Where the rule pages are published. package.json names no repository, so this is the project's
 * home; test/reporters/sarif.test.ts fails if package.json ever names a different one.
 */
export const REPOSITORY_URL = 'https://github.com/bumpcheck/bumpcheck'

/** The absolute address of a rule's page (SARIF's helpUri must be an absolute URI). */
export function ruleHelpUri(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`
}

/** A relative URI reference for a path as the user gave it: `/` separators, each segment percent-encoded. */
export function pathToUri(path: string): string {
  const slashed = path.replace(/\\/g, '/')
  const drive = /^[A-Za-z]:\//.test(slashed) ? 'file:///' : slashed.startsWith('/') ? 'file://' : ''
  return drive + slashed.split('/').map((segment, i) => (drive === 'file:///' && i === 0 ? segment : encodeURIComponent(segment))).join('/')
}

/** The base id of every location under the base folder (SARIF §3.14.14's well-known SRCROOT). */
export const SRCROOT = 'SRCROOT'

/**
 * An artifact location: under the base folder, relative to %SRCROOT%; elsewhere (or with no base) the
 * path as the user gave it, made an absolute file URI when it is outside the base.
 */
function artifactLocation(path: string, baseDir: string | undefined): { uri: string; uriBaseId?: string } {
  if (baseDir === undefined) return { uri: pathToUri(path) }
  const inBase = relative(baseDir, resolve(path))
  if (inBase !== '' && !inBase.startsWith('..') && !isAbsolute(inBase)) return { uri: pathToUri(inBase), uriBaseId: SRCROOT }
  return { uri: pathToFileURL(resolve(path)).href }
}

/**
 * A finding's identity across runs and edits elsewhere: rule, message id, side, the file of its first
 * feature (as located) and its site; a moved site or another file is another finding.
 */
export function findingFingerprint(f: Finding, location: string): string {
  const site = f.at === null ? 'no site' : `${f.at.x},${f.at.y}`
  return createHash('sha256').update([f.rule, f.messageId, f.side, location, site].join('\u0000')).digest('hex').slice(0, 32)
}

function result(f: Finding, ruleIndex: number, baseDir: string | undefined) {
  const first = f.features[0]
  const located = first ? artifactLocation(first.file, baseDir) : undefined
  const out: Record<string, unknown> = {
    ruleId: f.rule,
    ruleIndex,
    level: f.severity === 'error' ? 'error' : 'warning',
    message: { text: f.message },
    locations: first
      ? [{ physicalLocation: { artifactLocation: located, region: { startLine: Math.max(1, first.line) } } }]
      : [],
    partialFingerprints: { 'bumpcheckFinding/v1': findingFingerprint(f, located === undefined ? '' : `${located.uriBaseId ?? ''}:${located.uri}`) },
    properties: {
      messageId: f.messageId,
      side: f.side,
      ...measuredPlace(f),
      features: f.features.map((feature) => ({ ...feature })),
    },
  }
  return out
}

function suppressed(f: WaivedFinding, ruleIndex: number, baseDir: string | undefined) {
  const expires = f.waiver.expires !== undefined ? `, expires ${f.waiver.expires}` : ''
  return {
    ...result(f, ruleIndex, baseDir),
    suppressions: [{ kind: 'external', status: 'accepted', justification: `${f.waiver.reason} (${f.waiver.author}${expires})` }],
  }
}

/** A rule that could not run on a side: an error notification when the rule is an error rule, else a warning. */
function notRunNotification(n: NotRunInfo, rule: RuleInfo | undefined, index: number | undefined) {
  return {
    level: rule?.severity === 'warning' ? 'warning' : 'error',
    message: { text: `${n.rule} could not run on the ${n.side} side: ${n.reason}. Fix: ${n.fix}` },
    associatedRule: index === undefined ? { id: n.rule } : { id: n.rule, index },
    properties: { side: n.side, reason: n.reason, fix: n.fix },
  }
}

export function sarif(report: Report, ctx: RenderContext): string {
  const baseDir = ctx.baseDir === undefined ? undefined : resolve(ctx.baseDir)
  const rules = reportRules(report)
  const indexOf: Record<string, number> = {}
  rules.forEach((rule, i) => (indexOf[rule.id] = i))
  const notRun = report.notRun ?? []
  const properties: Record<string, unknown> = {
    deck: { ...report.deck },
    summary: summaryObject(report),
  }
  if (report.bumpPads !== undefined) {
    const { arrays, selection, outOfScope } = bumpPadsObject(report.bumpPads)
    Object.assign(properties, { bumpArrays: arrays, padSelection: selection, outOfScope })
  }
  if (notRun.length > 0) properties.notRun = notRun.map((n) => ({ rule: n.rule, side: n.side, reason: n.reason, fix: n.fix }))
  const overrides = rules.flatMap((rule, index) => rule.options === undefined ? [] : [{
    descriptor: { id: rule.id, index },
    configuration: { level: rule.severity, parameters: stableValue(rule.options) },
  }])
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
              help: { text: `${rule.description}. See ${ruleHelpUri(rule.id)} for what the rule measures and its options.` },
              helpUri: ruleHelpUri(rule.id),
              defaultConfiguration: { level: rule.severity },
            })),
          },
        },
        results: [
          ...report.findings.map((f) => result(f, indexOf[f.rule]!, baseDir)),
          ...report.waived.map((f) => suppressed(f, indexOf[f.rule]!, baseDir)),
        ],
        // a folder URI ends in '/' (SARIF §3.14.14), so relative URIs resolve inside it
        ...(baseDir !== undefined && { originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(baseDir).href.replace(/\/?$/, '/') } } }),
        invocations: [
          {
            // an unread input or a rule that could not run on a side: the run did not do all it was asked
            executionSuccessful: report.inputErrors.length === 0 && notRun.length === 0,
            ...(overrides.length > 0 && { ruleConfigurationOverrides: overrides }),
            toolConfigurationNotifications: report.notes.map((note) => ({ level: 'note', message: { text: note } })),
            toolExecutionNotifications: [
              ...report.inputErrors.map((e) => ({
                level: 'error',
                message: { text: e.message },
                locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.path, baseDir), region: { startLine: Math.max(1, e.line) } } }],
              })),
              ...notRun.map((n) => notRunNotification(n, rules[indexOf[n.rule] ?? -1], indexOf[n.rule])),
            ],
          },
        ],
        properties,
      },
    ],
  }
  return JSON.stringify(log, null, 2) + '\n'
}

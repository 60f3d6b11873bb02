import { describe, expect, it } from 'vitest'
import { pathToUri, sarif, SARIF_SCHEMA } from '../../src/reporters/sarif.ts'
import { HOSTILE_COMPONENT, sampleReport } from './sample-report.ts'

describe('sarif reporter', () => {
  const log = JSON.parse(sarif(sampleReport(), {}))
  const run = log.runs[0]

  it('is a SARIF 2.1.0 log with the schema URL and a driver', () => {
    expect(log.version).toBe('2.1.0')
    expect(log.$schema).toBe(SARIF_SCHEMA)
    expect(SARIF_SCHEMA).toMatch(/^https:\/\/.*sarif-schema-2\.1\.0\.json$/)
    expect(log.runs).toHaveLength(1)
    expect(run.tool.driver.name).toBe('bumpcheck')
    expect(run.tool.driver.version).toBe('0.1.0')
  })

  it('lists every rule of the deck once, sorted, with description, help and doc link', () => {
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id)
    expect(ids).toEqual(['bump-coplanarity', 'deposit-overhang', 'pad-wettable-area', 'process-materials', 'via-pitch'])
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0)
      expect(rule.help.text).toContain(`docs/rules/${rule.id}.md`)
      expect(rule.helpUri).toBe(`docs/rules/${rule.id}.md`)
    }
  })

  it('gives each result the required fields, a level, a valid ruleIndex and its first feature as location', () => {
    const report = sampleReport()
    const open = run.results.filter((r: { suppressions?: unknown }) => !r.suppressions)
    expect(open).toHaveLength(report.findings.length)
    open.forEach((result: any, i: number) => {
      const f = report.findings[i]!
      expect(result.ruleId).toBe(f.rule)
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(f.rule)
      expect(result.level).toBe(f.severity)
      expect(result.message.text).toBe(f.message)
      const location = result.locations[0].physicalLocation
      expect(location.region.startLine).toBe(f.features[0]!.line)
      expect(Number.isInteger(location.region.startLine) && location.region.startLine >= 1).toBe(true)
      expect(location.artifactLocation.uri).toBe(pathToUri(f.features[0]!.file))
      expect(result.properties.at).toEqual({ x: f.at.x, y: f.at.y })
      expect(result.properties.limit).toBe(f.limit)
    })
    expect(open[0].properties.measured).toBe(0.21)
    expect(open[0].properties.unit).toBe('mm')
  })

  it('keeps hostile attribute strings as data', () => {
    expect(run.results[1].properties.features[0].component).toBe(HOSTILE_COMPONENT)
  })

  it('marks a waived finding as an accepted external suppression', () => {
    const suppressed = run.results.filter((r: { suppressions?: unknown }) => r.suppressions)
    expect(suppressed).toHaveLength(1)
    expect(suppressed[0].suppressions[0]).toEqual({
      kind: 'external', status: 'accepted', justification: 'Stencil step <agreed> with "fab" & QA (j.doe, expires 2099-12-31)',
    })
  })

  it('encodes file paths as relative URI references', () => {
    expect(pathToUri('gerber/my board #1.gbr')).toBe('gerber/my%20board%20%231.gbr')
    expect(pathToUri('C:\\jobs\\a b.gbr')).toBe('file:///C:/jobs/a%20b.gbr')
    expect(pathToUri('/abs/x.gbr')).toBe('file:///abs/x.gbr')
  })

  it('reports unreadable inputs as failed execution', () => {
    const report = { ...sampleReport(), inputErrors: [{ path: 'bad.gbr', line: 4, message: 'no format statement' }] }
    const invocation = JSON.parse(sarif(report, {})).runs[0].invocations[0]
    expect(invocation.executionSuccessful).toBe(false)
    expect(invocation.toolExecutionNotifications[0].locations[0].physicalLocation.region.startLine).toBe(4)
  })
})

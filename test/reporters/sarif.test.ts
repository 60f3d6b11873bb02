import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { pathToUri, REPOSITORY_URL, ruleHelpUri, sarif, SARIF_SCHEMA } from '../../src/reporters/sarif.ts'
import { HOSTILE_COMPONENT, incompleteReport, passingReport, sampleReport, sitelessReport } from './sample-report.ts'

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
      expect(rule.helpUri).toBe(`https://github.com/bumpcheck/bumpcheck/blob/main/docs/rules/${rule.id}.md`)
    }
  })

  it('gives helpUri as an absolute URI (the 2.1.0 schema has format: uri) on the repository package.json names', () => {
    for (const rule of run.tool.driver.rules) {
      const url = new URL(rule.helpUri) // throws on a relative reference
      expect(url.protocol).toBe('https:')
      expect(url.href).toBe(rule.helpUri)
    }
    expect(ruleHelpUri('a b')).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/a%20b.md`)
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    const repository: string | undefined = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url
    if (repository !== undefined) expect(repository.replace(/^git\+/, '').replace(/\.git$/, '')).toBe(REPOSITORY_URL)
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
      expect(result.properties.at).toEqual({ x: f.at!.x, y: f.at!.y })
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

  it('reports each rule that could not run on a side as an execution notification tied to its rule', () => {
    const invocation = run.invocations[0]
    expect(invocation.toolExecutionNotifications).toEqual([{
      level: 'error',
      message: { text: 'deposit-overhang could not run on the bottom side: no deposit layer on the bottom side. ' +
        'Fix: map a bottom paste file with --map, or set "deposit-overhang": "off" for that side in the deck' },
      associatedRule: { id: 'deposit-overhang', index: 1 },
      properties: {
        side: 'bottom', reason: 'no deposit layer on the bottom side',
        fix: 'map a bottom paste file with --map, or set "deposit-overhang": "off" for that side in the deck',
      },
    }])
    expect(run.tool.driver.rules[1].id).toBe('deposit-overhang')
    expect(run.properties.notRun).toEqual([{ rule: 'deposit-overhang', side: 'bottom', reason: 'no deposit layer on the bottom side',
      fix: 'map a bottom paste file with --map, or set "deposit-overhang": "off" for that side in the deck' }])
    // a warning rule that could not run is a warning notification
    const report = sampleReport()
    report.notRun = [{ rule: 'bump-coplanarity', side: 'top', reason: 'no pads layer on the top side', fix: 'map it' }]
    const notification = JSON.parse(sarif(report, {})).runs[0].invocations[0].toolExecutionNotifications[0]
    expect(notification).toMatchObject({ level: 'warning', associatedRule: { id: 'bump-coplanarity', index: 0 } })
  })

  it('marks an INCOMPLETE run as unsuccessful execution and a clean run as successful', () => {
    const incomplete = JSON.parse(sarif(incompleteReport(), {})).runs[0]
    expect(incomplete.invocations[0].executionSuccessful).toBe(false)
    expect(incomplete.properties.summary).toMatchObject({ pass: false, verdict: 'INCOMPLETE' })
    const clean = JSON.parse(sarif(passingReport(), {})).runs[0]
    expect(clean.invocations[0].executionSuccessful).toBe(true)
    expect(clean.invocations[0].toolExecutionNotifications).toEqual([])
    expect(clean.properties.summary).toMatchObject({ pass: true, verdict: 'PASS' })
    expect(run.invocations[0].executionSuccessful).toBe(false) // FAIL and deposit-overhang not run on bottom
  })

  it('carries the bump arrays, the pad selection and the out-of-scope counts in the run properties', () => {
    expect(run.properties.bumpArrays).toEqual([
      { side: 'top', name: 'U1', pads: 484, rows: 22, columns: 22, pitch: { x: 0.8, y: 0.8 }, chosenBy: 'x2-function' },
      { side: 'bottom', name: 'grid@10.000,5.000', pads: 64, rows: 8, columns: 8, pitch: { x: 1.27, y: 1.27 }, chosenBy: 'grid' },
    ])
    expect(run.properties.padSelection[0]).toEqual(
      { side: 'top', mode: 'bga', bumpPads: 484, leftOut: { drilled: 12, 'function ConnectorPad': 8, 'not-in-array': 130 } })
    expect(run.properties.outOfScope).toEqual([{ side: 'top', deposits: 210, offBoard: 0 }, { side: 'bottom', deposits: 0, offBoard: 3 }])
    const bare = JSON.parse(sarif({ ...sampleReport(), bumpPads: undefined, notRun: undefined }, {})).runs[0].properties
    expect(Object.keys(bare)).toEqual(['deck', 'summary'])
  })

  it('records the options each rule ran with as a configuration override of that rule', () => {
    const overrides = run.invocations[0].ruleConfigurationOverrides
    expect(overrides).toHaveLength(5)
    expect(overrides[4]).toEqual({
      descriptor: { id: 'via-pitch', index: 4 },
      configuration: { level: 'error', parameters: { minArraySize: 4, minPadClearance: 0.1, minPitch: 0.5, sides: ['top', 'bottom'] } },
    })
    const none = JSON.parse(sarif({ ...sampleReport(), rules: undefined }, {})).runs[0].invocations[0]
    expect(none).not.toHaveProperty('ruleConfigurationOverrides')
  })

  it('gives a finding with no site a result with its rule and no location, and at and bbox null in its properties', () => {
    const log = JSON.parse(sarif(sitelessReport(), {}))
    const run = log.runs[0]
    const results = run.results.filter((r: { ruleId: string }) => r.ruleId === 'process-materials')
    expect(results).toHaveLength(2)
    for (const r of results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe('process-materials')
      expect(r.level).toBe('error')
      expect(r.locations).toEqual([])
      expect(r.properties.at).toBeNull()
      expect(r.properties.bbox).toBeNull()
    }
    expect(results.map((r: { properties: { messageId: string } }) => r.properties.messageId)).toEqual(['padFamily', 'padMeltsFirst'])
  })
})

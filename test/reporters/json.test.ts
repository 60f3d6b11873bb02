import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { json } from '../../src/reporters/json.ts'
import { HOSTILE_COMPONENT, HOSTILE_SCRIPT, sampleReport } from './sample-report.ts'

const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'))
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema)

describe('json reporter', () => {
  it('produces a report that the published schema accepts', () => {
    const out = JSON.parse(json(sampleReport(), { generatedAt: '2025-03-14' }))
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true)
    expect(out.schemaVersion).toBe(1)
    expect(out.generatedAt).toBe('2025-03-14')
  })

  it('is rejected by the schema when a finding lacks a field or carries an unknown one', () => {
    const out = JSON.parse(json(sampleReport(), {}))
    delete out.findings[0].limit
    expect(validate(out)).toBe(false)
    const extra = JSON.parse(json(sampleReport(), {}))
    extra.findings[0].colour = 'red'
    expect(validate(extra)).toBe(false)
    const badSide = JSON.parse(json(sampleReport(), {}))
    badSide.findings[0].side = 'left'
    expect(validate(badSide)).toBe(false)
  })

  it('writes finding keys in the contract order whatever order the object had', () => {
    const report = sampleReport()
    const f = report.findings[0]!
    // rebuild the first finding with keys in reverse order
    report.findings[0] = Object.fromEntries(Object.entries(f).reverse()) as typeof f
    const out = JSON.parse(json(report, {}))
    expect(Object.keys(out.findings[0])).toEqual([
      'rule', 'messageId', 'severity', 'side', 'at', 'bbox', 'measured', 'limit', 'unit', 'message', 'features',
    ])
    expect(Object.keys(out.summary)).toEqual(['errors', 'warnings', 'waived', 'byRule', 'pass'])
    expect(Object.keys(out.findings[0].features[0])).toEqual(['file', 'line', 'component', 'pin'])
    expect(Object.keys(out)).toEqual([
      'schemaVersion', 'tool', 'deck', 'inputs', 'inputErrors', 'diagnostics', 'notes', 'findings', 'waived', 'waiverProblems', 'summary', 'rules',
    ])
  })

  it('rounds to 6 decimals and never prints -0', () => {
    const out = JSON.parse(json(sampleReport(), {}))
    expect(out.findings[0].measured).toBe(0.21) // was 0.21000000000000002
    expect(out.findings[2].measured).toBe(0.125664) // 0.1256637 rounded half up at the 6th decimal
    const text = json(sampleReport(), {})
    expect(text).toContain('"measured": 0,') // -0.0000004 rounds to 0, not -0
    expect(text).not.toContain('-0,')
  })

  it('sorts byRule keys so that map order cannot leak', () => {
    const out = JSON.parse(json(sampleReport(), {}))
    expect(Object.keys(out.summary.byRule)).toEqual(['bump-coplanarity', 'deposit-overhang', 'pad-wettable-area', 'via-pitch'])
  })

  it('gives the same bytes for the same report', () => {
    expect(json(sampleReport(), {})).toBe(json(sampleReport(), {}))
  })

  it('keeps hostile attribute strings as exact JSON strings', () => {
    const out = JSON.parse(json(sampleReport(), {}))
    expect(out.findings[1].features[0]).toEqual({
      file: 'fixtures/kicad-bga-dev/gerber/bga-dev-F_Paste.gbr', line: 900, component: HOSTILE_COMPONENT, pin: HOSTILE_SCRIPT,
    })
    expect(json(sampleReport(), {})).toContain('\\u0001\\u001b[31m') // controls escaped, not raw
  })

  it('turns a non-finite measured value into null (JSON has no NaN)', () => {
    const report = sampleReport()
    report.findings[0]!.measured = Number.NaN
    expect(JSON.parse(json(report, {})).findings[0].measured).toBeNull()
  })
})

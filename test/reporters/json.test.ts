import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { json } from '../../src/reporters/json.ts'
import { HOSTILE_COMPONENT, HOSTILE_SCRIPT, incompleteReport, passingReport, sampleReport, sitelessReport } from './sample-report.ts'

const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'))
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema)

describe('json reporter', () => {
  it('produces a report that the published schema accepts', () => {
    const out = JSON.parse(json(sampleReport(), { generatedAt: '2025-03-14' }))
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true)
    expect(out.schemaVersion).toBe(1)
    expect(out.generatedAt).toBe('2025-03-14')
    // the report names its schema by the schema's own stable $id
    expect(out.$schema).toBe(schema.$id)
    expect(schema.$id).toBe('https://bumpcheck.dev/schemas/report.schema.json')
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
    expect(Object.keys(out.summary)).toEqual(['errors', 'warnings', 'waived', 'byRule', 'pass', 'verdict'])
    expect(Object.keys(out.findings[0].features[0])).toEqual(['file', 'line', 'component', 'pin'])
    expect(Object.keys(out)).toEqual([
      '$schema', 'schemaVersion', 'tool', 'deck', 'inputs', 'inputErrors', 'diagnostics', 'notes', 'findings', 'waived', 'waiverProblems', 'summary', 'rules',
      'bumpPads', 'notRun',
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

  it('carries the bump arrays, the pad selection with left-out counts by reason and the out-of-scope deposits', () => {
    const out = JSON.parse(json(sampleReport(), {}))
    expect(out.bumpPads).toEqual({
      arrays: [
        { side: 'top', name: 'U1', pads: 484, rows: 22, columns: 22, pitch: { x: 0.8, y: 0.8 }, chosenBy: 'x2-function' },
        { side: 'bottom', name: 'grid@10.000,5.000', pads: 64, rows: 8, columns: 8, pitch: { x: 1.27, y: 1.27 }, chosenBy: 'grid' },
      ],
      selection: [
        { side: 'top', mode: 'bga', bumpPads: 484, leftOut: { drilled: 12, 'function ConnectorPad': 8, 'not-in-array': 130 } },
        { side: 'bottom', mode: 'bga', bumpPads: 64, leftOut: {} },
      ],
      outOfScope: [{ side: 'top', deposits: 210, offBoard: 0 }, { side: 'bottom', deposits: 0, offBoard: 3 }],
    })
    // left-out reasons sorted, so the engine's map order cannot leak into the bytes
    expect(Object.keys(out.bumpPads.selection[0].leftOut)).toEqual(['drilled', 'function ConnectorPad', 'not-in-array'])
  })

  it('rounds a pitch and keeps a null pitch (no regular grid) as null', () => {
    const report = sampleReport()
    report.bumpPads!.arrays[0]!.pitch = { x: 0.8000000000000002, y: 0.65 }
    report.bumpPads!.arrays[1]!.pitch = null
    const out = JSON.parse(json(report, {}))
    expect(out.bumpPads.arrays[0].pitch).toEqual({ x: 0.8, y: 0.65 })
    expect(out.bumpPads.arrays[1].pitch).toBeNull()
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true)
  })

  it('carries the not-run list and the rule options (keys sorted, numbers rounded), but no date', () => {
    const report = sampleReport()
    report.rules![0]!.options = { minArraySize: 4, method: 'seating-plane', maxCoplanarity: 0.05000000000000001 }
    const out = JSON.parse(json(report, {}))
    expect(out.notRun).toEqual([{
      rule: 'deposit-overhang', side: 'bottom', reason: 'no deposit layer on the bottom side',
      fix: 'map a bottom paste file with --map, or set "deposit-overhang": "off" for that side in the deck',
    }])
    expect(out.rules[0].options).toEqual({ maxCoplanarity: 0.05, method: 'seating-plane', minArraySize: 4 })
    expect(Object.keys(out.rules[0].options)).toEqual(['maxCoplanarity', 'method', 'minArraySize'])
    expect(out.rules[4].options).toEqual({ minArraySize: 4, minPadClearance: 0.1, minPitch: 0.5, sides: ['top', 'bottom'] })
    // the run's date and --today stay out, so the same inputs give the same bytes on any day
    expect(out).not.toHaveProperty('signOff')
    expect(json(sampleReport(), {})).toBe(json({ ...sampleReport(), signOff: { date: '2031-01-02', today: '2031-01-01' } }, {}))
    expect(json(sampleReport(), {})).not.toContain('2025-03-14')
  })

  it('writes the verdict: PASS for a clean run, INCOMPLETE (pass false) when a rule could not run', () => {
    expect(JSON.parse(json(passingReport(), {})).summary).toMatchObject({ pass: true, verdict: 'PASS' })
    const incomplete = JSON.parse(json(incompleteReport(), {}))
    expect(incomplete.summary).toMatchObject({ errors: 0, pass: false, verdict: 'INCOMPLETE' })
    expect(validate(incomplete), JSON.stringify(validate.errors)).toBe(true)
    expect(JSON.parse(json(sampleReport(), {})).summary).toMatchObject({ pass: false, verdict: 'FAIL' })
    // a summary that claims PASS while a rule did not run is written as the INCOMPLETE it is
    const claimsPass = { ...incompleteReport(), summary: passingReport().summary }
    expect(JSON.parse(json(claimsPass, {})).summary).toMatchObject({ pass: false, verdict: 'INCOMPLETE' })
  })

  it('leaves out the optional sections a report lacks, and the schema accepts that', () => {
    const out = JSON.parse(json({ ...sampleReport(), bumpPads: undefined, notRun: undefined, rules: undefined }, {}))
    expect(out).not.toHaveProperty('bumpPads')
    expect(out).not.toHaveProperty('notRun')
    expect(out).not.toHaveProperty('rules')
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true)
  })

  it('is rejected by the schema when a new field is malformed', () => {
    const cases: ((out: any) => void)[] = [
      (out) => { out.summary.verdict = 'MAYBE' },
      (out) => { delete out.summary.verdict },
      (out) => { out.bumpPads.arrays[0].chosenBy = 'guess' },
      (out) => { out.bumpPads.arrays[0].pitch = { x: 0.8 } },
      (out) => { out.bumpPads.selection[0].leftOut.drilled = -1 },
      (out) => { delete out.bumpPads.outOfScope },
      (out) => { out.bumpPads.outOfScope[0].deposits = 2.5 },
      (out) => { delete out.notRun[0].fix },
      (out) => { out.notRun[0].side = 'left' },
      (out) => { out.signOff = { date: '2025-03-14', today: '2025-03-14' } },
      (out) => { out.rules[0].options = 'fast' },
    ]
    for (const breakIt of cases) {
      const out = JSON.parse(json(sampleReport(), {}))
      breakIt(out)
      expect(validate(out), breakIt.toString()).toBe(false)
    }
  })

  it('writes a finding with no site as at null and bbox null, which the schema accepts, and refuses half a site', () => {
    const out = JSON.parse(json(sitelessReport(), {}))
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true)
    const siteless = out.findings.filter((f: { rule: string }) => f.rule === 'process-materials')
    expect(siteless.map((f: object) => Object.entries(f).slice(0, 7))).toEqual([
      [['rule', 'process-materials'], ['messageId', 'padFamily'], ['severity', 'error'], ['side', 'both'], ['at', null], ['bbox', null], ['measured', null]],
      [['rule', 'process-materials'], ['messageId', 'padMeltsFirst'], ['severity', 'error'], ['side', 'both'], ['at', null], ['bbox', null], ['measured', 660.3]],
    ])
    // a site without a box, or a box without a site, is no finding of the contract
    const broken = (patch: object) => ({ ...out, findings: [{ ...siteless[0], ...patch }] })
    expect(validate(broken({ bbox: [0, 0, 0, 0] }))).toBe(false)
    expect(validate(broken({ at: { x: 0, y: 0 } }))).toBe(false)
  })
})

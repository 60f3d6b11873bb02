import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { junit } from '../../src/reporters/junit.ts'
import { HOSTILE_COMPONENT, HOSTILE_SCRIPT, incompleteReport, passingReport, sampleReport, sitelessReport } from './sample-report.ts'

// An independent XML parser (Python's expat) reads the file back: well-formed, and what it counts.
const READ_BACK = `
import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suite = root.find('testsuite')
cases = [{ 'name': c.get('name'), 'classname': c.get('classname'),
           'failures': [f.get('message') for f in c.findall('failure')],
           'types': [f.get('type') for f in c.findall('failure')], 'texts': [f.text for f in c.findall('failure')],
           'errors': [{ 'type': e.get('type'), 'message': e.get('message'), 'text': e.text } for e in c.findall('error')],
           'skipped': [s.text for s in c.findall('skipped')] } for c in suite.findall('testcase')]
props = [[p.get('name'), p.get('value')] for p in suite.findall('properties/property')]
print(json.dumps({ 'root': root.attrib, 'suite': suite.attrib, 'cases': cases, 'properties': props }))
`

function readBack(xml: string) {
  return JSON.parse(execFileSync('python3', ['-c', READ_BACK], { input: xml, encoding: 'utf8' }))
}

type Case = { name: string; classname: string; failures: string[]; types: string[]; texts: string[]; errors: { type: string; message: string; text: string }[]; skipped: string[] }

describe('junit reporter', () => {
  const parsed = readBack(junit(sampleReport(), {}))
  const cases: Case[] = parsed.cases

  it('has a failing test case per open finding and a passing one per rule with none, read back by an independent parser', () => {
    expect(cases.map((c) => c.name)).toEqual([
      'bump-coplanarity bottom (155, -34)',
      'deposit-overhang top (183.2, -22.4)',
      'deposit-overhang top (0, -19.5)',
      'deposit-overhang top (184, -22.4) (waived)',
      'deposit-overhang on bottom: not run',
      'pad-wettable-area top (132.5, -17.5)',
      'process-materials',
      'via-pitch bottom (16, -29)',
    ])
    expect(cases.map((c) => c.failures.length)).toEqual([1, 1, 1, 0, 0, 1, 0, 1])
    expect(cases[1]!.classname).toBe('bumpcheck.pcb-bga.deposit-overhang')
    expect(parsed.suite).toMatchObject({ name: 'pcb-bga', tests: '8', failures: '5', errors: '1', skipped: '1' })
    expect(parsed.root).toMatchObject({ tests: '8', failures: '5', errors: '1' })
    expect(parsed.root.skipped).toBeUndefined()
    expect(cases[7]!.types).toEqual(['error'])
    expect(cases[0]!.types).toEqual(['warning'])
  })

  it('counts at least as many tests as failures, errors and skips together, whatever the findings', () => {
    const report = sampleReport()
    report.findings = [...report.findings, ...report.findings, ...report.findings]
    const suite = readBack(junit(report, {})).suite
    expect(suite).toMatchObject({ tests: '18', failures: '15', errors: '1', skipped: '1' })
  })

  it('keeps hostile strings as text: markup and quotes survive the round trip, controls become visible', () => {
    const xml = junit(sampleReport(), {})
    expect(xml).not.toContain('<script>')
    expect(xml).not.toContain('<img')
    expect(cases[2]!.failures[0]).toBe(`Deposit touches two pads of ${HOSTILE_COMPONENT}`)
    expect(cases[2]!.texts[0]).toContain(`${HOSTILE_COMPONENT}.${HOSTILE_SCRIPT}`)
    expect(cases[2]!.texts[0]).toContain('evil "&\\u{1}\\u{1b}[31m <b>.gbr:806')
  })

  it('skips a waived finding, with who waived it and why', () => {
    expect(cases[3]!.skipped).toEqual(['waived by j.doe, expires 2099-12-31: Stencil step <agreed> with "fab" & QA'])
  })

  it('errors a case for each rule that could not run on a side, with the reason and the fix, so CI never goes green', () => {
    expect(cases[4]!.errors).toEqual([{
      type: 'NotRun',
      message: 'deposit-overhang could not run on the bottom side: no deposit layer on the bottom side',
      text: 'fix: map a bottom paste file with --map, or set "deposit-overhang": "off" for that side in the deck',
    }])
    const incomplete = readBack(junit(incompleteReport(), {}))
    expect(incomplete.suite).toMatchObject({ tests: '6', failures: '0', errors: '1' })
    expect(incomplete.properties[0]).toEqual(['verdict', 'INCOMPLETE'])
    // a rule only a not-run entry names still gets its case
    const unlisted = { ...incompleteReport(), notRun: [{ rule: 'pad-deposit', side: 'top' as const, reason: 'r', fix: 'f' }] }
    expect(readBack(junit(unlisted, {})).cases.at(-1)).toMatchObject({ name: 'pad-deposit on top: not run', errors: [{ type: 'NotRun' }] })
  })

  it('carries the verdict, pad selection, bump arrays, out-of-scope counts and rule options as suite properties', () => {
    expect(parsed.properties).toEqual([
      ['verdict', 'FAIL'],
      ['bumpPads.top.mode', 'bga'],
      ['bumpPads.top.count', '484'],
      ['bumpPads.top.leftOut.drilled', '12'],
      ['bumpPads.top.leftOut.function ConnectorPad', '8'],
      ['bumpPads.top.leftOut.not-in-array', '130'],
      ['bumpPads.bottom.mode', 'bga'],
      ['bumpPads.bottom.count', '64'],
      ['bumpArray.top.U1', '484 pads, 22×22, pitch 0.8 mm, chosen by x2-function'],
      ['bumpArray.bottom.grid@10.000,5.000', '64 pads, 8×8, pitch 1.27 mm, chosen by grid'],
      ['outOfScope.top.deposits', '210'],
      ['outOfScope.top.offBoard', '0'],
      ['outOfScope.bottom.deposits', '0'],
      ['outOfScope.bottom.offBoard', '3'],
      ['rule.bump-coplanarity.options', 'maxCoplanarity 0.05, method seating-plane, minArraySize 4'],
      ['rule.deposit-overhang.options', 'allowOrphans false, minClearance 0.1, minCoverage 0.2'],
      ['rule.pad-wettable-area.options', 'maxArea 1, maxSpread 0.25, minArea 0.03, minArraySize 4, minWidth 0.18'],
      ['rule.process-materials.options', 'no options'],
      ['rule.via-pitch.options', 'minArraySize 4, minPadClearance 0.1, minPitch 0.5, sides [top, bottom]'],
    ])
    const bare = readBack(junit({ ...sampleReport(), bumpPads: undefined, rules: undefined }, {}))
    expect(bare.properties).toEqual([['verdict', 'FAIL']])
  })

  it('errors a case for each unreadable file, so a run that read nothing is never green', () => {
    const report = { ...passingReport(), inputErrors: [{ path: 'a.gbr', line: 2, message: 'x' }, { path: 'b.gbr', line: 3, message: 'y' }] }
    const back = readBack(junit(report, {}))
    expect(back.cases.slice(-2)).toMatchObject([
      { name: 'input a.gbr', errors: [{ type: 'InputError', message: 'a.gbr:2: x' }] },
      { name: 'input b.gbr', errors: [{ type: 'InputError', message: 'b.gbr:3: y' }] },
    ])
    expect(back.suite).toMatchObject({ tests: '7', failures: '0', errors: '2' })
  })

  it('passes every case of a clean run', () => {
    const back = readBack(junit(passingReport(), {}))
    expect(back.cases).toHaveLength(5)
    expect(back.cases.every((c: Case) => c.failures.length === 0 && c.errors.length === 0)).toBe(true)
    expect(back.properties[0]).toEqual(['verdict', 'PASS'])
  })

  it('names a finding with no site "(no site)" and says so in the failure, never (0, 0)', () => {
    const back = readBack(junit(sitelessReport(), {}))
    const siteless = (back.cases as Case[]).filter((c) => c.classname.endsWith('.process-materials'))
    expect(siteless.map((c) => c.name)).toEqual(['process-materials both (no site: padFamily)', 'process-materials both (no site: padMeltsFirst)'])
    expect(siteless.map((c) => c.texts[0]!.split('\n')[0])).toEqual(['error with no site on both', 'error with no site on both'])
    expect(JSON.stringify(back.cases)).not.toContain('(0, 0)')
  })
})

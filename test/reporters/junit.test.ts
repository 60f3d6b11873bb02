import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { junit } from '../../src/reporters/junit.ts'
import { HOSTILE_COMPONENT, HOSTILE_SCRIPT, passingReport, sampleReport } from './sample-report.ts'

// An independent XML parser (Python's expat) reads the file back: well-formed, and what it counts.
const READ_BACK = `
import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suite = root.find('testsuite')
cases = [{ 'name': c.get('name'), 'failures': [f.get('message') for f in c.findall('failure')],
           'types': [f.get('type') for f in c.findall('failure')], 'texts': [f.text for f in c.findall('failure')],
           'errors': len(c.findall('error')) } for c in suite.findall('testcase')]
print(json.dumps({ 'root': root.attrib, 'suite': suite.attrib, 'cases': cases }))
`

function readBack(xml: string) {
  return JSON.parse(execFileSync('python3', ['-c', READ_BACK], { input: xml, encoding: 'utf8' }))
}

describe('junit reporter', () => {
  it('has a test case per rule and a failure per finding, read back by an independent parser', () => {
    const parsed = readBack(junit(sampleReport(), {}))
    expect(parsed.cases.map((c: { name: string }) => c.name)).toEqual(
      ['bump-coplanarity', 'deposit-overhang', 'pad-wettable-area', 'process-materials', 'via-pitch'])
    expect(parsed.cases.map((c: { failures: string[] }) => c.failures.length)).toEqual([1, 2, 1, 0, 1])
    expect(parsed.suite).toMatchObject({ name: 'pcb-bga', tests: '5', failures: '5', errors: '0' })
    expect(parsed.root).toMatchObject({ tests: '5', failures: '5' })
    expect(parsed.cases[4].types).toEqual(['error'])
    expect(parsed.cases[0].types).toEqual(['warning'])
  })

  it('keeps hostile strings as text: markup and quotes survive the round trip, controls become visible', () => {
    const xml = junit(sampleReport(), {})
    expect(xml).not.toContain('<script>')
    expect(xml).not.toContain('<img')
    const parsed = readBack(xml)
    expect(parsed.cases[1].failures[1]).toBe(`Deposit touches two pads of ${HOSTILE_COMPONENT}`)
    expect(parsed.cases[1].texts[1]).toContain(`${HOSTILE_COMPONENT}.${HOSTILE_SCRIPT}`)
    expect(parsed.cases[1].texts[1]).toContain('evil "&\\u{1}\\u{1b}[31m <b>.gbr:806')
  })

  it('fails an "inputs" case for each unreadable file, so a run that read nothing is never green', () => {
    const report = { ...passingReport(), inputErrors: [{ path: 'a.gbr', line: 2, message: 'x' }, { path: 'b.gbr', line: 3, message: 'y' }] }
    const parsed = readBack(junit(report, {}))
    expect(parsed.cases.at(-1)).toMatchObject({ name: 'inputs', errors: 2 })
    expect(parsed.suite).toMatchObject({ tests: '6', failures: '0', errors: '2' })
  })

  it('passes every case of a clean run', () => {
    const parsed = readBack(junit(passingReport(), {}))
    expect(parsed.cases.every((c: { failures: string[]; errors: number }) => c.failures.length === 0 && c.errors === 0)).toBe(true)
  })
})

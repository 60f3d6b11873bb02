import { describe, expect, it } from 'vitest'
import type { Report } from '../../src/engine/report.ts'
import { signOff, verdictOf } from '../../src/reporters/signoff.ts'
import { incompleteReport, passingReport, sampleReport } from './sample-report.ts'

describe('sign-off verdict', () => {
  it('is FAIL while an error is open, even with a rule that could not run', () => {
    expect(verdictOf(sampleReport())).toBe('FAIL')
    expect(signOff(sampleReport(), undefined).reasons).toEqual([
      '1 rule/side check(s) could not run: deposit-overhang (bottom)', '3 error finding(s)'])
    // an engine that said INCOMPLETE with an error open is still a FAIL
    expect(verdictOf({ ...sampleReport(), summary: { ...sampleReport().summary, verdict: 'INCOMPLETE' } })).toBe('FAIL')
  })

  it('is INCOMPLETE with no open error but a rule not run or an input unread, whatever the engine said', () => {
    expect(verdictOf(incompleteReport())).toBe('INCOMPLETE')
    expect(verdictOf({ ...incompleteReport(), summary: passingReport().summary })).toBe('INCOMPLETE')
    const unread = { ...passingReport(), inputErrors: [{ path: 'x.gbr', line: 1, message: 'm' }] }
    expect(verdictOf(unread)).toBe('INCOMPLETE')
    expect(signOff(unread, undefined).reasons).toEqual(['1 input file error(s): not every input was read'])
    // the engine's own INCOMPLETE is kept, with a reason
    const said = { ...passingReport(), summary: { ...passingReport().summary, pass: false, verdict: 'INCOMPLETE' as const } }
    expect(signOff(said, undefined)).toMatchObject({ verdict: 'INCOMPLETE', reasons: ['the engine reported an incomplete run'] })
  })

  it('keeps the engine\'s FAIL (e.g. --fail-on warning) and falls back on pass for a report without a verdict', () => {
    const failed = { ...passingReport(), summary: { ...passingReport().summary, pass: false, verdict: 'FAIL' as const } }
    expect(signOff(failed, undefined)).toMatchObject({ verdict: 'FAIL', reasons: ['the engine reported a failing run'] })
    const { verdict: _dropped, ...noVerdict } = passingReport().summary
    const old = { ...passingReport(), summary: noVerdict } as unknown as Report // a JSON report from before the verdict
    expect(verdictOf(old)).toBe('PASS')
    expect(verdictOf({ ...old, summary: { ...old.summary, pass: false } })).toBe('FAIL')
  })

  it('is PASS only for a clean run, and prints the caller\'s date, else the report\'s', () => {
    expect(signOff(passingReport(), undefined)).toEqual({ verdict: 'PASS', reasons: [], date: '2025-03-14' })
    expect(signOff(passingReport(), '2026-01-01').date).toBe('2026-01-01')
    expect(signOff({ ...passingReport(), signOff: undefined }, undefined).date).toBe('not given')
  })
})

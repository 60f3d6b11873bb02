import { describe, expect, it } from 'vitest'
import { text } from '../../src/reporters/text.ts'
import { passingReport, sampleReport } from './sample-report.ts'

describe('text reporter', () => {
  it('groups findings by side, then rule, with counts', () => {
    const out = text(sampleReport(), {})
    const order = ['top side', '  deposit-overhang (2)', '  pad-wettable-area (1)', 'bottom side', '  bump-coplanarity (1)', '  via-pitch (1)']
    const positions = order.map((heading) => out.split('\n').indexOf(heading))
    expect(positions.every((p) => p >= 0), out).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it('prints site, values and every feature of a finding', () => {
    const out = text(sampleReport(), {})
    expect(out).toContain('    error   (183.2, -22.4) mm  Deposit overhangs 0.21 mm past the wettable pad')
    expect(out).toContain('            measured 0.21 mm, limit 0.15 mm')
    expect(out).toContain('            fixtures/kicad-bga-dev/gerber/bga-dev-F_Paste.gbr:812 U5.A2')
  })

  it('ends with a sign-off naming inputs, hashes, deck, tool, the given date and the verdict', () => {
    const out = text(sampleReport(), { generatedAt: '2025-03-14' })
    const signOff = out.slice(out.indexOf('Sign-off'))
    expect(signOff).toContain('tool     bumpcheck 0.1.0')
    expect(signOff).toContain('date     2025-03-14')
    expect(signOff).toContain(`deck     pcb-bga  sha256 ${'a'.repeat(64)}  units mm`)
    expect(signOff).toContain(`sha256 ${'0123456789abcdef'.repeat(4)}  role pads  side top  format gerber`)
    expect(signOff).toContain('verdict  FAIL')
    expect(signOff).toContain('3 error finding(s)')
  })

  it('passes a clean run and fails the same run once an input could not be read', () => {
    expect(text(passingReport(), {})).toContain('verdict  PASS')
    const unread = { ...passingReport(), inputErrors: [{ path: 'x.gbr', line: 7, message: 'bad coordinate' }] }
    const out = text(unread, {})
    expect(out).toContain('verdict  FAIL')
    expect(out).toContain('1 input file error(s)')
    expect(out).toContain('  x.gbr:7: bad coordinate')
  })

  it('writes no escape sequence unless colour is asked for, and makes input controls visible', () => {
    const plain = text(sampleReport(), {})
    expect(plain).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/) // no control but newline
    expect(plain).toContain('below 8 mm\\u{7}\\u{1b}]0;title\\u{7}')
    expect(plain).toContain('evil "&\\u{1}\\u{1b}[31m <b>.gbr:806')
    const coloured = text(sampleReport(), { color: true })
    expect(coloured).toContain('\x1b[1;31mFAIL\x1b[0m')
    expect(coloured).toContain('\x1b[31merror  \x1b[0m')
  })

  it('lists waived findings with reason, author and expiry, and waiver problems', () => {
    const out = text(sampleReport(), {})
    expect(out).toContain('Waived (1)')
    expect(out).toContain('waived by j.doe, expires 2099-12-31: Stencil step <agreed> with "fab" & QA')
    expect(out).toContain('waiver 2 unmatched: waiver 2 (via-pitch on J1) matches no finding')
  })

  it('says what could not be checked', () => {
    expect(text(sampleReport(), {})).toContain('Not checked\n  process-materials: not checked on bottom (no deposit layer)\n')
  })

  it('gives the same bytes for the same report', () => {
    expect(text(sampleReport(), { generatedAt: 'd' })).toBe(text(sampleReport(), { generatedAt: 'd' }))
  })
})

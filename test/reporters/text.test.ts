import { describe, expect, it } from 'vitest'
import { text } from '../../src/reporters/text.ts'
import { HOSTILE_FILE, incompleteReport, passingReport, sampleReport, sitelessReport } from './sample-report.ts'

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

  it('passes a clean run and calls the same run INCOMPLETE once an input could not be read', () => {
    expect(text(passingReport(), {})).toContain('verdict  PASS')
    const unread = { ...passingReport(), inputErrors: [{ path: 'x.gbr', line: 7, message: 'bad coordinate' }] }
    const out = text(unread, {})
    expect(out).toContain('verdict  INCOMPLETE')
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

  it('lists each rule that could not run on a side, with the reason and the fix, before the findings', () => {
    const out = text(sampleReport(), {})
    expect(out).toContain('Not run (1)\n' +
      '  deposit-overhang on bottom: no deposit layer on the bottom side\n' +
      '    fix: map a bottom paste file with --map, or set "deposit-overhang": "off" for that side in the deck\n')
    expect(out.indexOf('Not run (1)')).toBeLessThan(out.indexOf('top side'))
    expect(text(passingReport(), {})).not.toContain('Not run')
  })

  it('shows the bump-pad selection per side, one line per array and the out-of-scope deposits', () => {
    const out = text(sampleReport(), {})
    expect(out).toContain('Bump pads\n' +
      '  top     mode bga  484 bump pad(s)  left out: 12 drilled, 8 function ConnectorPad, 130 not-in-array\n' +
      '  bottom  mode bga  64 bump pad(s)   left out: none\n' +
      '  arrays (2)\n' +
      '    top     U1                 484 pads  22×22  pitch 0.8 mm   chosen by x2-function\n' +
      '    bottom  grid@10.000,5.000  64 pads   8×8    pitch 1.27 mm  chosen by grid\n' +
      '  out of scope (deposits on copper pads that are not bump pads, or off the board; not checked)\n' +
      '    top     210 deposit(s)  0 off the board outline\n' +
      '    bottom  0 deposit(s)    3 off the board outline\n')
  })

  it('prints a pitch that differs in x and y, an array on no regular grid, and a hostile array name as text', () => {
    const report = sampleReport()
    report.bumpPads!.arrays = [
      { side: 'top', name: 'U2', pads: 96, rows: 8, columns: 12, pitch: { x: 0.5, y: 0.65 }, chosenBy: 'components' },
      { side: 'top', name: HOSTILE_FILE, pads: 3, rows: 1, columns: 3, pitch: null, chosenBy: 'smd' },
    ]
    report.bumpPads!.outOfScope = []
    const out = text(report, {})
    expect(out).toContain('    top  U2                              96 pads  8×12  pitch 0.5 × 0.65 mm  chosen by components\n')
    expect(out).toContain('    top  evil "&\\u{1}\\u{1b}[31m <b>.gbr  3 pads   1×3   no regular pitch     chosen by smd\n')
    expect(out).not.toContain('out of scope')
    expect(text({ ...sampleReport(), bumpPads: undefined }, {})).not.toContain('Bump pads')
    const none = sampleReport()
    none.bumpPads!.arrays = []
    expect(text(none, {})).toContain('  bottom  mode bga  64 bump pad(s)   left out: none\n  no bump array\n')
  })

  it('lists the rules that ran with their severity and options', () => {
    const out = text(sampleReport(), {})
    expect(out).toContain('Rules (5)\n' +
      '  bump-coplanarity   warning  maxCoplanarity 0.05, method seating-plane, minArraySize 4\n' +
      '  deposit-overhang   error    allowOrphans false, minClearance 0.1, minCoverage 0.2\n' +
      '  pad-wettable-area  warning  maxArea 1, maxSpread 0.25, minArea 0.03, minArraySize 4, minWidth 0.18\n' +
      '  process-materials  error    no options\n' +
      '  via-pitch          error    minArraySize 4, minPadClearance 0.1, minPitch 0.5, sides [top, bottom]\n')
    expect(text({ ...sampleReport(), rules: undefined }, {})).not.toContain('Rules (')
    const unrecorded = sampleReport()
    delete unrecorded.rules![3]!.options
    expect(text(unrecorded, {})).toContain('  process-materials  error    options not recorded\n')
  })

  it('calls a run with no open error but a rule that could not run INCOMPLETE, in yellow, with the reason', () => {
    const out = text(incompleteReport(), {})
    expect(out).toContain('  verdict  INCOMPLETE\n           1 rule/side check(s) could not run: deposit-overhang (bottom)\n')
    expect(text(incompleteReport(), { color: true })).toContain('\x1b[1;33mINCOMPLETE\x1b[0m')
    // the engine said PASS but the report carries a not-run rule: never PASS
    const claimsPass = { ...incompleteReport(), summary: { ...passingReport().summary } }
    expect(text(claimsPass, {})).toContain('verdict  INCOMPLETE')
  })

  it('takes the sign-off date from the report when the caller gives none, and names the waiver date when it differs', () => {
    const report = { ...sampleReport(), signOff: { date: '2025-03-14', today: '2025-01-01' } }
    const out = text(report, {})
    expect(out).toContain('  date     2025-03-14\n  today    2025-01-01 (waiver expiry judged against it)\n')
    expect(text(sampleReport(), {})).not.toContain('  today ')
    expect(text(report, { generatedAt: '2025-03-14 (waivers judged as of 2025-01-01, --today)' })).not.toContain('  today ')
    expect(text({ ...sampleReport(), signOff: undefined }, {})).toContain('  date     not given')
  })

  it('gives the same bytes for the same report', () => {
    expect(text(sampleReport(), { generatedAt: 'd' })).toBe(text(sampleReport(), { generatedAt: 'd' }))
  })

  it('says "no site" for a finding about the process, never (0, 0), and lists it first on its side', () => {
    const out = text(sitelessReport(), {})
    const lines = out.split('\n')
    const heading = lines.indexOf('both side')
    expect(lines.slice(heading, heading + 4)).toEqual([
      'both side',
      '  process-materials (2)',
      '    error   no site  Pad metal Al is of no listed family, not one of refractory, group8, group1b (rule process-materials)',
      '    error   no site  Pad metal Al starts to melt at 660.3 °C, not above the bump metal Cu (1085 °C) (rule process-materials)',
    ])
    expect(out).not.toContain('(0, 0) mm')
  })
})

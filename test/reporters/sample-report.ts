// A realistic synthetic report for the reporter tests: several rules on both sides, a waived finding,
// waiver problems, the bump arrays the run took, a rule that could not run on a side, and hostile strings (markup, quotes, ampersands, control characters)
// where input files can put them: component/pin attributes, file names, messages.

import type { Finding, NotRunInfo, Report } from '../../src/engine/report.ts'
import { loadDeck } from '../../src/engine/deck.ts'
import { compareFindings, runRules } from '../../src/engine/run.ts'
import { rules } from '../../src/rules/index.ts'

export const HOSTILE_COMPONENT = '<img src=x onerror=window.__pwned=1>'
export const HOSTILE_SCRIPT = '<script>window.__pwned=1</script>'
export const HOSTILE_FILE = 'evil "&\u0001\u001b[31m <b>.gbr'

const F_PASTE = 'fixtures/kicad-bga-dev/gerber/bga-dev-F_Paste.gbr'
const F_CU = 'fixtures/kicad-bga-dev/gerber/bga-dev-F_Cu.gbr'
const B_CU = 'fixtures/kicad-bga-dev/gerber/bga-dev-B_Cu.gbr'

function finding(fields: Partial<Finding> & Pick<Finding, 'rule' | 'messageId' | 'side' | 'message'> & { at: { x: number; y: number } }): Finding {
  const half = 0.25
  return {
    severity: 'error',
    bbox: [fields.at.x - half, fields.at.y - half, fields.at.x + half, fields.at.y + half],
    measured: null,
    limit: null,
    unit: 'mm',
    features: [],
    ...fields,
  }
}

export function sampleFindings(): Finding[] {
  return [
    finding({
      rule: 'deposit-overhang', messageId: 'tooFar', side: 'top', at: { x: 183.2, y: -22.4 },
      measured: 0.21000000000000002, limit: 0.15,
      message: 'Deposit overhangs 0.21 mm past the wettable pad (limit 0.15 mm, rule deposit-overhang)',
      features: [{ file: F_PASTE, line: 812, component: 'U5', pin: 'A2' }, { file: F_CU, line: 39, component: 'U5', pin: 'A2' }],
    }),
    finding({
      rule: 'deposit-overhang', messageId: 'bridge', side: 'top', at: { x: 0, y: -19.5 },
      bbox: [-0.75, -19.75, 0.75, -19.25], measured: 0.5, limit: 0.15,
      message: `Deposit touches two pads of ${HOSTILE_COMPONENT}`,
      features: [{ file: F_PASTE, line: 900, component: HOSTILE_COMPONENT, pin: HOSTILE_SCRIPT }, { file: HOSTILE_FILE, line: 806 }],
    }),
    finding({
      rule: 'pad-wettable-area', messageId: 'tooSmall', severity: 'warning', side: 'top', at: { x: 132.5, y: -17.5 },
      measured: 0.1256637, limit: 0.15, unit: 'mm²',
      message: 'Wettable area 0.125664 mm² is below 0.15 mm² & "mask-defined"',
      features: [{ file: F_CU, line: 2066, component: 'U4', pin: 'A1' }],
    }),
    finding({
      rule: 'via-pitch', messageId: 'tooClose', side: 'bottom', at: { x: 16, y: -29 },
      bbox: [13.725, -32.275, 18.275, -25.725], measured: 7.211103, limit: 8,
      message: 'Via pitch 7.211103 mm is below 8 mm\u0007\u001b]0;title\u0007',
      features: [{ file: B_CU, line: 26 }, { file: B_CU, line: 27 }],
    }),
    finding({
      rule: 'bump-coplanarity', messageId: 'range', severity: 'warning', side: 'bottom', at: { x: 155, y: -34 },
      measured: -0.0000004, limit: 0.02,
      message: 'Array coplanarity 0 mm within 0.02 mm but estimated on non-circular pads',
      features: [{ file: B_CU, line: 28 }],
    }),
  ]
}

export function sampleReport(): Report {
  const findings = sampleFindings()
  return {
    schemaVersion: 1,
    tool: { name: 'bumpcheck', version: '0.1.0' },
    deck: { name: 'pcb-bga', sha256: 'a'.repeat(64), units: 'mm' },
    inputs: [
      { path: F_CU, sha256: '0123456789abcdef'.repeat(4), role: 'pads', side: 'top', format: 'gerber', counts: { pads: 2207, draws: 420 } },
      { path: F_PASTE, sha256: 'fedcba9876543210'.repeat(4), role: 'deposit', side: 'top', format: 'gerber', counts: { flashes: 1786 } },
      { path: B_CU, sha256: '00112233445566778899aabbccddeeff'.repeat(2), role: 'pads', side: 'bottom', format: 'gerber', counts: { pads: 422 } },
    ],
    inputErrors: [],
    diagnostics: [{ path: F_CU, line: 3, message: 'deprecated %IPPOS*% ignored' }],
    notes: ['process-materials: not checked on bottom (no deposit layer)'],
    findings,
    waived: [
      {
        ...findings[0]!, at: { x: 184, y: -22.4 }, bbox: [183.75, -22.65, 184.25, -22.15],
        features: [{ file: F_PASTE, line: 814, component: 'U5', pin: 'A3' }],
        waiver: { reason: 'Stencil step <agreed> with "fab" & QA', author: 'j.doe', expires: '2099-12-31' },
      },
    ],
    waiverProblems: [{ waiver: 2, kind: 'unmatched', message: 'waiver 2 (via-pitch on J1) matches no finding' }],
    summary: {
      errors: 3, warnings: 2, waived: 1,
      byRule: { 'via-pitch': 1, 'deposit-overhang': 2, 'pad-wettable-area': 1, 'bump-coplanarity': 1 },
      pass: false, verdict: 'FAIL',
    },
    rules: [
      { id: 'bump-coplanarity', description: 'Bumps of one array reach the same height', severity: 'warning',
        options: { maxCoplanarity: 0.05, method: 'seating-plane', minArraySize: 4 } },
      { id: 'deposit-overhang', description: 'Deposit draws back onto its own wettable pad', severity: 'error',
        options: { minCoverage: 0.2, minClearance: 0.1, allowOrphans: false } },
      { id: 'pad-wettable-area', description: 'Wettable area within the deck window', severity: 'warning',
        options: { minArea: 0.03, maxArea: 1, minWidth: 0.18, maxSpread: 0.25, minArraySize: 4 } },
      { id: 'process-materials', description: 'Bump and pad metals inside the process window', severity: 'error', options: {} },
      { id: 'via-pitch', description: 'Vias far enough apart that caps and the film between them survive', severity: 'error',
        options: { minPitch: 0.5, minPadClearance: 0.1, minArraySize: 4, sides: ['top', 'bottom'] } },
    ],
    bumpPads: {
      arrays: [
        { side: 'top', name: 'U1', pads: 484, rows: 22, columns: 22, pitch: { x: 0.8, y: 0.8 }, chosenBy: 'x2-function' },
        { side: 'bottom', name: 'grid@10.000,5.000', pads: 64, rows: 8, columns: 8, pitch: { x: 1.27, y: 1.27 }, chosenBy: 'grid' },
      ],
      selection: [
        { side: 'top', mode: 'bga', bumpPads: 484, leftOut: { drilled: 12, 'not-in-array': 130, 'function ConnectorPad': 8 } },
        { side: 'bottom', mode: 'bga', bumpPads: 64, leftOut: {} },
      ],
      outOfScope: [{ side: 'top', deposits: 210, offBoard: 0 }, { side: 'bottom', deposits: 0, offBoard: 3 }],
    },
    notRun: [{ ...NOT_RUN_DEPOSIT_BOTTOM }],
    signOff: { date: '2025-03-14', today: '2025-03-14' },
  }
}

export const NOT_RUN_DEPOSIT_BOTTOM = {
  rule: 'deposit-overhang',
  side: 'bottom',
  reason: 'no deposit layer on the bottom side',
  fix: 'map a bottom paste file with --map, or set "deposit-overhang": "off" for that side in the deck',
} as const satisfies NotRunInfo

/** A clean run: no findings, nothing unread, every rule ran on every side. */
export function passingReport(): Report {
  return {
    ...sampleReport(),
    findings: [], waived: [], waiverProblems: [], diagnostics: [], notes: [], notRun: [],
    summary: { errors: 0, warnings: 0, waived: 0, byRule: {}, pass: true, verdict: 'PASS' },
  }
}

/** No open error, but deposit-overhang could not run on the bottom side: INCOMPLETE, never PASS. */
export function incompleteReport(): Report {
  return {
    ...passingReport(),
    notRun: [{ ...NOT_RUN_DEPOSIT_BOTTOM }],
    summary: { errors: 0, warnings: 0, waived: 0, byRule: {}, pass: false, verdict: 'INCOMPLETE' },
  }
}

/**
 * The two findings with no site the engine itself makes for aluminium pads under copper bumps
 * (process-materials padFamily and padMeltsFirst: 660.3 °C before 1084.6 °C): at and bbox null.
 */
export function sitelessFindings(): Finding[] {
  const options = { minMeltingPoint: 350, padFamilies: ['refractory', 'group8', 'group1b'], barrierFor: ['Ag', 'Au'] }
  const deck = loadDeck({ name: 't', process: { bumpMetal: 'Cu', padMetal: 'Al' }, rules: { 'process-materials': ['error', options] } }, rules)
  return runRules([], deck, rules).findings
}

/** The sample report with the two site-less findings among the sited ones, in the engine's order. */
export function sitelessReport(): Report {
  const report = sampleReport()
  const findings = [...report.findings, ...sitelessFindings()].sort(compareFindings)
  return {
    ...report, findings,
    summary: { ...report.summary, errors: report.summary.errors + 2, byRule: { ...report.summary.byRule, 'process-materials': 2 } },
  }
}

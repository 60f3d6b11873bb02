// via-pitch through the rule tester: every messageId with a hand-worked invalid case and its passing twin.
import { describe, expect, it } from 'vitest'
import { loadDeck } from '../../src/engine/deck.ts'
import { runRules } from '../../src/engine/run.ts'
import type { Layer } from '../../src/layers/model.ts'
import { rules as registry } from '../../src/rules/index.ts'
import { reachesSide } from '../../src/rules/via-pitch.ts'
import { boardLayers, caseDeck, circle, grid, hole, obround, RuleTester, runCase, type Board, type FeatureSpec } from '../rule-tester.ts'

const tester = new RuleTester()
const via = (x: number, y: number, d = 0.2, attrs?: Parameters<typeof hole>[3]) => hole(x, y, d, attrs)
const inPadVia = (x: number, y: number, attrs?: Parameters<typeof hole>[3]) => hole(x, y, 0.2, { aperFunction: 'ViaDrill', ...attrs })
// a 0.5 mm NSMD land (0.6 mm opening): W is the land, radius 0.25 mm; SMDPad, so a via in it leaves it a surface pad
const land = { pads: [circle(0, 0, 0.5, { aperFunction: 'SMDPad' })], mask: [circle(0, 0, 0.6)] }
// a 4 × 4 via array at 1 mm pitch, the via at row 1, column 1 moved to (x, y)
const viaArray = (x: number, y: number) => grid(4, 4, 1, (gx, gy, r, c) => (r === 1 && c === 1 ? via(x, y) : via(gx, gy)))
// a 3 × 4 via array from (2, 3), 1 mm apart in x and 2 mm in y, the via at row 1, column 1 (3, 5) moved 0.1 mm in x;
// `drop` leaves out vias by their index (row-major)
const wideArray = (drop: number[] = []) =>
  grid(3, 4, 1, (gx, gy, r, c) => (r === 1 && c === 1 ? via(3.1, 5) : via(gx, 3 + (gy - 3) * 2)), 2, 3).filter((_, k) => !drop.includes(k))
// two lands 1 mm apart, U1-1 at (0, 0) and U1-2 at (1, 0), as `land`
const twoLands = {
  pads: [circle(0, 0, 0.5, { aperFunction: 'SMDPad', component: 'U1', pin: '1' }), circle(1, 0, 0.5, { aperFunction: 'SMDPad', component: 'U1', pin: '2' })],
  mask: [circle(0, 0, 0.6), circle(1, 0, 0.6)],
}
// 2 × 2 lands of `ref` at 1 mm pitch from (x0, 0), each with a via in its centre
const padsWithVias = (ref: string, x0: number, attrs?: Parameters<typeof hole>[3], d = 0.2) => ({
  pads: grid(2, 2, 1, (x, y, r, c) => circle(x, y, 0.5, { aperFunction: 'SMDPad', component: ref, pin: `${r * 2 + c + 1}` }), x0),
  mask: grid(2, 2, 1, (x, y) => circle(x, y, 0.6), x0),
  vias: grid(2, 2, 1, (x, y) => hole(x, y, d, { aperFunction: 'ViaDrill', ...attrs }), x0),
})
const joinBoards = (a: ReturnType<typeof padsWithVias>, b: ReturnType<typeof padsWithVias>): Board =>
  ({ pads: [...a.pads, ...b.pads], mask: [...a.mask, ...b.mask], vias: [...a.vias, ...b.vias] })
// a hole whose drill file gives no tool size (a Gerber-format drill file): its drawn circle only
const drawnHole = (x: number, y: number, d: number): FeatureSpec => ({ shape: circle(x, y, d).shape, kind: 'hole' })

tester.run('via-pitch', {
  valid: [
    { name: 'two vias at exactly minPitch 0.5 mm', near: 'tooClose', board: { vias: [via(0, 0), via(0.5, 0)] }, options: { minPitch: 0.5 } },
    {
      name: 'web 0.65 − (0.3 + 0.4)/2 = 0.3 mm, exactly minWeb', near: 'thinWeb',
      board: { vias: [via(0, 0, 0.3), via(0.65, 0, 0.4)] }, options: { minPitch: 0.5, minWeb: 0.3 },
    },
    {
      name: 'overlapping 1.3 mm hits at 0.762 mm are a drilled slot, not a web', near: 'thinWeb',
      board: { vias: [via(0, 0, 1.3), via(0.762, 0, 1.3)] }, options: { minPitch: 0.5, minWeb: 0.2 },
    },
    {
      name: 'via hole edge 0.5 − 0.1 − 0.25 = 0.15 mm from the land, limit 0.15', near: 'nearPad',
      board: { ...land, vias: [via(0.5, 0)] }, options: { minPadClearance: 0.15 },
    },
    {
      name: 'via in the land, the deck says vias in pads are filled and capped (VII)', near: 'viaInPad',
      board: { ...land, vias: [inPadVia(0, 0)] }, options: { minPadClearance: 0.1, viaInPadFill: 'VII' },
    },
    {
      name: 'via in the land, its drill file says IPC-4761 type VII', near: 'viaInPad',
      board: { ...land, vias: [inPadVia(0, 0, { ipc4761: 'VII' })] }, options: { minPadClearance: 0.1 },
    },
    {
      name: 'a buried in1-in2 via under the land does not reach the surface', near: 'viaInPad',
      board: { ...land, vias: [inPadVia(0, 0)], files: { vias: 'board-in1-in2.drl' } }, options: { minPadClearance: 0.1 },
    },
    {
      name: 'via 0.04 mm (4 % of the 1 mm pitch) off its array site', near: 'irregular',
      board: { vias: viaArray(1.04, 1) }, options: { maxPitchDeviation: 0.05 },
    },
    {
      name: 'a component hole (X2 ComponentDrill) 0.4 mm from a via is no via', near: 'tooClose',
      board: { vias: [via(0, 0), hole(0.4, 0, 0.2, { aperFunction: 'ComponentDrill' })] }, options: { minPitch: 0.5 },
    },
    {
      name: 'a routed slot in the drill file, centred 0.4 mm from a via, is no via', near: 'tooClose',
      board: { vias: [via(0, 0), { ...obround(0.4, 0, 0.6, 0.2), kind: 'slot' }] }, options: { minPitch: 0.5 },
    },
    {
      name: 'blind front-in1 microvias 0.3 mm apart: laser vias, not held to the drilled minPitch', near: 'tooClose',
      board: { vias: [via(0, 0, 0.1), via(0.3, 0, 0.1)], files: { vias: 'board-front-in1.drl' } }, options: { minPitch: 0.5, minWeb: 0.3 },
    },
    {
      name: 'blind in2-back microvias 0.3 mm apart', near: 'tooClose',
      board: { vias: [via(0, 0, 0.1), via(0.3, 0, 0.1)], files: { vias: 'board-in2-back.drl' } }, options: { minPitch: 0.5, minWeb: 0.3 },
    },
    {
      name: 'minWeb alone: web 0.65 − (0.3 + 0.4)/2 = 0.3 mm, exactly minWeb', near: 'thinWeb',
      board: { vias: [via(0, 0, 0.3), via(0.65, 0, 0.4)] }, options: { minWeb: 0.3 },
    },
    {
      name: 'no minPadClearance: vias in bump pads are not judged', near: 'viaInPad',
      board: { ...land, vias: [inPadVia(0, 0)] }, options: { minPitch: 0.5 },
    },
    {
      name: 'minPadClearance 0: a via 0.45 − 0.1 − 0.25 = 0.1 mm from the land is no finding', near: 'nearPad',
      board: { ...land, vias: [via(0.45, 0)] }, options: { minPadClearance: 0 },
    },
    {
      name: 'a land pad-wettable-area already failed (0.196 mm² below 0.5 mm²) is not judged again', near: 'viaInPad',
      board: { ...land, vias: [inPadVia(0, 0)] }, options: { minPadClearance: 0.1 }, rules: { 'pad-wettable-area': ['error', { minArea: 0.5 }] },
    },
    {
      name: 'a land the mask covers has no wettable area to keep a via out of', near: 'viaInPad',
      board: { pads: land.pads, mask: [circle(5, 5, 0.6)], vias: [inPadVia(0, 0)] }, options: { minPadClearance: 0.1 },
    },
    {
      name: 'no pads layer: the via-to-pad checks have no pad to judge', near: 'nearPad',
      board: { vias: [via(0, 0)] }, options: { minPadClearance: 0.1 },
    },
    {
      name: 'no maxPitchDeviation: a via 10 % off its array site is not judged', near: 'irregular',
      board: { vias: viaArray(1.1, 1) }, options: { minPitch: 0.5 },
    },
    {
      name: '10 of 3 × 4 sites (0.83) filled is below minArrayFill 0.9: vias that line up, no array', near: 'irregular',
      board: { vias: wideArray([10, 11]) }, options: { maxPitchDeviation: 0.05, minArrayFill: 0.9 },
    },
  ],
  invalid: [
    {
      name: 'two vias 0.4 mm apart under minPitch 0.5 mm: reported midway',
      board: { vias: [via(0, 0), via(0.4, 0)] }, options: { minPitch: 0.5 },
      errors: [{ messageId: 'tooClose', at: [0.2, 0], measured: 0.4, limit: 0.5 }],
    },
    {
      name: 'pitch 0.6 mm passes, web 0.6 − (0.3 + 0.4)/2 = 0.25 mm is below 0.3 mm',
      board: { vias: [via(0, 0, 0.3), via(0.6, 0, 0.4)] }, options: { minPitch: 0.5, minWeb: 0.3 },
      errors: [{ messageId: 'thinWeb', at: [0.3, 0], measured: 0.25, limit: 0.3, message: 'pitch 0.6 mm, drills 0.3 mm and 0.4 mm' }],
    },
    {
      name: 'via hole edge 0.45 − 0.1 − 0.25 = 0.1 mm from the land, limit 0.15',
      board: { ...land, vias: [via(0.45, 0)] }, options: { minPadClearance: 0.15 },
      errors: [{ messageId: 'nearPad', at: [0.45, 0], measured: 0.1, limit: 0.15 }],
    },
    {
      name: 'unfilled via in the centre of the land (deck default viaInPadFill none)',
      board: { ...land, vias: [inPadVia(0, 0)] }, options: { minPadClearance: 0.1 },
      errors: [{ messageId: 'viaInPad', at: [0, 0], measured: null, limit: null, message: 'deck viaInPadFill none' }],
    },
    {
      name: 'via touching the land: 0.35 − 0.1 − 0.25 = 0 mm',
      board: { ...land, vias: [inPadVia(0.35, 0)] }, options: { minPadClearance: 0.1 },
      errors: [{ messageId: 'viaInPad', at: [0.35, 0], measured: null, limit: null }],
    },
    {
      name: 'the drill file (IPC-4761 type Ia, tented) wins over a deck that says VII',
      board: { ...land, vias: [inPadVia(0, 0, { ipc4761: 'Ia' })] }, options: { minPadClearance: 0.1, viaInPadFill: 'VII' },
      errors: [{ messageId: 'viaInPad', at: [0, 0], measured: null, limit: null, message: 'IPC-4761 type Ia by its drill file' }],
    },
    {
      name: 'via 0.1 mm (10 % of the 1 mm pitch) off its array site',
      board: { vias: viaArray(1.1, 1) }, options: { maxPitchDeviation: 0.05 },
      errors: [{ messageId: 'irregular', at: [1.1, 1], measured: 0.1, limit: 0.05, message: 'pitch 1 mm' }],
    },
    {
      name: 'in a 1 × 2 mm array from (2, 3), 0.1 mm off is 10 % of the smaller pitch; 12 of 12 sites is exactly minArrayFill 1',
      board: { vias: wideArray() }, options: { maxPitchDeviation: 0.05, minArrayFill: 1 },
      errors: [{ messageId: 'irregular', at: [3.1, 5], measured: 0.1, limit: 0.05, message: 'Via stands 10 % of the pitch 1 mm off its array grid site (limit 5 %)' }],
    },
    {
      name: 'two vias 0.4 mm apart on a 3-4-5 diagonal from (1, 2): reported midway',
      board: { vias: [via(1, 2), via(1.24, 2.32)] }, options: { minPitch: 0.5 },
      errors: [{ messageId: 'tooClose', at: [1.12, 2.16], measured: 0.4, limit: 0.5, message: 'Via pitch 0.4 mm is below 0.5 mm' }],
    },
    {
      name: 'real files: the Excellon X2 type VII of U1-1\'s via is read, U1-2\'s via has none and is viaInPad',
      fixture: 'via-in-pad-x2', options: { minPadClearance: 0.1 },
      errors: [{ messageId: 'viaInPad', at: [3, 0], measured: null, limit: null, message: 'U1-2 is unfilled (no IPC-4761 type in the drill file; deck viaInPadFill none)' }],
    },
    {
      name: 'a Gerber-format drill file: vias are flashes, drilled their aperture size (fixture README)',
      fixture: 'gerber-drill', options: { minPitch: 0.5, minWeb: 0.3 },
      errors: [
        { messageId: 'tooClose', at: [0.2, 0], measured: 0.4, limit: 0.5 },
        { messageId: 'thinWeb', at: [2.3, 0], measured: 0.25, limit: 0.3, message: '(pitch 0.6 mm, drills 0.3 mm and 0.4 mm)' },
      ],
    },
    {
      name: 'minWeb alone: web 0.6 − (0.3 + 0.4)/2 = 0.25 mm is below 0.3 mm',
      board: { vias: [via(0, 0, 0.3), via(0.6, 0, 0.4)] }, options: { minWeb: 0.3 },
      errors: [{ messageId: 'thinWeb', at: [0.3, 0], measured: 0.25, limit: 0.3 }],
    },
    {
      name: 'touching 0.3 mm holes at 0.3 mm: a web of 0 mm',
      board: { vias: [via(0, 0, 0.3), via(0.3, 0, 0.3)] }, options: { minWeb: 0.1 },
      errors: [{ messageId: 'thinWeb', at: [0.15, 0], measured: 0, limit: 0.1, message: 'Drilled web between vias is 0 mm (pitch 0.3 mm, drills 0.3 mm and 0.3 mm), below 0.1 mm' }],
    },
    {
      name: 'a hole with no tool size is its drawn 0.3 mm circle: web 0.6 − (0.3 + 0.4)/2 = 0.25 mm',
      board: { vias: [drawnHole(0, 0, 0.3), via(0.6, 0, 0.4)] }, options: { minWeb: 0.3 },
      errors: [{ messageId: 'thinWeb', at: [0.3, 0], measured: 0.25, limit: 0.3, message: 'drills 0.3 mm and 0.4 mm' }],
    },
    {
      name: 'vias between two lands: 0.4 → 0.05 mm from U1-1 (0.25 from U1-2), 0.6 → 0.05 from U1-2, 0.5 → 0.15 from both (the first, U1-1)',
      board: { ...twoLands, vias: [via(0.4, 0), via(0.5, 0), via(0.6, 0)] }, options: { minPadClearance: 0.3 },
      errors: [
        { messageId: 'nearPad', at: [0.4, 0], measured: 0.05, limit: 0.3, message: 'Via hole is 0.05 mm from the wettable area of pad U1-1 (limit 0.3 mm)' },
        { messageId: 'nearPad', at: [0.5, 0], measured: 0.15, limit: 0.3, message: 'pad U1-1 ' },
        { messageId: 'nearPad', at: [0.6, 0], measured: 0.05, limit: 0.3, message: 'pad U1-2 ' },
      ],
    },
    {
      name: 'a via equally near two lands (0.15 mm) is charged to the one written first (U1 written from D4 back to A1); one nearer A1 (0.05 mm) than B1 (0.25) to A1',
      board: {
        pads: grid(4, 4, 1, (x, y, r, c) => circle(x, y, 0.5, { aperFunction: 'SMDPad', component: 'U1', pin: `${'ABCD'[r]}${c + 1}` })).reverse(),
        mask: grid(4, 4, 1, (x, y) => circle(x, y, 0.6)),
        vias: [via(0, 0.5), via(0.5, 0), via(2, 2.5), via(0, 0.4)],
      },
      options: { minPadClearance: 0.3 },
      errors: [
        { messageId: 'nearPad', at: [0, 0.4], measured: 0.05, limit: 0.3, message: 'pad U1-A1 ' },
        { messageId: 'nearPad', at: [0, 0.5], measured: 0.15, limit: 0.3, message: 'pad U1-B1 ' },
        { messageId: 'nearPad', at: [0.5, 0], measured: 0.15, limit: 0.3, message: 'pad U1-A2 ' },
        { messageId: 'nearPad', at: [2, 2.5], measured: 0.15, limit: 0.3, message: 'pad U1-D3 ' },
      ],
    },
    {
      name: 'a row whose spacing drifts 0.9 → 1.1 mm fits a 1 mm pitch from (2.9, 3): five vias 6-10 % off their sites',
      // vias at x = 2, 2.9, 3.84, 4.82, 5.84, 6.9, 8 (y 3); sites 2.9 + k: 2 is 0.1 from 1.9, 3.84 0.06 from 3.9,
      // 4.82 0.08 from 4.9, 5.84 0.06 from 5.9, 8 0.1 from 7.9; a single row has no y pitch, so y is the origin's
      board: { vias: [2, 2.9, 3.84, 4.82, 5.84, 6.9, 8].map((x) => via(x, 3)) }, options: { maxPitchDeviation: 0.05 },
      errors: [
        { messageId: 'irregular', at: [2, 3], measured: 0.1, limit: 0.05, message: 'pitch 1 mm' },
        { messageId: 'irregular', at: [3.84, 3], measured: 0.06, limit: 0.05 },
        { messageId: 'irregular', at: [4.82, 3], measured: 0.08, limit: 0.05 },
        { messageId: 'irregular', at: [5.84, 3], measured: 0.06, limit: 0.05 },
        { messageId: 'irregular', at: [8, 3], measured: 0.1, limit: 0.05 },
      ],
    },
    {
      name: 'a component hole written before the vias, 0.4 mm from one, is no via: one pair 0.4 mm apart',
      board: { vias: [hole(-0.4, 0, 0.2, { aperFunction: 'ComponentDrill' }), via(0, 0), via(0.4, 0)] }, options: { minPitch: 0.5 },
      errors: [{ messageId: 'tooClose', at: [0.2, 0], measured: 0.4, limit: 0.5 }],
    },
    {
      name: 'minPadClearance 0 still finds a via in the land',
      board: { ...land, vias: [inPadVia(0, 0)] }, options: { minPadClearance: 0 },
      errors: [{ messageId: 'viaInPad', at: [0, 0], measured: null, limit: null }],
    },
    {
      name: 'every land of U1 with a via: one finding at the first, for the array',
      board: padsWithVias('U1', 0), options: { minPadClearance: 0.1 },
      errors: [{
        messageId: 'viaInPad', at: [0, 0], measured: null, limit: null,
        message: 'Via (0.2 mm drill) in the wettable area of bump pad U1-1 (and 3 more of the 4 pads of U1 alike) is unfilled (no IPC-4761 type in the drill file; deck viaInPadFill none), not filled and capped',
      }],
    },
    {
      name: 'U1 and U2 with the same unfilled 0.2 mm via in every land: one finding for both arrays',
      board: joinBoards(padsWithVias('U1', 0), padsWithVias('U2', 5)), options: { minPadClearance: 0.1 },
      errors: [{ messageId: 'viaInPad', at: [0, 0], measured: null, limit: null, message: 'bump pad U1-1 (and 7 more pads in 2 arrays alike) is unfilled' }],
    },
    {
      name: 'U2 with 0.25 mm vias: a fab note of its own',
      board: joinBoards(padsWithVias('U1', 0), padsWithVias('U2', 5, undefined, 0.25)), options: { minPadClearance: 0.1 },
      errors: [
        { messageId: 'viaInPad', at: [0, 0], measured: null, limit: null, message: 'Via (0.2 mm drill) in the wettable area of bump pad U1-1 (and 3 more of the 4 pads of U1 alike)' },
        { messageId: 'viaInPad', at: [5, 0], measured: null, limit: null, message: 'Via (0.25 mm drill) in the wettable area of bump pad U2-1 (and 3 more of the 4 pads of U2 alike)' },
      ],
    },
    {
      name: 'U2 with tented vias (IPC-4761 type Ia by the drill file): a fab note of its own',
      board: joinBoards(padsWithVias('U1', 0), padsWithVias('U2', 5, { ipc4761: 'Ia' })), options: { minPadClearance: 0.1 },
      errors: [
        { messageId: 'viaInPad', at: [0, 0], measured: null, limit: null, message: 'bump pad U1-1 (and 3 more of the 4 pads of U1 alike) is unfilled' },
        { messageId: 'viaInPad', at: [5, 0], measured: null, limit: null, message: 'bump pad U2-1 (and 3 more of the 4 pads of U2 alike) is IPC-4761 type Ia by its drill file' },
      ],
    },
  ],
})

/** The rule's findings on `layers`, checked on both sides: side, messageId, site and the features named (file:line). */
function runOn(layers: Layer[], options: Record<string, unknown>) {
  const deck = loadDeck(caseDeck('via-pitch', { name: 'layers', options }), registry)
  return runRules(layers, deck, registry, { sides: ['top', 'bottom'] }).findings
    .filter((f) => f.rule === 'via-pitch')
    .map((f) => [f.side, f.messageId, f.at && [f.at.x, f.at.y], f.features.map((g) => `${g.file}:${g.line}`).join(' ')])
}
/** The board's layers with every layer on `side` (a drill file read from a folder is on both sides). */
const layersOn = (side: Layer['side'], board: Board): Layer[] => boardLayers(board).map((l) => ({ ...l, side }))

describe('via-pitch: one finding per pair, side and span', () => {
  it('judges the vias of a through-hole layer once, on top, though both sides see them', () => {
    // 0.4 mm apart (below 0.5 mm); the array's via at row 1, column 1 stands 10 % of the 1 mm pitch off (limit 5 %)
    const layers = layersOn('both', { vias: [via(10, 0), via(10.4, 0), ...viaArray(1.1, 1)] })
    expect(runOn(layers, { minPitch: 0.5, maxPitchDeviation: 0.05 })).toEqual([
      ['top', 'irregular', [1.1, 1], 'vias.drl:8'],
      ['top', 'tooClose', [10.2, 0], 'vias.drl:1 vias.drl:2'],
    ])
  })

  it('judges a layer the user mapped to the bottom on the bottom, beside a through-hole layer judged on top', () => {
    const through = layersOn('both', { vias: [via(0, 0), via(0.4, 0)] })
    const bottom = layersOn('bottom', { vias: [via(0, 5), via(0, 5.3)], files: { vias: 'bottom-vias.drl' } })
    // (in the engine's order: bottom before top)
    expect(runOn([...through, ...bottom], { minPitch: 0.5 })).toEqual([
      ['bottom', 'tooClose', [0, 5.15], 'bottom-vias.drl:1 bottom-vias.drl:2'],
      ['top', 'tooClose', [0.2, 0], 'vias.drl:1 vias.drl:2'],
    ])
  })

  it('does not pair a through via with a blind microvia 0.3 mm from it: they pass through different dielectrics', () => {
    const through = layersOn('both', { vias: [via(0, 0), via(1, 0)], files: { vias: 'board-PTH.drl' } })
    const blind = layersOn('both', { vias: [via(0.3, 0, 0.1)], files: { vias: 'board-front-in1.drl' } })
    expect(runOn([...through, ...blind], { minPitch: 0.5, minWeb: 0.2 })).toEqual([])
  })

  it('pairs a via in a crowd with its 16 nearest later vias only', async () => {
    // 20 vias 0.1 mm apart in a row, all within minPitch 2 mm of each other: 190 pairs, less the six farthest
    // (0-17, 0-18, 0-19, 1-18, 1-19, 2-19) that lie beyond a via's 16 nearest later ones: 184, the widest 16 × 0.1 mm
    const row = Array.from({ length: 20 }, (_, k) => via(k * 0.1, 0, 0.05))
    const { findings } = await runCase('via-pitch', { name: 'crowd', board: { vias: row }, options: { minPitch: 2 } })
    expect(findings.length).toBe(184)
    expect(Math.max(...findings.map((f) => f.measured!))).toBeCloseTo(1.6, 6)
  })

  it('names both vias of a pair, the via and the pad it is near, the via off its array', async () => {
    const features = async (board: Board, options: Record<string, unknown>) =>
      (await runCase('via-pitch', { name: 'features', board, options })).findings.map((f) => [f.messageId, f.features.map((g) => `${g.file}:${g.line}`).join(' ')])
    expect(await features({ vias: [via(0, 0), via(0.4, 0)] }, { minPitch: 0.5 })).toEqual([['tooClose', 'vias.drl:1 vias.drl:2']])
    expect(await features({ vias: [via(0, 0, 0.3), via(0.6, 0, 0.4)] }, { minWeb: 0.3 })).toEqual([['thinWeb', 'vias.drl:1 vias.drl:2']])
    expect(await features({ ...land, vias: [via(0.45, 0)] }, { minPadClearance: 0.15 })).toEqual([['nearPad', 'vias.drl:1 pads.gbr:1']])
    expect(await features({ ...land, vias: [inPadVia(0, 0)] }, { minPadClearance: 0.1 })).toEqual([['viaInPad', 'vias.drl:1']])
    // every via of both arrays, each array's by x then y: (0, 0) is line 1, (0, 1) line 3, (1, 0) line 2 …
    expect(await features(joinBoards(padsWithVias('U1', 0), padsWithVias('U2', 5)), { minPadClearance: 0.1 }))
      .toEqual([['viaInPad', [1, 3, 2, 4, 5, 7, 6, 8].map((n) => `vias.drl:${n}`).join(' ')]])
    expect(await features({ vias: viaArray(1.1, 1) }, { maxPitchDeviation: 0.05 })).toEqual([['irregular', 'vias.drl:6']])
  })
})

describe('reachesSide', () => {
  it('lets through vias reach both sides, blind pairs their own side, buried none', () => {
    expect(['top', 'bottom'].map((s) => reachesSide({ file: 'b-PTH.drl' }, s))).toEqual([true, true])
    expect(['top', 'bottom'].map((s) => reachesSide({ file: 'b-front-in1.drl' }, s))).toEqual([true, false])
    expect(['top', 'bottom'].map((s) => reachesSide({ file: 'b-in2-back.drl' }, s))).toEqual([false, true])
    expect(['top', 'bottom'].map((s) => reachesSide({ file: 'b-in1-in2.drl' }, s))).toEqual([false, false])
    expect(['top', 'bottom'].map((s) => reachesSide({ file: 'x.drl', fileFunction: ['Plated', '1', '2', 'Blind'] }, s))).toEqual([true, false])
    expect(['top', 'bottom'].map((s) => reachesSide({ file: 'x.drl', fileFunction: ['Plated', '2', '3', 'Buried'] }, s))).toEqual([false, false])
  })

  it('reads layer pairs past in9, in any case, from the file name alone', () => {
    expect(['top', 'bottom'].map((s) => reachesSide({ file: 'b-in10-back.drl' }, s))).toEqual([false, true])
    expect(['top', 'bottom'].map((s) => reachesSide({ file: 'b-in9-in10.drl' }, s))).toEqual([false, false])
    expect(['top', 'bottom'].map((s) => reachesSide({ file: 'B-FRONT-IN1.DRL' }, s))).toEqual([true, false])
    expect(['top', 'bottom'].map((s) => reachesSide({ file: 'B-IN2-BACK.XLN' }, s))).toEqual([false, true])
    // a folder named like a pair does not make the through-hole file in it one
    expect(['top', 'bottom'].map((s) => reachesSide({ file: 'old-front-in1.drl.d/board.drl' }, s))).toEqual([true, true])
    // X2 Plated,3,4,Blind: a blind via from layer 3 opens on the bottom
    expect(['top', 'bottom'].map((s) => reachesSide({ file: 'x.drl', fileFunction: ['Plated', '3', '4', 'Blind'] }, s))).toEqual([false, true])
  })
})

// via-pitch through the rule tester: every messageId with a hand-worked invalid case and its passing twin.
import { describe, expect, it } from 'vitest'
import { reachesSide } from '../../src/rules/via-pitch.ts'
import { circle, grid, hole, RuleTester } from '../rule-tester.ts'

const tester = new RuleTester()
const via = (x: number, y: number, d = 0.2, attrs?: Parameters<typeof hole>[3]) => hole(x, y, d, attrs)
const inPadVia = (x: number, y: number, attrs?: Parameters<typeof hole>[3]) => hole(x, y, 0.2, { aperFunction: 'ViaDrill', ...attrs })
// a 0.5 mm NSMD land (0.6 mm opening): W is the land, radius 0.25 mm; SMDPad, so a via in it leaves it a surface pad
const land = { pads: [circle(0, 0, 0.5, { aperFunction: 'SMDPad' })], mask: [circle(0, 0, 0.6)] }
// a 4 × 4 via array at 1 mm pitch, the via at row 1, column 1 moved to (x, y)
const viaArray = (x: number, y: number) => grid(4, 4, 1, (gx, gy, r, c) => (r === 1 && c === 1 ? via(x, y) : via(gx, gy)))

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
  ],
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
})

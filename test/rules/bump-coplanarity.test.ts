// bump-coplanarity through the rule tester, one model per case family, each number worked by hand.
import { circle, grid, RuleTester } from '../rule-tester.ts'

const tester = new RuleTester()

// ── plated-cap (process B), µm deck: 60 µm plugs at 100 µm, caps drawn 80 µm; tip = 15 µm projection + 10 µm cap = 25 µm,
// a plug with no cap stands 15 µm.
const plated = { model: 'plated-cap', etchDepth: 15, capThickness: 10 }
const plugs = (rows: number, columns: number) => grid(rows, columns, 0.1, (x, y) => circle(x, y, 0.06))
const capped = (rows: number, columns: number, cap: (r: number, c: number) => number | null) =>
  grid(rows, columns, 0.1, (x, y, r, c) => circle(x, y, cap(r, c) ?? 0)).filter((f) => f.shape.type !== 'circle' || f.shape.diameter > 0)
const film = (rows: number, columns: number, cap: (r: number, c: number) => number | null) =>
  ({ pads: plugs(rows, columns), mask: grid(rows, columns, 0.1, (x, y) => circle(x, y, 0.1)), deposit: capped(rows, columns, cap) })

// ── melt-cap (process A), mm deck: Ø0.4 mm pads (NSMD, Ø0.5 openings) at 1 mm, Ø0.4 mm prints on the 0.1 mm, 50 % foil:
// Vm = π·0.2²·0.1·0.5 = 0.002π = 0.0062832 mm³ per bump.
const melt = {
  pads: grid(2, 2, 1, (x, y) => circle(x, y, 0.4)), mask: grid(2, 2, 1, (x, y) => circle(x, y, 0.5)), deposit: grid(2, 2, 1, (x, y) => circle(x, y, 0.4)),
}

// ── ball-paste, mm deck: Ø0.5 mm lands at 1.0 mm pitch (JEDEC typical ball 0.6 mm): land/ball = 0.5/0.6 = 0.8333.
const lands = (attrs?: { component: string }) => ({
  pads: grid(2, 2, 1, (x, y, r, c) => circle(x, y, 0.5, attrs && { ...attrs, pin: `${'AB'[r]}${c + 1}` })),
  mask: grid(2, 2, 1, (x, y) => circle(x, y, 0.6)), deposit: grid(2, 2, 1, (x, y) => circle(x, y, 0.5)),
})
const ballPaste = { model: 'ball-paste' }

tester.run('bump-coplanarity', {
  valid: [
    {
      name: 'plated-cap: one cap shrunk from 80 to 60 µm changes nothing (tip 15 + 10 = 25 µm everywhere)', near: 'offPlane',
      units: 'um', process: plated, board: film(2, 2, (r, c) => (r === 0 && c === 0 ? 0.06 : 0.08)), options: { maxCoplanarity: 5, method: 'range' },
    },
    {
      name: 'plated-cap: a 3 × 3 array, a corner without cap 10 µm low, within a 10 µm limit', near: 'offPlane',
      units: 'um', process: plated, board: film(3, 3, (r, c) => (r === 0 && c === 0 ? null : 0.08)), options: { maxCoplanarity: 10, method: 'seating-plane' },
    },
    {
      name: 'plated-cap: tips of 25 µm meet minBumpHeight 25 µm', near: 'tooShort',
      units: 'um', process: plated, board: film(2, 2, () => 0.08), options: { maxCoplanarity: 5, minBumpHeight: 25 },
    },
    { name: 'melt-cap: 0.0062832 mm³ ≥ minVolume 0.006 mm³', near: 'littleMetal', board: melt, options: { maxCoplanarity: 0.05, minVolume: 0.006 } },
    { name: 'melt-cap: 0.0062832 mm³ ≤ maxVolume 0.0063 mm³', near: 'muchMetal', board: melt, options: { maxCoplanarity: 0.05, maxVolume: 0.0063 } },
    {
      name: 'ball-paste: land/ball 0.5/0.6 = 0.8333 within 0.8 … 0.85', near: ['landSmall', 'landLarge'],
      process: ballPaste, board: lands(), options: { maxCoplanarity: 0.05, minLandToBall: 0.8, maxLandToBall: 0.85 },
    },
    {
      name: 'ball-paste: U1 listed with a 0.5 mm ball, land/ball = 1.0 ≤ 1.0', near: 'landLarge',
      process: { ...ballPaste, ballDiameters: { 'U*': 0.5 } }, board: lands({ component: 'U1' }), options: { maxCoplanarity: 0.05, maxLandToBall: 1.0 },
    },
  ],
  invalid: [
    {
      name: 'plated-cap, range: the plug at (0, 0) has no cap, 15 µm against 25 µm: 10 µm below the tallest',
      units: 'um', process: plated, board: film(2, 2, (r, c) => (r === 0 && c === 0 ? null : 0.08)), options: { maxCoplanarity: 5, method: 'range' },
      errors: [{ messageId: 'offPlane', at: [0, 0], measured: 10, limit: 5, message: 'tallest bump' }],
    },
    {
      name: 'plated-cap, seating plane: a 3 × 3 array rests on eight 25 µm tips; the uncapped corner is 10 µm off the plane',
      units: 'um', process: plated, board: film(3, 3, (r, c) => (r === 0 && c === 0 ? null : 0.08)), options: { maxCoplanarity: 5, method: 'seating-plane' },
      errors: [{ messageId: 'offPlane', at: [0, 0], measured: 10, limit: 5, message: 'seating plane' }],
    },
    {
      name: 'plated-cap: every tip 25 µm, below minBumpHeight 30 µm: one finding for the array',
      units: 'um', process: plated, board: film(2, 2, () => 0.08), options: { maxCoplanarity: 5, minBumpHeight: 30 },
      errors: [{ messageId: 'tooShort', at: [0, 0], measured: 25, limit: 30, message: 'and 3 more of the 4 bumps' }],
    },
    {
      name: 'melt-cap: 0.002π = 0.0062832 mm³ of metal per bump, below minVolume 0.007 mm³',
      board: melt, options: { maxCoplanarity: 0.05, minVolume: 0.007 },
      errors: [{ messageId: 'littleMetal', at: [0, 0], measured: 0.006283, limit: 0.007, precision: 6, message: 'mm³' }],
    },
    {
      name: 'melt-cap: 0.0062832 mm³ above maxVolume 0.006 mm³',
      board: melt, options: { maxCoplanarity: 0.05, maxVolume: 0.006 },
      errors: [{ messageId: 'muchMetal', at: [0, 0], measured: 0.006283, limit: 0.006, precision: 6 }],
    },
    {
      name: 'ball-paste: Ø0.5 mm lands under the 0.6 mm JEDEC ball of a 1.0 mm pitch: 0.8333 < 0.9',
      process: ballPaste, board: lands(), options: { maxCoplanarity: 0.05, minLandToBall: 0.9 },
      errors: [{ messageId: 'landSmall', at: [0, 0], measured: 0.833333, limit: 0.9, message: 'JEDEC typical' }],
    },
    {
      name: 'ball-paste: 0.8333 > maxLandToBall 0.8',
      process: ballPaste, board: lands(), options: { maxCoplanarity: 0.05, maxLandToBall: 0.8 },
      errors: [{ messageId: 'landLarge', at: [0, 0], measured: 0.833333, limit: 0.8 }],
    },
    {
      name: 'ball-paste: U1 listed with a 0.45 mm ball (deck glob U*): land/ball = 0.5/0.45 = 1.1111 > 1.0',
      process: { ...ballPaste, ballDiameters: { 'U*': 0.45 } }, board: lands({ component: 'U1' }), options: { maxCoplanarity: 0.05, maxLandToBall: 1.0 },
      errors: [{ messageId: 'landLarge', at: [0, 0], measured: 1.111111, limit: 1.0, message: 'deck ballDiameters U*' }],
    },
  ],
})

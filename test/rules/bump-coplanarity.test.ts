// bump-coplanarity through the rule tester, one model per case family, each number worked by hand.
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors.ts'
import { circle, grid, rect, RuleTester, runCase, type FeatureSpec } from '../rule-tester.ts'

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
// Ø0.4 mm lands at 0.75 mm, between the JEDEC rows 0.65 → 0.35 and 0.8 → 0.45: ball 0.35 + 0.1 × 0.1/0.15 = 0.416667 mm, estimated
const lands075 = {
  pads: grid(2, 2, 0.75, (x, y) => circle(x, y, 0.4)), mask: grid(2, 2, 0.75, (x, y) => circle(x, y, 0.5)), deposit: grid(2, 2, 0.75, (x, y) => circle(x, y, 0.4)),
}

// ── melt-cap boards of Ø0.4 mm NSMD pads (Ø0.5 openings) at 1 mm with the deposit `print(x, y, r, c)` on each
const meltWith = (rows: number, columns: number, print: (x: number, y: number, r: number, c: number) => FeatureSpec) => ({
  pads: grid(rows, columns, 1, (x, y) => circle(x, y, 0.4)), mask: grid(rows, columns, 1, (x, y) => circle(x, y, 0.5)), deposit: grid(rows, columns, 1, print),
})
// 0.3 × 0.3 mm prints: Vm = 0.09 · 0.1 · 0.5 = 0.0045 mm³ exactly (no π); a 0.2 × 0.3 mm print: 0.003 mm³
const square = (x: number, y: number) => rect(x, y, 0.3, 0.3)
// a hemisphere: Ø0.3 mm pads and prints on a 0.2 mm, 50 % foil: Vm = π·0.15²·0.2·0.5 = 0.00225π = (2/3)π·0.15³, so h = a = 0.15 mm
const hemispheres = {
  pads: grid(2, 2, 1, (x, y) => circle(x, y, 0.3)), mask: grid(2, 2, 1, (x, y) => circle(x, y, 0.4)), deposit: grid(2, 2, 1, (x, y) => circle(x, y, 0.3)),
}
const hemisphereFoil = { depositThickness: 0.2 }
// A tilted array of mask wells, µm deck: 0.4 mm square pads under 0.2 × 0.25 mm openings (mask-defined, W = 50 000 µm²),
// maskThickness 500 µm. A 0.2 × L mm print holds Vm = 200 000·L µm² × 100 µm × 0.5 (L in mm), far less than the well's
// W × 500 µm = 2.5e7 µm³, so it lies flat in the well: tip = Vm / W = 200·L µm. Prints of L = h/200 give the tips
// h = 50 + 10·x + 5·y µm (x, y in mm), all on the plane a = 0.01, b = 0.005, but the centre one, 55 µm, 10 µm under it.
// Its distance to the plane: 10 / √(1 + 0.01² + 0.005²) = 10 / √1.000125 = 9.999375 µm.
const tipOf = (r: number, c: number) => (r === 1 && c === 1 ? 55 : 50 + 10 * c + 5 * r)
const tilted = {
  pads: grid(3, 3, 1, (x, y) => rect(x, y, 0.4, 0.4)), mask: grid(3, 3, 1, (x, y) => rect(x, y, 0.2, 0.25)),
  deposit: grid(3, 3, 1, (x, y, r, c) => rect(x, y, 0.2, tipOf(r, c) / 200)),
}
const wells = { units: 'um' as const, process: { depositThickness: 100 }, options: { maxCoplanarity: 5, method: 'seating-plane', maskThickness: 500 } }

// 4 × 4 melt-cap bumps (Ø0.4 mm pads, Ø0.4 mm prints: Vm = 0.002π = 0.0062832 mm³) with four left out:
// (0, 0) the mask covers (no wettable area); (3, 3) has no print (pad-deposit: missing, an error on the pad);
// a 0.95 × 0.2 mm print from x = 0.9 to 1.85 on (1, 1) reaches (2, 1)'s pad: pad-deposit finds (1, 1) with too much
// (its features: pad (1, 1), its print and that one), and (2, 1), whose own print is right, shares the print in error.
// Twelve bumps stay.
const leftOut = {
  pads: grid(4, 4, 1, (x, y) => circle(x, y, 0.4)),
  mask: [...grid(4, 4, 1, (x, y) => circle(x, y, 0.5)).slice(1), circle(9, 9, 0.1)],
  deposit: [...grid(4, 4, 1, (x, y) => circle(x, y, 0.4)).slice(0, 15), rect(1.375, 1, 0.95, 0.2)],
}
const padDeposit = { 'pad-deposit': ['error', { minDepositRatio: 0.5, maxDepositRatio: 1.5 }] }

tester.run('bump-coplanarity', {
  valid: [
    {
      name: 'plated-cap: one cap shrunk from 80 to 60 µm changes nothing (tip 15 + 10 = 25 µm everywhere)', near: 'offPlane',
      units: 'um', process: plated, board: film(2, 2, (r, c) => (r === 0 && c === 0 ? 0.06 : 0.08)), options: { maxCoplanarity: 5, method: 'range' },
    },
    {
      // every tip at one height lies on the seating plane: 0 off it, not a rounding above, even against a limit of 0
      name: 'melt-cap, seating plane: a 4 × 3 array of alike bumps stands 0 off its plane, within a limit of 0', near: 'offPlane',
      board: meltWith(4, 3, (x, y) => circle(x, y, 0.4)), options: { maxCoplanarity: 0, method: 'seating-plane' },
    },
    {
      name: 'plated-cap: a 3 × 3 array, a corner without cap 10 µm low, within a 10 µm limit', near: 'offPlane',
      units: 'um', process: plated, board: film(3, 3, (r, c) => (r === 0 && c === 0 ? null : 0.08)), options: { maxCoplanarity: 10, method: 'seating-plane' },
    },
    {
      name: 'plated-cap: tips of 25 µm meet minBumpHeight 25 µm', near: 'tooShort',
      units: 'um', process: plated, board: film(2, 2, () => 0.08), options: { maxCoplanarity: 5, minBumpHeight: 25 },
    },
    {
      name: 'plated-cap needs neither depositThickness nor metalVolumeFraction: tips of 15 + 10 = 25 µm meet minBumpHeight 25 µm', near: 'tooShort',
      units: 'um', process: { ...plated, depositThickness: undefined, metalVolumeFraction: undefined }, board: film(2, 2, () => 0.08), options: { maxCoplanarity: 5, minBumpHeight: 25 },
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
    {
      name: 'ball-paste: U1 listed with a 0.5 mm ball, land/ball = 1.0, not below minLandToBall 1.0', near: 'landSmall',
      process: { ...ballPaste, ballDiameters: { 'U*': 0.5 } }, board: lands({ component: 'U1' }), options: { maxCoplanarity: 0.05, minLandToBall: 1.0 },
    },
    {
      name: 'ball-paste: the deck glob "*" names components; a grid found without one takes the JEDEC 0.6 mm ball (0.8333 ≤ 1.0)', near: 'landLarge',
      process: { ...ballPaste, ballDiameters: { '*': 0.45 } }, board: lands(), options: { maxCoplanarity: 0.05, maxLandToBall: 1.0 },
    },
    {
      name: 'ball-paste: an estimated ball (0.75 mm pitch, off the JEDEC rows) does not judge the land: 0.4/0.416667 = 0.96 passes minLandToBall 0.99', near: 'landSmall',
      process: ballPaste, board: lands075, options: { maxCoplanarity: 0.05, minLandToBall: 0.99 },
    },
    {
      // h³ + 3(0.25² + 0.25²)h = 6V/π with V = π·0.6³/6 + π·0.25²·0.1·0.5 = 0.1229148 mm³: h = 0.42348 mm (test/physics/models.test.ts)
      name: 'ball-paste: a 0.6 mm ball on Ø0.5 mm lands with a Ø0.5 × 0.1 mm print stands 0.42348 mm ≥ minBumpHeight 0.42', near: 'tooShort',
      process: ballPaste, board: lands(), options: { maxCoplanarity: 0.05, minBumpHeight: 0.42 },
    },
    {
      name: 'melt-cap: 0.3 × 0.3 mm prints hold 0.0045 mm³ exactly, within minVolume = maxVolume = 0.0045 mm³', near: ['littleMetal', 'muchMetal'],
      board: meltWith(2, 2, square), options: { maxCoplanarity: 0.05, minVolume: 0.0045, maxVolume: 0.0045 },
    },
    {
      name: 'melt-cap: Ø0.3 mm hemispheres stand 0.15 mm ≥ minBumpHeight 0.149', near: 'tooShort',
      process: hemisphereFoil, board: hemispheres, options: { maxCoplanarity: 0.05, minBumpHeight: 0.149 },
    },
    {
      // with a well the 0.00225π mm³ would lie flat in π·0.15²·0.5 = 0.01125π mm³ of well: 0.1 mm, not 0.15
      name: 'melt-cap: an NSMD pad has no mask well: with maskThickness 0.5 mm the hemispheres still stand 0.15 mm ≥ 0.149', near: 'tooShort',
      process: hemisphereFoil, board: hemispheres, options: { maxCoplanarity: 0.05, minBumpHeight: 0.149, maskThickness: 0.5 },
    },
    {
      name: 'melt-cap, mask wells: the tilted array with its centre tip raised to the plane (65 µm) rests flat on it', near: 'offPlane',
      ...wells, board: { ...tilted, deposit: grid(3, 3, 1, (x, y, r, c) => rect(x, y, 0.2, (50 + 10 * c + 5 * r) / 200)) },
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
      errors: [{ messageId: 'tooShort', at: [0, 0], measured: 25, limit: 30, message: 'is predicted 25 um high, below 30 um (plated-cap) (and 3 more of the 4 bumps of grid@0.000,0.000 alike)' }],
    },
    {
      name: 'plated-cap, seating plane: a 1 × 4 row has no plane to rest on (collinear), so the uncapped end is judged against the tallest, 10 µm',
      units: 'um', process: plated, board: film(1, 4, (_r, c) => (c === 0 ? null : 0.08)), options: { maxCoplanarity: 5, method: 'seating-plane' },
      errors: [{ messageId: 'offPlane', at: [0, 0], measured: 10, limit: 5,
        message: 'Bump at pads.gbr:1 stands 10 um off the tallest bump of grid@0.000,0.000 (limit 5 um; predicted 15 um, shortest at pads.gbr:1 15 um, tallest at pads.gbr:2 25 um) (rule' }],
    },
    {
      name: 'melt-cap, mask wells, seating plane: the centre tip of the tilted array is 10 / √1.000125 = 9.999375 µm under the plane of the other eight',
      ...wells, board: tilted,
      errors: [{ messageId: 'offPlane', at: [1, 1], measured: 9.999375, limit: 5, precision: 5,
        message: 'Bump at pads.gbr:5 stands 9.999 um off the seating plane of grid@0.000,0.000 (limit 5 um; predicted 55 um, shortest at pads.gbr:1 50 um, tallest at pads.gbr:9 80 um; non-circular pad, height estimated on the equal-area circle)' }],
    },
    {
      name: 'melt-cap: Ø0.3 mm hemispheres stand 0.15 mm, below minBumpHeight 0.16',
      process: hemisphereFoil, board: hemispheres, options: { maxCoplanarity: 0.05, minBumpHeight: 0.16 },
      errors: [{ messageId: 'tooShort', at: [0, 0], measured: 0.15, limit: 0.16, message: 'is predicted 0.15 mm high, below 0.16 mm (melt-cap) (and 3 more of the 4 bumps of grid@0.000,0.000 alike)' }],
    },
    {
      name: 'ball-paste: a 0.6 mm ball on Ø0.5 mm lands stands 0.42348 mm, below minBumpHeight 0.43',
      process: ballPaste, board: lands(), options: { maxCoplanarity: 0.05, minBumpHeight: 0.43 },
      errors: [{ messageId: 'tooShort', at: [0, 0], measured: 0.42348, limit: 0.43, precision: 5,
        message: 'is predicted 0.4235 mm high, below 0.43 mm (ball-paste, 0.6 mm (JEDEC typical for 1 mm pitch) ball) (and 3 more of the 4 bumps of grid@0.000,0.000 alike)' }],
    },
    {
      // V = π·0.416667³/6 + π·0.2²·0.1·0.5 = 0.0378763 + 0.0062832 = 0.0441595 mm³; h³ + 3(0.2² + 0.2²)h = 6V/π = 0.0843400:
      // h = 0.2697: 0.0196171 + 0.0647280 = 0.0843451 (a hair over); h = 0.26968: 0.0196127 + 0.0647232 = 0.0843359 → h ≈ 0.269684 mm
      name: 'ball-paste: an estimated 0.416667 mm ball on Ø0.4 mm lands at 0.75 mm stands 0.26968 mm, below 0.3; the message says the ball is estimated',
      process: ballPaste, board: lands075, options: { maxCoplanarity: 0.05, minBumpHeight: 0.3 },
      errors: [{ messageId: 'tooShort', at: [0, 0], measured: 0.26968, limit: 0.3, precision: 5,
        message: 'is predicted 0.2697 mm high, below 0.3 mm (ball-paste, 0.4167 mm (estimated for 0.75 mm pitch) ball; ball size estimated) (and 3 more' }],
    },
    {
      // equal-area radius r = √(0.2025/π) = 0.253885 mm; V = 0.1130973 + 0.2025·0.1·0.5 = 0.1232223 mm³;
      // h³ + 6r²h = 6V/π: h³ + 0.386747h = 0.235337; h = 0.4187: 0.073401 + 0.161931 = 0.235332 → h ≈ 0.4187 mm
      name: 'ball-paste: 0.45 mm square lands (equal-area circle) under the 0.6 mm ball stand 0.4187 mm, below 0.42; the message says the pad is not round',
      process: ballPaste, options: { maxCoplanarity: 0.05, minBumpHeight: 0.42 },
      board: { pads: grid(2, 2, 1, (x, y) => rect(x, y, 0.45, 0.45)), mask: grid(2, 2, 1, (x, y) => rect(x, y, 0.6, 0.6)), deposit: grid(2, 2, 1, (x, y) => rect(x, y, 0.45, 0.45)) },
      errors: [{ messageId: 'tooShort', at: [0, 0], measured: 0.4187, limit: 0.42,
        message: 'ball; non-circular pad, height estimated on the equal-area circle) (and 3 more' }],
    },
    {
      name: 'melt-cap, µm deck: volumes in deck units³, 0.3 × 0.3 mm prints hold 90 000 µm² × 100 µm × 0.5 = 4 500 000 µm³ < 5 000 000',
      units: 'um', process: { depositThickness: 100 }, board: meltWith(2, 2, square), options: { maxCoplanarity: 50, minVolume: 5e6 },
      errors: [{ messageId: 'littleMetal', at: [0, 0], measured: 4_500_000, limit: 5_000_000, message: 'has 4500000 um³ of metal, below 5000000 um³ (melt-cap) (and 3 more' }],
    },
    {
      name: 'melt-cap: two bumps short of metal by different amounts (0.0045 and 0.003 mm³) are two findings, not one',
      board: meltWith(2, 2, (x, y, r, c) => (r === 0 && c === 0 ? square(x, y) : r === 1 && c === 1 ? rect(x, y, 0.2, 0.3) : circle(x, y, 0.4))),
      options: { maxCoplanarity: 0.1, minVolume: 0.005 },
      errors: [
        { messageId: 'littleMetal', at: [0, 0], measured: 0.0045, limit: 0.005, precision: 6, message: 'below 0.005 mm³ (melt-cap) (rule' },
        { messageId: 'littleMetal', at: [1, 1], measured: 0.003, limit: 0.005, precision: 6, message: 'below 0.005 mm³ (melt-cap) (rule' },
      ],
    },
    {
      name: 'melt-cap: two alike of four (half the array) are one finding, at the one of lower x: (0, 1) before (1, 0)',
      board: meltWith(2, 2, (x, y, r, c) => (r !== c ? square(x, y) : circle(x, y, 0.4))), options: { maxCoplanarity: 0.1, minVolume: 0.005 },
      errors: [{ messageId: 'littleMetal', at: [0, 1], measured: 0.0045, limit: 0.005, precision: 6, message: 'Bump at pads.gbr:3 of grid@0.000,0.000 has 0.0045 mm³ of metal, below 0.005 mm³ (melt-cap) (and 1 more of the 4 bumps of grid@0.000,0.000 alike)' }],
    },
    {
      // U1's pads written B2, B1, A2, A1: the finding goes to the site of lower x, then lower y, not to the first written
      name: 'melt-cap: two alike of four in one column are one finding, at the one of lower y: A1 at (0, 0) before B1 at (0, 1)',
      board: {
        ...meltWith(2, 2, (x, y, _r, c) => (c === 0 ? square(x, y) : circle(x, y, 0.4))),
        pads: grid(2, 2, 1, (x, y, r, c) => circle(x, y, 0.4, { component: 'U1', pin: `${'AB'[r]}${c + 1}` })).reverse(),
      },
      options: { maxCoplanarity: 0.1, minVolume: 0.005 },
      errors: [{ messageId: 'littleMetal', at: [0, 0], measured: 0.0045, limit: 0.005, precision: 6, message: 'Bump U1-A1 of U1 has 0.0045 mm³ of metal, below 0.005 mm³ (melt-cap) (and 1 more of the 4 bumps of U1 alike)' }],
    },
    {
      // no deck entry and no pitch (one pad): no ball size, so the joint is the paste alone, a truncated sphere between Ø0.5 mm
      // lands holding V = π·0.25²·0.1·0.5 = 0.0098175 mm³: h³ + 0.375h = 6V/π = 0.01875; h = 0.04967: 0.0001225 + 0.0186263 = 0.0187488
      name: 'ball-paste: a one-pad part (minArraySize 1) has no pitch to size its ball: the paste alone stands 0.04967 mm, and the message says so',
      process: ballPaste, options: { maxCoplanarity: 0.05, minArraySize: 1, minBumpHeight: 0.3 },
      board: { pads: [circle(0, 0, 0.5, { component: 'U1', pin: 'A1' })], mask: [circle(0, 0, 0.6)], deposit: [circle(0, 0, 0.5)] },
      errors: [{ messageId: 'tooShort', at: [0, 0], measured: 0.04967, limit: 0.3, precision: 5, message: 'Bump U1-A1 of U1 is predicted 0.04967 mm high, below 0.3 mm (ball-paste; ball size estimated) (rule' }],
    },
    {
      name: 'melt-cap: two alike of nine (less than half) are two findings',
      board: meltWith(3, 3, (x, y, r, c) => (r + c === 1 ? square(x, y) : circle(x, y, 0.4))), options: { maxCoplanarity: 0.1, minVolume: 0.005 },
      errors: [
        { messageId: 'littleMetal', at: [0, 1], measured: 0.0045, limit: 0.005, precision: 6, message: 'below 0.005 mm³ (melt-cap) (rule' },
        { messageId: 'littleMetal', at: [1, 0], measured: 0.0045, limit: 0.005, precision: 6, message: 'below 0.005 mm³ (melt-cap) (rule' },
      ],
    },
    {
      name: 'melt-cap: bumps whose pad is covered, or that an earlier rule finds in error (pad or print), are left out: 12 of 16 judged',
      board: leftOut, rules: padDeposit, options: { maxCoplanarity: 0.05, minVolume: 0.007 },
      errors: [{ messageId: 'littleMetal', at: [0, 1], measured: 0.006283, limit: 0.007, precision: 6, message: '(and 11 more of the 12 bumps of grid@0.000,0.000 alike)' }],
    },
    {
      name: 'melt-cap: 0.002π = 0.0062832 mm³ of metal per bump, below minVolume 0.007 mm³',
      board: melt, options: { maxCoplanarity: 0.05, minVolume: 0.007 },
      errors: [{ messageId: 'littleMetal', at: [0, 0], measured: 0.006283, limit: 0.007, precision: 6, message: 'mm³' }],
    },
    {
      name: 'melt-cap: 0.0062832 mm³ above maxVolume 0.006 mm³',
      board: melt, options: { maxCoplanarity: 0.05, maxVolume: 0.006 },
      errors: [{ messageId: 'muchMetal', at: [0, 0], measured: 0.006283, limit: 0.006, precision: 6, message: 'has 0.006283 mm³ of metal, above 0.006 mm³ (melt-cap) (and 3 more of the 4 bumps' }],
    },
    {
      name: 'ball-paste: Ø0.5 mm lands under the 0.6 mm JEDEC ball of a 1.0 mm pitch: 0.8333 < 0.9',
      process: ballPaste, board: lands(), options: { maxCoplanarity: 0.05, minLandToBall: 0.9 },
      errors: [{ messageId: 'landSmall', at: [0, 0], measured: 0.833333, limit: 0.9, message: 'is 0.8333 of its 0.6 mm (JEDEC typical for 1 mm pitch) ball, below 0.9 (land 0.5 mm) (and 3 more' }],
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

describe('bump-coplanarity outside the tester', () => {
  it('refuses a deck without the deposit a melt-cap or ball-paste bump is made of, naming the field (a deck error, exit 2)', async () => {
    const melted = runCase('bump-coplanarity', { name: 'no foil', process: { depositThickness: undefined }, board: melt, options: { maxCoplanarity: 0.05 } })
    await expect(melted).rejects.toThrow(ConfigError)
    await expect(melted).rejects.toMatchObject({ path: 'process.depositThickness', message: 'bump-coplanarity (melt-cap) needs process.depositThickness and process.metalVolumeFraction in the deck' })
    const balled = runCase('bump-coplanarity', { name: 'no fraction', process: { ...ballPaste, metalVolumeFraction: undefined }, board: lands(), options: { maxCoplanarity: 0.05 } })
    await expect(balled).rejects.toMatchObject({ name: 'ConfigError', path: 'process.metalVolumeFraction', message: 'bump-coplanarity (ball-paste) needs process.depositThickness and process.metalVolumeFraction in the deck' })
  })

  it('names the bump\'s pad and its print as the finding\'s features', async () => {
    // the tilted array's centre bump: pad and print are both the fifth feature of their files
    const { findings } = await runCase('bump-coplanarity', { name: 'features', ...wells, board: tilted })
    expect(findings.map((f) => f.features.map((s) => `${s.file}:${s.line}`))).toEqual([['pads.gbr:5', 'paste.gbr:5']])
  })
})

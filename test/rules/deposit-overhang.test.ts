// deposit-overhang through the rule tester: overhang, clearance and coverage worked by hand on circles.
import { describe, expect, it } from 'vitest'
import { circle, rect, RuleTester, runCase, type FeatureSpec } from '../rule-tester.ts'

const tester = new RuleTester()
const pin = (p: string) => ({ component: 'U1', pin: p })
// 0.4 mm NSMD pads U1-A1 and U1-A2 (W = the pad, r = 0.2 mm) at x = 0 and 0.8 mm
const two = (deposits: FeatureSpec[]) => ({ pads: [circle(0, 0, 0.4, pin('A1')), circle(0.8, 0, 0.4, pin('A2'))], mask: [circle(0, 0, 0.5), circle(0.8, 0, 0.5)], deposit: deposits })
const one = (deposits: FeatureSpec[]) => ({ pads: [circle(0, 0, 0.4, pin('A1'))], mask: [circle(0, 0, 0.5)], deposit: deposits })
// three 0.4 mm pads at x = 0, `middle` and 1.5 mm (or as given), pins in file order; only the middle one printed, 0.6 mm
const three = (xs: [number, number, number], printAt: number) => ({
  pads: xs.map((x, k) => circle(x, 0, 0.4, pin(`A${k + 1}`))), mask: xs.map((x) => circle(x, 0, 0.5)), deposit: [circle(printAt, 0, 0.6)],
})
// a 0.4 mm square pad (W = 0.16 mm²) in a 0.5 mm square opening; a 0.4 mm square print shifted right by dx covers (0.4 − dx) / 0.4
const square = (dx: number) => ({ pads: [rect(0, 0, 0.4, 0.4, pin('A1'))], mask: [rect(0, 0, 0.5, 0.5)], deposit: [rect(dx, 0, 0.4, 0.4)] })
// lens of two r = 0.2 circles d apart: 2r² acos(d/2r) − (d/2) √(4r² − d²)
//  d = 0.3:  0.08 acos(0.75)  − 0.15  √0.07   = 0.0578187 − 0.0396863 = 0.0181325 mm²; / π 0.04 = 0.144293
//  d = 0.25: 0.08 acos(0.625) − 0.125 √0.0975 = 0.0716532 − 0.0390312 = 0.0326219 mm²; / π 0.04 = 0.259597
// a 0.3 mm pad has W = π 0.15² = 0.0707 mm², a 0.4 mm pad 0.1257 mm²: pad-wettable-area with minArea 0.1 reports the first
const flagged = { 'pad-wettable-area': ['error', { minArea: 0.1 }] }

tester.run('deposit-overhang', {
  valid: [
    { name: 'a print off every pad, allowed by allowOrphans (fiducial prints)', near: 'orphan', board: one([circle(0, 0, 0.4), circle(3, 0, 0.3)]), options: { allowOrphans: true } },
    {
      // pad-wettable-area reports the covered pad (when on); a print on it is no stray ball
      name: 'a print on a bump pad the mask covers is no orphan', near: 'orphan',
      board: { ...two([circle(0, 0, 0.4), circle(0.8, 0, 0.4)]), mask: [circle(0, 0, 0.5)] },
    },
    { name: 'each pad printed on its own', near: 'bridge', board: two([circle(0, 0, 0.4), circle(0.8, 0, 0.4)]) },
    {
      // the print covers more of A2 than of the flagged A1: A1 is its second pad
      name: 'a print over two pads, one of them reported by pad-wettable-area, is left to that rule', near: 'bridge',
      board: { pads: [circle(0, 0, 0.3, pin('A1')), circle(0.8, 0, 0.4, pin('A2'))], mask: [circle(0, 0, 0.4), circle(0.8, 0, 0.5)], deposit: [rect(0.45, 0, 1, 0.2)] },
      rules: flagged,
    },
    { name: 'a 0.6 mm print on a 0.4 mm pad overhangs 0.3 − 0.2 = 0.1 mm, the limit', near: 'tooFar', board: one([circle(0, 0, 0.6)]), options: { maxOverhang: 0.1 } },
    {
      name: 'a 0.7 mm print overhanging 0.35 − 0.15 = 0.2 mm > 0.1 on a pad pad-wettable-area reports is left to that rule', near: 'tooFar',
      board: { pads: [circle(0, 0, 0.3, pin('A1'))], mask: [circle(0, 0, 0.4)], deposit: [circle(0, 0, 0.7)] }, options: { maxOverhang: 0.1 }, rules: flagged,
    },
    {
      name: 'a 0.6 mm print comes 0.8 − 0.3 − 0.2 = 0.3 mm from the next pad, limit 0.3', near: 'tooClose',
      board: two([circle(0, 0, 0.6), circle(0.8, 0, 0.4)]), options: { minClearance: 0.3 },
    },
    { name: 'a print 0.25 mm off centre covers 25.96 % ≥ 20 %', near: 'lowCoverage', board: one([circle(0.25, 0, 0.4)]), options: { minCoverage: 0.2 } },
    { name: 'a square print 0.2 mm off a square pad covers 0.2 × 0.4 / 0.16 = 50 %, the limit', near: 'lowCoverage', board: square(0.2), options: { minCoverage: 0.5 } },
  ],
  invalid: [
    {
      name: 'a print on no copper at all', board: one([circle(0, 0, 0.4), circle(3, 0.5, 0.3)]),
      errors: [{ messageId: 'orphan', at: [3, 0.5], measured: null, limit: null, message: 'Deposit has no copper pad under it' }],
    },
    {
      name: 'one 1 × 0.3 mm print over both pads: one bump over two pads',
      board: two([rect(0.4, 0, 1, 0.3)]),
      errors: [{ messageId: 'bridge', at: [0.4, 0], measured: 2, limit: 1, message: 'Deposit reaches 2 wettable pads (U1-A1, U1-A2): they would melt into one bump' }],
    },
    {
      name: 'a 0.7 mm print on a 0.4 mm pad overhangs 0.35 − 0.2 = 0.15 mm > 0.1',
      board: one([circle(0, 0, 0.7)]), options: { maxOverhang: 0.1 },
      errors: [{ messageId: 'tooFar', at: [0, 0], measured: 0.15, limit: 0.1, message: 'Deposit overhangs 0.15 mm past the wettable pad U1-A1 (limit 0.1 mm)' }],
    },
    {
      name: 'of two 0.7 mm prints overhanging, the one on a pad pad-wettable-area reports is left to it',
      board: { pads: [circle(0, 0, 0.3, pin('A1')), circle(0.8, 0, 0.4, pin('A2'))], mask: [circle(0, 0, 0.4), circle(0.8, 0, 0.5)], deposit: [circle(0, 0, 0.7), circle(0.8, 0, 0.7)] },
      options: { maxOverhang: 0.1 }, rules: flagged,
      errors: [{ messageId: 'tooFar', at: [0.8, 0], measured: 0.15, limit: 0.1, message: 'past the wettable pad U1-A2 ' }],
    },
    {
      name: 'two 0.6 mm prints each come 0.3 mm from the other pad, limit 0.35',
      board: two([circle(0, 0, 0.6), circle(0.8, 0, 0.6)]), options: { minClearance: 0.35 },
      errors: [
        { messageId: 'tooClose', at: [0, 0], measured: 0.3, limit: 0.35, message: 'Deposit on U1-A1 comes 0.3 mm from the wettable area of U1-A2 (limit 0.35 mm)' },
        { messageId: 'tooClose', at: [0.8, 0], measured: 0.3, limit: 0.35, message: 'Deposit on U1-A2 comes 0.3 mm from the wettable area of U1-A1 (limit 0.35 mm)' },
      ],
    },
    {
      name: 'a print near two pads names the nearer, on the right: 1.3 − (0.8 + 0.3) = 0.2 mm, against 0.8 − 0.3 − 0.2 = 0.3 mm to the left',
      board: three([0, 0.8, 1.5], 0.8), options: { minClearance: 0.35 },
      errors: [{ messageId: 'tooClose', at: [0.8, 0], measured: 0.2, limit: 0.35, message: 'from the wettable area of U1-A3 ' }],
    },
    {
      name: 'a print near two pads names the nearer, on the left: 0.7 − 0.3 − 0.2 = 0.2 mm, against 1.3 − (0.7 + 0.3) = 0.3 mm to the right',
      board: three([0, 0.7, 1.5], 0.7), options: { minClearance: 0.35 },
      errors: [{ messageId: 'tooClose', at: [0.7, 0], measured: 0.2, limit: 0.35, message: 'from the wettable area of U1-A1 ' }],
    },
    {
      // the nearer pad is the last in the file: a farther pad first in the file does not displace it
      name: 'a print near two pads written right to left names the nearer, on the left: 0.2 mm, against 0.3 mm to the right',
      board: three([1.5, 0.7, 0], 0.7), options: { minClearance: 0.35 },
      errors: [{ messageId: 'tooClose', at: [0.7, 0], measured: 0.2, limit: 0.35, message: 'from the wettable area of U1-A3 ' }],
    },
    {
      name: 'a print 0.3 mm from two pads names the first in the file (pads written left to right)',
      board: three([0, 0.8, 1.6], 0.8), options: { minClearance: 0.35 },
      errors: [{ messageId: 'tooClose', at: [0.8, 0], measured: 0.3, limit: 0.35, message: 'from the wettable area of U1-A1 ' }],
    },
    {
      name: 'a print 0.3 mm from two pads names the first in the file (pads written right to left)',
      board: three([1.6, 0.8, 0], 0.8), options: { minClearance: 0.35 },
      errors: [{ messageId: 'tooClose', at: [0.8, 0], measured: 0.3, limit: 0.35, message: 'from the wettable area of U1-A1 ' }],
    },
    {
      name: 'a print 0.3 mm off centre covers 14.43 % < 20 %',
      board: one([circle(0.3, 0, 0.4)]), options: { minCoverage: 0.2 },
      errors: [{ messageId: 'lowCoverage', at: [0, 0], measured: 0.144293, limit: 0.2, precision: 3, message: 'Deposit covers 14.4 % of the wettable area of U1-A1 (limit 20 %)' }],
    },
    {
      name: 'a square print 0.21 mm off a square pad covers 0.19 × 0.4 / 0.16 = 47.5 % < 50 %',
      board: square(0.21), options: { minCoverage: 0.5 },
      errors: [{ messageId: 'lowCoverage', at: [0, 0], measured: 0.475, limit: 0.5, message: 'Deposit covers 47.5 % of the wettable area of U1-A1 (limit 50 %)' }],
    },
  ],
})

describe('deposit-overhang findings', () => {
  const report = async (board: Parameters<typeof runCase>[1]['board'], options: Record<string, unknown> = {}) =>
    (await runCase('deposit-overhang', { name: 'features', board, options })).findings.map((f) => ({ id: f.messageId, unit: f.unit, features: f.features.map((s) => `${s.file}:${s.line}`) }))

  it('name the print alone for an orphan', async () => {
    expect(await report(one([circle(0, 0, 0.4), circle(3, 0.5, 0.3)]))).toEqual([{ id: 'orphan', unit: '', features: ['paste.gbr:2'] }])
  })

  it('name the print and both pads of a bridge', async () => {
    expect(await report(two([rect(0.4, 0, 1, 0.3)]))).toEqual([{ id: 'bridge', unit: '', features: ['paste.gbr:1', 'pads.gbr:1', 'pads.gbr:2'] }])
  })

  it('name the print and its pad for an overhang, in mm', async () => {
    expect(await report(one([circle(0, 0, 0.7)]), { maxOverhang: 0.1 })).toEqual([{ id: 'tooFar', unit: 'mm', features: ['paste.gbr:1', 'pads.gbr:1'] }])
  })

  it('name the print, its pad and the pad it comes near', async () => {
    expect(await report(two([circle(0.8, 0, 0.6)]), { minClearance: 0.35 })).toEqual([{ id: 'tooClose', unit: 'mm', features: ['paste.gbr:1', 'pads.gbr:2', 'pads.gbr:1'] }])
  })

  it('name the print and its pad for low coverage, as a fraction', async () => {
    expect(await report(square(0.21), { minCoverage: 0.5 })).toEqual([{ id: 'lowCoverage', unit: 'fraction', features: ['paste.gbr:1', 'pads.gbr:1'] }])
  })
})

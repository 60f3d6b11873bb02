// deposit-overhang through the rule tester: overhang, clearance and coverage worked by hand on circles.
import { circle, rect, RuleTester } from '../rule-tester.ts'

const tester = new RuleTester()
// 0.4 mm NSMD pads (W = the pad, r = 0.2 mm) at x = 0 and 0.8 mm
const two = (deposits: ReturnType<typeof circle>[]) => ({ pads: [circle(0, 0, 0.4), circle(0.8, 0, 0.4)], mask: [circle(0, 0, 0.5), circle(0.8, 0, 0.5)], deposit: deposits })
const one = (deposits: ReturnType<typeof circle>[]) => ({ pads: [circle(0, 0, 0.4)], mask: [circle(0, 0, 0.5)], deposit: deposits })
// lens of two r = 0.2 circles d apart: 2r² acos(d/2r) − (d/2) √(4r² − d²)
//  d = 0.3:  0.08 acos(0.75)  − 0.15  √0.07   = 0.0578187 − 0.0396863 = 0.0181325 mm²; / π 0.04 = 0.144293
//  d = 0.25: 0.08 acos(0.625) − 0.125 √0.0975 = 0.0716532 − 0.0390312 = 0.0326219 mm²; / π 0.04 = 0.259597

tester.run('deposit-overhang', {
  valid: [
    { name: 'a print off every pad, allowed by allowOrphans (fiducial prints)', near: 'orphan', board: one([circle(0, 0, 0.4), circle(3, 0, 0.3)]), options: { allowOrphans: true } },
    { name: 'each pad printed on its own', near: 'bridge', board: two([circle(0, 0, 0.4), circle(0.8, 0, 0.4)]) },
    { name: 'a 0.6 mm print on a 0.4 mm pad overhangs 0.3 − 0.2 = 0.1 mm, the limit', near: 'tooFar', board: one([circle(0, 0, 0.6)]), options: { maxOverhang: 0.1 } },
    {
      name: 'a 0.6 mm print comes 0.8 − 0.3 − 0.2 = 0.3 mm from the next pad, limit 0.3', near: 'tooClose',
      board: two([circle(0, 0, 0.6), circle(0.8, 0, 0.4)]), options: { minClearance: 0.3 },
    },
    { name: 'a print 0.25 mm off centre covers 25.96 % ≥ 20 %', near: 'lowCoverage', board: one([circle(0.25, 0, 0.4)]), options: { minCoverage: 0.2 } },
  ],
  invalid: [
    {
      name: 'a print on no copper at all', board: one([circle(0, 0, 0.4), circle(3, 0, 0.3)]),
      errors: [{ messageId: 'orphan', at: [3, 0], measured: null, limit: null }],
    },
    {
      name: 'one 1 × 0.3 mm print over both pads: one bump over two pads',
      board: two([rect(0.4, 0, 1, 0.3)]),
      errors: [{ messageId: 'bridge', at: [0.4, 0], measured: 2, limit: 1, message: '2 wettable pads' }],
    },
    {
      name: 'a 0.7 mm print on a 0.4 mm pad overhangs 0.35 − 0.2 = 0.15 mm > 0.1',
      board: one([circle(0, 0, 0.7)]), options: { maxOverhang: 0.1 },
      errors: [{ messageId: 'tooFar', at: [0, 0], measured: 0.15, limit: 0.1 }],
    },
    {
      name: 'a 0.6 mm print comes 0.3 mm from the next pad, limit 0.35',
      board: two([circle(0, 0, 0.6), circle(0.8, 0, 0.4)]), options: { minClearance: 0.35 },
      errors: [{ messageId: 'tooClose', at: [0, 0], measured: 0.3, limit: 0.35 }],
    },
    {
      name: 'a print 0.3 mm off centre covers 14.43 % < 20 %',
      board: one([circle(0.3, 0, 0.4)]), options: { minCoverage: 0.2 },
      errors: [{ messageId: 'lowCoverage', at: [0, 0], measured: 0.144293, limit: 0.2, precision: 3 }],
    },
  ],
})

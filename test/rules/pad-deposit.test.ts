// pad-deposit through the rule tester: deposit area over wettable area, (d_deposit / d_pad)² for circles.
import { circle, RuleTester } from '../rule-tester.ts'

const tester = new RuleTester()
const options = { minDepositRatio: 0.6, maxDepositRatio: 2.5 }
// 0.4 mm NSMD pads at x = 0 and 1 mm; W = the pad
const pads = { pads: [circle(0, 0, 0.4), circle(1, 0, 0.4)], mask: [circle(0, 0, 0.5), circle(1, 0, 0.5)] }
const printed = (d: number) => ({ ...pads, deposit: [circle(0, 0, d), circle(1, 0, 0.4)] })

tester.run('pad-deposit', {
  valid: [
    { name: 'both pads printed 1:1', near: 'missing', board: printed(0.4), options },
    { name: 'a 0.32 mm print on a 0.4 mm pad: (0.32/0.4)² = 0.64 ≥ 0.6', near: 'tooLittle', board: printed(0.32), options },
    { name: 'a 0.63 mm print on a 0.4 mm pad: (0.63/0.4)² = 2.4806 ≤ 2.5', near: 'tooMuch', board: printed(0.63), options },
  ],
  invalid: [
    {
      name: 'the pad at x = 0 has no print', board: { ...pads, deposit: [circle(1, 0, 0.4)] }, options,
      errors: [{ messageId: 'missing', at: [0, 0], measured: 0, limit: 0.6 }],
    },
    {
      name: 'a 0.26 mm print on a 0.4 mm pad: (0.26/0.4)² = 0.4225 < 0.6', board: printed(0.26), options,
      errors: [{ messageId: 'tooLittle', at: [0, 0], measured: 0.4225, limit: 0.6 }],
    },
    {
      name: 'a 0.7 mm print on a 0.4 mm pad: (0.7/0.4)² = 3.0625 > 2.5', board: printed(0.7), options,
      errors: [{ messageId: 'tooMuch', at: [0, 0], measured: 3.0625, limit: 2.5 }],
    },
  ],
})

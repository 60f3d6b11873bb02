// mask-web through the rule tester: dams between openings, NSMD margins and declared definitions, by hand.
import { describe, expect, it } from 'vitest'
import { nsmdClearance } from '../../src/rules/mask-web.ts'
import { circle, mm, rect, RuleTester } from '../rule-tester.ts'

const tester = new RuleTester()
// three 0.4 mm pads at 0.8 mm pitch with openings the pads' size (expansion left to the fab), the
// middle opening of diameter d: the dam to each neighbour is 0.8 − d/2 − 0.2
const row = (d: number) => ({
  pads: [circle(0, 0, 0.4), circle(0.8, 0, 0.4), circle(1.6, 0, 0.4)],
  mask: [circle(0, 0, 0.4), circle(0.8, 0, d), circle(1.6, 0, 0.4)],
})
const one = (opening: ReturnType<typeof circle>, attrs?: Record<string, unknown>) => ({ pads: [circle(0, 0, 0.4, attrs)], mask: [opening] })

tester.run('mask-web', {
  valid: [
    { name: 'middle opening 1.05 mm: dams 0.8 − 0.525 − 0.2 = 0.075 mm, the limit', near: 'web', board: row(1.05), options: { minWeb: 0.075 } },
    { name: 'a 0.5 mm opening on a 0.4 mm pad clears it by 0.05 mm', near: 'nsmdClearance', board: one(circle(0, 0, 0.5)), options: { minNsmdClearance: 0.05 } },
    { name: 'an opening the size of the pad leaves the expansion to the fab', near: 'nsmdClearance', board: one(circle(0, 0, 0.4)), options: { minNsmdClearance: 0.05 } },
    { name: 'declared SMDef, and a 0.3 mm opening on the 0.4 mm pad makes it mask-defined', near: 'definition', board: one(circle(0, 0, 0.3), { padDefinition: 'SMDef' }) },
    { name: 'declared CuDef, and a 0.5 mm opening makes it copper-defined', near: 'definition', board: one(circle(0, 0, 0.5), { padDefinition: 'CuDef' }) },
  ],
  invalid: [
    {
      name: 'middle opening 1.06 mm: dams of 0.8 − 0.53 − 0.2 = 0.07 mm on both sides, reported once at the grown opening',
      board: row(1.06), options: { minWeb: 0.075 },
      errors: [{ messageId: 'web', at: [0.8, 0], measured: 0.07, limit: 0.075, message: 'thinnest of 2 thin dams' }],
    },
    {
      name: 'a 0.46 mm opening on a 0.4 mm pad clears it by 0.03 mm',
      board: one(circle(0, 0, 0.46)), options: { minNsmdClearance: 0.05 },
      errors: [{ messageId: 'nsmdClearance', at: [0, 0], measured: 0.03, limit: 0.05 }],
    },
    {
      name: 'a 0.5 mm opening 0.03 mm off centre clears a 0.4 mm pad by 0.05 − 0.03 = 0.02 mm on its tight side',
      board: one(circle(0.03, 0, 0.5)), options: { minNsmdClearance: 0.05 },
      errors: [{ messageId: 'nsmdClearance', at: [0, 0], measured: 0.02, limit: 0.05 }],
    },
    {
      name: 'declared SMDef, but the 0.5 mm opening makes it copper-defined',
      board: one(circle(0, 0, 0.5), { padDefinition: 'SMDef' }),
      errors: [{ messageId: 'definition', at: [0, 0], measured: null, limit: null, message: 'declared mask-defined (SMDef) but the copper and mask make it copper-defined' }],
    },
    {
      name: 'declared CuDef, but the 0.3 mm opening makes it mask-defined',
      board: one(circle(0, 0, 0.3), { padDefinition: 'CuDef' }),
      errors: [{ messageId: 'definition', at: [0, 0], measured: null, limit: null, message: 'make it mask-defined' }],
    },
  ],
})

describe('nsmdClearance', () => {
  it('takes the tightest side of an upright rectangle in a rectangular opening', () => {
    const pad = { type: 'rect' as const, cx: 0, cy: 0, width: mm(0.4), height: mm(0.2), rotation: 0 }
    const opening = { type: 'rect' as const, cx: mm(0.01), cy: 0, width: mm(0.5), height: mm(0.4), rotation: 0 }
    expect(nsmdClearance(pad, opening) / 1e6).toBeCloseTo(0.04, 9) // left 0.06, right 0.04, top and bottom 0.1
  })
})

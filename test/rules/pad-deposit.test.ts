// pad-deposit through the rule tester: deposit area over wettable area, (d_deposit / d_pad)² for circles,
// h / 0.4 for a 0.4 mm wide print of height h on a 0.4 mm square pad.
import { describe, expect, it } from 'vitest'
import { circle, rect, RuleTester, runCase, type Board, type FeatureSpec } from '../rule-tester.ts'

const tester = new RuleTester()
const options = { minDepositRatio: 0.6, maxDepositRatio: 2.5 }
const pin = (p: string) => ({ component: 'U1', pin: p })
// 0.4 mm NSMD pads U1-A1 and U1-A2 at x = 0 and 1 mm; W = the pad
const pads = { pads: [circle(0, 0, 0.4, pin('A1')), circle(1, 0, 0.4, pin('A2'))], mask: [circle(0, 0, 0.5), circle(1, 0, 0.5)] }
const printed = (d: number) => ({ ...pads, deposit: [circle(0, 0, d), circle(1, 0, 0.4)] })
// the same with 0.4 mm square pads (W = 0.16 mm²) in 0.5 mm square openings, the pad at x = 0 printed 0.4 wide and h high
const squares = { pads: [rect(0, 0, 0.4, 0.4, pin('A1')), rect(1, 0, 0.4, 0.4, pin('A2'))], mask: [rect(0, 0, 0.5, 0.5), rect(1, 0, 0.5, 0.5)] }
const tall = (h: number) => ({ ...squares, deposit: [rect(0, 0, 0.4, h), rect(1, 0, 0.4, 0.4)] })
// a 0.3 mm pad has W = π 0.15² = 0.0707 mm², a 0.4 mm pad 0.1257 mm²: pad-wettable-area with minArea 0.1 reports the first
const flagged = { 'pad-wettable-area': ['error', { minArea: 0.1 }] }

tester.run('pad-deposit', {
  valid: [
    { name: 'both pads printed 1:1', near: 'missing', board: printed(0.4), options },
    { name: 'an unprinted bump pad the mask covers is left to pad-wettable-area', near: 'missing', board: { ...pads, mask: [circle(1, 0, 0.5)], deposit: [circle(1, 0, 0.4)] }, options },
    {
      name: 'an unprinted bump pad pad-wettable-area reports is left to it', near: 'missing', rules: flagged, options,
      board: { pads: [circle(0, 0, 0.3, pin('A1')), circle(1, 0, 0.4, pin('A2'))], mask: [circle(0, 0, 0.4), circle(1, 0, 0.5)], deposit: [circle(1, 0, 0.4)] },
    },
    { name: 'a 0.32 mm print on a 0.4 mm pad: (0.32/0.4)² = 0.64 ≥ 0.6', near: 'tooLittle', board: printed(0.32), options },
    { name: 'a 0.24 mm high print on a 0.4 mm square pad: 0.24 / 0.4 = 0.6, the limit', near: 'tooLittle', board: tall(0.24), options },
    { name: 'a 0.63 mm print on a 0.4 mm pad: (0.63/0.4)² = 2.4806 ≤ 2.5', near: 'tooMuch', board: printed(0.63), options },
    { name: 'a 1 mm high print on a 0.4 mm square pad: 1 / 0.4 = 2.5, the limit', near: 'tooMuch', board: tall(1), options },
    { name: 'a 0.7 mm print on a 0.4 mm pad with no maxDepositRatio', near: 'tooMuch', board: printed(0.7), options: { minDepositRatio: 0.6 } },
  ],
  invalid: [
    {
      name: 'the pad at x = 0 has no print', board: { ...pads, deposit: [circle(1, 0, 0.4)] }, options,
      errors: [{ messageId: 'missing', at: [0, 0], measured: 0, limit: 0.6, message: 'Bump pad U1-A1 has no deposit: no bump will form there' }],
    },
    {
      name: 'a 0.26 mm print on a 0.4 mm pad: (0.26/0.4)² = 0.4225 < 0.6', board: printed(0.26), options,
      errors: [{ messageId: 'tooLittle', at: [0, 0], measured: 0.4225, limit: 0.6 }],
    },
    {
      name: 'a 0.23 mm high print on a 0.4 mm square pad: 0.092 / 0.16 = 0.575 < 0.6', board: tall(0.23), options,
      errors: [{ messageId: 'tooLittle', at: [0, 0], measured: 0.575, limit: 0.6, message: 'Deposit on bump pad U1-A1 is 0.575 of its wettable area (limit 0.6; deposit 0.092 mm², wettable 0.16 mm²)' }],
    },
    {
      name: 'a 0.7 mm print on a 0.4 mm pad: (0.7/0.4)² = 3.0625 > 2.5', board: printed(0.7), options,
      errors: [{ messageId: 'tooMuch', at: [0, 0], measured: 3.0625, limit: 2.5 }],
    },
    {
      name: 'a 1.01 mm high print on a 0.4 mm square pad: 0.404 / 0.16 = 2.525 > 2.5', board: tall(1.01), options,
      errors: [{ messageId: 'tooMuch', at: [0, 0], measured: 2.525, limit: 2.5, message: 'Deposit on bump pad U1-A1 is 2.525 of its wettable area (limit 2.5; deposit 0.404 mm², wettable 0.16 mm²)' }],
    },
  ],
})

describe('pad-deposit findings', () => {
  const report = async (board: Board) =>
    (await runCase('pad-deposit', { name: 'features', board, options })).findings.map((f) => ({ id: f.messageId, unit: f.unit, features: f.features.map((s) => `${s.file}:${s.line}`) }))
  const withPrints = (deposit: FeatureSpec[]): Board => ({ ...squares, deposit })

  it('name the pad alone when it has no print', async () => {
    expect(await report(withPrints([rect(1, 0, 0.4, 0.4)]))).toEqual([{ id: 'missing', unit: '', features: ['pads.gbr:1'] }])
  })

  it('name the pad and its own print, not the next pad\'s', async () => {
    // A1 printed 0.4 × 0.2 (ratio 0.5), A2 fully
    expect(await report(withPrints([rect(0, 0, 0.4, 0.2), rect(1, 0, 0.4, 0.4)]))).toEqual([{ id: 'tooLittle', unit: '', features: ['pads.gbr:1', 'paste.gbr:1'] }])
  })

  it('name the pad and each of its prints', async () => {
    // A2 printed by two 0.4 × 0.1 strips (0.08 / 0.16 = 0.5), written after A1's full print
    const strips = [rect(0, 0, 0.4, 0.4), rect(1, 0.1, 0.4, 0.1), rect(1, -0.1, 0.4, 0.1)]
    expect(await report(withPrints(strips))).toEqual([{ id: 'tooLittle', unit: '', features: ['pads.gbr:2', 'paste.gbr:2', 'paste.gbr:3'] }])
  })
})

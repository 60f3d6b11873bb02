// pad-wettable-area through the rule tester: W = pad ∩ mask opening, areas worked by hand (π r²).
import { circle, rect, RuleTester } from '../rule-tester.ts'

const tester = new RuleTester()
const u1 = (pin: string) => ({ component: 'U1', pin, aperFunction: 'SMDPad' })
// four 0.4 mm NSMD pads of U1 in a row at 1 mm; the last one of diameter d
const array = (d: number) => ({
  pads: [circle(0, 0, 0.4, u1('A1')), circle(1, 0, 0.4, u1('A2')), circle(2, 0, 0.4, u1('A3')), circle(3, 0, d, u1('A4'))],
  mask: [circle(0, 0, 0.6), circle(1, 0, 0.6), circle(2, 0, 0.6), circle(3, 0, 0.6)],
})
// nine pads of U1 in a row at 1 mm, 0.4 mm but for the columns listed, which are 0.5 mm (all 0.6 mm openings)
const row = (large: readonly number[]) => ({
  pads: Array.from({ length: 9 }, (_, k) => circle(k, 0, large.includes(k) ? 0.5 : 0.4, u1(`A${k + 1}`))),
  mask: Array.from({ length: 9 }, (_, k) => circle(k, 0, 0.6)),
})

tester.run('pad-wettable-area', {
  valid: [
    { name: 'an opening over the pad: W = π · 0.2² = 0.1257 mm²', near: 'covered', board: { pads: [circle(0, 0, 0.4)], mask: [circle(0, 0, 0.5)] }, options: { minArea: 0.03 } },
    { name: 'a 0.2 mm opening: W = π · 0.1² = 0.0314 mm² ≥ 0.03', near: 'tooSmall', board: { pads: [circle(0, 0, 0.4)], mask: [circle(0, 0, 0.2)] }, options: { minArea: 0.03 } },
    { name: 'a 1 × 0.2 mm pad: 0.2 mm wide ≥ 0.18', near: 'tooNarrow', board: { pads: [rect(0, 0, 1, 0.2)], mask: [rect(0, 0, 1.2, 0.4)] }, options: { minWidth: 0.18 } },
    { name: 'a 1.1 mm pad: W = π · 0.55² = 0.9503 mm² ≤ 1', near: 'tooLarge', board: { pads: [circle(0, 0, 1.1)], mask: [circle(0, 0, 1.2)] }, options: { maxArea: 1 } },
    { name: 'a 0.44 mm pad among 0.4 mm: (0.44/0.4)² − 1 = 21 % ≤ 25 %', near: 'spread', board: array(0.44), options: { maxSpread: 0.25 } },
  ],
  invalid: [
    {
      name: 'no opening over the pad (the mask layer opens elsewhere)',
      board: { pads: [circle(0, 0, 0.4), circle(5, 0, 0.4)], mask: [circle(5, 0, 0.5)] }, options: { minArea: 0.03 },
      errors: [{ messageId: 'covered', at: [0, 0], measured: 0, limit: 0.03 }],
    },
    {
      name: 'a 0.1 mm opening on a 0.4 mm pad: W = π · 0.05² = 0.007854 mm² < 0.03',
      board: { pads: [circle(0, 0, 0.4)], mask: [circle(0, 0, 0.1)] }, options: { minArea: 0.03 },
      errors: [{ messageId: 'tooSmall', at: [0, 0], measured: 0.007854, limit: 0.03, precision: 6 }],
    },
    {
      name: 'a 1 × 0.15 mm pad: no spot 0.18 mm wide',
      board: { pads: [rect(0, 0, 1, 0.15)], mask: [rect(0, 0, 1.2, 0.35)] }, options: { minWidth: 0.18 },
      errors: [{ messageId: 'tooNarrow', at: [0, 0], measured: null, limit: 0.18 }],
    },
    {
      name: 'a 1.2 mm pad: W = π · 0.6² = 1.130973 mm² > 1',
      board: { pads: [circle(0, 0, 1.2)], mask: [circle(0, 0, 1.3)] }, options: { maxArea: 1 },
      errors: [{ messageId: 'tooLarge', at: [0, 0], measured: 1.130973, limit: 1, precision: 6 }],
    },
    {
      name: "a 0.5 mm pad among 0.4 mm: (0.5/0.4)² − 1 = 56.25 % off the array's median",
      board: array(0.5), options: { maxSpread: 0.25 },
      errors: [{ messageId: 'spread', at: [3, 0], measured: 0.5625, limit: 0.25, message: 'U1-A4' }],
    },
    {
      name: 'two 0.5 mm pads among seven of 0.4 mm, fewer than minArraySize 4: two strays, each at its own pad',
      board: row([2, 6]), options: { maxSpread: 0.25, minArraySize: 4 },
      errors: [
        { messageId: 'spread', at: [2, 0], measured: 0.5625, limit: 0.25, message: 'pad U1-A3 (' },
        { messageId: 'spread', at: [6, 0], measured: 0.5625, limit: 0.25, message: 'pad U1-A7 (' },
      ],
    },
    {
      name: 'four 0.5 mm pads among five of 0.4 mm, as many as minArraySize 4: one land size, one finding',
      board: row([1, 3, 5, 7]), options: { maxSpread: 0.25, minArraySize: 4 },
      errors: [{ messageId: 'spread', at: [1, 0], measured: 0.5625, limit: 0.25, message: 'U1-A2 (and 3 more pads of U1 with the same land)' }],
    },
  ],
})

// pad-wettable-area through the rule tester: W = pad ∩ mask opening, areas worked by hand (π r²).
import { expect, it } from 'vitest'
import { circle, grid, rect, RuleTester, runCase } from '../rule-tester.ts'

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
// nine 0.4 mm wide rectangular pads of U1 in a row at 1 mm, `tall(k)` mm tall (0.6 × 0.8 mm openings): W = 0.4 · tall exactly
const rects = (tall: (k: number) => number) => ({
  pads: Array.from({ length: 9 }, (_, k) => rect(k, 0, 0.4, tall(k), u1(`A${k + 1}`))),
  mask: Array.from({ length: 9 }, (_, k) => rect(k, 0, 0.6, 0.8)),
})
// four 0.4 mm pads of U1 in a row at 1 mm; the mask opens only over A4 (and somewhere else)
const mostlyCovered = {
  pads: grid(1, 4, 1, (x, y, _r, c) => circle(x, y, 0.4, u1(`A${c + 1}`))), mask: [circle(3, 0, 0.6), circle(9, 9, 0.1)],
}

tester.run('pad-wettable-area', {
  valid: [
    { name: 'an opening over the pad: W = π · 0.2² = 0.1257 mm²', near: 'covered', board: { pads: [circle(0, 0, 0.4)], mask: [circle(0, 0, 0.5)] }, options: { minArea: 0.03 } },
    { name: 'a 0.2 mm opening: W = π · 0.1² = 0.0314 mm² ≥ 0.03', near: 'tooSmall', board: { pads: [circle(0, 0, 0.4)], mask: [circle(0, 0, 0.2)] }, options: { minArea: 0.03 } },
    { name: 'a 0.2 × 0.15 mm pad: W = 0.03 mm² exactly, not below minArea 0.03', near: 'tooSmall', board: { pads: [rect(0, 0, 0.2, 0.15)], mask: [rect(0, 0, 0.4, 0.35)] }, options: { minArea: 0.03 } },
    { name: 'a 1 × 0.2 mm pad: 0.2 mm wide ≥ 0.18', near: 'tooNarrow', board: { pads: [rect(0, 0, 1, 0.2)], mask: [rect(0, 0, 1.2, 0.4)] }, options: { minWidth: 0.18 } },
    { name: 'a 1.1 mm pad: W = π · 0.55² = 0.9503 mm² ≤ 1', near: 'tooLarge', board: { pads: [circle(0, 0, 1.1)], mask: [circle(0, 0, 1.2)] }, options: { maxArea: 1 } },
    { name: 'a 1 × 1 mm pad: W = 1 mm² exactly, not above maxArea 1', near: 'tooLarge', board: { pads: [rect(0, 0, 1, 1)], mask: [rect(0, 0, 1.2, 1.2)] }, options: { maxArea: 1 } },
    { name: 'a 0.44 mm pad among 0.4 mm: (0.44/0.4)² − 1 = 21 % ≤ 25 %', near: 'spread', board: array(0.44), options: { maxSpread: 0.25 } },
    {
      name: 'a 0.4 × 0.5 mm pad among 0.4 × 0.4 mm: 0.2/0.16 − 1 = 25 % exactly, not above maxSpread 25 %', near: 'spread',
      board: rects((k) => (k === 1 ? 0.5 : 0.4)), options: { maxSpread: 0.25 },
    },
    { name: 'spread is not judged without maxSpread: two 0.5 mm pads among 0.4 mm pass minArea', near: 'spread', board: row([2, 6]), options: { minArea: 0.03 } },
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
      errors: [{ messageId: 'tooSmall', at: [0, 0], measured: 0.007854, limit: 0.03, precision: 6, message: 'Wettable area of pad at pads.gbr:1 is 0.007854 mm², below 0.03 mm²' }],
    },
    {
      name: 'a pad too small is reported once, as tooSmall, not again as spread: Ø0.2 mm among Ø0.4 mm, W = π · 0.1² = 0.03142 mm² < 0.04',
      board: { pads: grid(1, 4, 1, (x, y, _r, c) => circle(x, y, c === 3 ? 0.2 : 0.4, u1(`A${c + 1}`))), mask: grid(1, 4, 1, (x, y) => circle(x, y, 0.6)) },
      options: { minArea: 0.04, maxSpread: 0.25 },
      errors: [{ messageId: 'tooSmall', at: [3, 0], measured: 0.031416, limit: 0.04, precision: 6, message: 'pad U1-A4' }],
    },
    {
      // median of W = (0, 0, 0, 0.1257) is 0: no typical land to compare A4 with
      name: 'three of four pads covered: the array has no median land, so the open A4 is not a spread',
      board: mostlyCovered, options: { maxSpread: 0.25 },
      errors: [
        { messageId: 'covered', at: [0, 0], measured: 0, limit: null, message: 'pad U1-A1' },
        { messageId: 'covered', at: [1, 0], measured: 0, limit: null, message: 'pad U1-A2' },
        { messageId: 'covered', at: [2, 0], measured: 0, limit: null, message: 'pad U1-A3' },
      ],
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
        // W = π · 0.25² = 0.1963 mm² against π · 0.2² = 0.1257 mm²; 56.25 % shows to three digits
        { messageId: 'spread', at: [2, 0], measured: 0.5625, limit: 0.25, message: "pad U1-A3 (0.1963 mm²) differs by 56.3 % from its array's median 0.1257 mm² (limit 25 %)" },
        { messageId: 'spread', at: [6, 0], measured: 0.5625, limit: 0.25, message: "pad U1-A7 (0.1963 mm²) differs by 56.3 % from its array's median 0.1257 mm² (limit 25 %)" },
      ],
    },
    {
      name: 'four 0.5 mm pads among five of 0.4 mm, as many as minArraySize 4: one land size, one finding',
      board: row([1, 3, 5, 7]), options: { maxSpread: 0.25, minArraySize: 4 },
      errors: [{ messageId: 'spread', at: [1, 0], measured: 0.5625, limit: 0.25, message: 'U1-A2 (and 3 more pads of U1 with the same land)' }],
    },
    {
      // W = 0.4 · 0.5 = 0.2 mm² against 0.16 mm²: 25 % > 20 %; A8 is 0.500001 mm tall, 0.4 µm² more (a unit conversion's
      // rounding), which the land size, taken to the µm², does not tell apart
      name: 'four 0.4 × 0.5 mm pads, one of them 1 nm taller, are one land size: one finding',
      board: rects((k) => (k === 7 ? 0.500001 : [1, 3, 5].includes(k) ? 0.5 : 0.4)), options: { maxSpread: 0.2 },
      errors: [{ messageId: 'spread', at: [1, 0], measured: 0.25, limit: 0.2, message: 'U1-A2 (and 3 more pads of U1 with the same land) (0.2 mm²)' }],
    },
  ],
})

it('names every pad and opening of a one-land-size spread finding, in pad order', async () => {
  // row([1, 3, 5, 7]): the 0.5 mm pads A2, A4, A6, A8 are lines 2, 4, 6, 8 of pads.gbr, each under the opening on the same line of mask.gbr
  const { findings } = await runCase('pad-wettable-area', { name: 'features', board: row([1, 3, 5, 7]), options: { maxSpread: 0.25 } })
  expect(findings.map((f) => f.features.map((s) => `${s.file}:${s.line}`))).toEqual([
    ['pads.gbr:2', 'mask.gbr:2', 'pads.gbr:4', 'mask.gbr:4', 'pads.gbr:6', 'mask.gbr:6', 'pads.gbr:8', 'mask.gbr:8'],
  ])
})

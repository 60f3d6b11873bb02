// mask-web through the rule tester: dams between openings, NSMD margins and declared definitions, by hand.
import { describe, expect, it } from 'vitest'
import { nsmdClearance } from '../../src/rules/mask-web.ts'
import { circle, mm, rect, RuleTester, runCase } from '../rule-tester.ts'

const tester = new RuleTester()
// three 0.4 mm pads at 0.8 mm pitch with openings the pads' size (expansion left to the fab), the
// middle opening of diameter d at x: the dam to each neighbour is |x − 0 or 1.6| − d/2 − 0.2
const row = (d: number, x = 0.8) => ({
  pads: [circle(0, 0, 0.4), circle(0.8, 0, 0.4), circle(1.6, 0, 0.4)],
  mask: [circle(0, 0, 0.4), circle(x, 0, d), circle(1.6, 0, 0.4)],
})
const one = (opening: ReturnType<typeof circle>, attrs?: Record<string, unknown>) => ({ pads: [circle(0, 0, 0.4, attrs)], mask: [opening] })
// C, a 0.4 mm pad in its own 0.4 mm opening at x = 0, and A and B, 0.3 mm pads at 0.6 and 1.0 mm under
// one 0.8 × 0.4 mm gang opening from x = 0.4 to 1.2: the dam between C's opening and the gang is 0.4 − 0.2 = 0.2 mm
// A, a 0.4 mm pad in a 0.46 mm opening at the origin (NSMD margin 0.03 mm), B a 0.4 mm pad in its own
// opening at (0.45, 0.45): the dam between the openings is hypot(0.45, 0.45) − 0.23 − 0.2 = 0.2064 mm. A
// 0.06 mm clear dot at (0.19, 0.19) (mask drawn back, outside both openings) touches A's box, so A's site
// holds it: it is no opening of A's, and no dam to it
const dot = {
  pads: [circle(0, 0, 0.4), circle(0.45, 0.45, 0.4)],
  mask: [circle(0, 0, 0.46), circle(0.45, 0.45, 0.4), { ...circle(0.19, 0.19, 0.06), polarity: 'clear' as const }],
}
const gang = {
  pads: [circle(0, 0, 0.4), circle(0.6, 0, 0.3), circle(1, 0, 0.3)],
  mask: [circle(0, 0, 0.4), rect(0.8, 0, 0.8, 0.4)],
}

tester.run('mask-web', {
  valid: [
    { name: 'middle opening 1.05 mm: dams 0.8 − 0.525 − 0.2 = 0.075 mm, the limit', near: 'web', board: row(1.05), options: { minWeb: 0.075 } },
    {
      name: 'middle opening 1.0502 mm: dams 0.8 − 0.5251 − 0.2 = 0.0749 mm, within the outlines\' slack (0.1 µm) of 0.075 mm',
      near: 'web', board: row(1.0502), options: { minWeb: 0.075 },
    },
    {
      name: 'a clear feature 0.1 mm from both openings is mask put back, not an opening: no dam to it',
      near: 'web', board: { pads: [circle(0, 0, 0.4), circle(0.8, 0, 0.4)], mask: [circle(0, 0, 0.4), circle(0.8, 0, 0.4), { ...circle(0.4, 0, 0.2), polarity: 'clear' }] },
      options: { minWeb: 0.15 },
    },
    { name: 'a 0.5 mm opening on a 0.4 mm pad clears it by 0.05 mm', near: 'nsmdClearance', board: one(circle(0, 0, 0.5)), options: { minNsmdClearance: 0.05 } },
    {
      name: 'a 0.4998 mm opening clears a 0.4 mm pad by 0.0499 mm, within the outlines\' slack (0.1 µm) of 0.05 mm',
      near: 'nsmdClearance', board: one(circle(0, 0, 0.4998)), options: { minNsmdClearance: 0.05 },
    },
    { name: 'an opening the size of the pad leaves the expansion to the fab', near: 'nsmdClearance', board: one(circle(0, 0, 0.4)), options: { minNsmdClearance: 0.05 } },
    {
      name: 'a 0.4002 mm opening clears a 0.4 mm pad by 0.1 µm, within the slack of the pad\'s size: left to the fab',
      near: 'nsmdClearance', board: one(circle(0, 0, 0.4002)), options: { minNsmdClearance: 0.05 },
    },
    {
      name: 'a 0.4 × 0.2 mm pad whose corners (0.2236 mm out) poke past a 0.42 mm opening is partly covered, not NSMD: no margin judged',
      near: 'nsmdClearance', board: { pads: [rect(0, 0, 0.4, 0.2)], mask: [circle(0, 0, 0.42)] }, options: { minNsmdClearance: 0.05 },
    },
    {
      name: 'a pad under two openings (0.46 mm round and a 0.2 mm square over its edge): the 0.03 mm margin to one of them is no NSMD clearance',
      near: 'nsmdClearance', board: { pads: [circle(0, 0, 0.4)], mask: [circle(0, 0, 0.46), rect(0.25, 0, 0.2, 0.2)] }, options: { minNsmdClearance: 0.05 },
    },
    { name: 'declared SMDef, and a 0.3 mm opening on the 0.4 mm pad makes it mask-defined', near: 'definition', board: one(circle(0, 0, 0.3), { padDefinition: 'SMDef' }) },
    { name: 'declared CuDef, and a 0.5 mm opening makes it copper-defined', near: 'definition', board: one(circle(0, 0, 0.5), { padDefinition: 'CuDef' }) },
    {
      name: 'declared SMDef, but the mask covers the pad: left to pad-wettable-area', near: 'definition',
      board: { pads: [circle(0, 0, 0.4, { padDefinition: 'SMDef' })], mask: [circle(1, 0, 0.4)] },
    },
  ],
  invalid: [
    {
      name: 'middle opening 1.06 mm: dams of 0.8 − 0.53 − 0.2 = 0.07 mm on both sides, reported once at the grown opening, naming the first',
      board: row(1.06), options: { minWeb: 0.075 },
      errors: [{
        messageId: 'web', at: [0.8, 0], measured: 0.07, limit: 0.075,
        message: 'Solder-mask web between the opening of at pads.gbr:2 and at pads.gbr:1 (thinnest of 2 thin dams) is 0.07 mm, below 0.075 mm',
      }],
    },
    {
      name: 'middle opening 1.06 mm moved to x = 0.81: dams 0.81 − 0.73 = 0.08 and 0.79 − 0.73 = 0.06 mm, the thinner named',
      board: row(1.06, 0.81), options: { minWeb: 0.085 },
      // the site is the centre of the pad's wettable area: the pad itself, inside its opening
      errors: [{ messageId: 'web', at: [0.8, 0], measured: 0.06, limit: 0.085, message: 'between the opening of at pads.gbr:2 and at pads.gbr:3 (thinnest of 2 thin dams) is 0.06 mm' }],
    },
    {
      // pads written in the order x = 0, 1.6, 0.8, 2.4, 3.2, 4.0 (one array of six at 0.8 mm), the first four in
      // 0.75 mm openings (0.74 at 2.4): dams 0.8 − 0.75 = 0.05 mm from 0 to 0.8 and from 0.8 to 1.6, 0.055 from 1.6 to
      // 2.4. The pads at 1.6 and 0.8 each thin two dams: the one written first, at 1.6, takes both of its own
      name: 'of two pads with as many thin dams, the one written first is reported with both of its dams, the other with the one left',
      board: {
        pads: [0, 1.6, 0.8, 2.4, 3.2, 4].map((x) => circle(x, 0, 0.4)),
        mask: [circle(0, 0, 0.75), circle(1.6, 0, 0.75), circle(0.8, 0, 0.75), circle(2.4, 0, 0.74), circle(3.2, 0, 0.4), circle(4, 0, 0.4)],
      },
      options: { minWeb: 0.075 },
      errors: [
        { messageId: 'web', at: [1.6, 0], measured: 0.05, limit: 0.075, message: 'between the opening of at pads.gbr:2 and at pads.gbr:3 (thinnest of 2 thin dams) is 0.05 mm' },
        { messageId: 'web', at: [0.8, 0], measured: 0.05, limit: 0.075, message: 'between the opening of at pads.gbr:3 and at pads.gbr:1 is 0.05 mm' },
      ],
    },
    {
      name: 'a pad beside a gang opening over two pads: one dam of 0.2 mm, named after the first pad under the gang',
      board: gang, options: { minWeb: 0.25 },
      errors: [{ messageId: 'web', at: [0, 0], measured: 0.2, limit: 0.25, message: 'between the opening of at pads.gbr:1 and at pads.gbr:2 is 0.2 mm, below 0.25 mm: the dam' }],
    },
    {
      name: 'two pads, each with an opening over no pad beside its own: dams of 0.5 − 0.4 = 0.1 and 0.52 − 0.4 = 0.12 mm, each at its pad',
      board: { pads: [circle(0, 0, 0.4), circle(2, 0, 0.4)], mask: [circle(0, 0, 0.4), circle(0.5, 0, 0.4), circle(2, 0, 0.4), circle(2.52, 0, 0.4)] }, options: { minWeb: 0.15 },
      errors: [
        { messageId: 'web', at: [0, 0], measured: 0.1, limit: 0.15, message: 'between the opening of at pads.gbr:1 and the opening at mask.gbr:2 is 0.1 mm' },
        { messageId: 'web', at: [2, 0], measured: 0.12, limit: 0.15, message: 'between the opening of at pads.gbr:2 and the opening at mask.gbr:4 is 0.12 mm' },
      ],
    },
    {
      name: 'a clear dot by a pad\'s opening is not an opening: the NSMD margin of 0.03 mm is judged, and the one dam is between the two openings',
      board: dot, options: { minWeb: 0.25, minNsmdClearance: 0.05 },
      // A's wettable area is a polygon here (two mask features over it): its centre stands 25 nm off the pad's
      errors: [
        { messageId: 'nsmdClearance', at: [0.000025, 0], measured: 0.03, limit: 0.05 },
        { messageId: 'web', at: [0.000025, 0], measured: 0.2064, limit: 0.25, message: 'between the opening of at pads.gbr:1 and at pads.gbr:2 is 0.2064 mm' },
      ],
    },
    {
      // pad-wettable-area reports A (its 0.2 mm opening, 0.0314 mm², is below 0.05 mm²): mask-web leaves A
      // alone (no definition finding for its CuDef) and names its opening as a plain opening from B's side:
      // B's 1.16 mm opening at 0.8 reaches 0.22 mm, A's 0.1 mm: a dam of 0.12 mm
      name: 'a pad another rule already reports is not judged; the dam to its opening is reported from its neighbour',
      board: { pads: [circle(0, 0, 0.4, { padDefinition: 'CuDef' }), circle(0.8, 0, 0.4)], mask: [circle(0, 0, 0.2), circle(0.8, 0, 1.16)] },
      options: { minWeb: 0.15 }, rules: { 'pad-wettable-area': ['error', { minArea: 0.05 }] },
      errors: [{ messageId: 'web', at: [0.8, 0], measured: 0.12, limit: 0.15, message: 'between the opening of at pads.gbr:2 and the opening at mask.gbr:1 is 0.12 mm' }],
    },
    {
      name: 'a 0.46 mm opening on a 0.4 mm pad clears it by 0.03 mm',
      board: one(circle(0, 0, 0.46)), options: { minNsmdClearance: 0.05 },
      errors: [{
        messageId: 'nsmdClearance', at: [0, 0], measured: 0.03, limit: 0.05,
        message: 'Mask opening of copper-defined pad at pads.gbr:1 clears the copper by 0.03 mm, below 0.05 mm: registration puts the mask on the pad',
      }],
    },
    {
      name: 'a 0.5 mm opening 0.03 mm off centre clears a 0.4 mm pad at (1, 1) by 0.05 − 0.03 = 0.02 mm on its tight side',
      board: { pads: [circle(1, 1, 0.4)], mask: [circle(1.03, 1, 0.5)] }, options: { minNsmdClearance: 0.05 },
      errors: [{ messageId: 'nsmdClearance', at: [1, 1], measured: 0.02, limit: 0.05 }],
    },
    {
      name: 'declared SMDef, but the 0.5 mm opening makes it copper-defined',
      board: one(circle(0, 0, 0.5), { padDefinition: 'SMDef' }),
      errors: [{ messageId: 'definition', at: [0, 0], measured: null, limit: null, message: 'Pad at pads.gbr:1 is declared mask-defined (SMDef) but the copper and mask make it copper-defined' }],
    },
    {
      name: 'declared CuDef, but the 0.3 mm opening makes it mask-defined',
      board: one(circle(0, 0, 0.3), { padDefinition: 'CuDef' }),
      errors: [{ messageId: 'definition', at: [0, 0], measured: null, limit: null, message: 'make it mask-defined' }],
    },
  ],
})

describe('mask-web findings', () => {
  const features = async (board: Parameters<typeof runCase>[1]['board'], options: Record<string, unknown>) =>
    (await runCase('mask-web', { name: 'features', board, options })).findings.map((f) => [f.messageId, f.features.map((g) => `${g.file}:${g.line}`)])

  it('list the openings of a web finding once each, not the pads', async () => {
    expect(await features(row(1.06), { minWeb: 0.075 })).toEqual([['web', ['mask.gbr:1', 'mask.gbr:2', 'mask.gbr:3']]])
  })

  it('leave a clear feature out of a web finding', async () => {
    expect(await features(dot, { minWeb: 0.25 })).toEqual([['web', ['mask.gbr:1', 'mask.gbr:2']]])
  })

  it('list the opening of an NSMD or definition finding', async () => {
    expect(await features(one(circle(0, 0, 0.46)), { minNsmdClearance: 0.05 })).toEqual([['nsmdClearance', ['mask.gbr:1']]])
    expect(await features(one(circle(0, 0, 0.3), { padDefinition: 'CuDef' }), {})).toEqual([['definition', ['mask.gbr:1']]])
  })
})

describe('nsmdClearance', () => {
  // exact where the shapes allow (circle in circle, any pad in an upright rectangle), else from the
  // outlines, whose chords stand within 50 nm of each curve
  it('takes the tightest side of an upright rectangle in a rectangular opening, anywhere on the board', () => {
    const pad = { type: 'rect' as const, cx: mm(-1), cy: mm(-1), width: mm(0.4), height: mm(0.2), rotation: 0 }
    const opening = { type: 'rect' as const, cx: mm(-0.99), cy: mm(-1), width: mm(0.5), height: mm(0.4), rotation: 0 }
    expect(nsmdClearance(pad, opening)).toBe(mm(0.04)) // left 0.06, right 0.04, top and bottom 0.1
  })

  it('is exact for a circle in an opening turned 90°', () => {
    // a 0.5 × 0.6 opening turned 90° spans 0.6 in x, 0.5 in y, centred at (−0.98, −1): margins to the
    // 0.4 mm pad at (−1, −1): left 0.08, right 0.12, bottom and top 0.05
    const pad = { type: 'circle' as const, cx: mm(-1), cy: mm(-1), diameter: mm(0.4) }
    const opening = { type: 'rect' as const, cx: mm(-0.98), cy: mm(-1), width: mm(0.5), height: mm(0.6), rotation: 90 }
    expect(nsmdClearance(pad, opening)).toBe(mm(0.05))
  })

  it('is exact for a circle in a circle', () => {
    const pad = { type: 'circle' as const, cx: mm(1), cy: mm(1), diameter: mm(0.4) }
    expect(nsmdClearance(pad, { type: 'circle', cx: mm(1.03), cy: mm(1), diameter: mm(0.5) })).toBe(mm(0.02)) // 0.25 − 0.2 − 0.03
  })

  it('measures a rectangle in a round opening from the outlines', () => {
    // corners at hypot(0.2, 0.1) = 0.223607 from the centre of a 0.6 mm opening: 0.3 − 0.223607 = 0.076393 mm
    const pad = { type: 'rect' as const, cx: mm(-1), cy: mm(-1), width: mm(0.4), height: mm(0.2), rotation: 0 }
    const got = nsmdClearance(pad, { type: 'circle', cx: mm(-1), cy: mm(-1), diameter: mm(0.6) })
    expect(Math.abs(got - 76_393)).toBeLessThan(100)
  })

  it('measures a circle toward the round end of an obround opening from the outlines', () => {
    // a 0.8 × 0.5 obround's right end is round about (0.15, 0), radius 0.25; a 0.2 mm pad at (0.25, 0.1) stands
    // 0.25 − hypot(0.1, 0.1) − 0.1 = 0.008579 mm inside it (its box would say 0.05)
    const pad = { type: 'circle' as const, cx: mm(0.25), cy: mm(0.1), diameter: mm(0.2) }
    const got = nsmdClearance(pad, { type: 'obround', cx: 0, cy: 0, width: mm(0.8), height: mm(0.5), rotation: 0 })
    expect(Math.abs(got - 8_579)).toBeLessThan(100)
  })

  it('measures a circle in an opening turned 45° from the outlines', () => {
    // a 0.6 mm square turned 45° still holds a 0.3 mm radius circle: 0.3 − 0.2 = 0.1 mm (its box would say 0.224)
    const pad = { type: 'circle' as const, cx: 0, cy: 0, diameter: mm(0.4) }
    const got = nsmdClearance(pad, { type: 'rect', cx: 0, cy: 0, width: mm(0.6), height: mm(0.6), rotation: 45 })
    expect(Math.abs(got - mm(0.1))).toBeLessThan(100)
  })
})

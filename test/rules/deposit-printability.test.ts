// deposit-printability through the rule tester: IPC-7525 area ratio A / (P·t) and aspect ratio W / t,
// worked by hand (circle Ø d: d / 4t; rectangle L × W: L·W / (2 (L + W) t)).
import { describe, expect, it } from 'vitest'
import { perimeter, smallestWidth } from '../../src/rules/deposit-printability.ts'
import { circle, mm, rect, region, RuleTester } from '../rule-tester.ts'

const tester = new RuleTester() // 0.1 mm foil (process.depositThickness), no stencilThickness
// a 0.5 mm NSMD land (0.6 mm opening) printed through a round aperture of diameter d
const land = (d: number) => ({ pads: [circle(0, 0, 0.5)], mask: [circle(0, 0, 0.6)], deposit: [circle(0, 0, d)] })
// a 5.2 × 0.34 mm land printed through a 5 × w mm slot
const slot = (w: number) => ({ pads: [rect(0, 0, 5.2, 0.34)], mask: [rect(0, 0, 5.4, 0.5)], deposit: [rect(0, 0, 5, w)] })
const u1 = (pin: string) => ({ component: 'U1', pin, aperFunction: 'SMDPad' })

tester.run('deposit-printability', {
  valid: [
    { name: 'Ø0.27 mm on 0.1 mm foil: AR = 0.27 / 0.4 = 0.675 ≥ 0.66', near: 'areaRatio', board: land(0.27) },
    { name: 'Ø0.26 mm on a 0.08 mm stencilThickness (over depositThickness): AR = 0.26 / 0.32 = 0.8125', near: 'areaRatio', board: land(0.26), process: { stencilThickness: 0.08 } },
    {
      name: 'Ø0.2 mm paste on a test pad, not a bump pad: out of scope', near: 'areaRatio',
      board: { pads: [circle(0, 0, 0.5), circle(3, 0, 0.3, { aperFunction: 'TestPad' })], mask: [circle(0, 0, 0.6), circle(3, 0, 0.4)], deposit: [circle(0, 0, 0.5), circle(3, 0, 0.2)] },
    },
    {
      name: 'with stepStencil, three U1 apertures alike at AR 0.5 are the foil choice for U1 (a step-down), not reported', near: 'areaRatio',
      board: {
        pads: [0, 1, 2, 3].map((i) => circle(i, 0, 0.5, u1(`A${i + 1}`))), mask: [0, 1, 2, 3].map((i) => circle(i, 0, 0.6)),
        deposit: [circle(0, 0, 0.2), circle(1, 0, 0.2), circle(2, 0, 0.2), circle(3, 0, 0.5)],
      },
      options: { stepStencil: true },
    },
    {
      name: 'with stepStencil, the clean twin of the real board has no finding', near: 'areaRatio',
      fixture: 'fixtures/kicad-bga-dev/gerber-clean', preset: 'pcb-bga', options: { stepStencil: true },
    },
    { name: '5 × 0.15 mm slot: W / t = 1.5; AR = 0.75 / (2 · 5.15 · 0.1) = 0.728', near: 'aspectRatio', board: slot(0.15) },
  ],
  invalid: [
    {
      name: 'the seeded U4-D23 aperture: Ø0.26 mm on 0.1 mm foil, AR = 0.26 / 0.4 = 0.65 < 0.66',
      board: land(0.26),
      errors: [{ messageId: 'areaRatio', at: [0, 0], measured: 0.65, limit: 0.66, message: 'area 0.05309 mm² over wall 0.8168 mm × 0.1 mm foil' }],
    },
    {
      name: 'Ø0.3 mm on a 0.12 mm stencilThickness: AR = 0.3 / 0.48 = 0.625',
      board: land(0.3), process: { stencilThickness: 0.12 },
      errors: [{ messageId: 'areaRatio', at: [0, 0], measured: 0.625, limit: 0.66 }],
    },
    {
      name: '5 × 0.14 mm slot: AR = 0.7 / (2 · 5.14 · 0.1) = 0.681 passes, W / t = 1.4 < 1.5',
      board: slot(0.14),
      errors: [{ messageId: 'aspectRatio', at: [0, 0], measured: 1.4, limit: 1.5, message: '0.14 mm wide on a 0.1 mm foil' }],
    },
    {
      name: 'three U1 apertures of Ø0.2 mm (AR 0.5) are one stencil decision; the odd Ø0.26 mm one (AR 0.65) is its own',
      board: {
        pads: [0, 1, 2, 3].map((i) => circle(i, 0, 0.5, u1(`A${i + 1}`))),
        mask: [0, 1, 2, 3].map((i) => circle(i, 0, 0.6)),
        deposit: [circle(0, 0, 0.2), circle(1, 0, 0.2), circle(2, 0, 0.2), circle(3, 0, 0.26)],
      },
      errors: [
        { messageId: 'areaRatio', at: [0, 0], measured: 0.5, limit: 0.66, message: 'U1-A1 (and 2 more of the 4 pads of U1 alike)' },
        { messageId: 'areaRatio', at: [3, 0], measured: 0.65, limit: 0.66, message: 'U1-A4 has' },
      ],
    },
    {
      name: 'the seeded aperture on the real board (kicad-bga-dev, pcb-bga preset): U4-D23, D24, Y7 at 0.65, and U3 (BGA-100, 0.5 mm pitch, Ø0.25 mm 1:1 on 0.1 mm foil: 0.625) as one',
      fixture: 'fixtures/kicad-bga-dev/gerber', preset: 'pcb-bga', options: { minAreaRatio: 0.66, minAspectRatio: 1.5, stepStencil: false },
      errors: [
        { messageId: 'areaRatio', at: [97.5, -32.5], measured: 0.625, limit: 0.66, message: 'U3-L1 (and 99 more of the 100 pads of U3 alike)' },
        { messageId: 'areaRatio', at: [138.5, -36.5], measured: 0.65, limit: 0.66, message: 'U4-Y7' },
        { messageId: 'areaRatio', at: [154.5, -20.5], measured: 0.65, limit: 0.66, message: 'U4-D23' },
        { messageId: 'areaRatio', at: [155.5, -20.5], measured: 0.65, limit: 0.66, message: 'U4-D24' },
      ],
    },
    {
      name: 'with stepStencil, the real board keeps the shrunk U4 apertures (3 of 676) and leaves U3 to its foil',
      fixture: 'fixtures/kicad-bga-dev/gerber', preset: 'pcb-bga', options: { stepStencil: true },
      errors: [
        { messageId: 'areaRatio', at: [138.5, -36.5], measured: 0.65, limit: 0.66, message: 'U4-Y7' },
        { messageId: 'areaRatio', at: [154.5, -20.5], measured: 0.65, limit: 0.66, message: 'U4-D23' },
        { messageId: 'areaRatio', at: [155.5, -20.5], measured: 0.65, limit: 0.66, message: 'U4-D24' },
      ],
    },
  ],
})

describe('aperture geometry', () => {
  it('measures wall length and smallest width: obround 0.6 × 0.2 → 2 · 0.4 + π · 0.2; a 0.3 × 0.1 region → 0.8 and 0.1', () => {
    expect(perimeter({ type: 'obround', cx: 0, cy: 0, width: mm(0.6), height: mm(0.2), rotation: 0 }) / 1e6).toBeCloseTo(0.8 + Math.PI * 0.2, 9)
    const r = region([[0, 0], [0.3, 0], [0.3, 0.1], [0, 0.1]]).shape
    expect(perimeter(r) / 1e6).toBeCloseTo(0.8, 9)
    expect(smallestWidth(r) / 1e6).toBeCloseTo(0.1, 9)
    // the same rectangle turned 30°: the caliper width is still 0.1 mm
    const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6)
    const turned = region([[0, 0], [0.3, 0], [0.3, 0.1], [0, 0.1]].map(([x, y]) => [x! * c - y! * s, x! * s + y! * c] as [number, number])).shape
    expect(smallestWidth(turned) / 1e6).toBeCloseTo(0.1, 5)
  })
})

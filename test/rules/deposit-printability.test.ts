// deposit-printability through the rule tester: IPC-7525 area ratio A / (P·t) and aspect ratio W / t,
// worked by hand (circle Ø d: d / 4t; rectangle L × W: L·W / (2 (L + W) t)).
import { describe, expect, it } from 'vitest'
import { loadDeck } from '../../src/engine/deck.ts'
import { runRules } from '../../src/engine/run.ts'
import type { Shape } from '../../src/geometry/types.ts'
import { rules as registry } from '../../src/rules/index.ts'
import { perimeter, smallestWidth } from '../../src/rules/deposit-printability.ts'
import { boardLayers, circle, mm, rect, region, RuleTester, runCase, type FeatureSpec } from '../rule-tester.ts'

const tester = new RuleTester() // 0.1 mm foil (process.depositThickness), no stencilThickness
// a 0.5 mm NSMD land (0.6 mm opening) printed through a round aperture of diameter d
const land = (d: number) => ({ pads: [circle(0, 0, 0.5)], mask: [circle(0, 0, 0.6)], deposit: [circle(0, 0, d)] })
// a 5.2 × 0.34 mm land printed through a 5 × w mm slot
const slot = (w: number) => ({ pads: [rect(0, 0, 5.2, 0.34)], mask: [rect(0, 0, 5.4, 0.5)], deposit: [rect(0, 0, 5, w)] })
const u1 = (pin: string) => ({ component: 'U1', pin, aperFunction: 'SMDPad' })
// four U1 lands in a row at x = 0 … 3 mm, printed through round apertures of the diameters given
const row = (...d: number[]) => ({
  pads: d.map((_, i) => circle(i, 0, 0.5, u1(`A${i + 1}`))), mask: d.map((_, i) => circle(i, 0, 0.6)), deposit: d.map((di, i) => circle(i, 0, di)),
})
// a round draw (Gerber D01 with a round tool) from (x1, y1) to (x2, y2), w wide (mm)
const stroke = (x1: number, y1: number, x2: number, y2: number, w: number): FeatureSpec =>
  ({ shape: { type: 'stroke', x1: mm(x1), y1: mm(y1), x2: mm(x2), y2: mm(y2), width: mm(w) }, kind: 'draw' })
// a w × h rectangle (mm) turned `deg`° about its centre (x, y), as a region outline
const turned = (x: number, y: number, w: number, h: number, deg: number) => {
  const c = Math.cos((deg * Math.PI) / 180), s = Math.sin((deg * Math.PI) / 180)
  return region([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]].map(([u, v]) => [x + u! * c - v! * s, y + u! * s + v! * c] as [number, number]))
}

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
    {
      // 0.264² / (4 · 0.264 · 0.1) = 0.66: nm integers 264000² / (1056000 · 100000) round to the same double as 0.66
      name: 'a 0.264 mm square aperture on 0.1 mm foil is at the limit, AR = 0.264 / 0.4 = 0.66 exactly: not below it', near: 'areaRatio',
      board: { pads: [rect(0, 0, 0.3, 0.3)], mask: [rect(0, 0, 0.4, 0.4)], deposit: [rect(0, 0, 0.264, 0.264)] },
    },
    {
      name: 'with stepStencil, two of four U1 apertures failing (Ø0.2 mm, AR 0.5) is half the array: the foil choice for U1', near: 'areaRatio',
      board: row(0.5, 0.5, 0.2, 0.2), options: { stepStencil: true },
    },
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
      errors: [{ messageId: 'areaRatio', at: [0, 0], measured: 0.625, limit: 0.66, message: 'area 0.07069 mm² over wall 0.9425 mm × 0.12 mm foil' }],
    },
    {
      name: 'a 0.3 × 0.22 mm rectangular aperture: AR = 0.066 / (2 · (0.3 + 0.22) · 0.1) = 0.066 / 0.104 = 0.6346',
      board: { pads: [rect(0, 0, 0.4, 0.3)], mask: [rect(0, 0, 0.5, 0.4)], deposit: [rect(0, 0, 0.3, 0.22)] },
      errors: [{ messageId: 'areaRatio', at: [0, 0], measured: 0.634615, limit: 0.66, message: 'area 0.066 mm² over wall 1.04 mm × 0.1 mm foil' }],
    },
    {
      // length hypot(0.3, 0.4) = 0.5; A = 0.5 · 0.14 + π · 0.14² / 4 = 0.085394; P = 2 · 0.5 + π · 0.14 = 1.439823; AR = 0.085394 / 0.1439823
      name: 'a drawn aperture, 0.14 mm round tool from (1, 2) to (1.3, 2.4): AR = 0.0854 / (1.4398 · 0.1) = 0.5931, at the middle of the draw',
      board: { pads: [circle(1.15, 2.2, 0.7)], mask: [circle(1.15, 2.2, 0.8)], deposit: [stroke(1, 2, 1.3, 2.4, 0.14)] },
      errors: [{ messageId: 'areaRatio', at: [1.15, 2.2], measured: 0.593085, limit: 0.66, message: 'area 0.08539 mm² over wall 1.44 mm × 0.1 mm foil' }],
    },
    {
      // A = 5 · 0.14 + π · 0.14² / 4 = 0.715394; P = 10 + π · 0.14 = 10.439823; AR = 0.6853 passes
      name: 'a 5 mm draw with a 0.14 mm round tool: AR = 0.7154 / (10.4398 · 0.1) = 0.6853 passes, W / t = 1.4 < 1.5',
      board: { pads: [rect(2.5, 0, 5.4, 0.34)], mask: [rect(2.5, 0, 5.6, 0.5)], deposit: [stroke(0, 0, 5, 0, 0.14)] },
      errors: [{ messageId: 'aspectRatio', at: [2.5, 0], measured: 1.4, limit: 1.5, message: '0.14 mm wide on a 0.1 mm foil' }],
    },
    {
      name: 'a 5 × 0.14 mm slot outlined as a region turned 30° about (3, 1): AR = 0.7 / (2 · 5.14 · 0.1) = 0.681 passes, caliper width 0.14: W / t = 1.4',
      board: { pads: [rect(3, 1, 5.2, 0.34, undefined, 30)], mask: [rect(3, 1, 5.4, 0.5, undefined, 30)], deposit: [turned(3, 1, 5, 0.14, 30)] },
      errors: [{ messageId: 'aspectRatio', at: [3, 1], measured: 1.4, limit: 1.5, message: '0.14 mm wide on a 0.1 mm foil' }],
    },
    {
      name: 'two of four U1 apertures alike (Ø0.2 mm, AR 0.5) are half the array: one finding, at the first (x = 2)',
      board: row(0.5, 0.5, 0.2, 0.2),
      errors: [{ messageId: 'areaRatio', at: [2, 0], measured: 0.5, limit: 0.66, message: 'U1-A3 (and 1 more of the 4 pads of U1 alike) has' }],
    },
    {
      name: 'four U1 apertures alike in a column written from the top down: the one finding is at the lowest, (0, 0)',
      board: {
        pads: [3, 2, 1, 0].map((y) => circle(0, y, 0.5, u1(`A${y + 1}`))), mask: [3, 2, 1, 0].map((y) => circle(0, y, 0.6)),
        deposit: [3, 2, 1, 0].map((y) => circle(0, y, 0.2)),
      },
      errors: [{ messageId: 'areaRatio', at: [0, 0], measured: 0.5, limit: 0.66, message: 'U1-A1 (and 3 more of the 4 pads of U1 alike) has' }],
    },
    {
      name: 'with stepStencil, one shrunk aperture (Ø0.2 mm, AR 0.5) in each of two 2-ball parts is a defect, not a foil choice (fewer than two fail)',
      board: {
        pads: [circle(0, 0, 0.5, { component: 'U1', pin: '1' }), circle(1, 0, 0.5, { component: 'U1', pin: '2' }),
          circle(0, 3, 0.5, { component: 'U2', pin: '1' }), circle(1, 3, 0.5, { component: 'U2', pin: '2' })],
        mask: [circle(0, 0, 0.6), circle(1, 0, 0.6), circle(0, 3, 0.6), circle(1, 3, 0.6)],
        deposit: [circle(0, 0, 0.2), circle(1, 0, 0.5), circle(0, 3, 0.5), circle(1, 3, 0.2)],
      },
      options: { stepStencil: true },
      errors: [
        { messageId: 'areaRatio', at: [0, 0], measured: 0.5, limit: 0.66, message: 'U1-1 has' },
        { messageId: 'areaRatio', at: [1, 3], measured: 0.5, limit: 0.66, message: 'U2-2 has' },
      ],
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

describe('what a finding carries', () => {
  it('names the apertures, not the pads: the group of three lists paste lines 1–3, the odd one line 4', async () => {
    const { findings } = await runCase('deposit-printability', { name: 'features', board: row(0.2, 0.2, 0.2, 0.26) })
    expect(findings.map((f) => [f.at, f.features])).toEqual([
      [{ x: 0, y: 0 }, [1, 2, 3].map((line) => ({ file: 'paste.gbr', line }))],
      [{ x: 3, y: 0 }, [{ file: 'paste.gbr', line: 4 }]],
    ])
  })
})

describe('foil thickness', () => {
  const board = land(0.26)
  it('is refused when the deck gives neither stencilThickness nor depositThickness (a deck error, exit 2)', () => {
    const deck = loadDeck({ name: 'no foil', units: 'mm', process: { metalVolumeFraction: 0.5, bumpPads: 'smd' }, rules: { 'deposit-printability': 'error' } }, registry)
    expect(() => runRules(boardLayers(board), deck, registry, { sides: ['top'] })).toThrow(
      expect.objectContaining({ name: 'ConfigError', path: 'process.stencilThickness', message: expect.stringContaining('set process.stencilThickness (or process.depositThickness)') }),
    )
  })
  it('is refused when it rounds to 0 nm (0.0000004 mm), which would pass every aperture', async () => {
    await expect(runCase('deposit-printability', { name: '0 nm', board, process: { stencilThickness: 0.0000004 } })).rejects.toMatchObject({ name: 'ConfigError', path: 'process.stencilThickness' })
  })
})

describe('aperture shapes', () => {
  const at = (x: number, y: number) => ({ cx: mm(x), cy: mm(y) })
  it('measures the wall of a rectangle, a draw and a circle: 2 (0.3 + 0.22) = 1.04; 2 · 0.5 + π · 0.14; π · 0.26', () => {
    expect(perimeter({ type: 'rect', ...at(5, 3), width: mm(0.3), height: mm(0.22), rotation: 0 }) / 1e6).toBeCloseTo(1.04, 9)
    expect(perimeter({ type: 'stroke', x1: mm(1), y1: mm(2), x2: mm(1.3), y2: mm(2.4), width: mm(0.14) }) / 1e6).toBeCloseTo(1 + Math.PI * 0.14, 9)
    expect(perimeter({ type: 'circle', ...at(5, 3), diameter: mm(0.26) }) / 1e6).toBeCloseTo(Math.PI * 0.26, 9)
  })
  it('takes the smallest width of each analytic shape: diameter, short side, obround either way up, tool width', () => {
    const widths = ([
      { type: 'circle', ...at(5, 3), diameter: mm(0.26) },
      { type: 'rect', ...at(5, 3), width: mm(0.3), height: mm(0.22), rotation: 0 },
      { type: 'obround', ...at(5, 3), width: mm(0.6), height: mm(0.2), rotation: 0 },
      { type: 'obround', ...at(5, 3), width: mm(0.2), height: mm(0.6), rotation: 0 },
      { type: 'stroke', x1: mm(1), y1: mm(2), x2: mm(1.3), y2: mm(2.4), width: mm(0.14) },
    ] as Shape[]).map((shape) => smallestWidth(shape) / 1e6)
    expect(widths).toEqual([0.26, 0.22, 0.2, 0.2, 0.14])
  })
  it('takes a polygon\'s width across its hull: a U of 1 × 1 mm with a 0.2 mm slot 0.8 deep is 1 mm wide, its wall 5.6 mm', () => {
    // the slot's edges are no hull edges: taken as calipers they would give 0.6 mm (x = 5.6 and x = 5.4 to the far side)
    const u = region([[5, 3], [6, 3], [6, 4], [5.6, 4], [5.6, 3.2], [5.4, 3.2], [5.4, 4], [5, 4]]).shape
    expect(smallestWidth(u) / 1e6).toBeCloseTo(1, 9)
    expect(perimeter(u) / 1e6).toBeCloseTo(1 + 1 + 0.4 + 0.8 + 0.2 + 0.8 + 0.4 + 1, 9)
  })
  it('takes a regular hexagon (circumradius 0.2 mm at (2, -1)) flat to flat: 0.2 · √3 = 0.34641 mm, whichever vertex it starts at', () => {
    const hexagon = (start: number) => region([0, 1, 2, 3, 4, 5].map((k) => {
      const a = ((start + k) * Math.PI) / 3
      return [2 + 0.2 * Math.cos(a), -1 + 0.2 * Math.sin(a)] as [number, number]
    })).shape
    for (const start of [0, 2, 4]) expect(smallestWidth(hexagon(start)) / 1e6).toBeCloseTo(0.2 * Math.sqrt(3), 5)
  })
  it('takes outlines whatever vertex they start at to 1 mm: a 3 × 1 mm home plate with a 0.5 mm point, a 3 × 1 mm rectangle with a vertex mid-side, one with a repeated vertex', () => {
    // the home plate points left, written from its top-right corner: its caliper lies flush with its long
    // sides, 1 mm; the edges of its point give more ((8, 3) is 1.75 / √0.5 = 2.47 mm from the upper one)
    const homePlate = region([[8, 4], [5.5, 4], [5, 3.5], [5.5, 3], [8, 3]]).shape
    // written from the vertex (5, 3.5) in the middle of its left side, which is no corner of the hull
    const midSide = region([[5, 3.5], [5, 3], [8, 3], [8, 4], [5, 4]]).shape
    // a zero-length segment in the outline (a region drawn to the point it is at): the same rectangle
    const repeated = region([[5, 3], [8, 3], [8, 3], [8, 4], [5, 4]]).shape
    expect([homePlate, midSide, repeated].map((shape) => smallestWidth(shape) / 1e6)).toEqual([1, 1, 1])
  })
  it('takes the width of a region with a hole from its outline, and counts the hole\'s wall: 1 mm square, 0.2 mm hole → 1 mm, 4.8 mm', () => {
    const square = [[5, 3], [6, 3], [6, 4], [5, 4]].map(([x, y]) => ({ x: mm(x!), y: mm(y!) }))
    const hole = [[5.4, 3.4], [5.4, 3.6], [5.6, 3.6], [5.6, 3.4]].map(([x, y]) => ({ x: mm(x!), y: mm(y!) })) // clockwise
    const shape: Shape = { type: 'polygon', paths: [square, hole] }
    expect(smallestWidth(shape) / 1e6).toBeCloseTo(1, 9)
    expect(perimeter(shape) / 1e6).toBeCloseTo(4.8, 9)
  })
})

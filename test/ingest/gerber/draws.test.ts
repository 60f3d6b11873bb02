import { describe, expect, it } from 'vitest'
import { areaMm2, boxMm, c, expectAreaClose, expectBoxClose, mm } from './helpers.ts'

const PI = Math.PI

describe('linear draws', () => {
  it('keeps a round-tool draw as an analytic stroke: length × width + one disc', () => {
    const img = mm(`%ADD10C,0.2*%\nD10*\nX0Y0D02*\nG01*\nX${c(3)}Y0D01*`)
    expect(img.features).toHaveLength(1)
    expect(img.features[0]!.kind).toBe('draw')
    expect(img.features[0]!.shape).toEqual({ type: 'stroke', x1: 0, y1: 0, x2: 3e6, y2: 0, width: 200_000 })
    expectBoxClose(boxMm(img.features[0]!.bbox), [-0.1, -0.1, 3.1, 0.1], 1e-9)
    expectAreaClose(areaMm2(img.features), 3 * 0.2 + PI * 0.01) // 0.631416
  })

  it('sweeps a rectangular tool into the exact hull: w·h + |dx|·h + |dy|·w', () => {
    const img = mm(`%ADD11R,0.2X0.4*%\nD11*\nX0Y0D02*\nG01X${c(3)}Y${c(4)}D01*`)
    expect(img.features[0]!.shape.type).toBe('polygon')
    expectBoxClose(boxMm(img.features[0]!.bbox), [-0.1, -0.2, 3.1, 4.2], 1e-9)
    expectAreaClose(areaMm2(img.features), 0.08 + 3 * 0.4 + 4 * 0.2, 1e-9) // 2.08
  })

  it('leaves the tool image once for a zero-length draw', () => {
    const img = mm(`%ADD10C,0.5*%\nD10*\nX${c(1)}Y${c(1)}D02*\nG01X${c(1)}Y${c(1)}D01*`)
    expect(img.features[0]!.shape).toEqual({ type: 'circle', cx: 1e6, cy: 1e6, diameter: 500_000 })
  })
})

// quarter annulus of mid radius 1 and width 0.2 plus two half-disc end caps of radius 0.1
const quarter = (PI / 4) * (1.1 ** 2 - 0.9 ** 2) + PI * 0.01 // 0.345575

describe('circular draws (arcs)', () => {
  it('draws a G75 counter-clockwise quarter arc: annular sector plus round ends', () => {
    const img = mm(`%ADD10C,0.2*%\nD10*\nG75*\nX${c(1)}Y0D02*\nG03X0Y${c(1)}I${c(-1)}J0D01*`)
    expect(img.features[0]!.kind).toBe('arc')
    expect(img.features[0]!.shape.type).toBe('polygon')
    expectAreaClose(areaMm2(img.features), quarter)
    expectBoxClose(boxMm(img.features[0]!.bbox), [-0.1, -0.1, 1.1, 1.1], 1e-4)
  })

  it('draws the same quarter clockwise (G02) from the other end', () => {
    const img = mm(`%ADD10C,0.2*%\nD10*\nG75*\nX0Y${c(1)}D02*\nG02X${c(1)}Y0I0J${c(-1)}D01*`)
    expectAreaClose(areaMm2(img.features), quarter)
    expectBoxClose(boxMm(img.features[0]!.bbox), [-0.1, -0.1, 1.1, 1.1], 1e-4)
  })

  it('finds the single-quadrant (G74) centre from unsigned I/J', () => {
    // candidates (1±1, 0): only (0, 0) gives equal radii and a sweep ≤ 90°
    const img = mm(`%ADD10C,0.2*%\nD10*\nG74*\nX${c(1)}Y0D02*\nG03X0Y${c(1)}I${c(1)}J0D01*`)
    expectAreaClose(areaMm2(img.features), quarter)
    expectBoxClose(boxMm(img.features[0]!.bbox), [-0.1, -0.1, 1.1, 1.1], 1e-4)
  })

  it('draws a G75 half circle: half annulus plus one disc of caps', () => {
    const img = mm(`%ADD10C,0.2*%\nD10*\nG75*\nX${c(1)}Y0D02*\nG03X${c(-1)}Y0I${c(-1)}J0D01*`)
    expectAreaClose(areaMm2(img.features), (PI / 2) * 0.4 + PI * 0.01) // 0.659734
    expectBoxClose(boxMm(img.features[0]!.bbox), [-1.1, -0.1, 1.1, 1.1], 1e-4)
  })

  it('draws an arc whose tool is wider than its radius (no inner edge)', () => {
    // R = 0.1, tool radius 0.2: above the axis every point within 0.3 of the centre; below it the
    // union of the two end discs (centres 0.2 apart), halved
    const lens = 2 * 0.04 * Math.acos(0.5) - 0.1 * Math.sqrt(0.16 - 0.04)
    const expected = (PI * 0.09) / 2 + (2 * PI * 0.04 - lens) / 2 // 0.242468
    const img = mm(`%ADD10C,0.4*%\nD10*\nG75*\nX${c(0.1)}Y0D02*\nG03X${c(-0.1)}Y0I${c(-0.1)}J0D01*`)
    expectAreaClose(areaMm2(img.features), expected)
    expectBoxClose(boxMm(img.features[0]!.bbox), [-0.3, -0.2, 0.3, 0.3], 1e-4)
  })

  it('draws a 270° clockwise arc (sweep over 180°)', () => {
    const img = mm(`%ADD10C,0.2*%\nD10*\nG75*\nX0Y${c(-1)}D02*\nG02X${c(1)}Y0I0J${c(1)}D01*`)
    expectAreaClose(areaMm2(img.features), ((3 * PI) / 4) * 0.4 + PI * 0.01) // 0.973894
    expectBoxClose(boxMm(img.features[0]!.bbox), [-1.1, -1.1, 1.1, 1.1], 1e-4)
  })

  it('draws a full circle in G75 when start equals end', () => {
    const img = mm(`%ADD10C,0.2*%\nD10*\nG75*\nX${c(1)}Y0D02*\nG02X${c(1)}Y0I${c(-1)}J0D01*`)
    expectAreaClose(areaMm2(img.features), PI * 0.4) // 1.256637
    expectBoxClose(boxMm(img.features[0]!.bbox), [-1.1, -1.1, 1.1, 1.1], 1e-4)
  })
})

describe('regions (G36/G37)', () => {
  it('fills a linear contour as one region feature', () => {
    const img = mm(`G36*\nX0Y0D02*\nG01*\nX${c(2)}Y0D01*\nY${c(2)}D01*\nX0D01*\nY0D01*\nG37*`)
    expect(img.features).toHaveLength(1)
    expect(img.features[0]!.kind).toBe('region')
    expectAreaClose(areaMm2(img.features), 4, 1e-9)
    expect(img.features[0]!.source.line).toBe(3)
  })

  it('fills a contour with an arc segment: a half disc', () => {
    const img = mm(`G75*\nG36*\nX${c(-1)}Y0D02*\nG01X${c(1)}Y0D01*\nG03X${c(-1)}Y0I${c(-1)}J0D01*\nG37*`)
    expectAreaClose(areaMm2(img.features), PI / 2)
    expectBoxClose(boxMm(img.features[0]!.bbox), [-1, 0, 1, 1], 1e-4)
  })

  // outer 4×4 square, cut in at y = 2 to a 2×2 hole traced the other way round, back out along the cut
  const cutIn = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 2], [1, 2], [1, 3], [3, 3], [3, 1], [1, 1], [1, 2], [0, 2], [0, 0]]
  const contour = (pts: number[][]) => `X${c(pts[0]![0]!)}Y${c(pts[0]![1]!)}D02*\n` + pts.slice(1).map(([x, y]) => `X${c(x!)}Y${c(y!)}D01*`).join('\n')

  it('keeps a cut-in hole as a hole (outer traced CCW): 16 − 4', () => {
    const img = mm(`G36*\nG01*\n${contour(cutIn)}\nG37*`)
    expectAreaClose(areaMm2(img.features), 12, 1e-9)
  })

  it('keeps a cut-in hole as a hole when the whole contour is traced clockwise', () => {
    const img = mm(`G36*\nG01*\n${contour([...cutIn].reverse())}\nG37*`)
    expectAreaClose(areaMm2(img.features), 12, 1e-9)
  })

  it('joins the contours of one region (D02 starts a new one) in one feature', () => {
    const a = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    const b = [[5, 5], [5, 7], [7, 7], [7, 5], [5, 5]] // clockwise: still filled
    const img = mm(`G36*\nG01*\n${contour(a)}\n${contour(b)}\nG37*`)
    expect(img.features).toHaveLength(1)
    expectAreaClose(areaMm2(img.features), 1 + 4, 1e-9)
    expect(boxMm(img.features[0]!.bbox)).toEqual([0, 0, 7, 7])
  })
})

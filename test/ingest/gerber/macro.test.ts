import { describe, expect, it } from 'vitest'
import { LimitError } from '../../../src/errors.ts'
import { areaMm2, boxMm, expectAreaClose, expectBoxClose, mm } from './helpers.ts'
import { parseExpression } from '../../../src/ingest/gerber/macro.ts'

const PI = Math.PI
const flashOf = (macro: string, ad = '%ADD10M*%') => mm(`%AMM*\n${macro}*%\n${ad}\nD10*\nX0Y0D03*`)

/** Area of the part of a disc of radius r with |y| ≤ t. */
const strip = (r: number, t: number) => 2 * (t * Math.sqrt(r * r - t * t) + r * r * Math.asin(t / r))

describe('aperture macro primitives', () => {
  it('1 circle: diameter and centre from variables, flashed as a polygon', () => {
    const img = mm('%AMC1*\n1,1,$1,$2,$3*%\n%ADD10C1,1.5X0.5X0*%\nD10*\nX0Y0D03*')
    expect(img.features[0]!.shape.type).toBe('polygon')
    expectBoxClose(boxMm(img.features[0]!.bbox), [-0.25, -0.75, 1.25, 0.75])
    expectAreaClose(areaMm2(img.features), PI * 0.75 ** 2)
  })

  it('1 circle: rotation turns the centre about the macro origin', () => {
    const img = flashOf('1,1,1,2,0,90')
    expectBoxClose(boxMm(img.features[0]!.bbox), [-0.5, 1.5, 0.5, 2.5])
  })

  it('20 vector line: a 2 × 0.5 bar, and turned 90°', () => {
    const flat = flashOf('20,1,0.5,0,0,2,0,0')
    expectBoxClose(boxMm(flat.features[0]!.bbox), [0, -0.25, 2, 0.25], 1e-6)
    expectAreaClose(areaMm2(flat.features), 1, 1e-9)
    const up = flashOf('20,1,0.5,0,0,2,0,90')
    expectBoxClose(boxMm(up.features[0]!.bbox), [-0.25, 0, 0.25, 2], 1e-6)
  })

  it('21 centre line turned 45° about the origin (not about its own centre)', () => {
    const img = flashOf('21,1,2,1,1,0,45')
    const cx = Math.SQRT1_2, half = 1.5 * Math.SQRT1_2 // centre (1,0) → (√½, √½); half extent (1 + 0.5)·√½
    expectBoxClose(boxMm(img.features[0]!.bbox), [cx - half, cx - half, cx + half, cx + half], 1e-6)
    expectAreaClose(areaMm2(img.features), 2, 1e-6)
  })

  it('4 outline: a triangle, turned 90°', () => {
    const img = flashOf('4,1,3,0,0,1,0,0,1,0,0,90')
    expectBoxClose(boxMm(img.features[0]!.bbox), [-1, 0, 0, 1], 1e-6)
    expectAreaClose(areaMm2(img.features), 0.5, 1e-9)
  })

  it('5 polygon: a hexagon of circumscribed diameter 2', () => {
    const img = flashOf('5,1,6,0,0,2,0')
    expectAreaClose(areaMm2(img.features), (3 * Math.sqrt(3)) / 2, 1e-6)
    expectBoxClose(boxMm(img.features[0]!.bbox), [-1, -Math.sqrt(3) / 2, 1, Math.sqrt(3) / 2], 1e-6)
  })

  it('7 thermal: ring minus two gap bars', () => {
    const img = flashOf('7,0,0,2,1,0.2,0')
    const ring = PI * (1 - 0.25)
    // the bars cross inside the hole (0.1·√2 < 0.5), so the four ring pieces they remove do not overlap
    const removed = 2 * (strip(1, 0.1) - strip(0.5, 0.1))
    expectAreaClose(areaMm2(img.features), ring - removed)
  })

  it('exposure off subtracts from the primitives before it', () => {
    const img = flashOf('1,1,2,0,0*\n1,0,1,0,0')
    expectAreaClose(areaMm2(img.features), PI * (1 - 0.25))
    const shape = img.features[0]!.shape
    expect(shape.type === 'polygon' && shape.paths.length).toBe(2) // outer and hole
  })

  it('evaluates expressions, unary minus, x and X, and variable definitions', () => {
    // $3 = 2·0.5 = 1 (a 1 mm disc); $4 = (2+1)/2 = 1.5; height −1 + 1.5 = 0.5 → a 1.5 × 0.5 bar at x = 3
    const img = mm('%AMV*\n$3=$1x0.5*\n$4=($1+$2)/2*\n1,1,$3,0,0*\n21,1,$4,-$2+1.5,3X1,0,0*%\n%ADD10V,2X1*%\nD10*\nX0Y0D03*')
    expectAreaClose(areaMm2(img.features), PI / 4 + 0.75)
    expectBoxClose(boxMm(img.features[0]!.bbox), [-0.5, -0.5, 3.75, 0.5])
  })

  it('reads the deprecated primitives 2 (= 20), 22 and 6 with warnings', () => {
    const two = flashOf('2,1,0.5,0,0,2,0,0')
    expectAreaClose(areaMm2(two.features), 1, 1e-9)
    expect(two.diagnostics.some((d) => /primitive 2/.test(d.message))).toBe(true)
    const lowerLeft = flashOf('22,1,2,1,0.5,0.5,0')
    expectBoxClose(boxMm(lowerLeft.features[0]!.bbox), [0.5, 0.5, 2.5, 1.5], 1e-6)
    const moire = flashOf('6,0,0,2,0.2,0.2,2,0.05,2.4,0')
    expectBoxClose(boxMm(moire.features[0]!.bbox), [-1.2, -1.2, 1.2, 1.2], 1e-6)
    expect(moire.diagnostics.some((d) => /moiré/.test(d.message) && d.source.line === 4)).toBe(true)
  })

  it('stops a runaway expression at the depth limit with a LimitError', () => {
    const deep = '('.repeat(100) + '1' + ')'.repeat(100)
    expect(() => flashOf(`1,1,${deep},0,0`)).toThrow(LimitError)
    expect(() => flashOf(`1,1,${deep},0,0`)).toThrow(/t\.gbr:4: Macro expression nests deeper than 64/)
  })
})

describe('macro expressions are evaluated without recursion', () => {
  it('sums a million terms to their value (no stack overflow)', () => {
    // 1 + 1 + … (10^6 ones) - $1 with $1 = 0.5: 999 999.5
    const e = parseExpression(`${'1+'.repeat(999_999)}1-$1`, 'big.gbr', 7, 64)
    expect(e([0, 0.5])).toBe(999_999.5)
  })
  it('reads 20 000 groups of 60-deep parentheses, and refuses 61 deep under a depth limit of 60 in one line', () => {
    // each group ((…(2)…)) is 2; 20 000 of them joined by "x" and "/" alternately, left to right: 2 x2 /2 … x2 (10 000 "x", 9 999 "/") = 4
    const group = `${'('.repeat(60)}2${')'.repeat(60)}`
    const text = Array.from({ length: 20_000 }, () => group).map((g, k) => (k === 0 ? g : `${k % 2 ? 'x' : '/'}${g}`)).join('')
    expect(parseExpression(text, 'deep.gbr', 3, 60)([])).toBe(4)
    expect(() => parseExpression(`${'('.repeat(61)}2${')'.repeat(61)}`, 'deep.gbr', 3, 60)).toThrow(/^deep\.gbr:3: Macro expression nests deeper than 60/)
  })
  it('keeps precedence and signs: -2x3+8/4x-1 = -8, 2-(3-4) = 3, --$2 = $2', () => {
    expect(parseExpression('-2x3+8/4x-1', 'p.gbr', 1, 64)([])).toBe(-8)
    expect(parseExpression('2-(3-4)', 'p.gbr', 1, 64)([])).toBe(3)
    expect(parseExpression('--$2', 'p.gbr', 1, 64)([0, 0, 1.25])).toBe(1.25)
    expect(() => parseExpression('(1+2', 'p.gbr', 1, 64)).toThrow(/missing "\)"/)
    expect(() => parseExpression('1+', 'p.gbr', 1, 64)).toThrow(/unexpected end/)
  })
})

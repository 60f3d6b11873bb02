// readGerber plots commands as they are parsed (no node list, one-line extended commands unsplit); the
// general path parses to nodes first and plots them after. Both must give the same image, the same
// errors, and what the raw text says.

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fixtureName, gerberFixtures, realGerberFixtures } from './fixture-files.ts'
import { DEFAULT_LIMITS, InputError } from '../../../src/errors.ts'
import { readGerber, rejectUnended } from '../../../src/ingest/gerber/index.ts'
import { featureObjects } from '../../../src/layers/packed-feature.ts'
import { DEFAULT_TOLERANCE } from '../../../src/geometry/polygonize.ts'
import { PackedLayerBuilder } from '../../../src/layers/pack.ts'
import { checkEmptyImage } from '../../../src/ingest/gerber/empty-image.ts'
import { DiagnosticLog, parseGerber } from '../../../src/ingest/gerber/parse.ts'
import { plotGerber } from '../../../src/ingest/gerber/plot.ts'

const real = realGerberFixtures('the fast/general Gerber path comparison on real public boards')
const files = [...gerberFixtures(), ...real]

/** The general path: every command a node, every extended command split, then plotted. */
function readGeneral(text: string, file: string) {
  const parsed = parseGerber(text, file, DEFAULT_LIMITS.maxDepth, false)
  const log = new DiagnosticLog(file)
  const packed = new PackedLayerBuilder()
  const plotted = plotGerber(parsed.nodes, file, DEFAULT_LIMITS, log, DEFAULT_TOLERANCE, packed)
  const features = featureObjects(packed.finish())
  if (!parsed.ended) rejectUnended(parsed.lastLine, file)
  const empty = features.length === 0
    ? checkEmptyImage(text, file, plotted.attributes['.FileFunction'], plotted.attributes['.FilePolarity']?.[0], parsed.lastLine)
    : undefined
  const diagnostics = [...parsed.diagnostics, ...log.list, ...(empty ? [empty] : [])].sort((a, b) => a.source.line - b.source.line)
  return { ...plotted, features, diagnostics }
}

/** Counted in the text, independently of the reader: D03 outside extended commands, TO.P attributes. */
const grepFlashes = (text: string) => (text.replace(/%[^%]*%/g, '').match(/D0?3\*/g) ?? []).length

describe('fast and general Gerber paths', () => {
  it('finds the fixture Gerber files', () => expect(files.length).toBeGreaterThanOrEqual(49 + real.length))

  for (const file of files) {
    const name = fixtureName(file)
    it(`reads ${name} the same both ways (ids, shapes, boxes, sources, attributes, diagnostics)`, () => {
      const text = readFileSync(file, 'latin1')
      // the path as read, not the display name: an empty paste or mask file looks at the copper beside it
      const fast = readGerber(text, file)
      const general = readGeneral(text, file)
      expect(fast.features).toStrictEqual(general.features)
      expect(fast.attributes).toStrictEqual(general.attributes)
      expect(fast.units).toBe(general.units)
      expect(fast.diagnostics).toStrictEqual(general.diagnostics)
      expect(fast.features.filter((f) => f.kind === 'flash')).toHaveLength(grepFlashes(text))
    })
  }

  it('places 600 pads where the text says, each with its component and pin', () => {
    // pad k at X = 1 mm + k × 0.18 mm, Y = 2 mm + (k mod 7) × 0.25 mm, written in %FSLAX46Y46*% integers
    const lines = ['%TF.FileFunction,Copper,L1,Top*%', '%TA.AperFunction,SMDPad,CuDef*%', '%ADD10C,0.090000*%', '%TD*%', '%TO.C,U1*%', 'D10*']
    for (let k = 0; k < 600; k++) lines.push(`%TO.P,U1,A${k + 1}*%`, `X${1_000_000 + k * 180_000}Y${2_000_000 + (k % 7) * 250_000}D03*`)
    const text = `%FSLAX46Y46*%\n%MOMM*%\n${lines.join('\n')}\nM02*\n`
    const image = readGerber(text, 'pads.gbr')
    expect(image.features).toHaveLength(600)
    for (const k of [0, 1, 6, 7, 599]) {
      const f = image.features[k]!
      const cx = 1_000_000 + k * 180_000, cy = 2_000_000 + (k % 7) * 250_000 // mm × 1e6 = nm (6 decimals)
      expect(f).toStrictEqual({
        id: k, kind: 'flash', shape: { type: 'circle', cx, cy, diameter: 90_000 }, polarity: 'dark',
        bbox: [cx - 45_000, cy - 45_000, cx + 45_000, cy + 45_000], source: { file: 'pads.gbr', line: 10 + 2 * k },
        aperFunction: 'SMDPad', padDefinition: 'CuDef', component: 'U1', pin: `A${k + 1}`,
      })
    }
    expect(readGeneral(text, 'pads.gbr').features).toStrictEqual(image.features)
  })

  it('reports a syntax error after an earlier plotting error, as parsing before plotting does', () => {
    // line 3 flashes the undefined D11 (a plotting error); line 5 has a decimal point (a syntax error)
    const text = '%FSLAX46Y46*%\n%MOMM*%\nD11*\nX0Y0D03*\nX1.5Y0D03*\nM02*\n'
    expect(() => readGeneral(text, 'e.gbr')).toThrow(InputError)
    const expected = (() => { try { readGeneral(text, 'e.gbr') } catch (e) { return (e as InputError).line } })()
    expect(expected).toBe(5)
    expect(() => readGerber(text, 'e.gbr')).toThrow(/^e\.gbr:5: Coordinate X has a decimal point/)
  })

  it('reports the plotting error with its line when the rest of the file parses', () => {
    const text = '%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\nX0Y0D03*\nD11*\nX1Y0D03*\nM02*\n'
    expect(() => readGerber(text, 'e.gbr')).toThrow(/^e\.gbr:6: Aperture D11 is used but never defined/)
  })
  /** The error a read gives (file:line: what), or the features' sites and kinds. */
  const outcome = (read: () => { features: { id: number; kind: string; shape: unknown; source: { line: number } }[] }) => {
    try { return read().features } catch (error) { return String(error instanceof InputError ? error.message : error) }
  }
  const bothWays = (text: string) => {
    const fast = outcome(() => readGerber(text, 'o.gbr'))
    expect(fast).toStrictEqual(outcome(() => readGeneral(text, 'o.gbr')))
    return fast
  }

  it('reads plain operation blocks as the general path does: signs, X or Y alone, I and J, D01/D02/D03', () => {
    // %FSLAX23Y23*% mm: 1 unit = 1 µm = 1000 nm
    const text = '%FSLAX23Y23*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\nX1000Y-2000D03*\nX+500D03*\nY0D03*\n' +
      'X0Y0D02*\nX1000D01*\nG75*\nG03*\nX2000Y1000I1000J0D01*\nG01*\nX1500Y-200D02*\nM02*\n'
    const features = bothWays(text)
    if (typeof features === 'string') throw new Error(features)
    expect(features.map((f) => [f.kind, f.source.line])).toStrictEqual([['flash', 5], ['flash', 6], ['flash', 7], ['draw', 9], ['arc', 12]])
    expect(features[0]!.shape).toStrictEqual({ type: 'circle', cx: 1_000_000, cy: -2_000_000, diameter: 100_000 })
    expect(features[1]!.shape).toStrictEqual({ type: 'circle', cx: 500_000, cy: -2_000_000, diameter: 100_000 })
    expect(features[2]!.shape).toStrictEqual({ type: 'circle', cx: 500_000, cy: 0, diameter: 100_000 })
    expect(features[3]!.shape).toStrictEqual({ type: 'stroke', x1: 0, y1: 0, x2: 1_000_000, y2: 0, width: 100_000 })
  })

  it('leaves every other data block to the general path, with the same result or error', () => {
    const head = '%FSLAX23Y23*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\n'
    const cases: [block: string, expected: RegExp | [cx: number, cy: number]][] = [
      ['X1Y2D3*', [1000, 2000]], // D3, not D03
      ['X1Y2D003*', [1000, 2000]],
      ['Y2X1D03*', [1000, 2000]], // Y before X
      ['X1 Y2D03*', [1000, 2000]], // a blank inside
      ['X123456Y2D03*', [123_456_000, 2000]], // one digit more than %FSLAX23% allows: read with 3 decimals, warned
      ['X1234567890123456Y2D03*', /^o\.gbr:5: Coordinate X has 16 digits but the format %FSLAX23% allows 5/],
      ['X1.5Y2D03*', /Coordinate X has a decimal point/],
      ['X-Y2D03*', /Coordinate X has no digits/],
      ['X1Y2D04*', /Invalid D-code/],
      ['X1Y2D03\n', /^o\.gbr:5: A 8-character command starting with X is not terminated by "\*": the file is cut short/], // at the end of the file
    ]
    for (const [block, expected] of cases) {
      const got = bothWays(`${head}${block}${block.endsWith('\n') ? '' : '\nM02*\n'}`)
      if (expected instanceof RegExp) expect(got, block).toMatch(expected)
      else expect(typeof got === 'string' ? got : got.map((f) => f.shape), block)
        .toStrictEqual([{ type: 'circle', cx: expected[0], cy: expected[1], diameter: 100_000 }])
    }
  })

  it('scales trailing-zero formats and reports a missing format the general way', () => {
    // %FSTAX23Y23*%: "X15" is 1.5 → with 5 digits 15000 → 1.5 mm (trailing zeros omitted)
    const features = bothWays('%FSTAX23Y23*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\nX15Y2D03*\nM02*\n')
    expect(typeof features === 'string' ? features : features.map((f) => f.shape))
      .toStrictEqual([{ type: 'circle', cx: 15_000_000, cy: 20_000_000, diameter: 100_000 }])
    expect(bothWays('%MOMM*%\n%ADD10C,0.1*%\nD10*\nX1Y2D03*\nM02*\n')).toMatch(/^o\.gbr:4: Coordinate X before the format statement/)
  })

  it('reads object attributes as parseAttribute does: empty fields, %TD*%, names without values', () => {
    const head = '%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\n'
    const pads = [
      ['%TO.P,U1,A7*%', { component: 'U1', pin: 'A7' }],
      ['%TO.P,U2,A7*%', { component: 'U2', pin: 'A7' }],
      ['%TO.N,GND*%', { component: 'U2', pin: 'A7', net: 'GND' }],
      ['%TD.N*%', { component: 'U2', pin: 'A7' }],
      ['%TO.C,R5*%', { component: 'R5', pin: 'A7' }], // .C wins over .P's component
      ['%TO.P,U3,*%', { component: 'R5', pin: '' }],
      ['%TD*%', {}],
      ['%TO.P,U4,B1,extra*%', { component: 'U4', pin: 'B1' }],
      ['%TO.P, U5,C2*%', { component: ' U5', pin: 'C2' }], // a blank: the general path, values not trimmed
      ['%TO.N,GND\u00a0*%', { component: ' U5', pin: 'C2', net: 'GND' }], // a no-break space at the end: trimmed with the block
      ['%TO.P,U6,C3*TO.N,VCC*%', { component: 'U6', pin: 'C3', net: 'VCC' }], // two blocks in one command
    ] as const
    const text = head + pads.map(([attribute], k) => `${attribute}\nX${k}Y0D03*`).join('\n') + '\nM02*\n'
    const fast = readGerber(text, 'a.gbr').features
    expect(fast).toStrictEqual(readGeneral(text, 'a.gbr').features)
    expect(fast.map((f) => ({ ...(f.component !== undefined && { component: f.component }), ...(f.pin !== undefined && { pin: f.pin }), ...(f.net !== undefined && { net: f.net }) })))
      .toStrictEqual(pads.map(([, expected]) => expected))
  })

  it('numbers a zero-pitch step and repeat, where one feature is placed twice, as the general path does', () => {
    // %SRX2Y1I0J0*%: two copies at the same place; ids are the index of each entry
    const text = '%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\n%SRX2Y1I0J0*%\nX0Y0D03*\nX1000000Y0D03*\n%SR*%\nX0Y2000000D03*\nM02*\n'
    const fast = readGerber(text, 'sr.gbr').features
    expect(fast).toStrictEqual(readGeneral(text, 'sr.gbr').features)
    expect(fast).toHaveLength(5)
    expect(fast.at(-1)!.id).toBe(4)
  })

  it('reports the first feature beyond ±2^53 nm in image order, after syntax and plotting errors', () => {
    // inch, 6 decimals: 1 unit = 25.4 nm; 4×10^14 units = 1.016×10^16 nm > 2^53 ≈ 9.007×10^15 nm; line 6 is the first such flash
    const text = '%FSLAX96Y96*%\n%MOIN*%\n%ADD10C,0.1*%\nD10*\nX1Y0D03*\nX400000000000000Y0D03*\nX500000000000000Y0D03*\nM02*\n'
    expect(() => readGerber(text, 'big.gbr')).toThrow(/^big\.gbr:6: a coordinate or size is out of range/)
    expect(() => readGerber(text.replace('M02*', 'D11*\nM02*'), 'big.gbr')).toThrow(/^big\.gbr:8: Aperture D11 is used but never defined/)
  })

  it('refuses an aperture whose size is out of range at its AD line (a fuzz crasher: a polygon of 7.08e300 in)', () => {
    // 7.077532027016992e300 in × 25.4e6 nm/in ≈ 1.8e308 nm: Infinity in a double, so its vertices were not finite
    const text = '%FSLAX24Y24*%\n%MOIN*%\n%ADD12P,7.077532027016992e+300X6X15X0.02*%\nD12*\nX0Y0D03*\nM02*\n'
    expect(() => readGerber(text, 'huge.gbr')).toThrow(/^huge\.gbr:3: Aperture D12 has a size out of range \(the limit is ±9007199254740991 nm\)$/)
    // 3.6e8 in = 9.14e15 nm, just past 2^53 nm; 3.5e8 in = 8.89e15 nm is read
    expect(() => readGerber(text.replace('7.077532027016992e+300', '360000000'), 'huge.gbr')).toThrow(/^huge\.gbr:3: Aperture D12 has a size out of range/)
    expect(readGerber(text.replace('7.077532027016992e+300X6X15X0.02', '350000000X6'), 'huge.gbr').features).toHaveLength(1)
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError, LimitError } from '../../../src/errors.ts'
import { readGerber } from '../../../src/ingest/gerber/index.ts'
import { readExcellon } from '../../../src/ingest/excellon/index.ts'

const HEAD = '%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\n' // lines 1–4

/** The InputError a text throws (fails the test if it does not throw one). */
function errorOf(text: string, limits?: Parameters<typeof readGerber>[2]): InputError {
  try {
    readGerber(text, 'bad.gbr', limits)
  } catch (e) {
    expect(e).toBeInstanceOf(InputError)
    return e as InputError
  }
  throw new Error('expected an InputError')
}

describe('bad input throws InputError(file, line, what)', () => {
  it('reports a data block cut short (no "*")', () => {
    const e = errorOf(`${HEAD}X0Y0D03*\nX1000Y10`)
    expect([e.file, e.line]).toEqual(['bad.gbr', 6])
    expect(e.message).toMatch(/^bad\.gbr:6: .*not terminated/)
  })

  it('reports an extended command cut short (no closing %)', () => {
    expect(errorOf(`${HEAD}%ADD11R,1X`).line).toBe(5)
  })

  it('reports an aperture macro cut short', () => {
    expect(errorOf(`${HEAD}%AMBOX*\n21,1,1,1,0,0,0*\n`).line).toBe(5)
  })

  it('reports a region cut short (G36 without G37)', () => {
    const e = errorOf(`${HEAD}G36*\nX0Y0D02*\nX1000Y0D01*\nX0Y1000D01*\n`)
    expect(e.line).toBe(5)
    expect(e.what).toMatch(/not closed by G37/)
  })

  it('reports a region not closed before M02', () => {
    expect(errorOf(`${HEAD}G36*\nX0Y0D02*\nX1000Y0D01*\nX0Y1000D01*\nM02*\n`).line).toBe(5)
  })

  it('reports a step and repeat cut short', () => {
    expect(errorOf(`${HEAD}%SRX2Y2I1J1*%\nX0Y0D03*\n`).line).toBe(5)
  })

  it('reports a block aperture cut short', () => {
    expect(errorOf(`${HEAD}%ABD20*%\nX0Y0D03*\nM02*\n`).what).toMatch(/D20.*not closed/)
  })

  it('reports a file without M02 as cut short, at its last line, even when every command before is complete', () => {
    const e = errorOf(`${HEAD}X0Y0D03*\n`)
    expect([e.file, e.line]).toEqual(['bad.gbr', 6])
    expect(e.what).toMatch(/No M02 at the end of the file: it is cut short/)
  })

  it('reports an aperture used but never defined, at its selection', () => {
    const e = errorOf(`${HEAD}X0Y0D03*\nD11*\nX5Y5D03*\nM02*\n`)
    expect(e.line).toBe(6)
    expect(e.what).toMatch(/D11 is used but never defined/)
  })

  it('reports a malformed format statement', () => {
    expect(errorOf('G04 x*\n%FSLAX4Y4*%\nM02*\n').line).toBe(2)
  })

  it('reports a coordinate with more digits than the format allows when trailing zeros are omitted (the decimal point cannot be placed)', () => {
    const e = errorOf('%FSTAX24Y24*%\n%MOIN*%\n%ADD10C,0.1*%\nD10*\nX1234567Y0D03*\nM02*\n')
    expect(e.line).toBe(5)
    expect(e.what).toMatch(/7 digits.*allows 6.*cannot be placed/)
  })

  it('reports a coordinate of more than 15 digits (no longer exact in a double)', () => {
    expect(errorOf('%FSLAX24Y24*%\n%MOIN*%\n%ADD10C,0.1*%\nD10*\nX1234567890123456Y0D03*\nM02*\n').what).toMatch(/16 digits/)
  })

  it('reports binary data (NUL bytes) before M02', () => {
    const e = errorOf(`${HEAD}X0Y0D03*\n\u0000\u0000\u0007garbage`)
    expect(e.line).toBe(6)
    expect(e.what).toMatch(/Binary data/)
  })

  it('ignores padding after M02 (real files end in NULs)', () => {
    expect(readGerber(`${HEAD}X0Y0D03*\nM02*\u0000\u0000\u0000`, 'pad.gbr').features).toHaveLength(1)
  })

  it('reports coordinates before any format statement', () => {
    expect(errorOf('%MOMM*%\n%ADD10C,0.1*%\nD10*\nX0Y0D03*\nM02*\n').line).toBe(4)
  })

  it('reports a flash inside a region', () => {
    expect(errorOf(`${HEAD}G36*\nX0Y0D02*\nX0Y0D03*\nG37*\nM02*\n`).line).toBe(7)
  })

  it('throws a LimitError naming the SR line when expansion exceeds the limit', () => {
    const e = errorOf(`${HEAD}%SRX10Y10I1J1*%\nX0Y0D03*\nX1Y0D03*\n%SR*%\nM02*\n`, { maxFeatures: 150 })
    expect(e).toBeInstanceOf(LimitError)
    expect(e.line).toBe(5)
  })

  it('skips an empty step and repeat of 10¹⁰ copies at once', () => {
    const t0 = performance.now()
    expect(readGerber(`${HEAD}%SRX100000Y100000I1J1*%\n%SR*%\nM02*\n`, 'e.gbr').features).toHaveLength(0)
    expect(performance.now() - t0).toBeLessThan(1000)
  })

  it('reports a macro parameter that divides by zero, at the primitive line', () => {
    expect(errorOf(`${HEAD}%AMZ*\n1,1,1/$1,0,0*%\n%ADD11Z,0*%\nM02*\n`).line).toBe(6)
  })

  it('throws a LimitError for a moiré with more rings than the feature limit', () => {
    const e = errorOf(`${HEAD}%AMMOIRE*\n6,0,0,1000,0.0001,0.0001,100000000,0,0,0*%\n%ADD11MOIRE*%\nM02*\n`, { maxFeatures: 1000 })
    expect(e).toBeInstanceOf(LimitError)
    expect(e.line).toBe(6)
  })

  it('never throws anything but InputError on random truncations of a valid file', () => {
    const good = `${HEAD}%AMT*1,1,$1,0,0*%\n%ADD11T,1*%\nG75*\nX0Y0D02*\nG03X1000Y1000I500J500D01*\nG36*\nX0Y0D02*\nG01X1000Y0D01*\nY1000D01*\nG37*\n%SRX2Y2I1J1*%\nD11*\nX0Y0D03*\n%SR*%\nM02*\n`
    for (let cut = 1; cut < good.length; cut++) {
      try {
        readGerber(good.slice(0, cut), 'cut.gbr')
      } catch (e) {
        expect(e).toBeInstanceOf(InputError)
      }
    }
  })
})

describe('hostile input', () => {
  // snippets of real syntax shuffled together: the reader must answer or throw InputError, nothing else
  const pieces = ['%FSLAX46Y46*%', '%FSTIX24Y24*%', '%MOMM*%', '%MOIN*%', '%ADD10C,0.1*%', '%ADD11R,1X2X0.5*%', '%ADD12P,1X5*%',
    '%AMM*1,1,$1,0,0*4,1,3,0,0,1,0,0,1,0,0,0*%', '%ADD13M,1*%', 'D10*', 'D11*', 'D12*', 'D13*', 'X1000Y-2000D03*', 'X5D01*',
    'G01*', 'G02*', 'G03*', 'G74*', 'G75*', 'I300J-400D01*', 'G36*', 'G37*', 'X0Y0D02*', '%LPC*%', '%LPD*%', '%LMXY*%', '%LR45*%',
    '%LS0.5*%', '%SRX2Y3I1J1*%', '%SR*%', '%ABD20*%', '%AB*%', 'D20*', '%TO.P,U1,1*%', '%TD*%', 'G04 x*', 'M02*', '*', '%', 'X', '\n']
  it('never throws anything but InputError on random command soups', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
      try {
        readGerber(parts.join(''), 'soup.gbr', { maxFeatures: 10_000 })
      } catch (e) {
        if (!(e instanceof InputError)) throw e
      }
    }), { numRuns: 300, seed: 42 })
  })
})

describe('diagnostics for deprecated and unknown commands', () => {
  it('warns once per deprecated command kind, at its first line', () => {
    const img = readGerber('%FSLAX24Y24*%\n%MOIN*%\n%IPPOS*%\n%OFA0B0*%\n%ADD10C,0.1*%\nG54D10*\nG54D10*\nX0Y0D03*\nM02*\n', 'old.gbr')
    const g54 = img.diagnostics.filter((d) => /G54/.test(d.message))
    expect(g54.map((d) => d.source.line)).toEqual([6])
    expect(img.diagnostics.some((d) => /IP/.test(d.message) && d.source.line === 3)).toBe(true)
  })

  it('applies OF (offset) to coordinates', () => {
    const img = readGerber('%FSLAX24Y24*%\n%MOIN*%\n%OFA1.0B-0.5*%\n%ADD10C,0.1*%\nD10*\nX0Y0D03*\nM02*\n', 'of.gbr')
    expect(img.features[0]!.shape).toMatchObject({ cx: 25_400_000, cy: -12_700_000 })
  })

  it('applies SF (scale), MI (mirror) and AS (axis swap) to coordinates', () => {
    const run = (cmd: string) => readGerber(`%FSLAX24Y24*%\n%MOIN*%\n${cmd}\n%ADD10C,0.1*%\nD10*\nX10000Y20000D03*\nM02*\n`, 'img.gbr').features[0]!.shape
    expect(run('%SFA2B0.5*%')).toMatchObject({ cx: 2 * 25_400_000, cy: 25_400_000 })
    expect(run('%MIA1B0*%')).toMatchObject({ cx: -25_400_000, cy: 2 * 25_400_000 })
    expect(run('%ASAYBX*%')).toMatchObject({ cx: 2 * 25_400_000, cy: 25_400_000 })
  })

  it('handles G91 incremental notation and repeats a missing D code, with warnings', () => {
    const img = readGerber('%FSLAX24Y24*%\n%MOIN*%\nG91*\n%ADD10C,0.1*%\nD10*\nX10000Y0D03*\nX10000*\nM00*\n', 'g91.gbr')
    expect(img.features.map((f) => f.shape)).toMatchObject([{ cx: 25_400_000 }, { cx: 2 * 25_400_000 }])
    expect(img.diagnostics.map((d) => d.source.line)).toEqual([3, 7, 8])
  })

  it('reads a PADS-style file: empty blocks, %IN%, FSD, a macro ending on its own line, G54 selects', () => {
    const text = '*\n*\n%IN "board.pcb"*%\n*\n%MOIN*%\n%FSDAX24Y24*%\n%AMTER*\n1,1,$1,0,0*\n1,0,$1-$2,0,0*\n%\n*\n%ADD010C,0.001*%\n%ADD011TER,0.1X0.05*%\n*\nG54D10*\nG54D11*\nG01X010000Y010000D03*\nX0Y0D02*\nM02*\n'
    const img = readGerber(text, 'pads.gbr')
    expect(img.features).toHaveLength(1)
    // a 0.1 inch disc at (1, 1) inch, polygonised within 50 nm
    img.features[0]!.bbox.forEach((v, k) => expect(v / 25_400_000).toBeCloseTo([0.95, 0.95, 1.05, 1.05][k]!, 5))
    expect(img.diagnostics.find((d) => /IN \(image name\)/.test(d.message))?.source.line).toBe(3)
  })

  it('flags IPNEG as a negative image', () => {
    const img = readGerber('%FSLAX24Y24*%\n%MOIN*%\n%IPNEG*%\n%ADD10C,0.1*%\nD10*\nX0Y0D03*\nM02*\n', 'neg.gbr')
    expect(img.imageNegative).toBe(true)
    expect(img.diagnostics.some((d) => /IPNEG/.test(d.message) && d.source.line === 3)).toBe(true)
  })

  it('reports an unknown extended command with its line and keeps going', () => {
    const img = readGerber(`${HEAD}%XYZ123*%\nX0Y0D03*\nM02*\n`, 'u.gbr')
    expect(img.features).toHaveLength(1)
    expect(img.diagnostics.find((d) => /XYZ123/.test(d.message))?.source.line).toBe(5)
  })
})

describe('an error line never quotes the file (an input path may point at any file, e.g. /etc/shadow)', () => {
  const SHADOW = 'root:$6$s3cr3tHash:20245:0:99999:7:::\nadmin:*:20245::::::\n'
  it('describes a line that is not Gerber by its length, and quotes none of it', () => {
    expect(() => readGerber(SHADOW, 'shadow.gbr')).toThrow(/^shadow\.gbr:1: Unexpected character at column 1 of a 44-character command$/)
    expect(() => readGerber(`${HEAD}Xs3cr3t*\nM02*\n`, 'bad.gbr')).toThrow(/^bad\.gbr:5: Coordinate X has no digits$/)
    expect(() => readGerber(`${HEAD}%MOs3cr3t*%\nM02*\n`, 'bad.gbr')).toThrow(/^bad\.gbr:5: Unknown unit %MO…\*% \(11 characters\)/)
  })
  it('says the same of an Excellon file', () => {
    expect(() => readExcellon(`M48\nMETRIC\nT1C1\n%\nT1\nX1.5.3cr3tY0\nM30\n`, 'bad.drl')).toThrow(/^bad\.drl:6: malformed coordinate \(5 characters after X\)$/)
    // a line it cannot read is a warning, described the same way
    expect(readExcellon(`M48\nMETRIC\nT1C1\n%\nT1\nXs3cr3t\nX0Y0\nM30\n`, 'bad.drl').diagnostics.map((d) => d.message))
      .toContain('unsupported Excellon command (a 7-character command starting with X) ignored')
  })
})

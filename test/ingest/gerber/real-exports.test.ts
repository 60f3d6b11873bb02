// What real CAD exports hold that a strict reader refuses or loses: X2 pad definitions (also in KiCad 5's
// `G04 #@!` comment form), several parameters in one %…% block, more coordinate digits than %FS declares
// (Allegro), and the files that must be input errors: empty, cut short (no M02), copper/mask/paste with no image.

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.ts'
import { readGerber } from '../../../src/ingest/gerber/index.ts'

const errorOf = (text: string, file = 'bad.gbr'): InputError => {
  try {
    readGerber(text, file)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}
const HEAD = '%FSLAX46Y46*%\n%MOMM*%\n'

describe('X2 pad definitions', () => {
  it('keep CuDef / SMDef of SMDPad and BGAPad apertures on flashes and regions, and nothing for other functions', () => {
    const img = readGerber(`${HEAD}%TA.AperFunction,SMDPad,CuDef*%\n%ADD10C,0.4*%\n%TA.AperFunction,BGAPad,SMDef*%\n%ADD11C,0.3*%\n` +
      `%TA.AperFunction,ViaPad*%\n%ADD12C,0.5*%\n%TA.AperFunction,ComponentPad,CuDef*%\n%ADD13C,1*%\n%TD*%\n` +
      `D10*\nX0Y0D03*\nD11*\nX1000000Y0D03*\nD12*\nX2000000Y0D03*\nD13*\nX3000000Y0D03*\n` +
      `%TA.AperFunction,SMDPad,SMDef*%\nG36*\nX0Y5000000D02*\nX1000000Y5000000D01*\nX1000000Y6000000D01*\nG37*\nM02*\n`, 'pads.gbr')
    expect(img.features.map((f) => [f.kind, f.aperFunction, f.padDefinition])).toEqual([
      ['flash', 'SMDPad', 'CuDef'], ['flash', 'BGAPad', 'SMDef'], ['flash', 'ViaPad', undefined],
      ['flash', 'ComponentPad', undefined], // CuDef only qualifies SMD and BGA pads
      ['region', 'SMDPad', 'SMDef']])
    expect('padDefinition' in img.features[2]!).toBe(false) // absent, not undefined: reports spread features' keys
  })

  it('read the KiCad 5 G04 #@! comment form exactly like %TF/%TA/%TO (Fomu: BGAPad,CuDef with TO.P/TO.C)', () => {
    const comment = readGerber('G04 #@! TF.FileFunction,Copper,L4,Bot*\nG04 #@! TF.FilePolarity,Positive*\n%FSLAX45Y45*%\n%MOMM*%\n' +
      'G04 #@! TA.AperFunction,BGAPad,CuDef*\n%ADD17C,0.200000*%\nG04 #@! TD*\nD17*\nG04 #@! TO.P,U5,A1*\nG04 #@! TO.N,GND*\n' +
      'G04 #@! TO.C,U5*\nX2000000Y-2000000D03*\nG04 #@! TD*\nM02*\n', 'tomu-fpga-B.Cu.gbl')
    const extended = readGerber('%TF.FileFunction,Copper,L4,Bot*%\n%TF.FilePolarity,Positive*%\n%FSLAX45Y45*%\n%MOMM*%\n' +
      '%TA.AperFunction,BGAPad,CuDef*%\n%ADD17C,0.200000*%\n%TD*%\nD17*\n%TO.P,U5,A1*%\n%TO.N,GND*%\n' +
      '%TO.C,U5*%\nX2000000Y-2000000D03*\n%TD*%\nM02*\n', 'tomu-fpga-B.Cu.gbl')
    expect(comment.fileFunction).toEqual(['Copper', 'L4', 'Bot'])
    expect(comment.features).toStrictEqual(extended.features)
    expect(comment.features[0]).toMatchObject({ aperFunction: 'BGAPad', padDefinition: 'CuDef', component: 'U5', pin: 'A1', net: 'GND',
      shape: { type: 'circle', cx: 20_000_000, cy: -20_000_000, diameter: 200_000 } }) // 2000000 in 4.5 mm = 20 mm
    expect(comment.diagnostics).toStrictEqual(extended.diagnostics)
  })
})

describe('real exports read with a warning', () => {
  it('reads several parameters in one %…% block (Allegro: %FSLAX25Y25*MOMM*% and %IR0*IPPOS*OFA0B0*…%)', () => {
    const img = readGerber('%FSLAX25Y25*MOMM*%\n%IR0*IPPOS*OFA0.00000B0.00000*MIA0B0*SFA1.00000B1.00000*%\n%ADD10C,.5004*%\n%LPD*%\nD10*\nX100000Y200000D03*\nM02*\n', 'multi.art')
    expect(img.units).toBe('mm')
    expect(img.features.map((f) => f.shape)).toEqual([{ type: 'circle', cx: 1_000_000, cy: 2_000_000, diameter: 500_400 }])
  })

  it('reads coordinates with more integer digits than %FS declares with the declared decimals, and warns once per file', () => {
    // %FSLAX25*%: 7 digits; X10012345 has 8: 100.12345 mm (the last 5 digits are decimals)
    const text = '%FSLAX25Y25*%\n%MOMM*%\n%ADD10C,0.5*%\nD10*\nX100000Y200000D03*\nX10012345Y2000000D03*\nX12345678Y12345678D03*\nX20000000Y0D02*\nX20000000Y10000000D01*\nM02*\n'
    const img = readGerber(text, 'BuddyBoard_Rev1-L01.art')
    expect(img.features.map((f) => f.shape)).toEqual([
      { type: 'circle', cx: 1_000_000, cy: 2_000_000, diameter: 500_000 },
      { type: 'circle', cx: 100_123_450, cy: 20_000_000, diameter: 500_000 },
      { type: 'circle', cx: 123_456_780, cy: 123_456_780, diameter: 500_000 },
      { type: 'stroke', x1: 200_000_000, y1: 0, x2: 200_000_000, y2: 100_000_000, width: 500_000 },
    ])
    const warnings = img.diagnostics.filter((d) => /digits but the format/.test(d.message))
    expect(warnings.map((d) => [d.severity, d.source.line])).toEqual([['warning', 6]])
    expect(warnings[0]!.message).toMatch(/Coordinate X has 8 digits but the format %FSLAX25% allows 7: read with the declared 5 decimal digits/)
  })
})

describe('input errors, never warnings', () => {
  it('an empty file', () => {
    expect(errorOf('')).toMatchObject({ file: 'bad.gbr', line: 1, what: expect.stringMatching(/The file is empty/) })
    expect(errorOf('\n  \r\n').line).toBe(1)
  })

  it('a file without M02 (cut short), at its last line', () => {
    expect(errorOf(`${HEAD}%ADD10C,1*%\nD10*\nX0Y0D03*\n`)).toMatchObject({ line: 6, what: expect.stringMatching(/No M02/) })
  })

  it('a copper file with no image at all: by X2 and by name, at the M02', () => {
    const onlyHeader = (head: string) => `${head}${HEAD}%LPD*%\nG01*\nM02*\n`
    expect(errorOf(onlyHeader(''), 'board.GTL').what).toMatch(/This copper file \(top\) has no image at all.*export the copper layer again/)
    expect(errorOf(onlyHeader('%TF.FileFunction,Copper,L1,Top*%\n'), 'x.gbr').line).toBe(6) // the M02
  })

  it('reads a mask or paste file with no image as an empty layer, with a warning naming the side (X2, KiCad 5 comment form, Allegro header)', () => {
    // the engine, which knows the bump pads, lists the rules that need the layer as not run there
    const onlyHeader = (head: string) => `${head}${HEAD}%LPD*%\nG01*\nM02*\n`
    const warned = (text: string, file: string) => readGerber(text, file).diagnostics.map((d) => [d.severity, d.message])
    expect(warned(onlyHeader('%TF.FileFunction,Paste,Top*%\n'), 'x.gbr')).toEqual([['warning',
      'This paste file (top) has no image at all (no flash, draw or region): read as an empty layer; the rules that need it are not run where the top side has bump pads']])
    expect(warned(onlyHeader('G04 #@! TF.FileFunction,Soldermask,Bot*\n'), 'x.gbr')[0]![1]).toMatch(/This solder mask file \(bottom\) has no image/)
    expect(warned(onlyHeader('G04 Layer:  PIN/PASTEMASK_TOP*\nG04 Layer:  BOARD GEOMETRY/OUTLINE*\n'), 'film.art')[0]![1]).toMatch(/paste file \(top\)/)
  })

  it('not for empty legend, outline or unknown layers, nor for an empty negative copper plane (warned)', () => {
    expect(readGerber(`%TF.FileFunction,Legend,Top*%\n${HEAD}M02*\n`, 'x.gbr').diagnostics).toEqual([])
    expect(readGerber(`${HEAD}M02*\n`, 'board-Edge_Cuts.gbr').features).toEqual([])
    expect(readGerber(`${HEAD}M02*\n`, 'l9.grb').features).toEqual([])
    const plane = readGerber(`%TF.FileFunction,Copper,L2,Inr,Plane*%\n%TF.FilePolarity,Negative*%\n${HEAD}M02*\n`, 'x.gbr')
    expect(plane.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/negative copper layer with nothing cut out, read as a solid plane/)])
  })
})

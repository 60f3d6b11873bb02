import { describe, expect, it } from 'vitest'
import { mm } from './helpers.ts'

describe('X2 attributes', () => {
  it('reads TF file attributes, FileFunction and FilePolarity', () => {
    // one flash: an empty copper file is an input error
    const img = mm('%TF.FileFunction,Copper,L1,Top*%\n%TF.FilePolarity,Positive*%\n%TF.GenerationSoftware,KiCad,Pcbnew,6.0*%\n%ADD10C,1*%\nD10*\nX0Y0D03*')
    expect(img.fileFunction).toEqual(['Copper', 'L1', 'Top'])
    expect(img.filePolarity).toBe('Positive')
    expect(img.attributes['.GenerationSoftware']).toEqual(['KiCad', 'Pcbnew', '6.0'])
  })

  it('honours attributes written in G04 #@! comments (KiCad 5)', () => {
    const img = mm('G04 #@! TF.FileFunction,Soldermask,Top*\nG04 #@! TA.AperFunction,ComponentPad*\n%ADD10C,1*%\nG04 #@! TD*\nD10*\nX0Y0D03*')
    expect(img.fileFunction).toEqual(['Soldermask', 'Top'])
    expect(img.features[0]!.aperFunction).toBe('ComponentPad')
  })

  it('gives each flash the aperture function of its aperture and the component, pin and net current at it', () => {
    const img = mm([
      '%TA.AperFunction,SMDPad,CuDef*%', '%ADD10C,0.4*%', '%TA.AperFunction,BGAPad,CuDef*%', '%ADD11C,0.3*%', '%TD*%',
      '%ADD12C,0.1*%',
      'D10*', '%TO.C,U1*%', '%TO.P,U1,A7*%', '%TO.N,GND*%', 'X0Y0D03*',
      '%TO.P,U1,B2*%', '%TO.N,VCC*%', 'D11*', 'X1000000Y0D03*',
      '%TD.N*%', 'X2000000Y0D03*',
      '%TD*%', 'D12*', 'X3000000Y0D03*',
    ].join('\n'))
    const [a, b, c, d] = img.features
    expect(a).toMatchObject({ aperFunction: 'SMDPad', component: 'U1', pin: 'A7', net: 'GND' })
    expect(b).toMatchObject({ aperFunction: 'BGAPad', component: 'U1', pin: 'B2', net: 'VCC' })
    expect(c).toMatchObject({ aperFunction: 'BGAPad', component: 'U1', pin: 'B2' })
    expect(c!.net).toBeUndefined()
    expect(d!.aperFunction).toBeUndefined()
    expect(d!.component).toBeUndefined()
  })

  it('keeps the IPC-4761 type of a ViaDrill aperture (`ViaDrill,VII`), and only of a ViaDrill', () => {
    const img = mm(['%TA.AperFunction,ViaDrill,VII*%', '%ADD10C,0.3*%', '%TA.AperFunction,ViaDrill*%', '%ADD11C,0.3*%',
      '%TA.AperFunction,SMDPad,CuDef*%', '%ADD12C,0.3*%', '%TD*%', 'D10*', 'X0Y0D03*', 'D11*', 'X1000000Y0D03*', 'D12*', 'X2000000Y0D03*'].join('\n'))
    expect(img.features.map((f) => [f.aperFunction, f.ipc4761, f.padDefinition])).toEqual([['ViaDrill', 'VII', undefined], ['ViaDrill', undefined, undefined], ['SMDPad', undefined, 'CuDef']])
  })

  it('takes the component from .P when there is no .C', () => {
    const img = mm('%ADD10C,1*%\nD10*\n%TO.P,J3,2*%\nX0Y0D03*')
    expect(img.features[0]).toMatchObject({ component: 'J3', pin: '2' })
  })

  it('gives a region the aperture function in the TA dictionary at the region', () => {
    const img = mm('%TA.AperFunction,Conductor*%\nG36*\nX0Y0D02*\nG01X1000000Y0D01*\nY1000000D01*\nG37*')
    expect(img.features[0]!.aperFunction).toBe('Conductor')
  })

  it('warns about an unknown standard attribute with its line', () => {
    const img = mm('%TA.NoSuchThing,1*%')
    expect(img.diagnostics.find((d) => /\.NoSuchThing/.test(d.message))?.source.line).toBe(3)
  })
})

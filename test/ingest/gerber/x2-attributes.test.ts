// X2Attributes: TF / TA / TO dictionaries while a file is plotted, scoped by TD.

import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.ts'
import { DiagnosticLog } from '../../../src/ingest/gerber/parse.ts'
import { parseAttribute, X2Attributes } from '../../../src/ingest/gerber/x2.ts'

const make = () => {
  const log = new DiagnosticLog('x.gbr')
  const x2 = new X2Attributes('x.gbr', log)
  return { log, x2, apply: (text: string, line = 1) => x2.apply(parseAttribute(text, line)) }
}

describe('X2Attributes', () => {
  it('takes component and pin from TO.P, the component from TO.C over it, the net from TO.N', () => {
    const { x2, apply } = make()
    apply('TO.P,U1,A7')
    expect([x2.component, x2.pin, x2.net]).toEqual(['U1', 'A7', undefined])
    apply('TO.C,R12')
    apply('TO.N,GND')
    expect([x2.component, x2.pin, x2.net]).toEqual(['R12', 'A7', 'GND'])
  })

  it('TD with a name deletes that attribute only; TD alone deletes every aperture and object attribute, not file ones', () => {
    const { x2, apply } = make()
    apply('TF.FileFunction,Copper,L1,Top')
    apply('TA.AperFunction,SMDPad,CuDef')
    apply('TO.P,U1,A7')
    apply('TO.N,VCC')
    apply('TD.P')
    expect([x2.component, x2.pin, x2.net]).toEqual([undefined, undefined, 'VCC'])
    expect(x2.aperture).toEqual({ '.AperFunction': ['SMDPad', 'CuDef'] })
    apply('TD')
    expect([x2.component, x2.pin, x2.net]).toEqual([undefined, undefined, undefined])
    expect(x2.aperture).toEqual({})
    expect(x2.file).toEqual({ '.FileFunction': ['Copper', 'L1', 'Top'] })
  })

  it('replaces the aperture dictionary rather than changing it: an aperture keeps what was in force at its AD', () => {
    const { x2, apply } = make()
    apply('TA.AperFunction,ViaPad')
    const atFirstAd = x2.aperture
    apply('TA.AperFunction,ComponentPad')
    apply('TD.AperFunction')
    expect(atFirstAd).toEqual({ '.AperFunction': ['ViaPad'] })
    expect(x2.aperture).toEqual({})
  })

  it('keeps a name like "constructor" or "__proto__" as an own key and reads no inherited one', () => {
    const { x2, apply } = make()
    apply('TOconstructor,x')
    apply('TO__proto__,y')
    expect([x2.component, x2.pin, x2.net]).toEqual([undefined, undefined, undefined])
  })

  it('warns once per unknown standard name, and refuses an attribute with no name', () => {
    const { log, apply } = make()
    apply('TA.Colour,red', 3)
    apply('TA.Colour,blue', 4)
    apply('TFCustom,1', 5) // a user attribute (no leading dot): not checked
    expect(log.list.map((d) => [d.source.line, d.message])).toEqual([[3, 'Unknown standard attribute TA.Colour: kept but not interpreted']])
    expect(() => apply('TO', 9)).toThrow(InputError)
    try { apply('TO', 9) } catch (e) { expect(e).toMatchObject({ line: 9, what: '%TO*% without an attribute name' }) }
  })
})

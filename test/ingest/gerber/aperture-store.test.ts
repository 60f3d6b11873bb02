// ApertureStore: apertures and macros defined, selected and fetched, with the errors a file gets.

import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.ts'
import { DEFAULT_TOLERANCE } from '../../../src/geometry/polygonize.ts'
import { ApertureStore } from '../../../src/ingest/gerber/aperture-store.ts'
import { parseMacro } from '../../../src/ingest/gerber/macro.ts'
import { DiagnosticLog } from '../../../src/ingest/gerber/parse.ts'
import type { ApertureDefinition } from '../../../src/ingest/gerber/tree.ts'
import { CoordinateFormat } from '../../../src/ingest/gerber/units.ts'

const make = (units?: 'mm' | 'inch') => {
  const log = new DiagnosticLog('a.gbr')
  const format = new CoordinateFormat('a.gbr', log)
  if (units) format.setUnits(units)
  return { log, store: new ApertureStore('a.gbr', log, format, DEFAULT_TOLERANCE, 1000) }
}
const ad = (line: number, code: number, template: string, params: number[]): ApertureDefinition =>
  ({ type: 'apertureDefinition', line, code, template, params })
const failure = (run: () => void): InputError => {
  try { run() } catch (e) { if (e instanceof InputError) return e; throw e }
  throw new Error('did not throw')
}

describe('ApertureStore', () => {
  it('stores an aperture at the units in force and fetches it once selected', () => {
    const { store } = make('inch')
    store.define(ad(3, 10, 'C', [0.02]), {})
    store.define(ad(4, 11, 'R', [0.5, 0.25]), {})
    store.select(11, 6)
    const rect = store.require(7, 'Flash (D03)')
    expect([rect.code, rect.kind, rect.width, rect.height]).toEqual([11, 'rect', 12_700_000, 6_350_000])
    store.select(10, 8)
    expect(store.require(9, 'Flash (D03)')).toMatchObject({ code: 10, kind: 'circle', width: 508_000, height: 508_000 })
  })

  it('takes the aperture attributes in force at the definition', () => {
    const { store } = make('mm')
    store.define(ad(3, 12, 'C', [0.3]), { '.AperFunction': ['SMDPad', 'CuDef'] })
    store.select(12, 4)
    expect(store.current).toMatchObject({ aperFunction: 'SMDPad', padDefinition: 'CuDef', attributes: { '.AperFunction': ['SMDPad', 'CuDef'] } })
  })

  it('keeps the later of two definitions of a code, with one warning', () => {
    const { store, log } = make('mm')
    store.define(ad(3, 10, 'C', [0.1]), {})
    store.define(ad(4, 10, 'C', [0.2]), {})
    store.define(ad(5, 10, 'C', [0.4]), {})
    store.select(10, 6)
    expect(store.current!.width).toBe(400_000)
    expect(log.list.map((d) => [d.source.line, d.message])).toEqual([[4, 'Aperture D10 defined again: the later definition is used']])
  })

  it('builds a macro aperture from a stored %AM: a 1 × 2 mm centre line', () => {
    const { store } = make('mm')
    store.defineMacro(parseMacro('BOX', ['21,1,$1,$2,0,0,0'], [2], 'a.gbr', 64))
    store.define(ad(3, 20, 'BOX', [1, 2]), {})
    store.select(20, 4)
    const box = store.current!
    expect(box.kind).toBe('macro')
    expect(box.paths!.flat().map((p) => [p.x, p.y]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!))
      .toEqual([[-500_000, -1_000_000], [-500_000, 1_000_000], [500_000, -1_000_000], [500_000, 1_000_000]])
  })

  it('refuses an undefined code and a flash with nothing selected, naming the line', () => {
    const { store } = make('mm')
    expect(failure(() => store.require(5, 'Flash (D03)'))).toMatchObject({ line: 5, what: 'Flash (D03) without a selected aperture (no Dnn before it)' })
    expect(failure(() => store.select(33, 7))).toMatchObject({
      line: 7, what: 'Aperture D33 is used but never defined (no %ADD33…*% or %ABD33*% before it)',
    })
  })

  it('assumes inch for a definition in a file without %MO, warning at its line', () => {
    const { store, log } = make()
    store.define(ad(2, 10, 'C', [0.01]), {})
    store.select(10, 3)
    expect(store.current!.width).toBe(254_000)
    expect(log.list.map((d) => d.source.line)).toEqual([2])
  })
})

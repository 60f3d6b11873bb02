// CoordinateFormat: %FS / %MO and the file numbers they turn into nm (values worked by hand).

import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.ts'
import { DiagnosticLog } from '../../../src/ingest/gerber/parse.ts'
import { CoordinateFormat } from '../../../src/ingest/gerber/units.ts'

const make = () => {
  const log = new DiagnosticLog('u.gbr')
  return { log, format: new CoordinateFormat('u.gbr', log) }
}

describe('CoordinateFormat', () => {
  it('reads a 2.4 inch coordinate: X12345 is 1.2345 in = 31.3563 mm', () => {
    const { format } = make()
    format.setUnits('inch')
    format.setFormat(4, false)
    expect(format.factor).toBe(2540) // 25.4 mm / 10^4
    expect(format.coordinate(12345, 0)).toBe(31_356_300)
    expect(format.coordinate(-1, 0)).toBe(-2540)
  })

  it('reads a 4.6 mm coordinate to the nm, whichever of %FS and %MO comes first', () => {
    const { format } = make()
    format.setFormat(6, false)
    format.setUnits('mm')
    expect(format.factor).toBe(1)
    expect(format.coordinate(1_500_000, 7)).toBe(1_500_000)
    // 3.3 mm: X1 is 1 µm
    format.setFormat(3, false)
    expect(format.coordinate(2, 0)).toBe(2000)
  })

  it('keeps the previous value for a missing axis (NaN), and adds to it in incremental notation', () => {
    const { format } = make()
    format.setUnits('mm')
    format.setFormat(3, true)
    expect(format.coordinate(NaN, 123)).toBe(123)
    expect(format.coordinate(250, 1000)).toBe(251_000)
    format.incremental = false
    expect(format.coordinate(250, 1000)).toBe(250_000)
  })

  it('arc offsets are never incremental, and a missing one is 0', () => {
    const { format } = make()
    format.setUnits('mm')
    format.setFormat(3, true)
    expect(format.offset(NaN)).toBe(0)
    expect(format.offset(-1500)).toBe(-1_500_000)
  })

  it('refuses an operation before %FS, naming the line', () => {
    const { format } = make()
    format.setUnits('mm')
    const error = (() => { try { format.ready(9) } catch (e) { return e } })()
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).line).toBe(9)
    expect((error as InputError).what).toBe('Operation before the format statement %FS...%')
  })

  it('assumes inch, with one warning at the first use of the units, when no %MO is given', () => {
    const { format, log } = make()
    format.setFormat(4, false)
    expect(format.factor).toBe(2540) // coordinates read as inch until told otherwise
    format.ready(5) // the format is known: nothing to assume yet
    expect(format.units).toBe(undefined)
    expect(format.nmPerUnit(8)).toBe(25_400_000)
    expect(format.nmPerUnit(9)).toBe(25_400_000)
    expect(format.units).toBe('inch')
    expect(log.list.map((d) => [d.source.line, d.message])).toEqual([
      [8, 'No unit statement (%MOMM*% / %MOIN*%) before the first use: inch assumed (the historic default)'],
    ])
  })
})

// RegionBuilder: G36 … G37 contours closed and unioned, with the errors and warnings a file gets.

import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.ts'
import { area } from '../../../src/geometry/boolean.ts'
import { DiagnosticLog } from '../../../src/ingest/gerber/parse.ts'
import { RegionBuilder } from '../../../src/ingest/gerber/region.ts'

const make = () => {
  const log = new DiagnosticLog('r.gbr')
  return { log, region: new RegionBuilder('r.gbr', log) }
}
const failure = (run: () => void): InputError => {
  try { run() } catch (e) { if (e instanceof InputError) return e; throw e }
  throw new Error('did not throw')
}
/** A contour traced from `points`, as D02 then D01s. */
const trace = (region: RegionBuilder, points: [number, number][]) => {
  region.moveTo({ x: points[0]![0], y: points[0]![1] })
  for (const [x, y] of points.slice(1)) region.lineTo({ x, y })
}

describe('RegionBuilder', () => {
  it('closes a clockwise 10 × 5 contour written without its last edge: area 50, one CCW ring', () => {
    const { region } = make()
    region.start(4)
    trace(region, [[0, 0], [0, 5], [10, 5], [10, 0]])
    const paths = region.end(9)!
    expect(paths).toHaveLength(1)
    expect(area(paths)).toBe(50)
    expect(region.open).toBe(false)
    expect(region.line).toBe(4) // the feature is named by its G36
  })

  it('a square hole traced the other way inside one contour stays a hole: 100 − 4 = 96', () => {
    const { region } = make()
    region.start(1)
    // outer CCW, cut in to the hole along x = 0…4 and back: the hole is traced CW
    trace(region, [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0], [4, 4], [4, 6], [6, 6], [6, 4], [4, 4], [0, 0]])
    expect(area(region.end(2)!)).toBe(96)
  })

  it('unions two overlapping contours (D02 starts the second): 4 + 4 − 1 = 7', () => {
    const { region } = make()
    region.start(1)
    trace(region, [[0, 0], [2, 0], [2, 2], [0, 2]])
    trace(region, [[1, 1], [3, 1], [3, 3], [1, 3]])
    expect(area(region.end(2)!)).toBe(7)
  })

  it('drops contours of fewer than three points, warning at the G36 when nothing is left', () => {
    const { region, log } = make()
    region.start(3)
    expect(region.empty).toBe(true)
    trace(region, [[0, 0], [5, 5]])
    expect(region.empty).toBe(false)
    region.moveTo({ x: 9, y: 9 })
    expect(region.end(6)).toBe(undefined)
    region.start(7)
    trace(region, [[0, 0], [5, 0], [10, 0]])
    expect(region.end(8)).toBe(undefined)
    expect(log.list.map((d) => [d.source.line, d.message])).toEqual([
      [3, 'Region (G36…G37) without any contour of three or more points: nothing drawn'],
      [7, 'Region (G36…G37) has zero area: nothing drawn'],
    ])
  })

  it('refuses G36 inside a region and G37 without G36, naming the lines', () => {
    const { region } = make()
    expect(failure(() => region.end(2))).toMatchObject({ line: 2, what: 'G37 without a G36 before it' })
    region.start(5)
    expect(failure(() => region.start(8))).toMatchObject({ line: 8, what: 'G36 inside a region already open since line 5' })
  })
})

// End to end on a real KiCad board: every seeded defect of truth.json is found by its rule at its
// site, and nothing else is an error; the defect-free twin reports no error.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { check } from '../../src/check.ts'

const dir = 'fixtures/kicad-bga-dev'
const deck = `${dir}/deck.json`
const truth = JSON.parse(readFileSync(`${dir}/truth.json`, 'utf8')) as {
  defects: { rule: string; ref?: string; pad?: string; at_mm: [number, number] }[]
}

describe('kicad-bga-dev with its deck', () => {
  it('reports each seeded defect by the named rule within 0.05 mm of its site, and no other error', async () => {
    const report = await check([`${dir}/gerber`], { deck })
    expect(report.inputErrors).toEqual([])
    const errors = report.findings.filter((f) => f.severity === 'error')
    const unmatched = [...errors]
    for (const defect of truth.defects) {
      // truth is in KiCad board coordinates (y down); Gerber has y negated
      const [x, y] = [defect.at_mm[0], -defect.at_mm[1]]
      const hit = unmatched.findIndex((f) => f.rule === defect.rule && Math.hypot(f.at.x - x, f.at.y - y) <= 0.05)
      expect(hit, `${defect.rule} at ${x},${y} (${defect.ref ?? ''} ${defect.pad ?? ''})`).toBeGreaterThanOrEqual(0)
      unmatched.splice(hit, 1)
    }
    expect(unmatched).toEqual([])
    expect(report.summary.pass).toBe(false)
  })

  it('names component and pin from the X2 attributes in each pad finding', async () => {
    const report = await check([`${dir}/gerber`], { deck })
    const narrow = report.findings.find((f) => f.rule === 'pad-wettable-area')!
    expect(narrow.features[0]).toMatchObject({ component: 'U1', pin: 'A6', file: `${dir}/gerber/bga-dev-F_Cu.gbr` })
    const short = report.findings.filter((f) => f.rule === 'bump-coplanarity').map((f) => f.features[0]!.pin).sort()
    expect(short).toEqual(['D23', 'D24', 'Y7'])
  })

  it('reports no error on the defect-free twin', async () => {
    const report = await check([`${dir}/gerber-clean`], { deck })
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([])
    expect(report.summary.pass).toBe(true)
  })

  it('measures the seeded values: 0.18 mm paste overhang, 0.25 mm via pitch', async () => {
    const report = await check([`${dir}/gerber`], { deck })
    const overhangs = report.findings.filter((f) => f.messageId === 'tooFar').map((f) => f.measured)
    // paste margin +0.18 mm on a round land: the deposit edge is 0.18 mm past the pad edge
    expect(overhangs).toEqual([0.18, 0.18, 0.18])
    const vias = report.findings.find((f) => f.rule === 'via-pitch')!
    expect(vias.measured).toBe(0.25)
    expect(vias.limit).toBe(0.5)
  })
})

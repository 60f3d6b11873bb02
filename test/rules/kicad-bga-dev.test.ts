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
      const hit = unmatched.findIndex((f) => f.rule === defect.rule && f.at !== null && Math.hypot(f.at.x - x, f.at.y - y) <= 0.05)
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
    // the U4 short-paste pads are too little paste (pad-deposit), not a coplanarity fault under ball-paste (see truth.json)
    const short = report.findings.filter((f) => f.rule === 'pad-deposit').map((f) => f.features[0]!.pin).sort()
    expect(short).toEqual(['D23', 'D24', 'Y7'])
    expect(report.findings.filter((f) => f.rule === 'bump-coplanarity')).toEqual([])
  })

  it('reports no error on the defect-free twin, with its deck and with the pcb-bga preset', async () => {
    for (const d of [deck, 'pcb-bga']) {
      const report = await check([`${dir}/gerber-clean`], { deck: d })
      expect(report.findings.filter((f) => f.severity === 'error'), d).toEqual([])
      expect(report.summary.pass).toBe(true)
    }
  })

  it('re-judges the U4 short paste with ball-paste: 0.2704 deposit ratio, joint 15.3 µm low (within 0.05 mm); the preset adds area ratio 0.65', async () => {
    const report = await check([`${dir}/gerber`], { deck })
    const u4 = report.findings.filter((f) => f.features[0]?.component === 'U4')
    // (0.26 / 0.5)² = 0.2704
    expect(u4.filter((f) => f.rule === 'pad-deposit').map((f) => [f.messageId, f.measured, f.limit])).toEqual(Array(3).fill(['tooLittle', 0.2704, 0.6]))
    // the pcb-bga preset also runs deposit-printability: 0.26 / (4 × 0.1) = 0.65 < 0.66; still no coplanarity finding
    const preset = await check([`${dir}/gerber`], { deck: 'pcb-bga' })
    const presetU4 = preset.findings.filter((f) => f.features[0]?.component === 'U4')
    expect(presetU4.filter((f) => f.rule === 'deposit-printability').map((f) => [f.messageId, f.measured, f.limit])).toEqual(Array(3).fill(['areaRatio', 0.65, 0.66]))
    expect(presetU4.filter((f) => f.rule === 'pad-deposit')).toHaveLength(3)
    expect(preset.findings.filter((f) => f.rule === 'bump-coplanarity')).toEqual([])
    // with pad-deposit off and a 0.01 mm limit, coplanarity sees the 15.3 µm drop itself: 0.4235 − 0.4082 mm
    const raw = JSON.parse(readFileSync(deck, 'utf8'))
    raw.rules['pad-deposit'] = 'off'
    raw.rules['bump-coplanarity'][1].maxCoplanarity = 0.01
    const strict = await check([`${dir}/gerber`], { deck: raw })
    const off = strict.findings.filter((f) => f.rule === 'bump-coplanarity')
    expect(off.map((f) => f.features[0]!.pin).sort()).toEqual(['D23', 'D24', 'Y7'])
    for (const f of off) expect(f.measured).toBeCloseTo(0.0153, 3)
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

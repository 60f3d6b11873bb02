// Defects seeded the way a layout engineer makes them: pad edits in KiCad (scripts/seed-kicad-board.py
// changes one pad's or one footprint's mask or paste expansion in the clean twin of the bundled board,
// then pcbnew plots it). Each must be found by the right rule at the seeded pad, and nothing else;
// the unedited plot must pass. The full pcb-bga preset judges every board, as a user would run it.
// Hand-worked numbers (0.1 mm foil; lands: U1/U4 Ø0.5 mm at 1 mm, U2/U5 Ø0.4 mm at 0.8 mm, U3 Ø0.25 mm at 0.5 mm;
// the board's mask and paste expansions are 0, so openings and apertures are 1:1):
// - aperture Ø0.26 mm (paste −0.12 on Ø0.5): area ratio 0.26 / (4 · 0.1) = 0.65 < 0.66; deposit ratio (0.26/0.5)² = 0.2704 < 0.6
// - aperture Ø0.3 mm (paste −0.1 on Ø0.5): area ratio 0.75, prints; deposit ratio 0.36 < 0.6
// - mask +0.33 on U2-C3: opening Ø1.06 mm; dam to a Ø0.4 mm neighbour opening 0.8 − 0.53 − 0.2 = 0.07 < 0.075 mm
// - mask +0.02 on a copper-defined pad: clearance 0.02 < 0.05 mm
// - mask +0.1 on all of U3: openings Ø0.45 mm at 0.5 mm, dams 0.05 < 0.075 mm: one finding for the array
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { check } from '../../src/check.ts'

const BOARD = 'fixtures/kicad-bga-dev/bga-dev-clean.kicad_pcb'
const root = mkdtempSync(join(tmpdir(), 'bumpcheck-seeded-kicad-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let boards = 0
/** Plot the clean board with `edits`; returns the folder and each edited pad's centre (mm, as plotted). */
function seed(...edits: string[]): { dir: string; sites: Record<string, [number, number]> } {
  const dir = join(root, `board-${boards++}`)
  const out = execFileSync('/usr/bin/python3', ['scripts/seed-kicad-board.py', BOARD, dir, ...edits], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  return { dir, sites: JSON.parse(out.trim().split('\n').pop()!) }
}

async function findings(dir: string) {
  const report = await check([dir], { deck: 'pcb-bga' })
  return { report, list: report.findings.map((f) => [f.rule, f.messageId, f.at!.x, f.at!.y, f.measured, f.limit]) }
}

describe('defects seeded in KiCad on the clean twin, judged by the pcb-bga preset', () => {
  it('the unedited plot passes with no finding', async () => {
    const { report } = await findings(seed().dir)
    expect(report.summary.verdict).toBe('PASS')
    expect(report.findings).toEqual([])
  })

  it('a Ø0.26 mm aperture on a Ø0.5 mm land: area ratio 0.65 (printability) and deposit ratio 0.2704, at the pad', async () => {
    const { dir, sites } = seed('U1:B2:paste=-0.12')
    const [x, y] = sites['U1-B2']!
    expect((await findings(dir)).list).toEqual([
      ['deposit-printability', 'areaRatio', x, y, 0.65, 0.66],
      ['pad-deposit', 'tooLittle', x, y, 0.2704, 0.6],
    ])
  })

  it('a Ø0.3 mm aperture prints (area ratio 0.75) but holds too little paste: deposit ratio 0.36 only', async () => {
    const { dir, sites } = seed('U4:C3:paste=-0.1')
    const [x, y] = sites['U4-C3']!
    expect((await findings(dir)).list).toEqual([['pad-deposit', 'tooLittle', x, y, 0.36, 0.6]])
  })

  it('one mask opening grown to Ø1.06 mm at 0.8 mm pitch: a 0.07 mm dam, at the grown opening', async () => {
    const { dir, sites } = seed('U2:C3:mask=0.33')
    const [x, y] = sites['U2-C3']!
    expect((await findings(dir)).list).toEqual([['mask-web', 'web', x, y, 0.07, 0.075]])
  })

  it('an NSMD opening 0.02 mm larger than its land: clearance 0.02 below 0.05, at the pad', async () => {
    const { dir, sites } = seed('U4:D4:mask=0.02')
    const [x, y] = sites['U4-D4']!
    expect((await findings(dir)).list).toEqual([['mask-web', 'nsmdClearance', x, y, 0.02, 0.05]])
  })

  it('every U3 opening grown by 0.1 mm: 0.05 mm dams across the array, one finding for the array', async () => {
    const { report } = await findings(seed('U3:*:mask=0.1').dir)
    expect(report.findings.map((f) => [f.rule, f.messageId, f.measured, f.limit, f.features[0]!.component])).toEqual([['mask-web', 'web', 0.05, 0.075, 'U3']])
    expect(report.findings[0]!.message).toContain('of the 100 pads of U3 alike')
  })
})

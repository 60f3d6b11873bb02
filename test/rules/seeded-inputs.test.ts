// Issue 12's seeded defects and silent passes, each built from the clean twin of the bundled board:
// a BGA pad with no paste, an aperture shrunk to 40 % of the land, a paste flash written twice,
// the mask missing, one BGA's paste deleted, every rule off. None may end in PASS; the duplicate
// flash must change nothing.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { check } from '../../src/check.ts'

const CLEAN = 'fixtures/kicad-bga-dev/gerber-clean'
const PASTE = 'bga-dev-clean-F_Paste.gbr'
const root = mkdtempSync(join(tmpdir(), 'bumpcheck-seeded-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let boards = 0
/** A copy of the clean board with its top paste file rewritten (or other files removed). */
function variant(edit: (paste: string) => string, remove: string[] = []): string {
  const dir = join(root, `board-${boards++}`)
  cpSync(CLEAN, dir, { recursive: true })
  for (const f of remove) rmSync(join(dir, f))
  const path = join(dir, PASTE)
  if (!remove.includes(PASTE)) writeFileSync(path, edit(readFileSync(path, 'utf8')))
  return dir
}

/**
 * pcb-bga on a 0.08 mm foil: the bundled board's U3 (0.5 mm pitch, 0.25 mm apertures) would not print
 * from the preset's 0.1 mm foil (area ratio 0.625 < 0.66, deposit-printability), so a board with it
 * declares the thinner foil, as a designer would. Everything else is the preset.
 */
function pcbBga(): { [key: string]: any } {
  const deck = JSON.parse(readFileSync('rules/pcb-bga.json', 'utf8'))
  deck.process.stencilThickness = 0.08
  return deck
}
const PCB_BGA = pcbBga()

/** U1's first paste flash, at pad A1 (x −0.5 mm, y −19.5 mm), is the first D03 after `%TO.C,U1*%`. */
const U1_A1 = 'X-500000Y-19500000D03*\n'

describe('seeded defects on the clean twin (pcb-bga)', () => {
  it('the clean twin passes, with its five BGAs taken as bump arrays and nothing out of scope', async () => {
    const report = await check([CLEAN], { deck: PCB_BGA })
    expect(report.summary.verdict).toBe('PASS')
    expect(report.findings).toEqual([])
    expect(report.bumpPads!.arrays.map((a) => `${a.name} ${a.pads} ${a.rows}x${a.columns} ${a.pitch?.x} ${a.chosenBy}`)).toEqual([
      'U1 484 22x22 1 grid', 'U2 144 12x12 0.8 grid', 'U3 100 11x11 0.5 grid', 'U4 676 26x26 1 grid', 'U5 381 20x20 0.8 grid',
    ])
    expect(report.notRun).toEqual([])
  })

  it('finds a BGA pad with its paste removed: pad-deposit missing, at the pad', async () => {
    const report = await check([variant((p) => p.replace(U1_A1, ''))], { deck: PCB_BGA })
    expect(report.findings.map((f) => [f.rule, f.messageId, f.at?.x, f.at?.y])).toEqual([['pad-deposit', 'missing', -0.5, -19.5]])
    expect(report.findings[0]!.message).toContain('Bump pad U1-A1 has no deposit')
  })

  it('finds every pad of a BGA whose paste is all deleted (484 findings), never a pass', async () => {
    const dir = variant((p) => p.replace(/%TO\.C,U1\*%\n(X[^\n]*D03\*\n)+/, ''))
    const report = await check([dir], { deck: PCB_BGA })
    expect(report.summary.byRule).toEqual({ 'pad-deposit': 484 })
    expect(report.findings.every((f) => f.messageId === 'missing' && f.features[0]!.component === 'U1')).toBe(true)
  })

  it('finds a paste aperture shrunk to 40 % of the pad area: ratio 0.4 below 0.6', async () => {
    // a 0.316228 mm circle on the 0.5 mm land: (0.316228 / 0.5)² = 0.4
    const dir = variant((p) => p.replace('%ADD12C,0.400000*%', '%ADD12C,0.400000*%\n%ADD90C,0.316228*%').replace(U1_A1, `D90*\n${U1_A1}D10*\n`))
    const report = await check([dir], { deck: PCB_BGA })
    expect(report.findings.map((f) => [f.rule, f.messageId, f.at?.x, f.at?.y, f.limit])).toEqual([['pad-deposit', 'tooLittle', -0.5, -19.5, 0.6]])
    expect(report.findings[0]!.measured).toBeCloseTo(0.4, 4)
  })

  it('finds a deposit above maxDepositRatio: a 0.65 mm aperture on a 0.5 mm land is 1.69 of it', async () => {
    const dir = variant((p) => p.replace('%ADD12C,0.400000*%', '%ADD12C,0.400000*%\n%ADD90C,0.650000*%').replace(U1_A1, `D90*\n${U1_A1}D10*\n`))
    const deck = pcbBga()
    deck.rules['pad-deposit'][1].maxDepositRatio = 1.5
    deck.rules['bump-coplanarity'] = 'off' // the melt-cap model makes this pad tall; not what this case is about
    const report = await check([dir], { deck })
    expect(report.findings.map((f) => [f.rule, f.messageId, f.at?.x, f.at?.y, f.limit])).toEqual([['pad-deposit', 'tooMuch', -0.5, -19.5, 1.5]])
    expect(report.findings[0]!.measured).toBeCloseTo(1.69, 3)
  })

  it('gives no finding for a paste flash written twice: the deposit area is the union', async () => {
    const report = await check([variant((p) => p.replace(U1_A1, U1_A1 + U1_A1))], { deck: PCB_BGA })
    expect(report.findings).toEqual([])
    expect(report.summary.verdict).toBe('PASS')
  })

  it('subtracts a clear-polarity cut-out drawn after the flash from the deposit area', async () => {
    // a 0.4 mm clear disc inside the 0.5 mm flash leaves 1 − 0.64 = 0.36 of the land: tooLittle
    const dir = variant((p) => p.replace(U1_A1, `${U1_A1}%LPC*%\nD12*\n${U1_A1}%LPD*%\nD10*\n`))
    const report = await check([dir], { deck: PCB_BGA })
    expect(report.findings.map((f) => [f.rule, f.messageId, f.at?.x, f.at?.y])).toEqual([['pad-deposit', 'tooLittle', -0.5, -19.5]])
    expect(report.findings[0]!.measured).toBeCloseTo(0.36, 2)
  })
})

describe('no silent pass (pcb-bga)', () => {
  it('lists the bump rules as not run, INCOMPLETE, when the mask files are gone', async () => {
    const dir = variant((p) => p, ['bga-dev-clean-F_Mask.gbr', 'bga-dev-clean-B_Mask.gbr'])
    const report = await check([dir], { deck: PCB_BGA })
    expect(report.summary.verdict).toBe('INCOMPLETE')
    expect(report.summary.pass).toBe(false)
    const top = report.notRun!.filter((n) => n.side === 'top').map((n) => n.rule)
    expect(top).toEqual(['bump-coplanarity', 'deposit-overhang', 'mask-web', 'pad-deposit', 'pad-wettable-area'])
    const entry = report.notRun!.find((n) => n.rule === 'pad-wettable-area' && n.side === 'top')!
    expect(entry.reason).toBe('no solder-mask layer on the top side')
    expect(entry.fix).toContain('"sides": ["bottom"]')
  })

  it('lists them as not run when the mask files are mapped to other', async () => {
    const report = await check([CLEAN], { deck: PCB_BGA, mapping: { '*Mask*': { role: 'other', side: 'both' } } })
    expect(report.summary.verdict).toBe('INCOMPLETE')
    expect(report.notRun!.some((n) => n.rule === 'pad-wettable-area' && n.side === 'top')).toBe(true)
  })

  it('runs without the rules the deck leaves out on a side: no not-run entry, PASS', async () => {
    const dir = variant((p) => p, ['bga-dev-clean-F_Mask.gbr', 'bga-dev-clean-B_Mask.gbr'])
    const deck = pcbBga()
    for (const id of ['bump-coplanarity', 'deposit-overhang', 'mask-web', 'pad-deposit', 'pad-wettable-area']) deck.rules[id] = 'off'
    const report = await check([dir], { deck })
    expect(report.notRun).toEqual([])
    expect(report.summary.verdict).toBe('PASS')
  })

  it('lists the rules that need paste as not run on a board without paste, and still runs the rest', async () => {
    const dir = variant((p) => p, [PASTE, 'bga-dev-clean-B_Paste.gbr'])
    const report = await check([dir], { deck: PCB_BGA })
    expect(report.summary.verdict).toBe('INCOMPLETE')
    expect(report.notRun!.filter((n) => n.side === 'top').map((n) => n.rule)).toEqual(['bump-coplanarity', 'deposit-overhang', 'deposit-printability', 'pad-deposit'])
    expect(report.rules!.map((r) => r.id)).toContain('pad-wettable-area')
    expect(report.bumpPads!.selection.find((s) => s.side === 'top')!.bumpPads).toBe(1785)
  })

  it('lists the paste rules as not run when the paste file is only a header and M02, or empty, or cut short', async () => {
    const headerOnly = variant((p) => p.slice(0, p.indexOf('D10*')) + 'M02*\n')
    const report = await check([headerOnly], { deck: PCB_BGA })
    expect(report.summary.verdict).toBe('INCOMPLETE')
    const entry = report.notRun!.find((n) => n.rule === 'pad-deposit' && n.side === 'top')!
    expect(entry.reason).toBe('no paste (deposit) layer on the top side (bga-dev-clean-F_Paste.gbr holds no image)')
    for (const [edit, cause] of [[() => '', /empty/i], [(p: string) => p.slice(0, p.indexOf('D10*')), /M02/]] as const) {
      const broken = await check([variant(edit)], { deck: PCB_BGA })
      expect(broken.summary.pass).toBe(false)
      expect(broken.inputErrors.map((e) => e.message).join('\n')).toMatch(cause)
    }
  })

  it('refuses a deck with every rule off', async () => {
    const deck = pcbBga()
    for (const id of Object.keys(deck.rules)) deck.rules[id] = 'off'
    await expect(check([CLEAN], { deck })).rejects.toThrow('every rule is off')
  })

  it('lists every rule that ran with its options', async () => {
    const report = await check([CLEAN], { deck: PCB_BGA })
    expect(report.rules!.find((r) => r.id === 'pad-deposit')!.options).toEqual({ minDepositRatio: 0.6, maxDepositRatio: 2.5 })
  })
})

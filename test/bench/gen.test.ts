import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generate } from '../../bench/gen.ts'
import { compareWithTruth, type TruthDefect } from '../../bench/truth.ts'
import { DEFECT_RULE, PROCESS_DEFECTS, type SubstrateProcess } from '../../bench/substrate.ts'
import { FILE_NAMES } from '../../bench/write-files.ts'
import { check } from '../../src/check.ts'

const root = mkdtempSync(join(tmpdir(), 'bumpcheck-gen-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const digest = (dir: string) =>
  Object.values(FILE_NAMES).map((f) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')).join(' ')

// findings stand on the pad centre, the deposit centre or the via pair's midpoint, which the truth names exactly
const TOLERANCE_MM = 0.002

describe('bench/gen.ts substrate generator', () => {
  it('writes the same bytes for the same seed and different bytes for another', () => {
    const a = generate({ out: join(root, 'a'), bumps: 500, seed: 11, dies: 2, defects: 7 })
    const b = generate({ out: join(root, 'b'), bumps: 500, seed: 11, dies: 2, defects: 7 })
    const c = generate({ out: join(root, 'c'), bumps: 500, seed: 12, dies: 2, defects: 7 })
    expect(digest(a.dir)).toBe(digest(b.dir))
    expect(digest(c.dir)).not.toBe(digest(a.dir))
    // 500 bumps over 2 dies of 250 = 16 columns × 16 rows, the last row partial
    expect(a.bumps).toBe(500)
    const copper = readFileSync(join(a.dir, FILE_NAMES.copper), 'utf8')
    expect(copper.match(/D03\*/g)).toHaveLength(500)
    expect(copper).toContain('%TF.FileFunction,Copper,L1,Top*%')
    expect(copper).toContain('%TO.P,U1,A1*%')
    expect(copper).toContain('%TO.P,U2,P10*%') // row 16 (P), column 10: pad 250 of U2
  })

  // each preset on its own board: flip-chip-substrate's seven kinds, bump-film's six (the moved plug for film-web)
  for (const [process, seed, pitchUm] of [['flip-chip-substrate', 3, 100], ['bump-film', 4, 100]] as [SubstrateProcess, number, number][]) {
    it(`passes the ${process} deck when no defect is seeded, at the tightest pitch`, async () => {
      const clean = generate({ out: join(root, `clean-${process}`), bumps: 2000, seed, dies: 4, pitchUm, defects: 0, process })
      const report = await check([clean.dir], { deck: process, side: 'top', today: '2026-01-01' })
      expect(report.inputErrors).toEqual([])
      expect(report.notRun).toEqual([])
      expect(report.findings.filter((f) => f.severity === 'error')).toEqual([])
      expect(report.summary.pass).toBe(true)
    })
  }

  for (const [process, seed] of [['flip-chip-substrate', 7], ['bump-film', 7], ['bump-film', 9]] as [SubstrateProcess, number][]) {
    it(`finds every seeded defect on a ${process} board (seed ${seed}) by its rule at its site, and no other error`, async () => {
      const kinds = PROCESS_DEFECTS[process]
      const dirty = generate({ out: join(root, `dirty-${process}-${seed}`), bumps: 3000, seed, dies: 4, defects: 2 * kinds.length, process })
      const truth = JSON.parse(readFileSync(join(dirty.dir, FILE_NAMES.truth), 'utf8')) as { defects: TruthDefect[] }
      // two of each kind, each with the rule the generator promises
      expect(truth.defects.map((d) => d.kind).sort()).toEqual([...kinds, ...kinds].sort())
      for (const d of truth.defects) expect(d.rule).toBe(DEFECT_RULE[d.kind as keyof typeof DEFECT_RULE])

      const report = await check([dirty.dir], { deck: process, side: 'top', today: '2026-01-01' })
      expect(report.inputErrors).toEqual([])
      const { missed, unexpected, found } = compareWithTruth(report.findings, truth.defects, TOLERANCE_MM)
      expect(missed).toEqual([])
      expect(unexpected.map((f) => `${f.rule} ${f.messageId} ${f.at?.x},${f.at?.y}`)).toEqual([])
      expect(found).toBe(2 * kinds.length)
    })
  }

  it('moves a bump-film plug toward one neighbour until their film web is 22 µm: film-web finds it at the moved plug', async () => {
    // seed 9 moves U1-V5 by −y: pitch 150 µm, plug 75 µm, moved 150 − 75 − 22 = 53 µm, web 97 − 75 = 22 µm
    // (the bump-film deck is in µm); before, the tie went to the neighbour, a pitch off the seeded plug
    const board = generate({ out: join(root, 'moved'), bumps: 3000, seed: 9, dies: 4, defects: 12, process: 'bump-film' })
    const truth = JSON.parse(readFileSync(join(board.dir, FILE_NAMES.truth), 'utf8')) as { defects: TruthDefect[] }
    const moved = truth.defects.filter((d) => d.kind === 'moved-plug')
    const report = await check([board.dir], { deck: 'bump-film', side: 'top', today: '2026-01-01' })
    const films = report.findings.filter((f) => f.rule === 'film-web')
    expect(films.map((f) => [f.messageId, f.measured, f.limit])).toEqual(moved.map(() => ['thinWeb', 22, 25]))
    expect(films.map((f) => f.at)).toEqual(expect.arrayContaining(moved.map((d) => d.at)))
  })
})

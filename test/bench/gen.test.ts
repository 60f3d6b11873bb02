import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generate } from '../../bench/gen.ts'
import { compareWithTruth, type TruthDefect } from '../../bench/truth.ts'
import { DEFECT_KINDS, DEFECT_RULE } from '../../bench/substrate.ts'
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

  it('passes the flip-chip-substrate deck when no defect is seeded, at the tightest pitch', async () => {
    const clean = generate({ out: join(root, 'clean'), bumps: 2000, seed: 3, dies: 4, pitchUm: 100, defects: 0 })
    const report = await check([clean.dir], { deck: 'flip-chip-substrate', side: 'top', today: '2026-01-01' })
    expect(report.inputErrors).toEqual([])
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([])
    expect(report.summary.pass).toBe(true)
  })

  it('finds every seeded defect by its rule at its site, and no other error', async () => {
    const dirty = generate({ out: join(root, 'dirty'), bumps: 2000, seed: 7, dies: 4, defects: 2 * DEFECT_KINDS.length })
    const truth = JSON.parse(readFileSync(join(dirty.dir, FILE_NAMES.truth), 'utf8')) as { defects: TruthDefect[] }
    // two of each kind, each with the rule the generator promises
    expect(truth.defects.map((d) => d.kind).sort()).toEqual([...DEFECT_KINDS, ...DEFECT_KINDS].sort())
    for (const d of truth.defects) expect(d.rule).toBe(DEFECT_RULE[d.kind as keyof typeof DEFECT_RULE])

    const report = await check([dirty.dir], { deck: 'flip-chip-substrate', side: 'top', today: '2026-01-01' })
    expect(report.inputErrors).toEqual([])
    const { missed, unexpected, found } = compareWithTruth(report.findings, truth.defects, TOLERANCE_MM)
    expect(missed).toEqual([])
    expect(unexpected.map((f) => `${f.rule} ${f.messageId} ${f.at?.x},${f.at?.y}`)).toEqual([])
    expect(found).toBe(14)
  })
})

// ODB++ reader under fuzzing: a small job cut from the real sample design (test/fuzz/seeds/odb/job),
// one of its files mutated (or a file dropped, or the tar bytes themselves flipped), packed as one
// .tar per case and read with readOdbJob. It must end in layers or an InputError/LimitError.

import fc from 'fast-check'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readOdbJob } from '../../src/ingest/odb/index.ts'
import { saveCrasher } from './crashers.ts'
import { FUZZ_LIMITS, guardedAsync, runsFor } from './guard.ts'
import { applyMutations, mutationArbitrary } from './mutate.ts'
import { tar } from './tar.ts'
import { ODB_SEED, SEED_DIR } from './odb-seed.ts'
import { knownOdbBug } from './odb-known-bugs.ts'

const NAMES = Object.keys(ODB_SEED)

const SPLICES = {
  huge: ['    NX=100000000', '    NY=4294967296', '    DX=1e308', 'F 99999999999', 'P 1e308 1e308 0 P 0 0 0', '    X_DATUM=1e400', '$0 r99999999999999', '$1 rect1e300x1e300'],
  deep: [
    // a step that repeats itself, a user symbol that uses itself
    'STEP-REPEAT {\n    NAME=PCB\n    NX=2\n    NY=2\n    DX=1\n    DY=1\n}',
    '$2 drill_symbol1\nP 0 0 2 P 0 0 0',
    'S P 0\n' + 'OB 0 0 I\nOS 1 0\nOS 1 1\nOE\n'.repeat(100) + 'SE',
  ],
}

const runs = runsFor(0.1)
// the case being read stays on disk until it ends: if a case kills the process (out of memory), the
// input that did it is out/fuzz-odb/case.tar
const work = 'out/fuzz-odb'
mkdirSync(work, { recursive: true })
afterAll(() => rmSync(work, { recursive: true, force: true }))

type Variant = { drop?: number; rename?: number }

/** Cases that hit a known, already-saved bug (test/regressions/odb/), by regression file. */
const knownHits: Record<string, number> = {}
const countKnown = (regression: string): undefined => { knownHits[regression] = (knownHits[regression] ?? 0) + 1 }

async function readCase(archive: Buffer) {
  const path = join(work, 'case.tar')
  writeFileSync(path, archive)
  try {
    return await guardedAsync(() => readOdbJob(path, { limits: FUZZ_LIMITS }))
  } catch (error) {
    const known = knownOdbBug(error)
    if (known) return countKnown(known.regression)
    throw new Error(`${saveCrasher('odb', archive, '.tar')}: ${error}`, { cause: error })
  } finally {
    rmSync(path, { force: true })
  }
}

afterAll(() => { if (Object.keys(knownHits).length > 0) console.log('ODB++ fuzz cases that hit known open bugs:', knownHits) })

describe('ODB++ reader under fuzzing', () => {
  it('reads the unmutated seed job (so that mutations start from a working job)', async () => {
    const outcome = await guardedAsync(() => readOdbJob(SEED_DIR, { limits: FUZZ_LIMITS }))
    // the panel step repeats pcb 2×2: 4 × (8 paste pads) = 32, 4 × 13 + 2 of its own = 54 on top, 4 × 8 drills
    expect(outcome).toEqual({ ok: true, features: 32 + 54 + 32 })
  })

  const fileRuns = Math.ceil(runs * 0.75)
  it(`ends in layers or an InputError for ${fileRuns} jobs with one file mutated`, async () => {
    const result = await fc.check(
      fc.asyncProperty(fc.nat(), fc.array(mutationArbitrary(SPLICES), { minLength: 1, maxLength: 5 }), fc.record({ drop: fc.option(fc.nat(), { nil: undefined }) }), async (which, mutations, variant: Variant) => {
        const files = { ...ODB_SEED }
        const name = NAMES[which % NAMES.length]!
        files[name] = applyMutations(files[name]!, mutations)
        if (variant.drop !== undefined) delete files[NAMES[variant.drop % NAMES.length]!]
        await readCase(tar(Object.fromEntries(Object.entries(files).map(([k, v]) => [`job/${k}`, v]))))
      }),
      { numRuns: fileRuns },
    )
    expect(result.failed ? `${fc.defaultReportMessage(result)}\n${result.errorInstance}` : '').toBe('')
  }, 60_000 + fileRuns * 40)

  const byteRuns = runs - fileRuns
  it(`ends in layers or an InputError for ${byteRuns} tar archives with bytes flipped`, async () => {
    const archive = tar(Object.fromEntries(Object.entries(ODB_SEED).map(([k, v]) => [`job/${k}`, v])))
    const result = await fc.check(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: archive.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
        const bytes = Buffer.from(archive)
        for (const [at, value] of flips) bytes[at] = value
        await readCase(bytes)
      }),
      { numRuns: byteRuns },
    )
    expect(result.failed ? `${fc.defaultReportMessage(result)}\n${result.errorInstance}` : '').toBe('')
  }, 60_000 + byteRuns * 40)
})

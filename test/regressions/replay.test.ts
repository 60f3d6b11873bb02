// Every crasher the fuzzers found, replayed: each must now end in a result or an InputError/LimitError
// (test/fuzz/guard.ts). Gerber and Excellon ones are fixed and checked for their exact error; ODB++ ones
// belong to the ODB++ reader's owner and run in a child process with bounded memory and time.

import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readExcellon } from '../../src/ingest/excellon/index.ts'
import { readGerber } from '../../src/ingest/gerber/index.ts'
import { FUZZ_LIMITS, guarded } from '../fuzz/guard.ts'

const dir = (format: string) => new URL(`./${format}/`, import.meta.url)
const files = (format: string, ext: string) => readdirSync(dir(format)).filter((f) => f.endsWith(ext)).sort()
const text = (format: string, name: string) => readFileSync(new URL(name, dir(format)), 'utf8')

/** What each fixed crasher must now give: an error (file line and what, hand-checked) or a feature count. */
const EXPECTED: Record<string, { line: number; what: RegExp } | { features: number }> = {
  // a 99 999 999 mm aperture drawn along an arc: 10^8-point round ends exhausted memory; now one band
  'gerber/arc-with-huge-aperture-out-of-memory.gbr': { features: 1 },
  // the same with a 99 999 999 mm routing tool: the start hole and the arc slot
  'excellon/routed-arc-huge-tool-out-of-memory.drl': { features: 2 },
  // a long digit run that ends in "e-51" made the missing-"X" regex backtrack exponentially (30 s)
  'gerber/aperture-parameter-regex-backtracking.gbr': { line: 3, what: /Aperture D125 parameter 1 \(a 29-character field\) is not a number/ },
  'gerber/coordinate-beyond-2p53-nm.gbr': { line: 2, what: /Aperture D10 has a size out of range .the limit is ±9007199254740991 nm/ },
  'excellon/tool-diameter-beyond-2p53-nm.drl': { line: 14, what: /a 11-character tool size is out of range \(the limit is 9007199254740991 nm\)/ },
  'excellon/hole-beyond-2p53-nm.drl': { line: 38, what: /a 11-character tool size is out of range/ },
  // the same blown-up tool routed along an arc: 4 s of offsetting before the range check; now refused at the tool
  'excellon/routed-arc-with-blown-up-tool-slow.drl': { line: 12, what: /a 11-character tool size is out of range/ },
  'excellon/file-format-digits-2p53.drl': { line: 14, what: /needs 9007199254740992 decimal places: no drill format has more than 40 digits/ },
}

describe('Gerber and Excellon crashers (fixed)', () => {
  const cases = [...files('gerber', '.gbr').map((f) => ['gerber', f] as const), ...files('excellon', '.drl').map((f) => ['excellon', f] as const)]
  it('covers every regression file with an expected error', () => {
    expect(cases.map(([format, f]) => `${format}/${f}`).sort()).toEqual(Object.keys(EXPECTED).sort())
  })
  for (const [format, name] of cases) {
    it(`${format}/${name} ends in its expected result or a clear InputError, within the time and memory bound`, () => {
      const input = text(format, name)
      const outcome = guarded(() => (format === 'gerber' ? readGerber(input, name, FUZZ_LIMITS) : readExcellon(input, name, FUZZ_LIMITS)))
      const expected = EXPECTED[`${format}/${name}`]!
      if ('features' in expected) return void expect(outcome).toEqual({ ok: true, features: expected.features })
      expect(outcome.ok).toBe(false)
      if (outcome.ok) return
      expect(outcome.error.name).toBe('InputError')
      expect(outcome.error.file).toBe(name)
      expect(outcome.error.line).toBe(expected.line)
      expect(outcome.error.what).toMatch(expected.what)
    })
  }
})

// Found by test/fuzz/odb.test.ts and fixed by the owner of src/ingest/odb/ (not by this suite). Each runs
// in a child process: should one come back, it fails its own test instead of killing the worker.
describe('ODB++ crashers (reported to the owner of src/ingest/odb)', () => {
  for (const name of files('odb', '.tar')) {
    it(`ODB++ crasher odb/${name} ends in layers or an InputError within 256 MB and 15 s`, () => {
      const child = spawnSync(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', 'test/regressions/replay-child.ts', new URL(name, dir('odb')).pathname], { encoding: 'utf8', timeout: 15_000 })
      const verdict = child.status === 0 && child.stdout.trim() !== '' ? JSON.parse(child.stdout.trim().split('\n').pop()!) : { verdict: 'bug', message: `child ended with status ${child.status}, signal ${child.signal}; stderr: ${child.stderr.slice(-300)}` }
      expect(verdict.verdict, verdict.message).not.toBe('bug')
    }, 30_000)
  }
})

// Nothing lost: when one input of several is broken, it is reported as an input error (path and line),
// the others are still checked with the same findings as without it, and the verdict is never "pass"
// while something was not read — through check() and through the CLI's exit code (2), for a broken
// Gerber, a broken Excellon file and a broken ODB++ job.

import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { check } from '../../src/check.ts'
import type { Report } from '../../src/engine/report.ts'
import { tar } from '../fuzz/tar.ts'
import { ODB_SEED } from '../fuzz/odb-seed.ts'

const DECK = 'fixtures/kicad-bga-dev/deck.json'
const DIRTY = 'fixtures/kicad-bga-dev/gerber' // 9 findings
const CLEAN = 'fixtures/kicad-bga-dev/gerber-clean' // passes
const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-nothing-lost-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const files = (folder: string) => readdirSync(folder).sort().map((f) => join(folder, f))

/** One broken input per format, with the line its error must name (counted by hand in the text). */
const BROKEN: Record<string, { name: string; content: () => Buffer | string; line: number }> = {
  gerber: {
    // the real F_SilkS-like header, then an aperture whose size is not a number on line 4
    name: 'broken-B_SilkS.gbr',
    content: () => '%TF.FileFunction,Legend,Bot*%\n%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,zero-point-one*%\nD10*\nX0Y0D03*\nM02*\n',
    line: 4,
  },
  excellon: {
    // a drill file cut short by a NUL-filled block (a half-written upload) on line 6
    name: 'broken-NPTH.drl',
    content: () => 'M48\nMETRIC,TZ\nT1C1.000\n%\nT1\n\u0000\u0000\u0000\u0000X10.0Y10.0\nM30\n',
    line: 6,
  },
  odb: {
    // the fuzz seed job packed and gzipped, then cut in half (an interrupted download): the whole job is unread
    name: 'broken-job.tgz',
    content: () => { const gz = gzipSync(tar(Object.fromEntries(Object.entries(ODB_SEED).map(([k, v]) => [`job/${k}`, v])))); return gz.subarray(0, gz.length >> 1) },
    line: 0,
  },
}

beforeAll(() => {
  for (const { name, content } of Object.values(BROKEN)) writeFileSync(join(dir, name), content())
})

const run = (inputs: string[], deck?: string) => check(inputs, { today: '2026-01-01', ...(deck && { deck }) })
const findingsOf = (report: Report) => JSON.stringify(report.findings)

describe('one broken input among several', { timeout: 60_000 }, () => {
  for (const [format, broken] of Object.entries(BROKEN)) {
    it(`${format}: reported with its path and line, the rest checked with the same findings, never a pass`, async () => {
      const path = join(dir, broken.name)
      // each broken file beside the bundled board with its seeded defects (the seed ODB++ job alone has no bump pads to judge)
      const good = files(DIRTY)
      const deck = DECK
      const without = await run(good, deck)
      const withBroken = await run([...good, path], deck)
      expect(without.inputErrors).toEqual([])
      expect(withBroken.inputErrors).toEqual([{ path, line: broken.line, message: expect.any(String) }])
      expect(withBroken.findings.length).toBeGreaterThan(0)
      expect(findingsOf(withBroken)).toBe(findingsOf(without))
      expect(withBroken.summary.pass).toBe(false)
      // every good input is still listed as read
      expect(withBroken.inputs.filter((i) => i.path !== path).map((i) => i.path)).toEqual(without.inputs.map((i) => i.path))
    })

    it(`${format}: a clean board that passes alone does not pass with the broken file`, async () => {
      const alone = await run([CLEAN], DECK)
      expect(alone.summary.pass).toBe(true)
      const report = await run([CLEAN, join(dir, broken.name)], DECK)
      expect(report.findings).toEqual(alone.findings)
      expect(report.summary.pass).toBe(false)
      expect(report.inputErrors.map((e) => e.path)).toEqual([join(dir, broken.name)])
    })
  }
})

describe('the CLI exit code', { timeout: 120_000 }, () => {
  it('is 2 for a clean board with a broken Gerber, Excellon and ODB++ input, each named on stderr, and the JSON says FAIL', () => {
    const out = join(dir, 'report.json')
    const broken = Object.values(BROKEN).map((b) => join(dir, b.name))
    const result = spawnSync(process.execPath, ['bin/bumpcheck.js', 'check', CLEAN, ...broken, '--deck', DECK, '--format', 'json', '--output', out], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } })
    expect(result.status).toBe(2)
    for (const b of Object.values(BROKEN)) expect(result.stderr).toContain(b.line > 0 ? `${join(dir, b.name)}:${b.line}: ` : `${join(dir, b.name)}: `)
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report
    expect(report.summary.pass).toBe(false)
    expect(report.inputErrors.map((e) => e.path)).toEqual(broken.sort())
    expect(report.findings).toEqual([])
    expect(report.inputs.filter((i) => i.path.startsWith(CLEAN))).toHaveLength(9)
  })
})

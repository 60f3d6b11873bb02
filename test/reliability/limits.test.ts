// Resource limits through the CLI: each limit is hit with its default and with a lowered flag, and
// raised by its flag; exit 2, the message names the file, the line and the limit. The real binary runs
// once (a child process); the other cases call the same CLI entry, main(argv), in this process for speed.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, totalmem } from 'node:os'
import { getHeapStatistics } from 'node:v8'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { DEFAULT_LIMITS } from '../../src/errors.ts'
import { ODB_SEED } from '../fuzz/odb-seed.ts'
import { tar } from '../fuzz/tar.ts'

const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-limits-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const at = (name: string) => join(dir, name)

/** A deck with no rules: the run reads the input and checks nothing, so only reading can fail. */
const DECK = at('no-rules.json')

const gerber = (body: string) => `%FSLAX26Y26*%\n%MOMM*%\n%ADD10C,0.1*%\n${body}M02*\n`
const nestedBlocks = (depth: number) => `${Array.from({ length: depth }, (_, i) => `%ABD${20 + i}*%\n`).join('')}D10*\nX0Y0D03*\n${'%AB*%\n'.repeat(depth)}`

const FILES: Record<string, string | Buffer> = {
  // line 4: 100 × 100 copies of one flash = 10 000 features
  'sr-10k.gbr': gerber('%SRX100Y100I0.2J0.2*%\nD10*\nX0Y0D03*\n%SR*%\n'),
  // line 4: 5000 × 5000 = 25 000 000 features, over the default 20 000 000 (refused before expanding)
  'sr-25m.gbr': gerber('%SRX5000Y5000I0.2J0.2*%\nD10*\nX0Y0D03*\n%SR*%\n'),
  // block apertures opened on lines 4…68: 65 deep, over the default 64; the 65th opens on line 68
  'ab-65.gbr': gerber(nestedBlocks(65)),
  // 5 deep: under the default, over --max-depth 3 (the 4th opens on line 7)
  'ab-5.gbr': gerber(nestedBlocks(5)),
  // line 6: a hole and 1500 repeats of it = 1501 holes
  'repeat-1501.drl': 'M48\nMETRIC,TZ\nT1C0.300\n%\nT1\nX1.0Y1.0\nR1500X0.5\nM30\n',
  // the fuzz seed job as one .tgz: 12 files, ~16 KB unpacked (a plain .tar is not taken as ODB++ by the input sniffer)
  'job.tgz': gzipSync(tar(Object.fromEntries(Object.entries(ODB_SEED).map(([k, v]) => [`job/${k}`, v])))),
}

beforeAll(() => {
  // a deck with one rule that reads no layer: these tests are about reading, and a deck with no rule is refused
  writeFileSync(DECK, '{ "name": "read-only", "units": "mm", "process": { "bumpMetal": "Cu", "padMetal": "W" }, "rules": { "process-materials": ["error", { "minMeltingPoint": 300 }] } }')
  for (const [name, content] of Object.entries(FILES)) writeFileSync(at(name), content)
})

/** Run the CLI entry in this process, capturing what it writes. */
async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = ''
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr += String(chunk); return true })
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  try {
    const code = await main(['check', ...args, '--deck', DECK, '--format', 'json'])
    return { code, stderr }
  } finally {
    err.mockRestore()
    out.mockRestore()
  }
}

const stderrs: Record<string, string> = {}

describe('read limits through the CLI', { timeout: 60_000 }, () => {
  it('the defaults are the documented ones', () => {
    // maxMemory: half the RAM, at most V8's heap (src/errors.ts defaultMaxMemory)
    const memory = Math.floor(Math.min(totalmem() / 2, getHeapStatistics().heap_size_limit))
    // maxFileBytes: 512 MiB less 24 bytes, V8's longest string on 64-bit Node 20 (2^29 − 24)
    expect(DEFAULT_LIMITS).toEqual({ maxFeatures: 20_000_000, maxDepth: 64, maxArchiveBytes: 2_000_000_000, maxArchiveEntries: 200_000, maxMemory: memory, maxFileBytes: 536_870_888, maxInflateRatio: 100 })
  })

  it('maxFeatures, default: an SR to 25 M features fails on its line (the real binary, exit 2)', () => {
    const r = spawnSync(process.execPath, ['bin/bumpcheck.js', 'check', at('sr-25m.gbr'), '--deck', DECK, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(`${at('sr-25m.gbr')}:4: Step and repeat X5000×Y5000 of 1 features would make more than 20000000 features`)
    stderrs['max-features'] = r.stderr
  })

  it('maxFeatures, flag: an SR to 10 000 fails under --max-features 1000 and reads under --max-features 10000', async () => {
    const low = await cli(at('sr-10k.gbr'), '--max-features', '1000')
    expect(low.code).toBe(2)
    expect(low.stderr).toContain(`${at('sr-10k.gbr')}:4: Step and repeat X100×Y100 of 1 features would make more than 1000 features`)
    expect(await cli(at('sr-10k.gbr'), '--max-features', '10000')).toEqual({ code: 0, stderr: '' })
  })

  it('maxFeatures, Excellon: 1501 holes fail under --max-features 1500 on the repeat line, read under 1501', async () => {
    const low = await cli(at('repeat-1501.drl'), '--max-features', '1500')
    expect(low.code).toBe(2)
    expect(low.stderr).toContain(`${at('repeat-1501.drl')}:7: more than 1500 features`)
    expect(await cli(at('repeat-1501.drl'), '--max-features', '1501')).toEqual({ code: 0, stderr: '' })
  })

  it('maxFeatures, ODB++: the job (54 features on its largest layer) fails under --max-features 50', async () => {
    const low = await cli(at('job.tgz'), '--max-features', '50')
    expect(low.code).toBe(2)
    // the error names the file inside the job whose line it gives (here the step-and-repeat header)
    expect(low.stderr).toMatch(new RegExp(`${at('job.tgz')}/steps/[^:]+:\\d+: .*more than 50 features \\(limit maxFeatures\\)`))
    expect(await cli(at('job.tgz'), '--max-features', '100000')).toEqual({ code: 0, stderr: '' })
  })

  it('maxDepth, default: block apertures 65 deep fail on the line of the 65th', async () => {
    const r = await cli(at('ab-65.gbr'))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${at('ab-65.gbr')}:68: Block apertures nest deeper than 64`)
    stderrs['max-depth'] = r.stderr
    expect(await cli(at('ab-65.gbr'), '--max-depth', '65')).toEqual({ code: 0, stderr: '' })
  })

  it('maxDepth, flag: 5 deep reads by default and fails under --max-depth 3 on the 4th', async () => {
    expect(await cli(at('ab-5.gbr'))).toEqual({ code: 0, stderr: '' })
    const low = await cli(at('ab-5.gbr'), '--max-depth', '3')
    expect(low.code).toBe(2)
    expect(low.stderr).toContain(`${at('ab-5.gbr')}:7: Block apertures nest deeper than 3`)
  })

  it('maxArchiveBytes and maxArchiveEntries, flags: the 12-file job fails under 4000 bytes and under 5 entries, reads by default', async () => {
    const bytes = await cli(at('job.tgz'), '--max-archive-bytes', '4000')
    expect(bytes.code).toBe(2)
    expect(bytes.stderr).toMatch(new RegExp(`${at('job.tgz')}: .*4000 bytes`))
    stderrs['max-archive-bytes'] = bytes.stderr
    const entries = await cli(at('job.tgz'), '--max-archive-entries', '5')
    expect(entries.code).toBe(2)
    expect(entries.stderr).toMatch(new RegExp(`${at('job.tgz')}: .*more than 5 entries`))
    stderrs['max-archive-entries'] = entries.stderr
    expect(await cli(at('job.tgz'))).toEqual({ code: 0, stderr: '' })
  })

  it('maxMemory, flag: the SR file fails under --max-memory 1M at its first flash, reads under 64M', async () => {
    // the Gerber reader charges plain features 65 536 ahead: 65 536 × 400 bytes = 26 214 400 bytes = 25.0 MB (line 6: X0Y0D03)
    const low = await cli(at('sr-10k.gbr'), '--max-memory', '1M')
    expect(low.code).toBe(2)
    expect(low.stderr).toBe(`bumpcheck: ${at('sr-10k.gbr')}:6: This file would take about 25.0 MB, past the memory budget of 1.0 MB (0 KB already read); if the file is genuine, raise the limit with --max-memory N\n`)
    stderrs['max-memory'] = low.stderr
    expect(await cli(at('sr-10k.gbr'), '--max-memory', '64M')).toEqual({ code: 0, stderr: '' })
    const bad = await cli(at('sr-10k.gbr'), '--max-memory', '0')
    expect(bad).toEqual({ code: 2, stderr: 'bumpcheck: --max-memory must be a size in bytes such as 1000000, 512M or 4G (got "0")\n' })
  })

  it('maxFileBytes, flag: the 12-file job archive fails under --max-file-bytes 100 naming its size, reads by default', async () => {
    const low = await cli(at('job.tgz'), '--max-file-bytes', '100')
    expect(low.code).toBe(2)
    expect(low.stderr).toBe(`bumpcheck: ${at('job.tgz')}: the file is ${FILES['job.tgz']!.length} bytes, over the 100-byte limit on one input file; if the file is genuine, raise the limit with --max-file-bytes N\n`)
    stderrs['max-file-bytes'] = low.stderr
  })

  for (const flag of ['max-features', 'max-depth', 'max-archive-bytes', 'max-archive-entries', 'max-memory', 'max-file-bytes']) {
    it(`the ${flag} message names the flag --${flag} that raises it`, () => {
      expect(stderrs[flag]).toBeDefined()
      expect(stderrs[flag]).toContain(`--${flag}`)
    })
  }
})

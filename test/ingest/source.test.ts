import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeText, expandInputs, sniffFormat } from '../../src/ingest/source.ts'

describe('expandInputs', () => {
  it('recognises ODB++ jobs: a folder with matrix/matrix (given or inside a folder) and .tgz/.zip archives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-src-'))
    mkdirSync(join(dir, 'job', 'matrix'), { recursive: true })
    writeFileSync(join(dir, 'job', 'matrix', 'matrix'), 'UNITS=MM\n')
    writeFileSync(join(dir, 'other.tgz'), '')
    writeFileSync(join(dir, 'b.zip'), '')
    writeFileSync(join(dir, 'a.gbr'), '')
    const { entries, notes, problems } = await expandInputs([dir, join(dir, 'job')])
    expect(entries.map((e) => [e.path.slice(dir.length + 1), e.kind])).toEqual([
      ['a.gbr', 'file'], ['b.zip', 'odb-archive'], ['job', 'odb-dir'], ['other.tgz', 'odb-archive'],
    ])
    expect(notes.map((n) => [n.path.slice(dir.length + 1), n.message])).toEqual([['job', 'named more than once: read once']])
    expect(problems).toEqual([])
  })
})

describe('sniffFormat', () => {
  it('goes by content first, by extension when the content does not say', () => {
    expect(sniffFormat('%FSLAX46Y46*%\n%MOMM*%\n', 'holes.drl')).toBe('gerber')
    expect(sniffFormat('M48\nMETRIC\nT1C0.3\n%\n', 'board.gbr')).toBe('excellon')
    expect(sniffFormat('garbage', 'board.drl')).toBe('excellon')
    expect(sniffFormat('garbage', 'board.GTL')).toBe('gerber')
    expect(sniffFormat('garbage', 'notes.dat')).toBeUndefined()
  })
})

describe('decodeText', () => {
  it('reads UTF-8 as UTF-8 and anything else as Latin-1, byte for byte', () => {
    expect(decodeText(new Uint8Array([0x47, 0xc3, 0xa4]))).toBe('Gä')
    expect(decodeText(new Uint8Array([0x47, 0xe4]))).toBe('Gä')
  })
})

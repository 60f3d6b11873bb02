import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.ts'
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
    // archives beside layer files are the same board twice: skipped with a note, read when named
    expect(entries.map((e) => [e.path.slice(dir.length + 1), e.kind])).toEqual([['a.gbr', 'file'], ['job', 'odb-dir']])
    expect(notes.map((n) => [n.path.slice(dir.length + 1), n.message])).toEqual([
      ['b.zip', expect.stringMatching(/^skipped: an ODB\+\+ archive beside layer files/)],
      ['other.tgz', expect.stringMatching(/^skipped: an ODB\+\+ archive beside layer files/)],
      ['job', 'named more than once: read once'],
    ])
    expect(problems).toEqual([])
    const archives = await expandInputs([join(dir, 'b.zip'), join(dir, 'other.tgz')])
    expect(archives.entries.map((e) => e.kind)).toEqual(['odb-archive', 'odb-archive'])
  })

  it('skips the design, assembly and report files CAD tools write beside Gerbers, with a note, never an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-src-'))
    const skipped = ['board.pcb', 'board.kicad_pcb', 'board.brd', 'board.sch', 'board-top.pos', 'board.csv', 'board.gbrjob',
      'LimeSDR.DRR', 'LimeSDR.LDP', 'board.rep', 'board.rpt', 'board.ipc', 'board.net', 'board.bom', 'board.step', 'README.asciidoc']
    for (const name of [...skipped, 'board.GTL']) writeFileSync(join(dir, name), 'x')
    const { entries, notes, problems } = await expandInputs([dir])
    expect(entries.map((e) => e.path.slice(dir.length + 1))).toEqual(['board.GTL'])
    expect(notes.map((n) => n.path.slice(dir.length + 1)).sort()).toEqual([...skipped].sort())
    expect(notes.every((n) => n.message === 'skipped: not a layer file (by its name)')).toBe(true)
    expect(problems).toEqual([])
  })

  it('reads a .TXT file only when it is Excellon or Gerber (Altium -RoundHoles.TXT), and notes the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-src-'))
    writeFileSync(join(dir, 'panel-RoundHoles.TXT'), 'M48\n;FILE_FORMAT=4:4\nMETRIC,LZ\nT1F00S00C0.2000\n%\nT01\nX0006625Y0003175\nM30\n')
    writeFileSync(join(dir, 'panel_readme_r0.txt'), 'Board thickness 1.6 mm, ENIG.\n')
    const { entries, notes } = await expandInputs([dir])
    expect(entries.map((e) => e.path.slice(dir.length + 1))).toEqual(['panel-RoundHoles.TXT'])
    expect(notes.map((n) => [n.path.slice(dir.length + 1), n.message])).toEqual([
      ['panel_readme_r0.txt', 'skipped: not a layer file (a .txt file that is neither Gerber nor Excellon)']])
  })

  it('reads the layer files one level down when the folder holds none itself (board/Gerber/, board/NC Drill/), naming the sub-folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-src-'))
    mkdirSync(join(dir, 'Gerber'))
    mkdirSync(join(dir, 'NC Drill'))
    mkdirSync(join(dir, 'docs'))
    mkdirSync(join(dir, 'Gerber', 'old'))
    writeFileSync(join(dir, 'readme.md'), '#')
    writeFileSync(join(dir, 'Gerber', 'b.GTL'), 'x')
    writeFileSync(join(dir, 'Gerber', 'b.DRR'), 'x')
    writeFileSync(join(dir, 'NC Drill', 'b-RoundHoles.TXT'), 'M48\nMETRIC,LZ\n%\nM30\n')
    writeFileSync(join(dir, 'docs', 'notes.pdf'), 'x')
    const { entries, notes } = await expandInputs([dir])
    expect(entries.map((e) => e.path.slice(dir.length + 1))).toEqual([join('Gerber', 'b.GTL'), join('NC Drill', 'b-RoundHoles.TXT')])
    expect(notes.map((n) => [n.path.slice(dir.length + 1), n.message])).toEqual([
      ['readme.md', 'skipped: not a layer file (by its name)'],
      ['Gerber', 'read: the folder holds no layer file itself, so the layer files of its sub-folder Gerber are read'],
      [join('Gerber', 'b.DRR'), 'skipped: not a layer file (by its name)'],
      [join('Gerber', 'old'), 'sub-folder not searched (name it to read it)'],
      ['NC Drill', 'read: the folder holds no layer file itself, so the layer files of its sub-folder NC Drill are read'],
      ['docs', 'sub-folder not searched (name it to read it)'],
    ])
  })

  it('leaves sub-folders alone when the folder holds layer files itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-src-'))
    mkdirSync(join(dir, 'Gerber'))
    writeFileSync(join(dir, 'a.gbr'), 'x')
    writeFileSync(join(dir, 'Gerber', 'b.GTL'), 'x')
    const { entries, notes } = await expandInputs([dir])
    expect(entries.map((e) => e.path.slice(dir.length + 1))).toEqual(['a.gbr'])
    expect(notes.map((n) => n.message)).toEqual(['sub-folder not searched (name it to read it)'])
  })
})

describe('sniffFormat', () => {
  it('goes by content first, by extension when the content does not say', () => {
    expect(sniffFormat('%FSLAX46Y46*%\n%MOMM*%\n', 'holes.drl')).toBe('gerber')
    expect(sniffFormat('M48\nMETRIC\nT1C0.3\n%\n', 'board.gbr')).toBe('excellon')
    expect(sniffFormat('garbage', 'board.drl')).toBe('excellon')
    expect(sniffFormat('garbage', 'board.GTL')).toBe('gerber')
    expect(sniffFormat('garbage', 'notes.dat')).toBeUndefined()
    expect(sniffFormat('garbage', 'board.plated-drill.cnc')).toBe('excellon')
    expect(sniffFormat('garbage', 'board.GPT')).toBe('gerber')
  })

  it('refuses an empty file as an input error at line 1, whatever its name', () => {
    expect(() => sniffFormat('', 'notes.dat')).toThrow(InputError)
    expect(() => sniffFormat(' \r\n\n', 'board.GTL')).toThrow(/^board\.GTL:1: The file is empty/)
  })
})

describe('decodeText', () => {
  it('reads UTF-8 as UTF-8 and anything else as Latin-1, byte for byte', () => {
    expect(decodeText(new Uint8Array([0x47, 0xc3, 0xa4]))).toBe('Gä')
    expect(decodeText(new Uint8Array([0x47, 0xe4]))).toBe('Gä')
  })
  it('reads ASCII (the fast path) from a view into a larger buffer', () => {
    expect(decodeText(new Uint8Array([0xe4, 0x47, 0x30, 0x34, 0x2a, 0xe4]).subarray(1, 5))).toBe('G04*')
  })
})

import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLayers } from '../../src/ingest/load.ts'

const BGA = 'fixtures/kicad-bga-dev/gerber/'

describe('loadLayers', () => {
  it('reads a KiCad plot folder: 9 layers sorted by path, paths joined as given, sha256 as sha256sum says', async () => {
    const { layers, inputs, errors, notes } = await loadLayers([BGA])
    expect(errors).toEqual([])
    expect(notes).toEqual([])
    expect(layers.map((l) => [l.file, l.format, l.role, l.side, l.roleFrom])).toEqual([
      [`${BGA}bga-dev-B_Cu.gbr`, 'gerber', 'pads', 'bottom', 'x2'],
      [`${BGA}bga-dev-B_Mask.gbr`, 'gerber', 'mask', 'bottom', 'x2'],
      [`${BGA}bga-dev-B_Paste.gbr`, 'gerber', 'deposit', 'bottom', 'x2'],
      [`${BGA}bga-dev-Edge_Cuts.gbr`, 'gerber', 'outline', 'both', 'x2'],
      [`${BGA}bga-dev-F_Cu.gbr`, 'gerber', 'pads', 'top', 'x2'],
      [`${BGA}bga-dev-F_Mask.gbr`, 'gerber', 'mask', 'top', 'x2'],
      [`${BGA}bga-dev-F_Paste.gbr`, 'gerber', 'deposit', 'top', 'x2'],
      [`${BGA}bga-dev-NPTH.drl`, 'excellon', 'other', 'both', 'x2'],
      [`${BGA}bga-dev-PTH.drl`, 'excellon', 'vias', 'both', 'x2'],
    ])
    const witness = execFileSync('sha256sum', inputs.map((i) => i.path), { encoding: 'utf8' })
      .trim().split('\n').map((line) => { const [hash, path] = line.split(/\s+/); return { path, sha256: hash } })
    expect(inputs.map(({ path, sha256 }) => ({ path, sha256 }))).toEqual(witness)
    expect(inputs.find((i) => i.path.endsWith('NPTH.drl'))!.bytes).toBe(288) // ls -l
  })

  it('reads the good files of a folder, reports the broken one with path and line, and lists what it skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-load-'))
    writeFileSync(join(dir, 'README.md'), '# notes\n')
    writeFileSync(join(dir, 'job.gbrjob'), '{}\n')
    writeFileSync(join(dir, 'LICENSE'), 'MIT\n')
    writeFileSync(join(dir, 'a-broken.drl'), 'M48\nMETRIC\nT1C0.3\n%\nT1\nX1.0Y1.0\nX1.0Y2..5\nM30\n')
    writeFileSync(join(dir, 'b-good.drl'), 'M48\nMETRIC\nT1C0.3\n%\nT1\nX1.0Y1.0\nX2.0Y1.0\nM30\n')
    writeFileSync(join(dir, 'c-mystery.dat'), 'hello world\n')
    mkdirSync(join(dir, 'sub'))
    const { layers, errors, notes, inputs } = await loadLayers([dir, join(dir, 'b-good.drl'), join(dir, 'missing.gbr')])
    expect(layers.map((l) => [l.file, l.role, l.features.length])).toEqual([[join(dir, 'b-good.drl'), 'vias', 2]])
    expect(errors).toEqual([
      { path: join(dir, 'a-broken.drl'), line: 7, message: 'malformed coordinate (4 characters after Y)' },
      { path: join(dir, 'c-mystery.dat'), line: 1, message: 'not a Gerber, Excellon or ODB++ file (content and name say neither)' },
      { path: join(dir, 'missing.gbr'), line: 0, message: 'no such file or folder' },
    ])
    expect(notes.map((n) => [n.path.slice(dir.length + 1), n.message])).toEqual([
      ['LICENSE', 'skipped: not a layer file (by its name)'],
      ['README.md', 'skipped: not a layer file (by its name)'],
      ['job.gbrjob', 'skipped: not a layer file (by its name)'],
      ['sub', 'sub-folder not searched (name it to read it)'],
      ['b-good.drl', 'named more than once: read once'],
    ])
    expect(inputs.map((i) => i.path.slice(dir.length + 1))).toEqual(['a-broken.drl', 'b-good.drl', 'c-mystery.dat'])
  })

  it('applies a user mapping over X2', async () => {
    const { layers } = await loadLayers([`${BGA}bga-dev-NPTH.drl`], { mapping: { '*NPTH*': { role: 'vias', side: 'top' } } })
    expect(layers.map((l) => [l.role, l.side, l.roleFrom])).toEqual([['vias', 'top', 'user']])
  })

  it('routes an ODB++ job folder and .tgz to the ODB++ reader, and the user mapping still wins', async () => {
    // a one-layer job: matrix row TOP (SIGNAL), one 0.5 mm round pad
    const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-odb-'))
    mkdirSync(join(dir, 'job', 'matrix'), { recursive: true })
    mkdirSync(join(dir, 'job', 'steps', 'pcb', 'layers', 'top'), { recursive: true })
    mkdirSync(join(dir, 'job', 'misc'))
    writeFileSync(join(dir, 'job', 'matrix', 'matrix'), 'STEP {\n COL=1\n NAME=PCB\n}\n\nLAYER {\n ROW=1\n CONTEXT=BOARD\n TYPE=SIGNAL\n NAME=TOP\n POLARITY=POSITIVE\n}\n')
    writeFileSync(join(dir, 'job', 'steps', 'pcb', 'layers', 'top', 'features'), 'UNITS=MM\n$0 r500\n#\nP 1.0 2.0 0 P 0 0\n')
    writeFileSync(join(dir, 'job', 'misc', 'info'), 'UNITS=MM\n')
    execFileSync('tar', ['czf', 'job.tgz', 'job'], { cwd: dir })
    const paths = [join(dir, 'job'), join(dir, 'job.tgz')]
    const { layers, errors, inputs } = await loadLayers(paths, {
      mapping: { '**/job.tgz/**': { role: 'deposit', side: 'top' }, 'b-*.drl': { role: 'other', side: 'top' } },
    })
    expect(inputs.map((i) => i.path)).toEqual(paths)
    if (errors.length > 0) {
      // without src/ingest/odb the error says what is missing
      expect(errors).toEqual(paths.map((path) => ({ path, line: 0, message: expect.stringMatching(/^ODB\+\+ input needs/) })))
    } else {
      expect(layers.map((l) => [l.format, l.role, l.side, l.roleFrom, l.features.length])).toEqual([
        ['odb', 'deposit', 'top', 'user', 1], // "job.tgz/…" sorts before "job/…" ('.' < '/')
        ['odb', 'pads', 'top', 'odb-matrix', 1],
      ])
      // an ODB++ layer can be mapped by its matrix name, in any case
      const byName = await loadLayers([join(dir, 'job')], { mapping: { TOP: { role: 'mask', side: 'bottom' } } })
      expect(byName.layers.map((l) => [l.role, l.side, l.roleFrom])).toEqual([['mask', 'bottom', 'user']])
    }
  })
})

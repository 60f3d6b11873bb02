import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { darkArea } from '../../../src/geometry/boolean.ts'
import { readGerber } from '../../../src/ingest/gerber/index.ts'
import { readOdbJob } from '../../../src/ingest/odb/index.ts'
import { tgz } from './archive-writers.ts'
import { featuresFromGerber, jobEntries } from './odb-writer.ts'

// kicad-bga-dev's Gerber layers, each converted by the test ODB++ writer, matrix type by X2 file function
const dir = 'fixtures/kicad-bga-dev/gerber'
const layers = [
  { gerber: 'bga-dev-F_Paste.gbr', name: 'paste_top', type: 'SOLDER_PASTE' },
  { gerber: 'bga-dev-F_Mask.gbr', name: 'mask_top', type: 'SOLDER_MASK' },
  { gerber: 'bga-dev-F_Cu.gbr', name: 'top', type: 'SIGNAL' },
  { gerber: 'bga-dev-B_Cu.gbr', name: 'bottom', type: 'SIGNAL' },
  { gerber: 'bga-dev-Edge_Cuts.gbr', name: 'outline', type: 'ROUT' },
]
const images = layers.map((l) => readGerber(readFileSync(join(dir, l.gerber), 'utf8'), l.gerber))
const work = mkdtempSync(join(tmpdir(), 'odb-pair-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('a board written both as Gerber and as ODB++ (by the test ODB++ writer from the Gerber)', () => {
  it('gives the same dark area per layer within 0.5 %, and the expected roles', async () => {
    const job = join(work, 'bga-dev.tgz')
    writeFileSync(job, tgz(jobEntries({
      units: 'MM',
      layers: layers.map((l) => ({ name: l.name, type: l.type })),
      steps: [{ name: 'pcb', layers: Object.fromEntries(layers.map((l, i) => [l.name, featuresFromGerber(images[i]!.features)])) }],
    })))
    const odb = await readOdbJob(job)
    expect(odb.map((l) => [l.role, l.side])).toEqual([['deposit', 'top'], ['mask', 'top'], ['pads', 'top'], ['pads', 'bottom'], ['outline', 'both']])
    for (let i = 0; i < layers.length; i++) {
      const gerberArea = darkArea(images[i]!.features)
      const odbArea = darkArea(odb[i]!.features)
      expect(odb[i]!.features.length).toBe(images[i]!.features.length)
      expect(gerberArea).toBeGreaterThan(0)
      expect(Math.abs(odbArea / gerberArea - 1), layers[i]!.gerber).toBeLessThan(0.005)
    }
  })
})

describe('the same board checked as Gerber and as ODB++ (job written by the test ODB++ writer)', () => {
  it('gives the same findings: rule, kind, site, measured value and limit', async () => {
    const { readExcellon } = await import('../../../src/ingest/excellon/index.ts')
    const { check } = await import('../../../src/check.ts')
    const drill = readExcellon(readFileSync(join(dir, 'bga-dev-PTH.drl'), 'utf8'), 'bga-dev-PTH.drl')
    const all = [...layers, { gerber: 'bga-dev-PTH.drl', name: 'drill', type: 'DRILL' }]
    const features = [...images.map((i) => i.features), drill.features]
    const job = join(work, 'bga-dev-with-drill.tgz')
    writeFileSync(job, tgz(jobEntries({
      units: 'MM',
      layers: all.map((l) => ({ name: l.name, type: l.type })),
      steps: [{ name: 'pcb', layers: Object.fromEntries(all.map((l, i) => [l.name, featuresFromGerber(features[i]!)])) }],
    })))
    // the Gerber side gets exactly the files that went into the job
    const gerberDir = join(work, 'gerber')
    const { mkdirSync, copyFileSync } = await import('node:fs')
    mkdirSync(gerberDir)
    for (const l of all) copyFileSync(join(dir, l.gerber), join(gerberDir, l.gerber))
    const deck = 'fixtures/kicad-bga-dev/deck.json'
    const [fromGerber, fromOdb] = await Promise.all([check([gerberDir], { deck }), check([job], { deck })])
    expect(fromOdb.inputErrors).toEqual([])
    // ODB++ written this way carries no component names, so compare what the rules measured, not the names
    const essence = (r: typeof fromGerber) => r.findings.map((f) => ({ rule: f.rule, messageId: f.messageId, side: f.side, at: f.at, measured: f.measured, limit: f.limit }))
    expect(fromGerber.findings).toHaveLength(9)
    expect(essence(fromOdb)).toEqual(essence(fromGerber))
  })
})

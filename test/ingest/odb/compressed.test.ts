import { readFileSync } from 'node:fs'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { darkArea } from '../../../src/geometry/boolean.ts'
import { LimitError } from '../../../src/errors.ts'
import { readOdbJob } from '../../../src/ingest/odb/index.ts'
import { uncompressLzw } from '../../../src/ingest/odb/lzw.ts'
import { tgz } from './archive-writers.ts'
import { GRID, gridFeatures } from './grid-features.ts'
import { jobEntries } from './odb-writer.ts'

const Z = readFileSync('fixtures/odb/compress/features.Z')
const GZ = readFileSync('fixtures/odb/compress/features.gz')
const work = mkdtempSync(join(tmpdir(), 'odb-z-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('compressed features files', () => {
  it('decodes a .Z made by ncompress byte for byte', () => {
    const text = gridFeatures()
    expect(uncompressLzw('features.Z', Z, 1e9).toString('latin1')).toBe(text)
  })

  it('stops a .Z that expands past the byte limit', () => {
    expect(() => uncompressLzw('features.Z', Z, 50_000)).toThrow(LimitError)
  })

  it.each([['features.Z', Z], ['features.gz', GZ]])('reads a layer stored as %s, giving the grid its pads and lines', async (name, data) => {
    const entries = jobEntries({ units: 'MM', layers: [{ name: 'top', type: 'SIGNAL' }], steps: [{ name: 'pcb', layers: {} }] })
    entries.push({ name: `job/steps/pcb/layers/top/${name}`, data })
    const path = join(work, `${name}.tgz`)
    writeFileSync(path, tgz(entries))
    const [top] = await readOdbJob(path)
    expect(top!.file).toBe(`${path}/steps/pcb/layers/top/${name}`)
    expect(top!.features.filter((f) => f.kind === 'flash')).toHaveLength(GRID.n * GRID.n)
    expect(top!.features.filter((f) => f.kind === 'draw')).toHaveLength(GRID.n)
    // pads (r300) and lines (r100) never touch: 0.25 mm from row to line, 0.15 + 0.05 needed
    const padArea = (Math.PI * (GRID.padUm * 1000) ** 2) / 4
    const lineLength = (GRID.n - 1) * GRID.pitchMm * 1e6, w = GRID.lineUm * 1000
    const expected = GRID.n * GRID.n * padArea + GRID.n * (lineLength * w + (Math.PI * w * w) / 4)
    expect(Math.abs(darkArea(top!.features) / expected - 1)).toBeLessThan(1e-3)
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FIXTURES_ROOT, fixtureName, gerberFixtures, realGerberFixtures } from './fixture-files.ts'
import { sharedReal } from '../../real-boards.ts'
import { looksLikeGerber, readGerber } from '../../../src/ingest/gerber/index.ts'

const ROOT = FIXTURES_ROOT
const real = realGerberFixtures('the Gerber reader tests on real public boards (kicad-bga-dev and kicad-demos still run)')
const files = [...gerberFixtures().filter((f) => /kicad-bga-dev|kicad-demos/.test(f)), ...real]

/** Independent count of flashes: D03 (or D3) operation codes once extended commands (%…%) are removed. */
const grepFlashes = (text: string) => (text.replace(/%[^%]*%/g, '').match(/D0?3\*/g) ?? []).length
const grepRegions = (text: string) => (text.match(/G36\*/g) ?? []).length

describe('real files', () => {
  it('finds all the fixture Gerber files', () => {
    // 14 kicad-bga-dev + 35 kicad-demos (5 boards × 7), and from ../shared 6 arduino + 9 atmega328 + 8 clockblock + 15 ekf2
    expect(files.length).toBe(14 + 35 + (real.length > 0 ? 38 : 0))
  })

  for (const file of files) {
    const name = fixtureName(file)
    it(`reads ${name} with as many flashes and regions as grep counts`, () => {
      const text = readFileSync(file, 'latin1')
      expect(looksLikeGerber(text)).toBe(true)
      const img = readGerber(text, file) // the path as read: an empty paste or mask file looks at the copper beside it
      expect(img.features.filter((f) => f.kind === 'flash')).toHaveLength(grepFlashes(text))
      expect(img.features.filter((f) => f.kind === 'region')).toHaveLength(grepRegions(text))
      expect(img.features.every((f, k) => f.id === k && Number.isFinite(f.bbox[0]) && f.bbox[0] <= f.bbox[2] && f.bbox[1] <= f.bbox[3])).toBe(true)
    })
  }

  it('reads the kicad-bga-dev top copper: 1785 SMD pads, each with component and pin', () => {
    const name = 'kicad-bga-dev/gerber/bga-dev-F_Cu.gbr'
    const img = readGerber(readFileSync(join(ROOT, name), 'utf8'), name)
    expect(img.fileFunction).toEqual(['Copper', 'L1', 'Top'])
    const pads = img.features.filter((f) => f.kind === 'flash' && (f.aperFunction === 'SMDPad' || f.aperFunction === 'BGAPad'))
    expect(pads).toHaveLength(1785)
    expect(pads.every((f) => f.component !== undefined && f.pin !== undefined)).toBe(true)
    // per component, as `grep -o 'TO.P,U[0-9]*' | sort | uniq -c` counts them
    const perComponent: Record<string, number> = {}
    for (const f of pads) perComponent[f.component!] = (perComponent[f.component!] ?? 0) + 1
    expect(perComponent).toEqual({ U1: 484, U2: 144, U3: 100, U4: 676, U5: 381 })
    expect(img.features.filter((f) => f.aperFunction === 'ViaPad')).toHaveLength(422)
    // the first pad in the file: %TO.P,U5,A2*% then X183200000Y-22400000D03*, aperture C 0.4
    expect(pads[0]).toMatchObject({ component: 'U5', pin: 'A2', shape: { type: 'circle', cx: 183_200_000, cy: -22_400_000, diameter: 400_000 } })
  })

  it('reads the bottom copper of kicad-bga-dev: no pads, only the 422 via pads', () => {
    const name = 'kicad-bga-dev/gerber/bga-dev-B_Cu.gbr'
    const img = readGerber(readFileSync(join(ROOT, name), 'utf8'), name)
    expect(img.features.filter((f) => f.aperFunction === 'SMDPad' || f.aperFunction === 'BGAPad')).toHaveLength(0)
    expect(img.features.filter((f) => f.aperFunction === 'ViaPad')).toHaveLength(422)
  })

  it.skipIf(real.length === 0)('reads the KiCad 5 X2 attributes written in G04 comments (atmega328)', () => {
    const name = 'atmega328-motor-board/ATMEGA328_Motor_Board-F.Cu.gtl'
    const img = readGerber(readFileSync(sharedReal(name), 'utf8'), name)
    expect(img.fileFunction).toEqual(['Copper', 'L1', 'Top', 'Signal'])
    expect(img.units).toBe('mm')
  })

  it.skipIf(real.length === 0)('reads the old inch files of gerbv-ekf2 with their deprecated commands reported', () => {
    const name = 'gerbv-ekf2/l0.grb'
    const img = readGerber(readFileSync(sharedReal(name), 'latin1'), name)
    expect(img.units).toBe('inch')
    expect(img.diagnostics.some((d) => /No unit statement/.test(d.message))).toBe(true)
    // %ADD125R,0.03260.326*% at line 98 lacks an X: reported, not dropped
    expect(img.diagnostics.some((d) => d.source.line === 98 && /D125/.test(d.message))).toBe(true)
  })

  it('does not take an Excellon drill file for Gerber', () => {
    const drill = readFileSync(join(ROOT, 'kicad-demos/video/video-PTH.drl'), 'utf8')
    expect(looksLikeGerber(drill)).toBe(false)
  })
})

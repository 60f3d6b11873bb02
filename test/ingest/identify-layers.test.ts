import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors.ts'
import { identifyLayer, parseMapping, requireRole } from '../../src/ingest/identify-layers.ts'
import type { Layer, Role, Side } from '../../src/layers/model.ts'
import { realBoardsAvailable, sharedReal } from '../real-boards.ts'

const gerber = { format: 'gerber' as const }
const excellon = { format: 'excellon' as const }

describe('identifyLayer from X2 .FileFunction', () => {
  const cases: [string[], Role, Side][] = [
    [['Copper', 'L1', 'Top'], 'pads', 'top'],
    [['Copper', 'L2', 'Bot'], 'pads', 'bottom'],
    [['Copper', 'L4', 'Bot', 'Signal'], 'pads', 'bottom'],
    [['Copper', 'L2', 'Inr', 'Plane'], 'pads', 'inner'],
    [['Soldermask', 'Top'], 'mask', 'top'],
    [['Soldermask', 'Bot'], 'mask', 'bottom'],
    [['Paste', 'Top'], 'deposit', 'top'],
    [['Paste', 'Bot'], 'deposit', 'bottom'],
    [['Plated', '1', '2', 'PTH'], 'vias', 'both'],
    [['NonPlated', '1', '2', 'NPTH'], 'other', 'both'],
    [['Profile', 'NP'], 'outline', 'both'],
    [['Legend', 'Top'], 'other', 'top'],
  ]
  for (const [fileFunction, role, side] of cases) {
    it(`maps ${fileFunction.join(',')} to ${role}/${side}`, () => {
      expect(identifyLayer('x.gbr', { ...gerber, fileFunction })).toEqual({ role, side, roleFrom: 'x2' })
    })
  }
  it('prefers X2 over a misleading file name', () => {
    expect(identifyLayer('board-F_Cu.gbr', { ...gerber, fileFunction: ['Paste', 'Bot'] })).toEqual({ role: 'deposit', side: 'bottom', roleFrom: 'x2' })
  })
})

describe('identifyLayer from file names', () => {
  const cases: [string, Role, Side][] = [
    ['board-F_Cu.gbr', 'pads', 'top'], ['board-B.Cu.gbl', 'pads', 'bottom'], ['board-In2_Cu.gbr', 'pads', 'inner'],
    ['board-F_Mask.gbr', 'mask', 'top'], ['board-B.Mask.gbs', 'mask', 'bottom'],
    ['board-F_Paste.gbr', 'deposit', 'top'], ['board-B.Paste.gbp', 'deposit', 'bottom'],
    ['board-Edge_Cuts.gbr', 'outline', 'both'], ['board-F_SilkS.gbr', 'other', 'top'],
    ['board-NPTH.drl', 'other', 'both'], ['board-PTH.drl', 'vias', 'both'], ['board.drl', 'vias', 'both'],
    ['BOARD.GTL', 'pads', 'top'], ['board.GBL', 'pads', 'bottom'], ['board.G2', 'pads', 'inner'],
    ['board.gts', 'mask', 'top'], ['board.gbs', 'mask', 'bottom'], ['board.gtp', 'deposit', 'top'], ['board.gbp', 'deposit', 'bottom'],
    ['board.gto', 'other', 'top'], ['board.gko', 'outline', 'both'], ['board.gm1', 'outline', 'both'],
    ['board.cmp', 'pads', 'top'], ['board.sol', 'pads', 'bottom'], ['board.stc', 'mask', 'top'], ['board.sts', 'mask', 'bottom'],
    ['board.crc', 'deposit', 'top'], ['board.crs', 'deposit', 'bottom'], ['board.plc', 'other', 'top'], ['board.drd', 'vias', 'both'],
    ['board.top', 'pads', 'top'], ['board.bot', 'pads', 'bottom'], ['board.smt', 'mask', 'top'], ['board.smb', 'mask', 'bottom'],
    ['board.spt', 'deposit', 'top'], ['board.spb', 'deposit', 'bottom'],
  ]
  for (const [name, role, side] of cases) {
    it(`reads ${name} as ${role}/${side}`, () => {
      expect(identifyLayer(`some/dir/${name}`, gerber)).toEqual({ role, side, roleFrom: 'filename' })
    })
  }
  it('falls back to content for an unnamed Excellon file, and to other/both for an unknown Gerber', () => {
    expect(identifyLayer('gerbv/holes.nc', excellon)).toEqual({ role: 'vias', side: 'both', roleFrom: 'content' })
    expect(identifyLayer('gerbv-ekf2/l0.grb', gerber)).toEqual({ role: 'other', side: 'both', roleFrom: 'default' })
  })

  // tracespace's manifests are an independent statement of each file's side and type
  const TYPE_TO_ROLE: Record<string, Role> = { copper: 'pads', soldermask: 'mask', solderpaste: 'deposit', silkscreen: 'other', outline: 'outline', drill: 'vias' }
  const available = realBoardsAvailable('identifyLayer vs tracespace manifests')
  for (const board of ['clockblock', 'arduino-uno']) {
    it.skipIf(!available)(`agrees with tracespace's manifest for ${board} (NPTH is 'other' by our rule)`, () => {
      const manifest = JSON.parse(readFileSync(sharedReal(`${board}/manifest.json`), 'utf8')) as { layers: { name: string; format: string; side: string; type: string }[] }
      for (const layer of manifest.layers) {
        const expected = { role: /NPTH/.test(layer.name) ? 'other' : TYPE_TO_ROLE[layer.type], side: layer.side === 'all' ? 'both' : layer.side }
        const { role, side } = identifyLayer(layer.name, { format: layer.format === 'drill' ? 'excellon' : 'gerber' })
        expect({ name: layer.name, role, side }).toEqual({ name: layer.name, ...expected })
      }
    })
  }
})

describe('user mapping', () => {
  const mapping = parseMapping({ 'l0.grb': { role: 'pads', side: 'top' }, '**/stp*.grb': { role: 'mask', side: 'top' }, '*.gtl': { role: 'other', side: 'top' } }, 'map.json')
  it('wins over X2 and names, by base name or glob', () => {
    expect(identifyLayer('gerbv-ekf2/l0.grb', { ...gerber, mapping })).toEqual({ role: 'pads', side: 'top', roleFrom: 'user' })
    expect(identifyLayer('gerbv-ekf2/stp0.grb', { ...gerber, mapping })).toEqual({ role: 'mask', side: 'top', roleFrom: 'user' })
    expect(identifyLayer('a.gtl', { ...gerber, mapping, fileFunction: ['Copper', 'L1', 'Top'] })).toEqual({ role: 'other', side: 'top', roleFrom: 'user' })
    expect(identifyLayer('gerbv-ekf2/l1.grb', { ...gerber, mapping }).roleFrom).toBe('default')
  })
  it('rejects a bad role or side with the key that is wrong', () => {
    expect(() => parseMapping({ 'a.gbr': { role: 'copper', side: 'top' } }, 'map.json')).toThrow(/map.json: "a.gbr".role must be one of pads, mask/)
    expect(() => parseMapping({ 'a.gbr': { role: 'pads', side: 'up' } }, 'map.json')).toThrow(ConfigError)
    expect(() => parseMapping([], 'map.json')).toThrow(/must be an object/)
  })
})

describe('requireRole', () => {
  const layer = (file: string, role: Role, side: Side): Layer =>
    ({ file, format: 'gerber', role, side, units: 'mm', roleFrom: 'filename', features: [], diagnostics: [] })
  const layers = [layer('b-F_Cu.gbr', 'pads', 'top'), layer('b.drl', 'vias', 'both'), layer('b-F_Mask.gbr', 'mask', 'top')]
  it('returns the layers of the role on that side, with side-both layers on every side', () => {
    expect(requireRole(layers, 'pads', 'top', 'pad-wettable-area').map((l) => l.file)).toEqual(['b-F_Cu.gbr'])
    expect(requireRole(layers, 'vias', 'bottom', 'via-pitch').map((l) => l.file)).toEqual(['b.drl'])
  })
  it('names the role, side, rule and every file seen when none is found', () => {
    expect(() => requireRole(layers, 'deposit', 'top', 'deposit-overhang')).toThrow(ConfigError)
    expect(() => requireRole(layers, 'deposit', 'top', 'deposit-overhang')).toThrow(
      'rule deposit-overhang needs a deposit layer on side top, and none was found; files seen: ' +
        'b-F_Cu.gbr (pads/top, from filename), b.drl (vias/both, from filename), b-F_Mask.gbr (mask/top, from filename).')
  })
})

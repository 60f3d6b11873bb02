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

describe('identifyLayer: gEDA/pcb-rnd, Altium, Eagle CAM and Allegro names', () => {
  const cases: [string, Role, Side][] = [
    // gEDA pcb / pcb-rnd
    ['board.front.gbr', 'pads', 'top'], ['board.back.gbr', 'pads', 'bottom'], ['board.group1.gbr', 'pads', 'inner'],
    ['board.frontmask.gbr', 'mask', 'top'], ['board.backmask.gbr', 'mask', 'bottom'],
    ['board.frontpaste.gbr', 'deposit', 'top'], ['board.backpaste.gbr', 'deposit', 'bottom'],
    ['board.frontsilk.gbr', 'other', 'top'], ['board.backsilk.gbr', 'other', 'bottom'], ['board.outline.gbr', 'outline', 'both'],
    ['board.top.gbr', 'pads', 'top'], ['board.bottommask.gbr', 'mask', 'bottom'],
    // Altium / Protel
    ['b.GTL', 'pads', 'top'], ['b.GBL', 'pads', 'bottom'], ['b.G1', 'pads', 'inner'], ['b.G30', 'pads', 'inner'], ['b.GP1', 'pads', 'inner'],
    ['b.GTS', 'mask', 'top'], ['b.GBS', 'mask', 'bottom'], ['b.GTP', 'deposit', 'top'], ['b.GBP', 'deposit', 'bottom'],
    ['b.GTO', 'other', 'top'], ['b.GBO', 'other', 'bottom'], ['b.GM1', 'outline', 'both'], ['b.GKO', 'outline', 'both'],
    ['b.GPT', 'other', 'top'], ['b.GPB', 'other', 'bottom'], // pad masters: an assembly aid, not the copper
    // Eagle CAM, classic and Eagle 9
    ['b.cmp', 'pads', 'top'], ['b.sol', 'pads', 'bottom'], ['b.stc', 'mask', 'top'], ['b.sts', 'mask', 'bottom'],
    ['b.crc', 'deposit', 'top'], ['b.crs', 'deposit', 'bottom'], ['b.plc', 'other', 'top'], ['b.pls', 'other', 'bottom'], ['b.gko', 'outline', 'both'],
    ['copper_top.gbr', 'pads', 'top'], ['copper_bottom.gbr', 'pads', 'bottom'], ['copper_l2.gbr', 'pads', 'inner'],
    ['soldermask_top.gbr', 'mask', 'top'], ['soldermask_bottom.gbr', 'mask', 'bottom'],
    ['solderpaste_top.gbr', 'deposit', 'top'], ['solderpaste_bottom.gbr', 'deposit', 'bottom'],
    ['silkscreen_top.gbr', 'other', 'top'], ['profile.gbr', 'outline', 'both'],
    // Cadence Allegro artwork
    ['d-SMT.art', 'mask', 'top'], ['d-SMB.art', 'mask', 'bottom'], ['d-SPT.art', 'deposit', 'top'], ['d-SPB.art', 'deposit', 'bottom'],
    ['d-SST.art', 'other', 'top'], ['d-SSB.art', 'other', 'bottom'], ['d-OUTLINE.art', 'outline', 'both'], ['d-L01.art', 'pads', 'top'],
    ['d-TOP.art', 'pads', 'top'], ['d-BOTTOM.art', 'pads', 'bottom'],
  ]
  for (const [name, role, side] of cases) {
    it(`reads ${name} as ${role}/${side}`, () => {
      expect(identifyLayer(`no/such/dir/${name}`, gerber)).toEqual({ role, side, roleFrom: 'filename' })
    })
  }
  it('reads drill files of those tools: .cnc, plated-/unplated-drill, .xln, Altium Round/SlotHoles .TXT', () => {
    expect(identifyLayer('b.plated-drill.cnc', excellon)).toEqual({ role: 'vias', side: 'both', roleFrom: 'filename' })
    expect(identifyLayer('b.unplated-drill.cnc', excellon)).toEqual({ role: 'other', side: 'both', roleFrom: 'filename' })
    expect(identifyLayer('b.xln', excellon)).toEqual({ role: 'vias', side: 'both', roleFrom: 'filename' })
    expect(identifyLayer('p-RoundHoles.TXT', excellon)).toEqual({ role: 'vias', side: 'both', roleFrom: 'filename' })
    expect(identifyLayer('p-SlotHoles.TXT', excellon)).toEqual({ role: 'other', side: 'both', roleFrom: 'filename' })
  })
  it('reads an Allegro copper film Lnn as the bottom only when it is the highest number beside it, else inner', () => {
    const siblings = ['d-L01.art', 'd-L02.art', 'd-L03.art', 'd-L04.art', 'd-SMT.art', 'e-L09.art']
    expect(identifyLayer('x/d-L04.art', { ...gerber, header: '', siblings })).toEqual({ role: 'pads', side: 'bottom', roleFrom: 'filename' })
    expect(identifyLayer('x/d-L03.art', { ...gerber, header: '', siblings })).toEqual({ role: 'pads', side: 'inner', roleFrom: 'filename' })
    expect(identifyLayer('x/d-L04.art', { ...gerber, header: '', siblings: ['d-L04.art', 'd-L05.art'] }).side).toBe('inner')
    expect(identifyLayer('no/such/dir/d-L04.art', gerber).side).toBe('inner') // the folder cannot be listed: the count is unknown
  })
})

describe('identifyLayer from Allegro G04 Layer: headers', () => {
  const header = (...layers: string[]) => layers.map((l) => `G04 Layer:  ${l}*`).join('\n') + '\n%FSLAX25Y25*MOMM*%\n'
  const cases: [string, Role, Side][] = [
    [header('MANUFACTURING/TOP LAYER', 'VIA CLASS/TOP', 'PIN/TOP', 'ETCH/TOP', 'BOARD GEOMETRY/OUTLINE'), 'pads', 'top'],
    [header('VIA CLASS/GND_L2', 'PIN/GND_L2', 'ETCH/GND_L2', 'BOARD GEOMETRY/OUTLINE'), 'pads', 'inner'],
    [header('PIN/BOTTOM', 'ETCH/BOTTOM', 'BOARD GEOMETRY/OUTLINE'), 'pads', 'bottom'],
    [header('VIA CLASS/SOLDERMASK_TOP', 'PIN/SOLDERMASK_TOP', 'BOARD GEOMETRY/OUTLINE'), 'mask', 'top'],
    [header('PIN/SOLDERMASK_BOTTOM', 'BOARD GEOMETRY/SOLDERMASK_BOTTOM'), 'mask', 'bottom'],
    [header('PIN/PASTEMASK_TOP', 'BOARD GEOMETRY/OUTLINE', 'BOARD GEOMETRY/SOLDER_PASTE_TOP'), 'deposit', 'top'],
    [header('PIN/PASTEMASK_BOTTOM', 'BOARD GEOMETRY/SOLDER_PASTE_BTM'), 'deposit', 'bottom'],
    [header('REF DES/SILKSCREEN_TOP', 'PACKAGE GEOMETRY/SILKSCREEN_TOP', 'BOARD GEOMETRY/OUTLINE'), 'other', 'top'],
    [header('BOARD GEOMETRY/OUTLINE'), 'outline', 'both'],
  ]
  for (const [text, role, side] of cases) {
    it(`reads ${text.split('\n')[0]} … as ${role}/${side}, over the file name`, () => {
      expect(identifyLayer('film-L05.art', { ...gerber, header: text })).toEqual({ role, side, roleFrom: 'content' })
    })
  }
  it('leaves X2 and the user mapping first, and falls back to the name when the header names nothing it knows', () => {
    const etchTop = header('ETCH/TOP')
    expect(identifyLayer('f.art', { ...gerber, header: etchTop, fileFunction: ['Paste', 'Bot'] }).role).toBe('deposit')
    expect(identifyLayer('f.art', { ...gerber, header: etchTop, mapping: { 'f.art': { role: 'other', side: 'top' } } }).roleFrom).toBe('user')
    expect(identifyLayer('d-SMT.art', { ...gerber, header: header('MANUFACTURING/NCLEGEND-1-14') })).toEqual({ role: 'mask', side: 'top', roleFrom: 'filename' })
  })
})

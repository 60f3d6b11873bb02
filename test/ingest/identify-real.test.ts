// Layer identification on every file of the real public boards (../shared/fixtures/real), as the loader
// sees them: format sniffed from the content, X2 .FileFunction and Allegro `G04 Layer:` from the header.
// Expected roles and sides come from the boards' READMEs, tracespace manifests and the files' own headers.

import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fileFunctionFromHeader, identifyLayer, readHeader } from '../../src/ingest/identify-layers.ts'
import { expandInputs, sniffFormat } from '../../src/ingest/source.ts'
import { realBoardsAvailable, sharedReal } from '../real-boards.ts'

type Expected = [file: string, role: string, side: string, from: string]

const BOARDS: Record<string, Expected[]> = {
  'arduino-uno': [ // Eagle CAM
    ['arduino-uno.cmp', 'pads', 'top', 'filename'], ['arduino-uno.drd', 'vias', 'both', 'filename'],
    ['arduino-uno.gko', 'outline', 'both', 'filename'], ['arduino-uno.plc', 'other', 'top', 'filename'],
    ['arduino-uno.sol', 'pads', 'bottom', 'filename'], ['arduino-uno.stc', 'mask', 'top', 'filename'],
    ['arduino-uno.sts', 'mask', 'bottom', 'filename'],
  ],
  'atmega328-motor-board': [ // KiCad 5, true X2
    ['ATMEGA328_Motor_Board-B.Cu.gbl', 'pads', 'bottom', 'x2'], ['ATMEGA328_Motor_Board-B.Mask.gbs', 'mask', 'bottom', 'x2'],
    ['ATMEGA328_Motor_Board-B.Paste.gbp', 'deposit', 'bottom', 'x2'], ['ATMEGA328_Motor_Board-B.SilkS.gbo', 'other', 'bottom', 'x2'],
    ['ATMEGA328_Motor_Board-Edge.Cuts.gm1', 'outline', 'both', 'x2'], ['ATMEGA328_Motor_Board-F.Cu.gtl', 'pads', 'top', 'x2'],
    ['ATMEGA328_Motor_Board-F.Mask.gts', 'mask', 'top', 'x2'], ['ATMEGA328_Motor_Board-F.Paste.gtp', 'deposit', 'top', 'x2'],
    ['ATMEGA328_Motor_Board-F.SilkS.gto', 'other', 'top', 'x2'], ['ATMEGA328_Motor_Board.drl', 'vias', 'both', 'filename'],
  ],
  clockblock: [ // KiCad 2013, no X2
    ['clockblock-B_Cu.gbr', 'pads', 'bottom', 'filename'], ['clockblock-B_Mask.gbr', 'mask', 'bottom', 'filename'],
    ['clockblock-B_SilkS.gbr', 'other', 'bottom', 'filename'], ['clockblock-Edge_Cuts.gbr', 'outline', 'both', 'filename'],
    ['clockblock-F_Cu.gbr', 'pads', 'top', 'filename'], ['clockblock-F_Mask.gbr', 'mask', 'top', 'filename'],
    ['clockblock-F_Paste.gbr', 'deposit', 'top', 'filename'], ['clockblock-F_SilkS.gbr', 'other', 'top', 'filename'],
    ['clockblock-NPTH.drl', 'other', 'both', 'filename'], ['clockblock.drl', 'vias', 'both', 'filename'],
  ],
  'fomu-pvt1': [ // KiCad 5.0, X2 in G04 #@! comments; blind/buried layer-pair drills
    ['tomu-fpga-B.Cu.gbl', 'pads', 'bottom', 'x2'], ['tomu-fpga-B.Mask.gbs', 'mask', 'bottom', 'x2'],
    ['tomu-fpga-B.Paste.gbp', 'deposit', 'bottom', 'x2'], ['tomu-fpga-Edge.Cuts.gm1', 'outline', 'both', 'x2'],
    ['tomu-fpga-F.Cu.gtl', 'pads', 'top', 'x2'], ['tomu-fpga-F.Mask.gts', 'mask', 'top', 'x2'],
    ['tomu-fpga-F.Paste.gtp', 'deposit', 'top', 'x2'], ['tomu-fpga-In1.Cu.g2', 'pads', 'inner', 'x2'],
    ['tomu-fpga-In2.Cu.g3', 'pads', 'inner', 'x2'], ['tomu-fpga-NPTH.drl', 'other', 'both', 'filename'],
    ['tomu-fpga-front-in1.drl', 'vias', 'both', 'filename'], ['tomu-fpga-in1-in2.drl', 'vias', 'both', 'filename'],
    ['tomu-fpga-in2-back.drl', 'vias', 'both', 'filename'],
  ],
  // EKF's German names (l0…l5, gnd, pow, stp = Stopplack, sieb = Siebdruck) follow no CAD convention and
  // say nothing of which signal layer is the top: left to the user's --map, as 'other' / 'both'
  'gerbv-ekf2': [
    ...['d1', 'gnd', 'l0', 'l1', 'l2', 'l3', 'l4', 'l5', 'pow', 'pow3', 'resplan', 'sieb0', 'sieb1', 'stp0', 'stp1']
      .map((n): Expected => [`${n}.grb`, 'other', 'both', 'default']),
    ...['drill0', 'drill1', 'drill20', 'drill30'].map((n): Expected => [`${n}.exc`, 'vias', 'both', 'filename']),
  ],
  'limesdr-mini-1v3': [ // Altium Designer 19: Protel extensions, RoundHoles/SlotHoles .TXT drills
    ['LimeSDR_Mini_1v3_Rounded_panel-RoundHoles.TXT', 'vias', 'both', 'filename'],
    ['LimeSDR_Mini_1v3_Rounded_panel-SlotHoles.TXT', 'other', 'both', 'filename'],
    ...['G1', 'G2', 'G3', 'G4', 'G5', 'G6'].map((e): Expected => [`LimeSDR_Mini_1v3_Rounded_panel.${e}`, 'pads', 'inner', 'filename']),
    ['LimeSDR_Mini_1v3_Rounded_panel.GBL', 'pads', 'bottom', 'filename'], ['LimeSDR_Mini_1v3_Rounded_panel.GBO', 'other', 'bottom', 'filename'],
    ['LimeSDR_Mini_1v3_Rounded_panel.GBP', 'deposit', 'bottom', 'filename'], ['LimeSDR_Mini_1v3_Rounded_panel.GBS', 'mask', 'bottom', 'filename'],
    ['LimeSDR_Mini_1v3_Rounded_panel.GM1', 'outline', 'both', 'filename'], ['LimeSDR_Mini_1v3_Rounded_panel.GM14', 'outline', 'both', 'filename'],
    ['LimeSDR_Mini_1v3_Rounded_panel.GM15', 'outline', 'both', 'filename'],
    ['LimeSDR_Mini_1v3_Rounded_panel.GPB', 'other', 'bottom', 'filename'], ['LimeSDR_Mini_1v3_Rounded_panel.GPT', 'other', 'top', 'filename'],
    ['LimeSDR_Mini_1v3_Rounded_panel.GTL', 'pads', 'top', 'filename'], ['LimeSDR_Mini_1v3_Rounded_panel.GTO', 'other', 'top', 'filename'],
    ['LimeSDR_Mini_1v3_Rounded_panel.GTP', 'deposit', 'top', 'filename'], ['LimeSDR_Mini_1v3_Rounded_panel.GTS', 'mask', 'top', 'filename'],
  ],
  'olimex-stmp157-lime2-b1': [ // KiCad 5.1, true X2, 8 copper layers
    ...[['B_Cu', 'pads', 'bottom'], ['B_Mask', 'mask', 'bottom'], ['B_Paste', 'deposit', 'bottom'], ['B_SilkS', 'other', 'bottom'],
      ['Edge_Cuts', 'outline', 'both'], ['F_Cu', 'pads', 'top'], ['F_Mask', 'mask', 'top'], ['F_Paste', 'deposit', 'top'],
      ['F_SilkS', 'other', 'top'], ['Ln1PWR_Cu', 'pads', 'inner'], ['Ln2_Cu', 'pads', 'inner'], ['Ln3GND_Cu', 'pads', 'inner'],
      ['Ln4_Cu', 'pads', 'inner'], ['Ln5_Cu', 'pads', 'inner'], ['Ln6GND_Cu', 'pads', 'inner']]
      .map(([n, role, side]): Expected => [`STMP157-OLinuXino-LIME2_Rev_B1-${n}.gbr`, role!, side!, 'x2']),
    ['STMP157-OLinuXino-LIME2_Rev_B1-NPTH.drl', 'other', 'both', 'x2'], ['STMP157-OLinuXino-LIME2_Rev_B1-PTH.drl', 'vias', 'both', 'x2'],
  ],
  'parallella-buddy': [ // Cadence Allegro 16.6: G04 Layer: headers (ETCH/TOP … ETCH/BOTTOM, PIN/SOLDERMASK_TOP …)
    ['BUDDY_Board_Rev1-1-14.drl', 'vias', 'both', 'filename'],
    ['BuddyBoard_Rev1-L01.art', 'pads', 'top', 'content'],
    ...Array.from({ length: 12 }, (_, k): Expected => [`BuddyBoard_Rev1-L${String(k + 2).padStart(2, '0')}.art`, 'pads', 'inner', 'content']),
    ['BuddyBoard_Rev1-L14.art', 'pads', 'bottom', 'content'], ['BuddyBoard_Rev1-OUTLINE.art', 'outline', 'both', 'content'],
    ['BuddyBoard_Rev1-SMB.art', 'mask', 'bottom', 'content'], ['BuddyBoard_Rev1-SMT.art', 'mask', 'top', 'content'],
    ['BuddyBoard_Rev1-SPB.art', 'deposit', 'bottom', 'content'], ['BuddyBoard_Rev1-SPT.art', 'deposit', 'top', 'content'],
    ['BuddyBoard_Rev1-SSB.art', 'other', 'bottom', 'content'], ['BuddyBoard_Rev1-SST.art', 'other', 'top', 'content'],
  ],
}

const available = realBoardsAvailable('layer identification on the real boards\' file names')

describe.skipIf(!available)('identifyLayer on the real boards', () => {
  for (const [board, expected] of Object.entries(BOARDS)) {
    it(`gives every layer file of ${board} its role and side`, async () => {
      // the files the loader would read: what expandInputs keeps of the folder (LICENSE, README, .DRR, .LDP… are notes)
      const { entries } = await expandInputs([sharedReal(board)])
      const files = entries.filter((e) => e.kind === 'file').map((e) => e.path)
      const got = files.map((path): Expected => {
        const header = readHeader(path) ?? ''
        const format = sniffFormat(header, path)!
        const fileFunction = fileFunctionFromHeader(header)
        const { role, side, roleFrom } = identifyLayer(path, { format, header, ...(fileFunction && { fileFunction }) })
        return [path.slice(sharedReal(board).length + 1), role, side, roleFrom]
      })
      expect(got).toEqual([...expected].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
    })
  }

  it('reads the Allegro films by name alone too, with the folder telling which Lnn is the bottom', () => {
    const dir = sharedReal('parallella-buddy')
    const siblings = readdirSync(dir)
    const byName = (name: string) => {
      const { role, side } = identifyLayer(`${dir}/${name}`, { format: 'gerber', header: '', siblings })
      return `${role}/${side}`
    }
    expect(['L01', 'L02', 'L13', 'L14', 'SMT', 'SMB', 'SPT', 'SPB', 'SST', 'SSB', 'OUTLINE'].map((n) => byName(`BuddyBoard_Rev1-${n}.art`))).toEqual([
      'pads/top', 'pads/inner', 'pads/inner', 'pads/bottom', 'mask/top', 'mask/bottom', 'deposit/top', 'deposit/bottom', 'other/top', 'other/bottom', 'outline/both'])
  })
})

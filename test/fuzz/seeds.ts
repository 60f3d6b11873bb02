// Small seed inputs for the fuzzers: snippets cut from the project's fixtures and, where ../shared is
// there, from the real public boards (header + a few operations + end), plus hand-written seeds for
// constructs the fixtures lack (SR, AB, macros, regions, slots, repeats). Small seeds keep each case
// fast, so that ten thousand of them fit in a test run.

import { readFileSync } from 'node:fs'
import { realBoardsAvailable, sharedReal } from '../real-boards.ts'

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
const readReal = (name: string) => readFileSync(sharedReal(name), 'utf8')
const withReal = realBoardsAvailable('fuzz seeds cut from real public boards (the fuzzers run on the project fixtures alone)')

/** Every `%…%` extended command (multi-line AM included) and the first `operations` other lines, then M02. */
export function gerberSnippet(text: string, operations: number): string {
  const out: string[] = []
  let inExtended = false, ops = 0
  for (const line of text.split(/\r?\n/)) {
    const extended = inExtended || line.startsWith('%')
    if (extended) {
      out.push(line)
      // an extended command ends on a line ending in '%' (the opening line may be the closing one)
      inExtended = !(line.endsWith('%') && (inExtended || line.length > 1))
    } else if (ops < operations && line.trim() !== '' && !/^M0?2\*/.test(line)) {
      out.push(line)
      ops++
    }
    if (out.length > 200) break
  }
  return `${out.join('\n')}\nM02*\n`
}

/** The M48 header (to `%`) and the first `hits` body lines, then M30. */
export function excellonSnippet(text: string, hits: number): string {
  const lines = text.split(/\r?\n/)
  const end = lines.findIndex((l) => l.trim() === '%' || l.trim() === 'M95')
  const body = lines.slice(end + 1).filter((l) => l.trim() !== '' && !/^M30/.test(l)).slice(0, hits)
  return `${[...lines.slice(0, end + 1), ...body].join('\n')}\nM30\n`
}

const GERBER_FIXTURES = [
  'fixtures/kicad-bga-dev/gerber/bga-dev-F_Paste.gbr',
  'fixtures/kicad-bga-dev/gerber/bga-dev-Edge_Cuts.gbr',
  'fixtures/kicad-bga-dev/gerber/bga-dev-B_Cu.gbr',
  // custom-shape pads as aperture macros; X2 netlist attributes
  'fixtures/kicad-demos/custom_pads_test/custom_pads_test-F_Cu.gbr',
]

/** Under ../shared/fixtures/real (test/real-boards.ts). */
const GERBER_REAL = [
  'clockblock/clockblock-F_Mask.gbr',
  'arduino-uno/arduino-uno.gko',
  'gerbv-ekf2/d1.grb',
  'atmega328-motor-board/ATMEGA328_Motor_Board-F.Paste.gtp',
]

const EXCELLON_FIXTURES = [
  'fixtures/kicad-bga-dev/gerber/bga-dev-PTH.drl',
  // KiCad 6: metric decimal, `; #@! TA.AperFunction` comments per tool
  'fixtures/kicad-demos/kit-dev-coldfire-xilinx_5213/kit-dev-coldfire-xilinx_5213-PTH.drl',
]

const EXCELLON_REAL = [
  'clockblock/clockblock.drl',
  'gerbv-ekf2/drill0.exc',
  'gerbv-ekf2/drill20.exc',
  'arduino-uno/arduino-uno.drd',
  'atmega328-motor-board/ATMEGA328_Motor_Board.drl',
]

/** Constructs the fixtures do not use, written by hand after the Gerber spec (2023.08) examples. */
const GERBER_HANDWRITTEN = [
  // step and repeat, a region with arcs, polarity flips
  `%FSLAX26Y26*%\n%MOMM*%\n%ADD10C,0.1*%\n%SRX3Y2I5.0J4.0*%\nD10*\nX0Y0D03*\nG36*\nX0Y0D02*\nG01X1000000Y0D01*\nG75*\nG03X0Y1000000I-1000000J0D01*\nG01X0Y0D01*\nG37*\n%SR*%\n%LPC*%\nX500000Y500000D03*\n%LPD*%\nM02*\n`,
  // nested block apertures
  `%FSLAX26Y26*%\n%MOMM*%\n%ADD10C,0.2*%\n%ABD20*%\nD10*\nX0Y0D03*\n%ABD21*%\nD10*\nX100000Y0D03*\n%AB*%\n%AB*%\nD20*\nX1000000Y1000000D03*\nM02*\n`,
  // a macro with variables, expressions and every primitive; load mirror/rotate/scale
  `%FSLAX26Y26*%\n%MOIN*%\n%AMBOX*\n0 comment*\n$3=$1x2*\n1,1,$1,0,0*\n20,1,0.01,0,0,$2,0,45*\n21,1,$3,$2,0,0,30*\n4,1,3,0,0,0.1,0,0.1,0.1,0,0,0*\n5,1,6,0,0,0.2,0*\n7,0,0,0.3,0.2,0.05,0*\n%\n%ADD11BOX,0.05X0.1*%\n%LMXY*%\n%LR30*%\n%LS0.5*%\nD11*\nX0Y0D03*\nX100000Y100000D03*\nM02*\n`,
  // standard apertures with holes, deprecated commands, incremental notation
  `G04 deprecated*\n%FSLIX24Y24*%\n%MOIN*%\n%IPPOS*%\n%ADD10R,0.05X0.03X0.01*%\n%ADD11O,0.05X0.03*%\n%ADD12P,0.08X6X15X0.02*%\nG54D10*\nX1000Y1000D03*\nD11*\nX1000Y0D03*\nD12*\nG91*\nX-500Y500D03*\nG74*\nM02*\n`,
]

const EXCELLON_HANDWRITTEN = [
  // repeats, a G85 slot, a routed path with arcs, inch with trailing zeros
  `M48\nINCH,TZ\nT1C0.035\nT2F200S65C0.125\n%\nG05\nT1\nX01000Y01000\nR5X00500\nX02000Y02000G85X03000Y02000\nT2\nM15\nG00X010000Y010000\nM15\nG01X020000Y010000\nG03X020000Y020000A005000\nM16\nM17\nM30\n`,
  // metric, leading zeros, incremental mode, canned pattern repeat
  `M48\nMETRIC,LZ,000.000\nT01C00.800\nT02C01.000\n%\nG90\nT01\nX010000Y010000\nG91\nX001000Y000000\nR3X000500Y000500\nT02\nG90\nX050000Y-050000\nM30\n`,
]

export const GERBER_SEEDS: string[] = [
  ...GERBER_FIXTURES.map((f) => gerberSnippet(read(f), 30)),
  ...(withReal ? GERBER_REAL.map((f) => gerberSnippet(readReal(f), 30)) : []),
  ...GERBER_HANDWRITTEN,
]

export const EXCELLON_SEEDS: string[] = [
  ...EXCELLON_FIXTURES.map((f) => excellonSnippet(read(f), 30)),
  ...(withReal ? EXCELLON_REAL.map((f) => excellonSnippet(readReal(f), 30)) : []),
  ...EXCELLON_HANDWRITTEN,
]

// Writes a Substrate as Gerber X2 (copper, mask, paste; mm, %FSLAX46Y46*%) and Excellon (vias),
// streaming through a small buffer so 1 M bumps never become one string, plus truth.json.

import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import {
  depositOffsetFor, forEachVia, maskOpeningFor, oversizedDepositFor, padCenter, pinName, shortDepositFor,
  shrunkOpeningFor, type Die, type PadDefect, type Substrate,
} from './substrate.ts'

/** Appends text and flushes to the file every ~1 MB. */
class StreamingFile {
  private readonly fd: number
  private buffer = ''
  bytes = 0
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w')
  }
  write(text: string): void {
    this.buffer += text
    if (this.buffer.length >= 1 << 20) this.flush()
  }
  private flush(): void {
    this.bytes += writeSync(this.fd, this.buffer)
    this.buffer = ''
  }
  close(): void {
    this.flush()
    closeSync(this.fd)
  }
}

export const FILE_NAMES = {
  copper: 'substrate-F_Cu.gbr',
  mask: 'substrate-F_Mask.gbr',
  paste: 'substrate-F_Paste.gbr',
  drill: 'substrate-PTH.drl',
  truth: 'truth.json',
} as const

/** nm → Excellon decimal mm (6 decimals are 1 nm); the point stays, or readers take the digits in the header's zero format. */
const mm = (nm: number) => (nm / 1e6).toFixed(6).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '.0')
const apertureMm = (nm: number) => (nm / 1e6).toFixed(6)

function gerberHeader(file: StreamingFile, fileFunction: string, polarity: 'Positive' | 'Negative'): void {
  file.write(`%TF.GenerationSoftware,bumpcheck,bench/gen.ts,1*%\n%TF.FileFunction,${fileFunction}*%\n%TF.FilePolarity,${polarity}*%\n`)
  file.write('%FSLAX46Y46*%\nG04 Gerber Fmt 4.6, leading zero omitted, absolute, mm*\n%MOMM*%\n%LPD*%\nG01*\n')
}

/** One circular aperture per distinct diameter, numbered from D10 in ascending diameter. */
function apertures(file: StreamingFile, diameters: Iterable<number>, aperFunction?: string): Map<number, string> {
  const codes = new Map<number, string>()
  for (const d of [...new Set(diameters)].sort((a, b) => a - b)) {
    const code = `D${10 + codes.size}`
    codes.set(d, code)
    if (aperFunction) file.write(`%TA.AperFunction,${aperFunction}*%\n`)
    file.write(`%ADD${code.slice(1)}C,${apertureMm(d)}*%\n`)
    if (aperFunction) file.write('%TD*%\n')
  }
  return codes
}

/**
 * Flashes for every pad of every die, with `choose` deciding each pad's diameter (null: none) and
 * offset; a moved plug's copper, mask and paste all move with it.
 */
function flashPads(file: StreamingFile, substrate: Substrate, codes: Map<number, string>,
  choose: (die: Die, kind: string | undefined) => { diameter: number; dx?: number } | null, objectAttributes: boolean): void {
  let current = ''
  substrate.dies.forEach((die, d) => {
    const defects = substrate.padDefects[d]!
    if (objectAttributes) file.write(`%TO.C,${die.ref}*%\n`)
    for (let i = 0; i < die.count; i++) {
      const defect: PadDefect | undefined = defects.get(i)
      const pick = choose(die, defect?.kind)
      if (!pick) continue
      const code = codes.get(pick.diameter)!
      if (code !== current) {
        file.write(`${code}*\n`)
        current = code
      }
      const { x, y } = padCenter(die, i)
      if (objectAttributes) file.write(`%TO.P,${die.ref},${pinName(die, i)}*%\n`)
      file.write(`X${x + (defect?.dx ?? 0) + (pick.dx ?? 0)}Y${y + (defect?.dy ?? 0)}D03*\n`)
    }
    if (objectAttributes) file.write('%TD*%\n')
  })
}

export interface WrittenSubstrate {
  dir: string
  files: string[]
  bytes: number
  bumps: number
  vias: number
}

export function writeSubstrate(substrate: Substrate, dir: string): WrittenSubstrate {
  mkdirSync(dir, { recursive: true })
  const { dies } = substrate
  let bytes = 0

  const copper = new StreamingFile(join(dir, FILE_NAMES.copper))
  gerberHeader(copper, 'Copper,L1,Top', 'Positive')
  const padCodes = apertures(copper, dies.map((d) => d.padDiameter), 'SMDPad,CuDef')
  flashPads(copper, substrate, padCodes, (die) => ({ diameter: die.padDiameter }), true)
  copper.write('M02*\n')
  copper.close()

  // a Soldermask file's dark flashes are the openings (negative film), as KiCad writes them
  const mask = new StreamingFile(join(dir, FILE_NAMES.mask))
  gerberHeader(mask, 'Soldermask,Top', 'Negative')
  const maskCodes = apertures(mask, dies.flatMap((d) => [maskOpeningFor(d.padDiameter), shrunkOpeningFor(d.padDiameter)]))
  flashPads(mask, substrate, maskCodes, (die, kind) =>
    ({ diameter: kind === 'shrunk-mask' ? shrunkOpeningFor(die.padDiameter) : maskOpeningFor(die.padDiameter) }), false)
  mask.write('M02*\n')
  mask.close()

  const paste = new StreamingFile(join(dir, FILE_NAMES.paste))
  gerberHeader(paste, 'Paste,Top', 'Positive')
  const pasteCodes = apertures(paste, [
    ...dies.flatMap((d) => [d.padDiameter, shortDepositFor(d.padDiameter), oversizedDepositFor(d)]),
    ...substrate.orphanDeposits.map((o) => o.diameter),
  ])
  flashPads(paste, substrate, pasteCodes, (die, kind) => {
    if (kind === 'missing-deposit') return null
    if (kind === 'short-deposit') return { diameter: shortDepositFor(die.padDiameter) }
    if (kind === 'oversized-deposit') return { diameter: oversizedDepositFor(die) }
    if (kind === 'offset-deposit') return { diameter: die.padDiameter, dx: depositOffsetFor(die) }
    return { diameter: die.padDiameter }
  }, false)
  for (const orphan of substrate.orphanDeposits) paste.write(`${pasteCodes.get(orphan.diameter)}*\nX${orphan.x}Y${orphan.y}D03*\n`)
  paste.write('M02*\n')
  paste.close()

  const drill = new StreamingFile(join(dir, FILE_NAMES.drill))
  drill.write('M48\n; #@! TF.GenerationSoftware,bumpcheck,bench/gen.ts,1\n; #@! TF.FileFunction,Plated,1,2,PTH\nFMAT,2\nMETRIC\n')
  drill.write(`; #@! TA.AperFunction,Plated,PTH,ViaDrill\nT1C${mm(substrate.viaDrill)}\n%\nG90\nG05\nT1\n`)
  let vias = 0
  forEachVia(substrate, (x, y) => {
    drill.write(`X${mm(x)}Y${mm(y)}\n`)
    vias++
  })
  drill.write('M30\n')
  drill.close()
  bytes = copper.bytes + mask.bytes + paste.bytes + drill.bytes

  const truth = {
    about: `Seeded defects of this generated substrate and the rule of rules/${substrate.options.process ?? 'flip-chip-substrate'}.json each must trip. Written by bench/gen.ts.`,
    generator: substrate.options,
    units: 'mm',
    defects: substrate.defects.map((d) => ({
      kind: d.kind, rule: d.rule, at: { x: d.x / 1e6, y: d.y / 1e6 },
      ...(d.die !== undefined ? { component: dies[d.die]!.ref, pin: pinName(dies[d.die]!, d.pad!) } : {}),
    })),
  }
  writeFileSync(join(dir, FILE_NAMES.truth), JSON.stringify(truth, null, 2) + '\n')
  const bumps = dies.reduce((n, d) => n + d.count, 0)
  return { dir, files: [FILE_NAMES.copper, FILE_NAMES.mask, FILE_NAMES.paste, FILE_NAMES.drill].map((f) => join(dir, f)), bytes, bumps, vias }
}

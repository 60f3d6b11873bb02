// Synthetic flip-chip substrate layout (integer nm), shared by the file writer, the test and the
// KLayout deck: dies with bump arrays, via fields under and between them, and seeded defects with
// the rule each one must trip. Pure: no I/O, no clocks, one PRNG.
//
// Sizes are chosen against rules/flip-chip-substrate.json (µm): pads 60–100 µm at 100–200 µm pitch
// keep ≥ 40 µm deposit-to-pad clearance (limit 25), vias of 40 µm on a 2-pitch interstitial grid stay
// ≥ 20.7 µm from every pad (limit 20) and ≥ 200 µm apart (limit 150). Each defect breaks one limit
// by a clear margin (a 12 µm gap against 25, a 100 µm via pitch against 150 …).

import { mulberry32, randomInt, type Random } from './prng.ts'

export const UM = 1000

export interface SubstrateOptions {
  bumps: number
  seed: number
  dies: number
  /** Bump pitch in µm for every die; default: each die draws one of 100–200 µm from the seed. */
  pitchUm?: number
  defects: number
  /** The preset whose rules the seeded defects are chosen to trip; default flip-chip-substrate. */
  process?: SubstrateProcess
}

export const SUBSTRATE_PROCESSES = ['flip-chip-substrate', 'bump-film'] as const
export type SubstrateProcess = (typeof SUBSTRATE_PROCESSES)[number]

export interface Die {
  ref: string
  pitch: number
  padDiameter: number
  columns: number
  rows: number
  count: number
  /** Centre of pad (row 0, column 0). */
  x0: number
  y0: number
}

export const DEFECT_KINDS = [
  'shrunk-mask', 'oversized-deposit', 'offset-deposit', 'missing-deposit', 'short-deposit', 'close-vias', 'orphan-deposit',
  'moved-plug',
] as const
export type DefectKind = (typeof DEFECT_KINDS)[number]

/**
 * The kinds seeded for each preset, in the order they are dealt out. bump-film (rules/bump-film.json)
 * has no close-vias (its minPitch is the generator's close pitch, 100 µm) and adds the moved plug that
 * film-web must find; each kind trips one rule of that preset and no other.
 */
export const PROCESS_DEFECTS: Record<SubstrateProcess, readonly DefectKind[]> = {
  'flip-chip-substrate': DEFECT_KINDS.filter((k) => k !== 'moved-plug'),
  'bump-film': ['moved-plug', 'shrunk-mask', 'missing-deposit', 'offset-deposit', 'short-deposit', 'orphan-deposit'],
}

/** The rule of the process's preset that each defect must trip. */
export const DEFECT_RULE: Record<DefectKind, string> = {
  'shrunk-mask': 'pad-wettable-area',
  'oversized-deposit': 'deposit-overhang',
  'offset-deposit': 'deposit-overhang',
  'missing-deposit': 'bump-coplanarity',
  'short-deposit': 'deposit-overhang',
  'close-vias': 'via-pitch',
  'orphan-deposit': 'deposit-overhang',
  'moved-plug': 'film-web',
}

export interface Defect {
  kind: DefectKind
  rule: string
  /** Where the finding is expected (pad centre, deposit centre, or the via pair's midpoint), nm. */
  x: number
  y: number
  /** The pad it sits on, for pad defects. */
  die?: number
  pad?: number
}

/** A defect on one pad: its kind, and for a moved plug how far copper, mask and paste moved, nm. */
export interface PadDefect {
  kind: DefectKind
  dx: number
  dy: number
}

export interface Substrate {
  options: SubstrateOptions
  dies: Die[]
  defects: Defect[]
  /** Pad defects by die → pad index, for the writers' O(1) look-up while streaming. */
  padDefects: Map<number, PadDefect>[]
  /** Via pairs and orphan deposits placed in the margin below the dies. */
  extraVias: { x: number; y: number }[]
  orphanDeposits: { x: number; y: number; diameter: number }[]
  viaDrill: number
  /** Substrate extent, nm. */
  width: number
  height: number
}

const DIE_GAP = 1200 * UM
const MARGIN = 2000 * UM
const VIA_DRILL = 40 * UM
const STRIP_PITCH = 250 * UM
const STRIP_COLUMNS = 3
const PITCHES_UM = [100, 120, 150, 180, 200]
/** A defect's gap to the neighbour's wettable area: under minClearance (25 µm) by a clear margin. */
const DEFECT_GAP = 12 * UM
const CLOSE_VIA_PITCH = 100 * UM
/**
 * A moved plug's film web to the neighbour it moved toward: under film-web's minFilmWeb (25 µm) yet
 * at least deposit-overhang's minClearance (20 µm), so that film-web alone reports it.
 */
const MOVED_PLUG_WEB = 22 * UM

/** Pad size for a pitch: half the pitch, kept within the 60–100 µm flip-chip range. */
export function padDiameterFor(pitch: number): number {
  return Math.min(100 * UM, Math.max(60 * UM, Math.round(pitch / 2)))
}
/** NSMD: the opening is 10 µm larger than the pad all round. */
export const maskOpeningFor = (pad: number): number => pad + 20 * UM
/** 55 % of the pad: wettable area far below the array's median (and often below minArea). */
export const shrunkOpeningFor = (pad: number): number => Math.round(pad * 0.55)
/** 60 % of the pad: covers 36 % of it, under minCoverage 50 %. */
export const shortDepositFor = (pad: number): number => Math.round(pad * 0.6)
/** Grown until its edge is DEFECT_GAP from the neighbour's pad. */
export const oversizedDepositFor = (die: Die): number => 2 * (die.pitch - die.padDiameter / 2 - DEFECT_GAP)
/** Shifted in +x until its edge is DEFECT_GAP from the neighbour's pad. */
export const depositOffsetFor = (die: Die): number => die.pitch - die.padDiameter - DEFECT_GAP
/** Moved toward one neighbour until the film web between them is MOVED_PLUG_WEB. */
export const plugMoveFor = (die: Die): number => die.pitch - die.padDiameter - MOVED_PLUG_WEB

export function padCenter(die: Die, index: number): { x: number; y: number } {
  const row = Math.floor(index / die.columns)
  const column = index - row * die.columns
  return { x: die.x0 + column * die.pitch, y: die.y0 + row * die.pitch }
}

/** BGA-style pin name: row letters (A…Z, AA…) then column number from 1. */
export function pinName(die: Die, index: number): string {
  let row = Math.floor(index / die.columns)
  const column = index - row * die.columns + 1
  let letters = ''
  do {
    letters = String.fromCharCode(65 + (row % 26)) + letters
    row = Math.floor(row / 26) - 1
  } while (row >= 0)
  return letters + column
}

export function layoutSubstrate(options: SubstrateOptions): Substrate {
  if (!Number.isInteger(options.bumps) || options.bumps < options.dies || options.dies < 1) {
    throw new Error(`--bumps must be an integer ≥ --dies ≥ 1 (got ${options.bumps} bumps, ${options.dies} dies)`)
  }
  const random = mulberry32(options.seed)
  const shapes = Array.from({ length: options.dies }, (_, i) => {
    const pitch = (options.pitchUm ?? PITCHES_UM[randomInt(random, PITCHES_UM.length)]!) * UM
    const count = Math.floor(options.bumps / options.dies) + (i < options.bumps % options.dies ? 1 : 0)
    const columns = Math.ceil(Math.sqrt(count))
    return { pitch, count, columns, rows: Math.ceil(count / columns) }
  })
  // dies on a square-ish grid of equal cells, each cell the largest die plus the gap for a via strip
  const cell = Math.max(...shapes.map((s) => Math.max(s.columns - 1, s.rows - 1) * s.pitch)) + DIE_GAP
  const perRow = Math.ceil(Math.sqrt(options.dies))
  const dies: Die[] = shapes.map((s, i) => ({
    ref: `U${i + 1}`,
    ...s,
    padDiameter: padDiameterFor(s.pitch),
    x0: MARGIN + (i % perRow) * cell,
    y0: MARGIN + Math.floor(i / perRow) * cell,
  }))
  const width = 2 * MARGIN + perRow * cell
  const height = 2 * MARGIN + Math.ceil(options.dies / perRow) * cell
  const substrate: Substrate = {
    options, dies, defects: [], padDefects: dies.map(() => new Map()), extraVias: [], orphanDeposits: [],
    viaDrill: VIA_DRILL, width, height,
  }
  placeDefects(substrate, random)
  return substrate
}

function placeDefects(substrate: Substrate, random: Random): void {
  const { dies, defects } = substrate
  const marginSlots = Math.floor((substrate.width - 2 * MARGIN) / (1000 * UM))
  let marginUsed = 0
  const kinds = PROCESS_DEFECTS[substrate.options.process ?? 'flip-chip-substrate']
  for (let k = 0; k < substrate.options.defects; k++) {
    const kind = kinds[k % kinds.length]!
    const rule = DEFECT_RULE[kind]
    if (kind === 'close-vias' || kind === 'orphan-deposit') {
      // in the margin below the dies, 1 mm apart, where nothing else lies
      if (marginUsed >= marginSlots) throw new Error('too many margin defects for this substrate width')
      const x = MARGIN + (marginUsed++) * 1000 * UM
      if (kind === 'close-vias') {
        const y = MARGIN - 1200 * UM
        substrate.extraVias.push({ x, y }, { x: x + CLOSE_VIA_PITCH, y })
        defects.push({ kind, rule, x: x + CLOSE_VIA_PITCH / 2, y })
      } else {
        const y = MARGIN - 600 * UM
        substrate.orphanDeposits.push({ x, y, diameter: dies[0]!.padDiameter })
        defects.push({ kind, rule, x, y })
      }
      continue
    }
    for (let attempt = 0; ; attempt++) {
      if (attempt > 1000) throw new Error('cannot place the defects apart: ask for fewer, or more bumps')
      const d = randomInt(random, dies.length)
      const die = dies[d]!
      if (die.rows < 4 || die.columns < 4) throw new Error(`die ${die.ref} is too small for pad defects`)
      // interior pads of full rows: every defect has a +x neighbour and a full ring around it
      const row = 1 + randomInt(random, die.rows - 3)
      const column = 1 + randomInt(random, die.columns - 2)
      const pad = row * die.columns + column
      // four pitches apart, so no two defects share a neighbour or a finding
      const crowded = defects.some((o) => o.die === d && o.pad !== undefined &&
        Math.abs(Math.floor(o.pad / die.columns) - row) < 4 && Math.abs((o.pad % die.columns) - column) < 4)
      if (crowded) continue
      // a moved plug goes one pitch-step toward the +x, −x, +y or −y neighbour (all there: an interior pad)
      const [ux, uy] = kind === 'moved-plug' ? ([[1, 0], [-1, 0], [0, 1], [0, -1]] as const)[randomInt(random, 4)]! : [0, 0]
      const dx = ux * plugMoveFor(die), dy = uy * plugMoveFor(die)
      substrate.padDefects[d]!.set(pad, { kind, dx, dy })
      const { x, y } = padCenter(die, pad)
      defects.push({ kind, rule, x: x + dx, y: y + dy, die: d, pad })
      break
    }
  }
}

/** Visit every via: interstitial ones under each die (every second site each way), then a strip right of each die, then the extras. */
export function forEachVia(substrate: Substrate, visit: (x: number, y: number) => void): void {
  for (const die of substrate.dies) {
    for (let row = 0; row + 1 < die.rows; row += 2) {
      for (let column = 0; column + 1 < die.columns; column += 2) {
        visit(die.x0 + column * die.pitch + die.pitch / 2, die.y0 + row * die.pitch + die.pitch / 2)
      }
    }
  }
  for (const die of substrate.dies) {
    const right = die.x0 + (die.columns - 1) * die.pitch
    const first = right + DIE_GAP / 2 - ((STRIP_COLUMNS - 1) / 2) * STRIP_PITCH
    const span = (die.rows - 1) * die.pitch
    for (let k = 0; k < STRIP_COLUMNS; k++) {
      for (let y = 0; y <= span; y += STRIP_PITCH) visit(first + k * STRIP_PITCH, die.y0 + y)
    }
  }
  for (const v of substrate.extraVias) visit(v.x, v.y)
}

// Parse an ODB++ features file (layer features, a user symbol, or a step profile) into records.
// Numbers stay in file units (inch or mm for coordinates); plot.ts converts to nm.

import { InputError } from '../../errors.ts'
import type { MemoryBudget } from '../budget.ts'
import { MAX_RESIZE_FACTOR, checkLength } from './ranges.ts'

export type OdbUnits = 'inch' | 'mm'

export interface SymbolEntry {
  name: string
  /** Line of the `$n` table entry. */
  line: number
  /** Per-symbol unit override from the symbol table (`I` mils, `M` microns). */
  units?: OdbUnits
}

export type Attributes = Record<string, string | true>

export interface Orientation {
  /** Clockwise degrees, as ODB++ writes them. */
  clockwise: number
  /** Mirrored in X (x → −x) before the rotation. */
  mirror: boolean
}

export type ContourSegment =
  | { type: 'line'; x: number; y: number }
  | { type: 'arc'; x: number; y: number; xc: number; yc: number; clockwise: boolean }

export interface Contour {
  line: number
  island: boolean
  x: number
  y: number
  segments: ContourSegment[]
}

interface Common { line: number; index: number; polarity: 'dark' | 'clear'; attributes: Attributes }
export type FeatureRecord =
  | (Common & { type: 'line'; xs: number; ys: number; xe: number; ye: number; symbol: number })
  | (Common & { type: 'pad'; x: number; y: number; symbol: number; resize: number; orientation: Orientation; /** On drill layers: the tool number. */ dcode: number })
  | (Common & { type: 'arc'; xs: number; ys: number; xe: number; ye: number; xc: number; yc: number; symbol: number; clockwise: boolean })
  | (Common & { type: 'surface'; contours: Contour[] })
  | (Common & { type: 'text' | 'barcode' })

export interface FeaturesFile {
  units?: OdbUnits
  /** Symbol table by number: a Map, since a file may number its few symbols sparsely ($17104164). */
  symbols: Map<number, SymbolEntry>
  attributeNames: Map<number, string>
  attributeTexts: Map<number, string>
  records: FeatureRecord[]
}

function unitsOf(file: string, line: number, value: string): OdbUnits {
  const v = value.trim().toUpperCase()
  if (v === 'INCH' || v === 'I') return 'inch'
  if (v === 'MM' || v === 'M') return 'mm'
  throw new InputError(file, line, `unknown UNITS "${value}" (expected INCH or MM)`)
}

/** Legacy 0..7 orientations, or 8/9 followed by an angle. Returns the orientation and tokens used. */
function orientation(file: string, line: number, tokens: string[], at: number): Orientation {
  const code = Number(tokens[at])
  if (code >= 0 && code <= 7 && Number.isInteger(code)) return { clockwise: (code % 4) * 90, mirror: code >= 4 }
  if (code === 8 || code === 9) {
    const angle = Number(tokens[at + 1])
    if (!Number.isFinite(angle)) throw new InputError(file, line, `pad orientation ${code} needs an angle (got "${tokens[at + 1] ?? ''}")`)
    return { clockwise: angle, mirror: code === 9 }
  }
  throw new InputError(file, line, `unknown pad orientation "${tokens[at] ?? ''}" (expected 0..9)`)
}

function parseAttributes(file: string, line: number, text: string): Attributes {
  const out: Attributes = {}
  for (const item of text.split(',')) {
    const t = item.trim()
    if (t === '') continue
    const eq = t.indexOf('=')
    const key = eq < 0 ? t : t.slice(0, eq)
    if (!/^\d+$/.test(key)) throw new InputError(file, line, `attribute reference "${t}" is not <number>[=<value>]`)
    out[key] = eq < 0 ? true : t.slice(eq + 1)
  }
  return out
}

const BLANK_RUN = /\n+/y

/** Records and contour segments charged to the memory budget at a time (about 26 MB). */
const CHARGE_CHUNK = 65_536

/**
 * Parse one features file. Coordinates are checked against ±10 m (ranges.ts) in the file's UNITS, else
 * `jobUnits` (the units plot.ts will read them in). Lines are read one at a time, never split into one
 * array (450 M empty lines would be 450 M strings); records and segments are charged to `budget` a chunk
 * ahead of being built, each as one plotted feature.
 */
export function parseFeaturesFile(file: string, text: string, jobUnits: OdbUnits, budget?: MemoryBudget): FeaturesFile {
  const out: FeaturesFile = { symbols: new Map(), attributeNames: new Map(), attributeTexts: new Map(), records: [] }
  let built = 0
  let charged = 0
  const charge = (lineNo: number) => {
    if (++built <= charged) return
    budget?.chargeFeatures(CHARGE_CHUNK, file, lineNo, 'The features read so far')
    charged += CHARGE_CHUNK
  }
  let surface: (Common & { type: 'surface'; contours: Contour[] }) | undefined
  let contour: Contour | undefined
  const num = (tokens: string[], i: number, lineNo: number, what: string): number => {
    const v = Number(tokens[i])
    if (tokens[i] === undefined || !Number.isFinite(v)) throw new InputError(file, lineNo, `${what}: expected a number, got "${tokens[i] ?? ''}"`)
    return v
  }
  /** A coordinate: a number within ±10 m in the units in force. */
  const xy = (tokens: string[], i: number, lineNo: number, what: string): number =>
    checkLength(file, lineNo, what, num(tokens, i, lineNo, what), out.units ?? jobUnits)
  const polarityOf = (token: string | undefined, lineNo: number): 'dark' | 'clear' => {
    if (token === 'P') return 'dark'
    if (token === 'N') return 'clear'
    throw new InputError(file, lineNo, `polarity must be P or N, got "${token ?? ''}"`)
  }
  for (let start = 0, end = 0, lineNo = 1; start <= text.length; start = end + 1, lineNo++) {
    if (text.charCodeAt(start) === 10) {
      // a run of empty lines is skipped by one regex scan and costs no string: 450 M newlines read in seconds
      BLANK_RUN.lastIndex = start
      BLANK_RUN.test(text)
      const run = BLANK_RUN.lastIndex - start
      lineNo += run - 1
      end = start + run - 1
      continue
    }
    end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const raw = text.slice(start, end).trim()
    if (raw === '' || raw.startsWith('#')) continue
    const semi = raw.indexOf(';')
    const main = semi < 0 ? raw : raw.slice(0, semi)
    const tail = semi < 0 ? [] : raw.slice(semi + 1).split(';')
    const attributes = tail.length > 0 && !tail[0]!.startsWith('ID=') ? parseAttributes(file, lineNo, tail[0]!) : {}
    const tokens = main.split(/\s+/)
    const head = tokens[0]!
    const index = out.records.length
    if (surface) {
      if (head === 'OS' || head === 'OC') charge(lineNo)
      switch (head) {
        case 'OB':
          if (contour) throw new InputError(file, lineNo, 'OB inside an open contour (missing OE)')
          contour = { line: lineNo, island: tokens[3] !== 'H', x: xy(tokens, 1, lineNo, 'OB x'), y: xy(tokens, 2, lineNo, 'OB y'), segments: [] }
          if (tokens[3] !== 'I' && tokens[3] !== 'H') throw new InputError(file, lineNo, `OB needs I (island) or H (hole), got "${tokens[3] ?? ''}"`)
          continue
        case 'OS':
          if (!contour) throw new InputError(file, lineNo, 'OS outside a contour (missing OB)')
          contour.segments.push({ type: 'line', x: xy(tokens, 1, lineNo, 'OS x'), y: xy(tokens, 2, lineNo, 'OS y') })
          continue
        case 'OC':
          if (!contour) throw new InputError(file, lineNo, 'OC outside a contour (missing OB)')
          contour.segments.push({ type: 'arc', x: xy(tokens, 1, lineNo, 'OC x'), y: xy(tokens, 2, lineNo, 'OC y'),
            xc: xy(tokens, 3, lineNo, 'OC xc'), yc: xy(tokens, 4, lineNo, 'OC yc'), clockwise: tokens[5] === 'Y' })
          continue
        case 'OE':
          if (!contour) throw new InputError(file, lineNo, 'OE without OB')
          surface.contours.push(contour)
          contour = undefined
          continue
        case 'SE':
          if (contour) throw new InputError(file, lineNo, 'SE inside an open contour (missing OE)')
          out.records.push(surface)
          surface = undefined
          continue
        default:
          throw new InputError(file, lineNo, `"${head}" inside a surface (expected OB, OS, OC, OE or SE)`)
      }
    }
    if (head.startsWith('UNITS=')) { out.units = unitsOf(file, lineNo, head.slice(6)); continue }
    if (head === 'U') { out.units = unitsOf(file, lineNo, tokens[1] ?? ''); continue }
    if (head.startsWith('ID=') || head === 'F') continue
    if (head.startsWith('$')) {
      const n = Number(head.slice(1))
      if (!Number.isInteger(n) || n < 0 || tokens[1] === undefined) throw new InputError(file, lineNo, `bad symbol table entry "${raw}"`)
      const u = tokens[2]?.toUpperCase()
      out.symbols.set(n, { name: tokens[1], line: lineNo, ...(u === 'I' ? { units: 'inch' as const } : u === 'M' ? { units: 'mm' as const } : {}) })
      continue
    }
    if (head.startsWith('@') || head.startsWith('&')) {
      const n = Number(head.slice(1))
      if (!Number.isInteger(n) || n < 0) throw new InputError(file, lineNo, `bad attribute table entry "${raw}"`)
      const value = main.slice(head.length).trim()
      ;(head[0] === '@' ? out.attributeNames : out.attributeTexts).set(n, value)
      continue
    }
    charge(lineNo)
    switch (head) {
      case 'L':
        out.records.push({ type: 'line', line: lineNo, index, attributes, xs: xy(tokens, 1, lineNo, 'L xs'), ys: xy(tokens, 2, lineNo, 'L ys'),
          xe: xy(tokens, 3, lineNo, 'L xe'), ye: xy(tokens, 4, lineNo, 'L ye'), symbol: num(tokens, 5, lineNo, 'L symbol'), polarity: polarityOf(tokens[6], lineNo) })
        break
      case 'P': {
        const resized = tokens[3] === '-1'
        const at = resized ? 5 : 3
        const resize = resized ? num(tokens, 5, lineNo, 'P resize factor') : 1
        if (!(resize >= 0 && resize <= MAX_RESIZE_FACTOR)) throw new InputError(file, lineNo, `P resize factor must be between 0 and ${MAX_RESIZE_FACTOR} (got ${resize})`)
        out.records.push({ type: 'pad', line: lineNo, index, attributes, x: xy(tokens, 1, lineNo, 'P x'), y: xy(tokens, 2, lineNo, 'P y'),
          symbol: num(tokens, resized ? 4 : 3, lineNo, 'P symbol'), resize,
          polarity: polarityOf(tokens[at + 1], lineNo), dcode: Number(tokens[at + 2] ?? 0), orientation: orientation(file, lineNo, tokens, at + 3) })
        break
      }
      case 'A':
        out.records.push({ type: 'arc', line: lineNo, index, attributes, xs: xy(tokens, 1, lineNo, 'A xs'), ys: xy(tokens, 2, lineNo, 'A ys'),
          xe: xy(tokens, 3, lineNo, 'A xe'), ye: xy(tokens, 4, lineNo, 'A ye'), xc: xy(tokens, 5, lineNo, 'A xc'), yc: xy(tokens, 6, lineNo, 'A yc'),
          symbol: num(tokens, 7, lineNo, 'A symbol'), polarity: polarityOf(tokens[8], lineNo), clockwise: tokens[10] === 'Y' })
        break
      case 'S':
        surface = { type: 'surface', line: lineNo, index, attributes, polarity: polarityOf(tokens[1], lineNo), contours: [] }
        break
      case 'T':
        out.records.push({ type: 'text', line: lineNo, index, attributes, polarity: tokens[4] === 'N' ? 'clear' : 'dark' })
        break
      case 'B':
        out.records.push({ type: 'barcode', line: lineNo, index, attributes, polarity: 'dark' })
        break
      default:
        throw new InputError(file, lineNo, `unknown features record "${head}" (expected L, P, A, S, T or B)`)
    }
  }
  if (surface) throw new InputError(file, surface.line, 'surface never closed with SE')
  return out
}

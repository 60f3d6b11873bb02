// Excellon parse tree → features in integer nm. Holes are circles; G85 and routed (M15 … M16) straight
// slots are strokes of the tool's width; routed arcs are polygons.

import { Clipper, EndType, JoinType } from 'clipper2-ts'
import { InputError, LimitError, type ReadLimits } from '../../errors.ts'
import { MemoryBudget } from '../budget.ts'
import { arcPoints, DEFAULT_TOLERANCE, pathsBox, shapeBox } from '../../geometry/polygonize.ts'
import type { Diagnostic, Feature, SourceRef, Units } from '../../layers/model.ts'
import type { Path, Point, Shape } from '../../geometry/types.ts'
import { NM_PER_INCH, NM_PER_MM } from '../../layers/model.ts'
import type { ExcellonNode, RawCoords } from './tree.ts'
import { describeText } from '../gerber/describe.ts'

export interface ExcellonImage {
  units: Units
  features: Feature[]
  /** X2 `TF.FileFunction` from a `; #@! TF.FileFunction,…` comment, e.g. ['Plated', '1', '2', 'PTH']. */
  fileFunction?: string[]
  /** Every X2 file attribute seen (`TF.*`), name → values. */
  attributes: Record<string, string[]>
  diagnostics: Diagnostic[]
}

interface Tool {
  diameter: number
  aperFunction?: string
  plated?: boolean
}

const NM_PER_UNIT = { mm: 1_000_000n, inch: 25_400_000n } as const
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k) // exact up to 10^22
/** Digits the Excellon convention (and gerbv) assumes when a file does not say: 3.3 metric, 2.4 inch. */
const DEFAULT_DIGITS = { mm: [3, 3], inch: [2, 4] } as const

/** More digits than any drill format uses (real files have at most 6+6): a corrupt number, not a coordinate. */
const MAX_DIGITS = 40

/** The drill function among X2 fields like ['Plated', 'PTH', 'ViaDrill'] (KiCad) or ['ViaDrill'] (Gerber X2). */
function drillFunction(values: string[]): string | undefined {
  const named = values.filter((v) => !['Plated', 'NonPlated', 'PTH', 'NPTH', 'Blind', 'Buried'].includes(v))
  return named.find((v) => v.endsWith('Drill')) ?? named[0]
}

function platedFrom(values: string[] | undefined): boolean | undefined {
  if (values?.[0] === 'Plated') return true
  if (values?.[0] === 'NonPlated') return false
  return undefined
}

/** `fastPaths` false converts every number in BigInt (tests compare the two). */
export function plotExcellon(nodes: ExcellonNode[], file: string, limits: ReadLimits, fastPaths = true): ExcellonImage {
  const plotter = createExcellonPlotter(file, limits, fastPaths)
  for (const node of nodes) plotter.node(node)
  return plotter.finish()
}

/** The drill/route state machine fed one node at a time, in file order; finish() ends the image. */
export interface ExcellonPlotter {
  node(node: ExcellonNode): void
  finish(): ExcellonImage
}

/**
 * `guessDigits` infers the integer.decimal digits from the file's coordinates when its header gives none
 * (see inferDigits); without it, or when it cannot tell, gerbv's defaults are used. Either way, with a warning.
 */
/** Features charged to the memory budget at a time (about 26 MB). */
const CHARGE_CHUNK = 65_536

export function createExcellonPlotter(
  file: string, limits: ReadLimits, fastPaths = true, guessDigits?: (units: Units) => readonly [number, number] | undefined,
  budget: MemoryBudget = new MemoryBudget(limits.maxMemory),
): ExcellonPlotter {
  const features: Feature[] = []
  // features charged to the memory budget: a chunk ahead, so that a hit pays one comparison, and a
  // repeat's whole count before its first hole is made
  let charged = 0
  const reserve = (count: number, source: SourceRef, what: string) => {
    if (features.length + count > limits.maxFeatures)
      throw new LimitError(file, source.line, `more than ${limits.maxFeatures} features (${what}; raise the maxFeatures limit)`, 'maxFeatures')
    if (features.length + count <= charged) return
    const more = Math.max(features.length + count - charged, Math.min(CHARGE_CHUNK, limits.maxFeatures - charged))
    budget.chargeFeatures(more, file, source.line, what)
    charged += more
  }
  const diagnostics: Diagnostic[] = []
  const attributes: Record<string, string[]> = {}
  const warnedOnce = new Set<string>()
  const warn = (source: SourceRef, message: string, onceKey?: string) => {
    if (onceKey !== undefined) {
      if (warnedOnce.has(onceKey)) return
      warnedOnce.add(onceKey)
    }
    diagnostics.push({ severity: 'warning', source, message })
  }

  let units: Units | undefined
  let zeros: 'LZ' | 'TZ' | undefined
  let digits: readonly [number, number] | undefined
  const tools = new Map<number, Tool>()
  let tool: Tool | undefined
  let incremental = false
  let routing = false
  let interpolation: 0 | 1 | 2 | 3 = 0
  let toolDown = false
  let x = 0, y = 0
  let originX = 0, originY = 0
  let aperture: { aperFunction?: string; plated?: boolean } = {}
  let filePlated: boolean | undefined
  let fileFunction: string[] | undefined
  let inHeader = false
  let ended = false
  let lastHit: Point | undefined
  let lastSource: SourceRef = { file, line: 1 }

  // the digits used for integer coordinates when the file gives no format, decided (and warned about) once
  let fallback: readonly [number, number] | undefined
  const fallbackDigits = (u: Units, source: SourceRef): readonly [number, number] => {
    if (fallback !== undefined) return fallback
    const guessed = guessDigits?.(u)
    const unitName = u === 'mm' ? 'METRIC' : 'INCH'
    if (guessed !== undefined) {
      fallback = guessed
      warn(source, `no coordinate format given (METRIC/INCH,000.000, ;FILE_FORMAT=): every coordinate has ${guessed[0] + guessed[1]} digits with leading zeros, ` +
        `read as ${guessed[0]}.${guessed[1]} ${unitName} (the last ${guessed[1]} digits are decimals); check the board's size`)
    } else {
      fallback = DEFAULT_DIGITS[u]
      warn(source, `no coordinate format given (METRIC/INCH,000.000, ;FILE_FORMAT=): reading integer coordinates as ${fallback[0]}.${fallback[1]} ${unitName}, as gerbv does`)
    }
    return fallback
  }

  const currentUnits = (source: SourceRef): Units => {
    if (units === undefined) {
      warn(source, 'no units given (METRIC/INCH/M71/M72): reading inch, the Excellon default')
      units = 'inch'
    }
    return units
  }

  /** A coordinate word → nm, exactly: decimal arithmetic in BigInt, rounded half away from zero once. */
  /**
   * toNm for plain numbers of up to 15 digits, where double arithmetic is exact and gives the same
   * integer as the BigInt path; NaN for anything else (the BigInt path then reads it).
   */
  const smallToNm = (raw: string, u: Units, source: SourceRef): number => {
    const n = raw.length
    let p = 0
    let c = raw.charCodeAt(0)
    const negative = c === 45 /* - */
    if (negative || c === 43 /* + */) c = raw.charCodeAt(++p)
    let mantissa = 0, digitCount = 0, digitsBeforeDot = -1, nonZero = false
    for (; p < n; c = raw.charCodeAt(++p)) {
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48)
        digitCount++
        if (c !== 48) nonZero = true
      } else if (c === 46 /* . */ && digitsBeforeDot < 0) digitsBeforeDot = digitCount
      else return NaN
    }
    if (!nonZero) return 0 // zero reads the same in every format
    if (digitCount > 15) return NaN
    let exponent: number // value = mantissa / 10^exponent units
    if (digitsBeforeDot >= 0) exponent = digitCount - digitsBeforeDot
    else {
      const [integerDigits, decimalDigits] = digits ?? fallbackDigits(u, source)
      exponent = zeros === 'LZ' ? decimalDigits - (integerDigits + decimalDigits - digitCount) : decimalDigits
    }
    if (Math.abs(exponent) > 22) return NaN // 10^22 is the last power of ten a double holds exactly
    if (digitsBeforeDot < 0 && zeros === undefined)
      warn(source, 'no zero suppression given (LZ/TZ): reading integer coordinates with leading zeros suppressed, as gerbv does', 'zeros')
    let numerator = mantissa * (u === 'mm' ? NM_PER_MM : NM_PER_INCH)
    let denominator = 1
    if (exponent >= 0) denominator = POW10[exponent]!
    else numerator *= POW10[-exponent]!
    if (numerator > 2 ** 52) return NaN
    // floor division, corrected where the quotient rounded up to the next integer; then half away from zero
    let quotient = Math.floor(numerator / denominator)
    let remainder = numerator - quotient * denominator
    if (remainder < 0) { quotient--; remainder += denominator }
    const nm = 2 * remainder >= denominator ? quotient + 1 : quotient
    return negative ? -nm : nm
  }

  const toNm = (raw: string, source: SourceRef): number => {
    const u = currentUnits(source)
    if (fastPaths) {
      const nm = smallToNm(raw, u, source)
      if (nm === nm) return nm
    }
    const negative = raw.startsWith('-')
    const unsigned = raw.replace(/^[+-]/, '')
    if (/^0*\.?0*$/.test(unsigned)) return 0 // zero reads the same in every format
    let mantissa: bigint
    let exponent: number // value = mantissa / 10^exponent units
    if (unsigned.includes('.')) {
      const [whole, fraction] = unsigned.split('.') as [string, string]
      mantissa = BigInt((whole + fraction) || '0')
      exponent = fraction.length
    } else {
      const [integerDigits, decimalDigits] = digits ?? fallbackDigits(u, source)
      mantissa = BigInt(unsigned)
      if (zeros === 'LZ') {
        // leading zeros kept, trailing suppressed: the digits are left-aligned in the integer.decimal field
        exponent = decimalDigits - (integerDigits + decimalDigits - unsigned.length)
      } else {
        if (zeros === undefined)
          warn(source, 'no zero suppression given (LZ/TZ): reading integer coordinates with leading zeros suppressed, as gerbv does', 'zeros')
        exponent = decimalDigits
      }
    }
    // 10n ** exponent for a blown-up format (FILE_FORMAT=2:99999999) would hang or throw RangeError
    if (Math.abs(exponent) > MAX_DIGITS) throw new InputError(file, source.line, `a ${raw.length}-character coordinate needs ${Math.abs(exponent)} decimal places: no drill format has more than ${MAX_DIGITS} digits`)
    let numerator = mantissa * NM_PER_UNIT[u]
    let denominator = 1n
    if (exponent >= 0) denominator = 10n ** BigInt(exponent)
    else numerator *= 10n ** BigInt(-exponent)
    const nm = (2n * numerator + denominator) / (2n * denominator)
    if (nm > BigInt(Number.MAX_SAFE_INTEGER)) throw new InputError(file, source.line, `a ${raw.length}-character coordinate is out of range (the limit is ±${Number.MAX_SAFE_INTEGER} nm)`)
    return negative ? -Number(nm) : Number(nm)
  }

  const diameterToNm = (raw: string, source: SourceRef): number => {
    const u = currentUnits(source)
    const [whole, fraction = ''] = raw.replace(/^\+/, '').split('.') as [string, string?]
    if (fraction.length > MAX_DIGITS) throw new InputError(file, source.line, `a ${raw.length}-character tool size has ${fraction.length} decimal places: no drill format has more than ${MAX_DIGITS} digits`)
    const denominator = 10n ** BigInt(fraction.length)
    const nm = (2n * BigInt((whole + fraction) || '0') * NM_PER_UNIT[u] + denominator) / (2n * denominator)
    // refused here, at its own line: a blown-up tool routed along an arc takes seconds to offset
    if (nm > BigInt(Number.MAX_SAFE_INTEGER)) throw new InputError(file, source.line, `a ${raw.length}-character tool size is out of range (the limit is ${Number.MAX_SAFE_INTEGER} nm)`)
    return Number(nm)
  }

  /** The point a block's X/Y words name, from `from` (modal: a missing axis keeps its value). */
  const axis = (raw: string | undefined, current: number, origin: number, source: SourceRef) => {
    if (raw === undefined) return current
    const value = toNm(raw, source)
    return incremental ? current + value : value + origin
  }
  const target = (coords: RawCoords, from: Point, source: SourceRef): Point =>
    ({ x: axis(coords.x, from.x, originX, source), y: axis(coords.y, from.y, originY, source) })

  const needTool = (source: SourceRef, what: string): Tool => {
    if (tool === undefined) throw new InputError(file, source.line, `${what} with no tool selected (select one with T<n> first)`)
    return tool
  }

  const add = (kind: 'hole' | 'slot', shape: Shape, used: Tool, source: SourceRef, bbox = shapeBox(shape)) => {
    if (features.length >= charged) reserve(1, source, 'This file')
    const plated = used.plated ?? filePlated
    // one literal when both attributes are known (an X2 drill file): no property added afterwards
    if (used.aperFunction !== undefined && plated !== undefined) {
      features.push({ id: features.length, kind, shape, polarity: 'dark', bbox, source, drill: used.diameter, aperFunction: used.aperFunction, plated })
      return
    }
    const feature: Feature = { id: features.length, kind, shape, polarity: 'dark', bbox, source, drill: used.diameter }
    if (used.aperFunction !== undefined) feature.aperFunction = used.aperFunction
    if (plated !== undefined) feature.plated = plated
    features.push(feature)
  }

  const hole = (at: Point, source: SourceRef) => {
    const used = needTool(source, 'drill hit')
    const r = used.diameter / 2 // the box inline, as shapeBox gives it
    add('hole', { type: 'circle', cx: at.x, cy: at.y, diameter: used.diameter }, used, source, [at.x - r, at.y - r, at.x + r, at.y + r])
    lastHit = at
  }

  const straightSlot = (from: Point, to: Point, source: SourceRef) => {
    const used = needTool(source, 'slot')
    add('slot', { type: 'stroke', x1: from.x, y1: from.y, x2: to.x, y2: to.y, width: used.diameter }, used, source)
  }

  const arcSlot = (from: Point, to: Point, coords: RawCoords, clockwise: boolean, source: SourceRef) => {
    const used = needTool(source, 'routed arc')
    const center = arcCenter(from, to, coords, clockwise, source)
    const line: Path = [from, ...arcPoints(from.x, from.y, to.x, to.y, center.x, center.y, !clockwise)]
    // round ends take π/acos(1 − tolerance/half) points: ~10^8 for a blown-up tool (1e14 nm), which runs
    // the process out of memory. 10 ppm of the half-width bounds it and leaves real tools (< 10 mm) as they were.
    const half = used.diameter / 2
    const paths = Clipper.inflatePaths([line], half, JoinType.Round, EndType.Round, 2, Math.max(DEFAULT_TOLERANCE, half * 1e-5))
    add('slot', { type: 'polygon', paths }, used, source, pathsBox(paths))
  }

  const arcCenter = (from: Point, to: Point, coords: RawCoords, clockwise: boolean, source: SourceRef): Point => {
    if (coords.i !== undefined || coords.j !== undefined) {
      // I/J are offsets from the start point to the centre
      return { x: from.x + (coords.i === undefined ? 0 : toNm(coords.i, source)), y: from.y + (coords.j === undefined ? 0 : toNm(coords.j, source)) }
    }
    if (coords.a === undefined) throw new InputError(file, source.line, 'arc (G02/G03) with neither I/J nor A radius')
    const radius = toNm(coords.a, source)
    const dx = to.x - from.x, dy = to.y - from.y
    const chord = Math.hypot(dx, dy)
    if (chord === 0) throw new InputError(file, source.line, 'arc with an A radius and equal end points is ambiguous')
    if (radius < chord / 2 - 1) throw new InputError(file, source.line, `arc radius ${coords.a} is shorter than half the chord`)
    // the centre of the arc under 180° lies left of the chord for CCW, right for CW
    const h = Math.sqrt(Math.max(0, radius * radius - (chord / 2) ** 2))
    const side = clockwise ? -1 : 1
    return { x: Math.round((from.x + to.x) / 2 - (side * h * dy) / chord), y: Math.round((from.y + to.y) / 2 + (side * h * dx) / chord) }
  }

  const node = (node: ExcellonNode): void => {
    const source = node.source
    lastSource = source
    if (ended) {
      if (node.type !== 'comment') warn(source, 'content after M30 (end of program) ignored', 'afterEnd')
      return
    }
    switch (node.type) {
      case 'headerStart':
        inHeader = true
        break
      case 'headerEnd':
        inHeader = false
        break
      case 'rewindStop':
      case 'comment':
      case 'ignored':
        break
      case 'units':
        units = node.units
        if (node.zeros !== undefined) zeros = node.zeros
        if (node.digits !== undefined) digits = node.digits
        break
      case 'fileFormat':
        digits = node.digits
        break
      case 'attribute':
        if (node.kind === 'TF') {
          attributes[node.name] = node.values
          if (node.name === '.FileFunction') {
            fileFunction = node.values
            filePlated = platedFrom(node.values)
          }
        } else if (node.kind === 'TA' && node.name === '.AperFunction') {
          // X2 semantics: the attribute holds for every tool defined until it is changed or deleted
          aperture = {}
          const fn = drillFunction(node.values)
          if (fn !== undefined) aperture.aperFunction = fn
          const plated = platedFrom(node.values)
          if (plated !== undefined) aperture.plated = plated
        } else if (node.kind === 'TD' && (node.name === '' || node.name === '.AperFunction')) aperture = {}
        break
      case 'toolDefine': {
        if (tools.has(node.tool)) warn(source, `tool T${node.tool} defined again: the later size wins`)
        const defined: Tool = { diameter: diameterToNm(node.diameter, source), ...aperture }
        tools.set(node.tool, defined)
        if (!inHeader) tool = defined // a tool defined in the body is also selected
        break
      }
      case 'toolSelect':
        if (tools.has(node.tool)) tool = tools.get(node.tool)
        else if (node.tool === 0) tool = undefined // T0 = unload, unless the file defines a T0 size
        else throw new InputError(file, source.line, `tool T${node.tool} is used but not defined in this file (no T${node.tool}C<diameter>)`)
        break
      case 'coordinateMode':
        incremental = node.mode === 'incremental'
        break
      case 'drillMode':
        routing = false
        toolDown = false
        break
      case 'routeMode':
        routing = true
        interpolation = node.interpolation
        break
      case 'toolDown':
        toolDown = true
        break
      case 'toolUp':
        toolDown = false
        break
      case 'origin':
        originX = node.coords.x === undefined ? originX : toNm(node.coords.x, source)
        originY = node.coords.y === undefined ? originY : toNm(node.coords.y, source)
        break
      case 'move': {
        if (inHeader) {
          warn(source, 'coordinates inside the M48 header: taking the header as ended')
          inHeader = false
        }
        const from = { x, y }
        const to = target(node.coords, from, source)
        if (!routing) hole(to, source)
        else if (interpolation !== 0 && toolDown) {
          if (interpolation === 1) straightSlot(from, to, source)
          else arcSlot(from, to, node.coords, interpolation === 2, source)
        } else if (interpolation !== 0) warn(source, 'route move with the tool up (no M15 before it): no slot made', 'routeUp')
        ;({ x, y } = to)
        break
      }
      case 'slot': {
        inHeader = false
        const from = target(node.from, { x, y }, source)
        const to = target(node.to, from, source)
        straightSlot(from, to, source)
        ;({ x, y } = to)
        break
      }
      case 'repeat': {
        if (lastHit === undefined) throw new InputError(file, source.line, 'repeat (R) with no drill hit before it')
        const dx = node.coords.x === undefined ? 0 : toNm(node.coords.x, source)
        const dy = node.coords.y === undefined ? 0 : toNm(node.coords.y, source)
        let at = lastHit
        reserve(node.count, source, `Repeat R${node.count}`)
        for (let k = 0; k < node.count; k++) {
          at = { x: at.x + dx, y: at.y + dy }
          hole(at, source)
        }
        ;({ x, y } = at)
        break
      }
      case 'end':
        ended = true
        break
      case 'unsupported':
        warn(source, `unsupported Excellon command (${describeText(node.text)}) ignored`)
        break
    }
  }
  const finish = (): ExcellonImage => {
    if (inHeader && features.length === 0 && !ended)
      throw new InputError(file, lastSource.line, 'file ends inside the M48 header (no "%" or M95): truncated?')
    if (!ended) throw new InputError(file, lastSource.line, 'no M30 (end of program): the file is cut short (a complete Excellon file ends with M30); copy or export it again')

    const image: ExcellonImage = { units: units ?? 'inch', features, attributes, diagnostics }
    if (fileFunction !== undefined) image.fileFunction = fileFunction
    return image
  }
  return { node, finish }
}

/**
 * The integer.decimal digits of a file that gives no format, from its coordinates: Allegro writes
 * `METRIC` alone and then fixed-width words like `X07600000Y14920000`. When every X/Y word has the same
 * number of digits, more than the default format holds, and some keep a leading zero, the words are
 * fixed-width: the default integer digits (3 metric, 2 inch) and the rest decimals. Otherwise undefined.
 */
export function inferDigits(text: string, units: Units): readonly [number, number] | undefined {
  const [integerDigits, decimalDigits] = DEFAULT_DIGITS[units]
  let width = -1
  let leadingZero = false
  // coordinate words of hit lines only (not tool sizes, not comments); decimals mean no format is needed
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (/^\s*([;(]|T\d)/.test(line)) continue
    for (const word of line.matchAll(/[XY][+-]?(\d+)(\.?)/g)) {
      if (word[2] === '.') return undefined
      const digits = word[1]!
      if (width < 0) width = digits.length
      else if (digits.length !== width) return undefined
      if (digits.charCodeAt(0) === 48 && digits.length > 1) leadingZero = true
    }
  }
  if (width <= integerDigits + decimalDigits || !leadingZero || width - integerDigits > 15) return undefined
  return [integerDigits, width - integerDigits]
}

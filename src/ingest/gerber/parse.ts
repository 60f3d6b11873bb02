// Gerber bytes → command nodes (tree.ts), each with its source line. Data blocks are read byte by
// byte; only extended commands (%...%, a small share) and attribute values are decoded to text.

import { InputError } from '../../errors.ts'
import type { Diagnostic } from '../../layers/model.ts'
import { describeBlock, describeText } from './describe.ts'
import { lex, type LexMarks } from './lexer.ts'
import { sourceBytes, type SourceBytes } from '../source-bytes.ts'
import { DEPRECATED_PRIMITIVES, parseMacro } from './macro.ts'
import { attributeFromComment, parseAttribute } from './x2.ts'
import type { Format, GerberNode } from './tree.ts'

export interface ParseResult {
  nodes: GerberNode[]
  diagnostics: Diagnostic[]
  /** False when the file has no M02: it is cut short, which readGerber reports as an InputError. */
  ended: boolean
  lastLine: number
  /** True when `marks.at` stopped the read before the end. */
  stopped?: boolean
}

/** What the parser carries from one command to the next, as a checkpoint keeps it (resume.ts). */
export interface ParserState {
  format: Omit<Format, 'type' | 'line'> | undefined
  fastMaxDigits: number
  lastOp: 0 | 1 | 2 | 3
  /** DiagnosticLog.warned */
  warned: string[]
}

/**
 * A parse that starts from a checkpoint (`from`) and stops at statement boundaries to look at
 * itself: `at` gets the boundary, the parser's state (made when asked) and its diagnostics so far,
 * and returns where to be called again, or -1 to stop.
 */
export interface ParseMarks {
  from?: { offset: number; line: number; state: ParserState }
  next: number
  at(offset: number, line: number, state: () => ParserState, diagnostics: number): number
}

/** Warn once per kind of deprecated or ignored command, at its first line. */
export class DiagnosticLog {
  readonly list: Diagnostic[] = []
  private readonly seen: Set<string>
  /** `warned`: the kinds already warned about (a read resumed from a checkpoint). */
  constructor(readonly file: string, warned: readonly string[] = []) {
    this.seen = new Set(warned)
  }
  /** The kinds warned about so far, in the order they were first warned. */
  get warned(): string[] {
    return [...this.seen]
  }
  warn(line: number, message: string): void {
    this.list.push({ severity: 'warning', source: { file: this.file, line }, message })
  }
  warnOnce(kind: string, line: number, message: string): void {
    if (this.seen.has(kind)) return
    this.seen.add(kind)
    this.warn(line, message)
  }
}

const DEPRECATED_EXTENDED: Record<string, string> = {
  IN: 'IN (image name) is deprecated; ignored',
  LN: 'LN (level name) is deprecated; ignored',
  IP: 'IP (image polarity) is deprecated',
  OF: 'OF (offset) is deprecated; applied to coordinates',
  SF: 'SF (scale factor) is deprecated; applied to coordinates',
  MI: 'MI (mirror image) is deprecated; applied to coordinates',
  IR: 'IR (image rotation) is deprecated; applied to coordinates and apertures',
  AS: 'AS (axis select) is deprecated; applied to coordinates',
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

/**
 * Where parsed commands go, in file order: collected as nodes (parseGerber) or handed straight to the
 * plotter (readGerber), so that the million-flash file never holds a million operation nodes.
 */
export interface GerberSink {
  node(node: GerberNode): void
  /** A D01/D02/D03 operation, field by field (absent coordinates NaN): an Operation node without the object. */
  operation(line: number, op: 1 | 2 | 3, x: number, y: number, i: number, j: number): void
}

/** `fastPaths` false splits every extended command the general way (tests compare the two). */
export function parseGerber(input: Uint8Array | string, file: string, maxDepth: number, fastPaths = true): ParseResult {
  const nodes: GerberNode[] = []
  const outcome = parseGerberInto(sourceBytes(input), file, maxDepth, {
    node(node) { nodes.push(node) },
    operation(line, op, x, y, i, j) { nodes.push({ type: 'operation', line, op, x, y, i, j }) },
  }, fastPaths)
  return { nodes, ...outcome }
}

/** parseGerber without the node list: every command goes to `sink` as soon as it is read. */
export function parseGerberInto(source: SourceBytes, file: string, maxDepth: number, sink: GerberSink, fastPaths = true, marks?: ParseMarks): Omit<ParseResult, 'nodes'> {
  const bytes = source.bytes
  const from = marks?.from?.state
  const log = new DiagnosticLog(file, from?.warned)
  let format: Format | undefined = from?.format && { type: 'format', line: 0, ...from.format }
  let maxDigits = format ? format.integerDigits + format.decimalDigits : 0
  // the digits a fast-path coordinate may have: the format's, until a longer one has been warned about once
  let fastMaxDigits = from?.fastMaxDigits ?? 0
  let lastOp: 1 | 2 | 3 | 0 = from?.lastOp ?? 0
  const state = (): ParserState => ({
    format: format && { integerDigits: format.integerDigits, decimalDigits: format.decimalDigits, zeroOmission: format.zeroOmission, notation: format.notation },
    fastMaxDigits, lastOp, warned: log.warned,
  })
  // scratch results of readCoordinate, to avoid allocating per coordinate
  let coordEnd = 0

  const readCoordinate = (p: number, end: number, line: number, axis: string): number => {
    if (format === undefined) throw new InputError(file, line, `Coordinate ${axis} before the format statement %FS...%`)
    let negative = false
    let c = bytes[p]!
    if (c === 45 /* - */) { negative = true; c = bytes[++p]! } else if (c === 43 /* + */) c = bytes[++p]!
    let value = 0
    let digits = 0
    while (p < end && c >= 48 && c <= 57) {
      value = value * 10 + (c - 48)
      digits++
      c = bytes[++p]!
    }
    if (digits === 0) throw new InputError(file, line, `Coordinate ${axis} has no digits`)
    if (c === 46 /* . */) throw new InputError(file, line, `Coordinate ${axis} has a decimal point; Gerber coordinates are integers in the %FS format`)
    if (digits > maxDigits) tooManyDigits(axis, digits, line)
    if (format.zeroOmission === 'trailing') value *= POW10[maxDigits - digits]!
    coordEnd = p
    return negative ? -value : value
  }

  /**
   * Allegro and other old exporters write more integer digits than %FS declares (`%FSLAX25*%` with
   * `X10012345`). With leading zeros omitted the last digits are the decimals whatever the count, so the
   * number reads as gerbv and KLayout read it, with a warning once per file. With trailing zeros omitted
   * the split point is unknown: refused. Past 15 digits a double is no longer exact: refused.
   */
  const tooManyDigits = (axis: string, digits: number, line: number): void => {
    const fs = `%FS${format!.zeroOmission === 'leading' ? 'L' : 'T'}AX${format!.integerDigits}${format!.decimalDigits}%`
    if (format!.zeroOmission === 'trailing' || digits > 15) {
      throw new InputError(file, line, `Coordinate ${axis} has ${digits} digits but the format ${fs} allows ${maxDigits}` +
        (digits > 15 ? '' : ': with trailing zeros omitted the decimal point cannot be placed'))
    }
    log.warnOnce('FS-digits', line, `Coordinate ${axis} has ${digits} digits but the format ${fs} allows ${maxDigits}: ` +
      `read with the declared ${format!.decimalDigits} decimal digits (the last ${format!.decimalDigits} digits are decimals), as gerbv and KLayout do; check the board's size`)
    fastMaxDigits = 15
  }

  const readInt = (p: number, end: number): number => {
    let value = 0
    let digits = 0
    let c = bytes[p]!
    while (p < end && c >= 48 && c <= 57) {
      value = value * 10 + (c - 48)
      digits++
      c = bytes[++p]!
    }
    coordEnd = p
    return digits === 0 ? -1 : value
  }

  const gCode = (g: number, line: number, p: number, end: number): boolean => {
    switch (g) {
      case 1: sink.node({ type: 'interpolation', line, mode: 'linear' }); return false
      case 2: sink.node({ type: 'interpolation', line, mode: 'cw' }); return false
      case 3: sink.node({ type: 'interpolation', line, mode: 'ccw' }); return false
      case 74: sink.node({ type: 'quadrant', line, mode: 'single' }); return false
      case 75: sink.node({ type: 'quadrant', line, mode: 'multi' }); return false
      case 36: sink.node({ type: 'region', line, start: true }); return false
      case 37: sink.node({ type: 'region', line, start: false }); return false
      case 54: log.warnOnce('G54', line, 'G54 (select aperture prefix) is deprecated'); return false
      case 55: log.warnOnce('G55', line, 'G55 (prepare flash) is deprecated; ignored'); return false
      case 70: log.warnOnce('G70', line, 'G70 (inch) is deprecated; use %MOIN*%'); sink.node({ type: 'units', line, units: 'inch' }); return false
      case 71: log.warnOnce('G71', line, 'G71 (mm) is deprecated; use %MOMM*%'); sink.node({ type: 'units', line, units: 'mm' }); return false
      case 90: log.warnOnce('G90', line, 'G90 (absolute notation) is deprecated'); sink.node({ type: 'notation', line, notation: 'absolute' }); return false
      case 91: log.warnOnce('G91', line, 'G91 (incremental notation) is deprecated; handled'); sink.node({ type: 'notation', line, notation: 'incremental' }); return false
      default: {
        const what = `G${g}${source.text(p, end)}`
        sink.node({ type: 'unsupported', line, text: what })
        log.warn(line, `Unsupported command G${g} ignored`)
        return true
      }
    }
  }

  const data = (start: number, end: number, line: number): boolean => {
    let p = start
    let x = NaN, y = NaN, i = NaN, j = NaN
    let op: 0 | 1 | 2 | 3 = 0
    let hasCoordinate = false
    while (p < end) {
      const c = bytes[p]!
      switch (c) {
        case 88: x = readCoordinate(p + 1, end, line, 'X'); p = coordEnd; hasCoordinate = true; break
        case 89: y = readCoordinate(p + 1, end, line, 'Y'); p = coordEnd; hasCoordinate = true; break
        case 73: i = readCoordinate(p + 1, end, line, 'I'); p = coordEnd; hasCoordinate = true; break
        case 74: j = readCoordinate(p + 1, end, line, 'J'); p = coordEnd; hasCoordinate = true; break
        case 68: { // D
          const d = readInt(p + 1, end)
          p = coordEnd
          if (d === 1 || d === 2 || d === 3) op = d
          else if (d >= 10) sink.node({ type: 'selectAperture', line, code: d })
          else throw new InputError(file, line, `Invalid D-code in ${describeText(source.text(start, end))} (operations are D01/D02/D03, apertures D10 and up)`)
          break
        }
        case 71: { // G
          const g = readInt(p + 1, end)
          if (g < 0) throw new InputError(file, line, `"G" without a number in ${describeText(source.text(start, end))}`)
          if (g === 4) {
            const comment = source.text(coordEnd, end)
            const attr = attributeFromComment(comment, line)
            if (attr) sink.node(attr)
            return false
          }
          p = coordEnd
          if (gCode(g, line, p, end)) return false
          break
        }
        case 77: { // M
          const m = readInt(p + 1, end)
          if (m === 2) { sink.node({ type: 'endOfFile', line }); return true }
          if (m === 0) { log.warnOnce('M00', line, 'M00 (program stop) is deprecated; read as M02'); sink.node({ type: 'endOfFile', line }); return true }
          if (m === 1) { log.warnOnce('M01', line, 'M01 (optional stop) is deprecated; ignored'); p = coordEnd; break }
          throw new InputError(file, line, `Unknown command: ${describeText(source.text(start, end))}`)
        }
        case 32: case 9: case 10: case 13: p++; break
        default:
          throw new InputError(file, line, `Unexpected character at column ${source.text(start, p).length + 1} of ${describeText(source.text(start, end))}`)
      }
    }
    if (op === 0 && hasCoordinate) {
      if (lastOp === 0) throw new InputError(file, line, `Coordinates without an operation code (D01/D02/D03) in ${describeText(source.text(start, end))}`)
      log.warnOnce('modal-D', line, 'Coordinates without D01/D02/D03 (deprecated modal operation); the previous operation is repeated')
      op = lastOp
    }
    if (op !== 0) {
      lastOp = op
      sink.operation(line, op, x, y, i, j)
    }
    return false
  }

  const number = (s: string, line: number, what: string): number => {
    const v = Number(s)
    if (s === '' || !Number.isFinite(v)) throw new InputError(file, line, `${what}: ${describeText(s, 'field')} is not a number`)
    return v
  }

  const apertureParameters = (text: string, code: number, line: number): number[] => {
    const out: number[] = []
    for (const field of text.split('X')) {
      const s = field.trim()
      if (Number.isFinite(Number(s)) && s !== '') { out.push(Number(s)); continue }
      // a missing "X" between two decimals ("0.03260.326"): read as C's strtod would, and say so
      // tokens taken greedily left to right, and all of s must be tokens: linear time (the former
      // /^(?:[-+]?(?:\d+\.?\d*|\.\d+))+$/ backtracked exponentially on a long digit run that ends badly)
      const tokens = s.match(/[-+]?(?:\d+\.?\d*|\.\d+)/g) ?? []
      const parts = tokens.join('') === s ? tokens : []
      if (parts.length < 2) throw new InputError(file, line, `Aperture D${code} parameter ${out.length + 1} (${describeText(s, 'field')}) is not a number`)
      log.warn(line, `Aperture D${code} parameter ${out.length + 1} (${describeText(s, 'field')}) lacks an "X" separator: read as ${parts.join(' X ')}`)
      for (const q of parts) out.push(Number(q))
    }
    return out
  }

  const extendedBlock = (block: string, line: number): void => {
    const code = block.slice(0, 2)
    switch (code) {
      case 'FS': {
        const m = /^FS([LTD]?)([AI])(?:N\d)?(?:G\d)?X(\d)(\d)Y(\d)(\d)(?:D\d)?(?:M\d)?$/.exec(block)
        if (!m) throw new InputError(file, line, `Malformed format statement ${describeBlock(block)} (expected e.g. %FSLAX46Y46*%)`)
        if (m[3] !== m[5] || m[4] !== m[6]) throw new InputError(file, line, `Format statement ${describeBlock(block)} gives X and Y different formats, which is not supported`)
        const integerDigits = Number(m[3]), decimalDigits = Number(m[4])
        if (integerDigits + decimalDigits === 0 || integerDigits + decimalDigits > 15) throw new InputError(file, line, `Format statement ${describeBlock(block)} has an impossible number of digits`)
        if (m[1] === 'T') log.warnOnce('FS-T', line, 'Trailing-zero omission (FST) is deprecated; read as such')
        if (m[1] !== 'L' && m[1] !== 'T') log.warnOnce('FS-zero', line, `Format statement ${describeBlock(block)} without L: leading-zero omission assumed`)
        if (m[2] === 'I') log.warnOnce('FS-I', line, 'Incremental notation (FS...I) is deprecated; handled')
        format = { type: 'format', line, integerDigits, decimalDigits, zeroOmission: m[1] === 'T' ? 'trailing' : 'leading', notation: m[2] === 'I' ? 'incremental' : 'absolute' }
        maxDigits = integerDigits + decimalDigits
        fastMaxDigits = maxDigits
        sink.node(format)
        return
      }
      case 'MO':
        if (block === 'MOMM') sink.node({ type: 'units', line, units: 'mm' })
        else if (block === 'MOIN') sink.node({ type: 'units', line, units: 'inch' })
        else throw new InputError(file, line, `Unknown unit ${describeBlock(block)} (expected %MOMM*% or %MOIN*%)`)
        return
      case 'AD': {
        const m = /^ADD(\d+)([^,]+)(?:,(.*))?$/s.exec(block)
        if (!m) throw new InputError(file, line, `Malformed aperture definition ${describeBlock(block)}`)
        const code = Number(m[1])
        if (code < 10) throw new InputError(file, line, `Aperture number D${m[1]} is reserved (apertures are D10 and up)`)
        const params = m[3] === undefined || m[3].trim() === '' ? [] : apertureParameters(m[3], code, line)
        sink.node({ type: 'apertureDefinition', line, code, template: m[2]!.trim(), params })
        return
      }
      case 'LP':
        if (block === 'LPD' || block === 'LPC') sink.node({ type: 'loadPolarity', line, polarity: block === 'LPD' ? 'dark' : 'clear' })
        else throw new InputError(file, line, `Unknown polarity ${describeBlock(block)} (expected LPD or LPC)`)
        return
      case 'LM': {
        const v = block.slice(2)
        if (v !== 'N' && v !== 'X' && v !== 'Y' && v !== 'XY') throw new InputError(file, line, `Unknown mirroring ${describeBlock(block)} (expected N, X, Y or XY)`)
        sink.node({ type: 'loadMirroring', line, mirrorX: v.includes('X'), mirrorY: v.includes('Y') })
        return
      }
      case 'LR': sink.node({ type: 'loadRotation', line, degrees: number(block.slice(2), line, 'LR rotation') }); return
      case 'LS': sink.node({ type: 'loadScaling', line, factor: number(block.slice(2), line, 'LS scale') }); return
      case 'SR': {
        if (block === 'SR') { sink.node({ type: 'stepRepeat', line, open: false, x: 1, y: 1, i: 0, j: 0 }); return }
        const m = /^SR(?:X(\d+))?(?:Y(\d+))?(?:I([-+\d.]+))?(?:J([-+\d.]+))?$/.exec(block)
        if (!m) throw new InputError(file, line, `Malformed step and repeat ${describeBlock(block)}`)
        const x = m[1] === undefined ? 1 : Number(m[1]), y = m[2] === undefined ? 1 : Number(m[2])
        if (x < 1 || y < 1) throw new InputError(file, line, `Step and repeat ${describeBlock(block)} needs X and Y counts of at least 1`)
        sink.node({ type: 'stepRepeat', line, open: true, x, y, i: m[3] === undefined ? 0 : number(m[3], line, 'SR I'), j: m[4] === undefined ? 0 : number(m[4], line, 'SR J') })
        return
      }
      case 'AB': {
        if (block === 'AB') { sink.node({ type: 'blockAperture', line }); return }
        const m = /^ABD(\d+)$/.exec(block)
        if (!m || Number(m[1]) < 10) throw new InputError(file, line, `Malformed block aperture ${describeBlock(block)} (expected e.g. %ABD12*%)`)
        sink.node({ type: 'blockAperture', line, code: Number(m[1]) })
        return
      }
      case 'TF': case 'TA': case 'TO': case 'TD':
        sink.node(parseAttribute(block, line))
        return
      case 'IP':
        log.warnOnce('IP', line, DEPRECATED_EXTENDED.IP!)
        if (block === 'IPNEG') {
          log.warn(line, 'IPNEG: the image is negative (dark and clear swap over the whole image); features are kept as written and the image is flagged negative')
          sink.node({ type: 'imageTransform', line, negative: true })
        } else if (block !== 'IPPOS') throw new InputError(file, line, `Unknown image polarity ${describeBlock(block)}`)
        return
      case 'OF': case 'SF': {
        log.warnOnce(code, line, DEPRECATED_EXTENDED[code]!)
        const m = /^..(?:A([-+\d.]+))?(?:B([-+\d.]+))?$/.exec(block)
        if (!m) throw new InputError(file, line, `Malformed ${describeBlock(block)}`)
        const dflt = code === 'OF' ? 0 : 1
        const a = m[1] === undefined ? dflt : number(m[1], line, code), b = m[2] === undefined ? dflt : number(m[2], line, code)
        sink.node(code === 'OF' ? { type: 'imageTransform', line, offset: [a, b] } : { type: 'imageTransform', line, scale: [a, b] })
        return
      }
      case 'MI': {
        log.warnOnce(code, line, DEPRECATED_EXTENDED.MI!)
        const m = /^MI(?:A([01]))?(?:B([01]))?$/.exec(block)
        if (!m) throw new InputError(file, line, `Malformed ${describeBlock(block)}`)
        sink.node({ type: 'imageTransform', line, mirror: [m[1] === '1', m[2] === '1'] })
        return
      }
      case 'IR': {
        log.warnOnce(code, line, DEPRECATED_EXTENDED.IR!)
        const r = number(block.slice(2), line, 'IR rotation')
        if (r % 90 !== 0) throw new InputError(file, line, `Image rotation ${describeBlock(block)} must be 0, 90, 180 or 270`)
        sink.node({ type: 'imageTransform', line, rotation: r })
        return
      }
      case 'AS':
        log.warnOnce(code, line, DEPRECATED_EXTENDED.AS!)
        if (block !== 'ASAXBY' && block !== 'ASAYBX') throw new InputError(file, line, `Malformed ${describeBlock(block)}`)
        sink.node({ type: 'imageTransform', line, swapAxes: block === 'ASAYBX' })
        return
      case 'IN': case 'LN':
        log.warnOnce(code, line, DEPRECATED_EXTENDED[code]!)
        return
      default:
        sink.node({ type: 'unsupported', line, text: block })
        log.warn(line, `Unsupported extended command "%${block.slice(0, 40)}*%" ignored`)
    }
  }

  // the last values of each object attribute name: `%TO.P,U1,A7*%` repeats its name and component a
  // million times, so those strings are reused rather than sliced again (and kept once, not per pad)
  let previousName = ''
  // the last command's values: a run of one name (`%TO.P…%` per pad) needs no map at all; the map
  // is written when the name changes
  let previousNameValues: readonly string[] | undefined
  const previousValues = new Map<string, readonly string[]>()
  const MAX_REMEMBERED_NAMES = 64
  /** `text[from, to)` as a string, reusing `previous` when it holds the same characters. */
  const sliceReusing = (from: number, to: number, previous: string | undefined): string => {
    if (previous !== undefined && previous.length === to - from) {
      // from the end: a pin differs from the one before in its last characters
      let k = previous.length
      while (k > 0 && previous.charCodeAt(k - 1) === bytes[from + k - 1]!) k--
      if (k === 0) return previous
    }
    // no table of every string seen: a Map lookup of a fresh string costs more than the copy it saves
    return source.text(from, to)
  }

  /**
   * `%TO…*%` and `%TD…*%` in one line of printable ASCII (no blank, which the general path trims) and one block, from just after
   * the `%` at `start`: read field by field without splitting, giving the node parseAttribute gives, and
   * return the index after the closing `%`; -1 when it is not such a command (the general path reads it).
   */
  const plainObjectAttribute = (start: number, line: number): number => {
    const s = bytes
    const second = s[start + 1]!
    if (s[start]! !== 84 /* T */ || (second !== 79 /* O */ && second !== 68 /* D */)) return -1
    let name = ''
    let previous: readonly string[] | undefined
    const values: string[] = []
    // one pass: each field ends at a comma or the `*`
    let p = start + 2
    for (let from = p; ; p++) {
      const c = s[p]! // undefined past the end
      if (c !== 44 /* , */ && c !== 42 /* * */) {
        if (!(c > 32 && c < 127 && c !== 37 /* % */)) return -1
        continue
      }
      if (from === start + 2) {
        name = sliceReusing(from, p, previousName)
        previous = name === previousName ? previousNameValues : previousValues.get(name)
      } else values.push(sliceReusing(from, p, previous?.[values.length]))
      if (c === 42) break
      from = p + 1
    }
    if (s[p + 1]! !== 37 /* % */) return -1
    if (name !== previousName) {
      if (previousNameValues !== undefined && (previousValues.has(previousName) || previousValues.size < MAX_REMEMBERED_NAMES)) previousValues.set(previousName, previousNameValues)
      previousName = name
    }
    previousNameValues = values
    sink.node({ type: 'attribute', line, command: second === 79 ? 'TO' : 'TD', name, values })
    return p + 2
  }

  const extended = (start: number, end: number, line: number): void => {
    // the common case, one block on one line and no macro (`%ADD10C,0.1*%`): what the split below gives, without it
    if (fastPaths && end - 1 > start && bytes[end - 1]! === 42 /* * */ &&
      !(bytes[start]! === 65 /* A */ && bytes[start + 1]! === 77 /* M */)) {
      let oneLine = true
      for (let p = start; p < end - 1; p++) {
        const c = bytes[p]!
        if (c === 42 || c === 10 || c === 13) { oneLine = false; break }
      }
      if (oneLine) {
        const block = source.text(start, end - 1).trim()
        if (block !== '') extendedBlock(block, line)
        return
      }
    }
    // split into '*'-terminated blocks, remembering each block's line
    const blocks: string[] = []
    const lines: number[] = []
    let blockStart = start
    let blockLine = line
    let l = line
    for (let p = start; p < end; p++) {
      const c = bytes[p]!
      if (c === 10) {
        l++
        if (p === blockStart || source.text(blockStart, p).trim() === '') { blockStart = p + 1; blockLine = l }
      } else if (c === 42) {
        blocks.push(source.text(blockStart, p))
        lines.push(blockLine)
        blockStart = p + 1
        blockLine = l
      }
    }
    if (source.text(blockStart, end).trim() !== '') {
      throw new InputError(file, blockLine, `Extended command ${describeText(source.text(start, end))} is not terminated by "*" before "%"`)
    }
    if (blocks.length === 0) return
    const first = blocks[0]!.replace(/[\r\n]/g, '')
    if (first.startsWith('AM')) {
      const name = first.slice(2).trim()
      if (name === '') throw new InputError(file, line, 'Aperture macro without a name')
      const macro = parseMacro(name, blocks.slice(1), lines.slice(1), file, maxDepth)
      for (const st of macro.statements) {
        if (st.kind === 'primitive' && st.code in DEPRECATED_PRIMITIVES) log.warnOnce(`AM${st.code}`, st.line, `${DEPRECATED_PRIMITIVES[st.code]}`)
      }
      sink.node({ type: 'apertureMacro', line, macro })
      return
    }
    // old files put several commands in one %...%: each block is its own command
    for (let b = 0; b < blocks.length; b++) {
      const block = blocks[b]!.replace(/[\r\n]/g, '').trim()
      if (block !== '') extendedBlock(block, lines[b]!)
    }
  }

  /**
   * Reads the overwhelmingly common block `X…Y…D0n*` (optional X, Y, I, J in that order, signed integer
   * digits, D01/D02/D03) straight from the characters, or returns -1 so that the general path reads it
   * (and reports what is wrong with it). Gives the same operation as data() does.
   */
  /**
   * A signed integer of at most fastMaxDigits digits at `p` (just after its axis letter), with the index
   * after it in coordEnd; NaN when it has no digits or too many (the general path reports those).
   */
  const plainInteger = (s: Uint8Array, p: number): number => {
    let c = s[p]!
    const negative = c === 45 /* - */
    if (negative || c === 43 /* + */) c = s[++p]!
    const first = p
    let value = 0
    while (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48)
      c = s[++p]!
    }
    coordEnd = p
    if (p === first || p - first > fastMaxDigits) return NaN
    return negative ? -value : value
  }

  const plainOperation = (start: number, line: number): number => {
    // the general path scales trailing-zero formats and reports a missing format
    if (format === undefined || format.zeroOmission !== 'leading') return -1
    const s = bytes
    let p = start
    let c = s[p]!
    let x = NaN, y = NaN, i = NaN, j = NaN
    // X, Y, I, J in that order, each optional
    if (c === 88 /* X */) { x = plainInteger(s, p + 1); if (x !== x) return -1; p = coordEnd; c = s[p]! }
    if (c === 89 /* Y */) { y = plainInteger(s, p + 1); if (y !== y) return -1; p = coordEnd; c = s[p]! }
    if (c === 73 /* I */) { i = plainInteger(s, p + 1); if (i !== i) return -1; p = coordEnd; c = s[p]! }
    if (c === 74 /* J */) { j = plainInteger(s, p + 1); if (j !== j) return -1; p = coordEnd; c = s[p]! }
    // D01, D02 or D03 and the end of the block
    if (c !== 68 /* D */ || s[p + 1]! !== 48 /* 0 */ || s[p + 3]! !== 42 /* * */) return -1
    const op = s[p + 2]! - 48
    if (op !== 1 && op !== 2 && op !== 3) return -1
    lastOp = op
    sink.operation(line, op, x, y, i, j)
    return p + 4
  }

  const lexMarks: LexMarks | undefined = marks && {
    offset: marks.from?.offset ?? 0, line: marks.from?.line ?? 1, next: marks.next,
    at: (offset, line) => marks.at(offset, line, state, log.list.length),
  }
  const { ended, lastLine, stopped } = lex(source, file, fastPaths ? { data, extended, operation: plainOperation, objectAttribute: plainObjectAttribute } : { data, extended }, lexMarks)
  // no M02 is an input error (readGerber's, after the plot: an open region or block names the cut more precisely)
  return { diagnostics: log.list, ended, lastLine, ...(stopped && { stopped }) }
}

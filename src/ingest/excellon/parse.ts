// Excellon text → parse tree (tree.ts). Knows the syntax only; units, tools and positions are plot.ts's job.

import { InputError } from '../../errors.ts'
import { describeText } from '../gerber/describe.ts'
import type { ExcellonNode, RawCoords } from './tree.ts'

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/
const UNITS_LINE = /^(METRIC|INCH)\b\s*(.*)$/
/** Header words that change nothing we plot (verification, tool-change and runtime switches). */
const NO_EFFECT_WORDS = ['VER', 'DETECT', 'ATC', 'BLKD', 'SBK', 'TCST', 'RUNTIME', 'FMAT', 'OM48', 'AFS', 'NCSL']
/** Tool parameters besides C that drive the machine, not the geometry: feed, speed, retract, hit limit, depth. */
const TOOL_PARAMETERS = new Set(['C', 'F', 'S', 'B', 'H', 'Z', 'N'])

/** `fastPaths` false reads every line through the general tokenizer (tests compare the two). */
export function parseExcellon(text: string, file: string, fastPaths = true): ExcellonNode[] {
  const nodes: ExcellonNode[] = []
  parseExcellonInto(text, file, (node) => { nodes.push(node) }, fastPaths)
  return nodes
}

/**
 * parseExcellon without the node list: each node goes to `sink` as soon as its line is read, so that a
 * drill file of a million hits never holds a million nodes at once.
 */
export function parseExcellonInto(text: string, file: string, sink: (node: ExcellonNode) => void, fastPaths = true): void {
  const n = text.length
  let inHeader = false
  // lines end at \r\n, \n or \r, as text.split(/\r\n|\n|\r/) has them, without holding every line at once
  for (let start = 0, index = 0; start <= n; index++) {
    let end = start
    let c = 0
    while (end < n && (c = text.charCodeAt(end)) !== 10 && c !== 13) end++
    const lineStart = start
    start = end < n && c === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1
    if (end === lineStart) continue
    const source = { file, line: index + 1 }
    // most lines of a drill file are hits, `X1.5Y-2`: read straight from the text, the line not cut out
    const hit = fastPaths ? hitCoordinates(text, lineStart, end) : undefined
    if (hit !== undefined) {
      sink({ type: 'move', coords: hit, source })
      continue
    }
    const raw = text.slice(lineStart, end).trim()
    if (raw === '') continue
    if (raw.startsWith(';') || raw.startsWith('(')) {
      sink(parseComment(raw, source))
      continue
    }
    // a trailing `;` comment on a command line is commentary, not part of the command
    const command = raw.split(';')[0]!.trim().toUpperCase()
    if (command === '%') {
      sink({ type: inHeader ? 'headerEnd' : 'rewindStop', source })
      inHeader = false
      continue
    }
    const units = UNITS_LINE.exec(command)
    if (units) {
      sink(parseUnitsLine(units[1]!, units[2]!, command, source))
      continue
    }
    if (command.startsWith('ICI,')) {
      sink({ type: 'coordinateMode', mode: command === 'ICI,ON' ? 'incremental' : 'absolute', source })
      continue
    }
    const word = /^[A-Z]{2,}/.exec(command)?.[0]
    if (word !== undefined) {
      sink({ type: NO_EFFECT_WORDS.includes(word) ? 'ignored' : 'unsupported', text: command, source })
      continue
    }
    for (const node of parseBlock(command, source)) {
      if (node.type === 'headerStart') inHeader = true
      if (node.type === 'headerEnd') inHeader = false
      sink(node)
    }
  }
}

/**
 * The coordinates of a line `text[from, to)` that is exactly `X<n>Y<n>`, `X<n>` or `Y<n>` (n as NUMBER), else undefined:
 * the same RawCoords the tokenizer gives such a line; anything else (lower case, spaces, other words) is
 * left to it.
 */
function hitCoordinates(text: string, from: number, to: number): RawCoords | undefined {
  let p = from
  let x: string | undefined, y: string | undefined
  if (text.charCodeAt(p) === 88 /* X */) {
    const end = numberEnd(text, p + 1, to)
    if (end < 0) return undefined
    x = text.slice(p + 1, end)
    p = end
  }
  if (p < to && text.charCodeAt(p) === 89 /* Y */) {
    const end = numberEnd(text, p + 1, to)
    if (end < 0) return undefined
    y = text.slice(p + 1, end)
    p = end
  }
  if (p === from || p !== to) return undefined
  return x === undefined ? { y } : y === undefined ? { x } : { x, y }
}

/** Where a NUMBER (`[+-]?(\d+(\.\d*)?|\.\d+)`) starting at `from` ends (at most `to`), or -1 when there is none. */
function numberEnd(s: string, from: number, to: number): number {
  let p = from
  let c = p < to ? s.charCodeAt(p) : NaN
  if (c === 43 /* + */ || c === 45 /* - */) c = ++p < to ? s.charCodeAt(p) : NaN
  let digits = 0
  while (c >= 48 && c <= 57) { digits++; c = ++p < to ? s.charCodeAt(p) : NaN }
  if (c === 46 /* . */) {
    c = ++p < to ? s.charCodeAt(p) : NaN
    while (c >= 48 && c <= 57) { digits++; c = ++p < to ? s.charCodeAt(p) : NaN }
  }
  return digits === 0 ? -1 : p
}

function parseComment(raw: string, source: { file: string; line: number }): ExcellonNode {
  const text = raw.replace(/^[;(]\s*/, '').replace(/\)\s*$/, '')
  if (text.startsWith('#@!')) {
    // X2 attribute in a comment: `#@! TA.AperFunction,Plated,PTH,ViaDrill`
    const body = text.slice(3).trim()
    const match = /^(TF|TA|TO|TD)(\.?[^,]*)(?:,(.*))?$/.exec(body)
    if (match) {
      const values = match[3] === undefined ? [] : match[3].split(',').map((v) => v.trim())
      return { type: 'attribute', kind: match[1] as 'TF', name: match[2]!, values, source }
    }
  }
  const fileFormat = /^FILE_FORMAT\s*=\s*(\d+)\s*:\s*(\d+)/i.exec(text)
  if (fileFormat) return { type: 'fileFormat', digits: [Number(fileFormat[1]), Number(fileFormat[2])], source }
  return { type: 'comment', text, source }
}

function parseUnitsLine(keyword: string, rest: string, command: string, source: { file: string; line: number }): ExcellonNode {
  const node: ExcellonNode = { type: 'units', units: keyword === 'METRIC' ? 'mm' : 'inch', source }
  for (const part of rest.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    if (part === 'LZ' || part === 'TZ') node.zeros = part
    else if (/^0+\.0+$/.test(part)) {
      const [integer, decimal] = part.split('.') as [string, string]
      node.digits = [integer.length, decimal.length]
    } else throw new InputError(source.file, source.line, `cannot read units statement (${describeText(command, 'statement')}) (expected e.g. METRIC,LZ,000.000)`)
  }
  return node
}

interface Token { letter: string; value: string }

function tokenize(command: string, source: { file: string; line: number }): Token[] | undefined {
  const tokens: Token[] = []
  const word = /([A-Z])([^A-Z]*)/g
  let consumed = 0
  for (let m = word.exec(command); m !== null; m = word.exec(command)) {
    if (m.index !== consumed) return undefined
    consumed = m.index + m[0].length
    tokens.push({ letter: m[1]!, value: m[2]!.trim() })
  }
  if (consumed !== command.length) {
    if (/[XY]/.test(command)) throw new InputError(source.file, source.line, `malformed coordinates in ${describeText(command)}`)
    return undefined
  }
  return tokens
}

/** One block: G/M codes, a tool word, coordinates. Emits mode nodes first, then the geometric one. */
function parseBlock(command: string, source: { file: string; line: number }): ExcellonNode[] {
  const tokens = tokenize(command, source)
  if (tokens === undefined) return [{ type: 'unsupported', text: command, source }]
  const nodes: ExcellonNode[] = []
  let coords: RawCoords | undefined
  let slotFrom: RawCoords | undefined
  let origin = false
  let repeat: number | undefined
  const integer = (token: Token): number => {
    if (!/^\d+$/.test(token.value)) throw new InputError(source.file, source.line, `malformed ${token.letter} code (${token.value.length} characters after ${token.letter})`)
    return Number(token.value)
  }
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!
    switch (token.letter) {
      case 'X': case 'Y': case 'I': case 'J': case 'A': {
        const key = token.letter.toLowerCase() as keyof RawCoords
        if (!NUMBER.test(token.value)) throw new InputError(source.file, source.line, `malformed coordinate (${token.value.length} characters after ${token.letter})`)
        coords ??= {}
        if (coords[key] !== undefined) throw new InputError(source.file, source.line, `coordinate ${token.letter} given twice in ${describeText(command)}`)
        coords[key] = token.value
        break
      }
      case 'G': {
        const code = integer(token)
        if (code === 85) {
          slotFrom = coords ?? {}
          coords = undefined
        } else if (code <= 3) nodes.push({ type: 'routeMode', interpolation: code as 0 | 1 | 2 | 3, source })
        else if (code === 5 || code === 81) nodes.push({ type: 'drillMode', source })
        else if (code === 90 || code === 91) nodes.push({ type: 'coordinateMode', mode: code === 90 ? 'absolute' : 'incremental', source })
        else if (code === 93) origin = true
        else nodes.push({ type: 'unsupported', text: `G${token.value}`, source })
        break
      }
      case 'M': {
        const code = integer(token)
        if (code === 47) return [...nodes, { type: 'ignored', text: command, source }] // operator message: the rest is text
        const node = mCode(code, source)
        nodes.push(node ?? { type: 'unsupported', text: `M${token.value}`, source })
        break
      }
      case 'T': {
        const tool = integer(token)
        let diameter: string | undefined
        while (t + 1 < tokens.length && TOOL_PARAMETERS.has(tokens[t + 1]!.letter)) {
          const parameter = tokens[++t]!
          if (parameter.letter !== 'C') continue
          if (!NUMBER.test(parameter.value) || parameter.value.startsWith('-'))
            throw new InputError(source.file, source.line, `malformed tool diameter (${parameter.value.length} characters after C)`)
          diameter = parameter.value
        }
        nodes.push(diameter === undefined ? { type: 'toolSelect', tool, source } : { type: 'toolDefine', tool, diameter, source })
        break
      }
      case 'R':
        repeat = integer(token)
        break
      default:
        nodes.push({ type: 'unsupported', text: `${token.letter}${token.value}`, source })
    }
  }
  if (slotFrom !== undefined) nodes.push({ type: 'slot', from: slotFrom, to: coords ?? {}, source })
  else if (origin) nodes.push({ type: 'origin', coords: coords ?? {}, source })
  else if (repeat !== undefined) nodes.push({ type: 'repeat', count: repeat, coords: coords ?? {}, source })
  else if (coords !== undefined) nodes.push({ type: 'move', coords, source })
  return nodes
}

function mCode(code: number, source: { file: string; line: number }): ExcellonNode | undefined {
  switch (code) {
    case 48: return { type: 'headerStart', source }
    case 95: return { type: 'headerEnd', source }
    case 71: return { type: 'units', units: 'mm', source }
    case 72: return { type: 'units', units: 'inch', source }
    case 15: return { type: 'toolDown', source }
    case 16: case 17: return { type: 'toolUp', source }
    case 0: case 30: return { type: 'end', source }
    default: return undefined
  }
}

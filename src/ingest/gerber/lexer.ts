// Splits a Gerber file's bytes into commands without copying: data blocks (`X1Y2D01*`) and extended
// commands (`%...%`), each reported as a [start, end) byte range with its first line.
// Block ends are found with native indexOf; only the whitespace between blocks is walked here.

import { InputError } from '../../errors.ts'
import type { SourceBytes } from '../source-bytes.ts'
import { describeText } from './describe.ts'

export interface LexerSink {
  /** A data block without its `*`. Return true to stop (M02 / M00). */
  data(start: number, end: number, line: number): boolean
  /** The content between `%` and `%`; `line` is the line of the opening `%`. */
  extended(start: number, end: number, line: number): void
  /**
   * Optional fast path for a block starting with X or Y at `start`: read it if it is a plain
   * one-line operation (`X…Y…D03*`) and return the index after its `*`, else return -1 and the
   * block is lexed the general way. Such a block holds no newline, `%` or control character.
   */
  operation?(start: number, line: number): number
  /**
   * Optional fast path for an extended command whose content starts at `start` (after the `%`): read
   * it if it is a plain one-line object attribute (`%TO.P,U1,A7*%`) and return the index after its
   * closing `%`, else -1. Such a command holds no newline or control character.
   */
  objectAttribute?(start: number, line: number): number
}

export interface LexResult {
  /** True when the file ended with M02/M00 (the rest of the text is ignored: files may pad it with NULs). */
  ended: boolean
  /** Line of the last character read. */
  lastLine: number
  /** True when `marks.at` stopped the read before the end. */
  stopped?: boolean
}

/**
 * Where a read starts (a checkpoint of an earlier read, src/ingest/gerber/resume.ts) and where it
 * stops to look at itself: `at` is called at the first statement boundary at or past `next`, with
 * that boundary's offset and line, and returns where to be called again, or -1 to stop.
 */
export interface LexMarks {
  offset: number
  line: number
  next: number
  at(offset: number, line: number): number
}

const PERCENT = 37, NL = 10, CR = 13, TAB = 9, SPACE = 32, STAR = 42
/** Control characters other than tab, LF, CR: a text Gerber file never holds them before its end. */
const isControl = (c: number) => (c < 32 && c !== TAB && c !== NL && c !== CR) || c === 127

export function lex(source: SourceBytes, file: string, sink: LexerSink, marks?: LexMarks): LexResult {
  const bytes = source.bytes
  const n = bytes.length
  let pos = marks?.offset ?? 0
  let line = marks?.line ?? 1
  // one comparison a statement when nobody asks for marks
  let nextMark = marks?.next ?? Infinity
  // next occurrences, found natively and cached; each is only searched again once passed
  let nextNewline = -1
  const newlineAfter = (p: number) => {
    if (nextNewline < p && nextNewline !== n) { nextNewline = bytes.indexOf(NL, p); if (nextNewline < 0) nextNewline = n }
    return nextNewline
  }
  /** The first `%` in [from, to), or -1: looked for in the block (blocks are short), not ahead in the whole file. */
  const percentIn = (from: number, to: number) => {
    for (let p = from; p < to; p++) if (bytes[p] === PERCENT) return p
    return -1
  }
  /** Newlines in [from, to): the line count inside a block or extended command. */
  const countLines = (from: number, to: number) => {
    let count = 0
    for (let p = newlineAfter(from); p < to; p = bytes.indexOf(NL, p + 1)) {
      if (p < 0) break
      count++
    }
    return count
  }
  // scanned block by block (blocks are short; the fast operations never get here), not the whole text at once
  const checkBinary = (from: number, to: number, startLine: number) => {
    for (let bad = from; bad < to; bad++) {
      const code = bytes[bad]!
      if (!isControl(code)) continue
      throw new InputError(file, startLine + countLines(from, bad),
        `Binary data (character 0x${code.toString(16).padStart(2, '0')}) in a Gerber file: this is not a Gerber text file or it is corrupt`)
    }
  }
  const fastOperation = sink.operation
  const fastObjectAttribute = sink.objectAttribute

  while (pos < n) {
    if (pos >= nextMark) {
      nextMark = marks!.at(pos, line)
      if (nextMark < 0) return { ended: false, lastLine: line, stopped: true }
    }
    const c = bytes[pos]!
    if (c === NL) { line++; pos++; continue }
    if (c === CR || c === SPACE || c === TAB) { pos++; continue }
    if (c === PERCENT) {
      if (fastObjectAttribute !== undefined && bytes[pos + 1]! === 84 /* T */) {
        const after = fastObjectAttribute(pos + 1, line)
        if (after >= 0) { pos = after; continue }
      }
      const startLine = line
      const start = pos + 1
      const close = bytes.indexOf(PERCENT, start)
      if (close < 0) {
        checkBinary(start, n, startLine)
        throw new InputError(file, startLine, 'Extended command "%" is not closed: the file is cut short or a "%" is missing')
      }
      checkBinary(start, close, startLine)
      if (newlineAfter(start) < close) line += countLines(start, close)
      sink.extended(start, close, startLine)
      pos = close + 1
      continue
    }
    if (fastOperation !== undefined && (c === 88 /* X */ || c === 89 /* Y */)) {
      const after = fastOperation(pos, line)
      if (after >= 0) { pos = after; continue }
    }
    // a data block up to '*'; G04 comments may hold '%'
    const startLine = line
    const start = pos
    const star = bytes.indexOf(STAR, pos)
    const end = star < 0 ? n : star
    checkBinary(start, end, startLine)
    const isComment = c === 71 /* G */ && (bytes[pos + 1]! === 48 && bytes[pos + 2]! === 52
      || bytes[pos + 1]! === 52 && !(bytes[pos + 2]! >= 48 && bytes[pos + 2]! <= 57))
    const percent = isComment ? -1 : percentIn(start, end)
    if (percent >= 0) {
      throw new InputError(file, startLine, `A${describeText(source.text(start, percent)).slice(1)} is not terminated by "*" before "%"`)
    }
    if (star < 0) throw new InputError(file, startLine, `A${describeText(source.text(start, n)).slice(1)} is not terminated by "*": the file is cut short`)
    if (newlineAfter(start) < end) line += countLines(start, end)
    if (sink.data(start, end, startLine)) return { ended: true, lastLine: line }
    pos = end + 1
  }
  return { ended: false, lastLine: line }
}

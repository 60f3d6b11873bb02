// A layer file as the Gerber reader reads it: its bytes, and their text decoded only where a command
// is kept as text (an extended command, an attribute, an error's quote). The whole file is never
// turned into a string: lexing a Uint8Array is twice as fast as charCodeAt on the decoded string
// (measured on the 1 M-flash paste file: 35 against 70 ms), and the decoded copy was 24 MB of fresh
// memory (~120 ms of page faults on this VM) for every 24 MB read.

import { isAscii } from 'node:buffer'

export interface SourceBytes {
  readonly bytes: Uint8Array
  /** bytes[from, to) as text, decoded as the whole file decodes. Cut at ASCII delimiters only. */
  text(from: number, to: number): string
  /** How the whole file decodes: an edit that changes it changes every text read before it too. */
  readonly encoding: Encoding
}

export type Encoding = 'latin1' | 'utf-8'

/**
 * How a layer file's bytes read as text: valid UTF-8 (X2 attribute values in other scripts) as
 * UTF-8, anything else Latin-1, byte for byte. ASCII, nearly every file, reads the same either way.
 */
function textEncoding(bytes: Uint8Array): Encoding {
  if (isAscii(bytes)) return 'latin1'
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return 'utf-8'
  } catch {
    return 'latin1'
  }
}

/**
 * The file's bytes, with how they read as text. A string (a test's or a caller's text) is taken
 * back to bytes in the encoding that gives the same text: Latin-1 when every code unit fits a byte,
 * else UTF-8.
 */
export function sourceBytes(input: Uint8Array | string): SourceBytes {
  if (typeof input === 'string') {
    const encoding = fitsLatin1(input) ? 'latin1' : 'utf-8'
    return withEncoding(Buffer.from(input, encoding === 'latin1' ? 'latin1' : 'utf8'), encoding)
  }
  return withEncoding(input, textEncoding(input))
}

function withEncoding(input: Uint8Array, encoding: Encoding): SourceBytes {
  // one element kind for every read: a Buffer and a plain Uint8Array at one site make it polymorphic
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const decoder = encoding === 'utf-8' ? new TextDecoder('utf-8') : undefined
  return {
    bytes,
    encoding,
    text: decoder === undefined
      ? (from, to) => to - from <= 8 ? shortLatin1(bytes, from, to) : buffer.toString('latin1', from, to)
      : (from, to) => decoder.decode(bytes.subarray(from, to)),
  }
}

const char = String.fromCharCode

/**
 * A short Latin-1 string made in JS: a native slice costs ~85 ns a call, and the 1 M-bump copper
 * file slices a million pin names (`A11`) of 2–4 characters, which this makes in ~20 ns.
 */
function shortLatin1(bytes: Uint8Array, from: number, to: number): string {
  switch (to - from) {
    case 0: return ''
    case 1: return char(bytes[from]!)
    case 2: return char(bytes[from]!, bytes[from + 1]!)
    case 3: return char(bytes[from]!, bytes[from + 1]!, bytes[from + 2]!)
    case 4: return char(bytes[from]!, bytes[from + 1]!, bytes[from + 2]!, bytes[from + 3]!)
  }
  let text = ''
  for (let i = from; i < to; i++) text += char(bytes[i]!)
  return text
}

/** The first `chars` characters of the file's text (or all of it), decoding no more bytes than they can take. */
export function textHead(source: SourceBytes, chars: number): string {
  // a character is at most 4 bytes in UTF-8: a character cut at the byte limit lies past `chars`
  return source.text(0, Math.min(source.bytes.length, 4 * chars)).slice(0, chars)
}

/** True when the file is only blanks (what /^\s*$/ says of its text), reading bytes up to the first that is not one. */
export function isBlank(source: SourceBytes): boolean {
  const bytes = source.bytes
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!
    if (c === 32 || (c >= 9 && c <= 13)) continue
    // not ASCII: a Unicode blank (no-break space, BOM…) is told by the text
    return c < 128 ? false : /^\s*$/.test(source.text(i, bytes.length))
  }
  return true
}

/**
 * How many bytes of `bytes` are `value`, four at a time: 14 ms for the 40 MB 1 M-bump copper file,
 * where a byte loop takes 32–52 and indexOf (one native call per hit) 42–48.
 */
export function countByte(bytes: Uint8Array, value: number): number {
  let count = 0, i = 0
  // whole 32-bit words from the first aligned byte
  const head = (4 - (bytes.byteOffset & 3)) & 3
  for (; i < head && i < bytes.length; i++) if (bytes[i] === value) count++
  if (i === bytes.length) return count
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (bytes.length - i) >>> 2)
  const pattern = Math.imul(value, 0x01010101)
  for (let w = 0; w < words.length; w++) {
    const x = words[w]! ^ pattern // a zero byte where `bytes` holds `value`
    // the high bit of each byte set exactly where that byte of x is zero (no carry crosses a byte)
    const zero = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f)
    if (zero === 0) continue
    const ones = zero >>> 7 // one bit per matching byte, at bits 0, 8, 16, 24
    const pairs = (ones & 0x00ff00ff) + ((ones >>> 8) & 0x00ff00ff)
    count += (pairs + (pairs >>> 16)) & 0xffff
  }
  for (i += 4 * words.length; i < bytes.length; i++) if (bytes[i] === value) count++
  return count
}

function fitsLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 255) return false
  return true
}

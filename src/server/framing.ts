// LSP-style Content-Length framing: a header block ended by CRLF CRLF, then exactly N bytes of UTF-8 JSON.

/** What the reader hands on: a message body, or a header block it could not use (answered as a parse error). */
export type Frame = { kind: 'body'; text: string } | { kind: 'badHeader'; header: string; reason: string }

const HEADER_END = Buffer.from('\r\n\r\n')
/** What a resynchronising reader looks for, compared in lower case. */
const HEADER_START = 'content-length:'

/** Largest header block (LSP headers are two short lines); a longer one is garbage. */
export const MAX_HEADER_BYTES = 4096
/** Most characters of a refused header quoted back in the parse error. */
const QUOTED_HEADER_CHARS = 120
/** More Content-Length digits than this is no honest length (16 digits is already petabytes). */
const MAX_LENGTH_DIGITS = 15

export interface FrameDecoderOptions {
  /**
   * Largest declared body skipped after refusing it; a larger declared length is treated as no
   * length at all (the reader resynchronises instead of waiting for bytes that will never come).
   */
  maxSkipBytes?: number
  /** Largest header block in bytes. */
  maxHeaderBytes?: number
}

/** Encode one message body as a frame. The length counts bytes, not characters. */
export function encodeFrame(body: string): Buffer {
  const payload = Buffer.from(body, 'utf8')
  return Buffer.concat([Buffer.from(`Content-Length: ${payload.length}\r\n\r\n`, 'ascii'), payload])
}

type State =
  | { kind: 'header' }
  | { kind: 'body'; length: number; chunks: Buffer[]; received: number }
  | { kind: 'skip'; remaining: number }
  | { kind: 'resync' }

/**
 * Incremental frame decoder: push chunks as they arrive, take whole frames out.
 *
 * A header without a usable Content-Length (missing, not a number, absurdly long) cannot tell where
 * its body ends, so it is reported as `badHeader` and the decoder resynchronises at the next
 * `Content-Length:`; so is a header block longer than `maxHeaderBytes`. A body over `maxBodyBytes`
 * is reported and skipped. Every byte is looked at a bounded number of times and nothing but the
 * current header (≤ maxHeaderBytes) and the current body (≤ maxBodyBytes) is held, so 100 MB of
 * garbage costs linear time and constant memory.
 */
export class FrameDecoder {
  /** Bytes of the header block read so far (never more than maxHeaderBytes). */
  private head: Buffer = Buffer.alloc(0)
  /** While resynchronising: the last bytes seen, which may be the start of a split `Content-Length:`. */
  private tail: Buffer = Buffer.alloc(0)
  private state: State = { kind: 'header' }
  private readonly maxSkipBytes: number
  private readonly maxHeaderBytes: number

  constructor(
    private readonly maxBodyBytes: number,
    options: FrameDecoderOptions = {},
  ) {
    this.maxSkipBytes = options.maxSkipBytes ?? Math.max(maxBodyBytes, 1024 ** 3)
    this.maxHeaderBytes = options.maxHeaderBytes ?? MAX_HEADER_BYTES
  }

  /** Bytes received that are not yet a whole frame. */
  get pendingBytes(): number {
    const state = this.state
    return this.head.length + this.tail.length + (state.kind === 'body' ? state.received : 0)
  }

  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = []
    let data = chunk
    while (data.length > 0) {
      const state = this.state
      switch (state.kind) {
        case 'skip': {
          const skipped = Math.min(state.remaining, data.length)
          state.remaining -= skipped
          data = data.subarray(skipped)
          if (state.remaining === 0) this.state = { kind: 'header' }
          break
        }
        case 'body': {
          const take = Math.min(state.length - state.received, data.length)
          state.chunks.push(data.subarray(0, take))
          state.received += take
          data = data.subarray(take)
          if (state.received === state.length) {
            frames.push({ kind: 'body', text: Buffer.concat(state.chunks, state.length).toString('utf8') })
            this.state = { kind: 'header' }
          }
          break
        }
        case 'resync':
          data = this.resync(data)
          break
        case 'header':
          data = this.header(data, frames)
          break
      }
    }
    return frames
  }

  /** Look for the end of the header block; returns the bytes after what was used. */
  private header(data: Buffer, frames: Frame[]): Buffer {
    const room = this.maxHeaderBytes - this.head.length
    const window = this.head.length === 0 ? data.subarray(0, room) : Buffer.concat([this.head, data.subarray(0, room)])
    // the terminator may straddle the previous chunk: start 3 bytes back, never rescan the rest
    const end = window.indexOf(HEADER_END, Math.max(0, this.head.length - (HEADER_END.length - 1)))
    if (end < 0) {
      const used = window.length - this.head.length
      if (window.length < this.maxHeaderBytes) {
        this.head = Buffer.from(window) // a copy: the caller's chunk may be reused
        return data.subarray(used)
      }
      this.head = Buffer.alloc(0)
      frames.push(badHeader(window, `header block longer than ${this.maxHeaderBytes} bytes without an end (CRLF CRLF)`))
      // resume past this window: keep only what could begin a header split across the boundary
      this.state = { kind: 'resync' }
      this.tail = Buffer.from(window.subarray(window.length - (HEADER_START.length - 1)))
      return data.subarray(used)
    }
    const used = end + HEADER_END.length - this.head.length
    const header = window.subarray(0, end)
    this.head = Buffer.alloc(0)
    const parsed = contentLength(header.toString('latin1'))
    if (typeof parsed === 'string') {
      frames.push(badHeader(header, parsed))
      this.state = { kind: 'resync' }
    } else if (parsed > this.maxSkipBytes) {
      frames.push(badHeader(header, `Content-Length ${parsed} is beyond any message this server reads`))
      this.state = { kind: 'resync' }
    } else if (parsed > this.maxBodyBytes) {
      frames.push(badHeader(header, `body of ${parsed} bytes is over the ${this.maxBodyBytes}-byte limit; skipped`))
      this.state = parsed > 0 ? { kind: 'skip', remaining: parsed } : { kind: 'header' }
    } else if (parsed === 0) {
      frames.push({ kind: 'body', text: '' })
    } else {
      this.state = { kind: 'body', length: parsed, chunks: [], received: 0 }
    }
    return data.subarray(used)
  }

  /** Skip to the next `Content-Length:` (any letter case); returns the bytes from there on. */
  private resync(data: Buffer): Buffer {
    const window = this.tail.length === 0 ? data : Buffer.concat([this.tail, data])
    // latin1 maps each byte to one character, so string offsets are byte offsets
    const at = window.toString('latin1').toLowerCase().indexOf(HEADER_START)
    if (at < 0) {
      this.tail = Buffer.from(window.subarray(Math.max(0, window.length - (HEADER_START.length - 1))))
      return Buffer.alloc(0)
    }
    this.tail = Buffer.alloc(0)
    this.state = { kind: 'header' }
    return window.subarray(at)
  }
}

function badHeader(header: Buffer, reason: string): Frame {
  const text = header.subarray(0, QUOTED_HEADER_CHARS).toString('latin1').replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  return { kind: 'badHeader', header: header.length > QUOTED_HEADER_CHARS ? `${text}…` : text, reason }
}

/** The body length a header block declares, or why it declares none usable. */
function contentLength(header: string): number | string {
  let length: number | undefined
  for (const line of header.split('\r\n')) {
    const match = /^content-length:[ \t]*(.*?)[ \t]*$/i.exec(line)
    if (!match) continue
    const digits = match[1]!
    if (!/^\d+$/.test(digits)) return `Content-Length ${JSON.stringify(digits.slice(0, 40))} is not a whole number`
    if (digits.replace(/^0+(?=\d)/, '').length > MAX_LENGTH_DIGITS) return `Content-Length ${digits.slice(0, 40)} is too large`
    const value = Number(digits)
    if (length !== undefined && length !== value) return 'two different Content-Length headers'
    length = value
  }
  return length ?? 'header has no Content-Length'
}

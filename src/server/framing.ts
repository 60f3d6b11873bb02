// LSP-style Content-Length framing: a header block ended by CRLF CRLF, then exactly N bytes of UTF-8 JSON.

/** What the reader hands on: a message body, or a header block it could not use (answered as a parse error). */
export type Frame = { kind: 'body'; text: string } | { kind: 'badHeader'; header: string }

const HEADER_END = Buffer.from('\r\n\r\n')

/** Encode one message body as a frame. The length counts bytes, not characters. */
export function encodeFrame(body: string): Buffer {
  const payload = Buffer.from(body, 'utf8')
  return Buffer.concat([Buffer.from(`Content-Length: ${payload.length}\r\n\r\n`, 'ascii'), payload])
}

/**
 * Incremental frame decoder: push chunks as they arrive, take whole frames out.
 * A header without a usable Content-Length cannot tell where its body ends, so it is reported as
 * `badHeader` and the decoder resynchronises at the next header block; an oversized body is skipped.
 */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0)
  /** Bytes of a refused (oversized) body still to be thrown away. */
  private skipBytes = 0

  constructor(private readonly maxBodyBytes: number) {}

  /** Bytes received that are not yet a whole frame. */
  get pendingBytes(): number {
    return this.buffer.length
  }

  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    const frames: Frame[] = []
    for (;;) {
      if (this.skipBytes > 0) {
        const skipped = Math.min(this.skipBytes, this.buffer.length)
        this.buffer = this.buffer.subarray(skipped)
        this.skipBytes -= skipped
        if (this.skipBytes > 0) break
      }
      const headerEnd = this.buffer.indexOf(HEADER_END)
      if (headerEnd < 0) break
      const header = this.buffer.subarray(0, headerEnd).toString('ascii')
      const length = contentLength(header)
      if (length === undefined || length > this.maxBodyBytes) {
        this.buffer = this.buffer.subarray(headerEnd + HEADER_END.length)
        // An oversized body has a known end: skip it. Without a length, resynchronise at the next header.
        if (length !== undefined) this.skipBytes = length
        frames.push({ kind: 'badHeader', header })
        continue
      }
      const bodyStart = headerEnd + HEADER_END.length
      if (this.buffer.length < bodyStart + length) break
      frames.push({ kind: 'body', text: this.buffer.subarray(bodyStart, bodyStart + length).toString('utf8') })
      this.buffer = this.buffer.subarray(bodyStart + length)
    }
    return frames
  }
}

function contentLength(header: string): number | undefined {
  for (const line of header.split('\r\n')) {
    const match = /^content-length:\s*(\d+)\s*$/i.exec(line)
    if (match) return Number(match[1])
  }
  return undefined
}

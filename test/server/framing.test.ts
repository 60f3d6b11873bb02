import { describe, expect, it } from 'vitest'
import { FrameDecoder, encodeFrame } from '../../src/server/framing.ts'

describe('Content-Length framing', () => {
  it('counts bytes, not characters, in the header', () => {
    // "µ" is 2 bytes and "€" 3 in UTF-8: {"a":"µ€"} is 10 characters, 13 bytes
    const frame = encodeFrame('{"a":"µ€"}')
    expect(frame.toString('utf8')).toBe('Content-Length: 13\r\n\r\n{"a":"µ€"}')
  })

  it('reassembles a frame split at every byte, including inside a multi-byte character', () => {
    const bytes = Buffer.concat([encodeFrame('{"a":"µ€"}'), encodeFrame('[1,2]')])
    const decoder = new FrameDecoder(1024)
    const texts: string[] = []
    for (let i = 0; i < bytes.length; i++) {
      for (const frame of decoder.push(bytes.subarray(i, i + 1))) if (frame.kind === 'body') texts.push(frame.text)
    }
    expect(texts).toEqual(['{"a":"µ€"}', '[1,2]'])
  })

  it('accepts a Content-Type header and any letter case', () => {
    const decoder = new FrameDecoder(1024)
    const frames = decoder.push(Buffer.from('content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'))
    expect(frames).toEqual([{ kind: 'body', text: '{}' }])
  })

  it('reports a header without Content-Length and reads the frame after it', () => {
    const decoder = new FrameDecoder(1024)
    const frames = decoder.push(Buffer.concat([Buffer.from('Content-Type: x\r\n\r\n'), encodeFrame('{"b":1}')]))
    expect(frames).toEqual([
      { kind: 'badHeader', header: 'Content-Type: x' },
      { kind: 'body', text: '{"b":1}' },
    ])
  })

  it('refuses a body over the size limit, skips it, and reads the next frame', () => {
    const decoder = new FrameDecoder(4)
    expect(decoder.push(Buffer.from('Content-Length: 5\r\n\r\n{"a"'))).toEqual([{ kind: 'badHeader', header: 'Content-Length: 5' }])
    expect(decoder.push(Buffer.concat([Buffer.from('}'), encodeFrame('[3]')]))).toEqual([{ kind: 'body', text: '[3]' }])
  })
})

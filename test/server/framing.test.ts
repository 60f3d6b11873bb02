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
      { kind: 'badHeader', header: 'Content-Type: x', reason: 'header has no Content-Length' },
      { kind: 'body', text: '{"b":1}' },
    ])
  })

  it('refuses a body over the size limit, skips it, and reads the next frame', () => {
    const decoder = new FrameDecoder(4)
    expect(decoder.push(Buffer.from('Content-Length: 5\r\n\r\n{"a"'))).toMatchObject([{ kind: 'badHeader', header: 'Content-Length: 5' }])
    expect(decoder.push(Buffer.concat([Buffer.from('}'), encodeFrame('[3]')]))).toEqual([{ kind: 'body', text: '[3]' }])
  })

  it('resynchronises at the next Content-Length after a length that is no number, or too many digits', () => {
    for (const bad of ['abc', '-1', '1e3', '99999999999999999999', '']) {
      const decoder = new FrameDecoder(1024)
      const frames = decoder.push(Buffer.concat([Buffer.from(`Content-Length: ${bad}\r\n\r\n{"x":`), encodeFrame('[4]')]))
      expect(frames.map((f) => f.kind), bad).toEqual(['badHeader', 'body'])
      expect(frames[1]).toEqual({ kind: 'body', text: '[4]' })
    }
  })

  it('gives up on a header block over 4 KiB without an end, and reads the next frame', () => {
    const decoder = new FrameDecoder(1024)
    const frames = [...decoder.push(Buffer.from('X'.repeat(3000))), ...decoder.push(Buffer.from('Y'.repeat(3000))), ...decoder.push(encodeFrame('[5]'))]
    expect(frames.map((f) => f.kind)).toEqual(['badHeader', 'body'])
    expect(frames[0]!.kind === 'badHeader' && frames[0]!.header.length).toBeLessThan(200)
    expect(frames[1]).toEqual({ kind: 'body', text: '[5]' })
    expect(decoder.pendingBytes).toBe(0)
  })

  it('finds a Content-Length split across chunks while resynchronising', () => {
    const decoder = new FrameDecoder(1024)
    const bytes = Buffer.concat([Buffer.from('garbage\r\n\r\nmore garbage '), encodeFrame('[6]')])
    const texts: string[] = []
    for (let i = 0; i < bytes.length; i += 3) for (const f of decoder.push(bytes.subarray(i, i + 3))) if (f.kind === 'body') texts.push(f.text)
    expect(texts).toEqual(['[6]'])
  })

  it('reads 64 MB of garbage with no header end in linear time and bounded memory', () => {
    const decoder = new FrameDecoder(1 << 20)
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const started = performance.now()
    let bad = 0
    for (let i = 0; i < 1024; i++) bad += decoder.push(chunk).length
    bad += decoder.push(encodeFrame('[7]')).filter((f) => f.kind === 'badHeader').length
    expect(performance.now() - started).toBeLessThan(5000)
    expect(bad).toBe(1) // one parse error for the whole run of garbage, not one per chunk
    expect(decoder.pendingBytes).toBe(0)
  })
})

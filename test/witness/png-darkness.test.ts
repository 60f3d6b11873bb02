// The PNG reader behind gerbv's raster witness: every scanline filter and colour type it must undo.

import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { pngDarkness } from './png-darkness.ts'

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(body.length, 0)
  head.write(type, 4, 'latin1')
  return Buffer.concat([head, body, Buffer.alloc(4)]) // the reader does not check CRCs
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/** Encode rows of raw bytes, row y with filter type y % 5 (none, sub, up, average, paeth). */
function png(width: number, colourType: number, channels: number, rows: number[][]): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(rows.length, 4)
  ihdr[8] = 8
  ihdr[9] = colourType
  const out: number[] = []
  rows.forEach((row, y) => {
    const filter = y % 5
    const up = y > 0 ? rows[y - 1] : row.map(() => 0)
    out.push(filter)
    row.forEach((value, i) => {
      const left = i >= channels ? row[i - channels] : 0
      const upperLeft = i >= channels ? up[i - channels] : 0
      const predictor = [0, left, up[i], (left + up[i]) >> 1, paeth(left, up[i], upperLeft)][filter]
      out.push((value - predictor) & 0xff)
    })
  })
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(out))), chunk('IEND', Buffer.alloc(0))])
}

describe('pngDarkness', () => {
  it('counts black RGB pixels through all five scanline filters', () => {
    const black = [0, 0, 0], white = [255, 255, 255], grey = [100, 100, 100]
    // 3 px wide, 5 rows (one per filter): black pixels 2+1+0+3+1 = 7, plus 2 darker-than-half greys
    const rows = [
      [black, white, black], [white, black, white], [white, white, white], [black, black, black], [grey, black, grey],
    ].map((r) => r.flat())
    const d = pngDarkness(png(3, 2, 3, rows))
    expect(d).toMatchObject({ width: 3, height: 5, darkPixels: 9 })
    // coverage: 7 black + 2 × (1 − 100/255)
    expect(d.coveragePixels).toBeCloseTo(7 + 2 * (155 / 255), 9)
  })

  it('composites RGBA over white: a transparent black pixel is not dark', () => {
    const rows = [[0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 128]]
    const d = pngDarkness(png(3, 6, 4, rows))
    expect(d.darkPixels).toBe(2) // opaque black, and half-transparent black (luminance 127)
    expect(d.coveragePixels).toBeCloseTo(1 + 128 / 255, 9)
  })

  it('refuses a file that is not a PNG', () => {
    expect(() => pngDarkness(Buffer.from('GIF89a'))).toThrow('not a PNG')
  })
})

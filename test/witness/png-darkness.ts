// Minimal PNG reader (node:zlib only) that measures how much of an image is dark, for gerbv's raster witness.

import { inflateSync } from 'node:zlib'

export interface Darkness {
  width: number
  height: number
  /** Pixels whose luminance is below half scale (the plain "dark pixel" count). */
  darkPixels: number
  /** Sum over pixels of (1 − luminance/255): antialiased edge pixels count by how dark they are. */
  coveragePixels: number
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
// bytes per pixel for 8-bit colour types: grey, RGB, grey+alpha, RGBA
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 }

/** Dark-pixel count of an 8-bit, non-interlaced PNG (what `gerbv -x png` writes); alpha is composited on white. */
export function pngDarkness(png: Buffer): Darkness {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file')
  let width = 0, height = 0, channels = 0
  const idat: Buffer[] = []
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at)
    const type = png.toString('latin1', at + 4, at + 8)
    const body = png.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const bitDepth = body[8], colourType = body[9], interlace = body[12]
      channels = CHANNELS[colourType] ?? 0
      if (bitDepth !== 8 || channels === 0 || interlace !== 0) {
        throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`)
      }
    } else if (type === 'IDAT') idat.push(body)
    else if (type === 'IEND') break
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  let previous: Uint8Array = new Uint8Array(stride)
  let darkPixels = 0, coveragePixels = 0
  for (let y = 0; y < height; y++) {
    const row = unfilter(raw, y * (stride + 1), stride, channels, previous)
    for (let x = 0; x < stride; x += channels) {
      const luminance = pixelLuminance(row, x, channels)
      if (luminance < 127.5) darkPixels++
      coveragePixels += 1 - luminance / 255
    }
    previous = row
  }
  return { width, height, darkPixels, coveragePixels }
}

function pixelLuminance(row: Uint8Array, x: number, channels: number): number {
  const grey = channels <= 2
  const value = grey ? row[x] : 0.299 * row[x] + 0.587 * row[x + 1] + 0.114 * row[x + 2]
  const alpha = channels === 2 ? row[x + 1] : channels === 4 ? row[x + 3] : 255
  return (value * alpha + 255 * (255 - alpha)) / 255 // over a white page
}

// PNG scanline filters (RFC 2083 §6): each row starts with a filter byte.
function unfilter(raw: Buffer, start: number, stride: number, bpp: number, up: Uint8Array): Uint8Array {
  const filter = raw[start]
  const row = new Uint8Array(stride)
  for (let i = 0; i < stride; i++) {
    const value = raw[start + 1 + i]
    const left = i >= bpp ? row[i - bpp] : 0
    const above = up[i]
    const upperLeft = i >= bpp ? up[i - bpp] : 0
    let predictor = 0
    if (filter === 1) predictor = left
    else if (filter === 2) predictor = above
    else if (filter === 3) predictor = (left + above) >> 1
    else if (filter === 4) predictor = paeth(left, above, upperLeft)
    else if (filter !== 0) throw new Error(`bad PNG filter type ${filter}`)
    row[i] = (value + predictor) & 0xff
  }
  return row
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

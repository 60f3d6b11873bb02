// Decoder for unix `compress` (.Z) files, which ODB++ allows for features files. LZW with 9..16-bit
// codes, LSB first, and compress's quirk: whenever the code width changes (or the table is cleared)
// the rest of the current group of 8 codes is padding and is skipped.

import { InputError, LimitError } from '../../errors.ts'

const CLEAR = 256

/** Decode a .Z image; `maxBytes` stops a decompression bomb while it is being expanded. */
export function uncompressLzw(file: string, input: Buffer, maxBytes: number): Buffer {
  if (input.length < 3 || input[0] !== 0x1f || input[1] !== 0x9d) throw new InputError(file, 0, 'not a unix compress (.Z) file: bad magic number')
  const maxBits = input[2]! & 0x1f
  const blockMode = (input[2]! & 0x80) !== 0
  if (maxBits < 9 || maxBits > 16) throw new InputError(file, 0, `.Z file asks for ${maxBits}-bit codes; compress uses 9 to 16`)
  const tableSize = 1 << maxBits
  const prefix = new Int32Array(tableSize)
  const suffix = new Uint8Array(tableSize)
  for (let i = 0; i < 256; i++) suffix[i] = i
  const stack = new Uint8Array(tableSize)
  const firstFree = blockMode ? 257 : 256

  let out = Buffer.allocUnsafe(Math.min(Math.max(1024, input.length * 4), maxBytes + 1))
  let outLength = 0
  const emit = (bytes: Uint8Array, from: number, to: number) => {
    const n = to - from
    if (outLength + n > maxBytes) throw new LimitError(file, 0, `compressed file expands to more than ${maxBytes} bytes (limit maxArchiveBytes)`, 'maxArchiveBytes')
    if (outLength + n > out.length) {
      const grown = Buffer.allocUnsafe(Math.min(Math.max(out.length * 2, outLength + n), maxBytes + 1))
      out.copy(grown, 0, 0, outLength)
      out = grown
    }
    for (let i = from; i < to; i++) out[outLength++] = bytes[i]!
  }

  const totalBits = input.length * 8
  let bitPos = 24
  let groupMark = bitPos
  let width = 9
  let mask = (1 << width) - 1
  let next = firstFree
  let prev = -1
  let prevFirst = 0
  const realign = () => {
    const group = width * 8
    const used = (bitPos - groupMark) % group
    if (used !== 0) bitPos += group - used
    groupMark = bitPos
  }
  for (;;) {
    if (next > mask && width < maxBits && prev !== -1) {
      realign()
      width++
      mask = (1 << width) - 1
    }
    if (bitPos + width > totalBits) break
    // read `width` bits LSB-first; at most 16 bits span 3 bytes
    const byte = bitPos >>> 3
    const shift = bitPos & 7
    const word = input[byte]! | ((input[byte + 1] ?? 0) << 8) | ((input[byte + 2] ?? 0) << 16)
    const code = (word >>> shift) & mask
    bitPos += width

    if (blockMode && code === CLEAR) {
      realign()
      width = 9
      mask = (1 << width) - 1
      next = firstFree
      prev = -1
      continue
    }
    let top = tableSize
    let current = code
    if (code >= next) {
      if (code > next || prev === -1) throw new InputError(file, 0, `corrupt .Z data: code ${code} used before it is defined`)
      stack[--top] = prevFirst // the KwKwK case: the string being defined right now
      current = prev
    }
    while (current >= 256) {
      stack[--top] = suffix[current]!
      current = prefix[current]!
    }
    stack[--top] = current
    const first = current
    emit(stack, top, tableSize)
    if (prev !== -1 && next < tableSize) {
      prefix[next] = prev
      suffix[next] = first
      next++
    }
    prev = code
    prevFirst = first
  }
  return out.subarray(0, outLength)
}

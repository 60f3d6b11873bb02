// A zip reader over an in-memory buffer: central directory (zip64 too), stored and deflate entries.
// Inflation is capped at the bytes still allowed by maxArchiveBytes, so a bomb stops at the limit
// instead of after it has filled memory; the sizes the archive declares are not trusted.

import { crc32, inflateRawSync } from 'node:zlib'
import { InputError, LimitError, type ReadLimits } from '../../errors.ts'
import { safeEntryName } from './entry-name.ts'
import type { ArchiveEntry } from './tar.ts'
import { unpackCap, unpackRefused, unpacked } from './unpack-cap.ts'
import type { MemoryBudget } from '../budget.ts'

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const S_IFMT = 0o170000
const S_IFLNK = 0o120000
const S_IFREG = 0o100000
const S_IFDIR = 0o040000

function findEndOfCentralDirectory(archive: string, zip: Buffer): number {
  const earliest = Math.max(0, zip.length - 22 - 0xffff)
  for (let pos = zip.length - 22; pos >= earliest; pos--) {
    if (zip.readUInt32LE(pos) === EOCD) return pos
  }
  throw new InputError(archive, 0, 'no zip end-of-central-directory record: not a zip archive, or a truncated one')
}

/** Every regular file of a zip image, inflated in memory within `limits`, what is inflated charged to `budget`. */
export function readZip(archive: string, zip: Buffer, limits: ReadLimits, budget?: MemoryBudget): ArchiveEntry[] {
  if (zip.length < 22) throw new InputError(archive, 0, 'file too short to be a zip archive')
  const eocd = findEndOfCentralDirectory(archive, zip)
  let count = zip.readUInt16LE(eocd + 10)
  let cdOffset = zip.readUInt32LE(eocd + 16)
  const locator = eocd - 20
  if ((count === 0xffff || cdOffset === 0xffffffff) && locator >= 0 && zip.readUInt32LE(locator) === ZIP64_LOCATOR) {
    const z64 = Number(zip.readBigUInt64LE(locator + 8))
    if (z64 + 56 > zip.length || zip.readUInt32LE(z64) !== ZIP64_EOCD) throw new InputError(archive, 0, 'bad zip64 end-of-central-directory record')
    count = Number(zip.readBigUInt64LE(z64 + 32))
    cdOffset = Number(zip.readBigUInt64LE(z64 + 48))
  }
  if (count > limits.maxArchiveEntries) {
    throw new LimitError(archive, 0, `archive holds ${count} entries, more than ${limits.maxArchiveEntries} (limit maxArchiveEntries); raise it if the job is genuine`, 'maxArchiveEntries')
  }
  const entries: ArchiveEntry[] = []
  let total = 0
  let pos = cdOffset
  for (let i = 0; i < count; i++) {
    if (pos + 46 > zip.length || zip.readUInt32LE(pos) !== CENTRAL) throw new InputError(archive, 0, `zip central directory entry ${i} is damaged`)
    const madeByOs = zip[pos + 5]!
    const flags = zip.readUInt16LE(pos + 8)
    const method = zip.readUInt16LE(pos + 10)
    const crc = zip.readUInt32LE(pos + 16)
    let compressedSize = zip.readUInt32LE(pos + 20)
    let size = zip.readUInt32LE(pos + 24)
    const nameLength = zip.readUInt16LE(pos + 28)
    const extraLength = zip.readUInt16LE(pos + 30)
    const commentLength = zip.readUInt16LE(pos + 32)
    const mode = zip.readUInt32LE(pos + 38) >>> 16
    let localOffset = zip.readUInt32LE(pos + 42)
    const rawName = zip.toString(flags & 0x800 ? 'utf8' : 'latin1', pos + 46, pos + 46 + nameLength)
    // zip64 sizes live in extra field 0x0001, in this order, only for the fields that overflowed
    let extra = pos + 46 + nameLength
    const extraEnd = extra + extraLength
    // every length is the archive's word, checked against the bytes there before it is read
    if (extraEnd + commentLength > zip.length) throw new InputError(archive, 0, `zip central directory entry ${i} runs past the end of the archive`)
    while (extra + 4 <= extraEnd) {
      const id = zip.readUInt16LE(extra)
      const length = zip.readUInt16LE(extra + 2)
      if (extra + 4 + length > extraEnd) throw new InputError(archive, 0, `zip central directory entry ${i} has an extra field longer than its extra data`)
      if (id === 0x0001) {
        let p = extra + 4
        const field = (what: string) => {
          if (p + 8 > extra + 4 + length) throw new InputError(archive, 0, `zip central directory entry ${i}: its zip64 field lacks the ${what}`)
          const value = Number(zip.readBigUInt64LE(p))
          p += 8
          return value
        }
        if (size === 0xffffffff) size = field('size')
        if (compressedSize === 0xffffffff) compressedSize = field('compressed size')
        if (localOffset === 0xffffffff) localOffset = field('local header offset')
      }
      extra += 4 + length
    }
    pos = extraEnd + commentLength

    const unixType = madeByOs === 3 ? mode & S_IFMT : 0
    if (unixType === S_IFLNK) throw new InputError(archive, 0, `archive entry "${rawName}" is a symbolic link; links are not followed — refusing the archive`)
    if (unixType !== 0 && unixType !== S_IFREG && unixType !== S_IFDIR) {
      throw new InputError(archive, 0, `archive entry "${rawName}" is not a file or folder; refusing the archive`)
    }
    const name = safeEntryName(archive, rawName)
    if (name === undefined || rawName.endsWith('/') || unixType === S_IFDIR) continue
    if (flags & 1) throw new InputError(archive, 0, `archive entry "${rawName}" is encrypted; bumpcheck reads only unencrypted zip files`)

    if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL) throw new InputError(archive, 0, `zip local header of "${rawName}" is damaged`)
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28)
    if (dataStart + compressedSize > zip.length) throw new InputError(archive, 0, `zip entry "${rawName}" runs past the end of the archive`)
    const packed = zip.subarray(dataStart, dataStart + compressedSize)
    const cap = unpackCap(packed.length, limits, limits.maxArchiveBytes - total, true, budget, { compressed: zip.length, unpacked: total })
    const what = `zip entry "${rawName}"`
    const refused = () => unpackRefused(archive, what, packed.length, cap, limits, budget)
    let data: Buffer
    if (method === 0) {
      // stored: a view of the archive already read, nothing new to charge
      const stored = unpackCap(packed.length, limits, limits.maxArchiveBytes - total, true)
      if (packed.length > stored.bytes) throw unpackRefused(archive, what, packed.length, stored, limits)
      data = packed
    } else if (method === 8) {
      try {
        // one byte over the cap is enough to know it is broken; inflation stops there
        data = inflateRawSync(packed, { maxOutputLength: cap.bytes + 1 })
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw refused()
        throw new InputError(archive, 0, `zip entry "${rawName}" does not inflate: ${(e as Error).message}`)
      }
      data = unpacked(data, archive, what, packed.length, cap, limits, budget)
    } else {
      throw new InputError(archive, 0, `zip entry "${rawName}" uses compression method ${method}; only stored (0) and deflate (8) are read`)
    }
    if (data.length !== size) throw new InputError(archive, 0, `zip entry "${rawName}" inflates to ${data.length} bytes, not the ${size} it declares`)
    if (crc32(data) >>> 0 !== crc) throw new InputError(archive, 0, `zip entry "${rawName}" fails its CRC check (damaged archive)`)
    total += data.length
    entries.push({ name, data })
  }
  return entries
}

// A tar reader over an in-memory buffer: ustar, pax extended headers and GNU long names. Links, devices
// and anything that is not a plain file or a directory are refused: a job never needs them, and a link
// is the classic way out of an extraction folder.

import { InputError, LimitError, type ReadLimits } from '../../errors.ts'
import { safeEntryName } from './entry-name.ts'

export interface ArchiveEntry {
  /** Safe, '/'-separated path relative to the archive root. */
  name: string
  data: Buffer
}

const BLOCK = 512

/** Octal (space/NUL terminated) or GNU base-256 numeric field. */
function numberField(block: Buffer, offset: number, length: number): number {
  if (block[offset]! & 0x80) {
    let value = block[offset]! & 0x7f
    for (let i = 1; i < length; i++) value = value * 256 + block[offset + i]!
    return value
  }
  const text = block.toString('latin1', offset, offset + length).replace(/[\0 ]+$/, '').replace(/^[\0 ]+/, '')
  if (text === '') return 0
  if (!/^[0-7]+$/.test(text)) return NaN
  return parseInt(text, 8)
}

function stringField(block: Buffer, offset: number, length: number): string {
  const end = block.indexOf(0, offset)
  return block.toString('utf8', offset, end < 0 || end > offset + length ? offset + length : end)
}

function checksumOk(block: Buffer): boolean {
  const stored = numberField(block, 148, 8)
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!
  return sum === stored
}

/** pax records: "<len> <key>=<value>\n" repeated. */
function parsePax(archive: string, data: Buffer): Record<string, string> {
  const out: Record<string, string> = {}
  let pos = 0
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos)
    if (space < 0) break
    const length = parseInt(data.toString('latin1', pos, space), 10)
    if (!(length > 0) || pos + length > data.length) throw new InputError(archive, 0, 'malformed pax extended header in tar archive')
    const record = data.toString('utf8', space + 1, pos + length - 1)
    const eq = record.indexOf('=')
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1)
    pos += length
  }
  return out
}

/**
 * Every regular file of a tar image. `archive` names the file in errors. Entry count and the total
 * size of file contents are checked against `limits` before each entry's data is taken.
 */
export function readTar(archive: string, image: Buffer, limits: ReadLimits): ArchiveEntry[] {
  const entries: ArchiveEntry[] = []
  let pos = 0
  let headers = 0
  let total = 0
  let longName: string | undefined
  let paxPath: string | undefined
  let paxSize: number | undefined
  while (pos + BLOCK <= image.length) {
    const block = image.subarray(pos, pos + BLOCK)
    if (block.every((b) => b === 0)) break // end-of-archive marker
    if (!checksumOk(block)) throw new InputError(archive, 0, `tar header at byte ${pos} has a bad checksum: not a tar archive, or a damaged one`)
    if (++headers > limits.maxArchiveEntries) {
      throw new LimitError(archive, 0, `archive holds more than ${limits.maxArchiveEntries} entries (limit maxArchiveEntries); raise it if the job is genuine`, 'maxArchiveEntries')
    }
    const type = String.fromCharCode(block[156]!)
    let size = paxSize ?? numberField(block, 124, 12)
    if (!Number.isFinite(size) || size < 0) throw new InputError(archive, 0, `tar header at byte ${pos} has an unreadable size`)
    const dataStart = pos + BLOCK
    if (dataStart + size > image.length) throw new InputError(archive, 0, `tar entry at byte ${pos} runs past the end of the archive (truncated?)`)
    const data = image.subarray(dataStart, dataStart + size)
    pos = dataStart + Math.ceil(size / BLOCK) * BLOCK
    const ustar = block.toString('latin1', 257, 262) === 'ustar'
    const prefix = ustar ? stringField(block, 345, 155) : ''
    const headerName = (prefix ? `${prefix}/` : '') + stringField(block, 0, 100)
    const rawName = paxPath ?? longName ?? headerName
    // metadata entries describe the next header
    if (type === 'L') { longName = data.toString('utf8').replace(/\0+$/, ''); continue }
    if (type === 'K') continue // GNU long link name: the link itself is refused below
    if (type === 'x') {
      const pax = parsePax(archive, data)
      paxPath = pax['path']
      paxSize = pax['size'] !== undefined ? Number(pax['size']) : undefined
      continue
    }
    if (type === 'g') continue // pax global header: nothing in it changes where files go
    longName = undefined
    paxPath = undefined
    paxSize = undefined
    if (type === '1' || type === '2') {
      throw new InputError(archive, 0, `archive entry "${rawName}" is a ${type === '2' ? 'symbolic' : 'hard'} link; links are not followed — refusing the archive`)
    }
    if (type === '5') { safeEntryName(archive, rawName); continue }
    if (type !== '0' && type !== '\0' && type !== '7') {
      throw new InputError(archive, 0, `archive entry "${rawName}" has tar type "${type}" (not a file or folder); refusing the archive`)
    }
    const name = safeEntryName(archive, rawName)
    if (name === undefined) continue
    // each entry becomes one string: no larger than one input file may be
    if (size > limits.maxFileBytes) throw new LimitError(archive, 0, `archive entry "${rawName}" is ${size} bytes, over the ${limits.maxFileBytes}-byte limit on one file`, 'maxFileBytes')
    total += size
    if (total > limits.maxArchiveBytes) {
      throw new LimitError(archive, 0, `archive unpacks to more than ${limits.maxArchiveBytes} bytes (limit maxArchiveBytes); refusing it as a possible archive bomb`, 'maxArchiveBytes')
    }
    entries.push({ name, data })
  }
  return entries
}

// Tiny tar and zip writers for tests: they build well-formed and hostile archives (links, traversal,
// bombs, lying headers) that no polite archiver would produce.

import { crc32, deflateRawSync, gzipSync } from 'node:zlib'

export interface TarEntry {
  name: string
  data?: Buffer | string
  /** '0' file (default), '1' hard link, '2' symlink, '5' folder. */
  type?: string
  linkname?: string
  /** Write the name as a GNU 'L' long-name entry before the header. */
  gnuLongName?: boolean
  /** Write the name as a pax 'x' path record before the header. */
  paxPath?: boolean
}

function tarHeader(name: string, size: number, type: string, linkname = ''): Buffer {
  const h = Buffer.alloc(512)
  h.write(name.slice(0, 100), 0, 'utf8')
  h.write('0000644\0', 100)
  h.write('0000000\0', 108)
  h.write('0000000\0', 116)
  h.write(size.toString(8).padStart(11, '0') + '\0', 124)
  h.write('00000000000\0', 136)
  h.write(type, 156)
  h.write(linkname.slice(0, 100), 157)
  h.write('ustar\0', 257)
  h.write('00', 263)
  h.fill(0x20, 148, 156)
  let sum = 0
  for (const b of h) sum += b
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148)
  return h
}

const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512)

/** A ustar image (not compressed). */
export function tarArchive(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = []
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : e.data ?? Buffer.alloc(0)
    let headerName = e.name
    if (e.gnuLongName) {
      const long = Buffer.from(e.name + '\0')
      parts.push(tarHeader('././@LongLink', long.length, 'L'), long, pad(long.length))
      headerName = e.name.slice(0, 99)
    }
    if (e.paxPath) {
      const body = `path=${e.name}\n`
      let record = `${body.length + 3} ${body}`
      record = `${body.length + String(record.length).length + 1} ${body}`
      const pax = Buffer.from(record)
      parts.push(tarHeader('PaxHeader', pax.length, 'x'), pax, pad(pax.length))
      headerName = 'truncated-name'
    }
    parts.push(tarHeader(headerName, data.length, e.type ?? '0', e.linkname), data, pad(data.length))
  }
  parts.push(Buffer.alloc(1024))
  return Buffer.concat(parts)
}

export const tgz = (entries: TarEntry[]) => gzipSync(tarArchive(entries))

export interface ZipEntry {
  name: string
  data?: Buffer | string
  /** 0 stored, 8 deflate (default). */
  method?: 0 | 8
  /** Unix mode for the external attributes (e.g. 0o120777 for a symlink). */
  mode?: number
  /** Lie about the uncompressed size in the headers. */
  declaredSize?: number
  /** Already-compressed bytes to store as this entry's data (for bombs built without the plain data). */
  raw?: Buffer
  crc?: number
}

export function zipArchive(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : e.data ?? Buffer.alloc(0)
    const method = e.method ?? 8
    const packed = e.raw ?? (method === 8 ? deflateRawSync(data) : data)
    const name = Buffer.from(e.name)
    const crc = e.crc ?? crc32(data) >>> 0
    const size = e.declaredSize ?? data.length
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x800, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, packed)
    const c = Buffer.alloc(46)
    c.writeUInt32LE(0x02014b50, 0)
    c.writeUInt16LE((3 << 8) | 20, 4) // made by unix
    c.writeUInt16LE(20, 6)
    c.writeUInt16LE(0x800, 8)
    c.writeUInt16LE(method, 10)
    c.writeUInt32LE(crc, 16)
    c.writeUInt32LE(packed.length, 20)
    c.writeUInt32LE(size, 24)
    c.writeUInt16LE(name.length, 28)
    c.writeUInt32LE(((e.mode ?? (e.name.endsWith('/') ? 0o040755 : 0o100644)) << 16) >>> 0, 38)
    c.writeUInt32LE(offset, 42)
    central.push(c, name)
    offset += local.length + name.length + packed.length
  }
  const cd = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

// One view over an ODB++ job, whether it is a folder, a .tgz/.tar.gz/.tar, or a .zip: case-insensitive
// job-relative names, archives unpacked in memory within ReadLimits, compressed files (.Z, .gz)
// expanded on read. Nothing is ever written to disk.

import { lstat, readdir } from 'node:fs/promises'
import type { Dirent } from 'node:fs'
import { readInputFile } from '../source.ts'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { InputError, LimitError, type ReadLimits } from '../../errors.ts'
import { unpackCap, unpackRefused, unpacked, type UnpackCap } from './unpack-cap.ts'
import type { MemoryBudget } from '../budget.ts'
import type { Diagnostic } from '../../layers/model.ts'
import { uncompressLzw } from './lzw.ts'
import { readTar, type ArchiveEntry } from './tar.ts'
import { readZip } from './zip.ts'

export interface JobFile {
  /** Job-relative name as stored (e.g. `steps/pcb/layers/top/features.Z`). */
  name: string
  text: string
}

export interface JobFiles {
  /** The job path as the user gave it. */
  path: string
  /** Job-relative names (lower-case, '/'-separated), sorted. */
  names: string[]
  /** A file's text, trying `name`, `name.z` and `name.gz`; undefined when absent. */
  readText(name: string): Promise<JobFile | undefined>
  /** Notes about the job as a whole (ignored links in a folder, …). */
  diagnostics: Diagnostic[]
}

const GZIP = [0x1f, 0x8b]
const LZW = [0x1f, 0x9d]

function startsWith(data: Buffer, magic: number[]): boolean {
  return magic.every((b, i) => data[i] === b)
}

/** gunzip within `cap`: zlib stops one byte past it instead of inflating a bomb fully. */
export function gunzipLimited(file: string, data: Buffer, cap: UnpackCap, limits: ReadLimits, budget?: MemoryBudget): Buffer {
  let out: Buffer
  try {
    out = gunzipSync(data, { maxOutputLength: cap.bytes + 1 })
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw unpackRefused(file, 'the gzip data', data.length, cap, limits, budget)
    throw new InputError(file, 0, `gzip data does not inflate: ${(e as Error).message}`)
  }
  return unpacked(out, file, 'the gzip data', data.length, cap, limits, budget)
}

/** Uncompress .Z data within `cap`, refused in the cap's own words. */
function lzwLimited(file: string, data: Buffer, cap: UnpackCap, limits: ReadLimits, budget?: MemoryBudget): Buffer {
  let out: Buffer
  try {
    out = uncompressLzw(file, data, cap.bytes)
  } catch (e) {
    if (e instanceof LimitError) throw unpackRefused(file, 'the compress (.Z) data', data.length, cap, limits, budget)
    throw e
  }
  return unpacked(out, file, 'the compress (.Z) data', data.length, cap, limits, budget)
}

/** Expand a .Z / .gz file's bytes if they carry a compression magic number; else return them as they are. */
function expand(file: string, data: Buffer, limits: ReadLimits, budget?: MemoryBudget): Buffer {
  const cap = unpackCap(data.length, limits, limits.maxArchiveBytes, true, budget)
  if (startsWith(data, LZW)) return lzwLimited(file, data, cap, limits, budget)
  if (startsWith(data, GZIP)) return gunzipLimited(file, data, cap, limits, budget)
  return data
}

function isZip(data: Buffer): boolean {
  return data[0] === 0x50 && data[1] === 0x4b && (data[2] === 3 || data[2] === 5) && (data[3] === 4 || data[3] === 6)
}

function isTar(data: Buffer): boolean {
  return data.length >= 512 && data.toString('latin1', 257, 262) === 'ustar'
}

/** Unpack an archive image in memory (tar wrapped in gzip or compress, plain tar, or zip). */
export function unpackArchive(file: string, data: Buffer, limits: ReadLimits, budget?: MemoryBudget): ArchiveEntry[] {
  if (isZip(data)) return readZip(file, data, limits, budget)
  // the tar stream carries a 512-byte header per entry and padding: allow for them in the inflate cap
  const cap = unpackCap(data.length, limits, limits.maxArchiveBytes + 1024 * (limits.maxArchiveEntries + 2), false, budget)
  let image = data
  if (startsWith(data, GZIP)) image = gunzipLimited(file, data, cap, limits, budget)
  else if (startsWith(data, LZW)) image = lzwLimited(file, data, cap, limits, budget)
  if (!isTar(image)) throw new InputError(file, 0, 'not an ODB++ archive: expected a .tgz/.tar.gz, .tar or .zip')
  return readTar(file, image, limits)
}

/** The folder inside an archive that holds matrix/matrix: the root, or one level down. */
function jobRoot(file: string, entries: readonly { name: string }[]): string | undefined {
  const roots = new Set<string>()
  for (const { name } of entries) {
    const lower = name.toLowerCase()
    if (lower === 'matrix/matrix') return ''
    const m = /^([^/]+)\/matrix\/matrix$/.exec(lower)
    if (m) roots.add(name.slice(0, m[1]!.length + 1))
  }
  if (roots.size > 1) throw new InputError(file, 0, `archive holds ${roots.size} jobs (${[...roots].sort().join(', ')}); give one job per archive`)
  return roots.size === 1 ? [...roots][0]! : undefined
}

function archiveJob(path: string, entries: ArchiveEntry[], limits: ReadLimits, budget?: MemoryBudget): JobFiles {
  const root = jobRoot(path, entries)
  if (root === undefined) throw new InputError(path, 0, 'no matrix/matrix at the archive root or one folder down: not an ODB++ job')
  const byName = new Map<string, ArchiveEntry>()
  for (const e of entries) {
    if (!e.name.startsWith(root)) continue
    const lower = e.name.slice(root.length).toLowerCase()
    const twin = byName.get(lower)
    // ODB++ names are case-insensitive: two entries that differ only in case are one file twice
    if (twin) throw new InputError(path, 0, `archive holds both "${twin.name}" and "${e.name}", one name in ODB++ (names are case-insensitive); refusing the archive`)
    byName.set(lower, e)
  }
  const lookup = (name: string) => {
    const lower = name.toLowerCase()
    for (const candidate of [lower, `${lower}.z`, `${lower}.gz`]) {
      const e = byName.get(candidate)
      if (e) return { name: e.name.slice(root.length), data: e.data }
    }
    return undefined
  }
  return {
    path,
    names: [...byName.keys()].sort(),
    diagnostics: [],
    readText: async (name) => {
      const found = lookup(name)
      if (!found) return undefined
      return { name: found.name, text: expand(`${path}/${found.name}`, found.data, limits, budget).toString('latin1') }
    },
  }
}

async function folderJob(path: string, limits: ReadLimits, budget?: MemoryBudget): Promise<JobFiles> {
  const files = new Map<string, string>() // lower-case relative name → real relative name
  const diagnostics: Diagnostic[] = []
  let count = 0
  const walk = async (rel: string) => {
    const entries = await readdir(join(path, rel), { withFileTypes: true })
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name
      if (++count > limits.maxArchiveEntries) {
        throw new LimitError(path, 0, `job folder holds more than ${limits.maxArchiveEntries} entries (limit maxArchiveEntries)`, 'maxArchiveEntries')
      }
      const twin = files.get(child.toLowerCase())
      if (twin !== undefined) throw new InputError(path, 0, `job folder holds both "${twin}" and "${child}", one name in ODB++ (names are case-insensitive)`)
      if (e.isDirectory()) await walk(child)
      else if (e.isFile()) files.set(child.toLowerCase(), child)
      else diagnostics.push({ severity: 'warning', source: { file: `${path}/${child}`, line: 0 }, message: `${direntKind(e)} in the job folder skipped: only regular files are read, links are not followed` })
    }
  }
  await walk('')
  return {
    path,
    names: [...files.keys()].sort(),
    diagnostics,
    readText: async (name) => {
      const lower = name.toLowerCase()
      for (const candidate of [lower, `${lower}.z`, `${lower}.gz`]) {
        const real = files.get(candidate)
        if (real === undefined) continue
        const data = await readInputFile(join(path, real), limits.maxFileBytes)
        return { name: real, text: expand(`${path}/${real}`, data, limits, budget).toString('latin1') }
      }
      return undefined
    },
  }
}

/** A folder entry that is neither a regular file nor a folder, in words (as source.ts's specialKind). */
function direntKind(e: Dirent): string {
  return e.isSymbolicLink() ? 'a symbolic link' : e.isFIFO() ? 'a FIFO (named pipe)' : e.isCharacterDevice() ? 'a character device'
    : e.isBlockDevice() ? 'a block device' : e.isSocket() ? 'a socket' : 'an entry that is not a regular file'
}

/** Open a job folder or archive; what it unpacks is charged to `budget`. */
export async function openJob(path: string, limits: ReadLimits, budget?: MemoryBudget): Promise<JobFiles> {
  let info
  try {
    info = await lstat(path)
  } catch {
    throw new InputError(path, 0, 'no such file or folder')
  }
  if (info.isDirectory()) {
    const job = await folderJob(path, limits, budget)
    if (!job.names.includes('matrix/matrix')) throw new InputError(path, 0, 'folder has no matrix/matrix: not an ODB++ job')
    return job
  }
  const data = await readInputFile(path, limits.maxFileBytes)
  return archiveJob(path, unpackArchive(path, data, limits, budget), limits, budget)
}

/** Cheap check used by input detection: a folder with matrix/matrix, or an archive holding one. */
export async function looksLikeJob(path: string, limits: ReadLimits): Promise<boolean> {
  try {
    const info = await lstat(path)
    if (info.isDirectory()) {
      const entries = await readdir(path, { withFileTypes: true })
      const matrix = entries.find((e) => e.isDirectory() && e.name.toLowerCase() === 'matrix')
      if (!matrix) return false
      const inner = await readdir(join(path, matrix.name), { withFileTypes: true })
      return inner.some((e) => e.isFile() && e.name.toLowerCase() === 'matrix')
    }
    if (!info.isFile()) return false
    return jobRoot(path, unpackArchive(path, await readInputFile(path, limits.maxFileBytes), limits)) !== undefined
  } catch (e) {
    if (e instanceof InputError) return false
    throw e
  }
}

// Inputs as the user names them → the files to read: folders expanded (sorted; one level down when the
// layers sit in sub-folders), design/assembly/report files skipped with a note, ODB++ jobs recognised,
// formats sniffed from content, bytes fingerprinted.
// Only what is asked for is read: inputs are regular files and folders, examined with lstat and opened
// with O_NOFOLLOW; links, FIFOs, devices and sockets met in folders are skipped with a note, and a link
// named on the command line is read only with --follow-links. Every file is read with a byte cap.

import { createHash } from 'node:crypto'
import { constants, type Stats } from 'node:fs'
import { lstat, open, readdir, realpath } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { looksLikeGerber } from './gerber/index.ts'
import { looksLikeExcellon } from './excellon/index.ts'
import { DEFAULT_LIMITS, InputError, LimitError } from '../errors.ts'
import { baseName } from './identify-layers.ts'
import { isBlank, sourceBytes, textHead, type SourceBytes } from './source-bytes.ts'

export type InputKind = 'file' | 'odb-dir' | 'odb-archive'

export interface InputEntry {
  /** The path as the user gave it, or the folder as given joined with the member's name. */
  path: string
  kind: InputKind
}

export interface SourceNote {
  path: string
  line: number
  message: string
  /** A link, FIFO, device or socket skipped in a folder: the report lists it among the diagnostics, a warning. */
  warning?: true
}

/** Extensions that are never a layer: docs, images, reports, and the design and assembly files CAD tools write beside Gerbers. */
const NOT_LAYER_EXTENSIONS = new Set([
  '.md', '.json', '.pdf', '.png', '.jpg', '.jpeg', '.svg', '.html', '.htm', '.csv', '.xml', '.log',
  '.asciidoc', '.adoc', '.rst', '.doc', '.docx', '.xls', '.xlsx', '.ods', '.odt',
  '.gbrjob', '.pos', '.rpt', '.rep', '.bak', '.lck', '.ini', '.yaml', '.yml', '.sh', '.py', '.js', '.ts',
  // design files: KiCad, gEDA/pcb-rnd, Eagle, Allegro, Altium, OrCAD, Specctra
  '.kicad_pcb', '.kicad_pro', '.kicad_prl', '.kicad_sch', '.kicad_dru', '.kicad_sym', '.kicad_mod', '.pro',
  '.pcb', '.lht', '.sch', '.brd', '.lbr', '.dra', '.psm', '.pad', '.pcbdoc', '.schdoc', '.prjpcb', '.dsn', '.ses', '.opj',
  // assembly, test and drill reports: Altium .DRR (drill report) and .LDP (layer pairs), IPC-D-356 netlists, BOMs, 3D models
  '.drr', '.ldp', '.ipc', '.net', '.bom', '.step', '.stp', '.wrl', '.idf', '.emn', '.emp', '.dxf', '.xy', '.mnt', '.cpl',
])
/** Extensions that are a layer only when the content says so: Altium writes its drill files as `-RoundHoles.TXT`. */
const LAYER_IF_CONTENT_SAYS = new Set(['.txt'])
const NOT_LAYER_NAMES = /^(license|licence|copying|readme|authors|changelog|makefile)(\..*)?$/i
const ARCHIVE = /\.(tgz|tar\.gz|tar|zip)$/i

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot <= 0 ? '' : name.slice(dot).toLowerCase()
}

function memberPath(folder: string, name: string): string {
  return /[\\/]$/.test(folder) ? folder + name : folder + sep + name
}

async function isOdbJobFolder(path: string): Promise<boolean> {
  // each part by lstat: a `matrix` that is a link makes no job (the reader would not follow it either)
  const folder = await lstat(join(path, 'matrix')).catch(() => undefined)
  return folder?.isDirectory() === true && (await lstat(join(path, 'matrix', 'matrix')).catch(() => undefined))?.isFile() === true
}

/** What a file-system entry that is not a regular file is, in words. */
export function specialKind(info: Stats): string {
  if (info.isSymbolicLink()) return 'a symbolic link'
  if (info.isFIFO()) return 'a FIFO (named pipe)'
  if (info.isCharacterDevice()) return 'a character device'
  if (info.isBlockDevice()) return 'a block device'
  if (info.isSocket()) return 'a socket'
  if (info.isDirectory()) return 'a folder'
  return 'an entry of unknown type'
}

// O_NOFOLLOW: a link swapped in after lstat fails the open (ELOOP) instead of being followed;
// O_NONBLOCK: a FIFO swapped in cannot block the open (the fstat then refuses it). Both 0 where Node lacks them.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)
/** Bytes asked of the OS per read (as fs.readFile's 512 KiB). */
const READ_STEP = 1 << 19

/**
 * A buffer that reads of files one after another share: a check reads its layer files in turn, each
 * parsed (and copied out of) before the next is read, and fresh memory costs ~2–4 ms per MB at first
 * touch on this VM (the 1 M-bump substrate's four files are 92 MB; one buffer of the largest, 41 MB,
 * serves them all). What a read returns into it is valid until the next read into it.
 */
export class ReadBuffer {
  buffer: Buffer | undefined
  /** A buffer of at least `bytes` bytes: the kept one when it is large enough, else a new one, kept. */
  take(bytes: number): Buffer {
    if (this.buffer === undefined || this.buffer.length < bytes) this.buffer = Buffer.allocUnsafe(bytes)
    return this.buffer
  }
}

/**
 * The bytes of one input file, never more than `maxBytes`: opened without following a link, confirmed
 * a regular file by fstat on the open descriptor (no lstat→open race), read in chunks through that
 * descriptor so a file that grows, or lies about its size, stops at the cap. Anything else is an
 * InputError naming the file and the cause; over the cap a LimitError naming the size and --max-file-bytes.
 * With `into`, the bytes are read into its buffer (valid until its next read), else into a new one.
 */
export async function readInputFile(path: string, maxBytes: number = DEFAULT_LIMITS.maxFileBytes, into: ReadBuffer = new ReadBuffer()): Promise<Buffer> {
  const handle = await open(path, OPEN_FLAGS).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ELOOP') throw new InputError(path, 0, 'a symbolic link: not followed')
    throw new InputError(path, 0, `cannot read: ${error.code ?? error.message}`)
  })
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new InputError(path, 0, `${specialKind(info)}, not a regular file: not read`)
    if (info.size > maxBytes) throw tooLarge(path, `${info.size} bytes`, maxBytes)
    // room for the size fstat gave and one byte more: a file that has not grown fills it short of the end
    let buffer = into.take(Math.min(info.size, maxBytes) + 1)
    let total = 0
    for (;;) {
      if (total === buffer.length) {
        // it grew (or its size lied, as /proc files say 0): room for more, never past the cap and one byte
        if (total > maxBytes) throw tooLarge(path, `more than ${maxBytes} bytes (it grew while being read)`, maxBytes)
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(2 * buffer.length, READ_STEP)))
        buffer.copy(bigger, 0, 0, total)
        into.buffer = bigger
        buffer = bigger
      }
      const { bytesRead } = await handle.read(buffer, total, Math.min(READ_STEP, buffer.length - total), null)
      if (bytesRead === 0) break
      total += bytesRead
    }
    return buffer.subarray(0, total)
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError(path, 0, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  } finally {
    await handle.close()
  }
}

function tooLarge(path: string, size: string, maxBytes: number): LimitError {
  return new LimitError(path, 0, `the file is ${size}, over the ${maxBytes}-byte limit on one input file`, 'maxFileBytes')
}

type FolderListing = { entries: InputEntry[]; notes: SourceNote[]; subFolders: string[] }

/** A folder's members (sorted by name): layer files and ODB++ jobs as entries, the rest skipped with a note. */
async function listMembers(path: string): Promise<FolderListing> {
  const listing: FolderListing = { entries: [], notes: [], subFolders: [] }
  const names = (await readdir(path).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(path, 0, `the folder cannot be listed: ${error.code ?? error.message}`)
  })).sort(compareCodePoints)
  for (const name of names) {
    const member = memberPath(path, name)
    const memberInfo = await lstat(member).catch(() => undefined)
    const extension = extensionOf(name)
    if (memberInfo === undefined) {
      listing.notes.push({ path: member, line: 0, message: 'skipped: gone while the folder was being read' })
    } else if (!memberInfo.isDirectory() && !memberInfo.isFile()) {
      // nothing of a link, FIFO, device or socket is read: not its target, not its bytes, not its name's format
      listing.notes.push({ path: member, line: 0, message: `skipped: ${specialKind(memberInfo)}; only regular files and folders are read, and links are never followed`, warning: true })
    } else if (memberInfo.isDirectory()) {
      if (await isOdbJobFolder(member)) listing.entries.push({ path: member, kind: 'odb-dir' })
      else listing.subFolders.push(member)
    } else if (name.startsWith('.') || NOT_LAYER_NAMES.test(name) || NOT_LAYER_EXTENSIONS.has(extension)) {
      listing.notes.push({ path: member, line: 0, message: 'skipped: not a layer file (by its name)' })
    } else if (LAYER_IF_CONTENT_SAYS.has(extension) && !(await startLooksLikeLayer(member))) {
      listing.notes.push({ path: member, line: 0, message: `skipped: not a layer file (a ${extension} file that is neither Gerber nor Excellon)` })
    } else listing.entries.push({ path: member, kind: ARCHIVE.test(name) ? 'odb-archive' : 'file' })
  }
  return listing
}

async function startLooksLikeLayer(path: string): Promise<boolean> {
  const handle = await open(path, OPEN_FLAGS).catch(() => undefined)
  if (handle === undefined) return true // taken as a layer, so its reader says why it cannot be read
  try {
    const buffer = new Uint8Array(4096)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    const text = decodeText(buffer.subarray(0, bytesRead))
    return looksLikeExcellon(text) || looksLikeGerber(text)
  } catch {
    return true // as above: a FIFO swapped in after lstat (EAGAIN) is refused by readInputFile's fstat
  } finally {
    await handle.close()
  }
}

/**
 * Expand the user's paths. A folder contributes its files (sorted by name); a sub-folder is read when it
 * is an ODB++ job, or when the folder holds no layer file itself but its sub-folders do (one level:
 * `board/Gerber/`, `board/NC Drill/`, as CAD tools and fabs lay out their zips), with a note naming
 * them; a folder holding `matrix/matrix` is an ODB++ job itself.
 */
export async function expandInputs(paths: readonly string[], opts: { followLinks?: boolean } = {}): Promise<{ entries: InputEntry[]; notes: SourceNote[]; problems: SourceNote[] }> {
  const entries: InputEntry[] = []
  const notes: SourceNote[] = []
  const problems: SourceNote[] = []
  const seen = new Set<string>()
  const add = (entry: InputEntry) => {
    if (seen.has(entry.path)) notes.push({ path: entry.path, line: 0, message: 'named more than once: read once' })
    else {
      seen.add(entry.path)
      entries.push(entry)
    }
  }
  for (const named of paths) {
    const examined = await examineNamed(named, opts.followLinks === true)
    if ('problem' in examined) {
      problems.push({ path: named, line: 0, message: examined.problem })
      continue
    }
    const { path, info } = examined
    if (path !== named) notes.push({ path: named, line: 0, message: `read: a symbolic link to ${path} (--follow-links)` })
    if (!info.isDirectory() && !info.isFile()) {
      problems.push({ path: named, line: 0, message: `${path !== named ? `a symbolic link to ${path}, which is ` : ''}${specialKind(info)}, not a regular file or folder: not read` })
    } else if (info.isDirectory()) {
      if (await isOdbJobFolder(path)) {
        add({ path, kind: 'odb-dir' })
        continue
      }
      const listing = await listMembers(path).catch((error: unknown) => {
        if (error instanceof InputError) return error
        throw error
      })
      if (listing instanceof InputError) {
        problems.push({ path: named, line: 0, message: listing.what })
        continue
      }
      notes.push(...listing.notes)
      // the layers one level down (board/Gerber/, board/NC Drill/): read when the folder itself holds none
      let members = listing.entries
      const hasOwnLayers = members.some((m) => m.kind === 'file')
      const unlisted = (sub: string) => (error: unknown): FolderListing => {
        if (!(error instanceof InputError)) throw error
        return { entries: [], notes: [{ path: sub, line: 0, message: `skipped: ${error.what}` }], subFolders: [] }
      }
      const below = hasOwnLayers ? [] : await Promise.all(listing.subFolders.map((sub) => listMembers(sub).catch(unlisted(sub))))
      for (let k = 0; k < listing.subFolders.length; k++) {
        const sub = listing.subFolders[k]!
        const inside = below[k]
        if (inside === undefined || !inside.entries.some((m) => m.kind === 'file')) {
          notes.push({ path: sub, line: 0, message: 'sub-folder not searched (name it to read it)' })
          continue
        }
        notes.push({ path: sub, line: 0, message: `read: the folder holds no layer file itself, so the layer files of its sub-folder ${baseName(sub)} are read` })
        notes.push(...inside.notes)
        for (const subFolder of inside.subFolders) notes.push({ path: subFolder, line: 0, message: 'sub-folder not searched (name it to read it)' })
        members = [...members, ...inside.entries]
      }
      // an ODB++ archive beside Gerber/Excellon files is the same board exported twice (Allegro's
      // fab zip and its ODB++ twin): read the layer files, and say how to check the job on its own
      const hasLayerFiles = members.some((m) => m.kind === 'file')
      for (const m of members) {
        if (m.kind === 'odb-archive' && hasLayerFiles) notes.push({ path: m.path, line: 0, message: 'skipped: an ODB++ archive beside layer files (the same board twice?); check it on its own by naming it' })
        else add(m)
      }
    } else add({ path, kind: ARCHIVE.test(path) || ARCHIVE.test(named) ? 'odb-archive' : 'file' })
  }
  return { entries, notes, problems }
}

/**
 * A path named on the command line, by lstat; a link only with `followLinks`, and then its target
 * (realpath: every link on the way resolved) examined in its place, by lstat too.
 */
async function examineNamed(path: string, followLinks: boolean): Promise<{ path: string; info: Stats } | { problem: string }> {
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => error)
  if (info instanceof Error) return { problem: info.code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${info.code ?? info.message}` }
  if (!info.isSymbolicLink()) return { path, info }
  if (!followLinks) return { problem: 'a symbolic link: not followed; to read what it points to, give --follow-links (a server check: followLinks: true)' }
  const target = await realpath(path).catch((error: NodeJS.ErrnoException) => error)
  if (target instanceof Error) {
    const why = target.code === 'ENOENT' ? 'points to nothing (a dangling link)' : target.code === 'ELOOP' ? 'is a loop of links' : `cannot be resolved: ${target.code ?? target.message}`
    return { problem: `a symbolic link that ${why}: not read` }
  }
  const targetInfo = await lstat(target).catch((error: NodeJS.ErrnoException) => error)
  if (targetInfo instanceof Error) return { problem: `a symbolic link to ${target}, which cannot be read: ${targetInfo.code ?? targetInfo.message}` }
  return { path: target, info: targetInfo }
}

/** Gerber or Excellon by content; by extension when the content does not say (a broken file then gets line-precise errors). */
export function sniffFormat(input: SourceBytes | string, path: string): 'gerber' | 'excellon' | undefined {
  const source = typeof input === 'string' ? sourceBytes(input) : input
  // an empty file is an input error whatever its name (the readers say so too; this catches the names they never see)
  if (isBlank(source)) throw new InputError(path, 1, 'The file is empty: export the layer again, or leave the file out')
  // the sniffs read the first 4 KB, and looksLikeGerber at most 64 KB
  const head = textHead(source, 65536)
  if (looksLikeGerber(head)) return 'gerber'
  if (looksLikeExcellon(head)) return 'excellon'
  const ext = extensionOf(baseName(path))
  if (/^\.(drl|drd|xln|exc|ncd|tap|cnc)$/.test(ext)) return 'excellon'
  if (/^\.(gbr|ger|pho|art|gtl|gbl|gts|gbs|gtp|gbp|gto|gbo|gpt|gpb|gko|gm\d+|g\d+|gp\d+|cmp|sol|stc|sts|crc|crs|plc|pls)$/.test(ext)) return 'gerber'
  return undefined
}

/** Text of a layer file: UTF-8 when it is valid UTF-8 (X2 attribute values), else Latin-1 byte for byte. */
export function decodeText(bytes: Uint8Array): string {
  return sourceBytes(bytes).text(0, bytes.length)
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Fingerprint of a folder: every regular file's relative path and bytes, in sorted order, each file
 * read under `maxFileBytes`. Links, FIFOs, devices and sockets are left out unread (the ODB++ reader,
 * which skips the same entries, names each one).
 */
export async function fingerprintFolder(path: string, maxFileBytes: number = DEFAULT_LIMITS.maxFileBytes): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256')
  let bytes = 0
  const walk = async (relative: string) => {
    const names = (await readdir(join(path, relative))).sort(compareCodePoints)
    for (const name of names) {
      const child = relative === '' ? name : `${relative}/${name}`
      const info = await lstat(join(path, child)).catch(() => undefined)
      if (info?.isDirectory()) await walk(child)
      else if (info?.isFile()) {
        const content = await readInputFile(join(path, child), maxFileBytes)
        hash.update(child).update('\0').update(content)
        bytes += content.length
      }
    }
  }
  await walk('')
  return { sha256: hash.digest('hex'), bytes }
}

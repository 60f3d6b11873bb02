// Inputs as the user names them → the files to read: folders expanded (sorted; one level down when the
// layers sit in sub-folders), design/assembly/report files skipped with a note, ODB++ jobs recognised,
// formats sniffed from content, bytes fingerprinted.

import { createHash } from 'node:crypto'
import { open, readdir, readFile, stat } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { looksLikeGerber } from './gerber/index.ts'
import { looksLikeExcellon } from './excellon/index.ts'
import { InputError } from '../errors.ts'
import { baseName } from './identify-layers.ts'

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
  return (await stat(join(path, 'matrix', 'matrix')).catch(() => undefined))?.isFile() ?? false
}

type FolderListing = { entries: InputEntry[]; notes: SourceNote[]; subFolders: string[] }

/** A folder's members (sorted by name): layer files and ODB++ jobs as entries, the rest skipped with a note. */
async function listMembers(path: string): Promise<FolderListing> {
  const listing: FolderListing = { entries: [], notes: [], subFolders: [] }
  const names = (await readdir(path)).sort(compareCodePoints)
  for (const name of names) {
    const member = memberPath(path, name)
    const memberInfo = await stat(member)
    const extension = extensionOf(name)
    if (memberInfo.isDirectory()) {
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
  const handle = await open(path, 'r')
  try {
    const buffer = new Uint8Array(4096)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    const text = decodeText(buffer.subarray(0, bytesRead))
    return looksLikeExcellon(text) || looksLikeGerber(text)
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
export async function expandInputs(paths: readonly string[]): Promise<{ entries: InputEntry[]; notes: SourceNote[]; problems: SourceNote[] }> {
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
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined)
    if (info === undefined) {
      problems.push({ path, line: 0, message: 'no such file or folder' })
    } else if (info.isDirectory()) {
      if (await isOdbJobFolder(path)) {
        add({ path, kind: 'odb-dir' })
        continue
      }
      const listing = await listMembers(path)
      notes.push(...listing.notes)
      // the layers one level down (board/Gerber/, board/NC Drill/): read when the folder itself holds none
      let members = listing.entries
      const hasOwnLayers = members.some((m) => m.kind === 'file')
      const below = hasOwnLayers ? [] : await Promise.all(listing.subFolders.map(listMembers))
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
    } else add({ path, kind: ARCHIVE.test(path) ? 'odb-archive' : 'file' })
  }
  return { entries, notes, problems }
}

/** Gerber or Excellon by content; by extension when the content does not say (a broken file then gets line-precise errors). */
export function sniffFormat(text: string, path: string): 'gerber' | 'excellon' | undefined {
  // an empty file is an input error whatever its name (the readers say so too; this catches the names they never see)
  if (/^\s*$/.test(text)) throw new InputError(path, 1, 'The file is empty: export the layer again, or leave the file out')
  if (looksLikeGerber(text)) return 'gerber'
  if (looksLikeExcellon(text)) return 'excellon'
  const ext = extensionOf(baseName(path))
  if (/^\.(drl|drd|xln|exc|ncd|tap|cnc)$/.test(ext)) return 'excellon'
  if (/^\.(gbr|ger|pho|art|gtl|gbl|gts|gbs|gtp|gbp|gto|gbo|gpt|gpb|gko|gm\d+|g\d+|gp\d+|cmp|sol|stc|sts|crc|crs|plc|pls)$/.test(ext)) return 'gerber'
  return undefined
}

/** Text of a layer file: UTF-8 when it is valid UTF-8 (X2 attribute values), else Latin-1 byte for byte. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('latin1').decode(bytes)
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Fingerprint of a folder: every file's relative path and bytes, in sorted order. */
export async function fingerprintFolder(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256')
  let bytes = 0
  const walk = async (relative: string) => {
    const names = (await readdir(join(path, relative))).sort(compareCodePoints)
    for (const name of names) {
      const child = relative === '' ? name : `${relative}/${name}`
      if ((await stat(join(path, child))).isDirectory()) await walk(child)
      else {
        const content = await readFile(join(path, child))
        hash.update(child).update('\0').update(content)
        bytes += content.length
      }
    }
  }
  await walk('')
  return { sha256: hash.digest('hex'), bytes }
}

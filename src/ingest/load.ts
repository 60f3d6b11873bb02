// Paths → layers: expand, sniff, read, identify. One unreadable file never stops the others: its
// InputError lands in `errors` (path and line) and the rest is read.

import { DEFAULT_LIMITS, InputError, type InputProblem, type ReadLimits } from '../errors.ts'
import { MemoryBudget } from './budget.ts'
import { readExcellonInto } from './excellon/index.ts'
import { readGerberInto } from './gerber/index.ts'
import type { GerberRead, ReadTrail } from './gerber/checkpoints.ts'
import { rereadGerber } from './gerber/resume.ts'
import { countByte, sourceBytes, type SourceBytes } from './source-bytes.ts'
import { identifyLayer, mappedIdentity, type LayerMapping } from './identify-layers.ts'
import { expandInputs, fingerprintFolder, ReadBuffer, readInputFile, sha256, sniffFormat, type InputEntry, type SourceNote } from './source.ts'
import type { Layer } from '../layers/model.ts'
import { packLayer, PackedLayerBuilder, type PackedLayer } from '../layers/pack.ts'
import { layerView } from '../layers/packed-feature.ts'

export interface LoadOptions {
  mapping?: LayerMapping
  limits?: Partial<ReadLimits>
  /**
   * Parsed images kept by a long-lived caller (the server), keyed by content SHA-256 and path (the
   * path is in every feature's source). An unchanged file is not parsed again.
   */
  cache?: {
    get(key: string): unknown | undefined
    set(key: string, parsed: unknown): void
    /**
     * The last Gerber read of a path and its bytes, when the cache keeps them (the server's): an
     * edited file is then read from the edit on (src/ingest/gerber/resume.ts), not from its first byte.
     * Excellon and ODB++ files are read whole.
     */
    lastRead?(path: string): GerberRead | undefined
    keepRead?(path: string, read: GerberRead): void
  }
  /** Checked between files: a cancelled check stops reading. */
  signal?: AbortSignal
  /** Read a file or folder named in `paths` that is a symbolic link (its target); never links inside folders. */
  followLinks?: boolean
  /**
   * What the whole read may materialise, shared by every file and reader; by default one of
   * `limits.maxMemory`, made once per loadLayers / loadEntriesPacked call. A caller reading entry by entry
   * passes one (newReadBudget) so that the entries share it.
   */
  budget?: MemoryBudget
  /** The buffer the files are read into, one after another; by default one per call, as the budget. */
  readBuffer?: ReadBuffer
}

/** The one budget a read's files share: `limits.maxMemory` (--max-memory), else the default. */
export function newReadBudget(limits: Partial<ReadLimits> | undefined): MemoryBudget {
  return new MemoryBudget(limits?.maxMemory ?? DEFAULT_LIMITS.maxMemory)
}

export interface InputFingerprint {
  path: string
  sha256: string
  bytes: number
}

export interface LoadedLayers {
  /** Sorted by `file`. */
  layers: Layer[]
  /** Every file or job that was opened, sorted by path. */
  inputs: InputFingerprint[]
  /** Files that could not be read, sorted by path then line. */
  errors: InputProblem[]
  /** Files skipped on purpose (README, .json, sub-folders…), with why: never silently. */
  notes: SourceNote[]
}

/** The ODB++ reader's entry point; loaded on demand so that this module does not need it to exist. */
interface OdbReader {
  readOdbJob(path: string, opts: { limits?: Partial<ReadLimits>; budget?: MemoryBudget }): Promise<Layer[]>
}

// .ts from the sources (vitest, tsx), .js from the compiled package (dist/)
const ODB_READER_URL = new URL(`../ingest/odb/index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href

async function odbReader(path: string): Promise<OdbReader> {
  try {
    return (await import(ODB_READER_URL)) as OdbReader
  } catch (error) {
    // only the reader itself missing means "not in this build"; a missing dependency of it is a bug
    const missing = /ERR_MODULE_NOT_FOUND|Cannot find module|Failed to load url|does not exist/i.test(`${(error as { code?: string }).code} ${error}`)
    if (missing && /odb[\\/]index\.[jt]s/.test(String(error)))
      throw new InputError(path, 0, 'ODB++ input needs the ODB++ reader (src/ingest/odb/index.ts), which this build does not have')
    throw error
  }
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)

/** Read files and folders into layers whose features are handles over packed arrays (src/layers/packed-feature.ts). */
export async function loadLayers(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadedLayers> {
  const { entries, notes, problems } = await expandInputs(paths, { followLinks: opts.followLinks === true })
  const loaded = mergePacked([{ layers: [], inputs: [], errors: problems.map((p) => ({ ...p })), notes }, await loadEntriesPacked(entries, opts)])
  return { ...loaded, layers: loaded.layers.map((layer) => layerView(layer)) }
}

/** What loadEntriesPacked gives: loadLayers' result with each layer in its packed arrays. */
export type LoadedPacked = Omit<LoadedLayers, 'layers'> & { layers: PackedLayer[] }

/**
 * Read expanded inputs into packed layers, the one form a layer has in memory (src/layers/pack.ts).
 * The readers write the arrays as they plot (a plain flash or drill hit makes no object at all); with
 * a cache, the packed arrays are what is kept.
 */
export function loadEntriesPacked(entries: readonly InputEntry[], opts: LoadOptions = {}): Promise<LoadedPacked> {
  return readEach(entries, opts, async (entry, inputs) => {
    if (entry.kind !== 'file') return (await loadOdb(entry, opts, inputs)).map(packLayer)
    const { meta, image } = await readFile(entry, opts, inputs)
    // the layer's keys in the readers' order, its features before its diagnostics
    const keys = Object.keys(meta)
    keys.splice(keys.indexOf('diagnostics'), 0, 'features')
    // the arrays may be shared with a cached parse; the metadata (the role, from the mapping) is this read's
    return [{ ...image.packed, meta, keys }]
  })
}

/**
 * A Gerber or Excellon file read into packed arrays: the readers write each feature straight
 * into them (a plain flash or drill hit makes no object). What a worker, a tiled run and the server
 * read; the parse bench (bench/parsers.ts) times this. The Gerber reader reads the bytes; the
 * Excellon reader (a file a tenth the size) the decoded text.
 */
export function readPacked(input: SourceBytes | string, path: string, format: 'gerber' | 'excellon', opts: Pick<LoadOptions, 'limits' | 'budget'> & { keep?: boolean | { spacing: number } } = {}) {
  const source = typeof input === 'string' ? sourceBytes(input) : input
  const bound = featureBound(source.bytes, format)
  const builder = new PackedLayerBuilder(bound)
  // a Gerber read kept for a re-read after an edit records its checkpoints (src/ingest/gerber/checkpoints.ts)
  const keep: { bound: number; spacing?: number; trail?: ReadTrail } | undefined = opts.keep && format === 'gerber'
    ? { bound, ...(typeof opts.keep === 'object' && opts.keep) } : undefined
  const image = format === 'gerber'
    ? readGerberInto(source, path, builder, opts.limits, opts.budget, keep)
    : readExcellonInto(source.text(0, source.bytes.length), path, builder, opts.limits, opts.budget)
  return { ...image, packed: builder.finish(), ...(keep?.trail && { trail: keep.trail }) }
}

/**
 * A Gerber file read again from its edit on when the cache kept the path's last read (the server),
 * else whole; the read and a copy of its bytes are kept for the next edit.
 */
function readKept(source: SourceBytes, path: string, opts: LoadOptions): ReturnType<typeof readPacked> {
  const cache = opts.cache!
  const previous = cache.lastRead!(path)
  const again = previous && rereadGerber(previous, source, path, opts.limits, opts.budget)
  const image = again ? { ...again.image, packed: again.packed, trail: again.trail } : readPacked(source, path, 'gerber', { ...opts, keep: true })
  // the read buffer is reused for the next file: the bytes kept are a copy, in the last copy's memory when it is large enough (committed already)
  const room = previous !== undefined && previous.bytes.buffer.byteLength >= source.bytes.length ? previous.bytes.buffer : new ArrayBuffer(source.bytes.length)
  const bytes = new Uint8Array(room, 0, source.bytes.length)
  bytes.set(source.bytes)
  cache.keepRead!(path, { bytes, image, packed: image.packed, trail: image.trail! })
  return image
}

/**
 * At most how many features a file plots before any step-and-repeat or block copy: a Gerber feature
 * takes a command (ended by `*`), an Excellon hole a line. The packed arrays are sized by it (they
 * cost memory only where written).
 */
function featureBound(bytes: Uint8Array, format: 'gerber' | 'excellon'): number {
  return 1 + countByte(bytes, format === 'gerber' ? 42 /* * */ : 10 /* \n */)
}

/** Read each entry with `read`; one unreadable entry becomes an error with its file and line, and the rest is read. */
async function readEach<L>(entries: readonly InputEntry[], opts: LoadOptions,
  read: (entry: InputEntry, inputs: InputFingerprint[]) => Promise<L[]>): Promise<Omit<LoadedLayers, 'layers'> & { layers: L[] }> {
  if (opts.budget === undefined) opts = { ...opts, budget: newReadBudget(opts.limits) }
  if (opts.readBuffer === undefined) opts = { ...opts, readBuffer: new ReadBuffer() }
  const layers: L[] = []
  const inputs: InputFingerprint[] = []
  const errors: InputProblem[] = []
  for (const entry of entries) {
    opts.signal?.throwIfAborted()
    try {
      layers.push(...(await read(entry, inputs)))
    } catch (error) {
      if (!(error instanceof InputError)) throw error // a bug, not bad input: let it surface
      // an error inside an ODB++ job names the file in the job, where its line number is
      const path = error.file.startsWith(entry.path) ? error.file : entry.path
      errors.push({ path, line: error.line, message: error.what })
    }
  }
  return { layers, inputs, errors, notes: [] }
}

/** Parts read separately (by workers, entry by entry), as one result in the documented order: layers by file. */
export function mergePacked(parts: readonly LoadedPacked[]): LoadedPacked {
  const layers = parts.flatMap((p) => p.layers).sort((a, b) => (a.meta.file < b.meta.file ? -1 : a.meta.file > b.meta.file ? 1 : 0))
  const inputs = parts.flatMap((p) => p.inputs).sort(byPath)
  const errors = parts.flatMap((p) => p.errors).sort((a, b) => byPath(a, b) || a.line - b.line)
  return { layers, inputs, errors, notes: parts.flatMap((p) => p.notes) }
}

/**
 * Read a Gerber or Excellon file into packed arrays (once per content and limits when a cache is
 * given), and identify its layer. The layer's metadata in the order reports list its keys.
 */
async function readFile(entry: InputEntry, opts: LoadOptions, inputs: InputFingerprint[]): Promise<{ meta: Omit<Layer, 'features'>; image: ReturnType<typeof readPacked> }> {
  const bytes = await readInputFile(entry.path, maxFileBytes(opts), opts.readBuffer)
  const hash = sha256(bytes)
  inputs.push({ path: entry.path, sha256: hash, bytes: bytes.length })
  const key = `${hash}:${JSON.stringify(opts.limits ?? {})}:${entry.path}`
  let parsed = opts.cache?.get(key) as { format: 'gerber' | 'excellon'; image: ReturnType<typeof readPacked> } | undefined
  if (!parsed) {
    const source = sourceBytes(bytes)
    const format = sniffFormat(source, entry.path)
    if (format === undefined) throw new InputError(entry.path, 1, 'not a Gerber, Excellon or ODB++ file (content and name say neither)')
    const keeps = format === 'gerber' && opts.cache?.lastRead !== undefined && opts.cache.keepRead !== undefined
    parsed = { format, image: keeps ? readKept(source, entry.path, opts) : readPacked(source, entry.path, format, opts) }
    opts.cache?.set(key, parsed)
  }
  const { format, image } = parsed
  const hints = { format, ...(opts.mapping && { mapping: opts.mapping }), ...(image.fileFunction && { fileFunction: image.fileFunction }) }
  const meta: Omit<Layer, 'features'> = { file: entry.path, format, ...identifyLayer(entry.path, hints), units: image.units, diagnostics: image.diagnostics }
  if (image.fileFunction !== undefined) meta.fileFunction = image.fileFunction
  return { meta, image }
}

async function loadOdb(entry: InputEntry, opts: LoadOptions, inputs: InputFingerprint[]): Promise<Layer[]> {
  const fingerprint = entry.kind === 'odb-dir'
    ? await fingerprintFolder(entry.path, maxFileBytes(opts))
    : await readInputFile(entry.path, maxFileBytes(opts)).then((bytes) => ({ sha256: sha256(bytes), bytes: bytes.length }))
  inputs.push({ path: entry.path, ...fingerprint })
  const reader = await odbReader(entry.path)
  // the mapping is not passed down: it covers every input, and the ODB++ reader rejects keys that
  // are not its own layer names. It is applied here, by path or by ODB++ layer name (any case).
  const layers = await reader.readOdbJob(entry.path, { ...(opts.limits && { limits: opts.limits }), ...(opts.budget && { budget: opts.budget }) })
  return layers.map((layer) => {
    const mapped = mappedIdentity(layer.file, opts.mapping) ?? mappedOdbName(layer.file, opts.mapping)
    return mapped ? { ...layer, ...mapped, roleFrom: 'user' as const } : layer
  })
}

const maxFileBytes = (opts: LoadOptions) => opts.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes

/** `…/steps/<step>/layers/<name>/features` → the mapping entry for `<name>`, keys compared in lower case. */
function mappedOdbName(file: string, mapping: LayerMapping | undefined) {
  const name = /[\\/]layers[\\/]([^\\/]+)[\\/]features$/.exec(file)?.[1]
  if (name === undefined || mapping === undefined) return undefined
  const lowered = Object.fromEntries(Object.entries(mapping).map(([key, value]) => [key.toLowerCase(), value]))
  return mappedIdentity(name.toLowerCase(), lowered)
}

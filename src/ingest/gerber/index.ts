// Gerber RS-274X / X2 reader: bytes → command nodes (parse.ts) → features in integer nm (plot.ts).

import { DEFAULT_LIMITS, InputError, type ReadLimits } from '../../errors.ts'
import type { Diagnostic, Feature } from '../../layers/model.ts'
import { DiagnosticLog, type GerberSink, parseGerberInto } from './parse.ts'
import { createPlotter, type GerberPlotter, type PlotResult } from './plot.ts'
import { DEFAULT_TOLERANCE } from '../../geometry/polygonize.ts'
import { PackedLayerBuilder } from '../../layers/pack.ts'
import { featureObjects } from '../../layers/packed-feature.ts'
import { MemoryBudget } from '../budget.ts'
import { type ReadTrail, recordCheckpoints } from './checkpoints.ts'
import { checkEmptyImage } from './empty-image.ts'
import { isBlank, sourceBytes, textHead, type SourceBytes } from '../source-bytes.ts'
import { HEADER_BYTES } from '../identify-layers.ts'

export interface GerberImage {
  units: 'mm' | 'inch'
  /** In file order, ids 0..n-1, coordinates integer nm. */
  features: Feature[]
  /** `%TF.FileFunction,Copper,L1,Top*%` → ['Copper', 'L1', 'Top']. */
  fileFunction?: string[]
  filePolarity?: 'Positive' | 'Negative'
  /** Every TF attribute, by name (e.g. '.GenerationSoftware'). */
  attributes: Record<string, string[]>
  /** Warnings (deprecated commands, unknown attributes, no M02…) with file:line. */
  diagnostics: Diagnostic[]
  /** True when the deprecated %IPNEG*% made the whole image negative (features are kept as written). */
  imageNegative?: boolean
}

/**
 * Read one Gerber file, its features as objects (what tests and one-off callers look at; a check reads
 * the packed arrays, readGerberInto). Bad input throws InputError(file, line, what); expansion beyond
 * `limits` (step and repeat, block apertures, macro depth) throws LimitError.
 * @example readGerber(fs.readFileSync('board-F_Cu.gbr'), 'board-F_Cu.gbr').features.length
 */
export function readGerber(input: Uint8Array | string, file: string, limits?: Partial<ReadLimits>, budget?: MemoryBudget): GerberImage {
  const packed = new PackedLayerBuilder()
  const image = readGerberInto(sourceBytes(input), file, packed, limits, budget)
  return { ...image, features: featureObjects(packed.finish()) }
}

/**
 * Read one Gerber file into packed arrays: its features go into `packed` as they are plotted, in file
 * order. `budget` (one per read, shared by its files; by default one of `limits.maxMemory` for this
 * file) is charged before step and repeat, block flashes and plain features are built. With `keep`,
 * the read records checkpoints, and `keep.trail` is what a read of an edited copy resumes from
 * (resume.ts); `keep.bound` is what `packed` was sized by, `keep.spacing` the bytes between checkpoints.
 */
export function readGerberInto(source: SourceBytes, file: string, packed: PackedLayerBuilder, limits?: Partial<ReadLimits>, budget?: MemoryBudget,
  keep?: { bound: number; spacing?: number; trail?: ReadTrail }): Omit<GerberImage, 'features'> {
  rejectEmpty(source, file)
  const all: ReadLimits = { ...DEFAULT_LIMITS, ...limits }
  budget ??= new MemoryBudget(all.maxMemory)
  const log = new DiagnosticLog(file)
  const first = packed.length
  const plotter = createPlotter(file, all, log, DEFAULT_TOLERANCE, packed, budget)
  const sink = plotting(plotter)
  const recorder = keep && recordCheckpoints(source, plotter, packed, budget, all, keep.bound, keep.spacing)
  const parsed = parseGerberInto(source, file, all.maxDepth, sink, true, recorder?.marks)
  if (sink.error !== undefined) throw sink.error.error
  const plotted = plotter.finish()
  const image = gerberImage(source, file, packed, first, parsed, plotted, parsed.diagnostics, log.list)
  if (keep) keep.trail = recorder!.trail(source.bytes.length, parsed, plotted, parsed.diagnostics, log.list)
  return image
}

/**
 * A sink that plots commands as they are read (no node list); a plot error waits for the end of the
 * parse, so that a file with a syntax error further on reports that error, as parse-then-plot does.
 */
export function plotting(plotter: GerberPlotter): GerberSink & { error?: { error: unknown } } {
  const sink: GerberSink & { error?: { error: unknown } } = {
    node(node) {
      if (sink.error === undefined) try { plotter.node(node) } catch (error) { sink.error = { error } }
    },
    operation(line, op, x, y, i, j) {
      if (sink.error === undefined) try { plotter.operation(line, op, x, y, i, j) } catch (error) { sink.error = { error } }
    },
  }
  return sink
}

/** A read's image once its commands are plotted, or the InputError that ends it (out of range, no M02). */
export function gerberImage(source: SourceBytes, file: string, packed: PackedLayerBuilder, first: number, parsed: { ended: boolean; lastLine: number },
  plotted: PlotResult, parseDiagnostics: readonly Diagnostic[], plotDiagnostics: readonly Diagnostic[]): Omit<GerberImage, 'features'> {
  if (packed.outOfRange >= first) rejectOutOfRange(packed.boxAndLine(packed.outOfRange), file)
  if (!parsed.ended) rejectUnended(parsed.lastLine, file)
  const empty = packed.length === first
    ? checkEmptyImage(textHead(source, HEADER_BYTES), file, plotted.attributes['.FileFunction'], plotted.attributes['.FilePolarity']?.[0], parsed.lastLine)
    : undefined
  const image: Omit<GerberImage, 'features'> = {
    units: plotted.units,
    attributes: plotted.attributes,
    diagnostics: [...parseDiagnostics, ...plotDiagnostics, ...(empty ? [empty] : [])].sort((a, b) => a.source.line - b.source.line),
  }
  const fileFunction = plotted.attributes['.FileFunction']
  if (fileFunction) image.fileFunction = fileFunction
  const polarity = plotted.attributes['.FilePolarity']?.[0]
  if (polarity === 'Positive' || polarity === 'Negative') image.filePolarity = polarity
  if (plotted.imageNegative) image.imageNegative = true
  return image
}

/** A file of nothing (or only blanks) is not a layer: an export that failed or a copy cut to nothing. */
export function rejectEmpty(source: SourceBytes, file: string): void {
  if (isBlank(source)) throw new InputError(file, 1, 'The file is empty: export the layer again, or leave the file out')
}

/** Without M02 a file is cut short (a failed copy or upload): what is missing cannot be known, so nothing of it is checked. */
export function rejectUnended(lastLine: number, file: string): never {
  throw new InputError(file, lastLine, 'No M02 at the end of the file: it is cut short (a complete Gerber file ends with M02*); copy or export it again')
}

/**
 * Integer nm is exact only within ±2^53 (≈ ±9 000 km): a feature reaching beyond is a corrupt number
 * (a blown-up coordinate, size or scale), and would reach the geometry as a rounded or NaN value.
 */
function rejectOutOfRange(f: { bbox: number[]; line: number }, file: string): never {
  // the builder found it (the first in image order) as the feature entered the arrays
  throw new InputError(file, f.line, `a coordinate or size is out of range (feature extent ${f.bbox.join(', ')} nm; the limit is ±${Number.MAX_SAFE_INTEGER} nm)`)
}

/** Cheap sniff of the first 4 KB: Gerber commands, and not an Excellon header. */
export function looksLikeGerber(text: string): boolean {
  const head = text.slice(0, 4096)
  if (/^\s*M48\b/m.test(head)) return false
  if (/%(FS[LTD]?[AI]|MO(MM|IN)|ADD\d|TF\.|AM[A-Za-z_$])/.test(head)) return true
  return /^G04[^\n]*\*\s*$/m.test(head) && /\*\s*$/m.test(head) && /D0?[123]\*/.test(text.slice(0, 65536))
}

// Gerber RS-274X / X2 reader: text → command nodes (parse.ts) → features in integer nm (plot.ts).

import { DEFAULT_LIMITS, InputError, type ReadLimits } from '../../errors.ts'
import type { Diagnostic, Feature } from '../../layers/model.ts'
import { DiagnosticLog, type GerberSink, parseGerberInto } from './parse.ts'
import { createPlotter } from './plot.ts'

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
 * Read one Gerber file. Bad input throws InputError(file, line, what); expansion beyond `limits`
 * (step and repeat, block apertures, macro depth) throws LimitError.
 * With `onBatch` the features go there, in order and a batch at a time, and `features` comes back empty.
 * @example readGerber(fs.readFileSync('board-F_Cu.gbr', 'utf8'), 'board-F_Cu.gbr').features.length
 */
export function readGerber(text: string, file: string, limits?: Partial<ReadLimits>, onBatch?: (features: Feature[]) => void): GerberImage {
  const all: ReadLimits = { ...DEFAULT_LIMITS, ...limits }
  const log = new DiagnosticLog(file)
  const plotter = createPlotter(file, all, log, undefined, onBatch)
  // commands are plotted as they are read (no node list); a plot error waits for the end of the
  // parse, so that a file with a syntax error further on reports that error, as parse-then-plot does
  let plotError: { error: unknown } | undefined
  const sink: GerberSink = {
    node(node) {
      if (plotError === undefined) try { plotter.node(node) } catch (error) { plotError = { error } }
    },
    operation(line, op, x, y, i, j) {
      if (plotError === undefined) try { plotter.operation(line, op, x, y, i, j) } catch (error) { plotError = { error } }
    },
  }
  const parsed = parseGerberInto(text, file, all.maxDepth, sink)
  if (plotError !== undefined) throw plotError.error
  const plotted = plotter.finish()
  if (plotted.outOfRange !== undefined) rejectOutOfRange(plotted.outOfRange, file)
  const image: GerberImage = {
    units: plotted.units,
    features: plotted.features,
    attributes: plotted.attributes,
    diagnostics: [...parsed.diagnostics, ...log.list].sort((a, b) => a.source.line - b.source.line),
  }
  const fileFunction = plotted.attributes['.FileFunction']
  if (fileFunction) image.fileFunction = fileFunction
  const polarity = plotted.attributes['.FilePolarity']?.[0]
  if (polarity === 'Positive' || polarity === 'Negative') image.filePolarity = polarity
  if (plotted.imageNegative) image.imageNegative = true
  return image
}

/**
 * Integer nm is exact only within ±2^53 (≈ ±9 000 km): a feature reaching beyond is a corrupt number
 * (a blown-up coordinate, size or scale), and would reach the geometry as a rounded or NaN value.
 */
function rejectOutOfRange(f: Feature, file: string): never {
  // the plotter found it (the first in image order) as the feature entered the image
  throw new InputError(file, f.source.line, `a coordinate or size is out of range (feature extent ${f.bbox.join(', ')} nm; the limit is ±${Number.MAX_SAFE_INTEGER} nm)`)
}

/** Cheap sniff of the first 4 KB: Gerber commands, and not an Excellon header. */
export function looksLikeGerber(text: string): boolean {
  const head = text.slice(0, 4096)
  if (/^\s*M48\b/m.test(head)) return false
  if (/%(FS[LTD]?[AI]|MO(MM|IN)|ADD\d|TF\.|AM[A-Za-z_$])/.test(head)) return true
  return /^G04[^\n]*\*\s*$/m.test(head) && /\*\s*$/m.test(head) && /D0?[123]\*/.test(text.slice(0, 65536))
}

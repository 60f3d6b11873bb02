// Gerber RS-274X / X2 reader: text → command nodes (parse.ts) → features in integer nm (plot.ts).

import { DEFAULT_LIMITS, type ReadLimits } from '../../errors.ts'
import type { Diagnostic, Feature } from '../../layers/model.ts'
import { DiagnosticLog, parseGerber } from './parse.ts'
import { plotGerber } from './plot.ts'

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
 * @example readGerber(fs.readFileSync('board-F_Cu.gbr', 'utf8'), 'board-F_Cu.gbr').features.length
 */
export function readGerber(text: string, file: string, limits?: Partial<ReadLimits>): GerberImage {
  const all: ReadLimits = { ...DEFAULT_LIMITS, ...limits }
  const parsed = parseGerber(text, file, all.maxDepth)
  const log = new DiagnosticLog(file)
  const plotted = plotGerber(parsed.nodes, file, all, log)
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

/** Cheap sniff of the first 4 KB: Gerber commands, and not an Excellon header. */
export function looksLikeGerber(text: string): boolean {
  const head = text.slice(0, 4096)
  if (/^\s*M48\b/m.test(head)) return false
  if (/%(FS[LTD]?[AI]|MO(MM|IN)|ADD\d|TF\.|AM[A-Za-z_$])/.test(head)) return true
  return /^G04[^\n]*\*\s*$/m.test(head) && /\*\s*$/m.test(head) && /D0?[123]\*/.test(text.slice(0, 65536))
}

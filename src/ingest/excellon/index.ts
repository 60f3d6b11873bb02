// Excellon drill/route reader: text → parse tree → features in integer nm.

import { DEFAULT_LIMITS, InputError, type ReadLimits } from '../../errors.ts'
import type { MemoryBudget } from '../budget.ts'
import { parseExcellonInto } from './parse.ts'
import { inferDigits } from './format.ts'
import { createExcellonPlotter, type ExcellonImage } from './plot.ts'
import { PackedLayerBuilder } from '../../layers/pack.ts'
import { featureObjects } from '../../layers/packed-feature.ts'

export type { ExcellonImage } from './plot.ts'

/** One drill file, its features as objects (what tests and one-off callers look at; a check reads the packed arrays, readExcellonInto). */
export function readExcellon(text: string, file: string, limits: Partial<ReadLimits> = {}, budget?: MemoryBudget): ExcellonImage {
  const packed = new PackedLayerBuilder()
  const image = readExcellonInto(text, file, packed, limits, budget)
  return { ...image, features: featureObjects(packed.finish()) }
}

/**
 * One drill file into packed arrays: its holes and slots go into `packed` as they are made, in file
 * order. `budget` (one per read; by default one of `limits.maxMemory`) is charged for the hits before they are made.
 */
export function readExcellonInto(text: string, file: string, packed: PackedLayerBuilder, limits: Partial<ReadLimits> = {}, budget?: MemoryBudget): Omit<ExcellonImage, 'features'> {
  if (/^\s*$/.test(text)) throw new InputError(file, 1, 'The file is empty: export the drill file again, or leave the file out')
  rejectBinary(text, file)
  const first = packed.length
  const plotter = createExcellonPlotter(file, { ...DEFAULT_LIMITS, ...limits }, packed, true, (units) => inferDigits(text, units), budget)
  // nodes are plotted as they are read (no node list); a plot error waits for the end of the parse,
  // so that a file with a syntax error further on reports that error, as parse-then-plot does
  let plotError: { error: unknown } | undefined
  parseExcellonInto(text, file, (node) => {
    if (plotError === undefined) try { plotter.node(node) } catch (error) { plotError = { error } }
  })
  if (plotError !== undefined) throw plotError.error
  const image = plotter.finish()
  // integer nm is exact only within ±2^53 (≈ ±9 000 km): a hole or slot reaching beyond is a corrupt
  // number (a blown-up coordinate or tool size); the builder notes the first as it is written
  if (packed.outOfRange >= first) {
    const { bbox, line } = packed.boxAndLine(packed.outOfRange)
    throw new InputError(file, line, `a coordinate or tool size is out of range (feature extent ${bbox.join(', ')} nm; the limit is ±${Number.MAX_SAFE_INTEGER} nm)`)
  }
  return image
}

/** Control characters other than tab/CR/LF/FF mean this is not a text drill file. */
function rejectBinary(text: string, file: string): void {
  const bad = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.exec(text)
  if (bad === null) return
  const line = text.slice(0, bad.index).split(/\r\n|\n|\r/).length
  const code = bad[0].charCodeAt(0).toString(16).padStart(4, '0')
  throw new InputError(file, line, `binary data (character U+${code}): not an Excellon text file`)
}

/**
 * True when the start of `text` reads as Excellon: an M48 header, a METRIC/INCH line, a tool
 * definition, or bare X/Y hits without Gerber's `*` terminators.
 */
export function looksLikeExcellon(text: string): boolean {
  const lines = text.slice(0, 4096).split(/\r\n|\n|\r/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith(';'))
  if (lines.some((l) => l.includes('*'))) return false
  return lines.slice(0, 40).some((l) => /^(M48|M71|M72|(METRIC|INCH)\b|T\d+C[\d.]|X[+-]?[\d.]+Y[+-]?[\d.]+$)/.test(l))
}

// What each input layer holds, for `bumpcheck layers`: role, side, feature counts, box and dark area,
// in mm at the edge. Rounded to fixed decimals so the same input gives the same bytes.

import { darkArea } from '../geometry/boolean.ts'
import { FEATURE_KINDS, NM_PER_MM, type FeatureKind, type Layer } from './model.ts'
import type { Box } from '../geometry/types.ts'

/** Coordinates to 1 nm, areas to 1 µm². */
const MM_DECIMALS = 6
const MM2_DECIMALS = 6

export interface LayerSummary {
  path: string
  format: Layer['format']
  role: Layer['role']
  side: Layer['side']
  roleFrom: Layer['roleFrom']
  fileFunction?: string[]
  units: Layer['units']
  counts: Record<FeatureKind, number>
  /** Features per X2 `.AperFunction`, keys sorted. */
  byFunction: Record<string, number>
  /** [minX, minY, maxX, maxY] in mm; null for a layer with no features. */
  bbox: Box | null
  /** Area of the dark image in mm² (clear polarity subtracted). */
  darkArea: number
  diagnostics: number
}

const round = (value: number, decimals: number) => {
  const scale = 10 ** decimals
  const rounded = Math.round(value * scale) / scale
  return Object.is(rounded, -0) ? 0 : rounded
}

export function summarizeLayer(layer: Layer): LayerSummary {
  const counts = Object.fromEntries(FEATURE_KINDS.map((k) => [k, 0])) as Record<FeatureKind, number>
  const functions: Record<string, number> = {}
  let box: Box | null = null
  for (const f of layer.features) {
    counts[f.kind]++
    if (f.aperFunction !== undefined) functions[f.aperFunction] = (functions[f.aperFunction] ?? 0) + 1
    if (box === null) box = [...f.bbox]
    else {
      if (f.bbox[0] < box[0]) box[0] = f.bbox[0]
      if (f.bbox[1] < box[1]) box[1] = f.bbox[1]
      if (f.bbox[2] > box[2]) box[2] = f.bbox[2]
      if (f.bbox[3] > box[3]) box[3] = f.bbox[3]
    }
  }
  const byFunction: Record<string, number> = {}
  for (const key of Object.keys(functions).sort()) byFunction[key] = functions[key]!
  const summary: LayerSummary = {
    path: layer.file,
    format: layer.format,
    role: layer.role,
    side: layer.side,
    roleFrom: layer.roleFrom,
    units: layer.units,
    counts,
    byFunction,
    bbox: box === null ? null : (box.map((v) => round(v / NM_PER_MM, MM_DECIMALS)) as Box),
    darkArea: round(darkArea(layer.features) / (NM_PER_MM * NM_PER_MM), MM2_DECIMALS),
    diagnostics: layer.diagnostics.length,
  }
  if (layer.fileFunction !== undefined) summary.fileFunction = layer.fileFunction
  return summary
}

/** Plain-text table, one row per layer, columns padded to their widest cell. */
export function layersTable(summaries: readonly LayerSummary[]): string {
  const header = ['path', 'role', 'side', 'from', 'units', ...FEATURE_KINDS, 'dark mm²', 'bbox mm']
  const rows = summaries.map((s) => [
    s.path, s.role, s.side, s.roleFrom, s.units,
    ...FEATURE_KINDS.map((k) => String(s.counts[k])),
    s.darkArea.toFixed(3),
    s.bbox === null ? '-' : s.bbox.map((v) => v.toFixed(3)).join(' '),
  ])
  const numeric = new Set(header.map((h, i) => (FEATURE_KINDS.includes(h as FeatureKind) || h === 'dark mm²' ? i : -1)))
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}

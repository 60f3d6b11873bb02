// Features-file records → Features in integer nm: pads as flashes (analytic where the symbol is),
// lines as strokes or swept polygons, arcs and surfaces as polygons, placed by a step transform.

import { Clipper } from 'clipper2-ts'
import { InputError, LimitError } from '../../errors.ts'
import { VertexCharge, type MemoryBudget } from '../budget.ts'
import type { Diagnostic, Feature, FeatureKind } from '../../layers/model.ts'
import type { Path, Point, Shape } from '../../geometry/types.ts'
import { NM_PER_INCH, NM_PER_MM } from '../../layers/model.ts'
import { union } from '../../geometry/boolean.ts'
import { DEFAULT_TOLERANCE, arcPoints, circlePath, circleSegments, pathsBox, shapeBox, shapeToPaths } from '../../geometry/polygonize.ts'
import type { Attributes, Contour, FeatureRecord, FeaturesFile, OdbUnits } from './features-file.ts'
import { applyToPoint, compose, scaleShape, transformShape, type Transform } from './transform.ts'

/** A resolved symbol at the origin in nm: its outline, or null for a `null` symbol; `round`/`square` say how lines sweep it. */
export interface ResolvedSymbol {
  name: string
  shape: Shape | null
}

export interface PlotOptions {
  /** Path reported in `source.file`. */
  file: string
  /** Coordinate units of the file (its UNITS, else the job's). */
  units: OdbUnits
  /** Symbol number → resolved symbol (the file's `$n` table). */
  symbols: ReadonlyMap<number, ResolvedSymbol>
  /** Drill layers turn pads into holes and lines into slots. */
  drill: boolean
  transform: Transform
  /** Drill tools by number (the pad's dcode), from the layer's `tools` file. */
  tools?: Map<number, DrillTool>
  tolerance?: number
  /** Most vertices one surface record may expand to (its arcs included); the reader passes maxFeatures. */
  maxSurfaceVertices: number
  /** The read's memory budget: the vertices arcs and surfaces make are charged to it as they are made. */
  budget?: MemoryBudget
  diagnostics: Diagnostic[]
}

export interface DrillTool { type: 'VIA' | 'PLATED' | 'NON_PLATED' | string }

export const nmPerUnit = (units: OdbUnits) => (units === 'inch' ? NM_PER_INCH : NM_PER_MM)

/** Known option values of the system attributes bumpcheck uses (ODB++ 8.1 sysattr order). */
const PAD_USAGE = ['toeprint', 'via', 'g_fiducial', 'l_fiducial', 'tooling_hole', 'bond_finger']
const DRILL_KIND = ['plated', 'non_plated', 'via']

/** The values of the few system attributes bumpcheck reads, by name (file tables number them per file). */
interface NamedAttributes { '.smd'?: string | true; '.pad_usage'?: string | true; '.drill'?: string | true }
const USED_ATTRIBUTES = ['.smd', '.pad_usage', '.drill'] as const

function attributeReader(file: FeaturesFile): (attributes: Attributes) => NamedAttributes {
  const keys: [name: (typeof USED_ATTRIBUTES)[number], key: string][] = []
  // by number, so that a name listed twice resolves the same way whatever order the file gave
  for (const [i, name] of [...file.attributeNames].sort((a, b) => a[0] - b[0])) {
    const used = USED_ATTRIBUTES.find((u) => u === name.toLowerCase())
    if (used) keys.push([used, String(i)])
  }
  return (attributes) => {
    const out: NamedAttributes = {}
    for (const [name, key] of keys) if (attributes[key] !== undefined) out[name] = attributes[key]
    return out
  }
}

/** X2-style aperture function from .pad_usage / .smd / .drill, where they say something definite. */
function aperFunction(attributes: NamedAttributes, drill: boolean): string | undefined {
  if (drill) {
    const kind = DRILL_KIND[Number(attributes['.drill'])]
    return kind === 'via' ? 'ViaDrill' : kind === 'plated' ? 'ComponentDrill' : kind === 'non_plated' ? 'MechanicalDrill' : undefined
  }
  const usage = PAD_USAGE[Number(attributes['.pad_usage'])]
  if (usage === 'via') return 'ViaPad'
  if (usage === 'g_fiducial' || usage === 'l_fiducial') return 'FiducialPad'
  if (attributes['.smd'] === true) return 'SMDPad'
  if (usage === 'toeprint') return 'ComponentPad'
  return undefined
}

/** Points of the convex hull (CCW) — a convex symbol swept along a segment is the hull of its two ends. */
function convexHull(points: Point[]): Path {
  const p = [...points].sort((a, b) => a.x - b.x || a.y - b.y)
  if (p.length < 3) return p
  const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
  const lower: Point[] = []
  for (const q of p) { while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0) lower.pop(); lower.push(q) }
  const upper: Point[] = []
  for (let i = p.length - 1; i >= 0; i--) { const q = p[i]!; while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0) upper.pop(); upper.push(q) }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)]
}

/** A thick arc with round ends: the sector ring between r−w/2 and r+w/2 plus a disc at each end. */
function arcStroke(xs: number, ys: number, xe: number, ye: number, xc: number, yc: number, ccw: boolean, width: number, tolerance: number): Path[] {
  const h = width / 2
  if (h <= 0) return []
  const r = (Math.hypot(xs - xc, ys - yc) + Math.hypot(xe - xc, ye - yc)) / 2
  const full = xs === xe && ys === ye
  if (full) {
    const outer = circlePath(xc, yc, r + h, tolerance)
    return r > h ? union([outer, circlePath(xc, yc, r - h, tolerance).reverse()]) : [outer]
  }
  if (!ccw) return arcStroke(xe, ye, xs, ys, xc, yc, true, width, tolerance) // the same set, walked the other way
  const a1 = Math.atan2(ys - yc, xs - xc)
  let sweep = Math.atan2(ye - yc, xe - xc) - a1
  while (sweep < 0) sweep += 2 * Math.PI
  if (r > h && sweep + 4 * Math.asin(Math.min(1, h / r)) < 2 * Math.PI) {
    // one simple ring, no boolean: outer arc, end cap, inner arc back, start cap
    const ring: Path = []
    const arc = (cx: number, cy: number, radius: number, from: number, span: number) => {
      const steps = Math.max(2, Math.ceil((circleSegments(radius, tolerance) * Math.abs(span)) / (2 * Math.PI)))
      for (let i = 0; i <= steps; i++) {
        const a = from + (span * i) / steps
        ring.push({ x: Math.round(cx + radius * Math.cos(a)), y: Math.round(cy + radius * Math.sin(a)) })
      }
    }
    const a2 = a1 + sweep
    arc(xc, yc, r + h, a1, sweep)
    arc(xe, ye, h, a2, Math.PI)
    arc(xc, yc, r - h, a2, -sweep)
    arc(xs, ys, h, a1 + Math.PI, Math.PI)
    return [ring]
  }
  const centre = [{ x: xs, y: ys }, ...arcPoints(xs, ys, xe, ye, xc, yc, ccw, tolerance)]
  const along = (q: Point, k: number): Point => {
    const d = Math.hypot(q.x - xc, q.y - yc) || 1
    return { x: Math.round(xc + ((q.x - xc) * (d + k)) / d), y: Math.round(yc + ((q.y - yc) * (d + k)) / d) }
  }
  const band = [...centre.map((q) => along(q, h)), ...centre.reverse().map((q) => along(q, -Math.min(h, r)))]
  const ring = Clipper.area(band) < 0 ? band.reverse() : band
  return union([ring, circlePath(xs, ys, h, tolerance), circlePath(xe, ye, h, tolerance)])
}

/** One contour as a placed ring; `spend(n)` is told of every n vertices made, so a budget can stop it early. */
function contourPath(c: Contour, scale: number, t: Transform, tolerance: number, spend: (vertices: number) => void): Path {
  const path: Point[] = [{ x: c.x * scale, y: c.y * scale }]
  let px = c.x * scale, py = c.y * scale
  for (const s of c.segments) {
    const x = s.x * scale, y = s.y * scale
    if (s.type === 'line') path.push({ x, y })
    else {
      const points = arcPoints(px, py, x, y, s.xc * scale, s.yc * scale, !s.clockwise, tolerance)
      spend(points.length)
      for (const q of points) path.push(q) // not push(...points): a spread of thousands of arguments can overflow the stack
    }
    spend(1)
    px = x; py = y
  }
  if (path.length > 1 && path[0]!.x === path[path.length - 1]!.x && path[0]!.y === path[path.length - 1]!.y) path.pop()
  const placed = path.map((q) => applyToPoint(t, q.x, q.y))
  // islands counter-clockwise, holes clockwise whatever way the file wrote them
  const ccw = Clipper.area(placed) >= 0
  return ccw === c.island ? placed : placed.reverse()
}

/**
 * Plot every record of a parsed features file. Text and barcode records are counted and reported
 * as one diagnostic. `onFeature` receives each feature with its record index (for eda/data links).
 */
export function plotRecords(parsed: FeaturesFile, options: PlotOptions, onFeature: (f: Feature, record: FeatureRecord) => void): void {
  const { file, drill, transform, diagnostics } = options
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE
  const scale = nmPerUnit(options.units)
  let texts = 0
  const readAttributes = attributeReader(parsed)
  let sweptOther = 0
  const symbolOf = (record: FeatureRecord & { symbol: number }): ResolvedSymbol => {
    const s = options.symbols.get(record.symbol)
    if (!s) throw new InputError(file, record.line, `symbol $${record.symbol} is not in the symbol table of this file`)
    return s
  }
  // 1 000 arcs of radius 10 inch in a 25 KB file were 700 MB before their vertices were charged
  const vertexCharge = new VertexCharge(options.budget, file, 'The arc and surface vertices plotted so far')
  const emit = (record: FeatureRecord, kind: FeatureKind, shape: Shape, extra: Partial<Feature> = {}, bbox = shapeBox(shape)) => {
    // inputs are range-checked where they are read; this catches any sum of them that still went wrong
    if (!bbox.every((v) => Math.abs(v) <= Number.MAX_SAFE_INTEGER)) { // NaN fails too
      throw new InputError(file, record.line, `feature extent ${bbox.join(', ')} nm is out of range (the limit is ±${Number.MAX_SAFE_INTEGER} nm)`)
    }
    const attributes = readAttributes(record.attributes)
    const feature: Feature = { id: 0, kind, shape, polarity: record.polarity, bbox, source: { file, line: record.line }, ...extra }
    const fn = aperFunction(attributes, drill)
    if (fn) feature.aperFunction = fn
    if (drill) {
      // the .drill attribute first; else the tool the pad's dcode names in the tools file
      const tool = record.type === 'pad' ? options.tools?.get(record.dcode)?.type : undefined
      const kindOfDrill = DRILL_KIND[Number(attributes['.drill'])] ?? (tool === 'VIA' ? 'via' : tool === 'PLATED' ? 'plated' : tool === 'NON_PLATED' ? 'non_plated' : undefined)
      if (kindOfDrill) feature.plated = kindOfDrill !== 'non_plated'
      if (!feature.aperFunction && kindOfDrill) feature.aperFunction = kindOfDrill === 'via' ? 'ViaDrill' : kindOfDrill === 'plated' ? 'ComponentDrill' : 'MechanicalDrill'
    }
    onFeature(feature, record)
  }
  for (const record of parsed.records) {
    switch (record.type) {
      case 'text':
      case 'barcode':
        texts++
        break
      case 'pad': {
        const symbol = symbolOf(record)
        if (!symbol.shape) break
        const own: Transform = { mirror: record.orientation.mirror, rotation: -record.orientation.clockwise, dx: Math.round(record.x * scale), dy: Math.round(record.y * scale) }
        const shape = transformShape(compose(transform, own), scaleShape(symbol.shape, record.resize))
        if (drill && shape.type === 'circle') emit(record, 'hole', shape, { drill: shape.diameter })
        else emit(record, 'flash', shape)
        break
      }
      case 'line': {
        const symbol = symbolOf(record)
        const a = applyToPoint(transform, record.xs * scale, record.ys * scale)
        const b = applyToPoint(transform, record.xe * scale, record.ye * scale)
        const s = symbol.shape
        if (!s) break
        let shape: Shape
        if (s.type === 'circle') shape = { type: 'stroke', x1: a.x, y1: a.y, x2: b.x, y2: b.y, width: s.diameter }
        else {
          // a square (or other convex) symbol swept along the line keeps its orientation: hull of both ends
          if (s.type !== 'rect' || s.width !== s.height) sweptOther++
          const outline = shapeToPaths(transformShape({ ...transform, dx: 0, dy: 0 }, s), tolerance).flat()
          shape = { type: 'polygon', paths: [convexHull([...outline.map((p) => ({ x: p.x + a.x, y: p.y + a.y })), ...outline.map((p) => ({ x: p.x + b.x, y: p.y + b.y }))])] }
        }
        const width = s.type === 'circle' ? s.diameter : Math.max(...shapeBox(s).map(Math.abs)) * 2
        emit(record, drill ? 'slot' : 'draw', shape, drill ? { drill: width } : {})
        break
      }
      case 'arc': {
        const symbol = symbolOf(record)
        const s = symbol.shape
        if (!s) break
        if (s.type !== 'circle') sweptOther++
        const width = s.type === 'circle' ? s.diameter : Math.min(shapeBox(s)[2] - shapeBox(s)[0], shapeBox(s)[3] - shapeBox(s)[1])
        const p1 = applyToPoint(transform, record.xs * scale, record.ys * scale)
        const p2 = applyToPoint(transform, record.xe * scale, record.ye * scale)
        const c = applyToPoint(transform, record.xc * scale, record.yc * scale)
        // a mirror turns a clockwise arc into a counter-clockwise one
        const ccw = !record.clockwise !== transform.mirror
        const paths = arcStroke(p1.x, p1.y, p2.x, p2.y, c.x, c.y, ccw, width, tolerance)
        vertexCharge.add(paths.reduce((sum, p) => sum + p.length, 0), record.line)
        const bbox = paths.length > 0 ? pathsBox(paths) : pathsBox([[p1, p2, ...arcPoints(p1.x, p1.y, p2.x, p2.y, c.x, c.y, ccw, tolerance)]])
        emit(record, drill ? 'slot' : 'arc', { type: 'polygon', paths }, drill ? { drill: width } : {}, bbox)
        break
      }
      case 'surface': {
        // full-circle arc segments make up to 4096 vertices each: stop before a small file fills the memory
        let vertices = 0
        const spend = (n: number) => {
          if ((vertices += n) > options.maxSurfaceVertices) {
            throw new LimitError(file, record.line, `surface expands to more than ${options.maxSurfaceVertices} vertices (limit maxFeatures)`, 'maxFeatures')
          }
          vertexCharge.add(n, record.line)
        }
        const paths = record.contours.map((c) => contourPath(c, scale, transform, tolerance, spend)).filter((p) => p.length >= 3)
        if (paths.length === 0) break
        emit(record, 'region', { type: 'polygon', paths })
        break
      }
    }
  }
  if (texts > 0) diagnostics.push({ severity: 'warning', source: { file, line: 0 }, message: `${texts} text/barcode record(s) (T/B) ignored: they carry no pad geometry` })
  if (sweptOther > 0) diagnostics.push({ severity: 'warning', source: { file, line: 0 }, message: `${sweptOther} line/arc record(s) drawn with a symbol other than round or square; swept as its convex outline (arcs as round)` })
}

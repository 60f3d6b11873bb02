// Command nodes → features: the graphics state machine of the Gerber spec, one command at a time.
// Its parts are units of their own: units and format (units.ts), graphics state and transforms
// (graphics-state.ts), apertures (aperture-store.ts), regions (region.ts), step and repeat and block
// apertures with their memory charge (blocks.ts), X2 attributes (x2.ts). Here: operations → features.

import { InputError, type ReadLimits } from '../../errors.ts'
import { MemoryBudget, VertexCharge } from '../budget.ts'
import type { Feature, FeatureKind, PadDefinition } from '../../layers/model.ts'
import type { Path, Point, Shape } from '../../geometry/types.ts'
import { arcPoints, circlePath, shapeBox } from '../../geometry/polygonize.ts'
import { convexHull } from '../../geometry/hull.ts'
import { arcBand } from './arc.ts'
import { apertureFunctionOf, apertureOutline, circleDiameter, flashShape } from './aperture.ts'
import { ApertureStore } from './aperture-store.ts'
import { FeatureTargets } from './blocks.ts'
import { GraphicsState } from './graphics-state.ts'
import type { DiagnosticLog } from './parse.ts'
import { RegionBuilder } from './region.ts'
import type { GerberNode } from './tree.ts'
import { CoordinateFormat, type FormatState } from './units.ts'
import type { Aperture } from './aperture.ts'
import type { MacroTemplate } from './macro.ts'
import { X2Attributes } from './x2.ts'
import type { PackedLayerBuilder } from '../../layers/pack.ts'

/** What a plot gives besides its features, which are in the builder it was given. */
export interface PlotResult {
  units: 'mm' | 'inch'
  attributes: Record<string, string[]>
  imageNegative: boolean
}

/**
 * The plotter between two commands, as a checkpoint keeps it (resume.ts): `same` is what a resumed
 * read must have again to go on as the earlier read did; the rest are counts, which shift with an edit.
 */
export interface PlotterState {
  same: { format: FormatState; graphics: Record<string, unknown>; x2: Record<string, unknown>; current: Aperture | undefined; warned: string[] }
  apertures: number
  macros: number
  produced: number
  charged: number
  peak: number
  bulk: number
  verticesMade: number
  verticesCharged: number
  diagnostics: number
}

/** An earlier read's apertures and macros in their order (ApertureStore.history), for a read resumed from one of its checkpoints. */
export interface ApertureHistory {
  apertures: ApertureStore['history']
  macros: readonly MacroTemplate[]
}

/** The graphics state machine fed one command at a time, in file order (a GerberSink); finish() ends the image. */
export interface GerberPlotter {
  node(node: GerberNode): void
  /** An Operation node given field by field. */
  operation(line: number, op: 1 | 2 | 3, x: number, y: number, i: number, j: number): void
  finish(): PlotResult
  /** The state now, when it is small: no region, step and repeat or block aperture open; else undefined. */
  snapshot(): PlotterState | undefined
  /** Back to a state `snapshot()` gave (of a plotter of the same file and limits), `history` that read's definitions. */
  restore(state: PlotterState, history: ApertureHistory): void
  readonly history: ApertureHistory
}

/** Command nodes (a parsed tree) plotted into `packed`. */
export function plotGerber(nodes: readonly GerberNode[], file: string, limits: ReadLimits, log: DiagnosticLog, tolerance: number, packed: PackedLayerBuilder): PlotResult {
  const plotter = createPlotter(file, limits, log, tolerance, packed)
  for (const node of nodes) plotter.node(node)
  return plotter.finish()
}

/** The image's features go into `packed`, in image order (ids count on from its length, 0 for a new builder). */
export function createPlotter(
  file: string, limits: ReadLimits, log: DiagnosticLog, tolerance: number, packed: PackedLayerBuilder,
  budget: MemoryBudget = new MemoryBudget(limits.maxMemory),
): GerberPlotter {
  return new Plotter(file, limits, log, tolerance, packed, budget)
}

class Plotter implements GerberPlotter {
  private readonly format: CoordinateFormat
  private readonly state: GraphicsState
  private readonly apertures: ApertureStore
  private readonly region: RegionBuilder
  private readonly targets: FeatureTargets
  private readonly x2: X2Attributes
  // the last command read (M02 may close an open step and repeat) and its line
  private lastType: GerberNode['type'] | undefined
  private lastLine = 1
  // 1 000 arcs of radius 10 inch in 46 KB were 1.3 GB before their vertices were charged
  private readonly vertices: VertexCharge

  constructor(
    private readonly file: string, limits: ReadLimits, private readonly log: DiagnosticLog, private readonly tolerance: number,
    private readonly packed: PackedLayerBuilder, budget: MemoryBudget,
  ) {
    this.vertices = new VertexCharge(budget, file, 'The arc vertices plotted so far')
    this.format = new CoordinateFormat(file, log)
    this.state = new GraphicsState(this.format)
    this.apertures = new ApertureStore(file, log, this.format, tolerance, limits.maxFeatures)
    this.region = new RegionBuilder(file, log)
    this.targets = new FeatureTargets(file, limits, budget, this.format, packed)
    this.x2 = new X2Attributes(file, log)
  }

  /** A feature made at `line`, with the object attributes in force, to the current target. */
  private emit(kind: FeatureKind, shape: Shape, line: number, aperFunction: string | undefined, padDefinition?: PadDefinition, ipc4761?: string): void {
    this.targets.count(line)
    const f: Feature = { id: 0, kind, shape, polarity: this.state.polarity, bbox: shapeBox(shape), source: { file: this.file, line } }
    const { component, pin, net } = this.x2
    if (aperFunction !== undefined) f.aperFunction = aperFunction
    if (padDefinition !== undefined) f.padDefinition = padDefinition
    if (ipc4761 !== undefined) f.ipc4761 = ipc4761
    if (component !== undefined) f.component = component
    if (pin !== undefined) f.pin = pin
    if (net !== undefined) f.net = net
    this.targets.add(f)
  }

  private flash(x: number, y: number, line: number): void {
    const ap = this.apertures.require(line, 'Flash (D03)')
    const state = this.state
    let px = x, py = y // the hot path: no image transform, no tuple
    if (!state.imageIdentity) [px, py] = state.toImage(x, y)
    if (ap.kind === 'block') {
      this.targets.flashBlock(ap, state.effectiveTransform(), px, py, state.polarity === 'clear', line)
      return
    }
    const t = state.transformIsIdentity && state.imageIdentity ? state.transform : state.effectiveTransform()
    if (ap.kind === 'circle' && ap.paths === undefined && this.targets.atImage) {
      // the 1 M-bump case: a plain round pad into the arrays, no object made (the same fields emit() gives it)
      this.targets.count(line)
      const { component, pin, net } = this.x2
      const d = circleDiameter(ap, t)
      this.packed.circle('flash', state.polarity === 'clear', px, py, d, NaN, undefined, line, this.file, ap.aperFunction, ap.padDefinition, ap.ipc4761, component, pin, net)
      return
    }
    this.emit('flash', flashShape(ap, px, py, t), line, ap.aperFunction, ap.padDefinition, ap.ipc4761)
  }

  private linearDraw(x1: number, y1: number, x2: number, y2: number, line: number): void {
    const ap = this.apertures.require(line, 'Draw (D01)')
    const [ax, ay] = this.state.toImage(x1, y1)
    const [bx, by] = this.state.toImage(x2, y2)
    if (ap.kind === 'block') throw new InputError(this.file, line, `Draw with block aperture D${ap.code}: block apertures can only be flashed`)
    const t = this.state.effectiveTransform()
    if (ax === bx && ay === by) {
      // a zero-length draw leaves the aperture's image once
      this.emit('draw', flashShape(ap, ax, ay, t), line, ap.aperFunction, ap.padDefinition)
      return
    }
    if (ap.kind === 'circle') {
      // a hole in the aperture does not show in a draw: the swept disc covers it
      this.emit('draw', { type: 'stroke', x1: ax, y1: ay, x2: bx, y2: by, width: Math.round(ap.width * t.scale) }, line, ap.aperFunction, ap.padDefinition)
      return
    }
    if (ap.kind !== 'rect') this.log.warnOnce('draw-noncircular', line, `Draw with a non-circular aperture D${ap.code} (${ap.kind}): swept as the convex hull of its outline`)
    const outline = apertureOutline(ap, t, this.tolerance)
    const pts: Point[] = []
    for (const p of outline) {
      pts.push({ x: p.x + ax, y: p.y + ay })
      pts.push({ x: p.x + bx, y: p.y + by })
    }
    this.emit('draw', { type: 'polygon', paths: [convexHull(pts)] }, line, ap.aperFunction, ap.padDefinition)
  }

  /** The centre of an arc in nm, before the image transform. */
  private arcCentre(x1: number, y1: number, x2: number, y2: number, i: number, j: number, ccw: boolean, line: number): [number, number] {
    const state = this.state
    if (state.quadrant === undefined) {
      this.log.warnOnce('no-G74-G75', line, 'Arc before any G74/G75: single-quadrant mode (G74, the historic default) assumed')
      state.quadrant = 'single'
    }
    if (state.quadrant === 'multi') return [x1 + i, y1 + j]
    // G74: I and J are unsigned; the centre is the sign choice giving a sweep ≤ 90° and equal radii
    let best: [number, number] = [x1 + i, y1 + j]
    let bestError = Infinity
    for (const [si, sj] of [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const) {
      const cx = x1 + si * Math.abs(i), cy = y1 + sj * Math.abs(j)
      const a1 = Math.atan2(y1 - cy, x1 - cx), a2 = Math.atan2(y2 - cy, x2 - cx)
      let sweep = ccw ? a2 - a1 : a1 - a2
      while (sweep < 0) sweep += 2 * Math.PI
      while (sweep >= 2 * Math.PI) sweep -= 2 * Math.PI
      if (sweep > Math.PI / 2 + 1e-6) continue
      const err = Math.abs(Math.hypot(x1 - cx, y1 - cy) - Math.hypot(x2 - cx, y2 - cy))
      if (err < bestError) { bestError = err; best = [cx, cy] }
    }
    if (bestError === Infinity) throw new InputError(this.file, line, 'Single-quadrant arc (G74) with no centre giving a sweep of at most 90°')
    return best
  }

  /** Points of an arc (start excluded, end included), in image coordinates. */
  private arcPolyline(x1: number, y1: number, x2: number, y2: number, i: number, j: number, line: number): { points: Point[]; full: boolean; centre: [number, number]; radius: number; ccw: boolean } {
    const state = this.state
    const ccwFile = state.interpolation === 'ccw'
    const [cx0, cy0] = this.arcCentre(x1, y1, x2, y2, i, j, ccwFile, line)
    const [ax, ay] = state.toImage(x1, y1)
    const [bx, by] = state.toImage(x2, y2)
    const [cx, cy] = state.toImage(cx0, cy0)
    const ccw = state.arcsFlipped() ? !ccwFile : ccwFile
    const full = ax === bx && ay === by && state.quadrant === 'multi'
    if (ax === bx && ay === by && !full) return { points: [], full: false, centre: [cx, cy], radius: 0, ccw }
    const radius = Math.hypot(ax - cx, ay - cy)
    const radiusEnd = Math.hypot(bx - cx, by - cy)
    if (Math.abs(radius - radiusEnd) > Math.max(1000, radius * 0.01)) {
      this.log.warnOnce('arc-radius', line, `Arc start and end radii differ by ${Math.round(Math.abs(radius - radiusEnd))} nm; the arc follows both`)
    }
    const points = arcPoints(ax, ay, bx, by, cx, cy, ccw, this.tolerance)
    this.vertices.add(points.length, line)
    return { points, full, centre: [cx, cy], radius, ccw }
  }

  private arcDraw(x1: number, y1: number, x2: number, y2: number, i: number, j: number, line: number): void {
    const ap = this.apertures.require(line, 'Arc (D01)')
    if (ap.kind === 'block') throw new InputError(this.file, line, `Arc with block aperture D${ap.code}: block apertures can only be flashed`)
    const arc = this.arcPolyline(x1, y1, x2, y2, i, j, line)
    const [ax, ay] = this.state.toImage(x1, y1)
    if (arc.points.length === 0) {
      this.emit('arc', flashShape(ap, ax, ay, this.state.effectiveTransform()), line, ap.aperFunction, ap.padDefinition)
      return
    }
    if (ap.kind !== 'circle') this.log.warnOnce('arc-noncircular', line, `Arc drawn with non-circular aperture D${ap.code}: drawn with a round tool of its width`)
    const width = Math.round(ap.width * this.state.effectiveTransform().scale)
    const half = width / 2
    const tolerance = this.tolerance
    let paths: Path[]
    if (width <= 0) {
      // a zero-width arc has no area; keep its trace as a degenerate ring so that its extent is known
      const trace = [{ x: ax, y: ay }, ...arc.points]
      paths = [trace.concat(trace.slice(0, -1).reverse())]
    } else if (arc.full) {
      const [cx, cy] = arc.centre
      paths = [circlePath(cx, cy, arc.radius + half, tolerance)]
      if (arc.radius - half > 0) paths.push(circlePath(cx, cy, arc.radius - half, tolerance).reverse())
    } else {
      const [bx, by] = this.state.toImage(x2, y2)
      paths = arcBand({ x: ax, y: ay }, { x: bx, y: by }, arc.centre, arc.ccw, half, arc.points, tolerance)
    }
    this.vertices.add(paths.reduce((sum, p) => sum + p.length, 0), line)
    this.emit('arc', { type: 'polygon', paths }, line, ap.aperFunction, ap.padDefinition)
  }

  private pointInImage(x: number, y: number): Point {
    const [px, py] = this.state.toImage(x, y)
    return { x: px, y: py }
  }

  /** An Operation node given field by field: D01 (draw or arc), D02 (move), D03 (flash); NaN marks a missing field. */
  operation(line: number, op: 1 | 2 | 3, fileX: number, fileY: number, fileI: number, fileJ: number): void {
    this.lastType = 'operation'
    this.lastLine = line
    const format = this.format, state = this.state
    if (format.factor === 0) format.ready(line)
    const x = format.coordinate(fileX, state.x)
    const y = format.coordinate(fileY, state.y)
    if (op === 2) {
      if (this.region.open) this.region.moveTo(this.pointInImage(x, y))
      state.x = x
      state.y = y
      return
    }
    if (op === 3) {
      if (this.region.open) throw new InputError(this.file, line, 'Flash (D03) inside a region (G36…G37)')
      this.flash(x, y, line)
      state.x = x
      state.y = y
      return
    }
    // D01
    const i = format.offset(fileI)
    const j = format.offset(fileJ)
    const region = this.region
    if (region.open) {
      if (region.empty) region.lineTo(this.pointInImage(state.x, state.y))
      if (state.interpolation === 'linear') region.lineTo(this.pointInImage(x, y))
      else for (const p of this.arcPolyline(state.x, state.y, x, y, i, j, line).points) region.lineTo(p)
    } else if (state.interpolation === 'linear') this.linearDraw(state.x, state.y, x, y, line)
    else this.arcDraw(state.x, state.y, x, y, i, j, line)
    state.x = x
    state.y = y
  }

  node(node: GerberNode): void {
    this.lastType = node.type
    this.lastLine = node.line
    switch (node.type) {
      case 'operation':
        this.operation(node.line, node.op, node.x, node.y, node.i, node.j)
        break
      case 'selectAperture':
        if (this.region.open) throw new InputError(this.file, node.line, `Aperture selection D${node.code} inside a region (G36…G37)`)
        this.apertures.select(node.code, node.line)
        break
      case 'region':
        if (node.start) this.region.start(node.line)
        else {
          const paths = this.region.end(node.line)
          if (paths !== undefined) {
            const fn = apertureFunctionOf(this.x2.aperture)
            this.emit('region', { type: 'polygon', paths }, this.region.line, fn.aperFunction, fn.padDefinition)
          }
        }
        break
      case 'format':
        this.format.setFormat(node.decimalDigits, node.notation === 'incremental')
        break
      case 'notation':
        this.format.incremental = node.notation === 'incremental'
        break
      case 'units':
        this.format.setUnits(node.units)
        break
      case 'apertureMacro':
        this.apertures.defineMacro(node.macro)
        break
      case 'apertureDefinition':
        this.apertures.define(node, this.x2.aperture)
        break
      case 'loadScaling':
        if (!(node.factor > 0)) throw new InputError(this.file, node.line, `Scale factor ${node.factor} must be positive`)
        this.state.apply(node)
        break
      case 'interpolation':
      case 'quadrant':
      case 'loadPolarity':
      case 'loadMirroring':
      case 'loadRotation':
      case 'imageTransform':
        this.state.apply(node)
        break
      case 'stepRepeat':
        if (this.region.open) throw new InputError(this.file, node.line, 'Step and repeat inside a region (G36…G37)')
        this.targets.stepRepeat(node)
        break
      case 'blockAperture': {
        if (this.region.open) throw new InputError(this.file, node.line, 'Block aperture inside a region (G36…G37)')
        const block = this.targets.blockAperture(node, this.x2.aperture)
        if (block !== undefined) this.apertures.defineBlock(block, this.targets.definitionOf(block))
        break
      }
      case 'attribute':
        this.x2.apply(node)
        break
      case 'endOfFile':
      case 'unsupported':
        break
    }
  }

  snapshot(): PlotterState | undefined {
    if (this.region.open || !this.targets.atImage) return undefined
    const { produced, charged, peak, bulk } = this.targets.counts
    const [verticesMade, verticesCharged] = this.vertices.counts
    return {
      same: { format: this.format.snapshot(), graphics: this.state.snapshot(), x2: this.x2.snapshot(), current: this.apertures.current, warned: this.log.warned },
      apertures: this.apertures.history.length, macros: this.apertures.macroHistory.length,
      produced, charged, peak, bulk, verticesMade, verticesCharged, diagnostics: this.log.list.length,
    }
  }

  restore(state: PlotterState, history: ApertureHistory): void {
    const { same } = state
    this.format.restore(same.format)
    this.state.restore(same.graphics)
    this.x2.restore(same.x2)
    this.apertures.replay(history.apertures, state.apertures, history.macros, state.macros, same.current)
    this.targets.restore(state, history.apertures.slice(0, state.apertures))
    this.vertices.restore(state.verticesMade, state.verticesCharged)
  }

  get history(): ApertureHistory {
    return { apertures: this.apertures.history, macros: this.apertures.macroHistory }
  }

  finish(): PlotResult {
    if (this.region.open) throw new InputError(this.file, this.region.line, 'Region (G36) is not closed by G37: the file is cut short or G37 is missing')
    this.targets.finish(this.lastType === 'endOfFile' ? this.lastLine : undefined)
    return { units: this.format.units ?? 'inch', attributes: this.x2.file, imageNegative: this.state.imageNegative }
  }
}

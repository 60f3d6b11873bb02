// Excellon hits, slots and routes → features: holes are circles; G85 and routed (M15 … M16) straight
// slots are strokes of the tool's width; routed arcs are polygons. Every feature, and a repeat's (R)
// whole count, is counted against the feature limit and charged to the memory budget before it is made.

import { Clipper, EndType, JoinType } from 'clipper2-ts'
import { InputError, LimitError, type ReadLimits } from '../../errors.ts'
import type { MemoryBudget } from '../budget.ts'
import { arcPoints, DEFAULT_TOLERANCE, pathsBox, shapeBox } from '../../geometry/polygonize.ts'
import type { Feature, SourceRef } from '../../layers/model.ts'
import type { PackedLayerBuilder } from '../../layers/pack.ts'
import type { Path, Point, Shape } from '../../geometry/types.ts'
import type { DrillFormat } from './format.ts'
import type { Tool, ToolTable } from './tools.ts'
import type { RawCoords } from './tree.ts'

/** Features charged to the memory budget at a time (about 26 MB). */
export const CHARGE_CHUNK = 65_536

/** Holes and slots go straight into packed arrays (src/layers/pack.ts), in file order: a hole makes no object. */
export class HolePlotter {
  /** Features made so far. */
  made = 0
  /** The last hole made: a repeat (R) starts from it. */
  lastHit: Point | undefined
  // features charged to the memory budget: a chunk ahead, so that a hit pays one comparison, and a
  // repeat's whole count before its first hole is made
  private charged = 0

  constructor(
    private readonly file: string, private readonly limits: ReadLimits, private readonly budget: MemoryBudget,
    private readonly tools: ToolTable, private readonly format: DrillFormat, private readonly packed: PackedLayerBuilder,
  ) {}

  /** Counts `count` features about to be made by `what` at `source`: over the feature limit or the memory budget, it throws first. */
  reserve(count: number, source: SourceRef, what: string): void {
    const { made, limits } = this
    if (made + count > limits.maxFeatures)
      throw new LimitError(this.file, source.line, `more than ${limits.maxFeatures} features (${what}; raise the maxFeatures limit)`, 'maxFeatures')
    if (made + count <= this.charged) return
    const more = Math.max(made + count - this.charged, Math.min(CHARGE_CHUNK, limits.maxFeatures - this.charged))
    this.budget.chargeFeatures(more, this.file, source.line, what)
    this.charged += more
  }

  /** Counts one feature about to be made at `source`. */
  private count(source: SourceRef): void {
    if (this.made >= this.charged) this.reserve(1, source, 'This file')
    this.made++
  }

  private add(shape: Shape, used: Tool, source: SourceRef, bbox = shapeBox(shape)): void {
    this.count(source)
    const feature: Feature = { id: 0, kind: 'slot', shape, polarity: 'dark', bbox, source, drill: used.diameter }
    const plated = used.plated ?? this.tools.filePlated
    if (used.aperFunction !== undefined) feature.aperFunction = used.aperFunction
    if (plated !== undefined) feature.plated = plated
    if (used.ipc4761 !== undefined) feature.ipc4761 = used.ipc4761
    this.packed.push(feature)
  }

  /** A drill hit: a circle of the tool's diameter, written into the arrays with no object. */
  hole(at: Point, source: SourceRef): void {
    const used = this.tools.need(source, 'drill hit')
    this.count(source)
    this.packed.circle('hole', false, at.x, at.y, used.diameter, used.diameter, used.plated ?? this.tools.filePlated, source.line, source.file,
      used.aperFunction, undefined, used.ipc4761, undefined, undefined, undefined)
    this.lastHit = at
  }

  straightSlot(from: Point, to: Point, source: SourceRef): void {
    const used = this.tools.need(source, 'slot')
    this.add({ type: 'stroke', x1: from.x, y1: from.y, x2: to.x, y2: to.y, width: used.diameter }, used, source)
  }

  arcSlot(from: Point, to: Point, coords: RawCoords, clockwise: boolean, source: SourceRef): void {
    const used = this.tools.need(source, 'routed arc')
    const center = this.arcCenter(from, to, coords, clockwise, source)
    const line: Path = [from, ...arcPoints(from.x, from.y, to.x, to.y, center.x, center.y, !clockwise)]
    // round ends take π/acos(1 − tolerance/half) points: ~10^8 for a blown-up tool (1e14 nm), which runs
    // the process out of memory. 10 ppm of the half-width bounds it and leaves real tools (< 10 mm) as they were.
    const half = used.diameter / 2
    const paths = Clipper.inflatePaths([line], half, JoinType.Round, EndType.Round, 2, Math.max(DEFAULT_TOLERANCE, half * 1e-5))
    this.add({ type: 'polygon', paths }, used, source, pathsBox(paths))
  }

  /** An arc's centre from I/J (offsets from the start) or from its A radius (the arc under 180°). */
  arcCenter(from: Point, to: Point, coords: RawCoords, clockwise: boolean, source: SourceRef): Point {
    const format = this.format
    if (coords.i !== undefined || coords.j !== undefined) {
      return { x: from.x + (coords.i === undefined ? 0 : format.toNm(coords.i, source)), y: from.y + (coords.j === undefined ? 0 : format.toNm(coords.j, source)) }
    }
    if (coords.a === undefined) throw new InputError(this.file, source.line, 'arc (G02/G03) with neither I/J nor A radius')
    const radius = format.toNm(coords.a, source)
    const dx = to.x - from.x, dy = to.y - from.y
    const chord = Math.hypot(dx, dy)
    if (chord === 0) throw new InputError(this.file, source.line, 'arc with an A radius and equal end points is ambiguous')
    if (radius < chord / 2 - 1) throw new InputError(this.file, source.line, `arc radius ${coords.a} is shorter than half the chord`)
    // the centre of the arc under 180° lies left of the chord for CCW, right for CW
    const h = Math.sqrt(Math.max(0, radius * radius - (chord / 2) ** 2))
    const side = clockwise ? -1 : 1
    return { x: Math.round((from.x + to.x) / 2 - (side * h * dy) / chord), y: Math.round((from.y + to.y) / 2 + (side * h * dx) / chord) }
  }

  /** R<count>X…Y…: `count` more holes, each offset from the last; the whole count is charged first. Returns the last one. */
  repeat(count: number, coords: RawCoords, source: SourceRef): Point {
    if (this.lastHit === undefined) throw new InputError(this.file, source.line, 'repeat (R) with no drill hit before it')
    const dx = coords.x === undefined ? 0 : this.format.toNm(coords.x, source)
    const dy = coords.y === undefined ? 0 : this.format.toNm(coords.y, source)
    let at = this.lastHit
    this.reserve(count, source, `Repeat R${count}`)
    for (let k = 0; k < count; k++) {
      at = { x: at.x + dx, y: at.y + dy }
      this.hole(at, source)
    }
    return at
  }
}

// Command nodes → features: the graphics state machine of the Gerber spec (current point, aperture,
// interpolation, regions, polarity and aperture transforms, step and repeat, block apertures, X2).

import { InputError, LimitError, type ReadLimits } from '../../errors.ts'
import { MemoryBudget } from '../budget.ts'
import type { Feature, FeatureKind, PadDefinition, Polarity } from '../../layers/model.ts'
import type { Box, Path, Point, Shape } from '../../geometry/types.ts'
import { NM_PER_INCH, NM_PER_MM } from '../../layers/model.ts'
import { orientCcw, union } from '../../geometry/boolean.ts'
import { arcPoints, circlePath, DEFAULT_TOLERANCE, shapeBox } from '../../geometry/polygonize.ts'
import { arcBand } from './arc.ts'
import { type Aperture, apertureFunctionOf, apertureOutline, defineAperture, flashShape } from './aperture.ts'
import type { MacroTemplate } from './macro.ts'
import type { DiagnosticLog } from './parse.ts'
import { type ApertureTransform, normaliseDegrees, transformShape } from './transform.ts'
import type { Attribute, GerberNode, StepRepeat } from './tree.ts'
import { KNOWN_ATTRIBUTES } from './x2.ts'

export interface PlotResult {
  units: 'mm' | 'inch'
  features: Feature[]
  attributes: Record<string, string[]>
  imageNegative: boolean
  /** The first feature of the image reaching beyond ±2^53 nm (a corrupt number), for the reader to report. */
  outOfRange?: Feature
}

/**
 * A block flashed inside another block's definition, kept as a reference: nested %AB blocks multiply
 * (8 levels of 8 flashes are 16.7 M features in 1.1 KB), so copies are made only when a block reaches
 * the image or a step and repeat, after its whole count has been charged.
 */
interface BlockFlash { block: BlockDefinition; t: ApertureTransform; x: number; y: number; flip: boolean }
/** A block aperture's contents in file order (order decides what clear features clear), and its flattened count. */
interface BlockDefinition { items: (Feature | BlockFlash)[]; count: number; own: number }

/** Where new features go: the image, an open step-and-repeat block, or a block aperture being defined. */
interface Target {
  features: Feature[]
  kind: 'image' | 'stepRepeat' | 'block'
  line: number
  stepRepeat?: StepRepeat
  blockCode?: number
  /** For a block being defined. */
  definition?: BlockDefinition
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

/** Convex hull (monotone chain), CCW, of integer points. */
function convexHull(points: Point[]): Path {
  const pts = [...points].sort((a, b) => a.x - b.x || a.y - b.y)
  if (pts.length < 3) return pts
  const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
  const lower: Point[] = []
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop()
    lower.push(p)
  }
  const upper: Point[] = []
  for (let k = pts.length - 1; k >= 0; k--) {
    const p = pts[k]!
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop()
    upper.push(p)
  }
  lower.pop()
  upper.pop()
  return lower.concat(upper)
}

/** The graphics state machine fed one command at a time, in file order (a GerberSink); finish() ends the image. */
export interface GerberPlotter {
  node(node: GerberNode): void
  /** An Operation node given field by field. */
  operation(line: number, op: 1 | 2 | 3, x: number, y: number, i: number, j: number): void
  finish(): PlotResult
}

export function plotGerber(nodes: readonly GerberNode[], file: string, limits: ReadLimits, log: DiagnosticLog, tolerance = DEFAULT_TOLERANCE): PlotResult {
  const plotter = createPlotter(file, limits, log, tolerance)
  for (const node of nodes) plotter.node(node)
  return plotter.finish()
}

/**
 * `onBatch`, when given, receives the image's features in order, a batch at a time, and the plotter
 * keeps none of them: a caller that packs them (src/layers/pack.ts) lets them die young.
 */
/** Features charged to the memory budget at a time on the plain path (about 26 MB). */
const CHARGE_CHUNK = 65_536

/** Features per hand-over when the caller takes them in batches: small enough to stay in the young generation. */
const BATCH = 16_384

export function createPlotter(
  file: string, limits: ReadLimits, log: DiagnosticLog, tolerance = DEFAULT_TOLERANCE, onBatch?: (features: Feature[]) => void,
  budget: MemoryBudget = new MemoryBudget(limits.maxMemory),
): GerberPlotter {
  // the last command read (M02 may close an open step and repeat) and its line
  let lastType: GerberNode['type'] | undefined
  let lastLine = 1
  let units: 'mm' | 'inch' | undefined
  let decimalDigits = -1
  let incremental = false
  let factor = 0 // nm per format unit
  const updateFactor = () => {
    if (decimalDigits < 0) return
    factor = (units === 'mm' ? NM_PER_MM : NM_PER_INCH) / POW10[decimalDigits]!
  }
  const unitsAt = (line: number): 'mm' | 'inch' => {
    if (units === undefined) {
      log.warnOnce('no-MO', line, 'No unit statement (%MOMM*% / %MOIN*%) before the first use: inch assumed (the historic default)')
      units = 'inch'
      updateFactor()
    }
    return units
  }
  const nmPerUnit = (line: number) => (unitsAt(line) === 'mm' ? NM_PER_MM : NM_PER_INCH)

  const macros = new Map<string, MacroTemplate>()
  const apertures = new Map<number, Aperture>()
  let aperture: Aperture | undefined
  let interpolation: 'linear' | 'cw' | 'ccw' = 'linear'
  let quadrant: 'single' | 'multi' | undefined
  let curX = 0, curY = 0 // current point, nm, before the image transform
  let polarity: Polarity = 'dark'
  let transform: ApertureTransform = { mirrorX: false, mirrorY: false, rotation: 0, scale: 1 }
  let transformIsIdentity = true
  // deprecated image transform (OF, SF, MI, IR, AS), in file units / factors
  let imageOffset: [number, number] = [0, 0]
  let imageScale: [number, number] = [1, 1]
  let imageMirror: [boolean, boolean] = [false, false]
  let imageRotation = 0
  let imageSwap = false
  let imageIdentity = true
  let imageNegative = false
  const refreshImageIdentity = () => {
    imageIdentity = imageOffset[0] === 0 && imageOffset[1] === 0 && imageScale[0] === 1 && imageScale[1] === 1 &&
      !imageMirror[0] && !imageMirror[1] && imageRotation === 0 && !imageSwap
  }
  // X2 dictionaries
  const fileAttributes: Record<string, string[]> = {}
  let apertureAttributes: Record<string, string[]> = {}
  // only read for component / pin / net, so updated in place; no prototype, so every name is an own key
  let objectAttributes: Record<string, string[]> = Object.create(null)
  let component: string | undefined, pin: string | undefined, net: string | undefined
  const refreshObject = () => {
    const p = objectAttributes['.P']
    component = objectAttributes['.C']?.[0] ?? p?.[0]
    pin = p?.[1]
    net = objectAttributes['.N']?.[0]
  }

  const image: Target = { features: [], kind: 'image', line: 0 }
  const targets: Target[] = [image]
  let target = image
  let outOfRange: Feature | undefined
  let entered = 0
  /**
   * Every feature enters the image here, in image order: its id is its index (an object the image holds
   * twice keeps the later one), and it is checked against ±2^53 nm while its box is at hand.
   */
  const addToImage = (f: Feature) => {
    const b = f.bbox
    f.id = entered++
    image.features.push(f)
    if (onBatch && image.features.length >= BATCH) {
      onBatch(image.features)
      image.features = []
    }
    if (outOfRange === undefined && !(Math.abs(b[0]) <= Number.MAX_SAFE_INTEGER && Math.abs(b[1]) <= Number.MAX_SAFE_INTEGER &&
      Math.abs(b[2]) <= Number.MAX_SAFE_INTEGER && Math.abs(b[3]) <= Number.MAX_SAFE_INTEGER)) outOfRange = f // NaN fails too
  }
  const addTo = (t: Target, f: Feature) => {
    if (t === image) addToImage(f)
    else if (t.definition) { t.definition.items.push(f); t.definition.count++; t.definition.own++ }
    else t.features.push(f)
  }
  const blocks = new WeakMap<Aperture, BlockDefinition>()
  /** A block's features placed by `t` at x, y (its polarity flipped when `flip`), handed to `out` one by one. */
  const placeBlock = (block: BlockDefinition, t: ApertureTransform, x: number, y: number, flip: boolean, out: (f: Feature) => void): void => {
    const place = (g: Feature) => {
      const shape = transformShape(g.shape, t, x, y)
      out({ ...g, shape, bbox: shapeBox(shape), polarity: flip ? (g.polarity === 'dark' ? 'clear' : 'dark') : g.polarity })
    }
    for (const item of block.items) {
      if ('block' in item) placeBlock(item.block, item.t, item.x, item.y, item.flip, place)
      else place(item)
    }
  }
  let produced = 0
  let blockDepth = 0

  // region state
  let inRegion = false
  let regionLine = 0
  let contours: Point[][] = []
  let contour: Point[] = []

  const toImage = (x: number, y: number): [number, number] => {
    if (imageIdentity) return [x, y]
    const s = nmPerUnit(0)
    if (imageSwap) [x, y] = [y, x]
    if (imageMirror[0]) x = -x
    if (imageMirror[1]) y = -y
    x *= imageScale[0]
    y *= imageScale[1]
    if (imageRotation !== 0) {
      const a = (imageRotation * Math.PI) / 180
      ;[x, y] = [x * Math.cos(a) - y * Math.sin(a), x * Math.sin(a) + y * Math.cos(a)]
    }
    return [Math.round(x + imageOffset[0] * s), Math.round(y + imageOffset[1] * s)]
  }
  /** The aperture transform including the deprecated image rotation / mirror. */
  const effectiveTransform = (): ApertureTransform => {
    if (imageIdentity) return transform
    const mirrorX = transform.mirrorX !== (imageMirror[0] !== imageSwap)
    const mirrorY = transform.mirrorY !== imageMirror[1]
    return { mirrorX, mirrorY, rotation: normaliseDegrees(transform.rotation + imageRotation), scale: transform.scale * Math.abs(imageScale[0]) }
  }
  const arcsFlipped = () => !imageIdentity && ((imageMirror[0] !== imageMirror[1]) !== imageSwap)

  // features charged to the memory budget so far: charged ahead a chunk at a time, so that the hot
  // path pays one comparison per feature, and an expansion is charged whole before it is built
  let charged = 0
  const countOrFail = (extra: number, line: number, what: string) => {
    if (produced + extra > limits.maxFeatures) {
      throw new LimitError(file, line, `${what} would make more than ${limits.maxFeatures} features (raise the feature limit if this file is genuine)`, 'maxFeatures')
    }
    if (produced + extra > charged) {
      const more = Math.max(produced + extra - charged, Math.min(CHARGE_CHUNK, limits.maxFeatures - charged))
      budget.chargeFeatures(more, file, line, what)
      charged += more
    }
    produced += extra
  }

  const emit = (kind: FeatureKind, shape: Shape, line: number, aperFunction: string | undefined, padDefinition?: PadDefinition) => {
    if (++produced > charged) { produced--; countOrFail(1, line, 'This file') }
    // a circle's box inline: the 1 M-bump case
    const bbox: Box = shape.type === 'circle'
      ? [shape.cx - shape.diameter / 2, shape.cy - shape.diameter / 2, shape.cx + shape.diameter / 2, shape.cy + shape.diameter / 2]
      : shapeBox(shape)
    const source = { file, line }
    // a pad's attributes in one literal: added one by one they would cost a map transition each and a backing store
    let f: Feature
    if (aperFunction !== undefined && padDefinition === undefined && component !== undefined && pin !== undefined) {
      f = net === undefined ? { id: 0, kind, shape, polarity, bbox, source, aperFunction, component, pin }
        : { id: 0, kind, shape, polarity, bbox, source, aperFunction, component, pin, net }
    } else {
      f = { id: 0, kind, shape, polarity, bbox, source }
      if (aperFunction !== undefined) f.aperFunction = aperFunction
      if (padDefinition !== undefined) f.padDefinition = padDefinition
      if (component !== undefined) f.component = component
      if (pin !== undefined) f.pin = pin
      if (net !== undefined) f.net = net
    }
    addTo(target, f)
  }

  const requireAperture = (line: number, what: string): Aperture => {
    if (aperture === undefined) throw new InputError(file, line, `${what} without a selected aperture (no Dnn before it)`)
    return aperture
  }

  const coordinate = (v: number, previous: number): number => {
    if (v !== v) return previous // NaN: modal, keep the previous value
    const nm = Math.round(v * factor)
    return incremental ? previous + nm : nm
  }

  const flash = (x: number, y: number, line: number) => {
    const ap = requireAperture(line, 'Flash (D03)')
    let px = x, py = y // the hot path: no image transform, no tuple
    if (!imageIdentity) [px, py] = toImage(x, y)
    if (ap.kind === 'block') {
      const block = blocks.get(ap)!
      const placed: BlockFlash = { block, t: effectiveTransform(), x: px, y: py, flip: polarity === 'clear' }
      if (target.definition) {
        // inside another block's definition: a reference, counted, copied only when that block is placed
        target.definition.items.push(placed)
        target.definition.count += block.count
        return
      }
      // check before allocating: a block flashed many times must fail fast, not fill memory
      countOrFail(block.count, line, `Flashing block aperture D${ap.code} (${block.count} features)`)
      placeBlock(block, placed.t, px, py, placed.flip, (f) => addTo(target, f))
      return
    }
    emit('flash', flashShape(ap, px, py, transformIsIdentity && imageIdentity ? transform : effectiveTransform()), line, ap.aperFunction, ap.padDefinition)
  }

  const linearDraw = (x1: number, y1: number, x2: number, y2: number, line: number) => {
    const ap = requireAperture(line, 'Draw (D01)')
    const [ax, ay] = toImage(x1, y1)
    const [bx, by] = toImage(x2, y2)
    if (ap.kind === 'block') throw new InputError(file, line, `Draw with block aperture D${ap.code}: block apertures can only be flashed`)
    const t = effectiveTransform()
    if (ax === bx && ay === by) {
      // a zero-length draw leaves the aperture's image once
      emit('draw', flashShape(ap, ax, ay, t), line, ap.aperFunction, ap.padDefinition)
      return
    }
    if (ap.kind === 'circle') {
      // a hole in the aperture does not show in a draw: the swept disc covers it
      emit('draw', { type: 'stroke', x1: ax, y1: ay, x2: bx, y2: by, width: Math.round(ap.width * t.scale) }, line, ap.aperFunction, ap.padDefinition)
      return
    }
    if (ap.kind !== 'rect') log.warnOnce('draw-noncircular', line, `Draw with a non-circular aperture D${ap.code} (${ap.kind}): swept as the convex hull of its outline`)
    const outline = apertureOutline(ap, t, tolerance)
    const pts: Point[] = []
    for (const p of outline) {
      pts.push({ x: p.x + ax, y: p.y + ay })
      pts.push({ x: p.x + bx, y: p.y + by })
    }
    emit('draw', { type: 'polygon', paths: [convexHull(pts)] }, line, ap.aperFunction, ap.padDefinition)
  }

  /** The centre of an arc in nm, or undefined for a zero-length single-quadrant arc. */
  const arcCentre = (x1: number, y1: number, x2: number, y2: number, i: number, j: number, ccw: boolean, line: number): [number, number] => {
    if (quadrant === undefined) {
      log.warnOnce('no-G74-G75', line, 'Arc before any G74/G75: single-quadrant mode (G74, the historic default) assumed')
      quadrant = 'single'
    }
    if (quadrant === 'multi') return [x1 + i, y1 + j]
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
    if (bestError === Infinity) throw new InputError(file, line, 'Single-quadrant arc (G74) with no centre giving a sweep of at most 90°')
    return best
  }

  /** Points of an arc (start excluded, end included), in image coordinates. */
  const arcPolyline = (x1: number, y1: number, x2: number, y2: number, i: number, j: number, line: number): { points: Point[]; full: boolean; centre: [number, number]; radius: number; ccw: boolean } => {
    const ccwFile = interpolation === 'ccw'
    const [cx0, cy0] = arcCentre(x1, y1, x2, y2, i, j, ccwFile, line)
    const [ax, ay] = toImage(x1, y1)
    const [bx, by] = toImage(x2, y2)
    const [cx, cy] = toImage(cx0, cy0)
    const ccw = arcsFlipped() ? !ccwFile : ccwFile
    const full = ax === bx && ay === by && quadrant === 'multi'
    if (ax === bx && ay === by && !full) return { points: [], full: false, centre: [cx, cy], radius: 0, ccw }
    const radius = Math.hypot(ax - cx, ay - cy)
    const radiusEnd = Math.hypot(bx - cx, by - cy)
    if (Math.abs(radius - radiusEnd) > Math.max(1000, radius * 0.01)) {
      log.warnOnce('arc-radius', line, `Arc start and end radii differ by ${Math.round(Math.abs(radius - radiusEnd))} nm; the arc follows both`)
    }
    return { points: arcPoints(ax, ay, bx, by, cx, cy, ccw, tolerance), full, centre: [cx, cy], radius, ccw }
  }

  const arcDraw = (x1: number, y1: number, x2: number, y2: number, i: number, j: number, line: number) => {
    const ap = requireAperture(line, 'Arc (D01)')
    if (ap.kind === 'block') throw new InputError(file, line, `Arc with block aperture D${ap.code}: block apertures can only be flashed`)
    const arc = arcPolyline(x1, y1, x2, y2, i, j, line)
    const [ax, ay] = toImage(x1, y1)
    if (arc.points.length === 0) {
      emit('arc', flashShape(ap, ax, ay, effectiveTransform()), line, ap.aperFunction, ap.padDefinition)
      return
    }
    if (ap.kind !== 'circle') log.warnOnce('arc-noncircular', line, `Arc drawn with non-circular aperture D${ap.code}: drawn with a round tool of its width`)
    const width = Math.round(ap.width * effectiveTransform().scale)
    const half = width / 2
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
      const [bx, by] = toImage(x2, y2)
      paths = arcBand({ x: ax, y: ay }, { x: bx, y: by }, arc.centre, arc.ccw, half, arc.points, tolerance)
    }
    emit('arc', { type: 'polygon', paths }, line, ap.aperFunction, ap.padDefinition)
  }

  const closeContour = () => {
    if (contour.length >= 3) contours.push(contour)
    contour = []
  }

  const finishRegion = (line: number) => {
    closeContour()
    const rings = contours.map((c) => orientCcw(c))
    contours = []
    if (rings.length === 0) {
      log.warn(regionLine, 'Region (G36…G37) without any contour of three or more points: nothing drawn')
      return
    }
    // each contour is oriented CCW and the set is unioned with NonZero: a cut-in hole, traced the
    // other way round inside one contour, keeps winding 0 and stays a hole
    const paths = union(rings)
    if (paths.length === 0) {
      log.warn(regionLine, 'Region (G36…G37) has zero area: nothing drawn')
      return
    }
    const fn = apertureFunctionOf(apertureAttributes)
    emit('region', { type: 'polygon', paths }, regionLine, fn.aperFunction, fn.padDefinition)
  }

  const operation = (line: number, op: 1 | 2 | 3, fileX: number, fileY: number, fileI: number, fileJ: number) => {
    lastType = 'operation'
    lastLine = line
    if (factor === 0) {
      if (decimalDigits < 0) throw new InputError(file, line, 'Operation before the format statement %FS...%')
      unitsAt(line)
    }
    const x = coordinate(fileX, curX)
    const y = coordinate(fileY, curY)
    if (op === 2) {
      if (inRegion) {
        closeContour()
        contour.push(pointInImage(x, y))
      }
      curX = x
      curY = y
      return
    }
    if (op === 3) {
      if (inRegion) throw new InputError(file, line, 'Flash (D03) inside a region (G36…G37)')
      flash(x, y, line)
      curX = x
      curY = y
      return
    }
    // D01
    const i = fileI !== fileI ? 0 : Math.round(fileI * factor)
    const j = fileJ !== fileJ ? 0 : Math.round(fileJ * factor)
    if (inRegion) {
      if (contour.length === 0) contour.push(pointInImage(curX, curY))
      if (interpolation === 'linear') contour.push(pointInImage(x, y))
      else for (const p of arcPolyline(curX, curY, x, y, i, j, line).points) contour.push(p)
    } else if (interpolation === 'linear') linearDraw(curX, curY, x, y, line)
    else arcDraw(curX, curY, x, y, i, j, line)
    curX = x
    curY = y
  }
  const pointInImage = (x: number, y: number): Point => {
    const [px, py] = toImage(x, y)
    return { x: px, y: py }
  }

  const attribute = (node: Attribute) => {
    const { command, name, values, line } = node
    if (command !== 'TD' && name === '') throw new InputError(file, line, `%${command}*% without an attribute name`)
    if (command !== 'TD' && name.startsWith('.') && !KNOWN_ATTRIBUTES[command].has(name)) {
      log.warnOnce(`attr${name}`, line, `Unknown standard attribute ${command}${name}: kept but not interpreted`)
    }
    switch (command) {
      case 'TF':
        fileAttributes[name] = values
        return
      case 'TA':
        apertureAttributes = { ...apertureAttributes, [name]: values }
        return
      case 'TO':
        objectAttributes[name] = values
        refreshObject()
        return
      case 'TD':
        if (name === '') {
          apertureAttributes = {}
          objectAttributes = Object.create(null)
        } else {
          if (name in apertureAttributes) { apertureAttributes = { ...apertureAttributes }; delete apertureAttributes[name] }
          delete objectAttributes[name]
        }
        refreshObject()
    }
  }

  const closeStepRepeat = (line: number) => {
    const sr = target.stepRepeat!
    const block = target.features
    targets.pop()
    target = targets[targets.length - 1]!
    const copies = sr.x * sr.y
    // check the expansion before allocating anything: a hostile SR must fail fast
    if (block.length === 0) return // nothing to repeat (and no 10¹⁰ empty loop turns)
    countOrFail((copies - 1) * block.length, sr.line, `Step and repeat X${sr.x}×Y${sr.y} of ${block.length} features`)
    const s = nmPerUnit(line)
    const di = Math.round(sr.i * s), dj = Math.round(sr.j * s)
    for (let row = 0; row < sr.y; row++) {
      for (let col = 0; col < sr.x; col++) {
        const dx = col * di, dy = row * dj
        for (const f of block) {
          if (dx === 0 && dy === 0) { addTo(target, f); continue }
          const shape = transformShape(f.shape, { mirrorX: false, mirrorY: false, rotation: 0, scale: 1 }, dx, dy)
          addTo(target, { ...f, shape, bbox: shapeBox(shape) })
        }
      }
    }
  }

  const plotNode = (node: GerberNode) => {
    lastType = node.type
    lastLine = node.line
    switch (node.type) {
      case 'operation':
        operation(node.line, node.op, node.x, node.y, node.i, node.j)
        break
      case 'selectAperture': {
        if (inRegion) throw new InputError(file, node.line, `Aperture selection D${node.code} inside a region (G36…G37)`)
        const ap = apertures.get(node.code)
        if (ap === undefined) throw new InputError(file, node.line, `Aperture D${node.code} is used but never defined (no %ADD${node.code}…*% or %ABD${node.code}*% before it)`)
        aperture = ap
        break
      }
      case 'interpolation':
        interpolation = node.mode
        break
      case 'quadrant':
        quadrant = node.mode
        break
      case 'region':
        if (node.start) {
          if (inRegion) throw new InputError(file, node.line, `G36 inside a region already open since line ${regionLine}`)
          inRegion = true
          regionLine = node.line
          contours = []
          contour = []
        } else {
          if (!inRegion) throw new InputError(file, node.line, 'G37 without a G36 before it')
          finishRegion(node.line)
          inRegion = false
        }
        break
      case 'format':
        decimalDigits = node.decimalDigits
        incremental = node.notation === 'incremental'
        updateFactor()
        break
      case 'notation':
        incremental = node.notation === 'incremental'
        break
      case 'units':
        units = node.units
        updateFactor()
        break
      case 'apertureMacro':
        macros.set(node.macro.name, node.macro)
        break
      case 'apertureDefinition': {
        if (apertures.has(node.code)) log.warnOnce(`AD-redefined`, node.line, `Aperture D${node.code} defined again: the later definition is used`)
        apertures.set(node.code, defineAperture(node, macros, nmPerUnit(node.line), file, tolerance, log, apertureAttributes, limits.maxFeatures))
        break
      }
      case 'loadPolarity':
        polarity = node.polarity
        break
      case 'loadMirroring':
        transform = { ...transform, mirrorX: node.mirrorX, mirrorY: node.mirrorY }
        transformIsIdentity = !transform.mirrorX && !transform.mirrorY && transform.rotation === 0 && transform.scale === 1
        break
      case 'loadRotation':
        transform = { ...transform, rotation: normaliseDegrees(node.degrees) }
        transformIsIdentity = !transform.mirrorX && !transform.mirrorY && transform.rotation === 0 && transform.scale === 1
        break
      case 'loadScaling':
        if (!(node.factor > 0)) throw new InputError(file, node.line, `Scale factor ${node.factor} must be positive`)
        transform = { ...transform, scale: node.factor }
        transformIsIdentity = !transform.mirrorX && !transform.mirrorY && transform.rotation === 0 && transform.scale === 1
        break
      case 'stepRepeat':
        if (inRegion) throw new InputError(file, node.line, 'Step and repeat inside a region (G36…G37)')
        if (target.kind === 'stepRepeat') closeStepRepeat(node.line)
        if (node.open) {
          const t: Target = { features: [], kind: 'stepRepeat', line: node.line, stepRepeat: node }
          targets.push(t)
          target = t
        }
        break
      case 'blockAperture':
        if (inRegion) throw new InputError(file, node.line, 'Block aperture inside a region (G36…G37)')
        if (node.code !== undefined) {
          if (++blockDepth > limits.maxDepth) throw new LimitError(file, node.line, `Block apertures nest deeper than ${limits.maxDepth}`, 'maxDepth')
          const t: Target = { features: [], kind: 'block', line: node.line, blockCode: node.code, definition: { items: [], count: 0, own: 0 } }
          targets.push(t)
          target = t
        } else {
          if (target.kind === 'stepRepeat') throw new InputError(file, node.line, `%AB*% closes a block while a step and repeat opened at line ${target.line} is still open`)
          if (target.kind !== 'block') throw new InputError(file, node.line, '%AB*% without an open block aperture')
          const block = target
          targets.pop()
          target = targets[targets.length - 1]!
          blockDepth--
          // block contents are not part of the image until flashed, yet stay in memory: they keep their charge
          produced -= block.definition!.own
          charged -= block.definition!.own
          const ap: Aperture = {
            code: block.blockCode!, line: block.line, kind: 'block', width: 0, height: 0, block: [],
            attributes: apertureAttributes, ...apertureFunctionOf(apertureAttributes),
          }
          blocks.set(ap, block.definition!)
          apertures.set(block.blockCode!, ap)
        }
        break
      case 'attribute':
        attribute(node)
        break
      case 'imageTransform':
        if (node.offset) imageOffset = node.offset
        if (node.scale) imageScale = node.scale
        if (node.mirror) imageMirror = node.mirror
        if (node.rotation !== undefined) imageRotation = normaliseDegrees(node.rotation)
        if (node.swapAxes !== undefined) imageSwap = node.swapAxes
        if (node.negative) imageNegative = true
        refreshImageIdentity()
        if (!imageIdentity) unitsAt(node.line)
        break
      case 'endOfFile':
        break
      case 'unsupported':
        break
    }
  }

  const finish = (): PlotResult => {
    if (inRegion) throw new InputError(file, regionLine, 'Region (G36) is not closed by G37: the file is cut short or G37 is missing')
    if (target.kind === 'stepRepeat' && targets.length === 2 && lastType === 'endOfFile') {
      // M02 closes an open step and repeat (the spec allows it)
      closeStepRepeat(lastLine)
    }
    if (target.kind === 'stepRepeat') throw new InputError(file, target.line, 'Step and repeat (%SR…*%) is not closed: the file is cut short')
    if (target.kind === 'block') throw new InputError(file, target.line, `Block aperture D${target.blockCode} (%AB…*%) is not closed: the file is cut short`)
    if (onBatch && image.features.length > 0) {
      onBatch(image.features)
      image.features = []
    }
    const result: PlotResult = { units: units ?? 'inch', features: image.features, attributes: fileAttributes, imageNegative }
    if (outOfRange !== undefined) result.outOfRange = outOfRange
    return result
  }
  return { node: plotNode, operation, finish }
}

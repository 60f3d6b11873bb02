// ODB++ standard symbols (spec 8.1, "Standard Symbols"): the name carries the shape and its sizes,
// e.g. `r10`, `rect20x30xr5x14`, `thr60x40x45x4x10`. Sizes are mils in inch jobs and microns in mm
// jobs (a symbol-table `I`/`M` suffix overrides that); here they arrive already scaled to nm.
// Shapes are built at the origin, unrotated; the placement transform is applied by plot.ts.

import type { Path, Shape } from '../../geometry/types.ts'
import { difference, intersect, offset } from '../../geometry/boolean.ts'
import { DEFAULT_TOLERANCE, arcPoints, circlePath, circleSegments, rotatePoint, shapeToPaths } from '../../geometry/polygonize.ts'
import { MAX_LENGTH_NM, MAX_THERMAL_SPOKES } from './ranges.ts'

export interface StandardSymbol {
  /** Name prefix as in the spec: r, s, rect, oval, di, oct, donut_r, thr, … */
  kind: string
  /** The numeric parameters in file units (mil or µm), in the order the name gives them. */
  values: number[]
  /** Rounded (`r`) or chamfered (`c`) corners of rect / square-thermal forms. */
  corner?: { style: 'r' | 'c'; size: number; corners: string }
}

const NUM = '(\\d+(?:\\.\\d*)?|\\.\\d+)'
/** Kind → how many numbers follow; longest prefixes first so `rect` is not read as `r`. */
const KINDS: [kind: string, count: number][] = [
  ['donut_rc', 3], ['donut_sr', 2], ['donut_r', 2], ['donut_s', 2], ['donut_o', 3],
  ['rc_ths', 6], ['rc_tho', 6], ['sr_ths', 5], ['s_ths', 5], ['s_tho', 5], ['o_ths', 6],
  ['oval_h', 2], ['hex_l', 3], ['hex_s', 3], ['rect', 2], ['oval', 2], ['oct', 3], ['thr', 5], ['ths', 5],
  ['tri', 2], ['bfr', 1], ['bfs', 1], ['null', 1], ['di', 2], ['el', 2], ['r', 1], ['s', 1],
]
/** hole<d>x<p|n|v>x<tp>x<tm>: a drill with plating letter and tolerances; drawn as its diameter. */
const HOLE = new RegExp(`^hole${NUM}x([pnv])x${NUM}x${NUM}$`)
const PATTERNS = KINDS.map(([kind, count]) => ({
  kind,
  re: new RegExp(`^${kind}${Array.from({ length: count }, () => NUM).join('x')}(?:x(r|c)${NUM}(?:x(\\d+))?)?$`),
  count,
}))

/** Parse a standard symbol name, or undefined for a user symbol. */
export function parseStandardSymbol(name: string): StandardSymbol | undefined {
  const lower = name.toLowerCase()
  const hole = HOLE.exec(lower)
  if (hole) return { kind: 'hole', values: [Number(hole[1]), Number(hole[3]), Number(hole[4])] }
  for (const { kind, re, count } of PATTERNS) {
    const m = re.exec(lower)
    if (!m) continue
    const values = m.slice(1, count + 1).map(Number)
    const style = m[count + 1] as 'r' | 'c' | undefined
    const symbol: StandardSymbol = { kind, values }
    if (style) symbol.corner = { style, size: Number(m[count + 2]), corners: m[count + 3] ?? '1234' }
    return symbol
  }
  return undefined
}

/** Thermal kinds: values[2] is the spoke angle (degrees) and values[3] the number of spokes, not sizes. */
const THERMALS = new Set(['thr', 'ths', 's_ths', 's_tho', 'sr_ths', 'rc_ths', 'rc_tho', 'o_ths'])

/**
 * Why a parsed symbol cannot be drawn, or undefined when it can: every size within ±10 m once scaled to
 * nm (`scale` nm per file unit), thermal spokes a whole number up to 64 (ranges.ts).
 */
export function standardSymbolProblem(symbol: StandardSymbol, scale: number): string | undefined {
  const thermal = THERMALS.has(symbol.kind)
  const sizes = symbol.values.filter((_, i) => !thermal || (i !== 2 && i !== 3))
  if (symbol.corner) sizes.push(symbol.corner.size)
  if (sizes.some((v) => !(v * scale <= MAX_LENGTH_NM))) return `a size is out of range (the limit is ${MAX_LENGTH_NM / 1e6} mm)`
  if (thermal) {
    const [angle, spokes] = [symbol.values[2]!, symbol.values[3]!]
    if (!Number.isFinite(angle)) return `spoke angle ${angle} is not a finite angle`
    if (!Number.isInteger(spokes) || spokes > MAX_THERMAL_SPOKES) return `${spokes} spokes: a thermal has a whole number of spokes up to ${MAX_THERMAL_SPOKES}`
  }
  return undefined
}

const rect = (w: number, h: number, cx = 0, cy = 0): Path => [
  { x: Math.round(cx - w / 2), y: Math.round(cy - h / 2) }, { x: Math.round(cx + w / 2), y: Math.round(cy - h / 2) },
  { x: Math.round(cx + w / 2), y: Math.round(cy + h / 2) }, { x: Math.round(cx - w / 2), y: Math.round(cy + h / 2) },
]
const pts = (...xy: number[]): Path => {
  const out: Path = []
  for (let i = 0; i < xy.length; i += 2) out.push({ x: Math.round(xy[i]!), y: Math.round(xy[i + 1]!) })
  return out
}
const oval = (w: number, h: number): Path => shapeToPaths({ type: 'obround', cx: 0, cy: 0, width: w, height: h, rotation: 0 })[0]!

/**
 * Rectangle with rounded or chamfered corners. Corner numbers as in the spec: 1 top right, 2 top left,
 * 3 bottom left, 4 bottom right.
 */
function cornerRect(w: number, h: number, style: 'r' | 'c', size: number, corners: string, tolerance: number): Path {
  const r = Math.min(size, w / 2, h / 2)
  const hw = w / 2, hh = h / 2
  // walk CCW starting at the bottom-right corner: 4, 1, 2, 3
  const spec: [corner: string, x: number, y: number, fromAngle: number][] = [
    ['4', hw, -hh, -90], ['1', hw, hh, 0], ['2', -hw, hh, 90], ['3', -hw, -hh, 180],
  ]
  const out: Path = []
  for (const [corner, x, y, from] of spec) {
    if (!corners.includes(corner) || r <= 0) { out.push({ x: Math.round(x), y: Math.round(y) }); continue }
    const sx = Math.sign(x), sy = Math.sign(y)
    const a = (from * Math.PI) / 180
    const start = { x: x - sx * r + r * Math.cos(a), y: y - sy * r + r * Math.sin(a) }
    const end = { x: x - sx * r + r * Math.cos(a + Math.PI / 2), y: y - sy * r + r * Math.sin(a + Math.PI / 2) }
    out.push({ x: Math.round(start.x), y: Math.round(start.y) })
    if (style === 'c') out.push({ x: Math.round(end.x), y: Math.round(end.y) })
    else out.push(...arcPoints(start.x, start.y, end.x, end.y, x - sx * r, y - sy * r, true, tolerance).map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })))
  }
  return out
}

/** Strips from the centre outwards, one per spoke: what a thermal cuts out of its ring. */
function spokeGaps(angle: number, spokes: number, gap: number, reach: number): Path[] {
  const out: Path[] = []
  for (let k = 0; k < spokes; k++) {
    const deg = angle + (360 * k) / spokes
    out.push(rect(reach, gap, reach / 2, 0).map((p) => {
      const [x, y] = rotatePoint(p.x, p.y, deg)
      return { x: Math.round(x), y: Math.round(y) }
    }))
  }
  return out
}

function thermal(ring: Path[], angle: number, spokes: number, gap: number, reach: number): Path[] {
  return spokes > 0 && gap > 0 ? difference(ring, spokeGaps(angle, spokes, gap, reach * 2)) : ring
}

/**
 * The symbol's outline at the origin. Analytic shapes (round, square/rect, oval) stay analytic;
 * everything else becomes polygon rings (outer CCW, holes CW). `scale` turns file units into nm.
 * Returns undefined for `null` symbols (nothing drawn).
 */
export function standardSymbolShape(symbol: StandardSymbol, scale: number, tolerance = DEFAULT_TOLERANCE): Shape | undefined {
  const v = symbol.values.map((x) => x * scale)
  const [a = 0, b = 0, c = 0] = v
  const polygon = (paths: Path[]): Shape => ({ type: 'polygon', paths })
  const ring = (outer: Path, inner: Path) => difference([outer], [inner])
  switch (symbol.kind) {
    case 'r': return { type: 'circle', cx: 0, cy: 0, diameter: a }
    case 'hole': return { type: 'circle', cx: 0, cy: 0, diameter: a }
    case 's': return { type: 'rect', cx: 0, cy: 0, width: a, height: a, rotation: 0 }
    case 'rect': {
      if (!symbol.corner) return { type: 'rect', cx: 0, cy: 0, width: a, height: b, rotation: 0 }
      const { style, size, corners } = symbol.corner
      return polygon([cornerRect(a, b, style, size * scale, corners, tolerance)])
    }
    case 'oval': return { type: 'obround', cx: 0, cy: 0, width: a, height: b, rotation: 0 }
    case 'di': return polygon([pts(0, -b / 2, a / 2, 0, 0, b / 2, -a / 2, 0)])
    case 'oct': return polygon([pts(a / 2 - c, -b / 2, a / 2, -b / 2 + c, a / 2, b / 2 - c, a / 2 - c, b / 2,
      -a / 2 + c, b / 2, -a / 2, b / 2 - c, -a / 2, -b / 2 + c, -a / 2 + c, -b / 2)])
    case 'hex_l': return polygon([pts(-a / 2, 0, -a / 2 + c, -b / 2, a / 2 - c, -b / 2, a / 2, 0, a / 2 - c, b / 2, -a / 2 + c, b / 2)])
    case 'hex_s': return polygon([pts(0, -b / 2, a / 2, -b / 2 + c, a / 2, b / 2 - c, 0, b / 2, -a / 2, b / 2 - c, -a / 2, -b / 2 + c)])
    case 'tri': return polygon([pts(-a / 2, -b / 2, a / 2, -b / 2, 0, b / 2)])
    case 'el': {
      const n = circleSegments(Math.max(a, b) / 2, tolerance)
      const path: Path = []
      for (let i = 0; i < n; i++) {
        const t = (2 * Math.PI * i) / n
        path.push({ x: Math.round((a / 2) * Math.cos(t)), y: Math.round((b / 2) * Math.sin(t)) })
      }
      return polygon([path])
    }
    case 'oval_h': {
      // half oval: flat on the left, a semicircle of the full height on the right
      const r = b / 2
      const cx = a / 2 - r
      return polygon([[{ x: Math.round(-a / 2), y: Math.round(-r) },
        ...arcPoints(cx, -r, cx, r, cx, 0, true, tolerance).map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })),
        { x: Math.round(-a / 2), y: Math.round(r) }]])
    }
    case 'bfr': {
      // butterfly: the second and fourth quadrants of a disc (as Genesis-family viewers draw it)
      const r = a / 2
      const quarter = (from: number): Path => [{ x: 0, y: 0 }, { x: Math.round(r * Math.cos(from)), y: Math.round(r * Math.sin(from)) },
        ...arcPoints(r * Math.cos(from), r * Math.sin(from), r * Math.cos(from + Math.PI / 2), r * Math.sin(from + Math.PI / 2), 0, 0, true, tolerance)
          .map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) }))]
      return polygon([quarter(Math.PI / 2), quarter((3 * Math.PI) / 2)])
    }
    case 'bfs': return polygon([rect(a / 2, a / 2, -a / 4, a / 4), rect(a / 2, a / 2, a / 4, -a / 4)])
    case 'donut_r': return polygon(ring(circlePath(0, 0, a / 2, tolerance), circlePath(0, 0, b / 2, tolerance)))
    case 'donut_s': return polygon(ring(rect(a, a), rect(b, b)))
    case 'donut_sr': return polygon(ring(rect(a, a), circlePath(0, 0, b / 2, tolerance)))
    case 'donut_rc': return polygon(ring(rect(a, b), rect(a - 2 * c, b - 2 * c)))
    case 'donut_o': return polygon(ring(oval(a, b), oval(a - 2 * c, b - 2 * c)))
    case 'ths':
    case 'thr': {
      const [od, id, angle, spokes, gap] = [a, b, symbol.values[2]!, symbol.values[3]!, v[4]!]
      const segments = thermal(ring(circlePath(0, 0, od / 2, tolerance), circlePath(0, 0, id / 2, tolerance)), angle, spokes, gap, od)
      if (symbol.kind === 'ths' || spokes === 0) return polygon(segments)
      // rounded ends: the opening of each ring segment by a disc of half the ring width
      const r = (od - id) / 4
      const opened = offset(offset(segments, -0.999 * r, tolerance), r, tolerance)
      return polygon(intersect(opened, segments))
    }
    case 's_ths':
    case 's_tho':
      return polygon(thermal(ring(rect(a, a), rect(b, b)), symbol.values[2]!, symbol.values[3]!, v[4]!, a))
    case 'sr_ths':
      return polygon(thermal(ring(rect(a, a), circlePath(0, 0, b / 2, tolerance)), symbol.values[2]!, symbol.values[3]!, v[4]!, a))
    case 'rc_ths':
    case 'rc_tho': {
      const air = v[5]!
      return polygon(thermal(ring(rect(a, b), rect(a - 2 * air, b - 2 * air)), symbol.values[2]!, symbol.values[3]!, v[4]!, Math.max(a, b)))
    }
    case 'o_ths': {
      const lw = v[5]!
      return polygon(thermal(ring(oval(a, b), oval(a - 2 * lw, b - 2 * lw)), symbol.values[2]!, symbol.values[3]!, v[4]!, Math.max(a, b)))
    }
    case 'null': return undefined
  }
  return undefined
}

// Feature shapes (integer nm, y up) → SVG path data in mm with y flipped. Every subpath winds the
// same way (counter-clockwise on the board) so one nonzero-filled <path> per layer shows the union.

import type { Feature } from '../../layers/model.ts'
import type { Box, Shape } from '../../geometry/types.ts'

/** A length in µm as mm text: three decimals at most, no leading zero (".25", "-.05"). */
function mm(um: number): string {
  return String(um / 1000).replace(/^(-?)0\./, '$1.')
}

/** Numbers for path data: a minus sign separates as well as a space does. */
function numbers(values: number[]): string {
  let out = ''
  values.forEach((v, i) => {
    const text = mm(v)
    out += i > 0 && !text.startsWith('-') ? ' ' + text : text
  })
  return out
}

/**
 * Path data in mm (y flipped: SVG y is down, Gerber y is up) from board points in nm. Every point is
 * rounded to 1 µm (a twentieth of a pixel at the closest zoom a row click makes) before the next is
 * written relative to it, so the text stays short and the rounding never drifts.
 */
class PathText {
  text = ''
  private x = 0
  private y = 0

  private to(xNm: number, yNm: number): [number, number] {
    const x = Math.round(xNm / 1000)
    const y = Math.round(-yNm / 1000)
    const delta: [number, number] = [x - this.x, y - this.y]
    this.x = x
    this.y = y
    return delta
  }

  move(xNm: number, yNm: number): this {
    this.to(xNm, yNm)
    this.text += 'M' + numbers([this.x, this.y])
    return this
  }

  line(xNm: number, yNm: number): this {
    const [dx, dy] = this.to(xNm, yNm)
    if (dx !== 0 || dy !== 0) this.text += 'l' + numbers([dx, dy])
    return this
  }

  /** After the y flip a counter-clockwise board arc runs in SVG's negative-angle direction: sweep flag 0. */
  arc(radiusNm: number, xNm: number, yNm: number): this {
    const r = Math.round(radiusNm / 1000)
    const [dx, dy] = this.to(xNm, yNm)
    this.text += 'a' + numbers([r, r, 0, 0, 0, dx, dy])
    return this
  }

  close(): this {
    this.text += 'z'
    return this
  }
}

function circle(p: PathText, cx: number, cy: number, r: number): void {
  p.move(cx + r, cy).arc(r, cx - r, cy).arc(r, cx + r, cy).close()
}

/** A round-ended segment of half-width r from (x1,y1) to (x2,y2), counter-clockwise. */
function capsule(p: PathText, x1: number, y1: number, x2: number, y2: number, r: number): void {
  const length = Math.hypot(x2 - x1, y2 - y1)
  if (length === 0) return circle(p, x1, y1, r)
  // left normal of the direction, scaled to the half-width
  const nx = (-(y2 - y1) / length) * r
  const ny = ((x2 - x1) / length) * r
  p.move(x1 - nx, y1 - ny).line(x2 - nx, y2 - ny).arc(r, x2 + nx, y2 + ny).line(x1 + nx, y1 + ny).arc(r, x1 - nx, y1 - ny).close()
}

function rotate(cx: number, cy: number, dx: number, dy: number, degrees: number): [number, number] {
  const radians = (degrees * Math.PI) / 180
  const cos = Math.cos(radians)
  const sin = Math.sin(radians)
  return [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos]
}

function rect(p: PathText, cx: number, cy: number, width: number, height: number, rotation: number): void {
  const w = width / 2
  const h = height / 2
  const corners = [[-w, -h], [w, -h], [w, h], [-w, h]].map(([dx, dy]) => rotate(cx, cy, dx!, dy!, rotation))
  corners.forEach(([x, y], i) => (i === 0 ? p.move(x, y) : p.line(x, y)))
  p.close()
}

function obround(p: PathText, cx: number, cy: number, width: number, height: number, rotation: number): void {
  // the straight part runs along the longer side; the ends are half-circles of the shorter
  const r = Math.min(width, height) / 2
  const half = Math.abs(width - height) / 2
  const [dx, dy] = width >= height ? [half, 0] : [0, half]
  const [x1, y1] = rotate(cx, cy, -dx, -dy, rotation)
  const [x2, y2] = rotate(cx, cy, dx, dy, rotation)
  capsule(p, x1, y1, x2, y2, r)
}

/** One shape's path data; polygon rings first lose the points within `tolerance` (nm) of their outline. */
export function shapePath(shape: Shape, tolerance: Tolerance = 0): string {
  const p = new PathText()
  switch (shape.type) {
    case 'circle':
      circle(p, shape.cx, shape.cy, shape.diameter / 2)
      break
    case 'rect':
      rect(p, shape.cx, shape.cy, shape.width, shape.height, shape.rotation)
      break
    case 'obround':
      obround(p, shape.cx, shape.cy, shape.width, shape.height, shape.rotation)
      break
    case 'stroke':
      capsule(p, shape.x1, shape.y1, shape.x2, shape.y2, shape.width / 2)
      break
    case 'polygon':
      for (const path of shape.paths) {
        if (path.length < 2) continue
        const kept = simplify(path, tolerance)
        // a ring simplified to a sliver (under the tolerance everywhere) is not drawn
        if (tolerance !== 0 && kept.length < 3) continue
        kept.forEach((q, i) => (i === 0 ? p.move(q.x, q.y) : p.line(q.x, q.y)))
        p.close()
      }
  }
  return p.text
}

/** A distance in nm, fixed or as a function of the box (nm) of the points a span of the outline replaces. */
export type Tolerance = number | ((box: Box) => number)

/**
 * Douglas–Peucker: the ring's points such that every dropped point lies within the tolerance (nm) of
 * the span that replaces it; with a function, each span's own box decides, so a pour that crosses a
 * finding's window keeps its detail there and loses it elsewhere.
 */
export function simplify(ring: readonly { x: number; y: number }[], tolerance: Tolerance): { x: number; y: number }[] {
  const n = ring.length
  if (n <= 3 || tolerance === 0) return [...ring]
  const keep = new Uint8Array(n)
  keep[0] = 1
  keep[n - 1] = 1
  const stack: [number, number][] = [[0, n - 1]]
  while (stack.length > 0) {
    const [a, b] = stack.pop()!
    const A = ring[a]!
    const B = ring[b]!
    const dx = B.x - A.x
    const dy = B.y - A.y
    const length = Math.hypot(dx, dy)
    let worst = -1
    let worstAt = -1
    const box: Box = [Math.min(A.x, B.x), Math.min(A.y, B.y), Math.max(A.x, B.x), Math.max(A.y, B.y)]
    for (let i = a + 1; i < b; i++) {
      const P = ring[i]!
      const d = length === 0 ? Math.hypot(P.x - A.x, P.y - A.y) : Math.abs(dx * (A.y - P.y) - dy * (A.x - P.x)) / length
      if (d > worst) { worst = d; worstAt = i }
      if (P.x < box[0]) box[0] = P.x
      if (P.y < box[1]) box[1] = P.y
      if (P.x > box[2]) box[2] = P.x
      if (P.y > box[3]) box[3] = P.y
    }
    if (worst > (typeof tolerance === 'number' ? tolerance : tolerance(box))) {
      keep[worstAt] = 1
      stack.push([a, worstAt], [worstAt, b])
    }
  }
  return ring.filter((_, i) => keep[i] === 1)
}

/**
 * How a layer is drawn: polygon outlines lose the points within `fine` (nm) of them where `near` (a
 * box in nm) holds, and within `tolerance` (nm) elsewhere. Other shapes are drawn as they are.
 */
export interface Detail {
  near: (box: Box) => boolean
  fine: number
  tolerance: number
  /**
   * Strokes become centre lines of their width with round caps, and circles dots of their diameter:
   * the same shapes as their outlines, in a third of the text. Only for a role drawn by its fill,
   * with no outline of its own.
   */
  strokesAsLines: boolean
}

export interface LayerPaths {
  dark: string
  clear: string
  /** Strokes as centre lines and circles as dots, one path per width (mm text → path data), joined where one ends at the next. */
  lines: Map<string, string>
}

/** Dark and clear features of one layer as two path strings (clear ones become a mask), and the stroke lines. */
export function layerPaths(features: Feature[], detail?: Detail): LayerPaths {
  let dark = ''
  let clear = ''
  const lines = new Map<string, PathText>()
  const ends = new Map<string, string>()
  for (const feature of features) {
    const { shape } = feature
    if (detail?.strokesAsLines && feature.polarity !== 'clear' && (shape.type === 'stroke' || shape.type === 'circle')) {
      // a circle is a zero-length stroke of its diameter
      const [x1, y1, x2, y2, w] = shape.type === 'stroke' ? [shape.x1, shape.y1, shape.x2, shape.y2, shape.width] : [shape.cx, shape.cy, shape.cx, shape.cy, shape.diameter]
      const width = mm(Math.round(w / 1000))
      const line = lines.get(width) ?? lines.set(width, new PathText()).get(width)!
      // a track or a glyph is a chain of strokes: the next one starting where the last ended goes on
      // with 'l'; a zero-length one stays 'l0 0', which a round cap draws as a dot
      const start = `${Math.round(x1 / 1000)},${Math.round(-y1 / 1000)}`
      if (ends.get(width) !== start) line.move(x1, y1)
      const before = line.text.length
      line.line(x2, y2)
      if (line.text.length === before) line.text += 'l0 0'
      ends.set(width, `${Math.round(x2 / 1000)},${Math.round(-y2 / 1000)}`)
      continue
    }
    let tolerance: Tolerance = 0
    if (detail !== undefined && shape.type === 'polygon') {
      const { near, fine, tolerance: coarse } = detail
      tolerance = near(feature.bbox) ? (box: Box) => (near(box) ? fine : coarse) : coarse
    }
    const d = shapePath(shape, tolerance)
    if (feature.polarity === 'clear') clear += d
    else dark += d
  }
  return { dark, clear, lines: new Map([...lines].map(([width, p]) => [width, p.text])) }
}

/** Union of feature boxes in nm, or null for no features. */
export function featuresBox(features: Feature[]): Box | null {
  if (features.length === 0) return null
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity]
  for (const { bbox } of features) {
    if (bbox[0] < box[0]) box[0] = bbox[0]
    if (bbox[1] < box[1]) box[1] = bbox[1]
    if (bbox[2] > box[2]) box[2] = bbox[2]
    if (bbox[3] > box[3]) box[3] = bbox[3]
  }
  return box
}

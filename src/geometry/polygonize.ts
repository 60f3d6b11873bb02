// Analytic shapes → exact-enough integer-nm polygons, only when a boolean or an area needs them.
// Curves become chords whose sagitta is at most `tolerance` nm, so area error is below ~(2/3)·tol/r.

import type { Box, Path, Point, Shape } from './types.ts'

/** Largest distance between a true curve and its chords, in nm. 50 nm keeps a 0.1 mm radius within 0.04 % in area. */
export const DEFAULT_TOLERANCE = 50

/** How many segments a full circle of radius r needs for a sagitta ≤ tolerance (at least 8). */
export function circleSegments(radius: number, tolerance = DEFAULT_TOLERANCE): number {
  if (radius <= tolerance) return 8
  const n = Math.ceil(Math.PI / Math.acos(1 - tolerance / radius))
  return Math.max(8, Math.min(n, 4096))
}

/**
 * Radius at which a regular n-gon has the area of the circle of radius 1: π = (n/2)·k²·sin(2π/n).
 * Vertices sit just outside the circle and chord midpoints just inside, so areas (wettable area,
 * dark area) carry no systematic loss, and a coarse tolerance stays accurate.
 */
export function equalAreaFactor(n: number): number {
  return Math.sqrt((2 * Math.PI) / (n * Math.sin((2 * Math.PI) / n)))
}

/** A CCW circle ring with the circle's area (see equalAreaFactor). */
export function circlePath(cx: number, cy: number, radius: number, tolerance = DEFAULT_TOLERANCE): Path {
  if (radius <= 0) return []
  const n = circleSegments(radius, tolerance)
  const r = radius * equalAreaFactor(n)
  const path: Path = new Array(n)
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n
    path[i] = { x: Math.round(cx + r * Math.cos(a)), y: Math.round(cy + r * Math.sin(a)) }
  }
  return path
}

/**
 * Points along an arc from (x1,y1) to (x2,y2) about centre (cx,cy), excluding the start point and
 * including the end. `ccw` true for G03. A zero sweep with equal end points is a full circle
 * (the Gerber G75 convention).
 */
export function arcPoints(
  x1: number, y1: number, x2: number, y2: number, cx: number, cy: number, ccw: boolean,
  tolerance = DEFAULT_TOLERANCE,
): Point[] {
  const r1 = Math.hypot(x1 - cx, y1 - cy)
  const r2 = Math.hypot(x2 - cx, y2 - cy)
  const radius = (r1 + r2) / 2
  const a1 = Math.atan2(y1 - cy, x1 - cx)
  let a2 = Math.atan2(y2 - cy, x2 - cx)
  let sweep = ccw ? a2 - a1 : a1 - a2
  while (sweep < 0) sweep += 2 * Math.PI
  if (sweep < 1e-12 && x1 === x2 && y1 === y2) sweep = 2 * Math.PI
  const n = Math.max(1, Math.ceil((circleSegments(radius, tolerance) * sweep) / (2 * Math.PI)))
  const out: Point[] = []
  for (let i = 1; i < n; i++) {
    const t = i / n
    const a = ccw ? a1 + sweep * t : a1 - sweep * t
    const r = r1 + (r2 - r1) * t // a slightly elliptic arc when the file's radii differ: follow both ends
    out.push({ x: Math.round(cx + r * Math.cos(a)), y: Math.round(cy + r * Math.sin(a)) })
  }
  out.push({ x: x2, y: y2 })
  void a2
  return out
}

/** Rotate (x,y) by `degrees` CCW about the origin. */
export function rotatePoint(x: number, y: number, degrees: number): [number, number] {
  if (degrees === 0) return [x, y]
  const a = (degrees * Math.PI) / 180
  const c = Math.cos(a)
  const s = Math.sin(a)
  return [x * c - y * s, x * s + y * c]
}

function rectPath(cx: number, cy: number, w: number, h: number, rotation: number): Path {
  const corners: [number, number][] = [[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]]
  return corners.map(([x, y]) => {
    const [rx, ry] = rotatePoint(x, y, rotation)
    return { x: Math.round(cx + rx), y: Math.round(cy + ry) }
  })
}

/** A stadium: the points within r of segment (x1,y1)-(x2,y2). CCW. */
export function capsulePath(x1: number, y1: number, x2: number, y2: number, r: number, tolerance = DEFAULT_TOLERANCE): Path {
  if (r <= 0) return []
  if (x1 === x2 && y1 === y2) return circlePath(x1, y1, r, tolerance)
  const dir = Math.atan2(y2 - y1, x2 - x1)
  const half = Math.max(2, Math.ceil(circleSegments(r, tolerance) / 2))
  // the two caps make one circle of 2·half segments: give them that circle's area
  const cap = r * equalAreaFactor(2 * half)
  const path: Path = []
  // cap around the end point from dir-90° to dir+90°, then around the start point
  for (let i = 0; i <= half; i++) {
    const a = dir - Math.PI / 2 + (Math.PI * i) / half
    const rr = i === 0 || i === half ? r : cap // the side edges stay exactly r from the segment
    path.push({ x: Math.round(x2 + rr * Math.cos(a)), y: Math.round(y2 + rr * Math.sin(a)) })
  }
  for (let i = 0; i <= half; i++) {
    const a = dir + Math.PI / 2 + (Math.PI * i) / half
    const rr = i === 0 || i === half ? r : cap
    path.push({ x: Math.round(x1 + rr * Math.cos(a)), y: Math.round(y1 + rr * Math.sin(a)) })
  }
  return path
}

/** The exact polygon of an analytic shape (rings CCW; a polygon shape's own rings are returned as is). */
export function shapeToPaths(shape: Shape, tolerance = DEFAULT_TOLERANCE): Path[] {
  switch (shape.type) {
    case 'circle':
      return [circlePath(shape.cx, shape.cy, shape.diameter / 2, tolerance)]
    case 'rect':
      return [rectPath(shape.cx, shape.cy, shape.width, shape.height, shape.rotation)]
    case 'obround': {
      const { width: w, height: h } = shape
      const r = Math.min(w, h) / 2
      const [dx, dy] = w >= h ? [w / 2 - r, 0] : [0, h / 2 - r]
      const [ax, ay] = rotatePoint(-dx, -dy, shape.rotation)
      const [bx, by] = rotatePoint(dx, dy, shape.rotation)
      return [capsulePath(shape.cx + ax, shape.cy + ay, shape.cx + bx, shape.cy + by, r, tolerance)]
    }
    case 'stroke':
      return [capsulePath(shape.x1, shape.y1, shape.x2, shape.y2, shape.width / 2, tolerance)]
    case 'polygon':
      return shape.paths
  }
}

/** Exact bounding box of a shape in nm (analytic for curves, not from chords). */
export function shapeBox(shape: Shape): Box {
  const out: Box = [0, 0, 0, 0]
  switch (shape.type) {
    case 'circle':
      return circleBox(shape.cx, shape.cy, shape.diameter, out)
    case 'rect':
    case 'obround':
      return uprightBox(shape.cx, shape.cy, shape.width, shape.height, shape.rotation, out) ?? pathsBox(shapeToPaths(shape))
    case 'stroke':
      return strokeBox(shape.x1, shape.y1, shape.x2, shape.y2, shape.width, out)
    case 'polygon':
      return pathsBox(shape.paths)
  }
}

// The box formulas by parameters, into `out`: packed features (src/layers/pack.ts) keep no box and
// make theirs with these, so it is the readers' box bit for bit.

/** A circle's box: its centre ± half its diameter. */
export function circleBox(cx: number, cy: number, diameter: number, out: Box): Box {
  const r = diameter / 2
  out[0] = cx - r; out[1] = cy - r; out[2] = cx + r; out[3] = cy + r
  return out
}

/** A stroke's box: its end points' extremes ± half its width. */
export function strokeBox(x1: number, y1: number, x2: number, y2: number, width: number, out: Box): Box {
  const r = width / 2
  out[0] = Math.min(x1, x2) - r; out[1] = Math.min(y1, y2) - r
  out[2] = Math.max(x1, x2) + r; out[3] = Math.max(y1, y2) + r
  return out
}

/** A rect's or obround's box when it is turned by a multiple of 90°; undefined otherwise (its outline's box is its box then). */
export function uprightBox(cx: number, cy: number, w: number, h: number, rotation: number, out: Box): Box | undefined {
  if (rotation % 180 === 0) { out[0] = cx - w / 2; out[1] = cy - h / 2; out[2] = cx + w / 2; out[3] = cy + h / 2 }
  else if (rotation % 90 === 0) { out[0] = cx - h / 2; out[1] = cy - w / 2; out[2] = cx + h / 2; out[3] = cy + w / 2 }
  else return undefined
  return out
}

export function pathsBox(paths: Path[]): Box {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  for (const path of paths) {
    for (const p of path) {
      if (p.x < minX) minX = p.x
      if (p.y < minY) minY = p.y
      if (p.x > maxX) maxX = p.x
      if (p.y > maxY) maxY = p.y
    }
  }
  return [minX, minY, maxX, maxY]
}

/** The centre of an analytic shape, or of a polygon's box. */
export function shapeCenter(shape: Shape): Point {
  switch (shape.type) {
    case 'circle':
    case 'rect':
    case 'obround':
      return { x: shape.cx, y: shape.cy }
    case 'stroke':
      return { x: (shape.x1 + shape.x2) / 2, y: (shape.y1 + shape.y2) / 2 }
    case 'polygon': {
      const [a, b, c, d] = pathsBox(shape.paths)
      return { x: (a + c) / 2, y: (b + d) / 2 }
    }
  }
}

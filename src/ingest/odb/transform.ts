// Placement of a shape: mirror in X, rotate counter-clockwise, translate (in that order). Used for pad
// orientation (ODB++ writes clockwise angles: callers negate) and for step-and-repeat.

import type { Path, Point, Shape } from '../../geometry/types.ts'
import { rotatePoint } from '../../geometry/polygonize.ts'

export interface Transform {
  mirror: boolean
  /** Counter-clockwise degrees. */
  rotation: number
  dx: number
  dy: number
}

export const IDENTITY: Transform = { mirror: false, rotation: 0, dx: 0, dy: 0 }

export const isIdentity = (t: Transform) => !t.mirror && t.rotation === 0 && t.dx === 0 && t.dy === 0

const normalize = (degrees: number) => ((degrees % 360) + 360) % 360

export function applyToPoint(t: Transform, x: number, y: number): Point {
  if (t.rotation === 0 && !t.mirror) return { x: Math.round(x + t.dx), y: Math.round(y + t.dy) }
  const [rx, ry] = rotatePoint(t.mirror ? -x : x, y, t.rotation)
  return { x: Math.round(rx + t.dx), y: Math.round(ry + t.dy) }
}

/** outer ∘ inner: first `inner`, then `outer`. */
export function compose(outer: Transform, inner: Transform): Transform {
  const d = applyToPoint({ ...outer, dx: 0, dy: 0 }, inner.dx, inner.dy)
  return {
    mirror: outer.mirror !== inner.mirror,
    // a mirror reverses the sense of the rotation that comes before it
    rotation: normalize(outer.rotation + (outer.mirror ? -inner.rotation : inner.rotation)),
    dx: d.x + outer.dx,
    dy: d.y + outer.dy,
  }
}

function transformPath(t: Transform, path: Path): Path {
  const out = path.map((p) => applyToPoint(t, p.x, p.y))
  return t.mirror ? out.reverse() : out // keep outer rings CCW
}

/** The shape placed by `t`; analytic shapes stay analytic. */
export function transformShape(t: Transform, shape: Shape): Shape {
  switch (shape.type) {
    case 'circle': {
      const c = applyToPoint(t, shape.cx, shape.cy)
      return { ...shape, cx: c.x, cy: c.y }
    }
    case 'rect':
    case 'obround': {
      const c = applyToPoint(t, shape.cx, shape.cy)
      // both shapes are symmetric about their own axes: a mirror only flips the rotation's sense
      const own = t.mirror ? -shape.rotation : shape.rotation
      return { ...shape, cx: c.x, cy: c.y, rotation: normalize(own + t.rotation) }
    }
    case 'stroke': {
      const a = applyToPoint(t, shape.x1, shape.y1)
      const b = applyToPoint(t, shape.x2, shape.y2)
      return { ...shape, x1: a.x, y1: a.y, x2: b.x, y2: b.y }
    }
    case 'polygon':
      return { type: 'polygon', paths: shape.paths.map((p) => transformPath(t, p)) }
  }
}

/** Multiply every size and coordinate of a shape at the origin (pad resize factor). */
export function scaleShape(shape: Shape, factor: number): Shape {
  if (factor === 1) return shape
  const s = (v: number) => Math.round(v * factor)
  switch (shape.type) {
    case 'circle': return { ...shape, cx: s(shape.cx), cy: s(shape.cy), diameter: s(shape.diameter) }
    case 'rect':
    case 'obround': return { ...shape, cx: s(shape.cx), cy: s(shape.cy), width: s(shape.width), height: s(shape.height) }
    case 'stroke': return { ...shape, x1: s(shape.x1), y1: s(shape.y1), x2: s(shape.x2), y2: s(shape.y2), width: s(shape.width) }
    case 'polygon': return { type: 'polygon', paths: shape.paths.map((p) => p.map((q) => ({ x: s(q.x), y: s(q.y) }))) }
  }
}

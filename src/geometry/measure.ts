// Areas, distances and widths between shapes: analytic for circles (the common bump case), polygons otherwise.

import type { Path, Point, Shape } from './types.ts'
import { area, intersect, offset, union } from './boolean.ts'
import { shapeToPaths } from './polygonize.ts'

type Circle = Extract<Shape, { type: 'circle' }>

/** Area of a shape in nm² (exact for circles and rectangles). */
export function shapeArea(shape: Shape): number {
  switch (shape.type) {
    case 'circle':
      return (Math.PI * shape.diameter * shape.diameter) / 4
    case 'rect':
      return shape.width * shape.height
    case 'obround': {
      const r = Math.min(shape.width, shape.height) / 2
      return shape.width * shape.height - (4 - Math.PI) * r * r
    }
    case 'stroke':
      return Math.hypot(shape.x2 - shape.x1, shape.y2 - shape.y1) * shape.width + (Math.PI * shape.width * shape.width) / 4
    case 'polygon':
      return area(union(shape.paths))
  }
}

/** Area of the lens where two circles overlap, nm². */
export function circleOverlapArea(a: Circle, b: Circle): number {
  const r1 = a.diameter / 2
  const r2 = b.diameter / 2
  const d = Math.hypot(a.cx - b.cx, a.cy - b.cy)
  if (d >= r1 + r2) return 0
  if (d <= Math.abs(r1 - r2)) return Math.PI * Math.min(r1, r2) ** 2
  const alpha = Math.acos((d * d + r1 * r1 - r2 * r2) / (2 * d * r1))
  const beta = Math.acos((d * d + r2 * r2 - r1 * r1) / (2 * d * r2))
  return r1 * r1 * (alpha - Math.sin(2 * alpha) / 2) + r2 * r2 * (beta - Math.sin(2 * beta) / 2)
}

/** Area of a ∩ b in nm². */
export function overlapArea(a: Shape, b: Shape): number {
  if (a.type === 'circle' && b.type === 'circle') return circleOverlapArea(a, b)
  return area(intersect(shapeToPaths(a), shapeToPaths(b)))
}

/** Distance from p to the segment a–b. */
export function pointSegmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const len2 = dx * dx + dy * dy
  let t = len2 === 0 ? 0 : ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2
  t = Math.max(0, Math.min(1, t))
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
}

/** NonZero winding test of p against rings. */
export function insidePaths(p: Point, paths: readonly Path[]): boolean {
  let winding = 0
  for (const ring of paths) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[j]!
      const b = ring[i]!
      if (a.y <= p.y) {
        if (b.y > p.y && (b.x - a.x) * (p.y - a.y) - (p.x - a.x) * (b.y - a.y) > 0) winding++
      } else if (b.y <= p.y && (b.x - a.x) * (p.y - a.y) - (p.x - a.x) * (b.y - a.y) < 0) winding--
    }
  }
  return winding !== 0
}

/** Distance from p to the region enclosed by rings (0 inside). */
export function pointPathsDistance(p: Point, paths: readonly Path[]): number {
  if (insidePaths(p, paths)) return 0
  let best = Infinity
  for (const ring of paths) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const d = pointSegmentDistance(p, ring[j]!, ring[i]!)
      if (d < best) best = d
    }
  }
  return best
}

/**
 * Overhang distance: the largest distance from a point of `deposit` to the wettable region
 * (how far molten metal must travel back). The farthest point lies on the deposit's boundary,
 * so the deposit's vertices (chords within the polygonize tolerance) are the candidates.
 */
export function overhangDistance(deposit: Shape, wettable: readonly Shape[]): number {
  if (wettable.length === 0) return Infinity
  if (deposit.type === 'circle' && wettable.length === 1 && wettable[0]!.type === 'circle') {
    const w = wettable[0]!
    const d = Math.hypot(deposit.cx - w.cx, deposit.cy - w.cy)
    return Math.max(0, d + deposit.diameter / 2 - w.diameter / 2)
  }
  const target = wettable.length === 1 ? shapeToPaths(wettable[0]!) : union(wettable.flatMap((w) => shapeToPaths(w)))
  let worst = 0
  for (const ring of shapeToPaths(deposit)) {
    for (const p of ring) {
      const d = pointPathsDistance(p, target)
      if (d > worst) worst = d
    }
  }
  return worst
}

/** Smallest distance between two shapes (0 when they touch or overlap). */
export function shapeDistance(a: Shape, b: Shape): number {
  if (a.type === 'circle' && b.type === 'circle') {
    return Math.max(0, Math.hypot(a.cx - b.cx, a.cy - b.cy) - a.diameter / 2 - b.diameter / 2)
  }
  // a circle against anything: exact, from its centre, so chords never shift a clearance
  if (a.type === 'circle') return Math.max(0, pointPathsDistance({ x: a.cx, y: a.cy }, shapeToPaths(b)) - a.diameter / 2)
  if (b.type === 'circle') return Math.max(0, pointPathsDistance({ x: b.cx, y: b.cy }, shapeToPaths(a)) - b.diameter / 2)
  return pathsDistance(shapeToPaths(a), shapeToPaths(b))
}

/** Smallest distance between two regions given as rings (0 when they overlap). */
export function pathsDistance(pa: readonly Path[], pb: readonly Path[]): number {
  if (pa.length === 0 || pb.length === 0) return Infinity
  if (insidePaths(pa[0]![0]!, pb) || insidePaths(pb[0]![0]!, pa)) return 0
  let best = Infinity
  for (const ring of pa) for (const p of ring) best = Math.min(best, pointPathsDistance(p, pb))
  for (const ring of pb) for (const p of ring) best = Math.min(best, pointPathsDistance(p, pa))
  return best
}

/**
 * Narrowest width of a shape in nm, the way a DRC width check sees it: exact for analytic shapes;
 * for polygons, whether the shape survives an erosion by half the width is what `isNarrowerThan` asks.
 */
export function analyticWidth(shape: Shape): number | null {
  switch (shape.type) {
    case 'circle':
      return shape.diameter
    case 'rect':
    case 'obround':
      return Math.min(shape.width, shape.height)
    case 'stroke':
      return shape.width
    case 'polygon':
      return null
  }
}

/**
 * True when the shape has no spot `width` wide: its largest inscribed circle is smaller, i.e. an
 * erosion by width/2 leaves nothing. For the convex shapes a wettable area usually is (circles,
 * rectangles, lenses of circle ∩ circle) that is the same as its narrowest width.
 */
export function isNarrowerThan(shape: Shape, width: number): boolean {
  const w = analyticWidth(shape)
  if (w !== null) return w < width
  return area(offset(shapeToPaths(shape), -width / 2)) <= 0
}

// The convex hull of integer points, for the outline of a draw with a polygon aperture and the
// caliper width of a polygon.

import type { Path, Point } from './types.ts'

/** Convex hull (Andrew's monotone chain), counter-clockwise, without repeated or collinear points; fewer than three points come back sorted. */
export function convexHull(points: readonly Point[]): Path {
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

// The outline of an arc drawn with a round tool: an annular sector with round ends, built directly
// (fast, exact to the chord tolerance) and falling back to a round-ended offset when it overlaps itself.

import { Clipper, EndType, JoinType } from 'clipper2-ts'
import type { Path, Point } from '../../geometry/types.ts'
import { circleSegments } from '../../geometry/polygonize.ts'

function arcInto(out: Path, cx: number, cy: number, r: number, from: number, sweep: number, tolerance: number): void {
  const n = Math.max(1, Math.ceil((circleSegments(r, tolerance) * Math.abs(sweep)) / (2 * Math.PI)))
  for (let i = 0; i <= n; i++) {
    const a = from + (sweep * i) / n
    out.push({ x: Math.round(cx + r * Math.cos(a)), y: Math.round(cy + r * Math.sin(a)) })
  }
}

/**
 * Band of half-width `half` around the arc from `start` about `centre` to `end` (points along it
 * given as `trace` for the fallback), `ccw` as drawn. Rings CCW.
 */
export function arcBand(
  start: Point, end: Point, centre: [number, number], ccw: boolean, half: number, trace: Point[], tolerance: number,
): Path[] {
  // a clockwise arc is the same band as the counter-clockwise arc from its end to its start
  const [s, e] = ccw ? [start, end] : [end, start]
  const [cx, cy] = centre
  const r = (Math.hypot(s.x - cx, s.y - cy) + Math.hypot(e.x - cx, e.y - cy)) / 2
  const a1 = Math.atan2(s.y - cy, s.x - cx)
  let sweep = Math.atan2(e.y - cy, e.x - cx) - a1
  while (sweep <= 0) sweep += 2 * Math.PI
  // the direct outline is simple when the inner edge exists and the two end caps do not meet
  const capsApart = sweep <= Math.PI || r * Math.sin((2 * Math.PI - sweep) / 2) >= half
  if (r > half && capsApart) {
    const out: Path = []
    arcInto(out, cx, cy, r + half, a1, sweep, tolerance) // outer edge
    const a2 = a1 + sweep
    arcInto(out, e.x, e.y, half, a2, Math.PI, tolerance) // end cap, outward → inward
    arcInto(out, cx, cy, r - half, a2, -sweep, tolerance) // inner edge, back
    arcInto(out, s.x, s.y, half, a1 + Math.PI, Math.PI, tolerance) // start cap, inward → outward
    return [out]
  }
  // Clipper's round ends take π/acos(1 − tolerance/half) points: for a blown-up aperture (1e14 nm) that is
  // ~10^8 points and the process runs out of memory. 10 ppm of the half-width bounds it (~700 a circle)
  // and leaves every real aperture (half-width under 5 mm at the 50 nm default) as it was.
  return Clipper.inflatePaths([[start, ...trace]], half, JoinType.Round, EndType.Round, 2, Math.max(tolerance, half * 1e-5))
}

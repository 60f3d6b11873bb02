// Coplanarity of a bump array (DOMAIN.md): the range of tip heights, or the JEDEC JESD22-B108
// seating-plane coplanarity — the largest distance from the plane the part rests on to any tip.

/** Range coplanarity: max(h) − min(h), with the first index of the lowest and of the highest tip. */
export interface RangeCoplanarity {
  value: number
  lowestIndex: number
  highestIndex: number
}

/**
 * Range coplanarity: the spread of tip heights, max(h) − min(h). Ties name the first index.
 * @throws RangeError on an empty list.
 * @example rangeCoplanarity([100, 90, 104]) // { value: 14, lowestIndex: 1, highestIndex: 2 }
 */
export function rangeCoplanarity(heights: ArrayLike<number>): RangeCoplanarity {
  if (heights.length === 0) throw new RangeError('range coplanarity needs at least one height')
  let lowestIndex = 0
  let highestIndex = 0
  for (let i = 0; i < heights.length; i++) {
    const h = heights[i]!
    if (h < heights[lowestIndex]!) lowestIndex = i
    if (h > heights[highestIndex]!) highestIndex = i
  }
  return { value: heights[highestIndex]! - heights[lowestIndex]!, lowestIndex, highestIndex }
}

/** Bump tips as typed columns: tip k at (x[k], y[k]) on the substrate, h[k] above it (one length unit); a 250 000-bump array without an object per bump. */
export interface TipColumns {
  x: Float64Array
  y: Float64Array
  h: Float64Array
}

/** The plane h = a·x + b·y + c. */
export interface Plane {
  a: number
  b: number
  c: number
}

export interface SeatingPlaneCoplanarity {
  /**
   * `seating-plane` as JESD22-B108; `range` when there are fewer than 3 bumps or their positions are
   * collinear (no plane rests on them), and `fallbackReason` says which.
   */
  method: 'seating-plane' | 'range'
  fallbackReason?: 'fewer-than-3-bumps' | 'collinear'
  /** Largest perpendicular distance from the seating plane to a tip (range method: max(h) − min(h)). */
  value: number
  /** The seating plane, in the caller's coordinates; null for the range method. */
  plane: Plane | null
  /** Three tips the part rests on (ascending indices) whose triangle encloses the centre of gravity. */
  restingIndices: [number, number, number] | null
  /** The tip farthest from the seating plane (range method: the lowest tip); first index on ties. */
  farthestIndex: number
  /**
   * True when the centre of gravity lies over an edge or a vertex of the upper hull, so the part can
   * rest on more than one plane (it rocks). `value` and `plane` are then the worst of those planes (the first found on a tie).
   */
  rocking: boolean
}

export interface SeatingPlaneOptions {
  /** Projection of the centre of gravity on the substrate; default: the centroid of the bump positions. */
  centreOfGravity?: { x: number; y: number }
}

// The centre of gravity is moved by this fraction of the array's extent, in several directions, so
// that the walk below never stands exactly on an edge (grid centroids often do) and so that each
// side of such an edge is tried. 1e-9 of the extent is far below the nm grid of any real board and
// far above the ~1e-16 rounding of the barycentric coordinates.
const NUDGE = 1e-9
const NUDGE_DIRECTIONS = 8
/** Tips closer than this (relative to the scaled height span) to the plane are on it. */
const RELATIVE_HEIGHT_TOLERANCE = 1e-10
const PLANE_SLOPE_TOLERANCE = 1e-9
const TRIANGLE_CORNERS = [0, 1, 2] as const

/**
 * Seating-plane coplanarity per JEDEC JESD22-B108: the seating plane is the plane through the three
 * tips standing farthest from the substrate whose triangle encloses the projection of the centre of
 * gravity — the plane the part rests on when placed tips-down on a flat surface. Coplanarity is the
 * largest perpendicular distance |a·x + b·y + c − h| / √(a² + b² + 1) from that plane to a tip.
 *
 * Method. With h pointing away from the substrate, the resting plane is the facet of the upper convex
 * hull of the tips that lies over the centre of gravity G: the lowest plane above every tip, measured
 * at G. That is a 3-variable linear programme; we solve its dual — write G as a convex combination of
 * three tips that maximises the lifted height — with the simplex method, which walks from triangle
 * to triangle: take the tip farthest above the current plane, swap it for the one vertex whose
 * removal keeps G inside the triangle (the ratio test), repeat until no tip is above the plane.
 * Each step is O(n) and raises the plane at G; a 3 000-bump array takes a few ms (see the test).
 *
 * When G lies exactly over an edge or a vertex of the hull (common for symmetric arrays: the centroid
 * of a 3 × 3 grid is the middle bump, that of a 4 × 4 grid lies on the diagonals of the middle cell)
 * the part can rock between planes. We run the walk from G moved slightly in several directions
 * (see nudgeAngles: enough to reach every plane through that edge or tip), keep the distinct planes
 * found, report the one with the largest coplanarity and set `rocking`.
 *
 * @example seatingPlaneCoplanarity(tips).value // in the unit of the tips
 */
export function seatingPlaneCoplanarity(tips: TipColumns, options: SeatingPlaneOptions = {}): SeatingPlaneCoplanarity {
  const { x, y, h } = tips
  const n = x.length
  if (n < 3) return rangeFallback(h, 'fewer-than-3-bumps')

  // Centre on G and scale by the xy extent so the geometry is of order 1 whatever the unit (nm).
  let gx = 0
  let gy = 0
  for (let i = 0; i < n; i++) {
    gx += x[i]!
    gy += y[i]!
  }
  gx /= n
  gy /= n
  let topHeight = -Infinity
  for (let i = 0; i < n; i++) topHeight = Math.max(topHeight, h[i]!)
  let extent = 0
  // Stryker disable next-line ArithmeticOperator: any positive scale gives the same plane; only extent 0 (tips on one spot) matters
  for (let i = 0; i < n; i++) extent = Math.max(extent, Math.abs(x[i]! - gx), Math.abs(y[i]! - gy))
  if (!(extent > 0)) return rangeFallback(h, 'collinear')
  const xs = new Float64Array(n)
  const ys = new Float64Array(n)
  const hs = new Float64Array(n)
  let lowest = 0
  for (let i = 0; i < n; i++) {
    xs[i] = (x[i]! - gx) / extent
    ys[i] = (y[i]! - gy) / extent
    hs[i] = (h[i]! - topHeight) / extent
    lowest = Math.min(lowest, hs[i]!)
  }
  const tolerance = RELATIVE_HEIGHT_TOLERANCE * Math.max(1, -lowest)

  const hull = convexHull(xs, ys)
  if (hull.length < 3) return rangeFallback(h, 'collinear')

  const cog = options.centreOfGravity
  const ox = cog ? (cog.x - gx) / extent : 0
  const oy = cog ? (cog.y - gy) / extent : 0

  interface Facet { triangle: [number, number, number]; plane: ScaledPlane; value: number; farthestIndex: number }
  const facets: Facet[] = []
  // every resting triangle found, also those on a plane already a facet: tips on one plane (a
  // coplanar array) give many triangles of that plane, and G often lies on an edge between two of
  // them, so without the second one every direction on its side would walk again (O(n²) at 250 k bumps)
  const resting: [number, number, number][] = []
  const weights = new Float64Array(3)
  // asked from the triangle that held the last direction on: consecutive directions mostly fall in the same one
  let lastHeld = 0
  const held = (px: number, py: number) => {
    for (let k = 0; k < resting.length; k++) {
      const t = (lastHeld + k) % resting.length
      // Stryker disable next-line BlockStatement: without the block the search goes on and answers false, which only skips the short-cut
      if (holds(xs, ys, resting[t]!, px, py, weights)) {
        lastHeld = t
        // Stryker disable next-line BooleanLiteral: false only skips the short-cut (the walk finds that plane again)
        return true
      }
    }
    return false
  }
  const angles = nudgeAngles(xs, ys, ox, oy)
  for (let a = 0; a < angles.length; a++) {
    const angle = angles[a]!
    const px = ox + NUDGE * Math.cos(angle), py = oy + NUDGE * Math.sin(angle)
    // a resting triangle's plane is above every tip whatever G is, so one whose triangle holds this point is its answer
    // (a short-cut: the walk would find that plane again, and samePlane would drop it)
    if (held(px, py)) continue
    const triangle = restingTriangle(xs, ys, hs, hull, px, py, tolerance)
    resting.push(triangle)
    const plane = planeThrough(xs, ys, hs, triangle)
    if (facets.some((f) => samePlane(f.plane, plane))) continue
    const { value, farthestIndex } = farthestFromPlane(xs, ys, hs, plane, tolerance)
    facets.push({ triangle, plane, value, farthestIndex })
  }
  let worst = facets[0]!
  for (const f of facets) if (f.value > worst.value) worst = f // on a tie, the first found

  const { A, B, C } = worst.plane
  return {
    method: 'seating-plane',
    value: worst.value * extent,
    // undo the scaling: (h − top)/extent = A(x − gx)/extent + B(y − gy)/extent + C
    plane: { a: A, b: B, c: topHeight + extent * C - A * gx - B * gy },
    restingIndices: [...worst.triangle].sort((p, q) => p - q) as [number, number, number],
    farthestIndex: worst.farthestIndex,
    rocking: facets.length > 1,
  }
}

/**
 * Directions to nudge G in. Eight (offset so that none runs along a grid axis or diagonal) find both
 * sides of any edge through G. When a tip stands exactly at G, the planes around it are bounded by
 * directions from G to other tips, so the bisector of every two angularly consecutive tips is added:
 * each resting plane around that tip then gets a direction of its own. When no tip is at G they find
 * nothing new, and the facet test in seatingPlaneCoplanarity skips their walks (O(n log n) in all).
 */
function nudgeAngles(xs: Float64Array, ys: Float64Array, ox: number, oy: number): Float64Array {
  // at most one bisector per tip: a column of that size, not an array grown a quarter of a million times
  const angles = new Float64Array(NUDGE_DIRECTIONS + xs.length)
  let count = 0
  for (let k = 0; k < NUDGE_DIRECTIONS; k++) angles[count++] = (2 * Math.PI * k) / NUDGE_DIRECTIONS + 0.3
  const around = new Float64Array(xs.length)
  for (let i = 0; i < xs.length; i++) around[i] = Math.atan2(ys[i]! - oy, xs[i]! - ox)
  // numeric order; −0 before 0 unlike (p, q) => p − q, which changes no bisector below (their gap is 0)
  around.sort()
  for (let k = 0; k < around.length; k++) {
    const angle = around[k]!
    const next = k + 1 < around.length ? around[k + 1]! : around[0]! + 2 * Math.PI
    // tips in one direction from G bound no sector between them (and the bisector would run along an edge)
    if (next - angle > 1e-12) angles[count++] = (angle + next) / 2
  }
  return angles.subarray(0, count)
}

function rangeFallback(heights: Float64Array, reason: 'fewer-than-3-bumps' | 'collinear'): SeatingPlaneCoplanarity {
  if (heights.length === 0) throw new RangeError('coplanarity needs at least one bump')
  const range = rangeCoplanarity(heights)
  return { method: 'range', fallbackReason: reason, value: range.value, plane: null, restingIndices: null,
    farthestIndex: range.lowestIndex, rocking: false }
}

/** h = A·x + B·y + C in the centred, scaled frame. */
interface ScaledPlane { A: number; B: number; C: number }

/** Resting planes all touch the hull over G, so two with the same slopes are the same plane. */
function samePlane(p: ScaledPlane, q: ScaledPlane): boolean {
  return Math.abs(p.A - q.A) <= PLANE_SLOPE_TOLERANCE && Math.abs(p.B - q.B) <= PLANE_SLOPE_TOLERANCE
}

function planeThrough(xs: Float64Array, ys: Float64Array, hs: Float64Array, [i, j, k]: [number, number, number]): ScaledPlane {
  const x1 = xs[j]! - xs[i]!, y1 = ys[j]! - ys[i]!, h1 = hs[j]! - hs[i]!
  const x2 = xs[k]! - xs[i]!, y2 = ys[k]! - ys[i]!, h2 = hs[k]! - hs[i]!
  const det = x1 * y2 - x2 * y1
  const A = (h1 * y2 - h2 * y1) / det
  const B = (x1 * h2 - x2 * h1) / det
  return { A, B, C: hs[i]! - A * xs[i]! - B * ys[i]! }
}

function farthestFromPlane(xs: Float64Array, ys: Float64Array, hs: Float64Array, plane: ScaledPlane, tolerance: number) {
  const norm = Math.sqrt(plane.A * plane.A + plane.B * plane.B + 1)
  let value = 0
  let farthestIndex = 0
  for (let i = 0; i < xs.length; i++) {
    const gap = plane.A * xs[i]! + plane.B * ys[i]! + plane.C - hs[i]!
    if (gap > value) {
      value = gap
      farthestIndex = i
    }
  }
  // a tip within rounding of the plane is on it: a coplanar array reads exactly 0
  return { value: value <= tolerance ? 0 : value / norm, farthestIndex }
}

/** Whether (px, py) lies in triangle i, j, k (its barycentric coordinates, written to `out`, are all ≥ 0). */
function holds(xs: Float64Array, ys: Float64Array, triangle: readonly [number, number, number], px: number, py: number, out: Float64Array): boolean {
  // indexed, not destructured: a destructuring parameter walks the array's iterator, and this runs once per nudge direction
  barycentric(xs, ys, triangle[0], triangle[1], triangle[2], px, py, out)
  return Math.min(out[0]!, out[1]!, out[2]!) >= 0
}

/** Barycentric coordinates of (px, py) in triangle i, j, k, written to `out`. */
function barycentric(xs: Float64Array, ys: Float64Array, i: number, j: number, k: number, px: number, py: number, out: Float64Array) {
  const x1 = xs[j]! - xs[i]!, y1 = ys[j]! - ys[i]!
  const x2 = xs[k]! - xs[i]!, y2 = ys[k]! - ys[i]!
  const qx = px - xs[i]!, qy = py - ys[i]!
  const det = x1 * y2 - x2 * y1
  out[1] = (qx * y2 - x2 * qy) / det
  out[2] = (x1 * qy - qx * y1) / det
  out[0] = 1 - out[1]! - out[2]!
}

/**
 * Dual simplex walk (see seatingPlaneCoplanarity): three tip indices whose triangle contains (ox, oy)
 * and whose plane has no tip above it.
 */
function restingTriangle(xs: Float64Array, ys: Float64Array, hs: Float64Array, hull: number[], ox: number, oy: number,
  tolerance: number): [number, number, number] {
  const lambda = new Float64Array(3)
  const mu = new Float64Array(3)
  // start from the triangle of a fan over the 2-D hull that contains G (G is inside the hull)
  const triangle = hull.slice(1, -1).map((b, t): [number, number, number] => [hull[0]!, b, hull[t + 2]!])
    .find((fan) => holds(xs, ys, fan, ox, oy, lambda))
  if (!triangle) throw new RangeError('the centre of gravity lies outside the bump array: the part would tip over')

  const maxSteps = 20 * xs.length + 100 // never reached: each step strictly raises the plane at G
  // Stryker disable next-line UpdateOperator: counting down, a converging walk still ends when it converges
  for (let step = 0; step < maxSteps; step++) {
    const { A, B, C } = planeThrough(xs, ys, hs, triangle)
    let entering = -1
    let worstViolation = tolerance
    for (let m = 0; m < xs.length; m++) {
      const violation = hs[m]! - (A * xs[m]! + B * ys[m]! + C)
      if (violation > worstViolation) {
        worstViolation = violation
        entering = m
      }
    }
    if (entering < 0) return triangle
    // ratio test: swap out the vertex r that keeps (ox, oy) inside — the smallest λr/μr with μr > 0
    barycentric(xs, ys, triangle[0], triangle[1], triangle[2], ox, oy, lambda)
    barycentric(xs, ys, triangle[0], triangle[1], triangle[2], xs[entering]!, ys[entering]!, mu)
    // the entering tip's barycentric coordinates sum to 1, so one of them exceeds 1e-12 and sets `leaving`
    let leaving = 0
    let bestRatio = Infinity
    for (const r of TRIANGLE_CORNERS) {
      if (mu[r]! <= 1e-12) continue
      const ratio = Math.max(0, lambda[r]!) / mu[r]!
      if (ratio < bestRatio) {
        bestRatio = ratio
        leaving = r
      }
    }
    triangle[leaving] = entering
  }
  throw new Error('seating plane: simplex walk did not converge (please report this input)')
}

/** Andrew's monotone chain; counter-clockwise, collinear points dropped. */
function convexHull(xs: Float64Array, ys: Float64Array): number[] {
  // by x, then y, then index: sorting the positions by rank (two stable counting passes) instead of by
  // a comparator (about 18 calls per tip at 250 000 tips)
  const order = countingOrder(xs, countingOrder(ys, identity(xs.length)))
  const cross = (o: number, a: number, b: number) =>
    (xs[a]! - xs[o]!) * (ys[b]! - ys[o]!) - (ys[a]! - ys[o]!) * (xs[b]! - xs[o]!)
  // collinear within rounding (scaled extent 1) counts as collinear
  const flat = 1e-12
  const chain = (indices: Int32Array) => {
    const out: number[] = []
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, i) <= flat) out.pop()
      out.push(i)
    }
    out.pop()
    return out
  }
  const lower = chain(order)
  const upper = chain(order.slice().reverse())
  return lower.concat(upper)
}

function identity(n: number): Int32Array {
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  return order
}

/**
 * The positions of `order` stably re-ordered by their value in `values` (equal values, −0 and 0
 * included, keep their order in `order`): a counting sort over the ranks of the distinct values,
 * of which a grid has few (one per row or column), so only those few are sorted.
 */
function countingOrder(values: Float64Array, order: Int32Array): Int32Array {
  // a Map's keys are equal by SameValueZero: −0 and 0 are one key, as they compare equal
  const rankOf = new Map<number, number>()
  // a value repeated right after itself (a grid row's y) is one key: its Map look-ups are skipped
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) rankOf.set(values[i]!, 0)
  const distinct = Float64Array.from(rankOf.keys()).sort()
  for (let r = 0; r < distinct.length; r++) rankOf.set(distinct[r]!, r)
  const rank = new Int32Array(values.length)
  const start = new Int32Array(distinct.length + 1)
  let r = 0
  for (let i = 0; i < values.length; i++) {
    if (i === 0 || values[i] !== values[i - 1]) r = rankOf.get(values[i]!)!
    rank[i] = r
    start[r + 1]!++
  }
  for (let r = 0; r < distinct.length; r++) start[r + 1]! += start[r]!
  const sorted = new Int32Array(order.length)
  for (let k = 0; k < order.length; k++) sorted[start[rank[order[k]!]!]!++] = order[k]!
  return sorted
}

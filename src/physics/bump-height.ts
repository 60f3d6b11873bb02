// The spherical cap of molten metal pinned at the edge of the wettable area (DOMAIN.md, "bump height"):
// its height from its volume and base radius. The bump models (melt-cap.ts, ball-paste.ts) build on it.
import { hypot } from './hypot.ts'

/**
 * Height `h` of a spherical cap of volume `volume` standing on a circular base of radius `radius`.
 *
 * The cap volume is V = π h (3a² + h²) / 6, i.e. the depressed cubic h³ + 3a²h − 6V/π = 0 with
 * p = 3a² > 0, so it has exactly one real root. Cardano (DOMAIN.md):
 *   h = ∛(3V/π + √(9V²/π² + a⁶)) + ∛(3V/π − √(9V²/π² + a⁶)) = u + v,  with u·v = −p/3 = −a².
 * Written that way the two cube roots nearly cancel when V ≪ a³ (v ≈ −u), losing every digit for
 * tiny deposits. We keep Cardano's u but form the root as (u³ + v³) / (u² − uv + v²):
 *   h = (6V/π) / (u² + a² + a⁴/u²)
 * which adds only positive terms, so it is accurate from V → 0 (h → 2V/(πa²), a flat disc) to
 * V → ∞ (h → ∛(6V/π), a sphere of diameter h). The square root is taken with `hypot` (Math.hypot's, see hypot.ts) so that
 * V² and a⁶ cannot overflow. No cube root of a negative number is ever needed (u > 0).
 *
 * Units: any consistent length unit (the callers use nm; V ~ 1e16 nm³ is well inside a double).
 * `radius` 0 gives the sphere ∛(6V/π): no wettable area means no pinned contact line, so the caller
 * should treat that case as "no bump forms", not trust the number.
 *
 * @throws RangeError when `volume` or `radius` is negative or not finite.
 * @example capHeight((2 / 3) * Math.PI * 1000, 10) // ≈ 10: the hemisphere of radius 10
 */
export function capHeight(volume: number, radius: number): number {
  if (!Number.isFinite(volume) || volume < 0) throw new RangeError(`cap volume must be a finite number ≥ 0 (got ${volume})`)
  if (!Number.isFinite(radius) || radius < 0) throw new RangeError(`cap base radius must be a finite number ≥ 0 (got ${radius})`)
  if (volume === 0) return 0
  const halfQ = (3 * volume) / Math.PI // −q/2 of the depressed cubic
  const radiusCubed = radius * radius * radius
  const u = Math.cbrt(halfQ + hypot(halfQ, radiusCubed))
  const aSquared = radius * radius
  return (2 * halfQ) / (u * u + aSquared + (aSquared * aSquared) / (u * u))
}

/** Radius of the circle whose area is `area`: √(area / π). Used for non-circular pads (an estimate). */
export function equivalentRadius(area: number): number {
  if (!Number.isFinite(area) || area < 0) throw new RangeError(`area must be a finite number ≥ 0 (got ${area})`)
  return Math.sqrt(area / Math.PI)
}

/**
 * The input checks every bump model makes: a metal fraction within [0, 1] and lengths, areas and
 * volumes that are finite and ≥ 0. The RangeError names the first bad input.
 * @example requireBumpInputs(0.5, { 'deposit area': 1e10, 'pad thickness': -1 }) // throws "pad thickness must be …"
 */
export function requireBumpInputs(metalVolumeFraction: number, sizes: Readonly<Record<string, number>>): void {
  if (!(metalVolumeFraction >= 0 && metalVolumeFraction <= 1)) throw new RangeError(`metal volume fraction must be within [0, 1] (got ${metalVolumeFraction})`)
  for (const name in sizes) {
    const value = sizes[name]!
    if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`${name} must be a finite number ≥ 0 (got ${value})`)
  }
}

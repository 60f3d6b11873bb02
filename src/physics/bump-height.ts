// Bump height from the metal volume and the wettable area (DOMAIN.md, "bump height"): the molten metal
// draws back onto the wettable pad and, pinned at the pad edge, takes the shape of a spherical cap.

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
 * V → ∞ (h → ∛(6V/π), a sphere of diameter h). The square root is taken with `Math.hypot` so that
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
  const u = Math.cbrt(halfQ + Math.hypot(halfQ, radiusCubed))
  const aSquared = radius * radius
  return (2 * halfQ) / (u * u + aSquared + (aSquared * aSquared) / (u * u))
}

/** Radius of the circle whose area is `area`: √(area / π). Used for non-circular pads (an estimate). */
export function equivalentRadius(area: number): number {
  if (!Number.isFinite(area) || area < 0) throw new RangeError(`area must be a finite number ≥ 0 (got ${area})`)
  return Math.sqrt(area / Math.PI)
}

export interface BumpHeightInput {
  /** Area of the deposit (stencil aperture, screen opening, plated cap) over the pad, in length². */
  depositArea: number
  /** Thickness of the deposit as laid down (stencil thickness), in length. */
  depositThickness: number
  /** Fraction of the deposit that is metal after melting (powder/paste is part binder/flux; ~0.5 for solder paste). */
  metalVolumeFraction: number
  /** Wettable area W = pad ∩ mask opening, in length². */
  wettableArea: number
  /** Height of the pad metal itself, added under the cap; 0 when the deck does not give it. */
  padThickness?: number
  /** True when the wettable area is a circle; otherwise the radius of the circle of equal area is used. */
  circular: boolean
}

export interface BumpHeightPrediction {
  /** Tip height above the substrate: pad thickness + cap height. */
  height: number
  /** Height of the molten-metal cap above the pad. */
  capHeight: number
  /** Metal volume after melting: depositArea × depositThickness × metalVolumeFraction. */
  volume: number
  /** Base radius used for the cap (the pad radius, or the equal-area radius for non-circular pads). */
  radius: number
  /** True when the pad is not circular, so the cap on an equal-area circle is only an estimate. */
  estimate: boolean
}

/**
 * Predicts the bump height after melting (DOMAIN.md): Vm = area(deposit) × thickness × metal fraction,
 * spread as a spherical cap pinned at the edge of the wettable area, on top of the pad's own thickness.
 *
 * @example predictBumpHeight({ depositArea: 2e10, depositThickness: 1e5, metalVolumeFraction: 0.5,
 *   wettableArea: 1.2e10, padThickness: 35e3, circular: true }).height // nm
 */
export function predictBumpHeight(input: BumpHeightInput): BumpHeightPrediction {
  const { depositArea, depositThickness, metalVolumeFraction, wettableArea, circular } = input
  const padThickness = input.padThickness ?? 0
  if (!(metalVolumeFraction >= 0 && metalVolumeFraction <= 1)) {
    throw new RangeError(`metal volume fraction must be within [0, 1] (got ${metalVolumeFraction})`)
  }
  // one call per bump (a million on a substrate): plain calls, no array of pairs to allocate
  requireLength('deposit area', depositArea)
  requireLength('deposit thickness', depositThickness)
  requireLength('pad thickness', padThickness)
  const volume = depositArea * depositThickness * metalVolumeFraction
  const radius = equivalentRadius(wettableArea)
  const cap = capHeight(volume, radius)
  return { height: padThickness + cap, capHeight: cap, volume, radius, estimate: !circular }
}

function requireLength(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number ≥ 0 (got ${value})`)
}

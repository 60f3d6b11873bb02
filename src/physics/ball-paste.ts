// Pre-balled BGA on a PCB (DOMAIN.md "ball-paste"): the package brings a solder ball of diameter D, the
// board's paste adds Vp = print area × stencil thickness × metal fraction. After reflow ball and paste are
// one joint wetting both lands: a truncated sphere (spherical zone) between two parallel circular lands,
// radii r1 (board) and r2 (package), h apart:
//
//   V = π h (3r1² + 3r2² + h²) / 6,   V = π D³ / 6 + Vp
//
// Source: volume of a spherical segment of two bases (spherical zone), Bronshtein & Semendyayev,
// Handbook of Mathematics §3.3.4: V = π h (3a² + 3b² + h²)/6. Written as h³ + 3(r1² + r2²) h − 6V/π = 0
// it is the cap equation with a² = r1² + r2², so the same numerically stable Cardano root (capHeight)
// solves it: h = capHeight(V, √(r1² + r2²)). r2 = 0 gives back the melt-cap (one land) case.
//
// The joint shape ignores gravity and the package weight: for a 0.6 mm SAC ball the Bond number
// ρ g R² / γ ≈ 7400 · 9.81 · (0.3 mm)² / 0.5 N/m ≈ 0.013, so surface tension sets the shape.
import { capHeight, requireBumpInputs } from './bump-height.ts'

/**
 * Height of a truncated sphere of volume `volume` between two parallel circular lands of radii r1, r2.
 * @example truncatedSphereHeight(0.122915, 0.25, 0.25) // ≈ 0.4235 (mm): a 0.6 mm ball + 0.0098 mm³ of paste on 0.5 mm lands
 */
export function truncatedSphereHeight(volume: number, r1: number, r2: number): number {
  // NaN fails the test too; an infinite radius is refused by capHeight
  if (!(r1 >= 0 && r2 >= 0)) throw new RangeError(`land radii must be finite numbers ≥ 0 (got ${r1}, ${r2})`)
  return capHeight(volume, Math.hypot(r1, r2))
}

/** Volume of a truncated sphere of height h between lands of radii r1, r2 (the inverse, for tests and messages). */
export function truncatedSphereVolume(height: number, r1: number, r2: number): number {
  return (Math.PI * height * (3 * r1 * r1 + 3 * r2 * r2 + height * height)) / 6
}

/** Volume of a ball of diameter D: π D³ / 6. */
export function ballVolume(diameter: number): number {
  return (Math.PI * diameter ** 3) / 6
}

/**
 * Typical solder-ball diameter per BGA pitch, nm: [pitch, ball]. JEDEC JEP95 design guides (§4.5 FBGA,
 * §4.6 / MS-034 PBGA) give a range of ball sizes per pitch; these are the typical values DOMAIN.md lists
 * (1.27 → 0.75, 1.0 → 0.6, 0.8 → 0.45, 0.65 → 0.35, 0.5 → 0.3, 0.4 → 0.25 mm). Where the range has two
 * common values (1.0 mm: 0.5 or 0.6; 0.8 mm: 0.4 or 0.45) the larger is taken: the land-to-ball ratio
 * then errs low, and the deck's `ballDiameters` names the real ball of a part.
 */
export const JEDEC_BALL_DIAMETERS: readonly (readonly [pitch: number, ball: number])[] = [
  [400_000, 250_000],
  [500_000, 300_000],
  [650_000, 350_000],
  [800_000, 450_000],
  [1_000_000, 600_000],
  [1_270_000, 750_000],
]

/** A pitch within this fraction of a table pitch takes that row. */
export const PITCH_MATCH = 0.03

export interface BallSize {
  diameter: number
  /** `table`: a row of JEDEC_BALL_DIAMETERS; `interpolated`: between rows (or clamped past the ends), an estimate. */
  from: 'table' | 'interpolated'
}

/**
 * The ball diameter for a pitch: the table row within ±3 % of the pitch, else linear interpolation
 * between the neighbouring rows (clamped to the first/last row's ball-to-pitch ratio outside the table).
 * @example jedecBallDiameter(1_000_000) // { diameter: 600_000, from: 'table' }
 */
export function jedecBallDiameter(pitch: number): BallSize {
  if (!(Number.isFinite(pitch) && pitch > 0)) throw new RangeError(`pitch must be a finite number > 0 (got ${pitch})`)
  const rows = JEDEC_BALL_DIAMETERS
  for (const [p, d] of rows) if (Math.abs(pitch - p) <= PITCH_MATCH * p) return { diameter: d, from: 'table' }
  const first = rows[0]!, last = rows[rows.length - 1]!
  if (pitch < first[0]) return { diameter: Math.round((pitch * first[1]) / first[0]), from: 'interpolated' }
  if (pitch > last[0]) return { diameter: Math.round((pitch * last[1]) / last[0]), from: 'interpolated' }
  let k = 1
  while (rows[k]![0] < pitch) k++
  const [p0, d0] = rows[k - 1]!, [p1, d1] = rows[k]!
  return { diameter: Math.round(d0 + ((pitch - p0) * (d1 - d0)) / (p1 - p0)), from: 'interpolated' }
}

export interface BallPasteInput {
  ballDiameter: number
  /** Board land radius r1 (the wettable area's, equal-area for a non-circular land). */
  boardLandRadius: number
  /** Package land radius r2 (assumed equal to the board land when unknown). */
  packageLandRadius: number
  /** Paste print area over the land, length². */
  pasteArea: number
  /** Stencil thickness, length. */
  stencilThickness: number
  /** Metal fraction of the paste by volume (~0.5). */
  metalVolumeFraction: number
  /** Board land copper thickness under the joint. */
  padThickness?: number
}

export interface BallPastePrediction {
  /** Tip (package land) height above the board: pad thickness + joint height. */
  height: number
  /** Joint height between the lands. */
  jointHeight: number
  /** Ball + melted paste volume. */
  volume: number
  pasteVolume: number
}

/**
 * Joint height of a pre-balled BGA joint after reflow.
 * @example ballPasteJoint({ ballDiameter: 0.6, boardLandRadius: 0.25, packageLandRadius: 0.25,
 *   pasteArea: Math.PI * 0.0625, stencilThickness: 0.1, metalVolumeFraction: 0.5 }).jointHeight // ≈ 0.4235
 */
export function ballPasteJoint(input: BallPasteInput): BallPastePrediction {
  const { ballDiameter, boardLandRadius, packageLandRadius, pasteArea, stencilThickness, metalVolumeFraction } = input
  const padThickness = input.padThickness ?? 0
  requireBumpInputs(metalVolumeFraction, { 'ball diameter': ballDiameter, 'paste area': pasteArea, 'stencil thickness': stencilThickness, 'pad thickness': padThickness })
  const pasteVolume = pasteArea * stencilThickness * metalVolumeFraction
  const volume = ballVolume(ballDiameter) + pasteVolume
  const jointHeight = truncatedSphereHeight(volume, boardLandRadius, packageLandRadius)
  return { height: padThickness + jointHeight, jointHeight, volume, pasteVolume }
}

// Process A (seeds/000, DOMAIN.md "melt-cap"): the deposit melts alone on its wettable pad and, its
// contact line pinned at the pad edge, takes the shape of a spherical cap.
//
//   Vm = area(deposit) × thickness × metal fraction
//   cap: Vm = π h (3a² + h²) / 6        (a = radius of the wettable area; capHeight in bump-height.ts)
//   tip = pad thickness + h
//
// On a solder-mask-defined pad the opening is a well, `maskThickness` deep over the pad. The melt fills
// the well first (W × maskThickness, W the wettable area = the opening) and that metal adds no cap
// height; the cap stands on the mask top, pinned at the opening edge:
//   Vm > W·m:  tip = pad + m + capHeight(Vm − W·m, a)
//   Vm ≤ W·m:  tip = pad + Vm / W       (the well is only partly filled; the metal never reaches the mask top)
// Source: the spherical-cap volume (Bronshtein & Semendyayev, Handbook of Mathematics, §3.3.4 "spherical
// segment") with the contact line pinned at the edge of the wettable area, as seeds/000 claims 8–9 and 16
// describe the melt drawing back onto the pad.
import { capHeight, equivalentRadius, requireBumpInputs } from './bump-height.ts'

export interface MeltCapInput {
  /** Deposit area over the pad (the union of its deposit features), length². */
  depositArea: number
  /** Deposit thickness as laid down (screen or stencil), length. */
  depositThickness: number
  /** Metal fraction of the deposit by volume, 0..1. */
  metalVolumeFraction: number
  /** Wettable area W = pad ∩ mask opening, length². */
  wettableArea: number
  /** True when W is a circle (else the equal-area circle is used, an estimate). */
  circular: boolean
  /** Pad metal thickness under the bump (0 when unknown). */
  padThickness?: number
  /** Depth of the mask well over a solder-mask-defined pad (the mask thickness over copper); 0 or absent: no well. */
  maskWell?: number
}

/** What every bump model predicts for one bump. */
export interface BumpPrediction {
  /** Tip height above the substrate (pad metal included), length. */
  height: number
  /** Metal volume of the bump, length³ (melt-cap: the melted deposit; ball-paste: ball plus melted paste; plated-cap: 0, not modelled). */
  volume: number
  /** Base radius used (equal-area radius for a non-circular pad). */
  radius: number
  /** True when the shape is an estimate (non-circular pad, or a ball size guessed from an off-table pitch). */
  estimate: boolean
}

export interface MeltCapPrediction extends BumpPrediction {
  /** Height of the cap above its base (the pad, or the mask top over a mask-defined pad). */
  capHeight: number
  /** Metal held in the mask well (0 without a well). */
  wellVolume: number
}

/**
 * Tip height of a melted-deposit bump (process A).
 * @example meltCapBump({ depositArea: Math.PI * 1e10, depositThickness: 2e5 / 3, metalVolumeFraction: 1, wettableArea: Math.PI * 1e10, circular: true }).height
 *   // 1e5: (2/3)π·(1e5)³ of metal on a = 1e5 is a hemisphere
 */
export function meltCapBump(input: MeltCapInput): MeltCapPrediction {
  const { depositArea, depositThickness, metalVolumeFraction, wettableArea, circular } = input
  const padThickness = input.padThickness ?? 0
  const well = input.maskWell ?? 0
  requireBumpInputs(metalVolumeFraction, { 'deposit area': depositArea, 'deposit thickness': depositThickness, 'wettable area': wettableArea,
    'pad thickness': padThickness, 'mask well': well })
  const volume = depositArea * depositThickness * metalVolumeFraction
  const radius = equivalentRadius(wettableArea)
  const estimate = !circular
  // a well holds W·m of metal; the cap gets what is left (without a well, W·m = 0 and it gets all)
  const wellCapacity = wettableArea * well
  if (volume < wellCapacity) {
    // the melt stays in the well: a flat fill, no cap
    return { height: padThickness + volume / wettableArea, volume, radius, estimate, capHeight: 0, wellVolume: volume }
  }
  const cap = capHeight(volume - wellCapacity, radius)
  return { height: padThickness + well + cap, volume, radius, estimate, capHeight: cap, wellVolume: wellCapacity }
}

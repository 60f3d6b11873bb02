// Process B (seeds/001, DOMAIN.md "plated-cap"): a dielectric film of thickness F has vias filled with
// metal plugs; the film is etched back by e around the plug faces, leaving projections e high (claims 1,
// 2: co-planar projections), and metal is plated on each projection (claims 4, 12, 19, 25: the bump
// extends in x and y over the etched surface). Plated metal does not melt, so:
//
//   tip            = e + t               (t = cap thickness; a plug with no cap: e)
//   cap edge       = plug edge + t       (isotropic plating grows sideways as much as up)
//   residual film  = F − e               (the film left under the etched surface)
//   film web       = pitch − (d1 + d2)/2 (dielectric between two plugs, which must survive the etch)
//   cap gap        = film web − 2t       (two caps each grown t sideways)
//
// The drawn cap area does not enter the tip: shrinking a cap from 80 to 60 µm changes nothing in the
// height (it did under the melt-cap model, by 10 µm). Coplanarity is set by the plug faces and the etch
// uniformity, which layout data does not carry; from the layout only a missing cap (tip e, not e + t)
// makes a bump short.

/**
 * Tip height above the etched film surface.
 * @example platedCapTip({ projection: 15_000, capThickness: 10_000, capped: true }) // 25_000 nm: 15 µm + 10 µm
 */
export function platedCapTip(input: { projection: number; capThickness: number; capped: boolean }): number {
  const { projection, capThickness, capped } = input
  for (const [name, v] of [['projection', projection], ['cap thickness', capThickness]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a finite number ≥ 0 (got ${v})`)
  }
  return projection + (capped ? capThickness : 0)
}

/** Diameter of the plated cap on a plug of diameter d: d + 2t. */
export function capDiameter(plugDiameter: number, capThickness: number): number {
  return plugDiameter + 2 * capThickness
}

/** Film left under the etched surface: F − e (negative: the etch went through the film). */
export function residualFilm(filmThickness: number, etchDepth: number): number {
  return filmThickness - etchDepth
}

/** Dielectric web between two round plugs: pitch − (d1 + d2)/2 (negative when they overlap). */
export function filmWeb(pitch: number, d1: number, d2: number): number {
  return pitch - (d1 + d2) / 2
}

/** Gap between the caps of two round plugs, each grown t sideways: pitch − (d1 + d2)/2 − 2t. */
export function capGap(pitch: number, d1: number, d2: number, capThickness: number): number {
  return filmWeb(pitch, d1, d2) - 2 * capThickness
}

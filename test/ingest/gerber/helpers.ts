// Shared helpers for the Gerber reader tests: inline snippets in mm (1 mm = 1e6 nm), areas in mm².

import { darkArea } from '../../../src/geometry/boolean.ts'
import type { Feature } from '../../../src/layers/model.ts'
import type { Box } from '../../../src/geometry/types.ts'
import { readGerber, type GerberImage } from '../../../src/ingest/gerber/index.ts'
import type { ReadLimits } from '../../../src/errors.ts'

/** A metric %FSLAX46Y46*% file around `body`; `body` starts on line 3. */
export function mm(body: string, limits?: Partial<ReadLimits>): GerberImage {
  return readGerber(`%FSLAX46Y46*%\n%MOMM*%\n${body}\nM02*\n`, 't.gbr', limits)
}

/** Coordinate in mm → the %FSLAX46Y46*% integer. */
export const c = (v: number): string => String(Math.round(v * 1e6))

export const areaMm2 = (features: readonly Feature[]): number => darkArea(features) / 1e12

export const boxMm = (b: Box): number[] => b.map((v) => v / 1e6)

/** The union box of features, in mm. */
export function extentMm(features: readonly Feature[]): number[] {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity]
  for (const f of features) {
    b[0] = Math.min(b[0], f.bbox[0]); b[1] = Math.min(b[1], f.bbox[1])
    b[2] = Math.max(b[2], f.bbox[2]); b[3] = Math.max(b[3], f.bbox[3])
  }
  return boxMm(b)
}

/** Every value within `tol` mm of the expected box. */
export function expectBoxClose(actual: number[], expected: number[], tol = 1e-4): void {
  for (let k = 0; k < 4; k++) {
    if (!(Math.abs(actual[k]! - expected[k]!) <= tol)) {
      throw new Error(`box[${k}] = ${actual[k]} but expected ${expected[k]} (±${tol}); box ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`)
    }
  }
}

/** Relative closeness for areas polygonised at 50 nm sagitta. */
export function expectAreaClose(actual: number, expected: number, rel = 2e-3): void {
  if (!(Math.abs(actual - expected) <= rel * Math.abs(expected) + 1e-9)) {
    throw new Error(`area ${actual} mm² but expected ${expected} mm² (±${rel * 100} %)`)
  }
}

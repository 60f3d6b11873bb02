// A tile of a cut board: a rectangle whose findings it reports, read with a halo around it
// (src/engine/tiles.ts cuts the board; src/engine/tile-check.ts checks one).

import type { Point } from '../geometry/types.ts'

export interface Tile {
  /** The rectangle [minX, maxX) × [minY, maxY) in nm; tiles at the board's edge run to ±Infinity. */
  minX: number
  minY: number
  maxX: number
  maxY: number
  /** Distance beyond the rectangle whose features the tile also reads. */
  halo: number
}

/** The whole plane as one tile: a run with no cut (its halo reaches nothing beyond it). */
export const WHOLE_BOARD: Readonly<Tile> = Object.freeze({ minX: -Infinity, minY: -Infinity, maxX: Infinity, maxY: Infinity, halo: 0 })

/** Does the tile read a feature with this box? */
export function tileReads(tile: Tile, minX: number, minY: number, maxX: number, maxY: number): boolean {
  return maxX >= tile.minX - tile.halo && minX <= tile.maxX + tile.halo && maxY >= tile.minY - tile.halo && minY <= tile.maxY + tile.halo
}

/** Does the tile report a finding sited at `at`? Exactly one tile does. */
export function tileOwns(tile: Tile, at: Point): boolean {
  return at.x >= tile.minX && at.x < tile.maxX && at.y >= tile.minY && at.y < tile.maxY
}

// The geometry types every layer of the code shares: integer nanometres throughout.

/** Axis-aligned box in nm: [minX, minY, maxX, maxY]. */
export type Box = [minX: number, minY: number, maxX: number, maxY: number]

/** A point in integer nm. Same shape as clipper2-ts's Point64 so paths go to booleans without copying. */
export interface Point {
  x: number
  y: number
}
/** A closed ring of points (no repeated closing point). Outer rings counter-clockwise, holes clockwise. */
export type Path = Point[]

/**
 * A feature's shape, kept analytic where it is one so that 1 M circular bumps cost four numbers each.
 * `rotation` is in degrees counter-clockwise about the centre. `polygon` paths are exact outlines
 * (regions, macros, arcs, anything already non-analytic), outer rings CCW and holes CW.
 * `stroke` is a linear draw with a round tool: the set of points within `width/2` of the segment.
 */
export type Shape =
  | { type: 'circle'; cx: number; cy: number; diameter: number }
  | { type: 'rect'; cx: number; cy: number; width: number; height: number; rotation: number }
  | { type: 'obround'; cx: number; cy: number; width: number; height: number; rotation: number }
  | { type: 'stroke'; x1: number; y1: number; x2: number; y2: number; width: number }
  | { type: 'polygon'; paths: Path[] }

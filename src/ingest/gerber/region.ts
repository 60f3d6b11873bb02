// A region (G36 … G37): contours collected point by point in image coordinates, closed and unioned
// into one polygon at G37.

import { InputError } from '../../errors.ts'
import { orientCcw, union } from '../../geometry/boolean.ts'
import type { Path, Point } from '../../geometry/types.ts'
import type { DiagnosticLog } from './parse.ts'

export class RegionBuilder {
  open = false
  /** The G36 line: the region's features and warnings name it. */
  line = 0
  private contours: Point[][] = []
  private contour: Point[] = []

  constructor(private readonly file: string, private readonly log: DiagnosticLog) {}

  start(line: number): void {
    if (this.open) throw new InputError(this.file, line, `G36 inside a region already open since line ${this.line}`)
    this.open = true
    this.line = line
    this.contours = []
    this.contour = []
  }

  /** D02: the open contour ends and a new one starts at `p`. */
  moveTo(p: Point): void {
    this.closeContour()
    this.contour.push(p)
  }

  /** Whether the current contour has no point yet (a D01 then starts it at the current point). */
  get empty(): boolean {
    return this.contour.length === 0
  }

  /** D01: an edge to `p` (an arc adds its points one by one). */
  lineTo(p: Point): void {
    this.contour.push(p)
  }

  /**
   * G37: the region's outline, or undefined (with a warning) when it has no area. Each contour is
   * oriented CCW and the set is unioned with NonZero: a cut-in hole, traced the other way round
   * inside one contour, keeps winding 0 and stays a hole.
   */
  end(line: number): Path[] | undefined {
    if (!this.open) throw new InputError(this.file, line, 'G37 without a G36 before it')
    this.open = false
    this.closeContour()
    const rings = this.contours.map((c) => orientCcw(c))
    this.contours = []
    if (rings.length === 0) {
      this.log.warn(this.line, 'Region (G36…G37) without any contour of three or more points: nothing drawn')
      return undefined
    }
    const paths = union(rings)
    if (paths.length === 0) {
      this.log.warn(this.line, 'Region (G36…G37) has zero area: nothing drawn')
      return undefined
    }
    return paths
  }

  private closeContour(): void {
    if (this.contour.length >= 3) this.contours.push(this.contour)
    this.contour = []
  }
}

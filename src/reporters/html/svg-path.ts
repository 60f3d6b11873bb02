// Feature shapes (integer nm, y up) → SVG path data in mm with y flipped. Every subpath winds the
// same way (counter-clockwise on the board) so one nonzero-filled <path> per layer shows the union.

import type { Feature } from '../../layers/model.ts'
import type { Box, Shape } from '../../geometry/types.ts'
import { NM_PER_MM } from '../../layers/model.ts'

/** mm with 4 decimals (0.1 µm): ample for a picture, and keeps large boards' SVG small. */
function mm(nm: number): string {
  const value = Math.round((nm / NM_PER_MM) * 1e4) / 1e4
  return value === 0 ? '0' : String(value)
}

/** SVG y is down, Gerber y is up. */
function at(x: number, y: number): string {
  return `${mm(x)} ${mm(-y)}`
}

// After the y flip a counter-clockwise board arc runs in SVG's negative-angle direction: sweep flag 0.
function arcTo(radius: number, x: number, y: number): string {
  return `A${mm(radius)} ${mm(radius)} 0 0 0 ${at(x, y)}`
}

function circle(cx: number, cy: number, r: number): string {
  return `M${at(cx + r, cy)}${arcTo(r, cx - r, cy)}${arcTo(r, cx + r, cy)}Z`
}

/** A round-ended segment of half-width r from (x1,y1) to (x2,y2), counter-clockwise. */
function capsule(x1: number, y1: number, x2: number, y2: number, r: number): string {
  const length = Math.hypot(x2 - x1, y2 - y1)
  if (length === 0) return circle(x1, y1, r)
  // left normal of the direction, scaled to the half-width
  const nx = (-(y2 - y1) / length) * r
  const ny = ((x2 - x1) / length) * r
  return (
    `M${at(x1 - nx, y1 - ny)}L${at(x2 - nx, y2 - ny)}${arcTo(r, x2 + nx, y2 + ny)}` +
    `L${at(x1 + nx, y1 + ny)}${arcTo(r, x1 - nx, y1 - ny)}Z`
  )
}

function rotate(cx: number, cy: number, dx: number, dy: number, degrees: number): [number, number] {
  const radians = (degrees * Math.PI) / 180
  const cos = Math.cos(radians)
  const sin = Math.sin(radians)
  return [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos]
}

function rect(cx: number, cy: number, width: number, height: number, rotation: number): string {
  const w = width / 2
  const h = height / 2
  const corners = [[-w, -h], [w, -h], [w, h], [-w, h]].map(([dx, dy]) => rotate(cx, cy, dx!, dy!, rotation))
  return `M${corners.map(([x, y]) => at(x, y)).join('L')}Z`
}

function obround(cx: number, cy: number, width: number, height: number, rotation: number): string {
  // the straight part runs along the longer side; the ends are half-circles of the shorter
  const r = Math.min(width, height) / 2
  const half = Math.abs(width - height) / 2
  const [dx, dy] = width >= height ? [half, 0] : [0, half]
  const [x1, y1] = rotate(cx, cy, -dx, -dy, rotation)
  const [x2, y2] = rotate(cx, cy, dx, dy, rotation)
  return capsule(x1, y1, x2, y2, r)
}

export function shapePath(shape: Shape): string {
  switch (shape.type) {
    case 'circle':
      return circle(shape.cx, shape.cy, shape.diameter / 2)
    case 'rect':
      return rect(shape.cx, shape.cy, shape.width, shape.height, shape.rotation)
    case 'obround':
      return obround(shape.cx, shape.cy, shape.width, shape.height, shape.rotation)
    case 'stroke':
      return capsule(shape.x1, shape.y1, shape.x2, shape.y2, shape.width / 2)
    case 'polygon':
      return shape.paths
        .filter((path) => path.length >= 2)
        .map((path) => `M${path.map((p) => at(p.x, p.y)).join('L')}Z`)
        .join('')
  }
}

/** Dark and clear features of one layer as two path strings (clear ones become a mask). */
export function layerPaths(features: Feature[]): { dark: string; clear: string } {
  let dark = ''
  let clear = ''
  for (const feature of features) {
    if (feature.polarity === 'clear') clear += shapePath(feature.shape)
    else dark += shapePath(feature.shape)
  }
  return { dark, clear }
}

/** Union of feature boxes in nm, or null for no features. */
export function featuresBox(features: Feature[]): Box | null {
  if (features.length === 0) return null
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity]
  for (const { bbox } of features) {
    if (bbox[0] < box[0]) box[0] = bbox[0]
    if (bbox[1] < box[1]) box[1] = bbox[1]
    if (bbox[2] > box[2]) box[2] = bbox[2]
    if (bbox[3] > box[3]) box[3] = bbox[3]
  }
  return box
}

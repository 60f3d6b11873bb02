// Aperture transformations (LM, LR, LS; the deprecated IR/MI fold in) applied to shapes about an
// origin, then a translation. Analytic shapes stay analytic wherever the result still is one.

import type { Path, Shape } from '../../geometry/types.ts'

/** Mirror first, then rotate (degrees CCW), then scale; all about the aperture origin. */
export interface ApertureTransform {
  mirrorX: boolean
  mirrorY: boolean
  rotation: number
  scale: number
}

export const IDENTITY: ApertureTransform = { mirrorX: false, mirrorY: false, rotation: 0, scale: 1 }

export function isIdentity(t: ApertureTransform): boolean {
  return !t.mirrorX && !t.mirrorY && t.rotation === 0 && t.scale === 1
}

/** Degrees into [0, 360). */
export function normaliseDegrees(d: number): number {
  const r = d % 360
  return r < 0 ? r + 360 : r
}

/** Transform then translate a set of rings (float in, integer nm out); a single mirror reverses ring order. */
export function transformPaths(paths: readonly Path[], t: ApertureTransform, dx: number, dy: number): Path[] {
  const sx = t.mirrorX ? -t.scale : t.scale
  const sy = t.mirrorY ? -t.scale : t.scale
  const a = (t.rotation * Math.PI) / 180
  const c = t.rotation === 0 ? 1 : Math.cos(a), s = t.rotation === 0 ? 0 : Math.sin(a)
  const flip = t.mirrorX !== t.mirrorY
  const out: Path[] = new Array(paths.length)
  for (let k = 0; k < paths.length; k++) {
    const src = paths[k]!
    const n = src.length
    const dst: Path = new Array(n)
    for (let q = 0; q < n; q++) {
      const p = src[flip ? n - 1 - q : q]!
      const x = p.x * sx, y = p.y * sy
      dst[q] = { x: Math.round(x * c - y * s + dx) + 0, y: Math.round(x * s + y * c + dy) + 0 } // + 0: no -0
    }
    out[k] = dst
  }
  return out
}

function transformPoint(x: number, y: number, t: ApertureTransform): [number, number] {
  const px = (t.mirrorX ? -x : x) * t.scale, py = (t.mirrorY ? -y : y) * t.scale
  if (t.rotation === 0) return [px, py]
  const a = (t.rotation * Math.PI) / 180
  return [px * Math.cos(a) - py * Math.sin(a), px * Math.sin(a) + py * Math.cos(a)]
}

/** A shape drawn about the origin, transformed and moved to (dx, dy). */
export function transformShape(shape: Shape, t: ApertureTransform, dx: number, dy: number): Shape {
  switch (shape.type) {
    case 'circle': {
      const [x, y] = transformPoint(shape.cx, shape.cy, t)
      return { type: 'circle', cx: Math.round(x + dx), cy: Math.round(y + dy), diameter: Math.round(shape.diameter * t.scale) }
    }
    case 'rect':
    case 'obround': {
      const [x, y] = transformPoint(shape.cx, shape.cy, t)
      // a mirror turns a rotation θ into −θ; a centred rect or obround is its own mirror image
      const base = t.mirrorX !== t.mirrorY ? -shape.rotation : shape.rotation
      return {
        type: shape.type, cx: Math.round(x + dx), cy: Math.round(y + dy),
        width: Math.round(shape.width * t.scale), height: Math.round(shape.height * t.scale),
        rotation: normaliseDegrees(base + t.rotation),
      }
    }
    case 'stroke': {
      const [x1, y1] = transformPoint(shape.x1, shape.y1, t)
      const [x2, y2] = transformPoint(shape.x2, shape.y2, t)
      return {
        type: 'stroke', x1: Math.round(x1 + dx), y1: Math.round(y1 + dy), x2: Math.round(x2 + dx), y2: Math.round(y2 + dy),
        width: Math.round(shape.width * t.scale),
      }
    }
    case 'polygon':
      return { type: 'polygon', paths: transformPaths(shape.paths, t, dx, dy) }
  }
}

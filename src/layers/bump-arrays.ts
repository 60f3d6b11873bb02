// Bump arrays: the pads of one component (X2 .C / ODB++ component), else regular grids found geometrically.

import type { BumpSite } from './bump-sites.ts'
import type { Feature } from './model.ts'
import { shapeCenter } from '../geometry/polygonize.ts'
import { findGridArrays } from '../physics/arrays.ts'
import { byText } from '../order.ts'

export interface BumpArray {
  /** Component reference, or `grid@x,y` (mm) for a grid found without one. */
  name: string
  /** Positions in BumpSites.sites. */
  sites: number[]
  from: 'component' | 'grid'
  grid?: { pitchX: number; pitchY: number; rows: number; columns: number; missing: number }
}

/** Pads that differ in shape are never one grid: key them by kind and size. */
function shapeKey(site: Pick<BumpSite, 'pad'>): string {
  const s = site.pad.shape
  switch (s.type) {
    case 'circle':
      return `c${s.diameter}`
    case 'rect':
    case 'obround':
      return `${s.type}${s.width}x${s.height}r${s.rotation}`
    default:
      return s.type
  }
}

/** Pitch tolerance of the grid search among bump pads, as a fraction of the pitch (not yet a deck option). */
export const PAD_GRID_TOLERANCE = 0.05

export function bumpArrays(sites: readonly BumpSite[], minArraySize: number, pitchTolerance = PAD_GRID_TOLERANCE): BumpArray[] {
  const byComponent = new Map<string, number[]>()
  const loose = new Map<string, number[]>()
  sites.forEach((site, i) => {
    const key = site.pad.component
    const map = key !== undefined ? byComponent : loose
    const k = key ?? shapeKey(site)
    const list = map.get(k)
    if (list) list.push(i)
    else map.set(k, [i])
  })
  const arrays: BumpArray[] = []
  for (const [name, ids] of [...byComponent].sort((a, b) => byText(a[0], b[0]))) {
    if (ids.length >= minArraySize) arrays.push({ name, sites: ids, from: 'component' })
  }
  for (const [, ids] of [...loose].sort((a, b) => byText(a[0], b[0]))) {
    const points = ids.map((id) => ({ x: sites[id]!.center.x, y: sites[id]!.center.y, id }))
    for (const grid of findGridArrays(points, { minArraySize, pitchTolerance })) {
      const ox = (grid.origin.x / 1e6).toFixed(3)
      const oy = (grid.origin.y / 1e6).toFixed(3)
      arrays.push({
        name: `grid@${ox},${oy}`,
        sites: [...grid.ids].sort((a, b) => a - b),
        from: 'grid',
        grid: { pitchX: grid.pitchX, pitchY: grid.pitchY, rows: grid.rows, columns: grid.columns, missing: grid.missing.length },
      })
    }
  }
  return arrays
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Keep only pads that stand in a 2-D grid (at least 2 rows and 2 columns) within their component,
 * or among pads without one: BGA and flip-chip lands, not the chip-resistor and QFP lands beside them.
 * Rotated grids are not found (see findGridArrays), so their pads are left out; the caller reports how many.
 */
export function padsInGrids(pads: readonly Feature[], minArraySize: number, pitchTolerance = PAD_GRID_TOLERANCE): Feature[] {
  const groups = new Map<string, number[]>()
  pads.forEach((pad, i) => {
    const key = `${pad.component ?? ''}\u0000${shapeKey({ pad })}`
    const list = groups.get(key)
    if (list) list.push(i)
    else groups.set(key, [i])
  })
  const keep = new Set<number>()
  for (const ids of groups.values()) {
    if (ids.length < minArraySize) continue
    const points = ids.map((i) => {
      const { x, y } = shapeCenter(pads[i]!.shape)
      return { x, y, id: i }
    })
    for (const grid of findGridArrays(points, { minArraySize, pitchTolerance })) {
      if (grid.rows >= 2 && grid.columns >= 2) for (const id of grid.ids) keep.add(id)
    }
  }
  return pads.filter((_, i) => keep.has(i))
}

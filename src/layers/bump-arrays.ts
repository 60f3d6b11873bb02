// Bump arrays: the pads of one component (X2 .C / ODB++ component), else regular grids found geometrically.

import type { Feature } from './model.ts'
import type { Point } from '../geometry/types.ts'
import { PAD_GRID_TOLERANCE, positionsByGroup, shapeKey } from './bump-pads.ts'
import { findGridArrays } from '../physics/arrays.ts'
import { median as selectMedian } from '../physics/select.ts'
import { byText } from '../order.ts'

export interface BumpArray {
  /** Component reference, or `grid@x,y` (mm) for a grid found without one. */
  name: string
  /** Positions in BumpSites.sites. */
  sites: number[]
  from: 'component' | 'grid'
  grid?: { pitchX: number; pitchY: number; rows: number; columns: number; missing: number }
}

/** The sites bumpArrays groups: a side's SiteList, or a selection of it. */
export interface PadsAndCentres {
  readonly length: number
  pad(i: number): Feature
  center(i: number): Point
}

/** Several rules ask for the arrays of one sites list (the engine's SiteList): its sites are grouped once. */
const groupsOf = new WeakMap<PadsAndCentres, SiteGroups>()

interface SiteGroups {
  /** Positions in the sites list per component, and per pad shape (shapeKey) of the pads without one. */
  byComponent: Map<string, number[]>
  loose: Map<string, number[]>
}

/**
 * The bump arrays of at least minArraySize sites, among all the sites or only those at the positions
 * `among` (a rule's sound sites: the arrays of those alone, the list grouped once all the same).
 * Their `sites` lists are shared between calls: read them only.
 */
export function bumpArrays(sites: PadsAndCentres, minArraySize: number, among?: ArrayLike<number>, pitchTolerance = PAD_GRID_TOLERANCE): BumpArray[] {
  let groups = groupsOf.get(sites)
  if (!groups) groupsOf.set(sites, (groups = groupSites(sites)))
  const { byComponent, loose } = among ? selected(groups, among, sites.length) : groups
  const arrays: BumpArray[] = []
  for (const [name, ids] of [...byComponent].sort((a, b) => byText(a[0], b[0]))) {
    if (ids.length >= minArraySize) arrays.push({ name, sites: ids, from: 'component' })
  }
  for (const [, ids] of [...loose].sort((a, b) => byText(a[0], b[0]))) {
    const points = { xs: new Float64Array(ids.length), ys: new Float64Array(ids.length), ids: Float64Array.from(ids) }
    ids.forEach((id, k) => {
      const { x, y } = sites.center(id)
      points.xs[k] = x
      points.ys[k] = y
    })
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

function groupSites(sites: PadsAndCentres): SiteGroups {
  // group numbers by component, and by pad shape for the pads without one
  const componentGroups = new Map<string, number>()
  const shapeGroups = new Map<string, number>()
  let groups = 0
  // a component's pads mostly come one after another: its group is kept at hand between them
  let lastComponent: string | undefined
  let lastGroup = 0
  const lists = positionsByGroup(sites.length, (i) => {
    const pad = sites.pad(i)
    const key = pad.component
    if (key !== undefined && key === lastComponent) return lastGroup
    const map = key !== undefined ? componentGroups : shapeGroups
    const k = key ?? shapeKey(pad)
    let group = map.get(k)
    if (group === undefined) map.set(k, (group = groups++))
    if (key !== undefined) {
      lastComponent = key
      lastGroup = group
    }
    return group
  })
  const listsOf = (numbers: Map<string, number>) => new Map([...numbers].map(([key, group]) => [key, lists[group]!]))
  return { byComponent: listsOf(componentGroups), loose: listsOf(shapeGroups) }
}

/** The groups of the sites at these positions alone, in the groups' order; groups left empty are dropped. */
function selected(groups: SiteGroups, among: ArrayLike<number>, count: number): SiteGroups {
  const chosen = new Uint8Array(count)
  for (let k = 0; k < among.length; k++) chosen[among[k]!] = 1
  const keep = (map: Map<string, number[]>) => {
    const kept = new Map<string, number[]>()
    for (const [key, ids] of map) {
      let count = 0
      for (let k = 0; k < ids.length; k++) count += chosen[ids[k]!]!
      // a group kept whole is the group's own list (most are: a sound board's every site)
      if (count === ids.length) kept.set(key, ids)
      else if (count > 0) kept.set(key, ids.filter((i) => chosen[i] === 1))
    }
    return kept
  }
  return { byComponent: keep(groups.byComponent), loose: keep(groups.loose) }
}

/** The median of an array's values (NaN for none), as a stable sort by (a, b) => a − b orders them, selected without sorting. */
export function median(values: ArrayLike<number>): number {
  return values.length === 0 ? NaN : selectMedian(values, 'stable')
}

// Which copper pads are bump pads: the one owner of that choice, for the single-threaded run and the
// tiled planner alike. Every report says what it took, how, and what it left out by reason.
//
// Inputs, strongest first:
//  1. X2 `.AperFunction`: `BGAPad` (and `SMDPad`, `ViaPad` … as the deck's padFunctions allow);
//  2. `%TO.C` / ODB++ component references, for `{ components: [...] }` decks and for naming arrays;
//  3. ODB++ package names, which name the array's origin when they say BGA/CSP;
//  4. only then the grid heuristic: undrilled, same-size SMD pads in a 2-D grid of at least
//     GRID_MIN_SPAN × GRID_MIN_SPAN sites whose pitch is at most process.maxBumpPitch.
// Never bump pads: drilled pads (through-hole lands), and pads whose function the deck does not list
// (ConnectorPad, TestPad, FiducialPad, HeatsinkPad …; ViaPad unless the deck is for via-plug bumps).

import type { Feature } from './model.ts'
import { pickList, type FeatureList } from './packed-feature.ts'
import { shapeCenter } from '../geometry/polygonize.ts'
import { findGridArrays, type GridArray, type GridColumns } from '../physics/arrays.ts'
import { byText } from '../order.ts'

/** `bga`: X2 BGAPad where the layer has it, else the grid heuristic; `arrays`: the grid heuristic; `smd`: every undrilled pad of a listed function; `components`: pads of the named components (globs). */
export type BumpPadMode = 'bga' | 'arrays' | 'smd' | { components: string[] }

export interface PadChoiceOptions {
  mode: BumpPadMode
  /** X2 aperture functions a bump pad may carry (pads without a function are judged by the mode alone). */
  padFunctions: readonly string[]
  /** Largest centre-to-centre pitch of a grid the heuristic takes as a bump array (nm); null: no limit. */
  maxBumpPitch: number | null
  /** Component globs never taken as bump pads. */
  excludeComponents: readonly string[]
  /** Pitch tolerance of the grid search, as a fraction of the pitch. */
  pitchTolerance: number
  /** Count a left-out pad only when this accepts it (a tile counts the pads it owns). Default: all. */
  counted?: (pad: Feature) => boolean
}

export type PadChoiceSource = 'x2-function' | 'components' | 'odb-package' | 'grid' | 'smd'

/** One group of chosen bump pads (a component, or a grid found without one). */
export interface ChosenArray {
  name: string
  /** Indices into `PadChoice.pads`. */
  pads: number[]
  chosenBy: PadChoiceSource
  /** Grid found over the group's centres; null when they stand in none. */
  grid: { rows: number; columns: number; pitchX: number; pitchY: number } | null
}

export interface PadChoice {
  /** The bump pads, in the order of the candidates given (a list of the candidates' kind). */
  pads: FeatureList
  arrays: ChosenArray[]
  /** Reason → number of pads left out. */
  leftOut: Map<string, number>
}

/** Pitch tolerance of the grid search among bump pads (not yet a deck option). */
export const PAD_GRID_TOLERANCE = 0.05

/**
 * Fewest rows and columns a grid needs before the heuristic calls it a bump array. Two-by-two and
 * two-row patterns are crystals, resistor arrays and dual-row connectors; the smallest BGAs and
 * wafer-level packages that have no X2 function are at least 3 × 3 (a 2 × 3 WLCSP needs BGAPad or
 * a component list: README, "Which pads are bump pads").
 */
export const GRID_MIN_SPAN = 3

/** Functions that are pads at all (copper a part is soldered to): the rest (Conductor, ViaDrill …) is not counted. */
const isPadFunction = (fn: string) => fn.endsWith('Pad')

/**
 * Is this pads-layer feature a pad a bump could stand on, before any choice: a dark flash, or a dark
 * region that carries a pad function. The tiled planner keeps every such pad in view; regions with no
 * function are copper pours, not pads.
 */
export function isPadCandidate(f: Pick<Feature, 'polarity' | 'kind' | 'aperFunction'>): boolean {
  if (f.polarity !== 'dark') return false
  if (f.kind === 'flash') return f.aperFunction === undefined || isPadFunction(f.aperFunction)
  return f.kind === 'region' && f.aperFunction !== undefined && isPadFunction(f.aperFunction)
}

/** Pads of differing shape or size are never one grid: key them by kind and size. */
export function shapeKey(pad: Pick<Feature, 'shape' | 'bbox'>): string {
  const s = pad.shape
  switch (s.type) {
    case 'circle':
      return `c${s.diameter}`
    case 'rect':
    case 'obround':
      return `${s.type}${s.width}x${s.height}r${s.rotation}`
    default: {
      // macro and region pads: their box's size (to the micrometre) stands for their size
      const b = pad.bbox
      return `${s.type}${Math.round((b[2] - b[0]) / 1000)}x${Math.round((b[3] - b[1]) / 1000)}`
    }
  }
}

/** `U*`, `J1?`: shell-style globs on reference designators, whole-name match, case-sensitive as designators are. */
export function globMatcher(globs: readonly string[]): (name: string) => boolean {
  if (globs.length === 0) return () => false
  const res = globs.map((g) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`))
  return (name) => res.some((re) => re.test(name))
}

function modeText(mode: BumpPadMode): string {
  return typeof mode === 'string' ? mode : `components: ${mode.components.join(', ')}`
}
export { modeText as bumpPadModeText }

const BGA_NOT_IN_GRID = 'BGAPad not in a 2-D grid (KiCad 5.0 marks every round SMD pad BGAPad)'
const NOT_IN_GRID = 'not in a bump grid (3 × 3 or more, one pitch ≤ process.maxBumpPitch)'

const BGA_PACKAGE = /BGA|CSP|WLP|BALL/i

/** The reason a drilled pad is left out when the caller gives none. */
export const DRILLED = 'drilled (through-hole land)'

/**
 * Choose the bump pads among a side's pad candidates. `drilled` tells a pad that is no surface pad
 * for its hole (a through-hole land, a via's own land): true, or the reason to report. Deterministic: the same candidates in the same order give the
 * same choice.
 */
export function chooseBumpPads(candidates: FeatureList, drilled: (pad: Feature) => boolean | string | undefined, options: PadChoiceOptions): PadChoice {
  const leftOut = new Map<string, number>()
  const counted = options.counted ?? (() => true)
  let pad!: Feature
  const leave = (reason: string) => { if (counted(pad)) leftOut.set(reason, (leftOut.get(reason) ?? 0) + 1) }
  const excluded = globMatcher(options.excludeComponents)
  const listed = typeof options.mode === 'object' ? globMatcher(options.mode.components) : undefined
  let hasBgaFunction = false
  if (options.mode === 'bga') for (let c = 0; c < candidates.length && !hasBgaFunction; c++) hasBgaFunction = candidates.at(c)!.aperFunction === 'BGAPad'

  // a column, not an array grown by push (a million pushes cost ~0.1 s here: each growth is a fresh large allocation)
  const kept = new Int32Array(candidates.length)
  let keptCount = 0
  // indexed: `pad` is shared with leave(), and a for-of over a variable a closure holds makes an iterator result per pad
  for (let c = 0; c < candidates.length; c++) {
    pad = candidates.at(c)!
    const fn = pad.aperFunction
    if (fn !== undefined && !options.padFunctions.includes(fn)) { leave(`function ${fn}`); continue }
    // a via-plug deck lists ViaPad: its bumps stand on the plugged hole
    const hole = fn === 'ViaPad' ? undefined : drilled(pad)
    if (hole) { leave(hole === true ? DRILLED : hole); continue }
    if (pad.component !== undefined && excluded(pad.component)) { leave('component excluded by the deck'); continue }
    if (listed && !(pad.component !== undefined && listed(pad.component))) {
      leave(pad.component === undefined ? 'no component reference' : 'component not listed in process.bumpPads'); continue
    }
    if (hasBgaFunction && fn !== 'BGAPad') { leave(`function ${fn ?? 'none'}, not BGAPad`); continue }
    kept[keptCount++] = c
  }
  const eligible = pickList(candidates, kept.subarray(0, keptCount))

  if (hasBgaFunction) return bgaFunctionChoice(eligible, leftOut, options, counted)
  if (options.mode === 'smd' || listed) {
    return { pads: eligible, arrays: describeGroups(eligible, listed ? 'components' : 'smd', options.pitchTolerance), leftOut }
  }
  return gridChoice(eligible, leftOut, options, counted)
}

/**
 * BGAPad pads, kept per component (or per size, without one) where they stand in a 2-D grid of at
 * least 2 × 2 within the pitch limit: KiCad 5.0 writes BGAPad on every round SMD pad, test points
 * and switch lands included, so the function alone is not proof of a ball grid.
 */
function bgaFunctionChoice(eligible: FeatureList, leftOut: Map<string, number>, options: PadChoiceOptions, counted: (pad: Feature) => boolean): PadChoice {
  const limit = pitchLimit(options)
  const groups = groupIndices(eligible, (pad) => pad.component ?? `\u0000${shapeKey(pad)}`)
  const keep = new Uint8Array(eligible.length)
  for (const ids of groups.values()) {
    const points = centres(eligible, ids)
    for (const grid of findGridArrays(points, { minArraySize: 4, pitchTolerance: options.pitchTolerance })) {
      if (grid.rows < 2 || grid.columns < 2 || grid.pitchX > limit || grid.pitchY > limit) continue
      // the whole group joins: a BGA's pads of two sizes or off its main lattice are still its balls
      for (const i of ids) keep[i] = 1
      break
    }
  }
  const chosen: number[] = []
  for (let i = 0; i < eligible.length; i++) {
    if (keep[i]) chosen.push(i)
    else if (counted(eligible.at(i)!)) leftOut.set(BGA_NOT_IN_GRID, (leftOut.get(BGA_NOT_IN_GRID) ?? 0) + 1)
  }
  const pads = pickList(eligible, chosen)
  return { pads, arrays: describeGroups(pads, 'x2-function', options.pitchTolerance), leftOut }
}

function pitchLimit(options: PadChoiceOptions): number {
  return options.maxBumpPitch === null ? Infinity : options.maxBumpPitch * (1 + options.pitchTolerance)
}

function groupIndices(items: FeatureList, keyOf: (item: Feature) => string): Map<string, number[]> {
  const numbers = new Map<string, number>()
  // a group's items mostly come one after another (a component's pads): its number is kept at hand between them
  let lastKey: string | undefined
  let lastGroup = 0
  const lists = positionsByGroup(items.length, (i) => {
    const key = keyOf(items.at(i)!)
    if (key === lastKey) return lastGroup
    let group = numbers.get(key)
    if (group === undefined) numbers.set(key, (group = numbers.size))
    lastKey = key
    return (lastGroup = group)
  })
  const groups = new Map<string, number[]>()
  for (const [key, group] of numbers) groups.set(key, lists[group]!)
  return groups
}

/**
 * Positions 0 … count − 1 by the group `groupOf` gives each (groups numbered 0, 1, 2 … as first
 * met), ascending within a group. Counted, then placed into arrays of their final length: growing
 * a quarter of a million entries' array by push costs ~25 ms here (each growth a fresh large
 * allocation, its pages faulted in anew), and pads are grouped a million at a time.
 */
export function positionsByGroup(count: number, groupOf: (i: number) => number): number[][] {
  const groupAt = new Int32Array(count)
  const sizes: number[] = []
  for (let i = 0; i < count; i++) {
    const group = groupOf(i)
    groupAt[i] = group
    sizes[group] = (sizes[group] ?? 0) + 1
  }
  const lists = sizes.map((size) => new Array<number>(size))
  const filled = new Int32Array(sizes.length)
  for (let i = 0; i < count; i++) {
    const group = groupAt[i]!
    lists[group]![filled[group]!++] = i
  }
  return lists
}

/** The centres of the pads at these positions, as the grid search's columns (ids: the positions). */
function centres(pads: FeatureList, positions: readonly number[]): GridColumns {
  const n = positions.length
  const xs = new Float64Array(n), ys = new Float64Array(n), ids = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    const i = positions[k]!
    const { x, y } = shapeCenter(pads.at(i)!.shape)
    xs[k] = x; ys[k] = y; ids[k] = i
  }
  return { xs, ys, ids }
}

/** The grid heuristic: keep pads standing in a 2-D grid of one component (or of pads with none) and one size. */
function gridChoice(eligible: FeatureList, leftOut: Map<string, number>, options: PadChoiceOptions, counted: (pad: Feature) => boolean): PadChoice {
  const groups = groupIndices(eligible, (pad) => `${pad.component ?? ''}\u0000${shapeKey(pad)}`)
  const limit = pitchLimit(options)
  const keep = new Uint8Array(eligible.length)
  const found: { ids: number[]; grid: GridArray; key: string }[] = []
  for (const [key, ids] of [...groups].sort((a, b) => byText(a[0], b[0]))) {
    if (ids.length < GRID_MIN_SPAN * GRID_MIN_SPAN - 1) continue
    const points = centres(eligible, ids)
    const grids = findGridArrays(points, { minArraySize: GRID_MIN_SPAN * GRID_MIN_SPAN - 1, pitchTolerance: options.pitchTolerance }).filter((grid) =>
      grid.rows >= GRID_MIN_SPAN && grid.columns >= GRID_MIN_SPAN && grid.pitchX <= limit && grid.pitchY <= limit &&
      // JEDEC ball grids have one pitch both ways; rows of chip lands at unequal spacings do not
      Math.abs(grid.pitchX - grid.pitchY) <= options.pitchTolerance * Math.max(grid.pitchX, grid.pitchY) &&
      // a ball field, not lands that happen to line up across a board
      grid.ids.length >= MIN_GRID_FILL * grid.rows * grid.columns &&
      // ball lands are about half their pitch; lands nearly touching their neighbours are not
      padSpan(eligible.at(ids[0]!)!) <= MAX_LAND_TO_PITCH * Math.min(grid.pitchX, grid.pitchY))
    for (const grid of grids) {
      // two lattices of one group interleaved are a staggered pattern (aQFN lands, a hexagonal
      // ball field): not a rectangular ball grid, so neither is taken (README: known limits)
      if (grids.some((other) => other !== grid && boxesOverlap(gridBox(grid), gridBox(other)))) continue
      for (const id of grid.ids) keep[id] = 1
      found.push({ ids: grid.ids, grid, key })
    }
  }
  const chosen: number[] = []
  const position = new Int32Array(eligible.length).fill(-1)
  for (let i = 0; i < eligible.length; i++) {
    if (keep[i]) { position[i] = chosen.length; chosen.push(i) } else if (counted(eligible.at(i)!)) leftOut.set(NOT_IN_GRID, (leftOut.get(NOT_IN_GRID) ?? 0) + 1)
  }
  const pads = pickList(eligible, chosen)
  // one array per component (its grids joined), else one per grid
  const byName = new Map<string, ChosenArray>()
  for (const { ids, grid } of found) {
    const first = eligible.at(ids[0]!)!
    const component = first.component
    const name = component ?? `grid@${(grid.origin.x / 1e6).toFixed(3)},${(grid.origin.y / 1e6).toFixed(3)}`
    const at = ids.map((i) => position[i]!)
    const known = byName.get(name)
    if (known) { known.pads.push(...at); known.grid = null; continue }
    const pkg = (first as { package?: string }).package
    const chosenBy: PadChoiceSource = pkg !== undefined && BGA_PACKAGE.test(pkg) ? 'odb-package' : 'grid'
    byName.set(name, { name, pads: at, chosenBy, grid: { rows: grid.rows, columns: grid.columns, pitchX: grid.pitchX, pitchY: grid.pitchY } })
  }
  for (const array of byName.values()) {
    array.pads.sort((a, b) => a - b)
    if (array.grid === null) array.grid = gridOf(pads, array.pads, options.pitchTolerance)
  }
  return { pads, arrays: [...byName.values()].sort((a, b) => byText(a.name, b.name)), leftOut }
}

/**
 * Fewest occupied sites of a heuristic grid, as a fraction: full and perimeter BGAs fill 27 % (two
 * rows round a 27 × 27 field) or more; pads of passives that fall on one lattice fill far less.
 */
const MIN_GRID_FILL = 0.2

/**
 * Largest land size over pitch of a heuristic grid: IPC-7351B BGA lands are 45–60 % of the pitch
 * (0.6 mm at 1.27 mm, 0.25 mm at 0.5 mm); lands 3/4 of the pitch wide leave no room for a ball's neck.
 */
const MAX_LAND_TO_PITCH = 0.75

/** A pad's larger extent (its box). */
function padSpan(pad: Feature): number {
  return Math.max(pad.bbox[2] - pad.bbox[0], pad.bbox[3] - pad.bbox[1])
}

/** The box of a grid's sites (centres). */
function gridBox(g: GridArray): [number, number, number, number] {
  return [g.origin.x, g.origin.y, g.origin.x + (g.columns - 1) * g.pitchX, g.origin.y + (g.rows - 1) * g.pitchY]
}

function boxesOverlap(a: readonly number[], b: readonly number[]): boolean {
  return a[0]! < b[2]! && b[0]! < a[2]! && a[1]! < b[3]! && b[1]! < a[3]!
}

/** Group chosen pads by component (pads without one by size) and describe each group's grid. */
function describeGroups(pads: FeatureList, chosenBy: PadChoiceSource, pitchTolerance: number): ChosenArray[] {
  const groups = groupIndices(pads, (pad) => pad.component ?? `\u0000${shapeKey(pad)}`)
  const arrays: ChosenArray[] = []
  for (const [key, ids] of groups) {
    if (!key.startsWith('\u0000')) {
      arrays.push({ name: key, pads: ids, chosenBy, grid: gridOf(pads, ids, pitchTolerance) })
      continue
    }
    // no component: one array per grid found, the rest as one loose group
    const points = centres(pads, ids)
    const placed = new Uint8Array(pads.length)
    for (const grid of findGridArrays(points, { minArraySize: 2, pitchTolerance })) {
      const name = `grid@${(grid.origin.x / 1e6).toFixed(3)},${(grid.origin.y / 1e6).toFixed(3)}`
      arrays.push({ name, pads: grid.ids, chosenBy, grid: { rows: grid.rows, columns: grid.columns, pitchX: grid.pitchX, pitchY: grid.pitchY } })
      for (const id of grid.ids) placed[id] = 1
    }
    const loose = ids.filter((i) => !placed[i])
    if (loose.length > 0) arrays.push({ name: `loose ${key.slice(1)}`, pads: loose, chosenBy, grid: null })
  }
  return arrays.sort((a, b) => byText(a.name, b.name))
}

/** The grid that holds the most of these pads (rows, columns, pitch), or null. */
function gridOf(pads: FeatureList, ids: readonly number[], pitchTolerance: number): ChosenArray['grid'] {
  const points = centres(pads, ids)
  let best: GridArray | undefined
  for (const grid of findGridArrays(points, { minArraySize: 2, pitchTolerance })) {
    if (!best || grid.ids.length > best.ids.length) best = grid
  }
  return best ? { rows: best.rows, columns: best.columns, pitchX: best.pitchX, pitchY: best.pitchY } : null
}

// Aperture definitions (AD with C, R, O, P or a macro; AB blocks) and what a flash of one looks like.

import { InputError } from '../../errors.ts'
import type { Feature, PadDefinition } from '../../layers/model.ts'
import type { Path, Shape } from '../../geometry/types.ts'
import { circlePath, shapeToPaths } from '../../geometry/polygonize.ts'
import { describeText } from './describe.ts'
import { evaluateMacro, type MacroTemplate } from './macro.ts'
import type { ApertureDefinition } from './tree.ts'
import { type ApertureTransform, isIdentity, transformPaths, transformShape } from './transform.ts'
import type { DiagnosticLog } from './parse.ts'

export interface Aperture {
  code: number
  line: number
  kind: 'circle' | 'rect' | 'obround' | 'polygon' | 'macro' | 'block'
  /** nm; a circle's diameter is its width. */
  width: number
  height: number
  /** Outline about the aperture origin for polygon, macro and holed apertures (nm, CCW outers, CW holes). */
  paths?: Path[]
  /** Features of a block aperture, coordinates relative to the block origin. */
  block?: Feature[]
  /** First field of the `.AperFunction` attribute in force at the AD. */
  aperFunction?: string
  /** `CuDef` / `SMDef`: the second field of `.AperFunction,SMDPad|BGAPad,…` at the AD. */
  padDefinition?: PadDefinition
  /** IPC-4761 via type: the second field of `.AperFunction,ViaDrill,<type>` at the AD. */
  ipc4761?: string
  attributes: Record<string, string[]>
}

/**
 * The function fields of an `.AperFunction` attribute: the first field, and for SMD and BGA pads the pad
 * definition in the second (`SMDPad,CuDef`, `BGAPad,SMDef`), for vias the IPC-4761 type (`ViaDrill,VII`).
 */
export function apertureFunctionOf(attributes: Record<string, string[]>): { aperFunction?: string; padDefinition?: PadDefinition; ipc4761?: string } {
  const fields = attributes['.AperFunction']
  if (fields === undefined || fields.length === 0) return {}
  const aperFunction = fields[0]!.trim()
  const second = fields[1]?.trim()
  if ((aperFunction === 'SMDPad' || aperFunction === 'BGAPad') && (second === 'CuDef' || second === 'SMDef')) return { aperFunction, padDefinition: second }
  if (aperFunction === 'ViaDrill' && second) return { aperFunction, ipc4761: second }
  return { aperFunction }
}

function holeRing(diameter: number, tolerance: number): Path {
  return circlePath(0, 0, diameter / 2, tolerance).reverse()
}

function rectRing(w: number, h: number): Path {
  return [{ x: -w / 2, y: -h / 2 }, { x: w / 2, y: -h / 2 }, { x: w / 2, y: h / 2 }, { x: -w / 2, y: h / 2 }]
}

/** Build an aperture; `scale` is nm per file unit at the AD. */
export function defineAperture(
  node: ApertureDefinition, macros: ReadonlyMap<string, MacroTemplate>, scale: number,
  file: string, tolerance: number, log: DiagnosticLog, attributes: Record<string, string[]>, maxParts: number,
): Aperture {
  const ap = buildAperture(node, macros, scale, file, tolerance, log, attributes, maxParts)
  if (!inRange(ap)) throw new InputError(file, node.line, `Aperture D${node.code} has a size out of range (the limit is ±${Number.MAX_SAFE_INTEGER} nm)`)
  return ap
}

/** Integer nm is exact only within ±2^53: a blown-up size (1e300 in) would reach the geometry as Infinity or NaN. */
function inRange(ap: Aperture): boolean {
  const ok = (v: number) => Math.abs(v) <= Number.MAX_SAFE_INTEGER // NaN fails too
  if (!ok(ap.width) || !ok(ap.height)) return false
  for (const path of ap.paths ?? []) for (const p of path) if (!ok(p.x) || !ok(p.y)) return false
  return true
}

function buildAperture(
  node: ApertureDefinition, macros: ReadonlyMap<string, MacroTemplate>, scale: number,
  file: string, tolerance: number, log: DiagnosticLog, attributes: Record<string, string[]>, maxParts: number,
): Aperture {
  const { code, line, template, params } = node
  const nm = (k: number) => Math.round((params[k] ?? 0) * scale)
  const need = (count: number, what: string) => {
    if (params.length < count) throw new InputError(file, line, `Aperture D${code} ${template} needs ${what}`)
    for (const v of params) if (v < 0 && template !== 'P') throw new InputError(file, line, `Aperture D${code} has a negative size`)
  }
  const base = { code, line, attributes, ...apertureFunctionOf(attributes) }
  switch (template) {
    case 'C': {
      need(1, 'a diameter')
      const d = nm(0), hole = nm(1)
      const ap: Aperture = { ...base, kind: 'circle', width: d, height: d }
      if (hole > 0) ap.paths = [circlePath(0, 0, d / 2, tolerance), holeRing(hole, tolerance)]
      return ap
    }
    case 'R':
    case 'O': {
      if (params.length === 1) {
        log.warnOnce('AD-square', line, `Aperture D${code} ${template} has one size: read as ${template === 'R' ? 'a square' : 'a circle'}`)
        params.push(params[0]!)
      }
      need(2, 'a width and a height')
      const w = nm(0), h = nm(1), hole = nm(2)
      const ap: Aperture = { ...base, kind: template === 'R' ? 'rect' : 'obround', width: w, height: h }
      if (hole > 0) {
        const outline = template === 'R' ? rectRing(w, h) : obroundRing(w, h, tolerance)
        ap.paths = [outline, holeRing(hole, tolerance)]
      }
      return ap
    }
    case 'P': {
      need(2, 'a diameter and a number of vertices')
      const d = nm(0), vertices = params[1]!, rotation = params[2] ?? 0, hole = nm(3)
      if (!Number.isInteger(vertices) || vertices < 3 || vertices > 12) throw new InputError(file, line, `Aperture D${code} P needs 3 to 12 vertices (got ${vertices})`)
      const ring: Path = []
      for (let k = 0; k < vertices; k++) {
        const a = ((rotation + (360 * k) / vertices) * Math.PI) / 180
        ring.push({ x: Math.round((d / 2) * Math.cos(a)), y: Math.round((d / 2) * Math.sin(a)) })
      }
      const ap: Aperture = { ...base, kind: 'polygon', width: d, height: d, paths: [ring] }
      if (hole > 0) ap.paths!.push(holeRing(hole, tolerance))
      return ap
    }
    default: {
      const macro = macros.get(template)
      if (!macro) throw new InputError(file, line, `Aperture D${code} uses a macro (${describeText(template, 'name')}) that is not defined before it`)
      const paths = evaluateMacro(macro, params, scale, file, tolerance, maxParts)
      return { ...base, kind: 'macro', width: 0, height: 0, paths }
    }
  }
}

/** An obround ring about the origin: the same chords as an analytic obround flash gets (equal-area caps). */
function obroundRing(w: number, h: number, tolerance: number): Path {
  return shapeToPaths({ type: 'obround', cx: 0, cy: 0, width: w, height: h, rotation: 0 }, tolerance)[0]!
}

/** The shape of a flash of `ap` at (x, y) under transform `t` (never for block apertures). */
export function flashShape(ap: Aperture, x: number, y: number, t: ApertureTransform): Shape {
  if (ap.paths !== undefined) {
    return { type: 'polygon', paths: transformPaths(ap.paths, t, x, y) }
  }
  switch (ap.kind) {
    case 'circle':
      return { type: 'circle', cx: x, cy: y, diameter: circleDiameter(ap, t) }
    case 'rect':
    case 'obround':
      if (isIdentity(t)) return { type: ap.kind, cx: x, cy: y, width: ap.width, height: ap.height, rotation: 0 }
      return transformShape({ type: ap.kind, cx: 0, cy: 0, width: ap.width, height: ap.height, rotation: 0 }, t, x, y)
    default:
      throw new Error(`flashShape: aperture D${ap.code} has no outline`)
  }
}

/** A circle aperture's diameter under transform `t` (rotation and mirroring leave a circle as it is). */
export function circleDiameter(ap: Aperture, t: ApertureTransform): number {
  return t.scale === 1 ? ap.width : Math.round(ap.width * t.scale)
}

/** The aperture outline about its origin (outer ring only), for sweeping a draw. */
export function apertureOutline(ap: Aperture, t: ApertureTransform, tolerance: number): Path {
  if (ap.paths !== undefined) return transformPaths([ap.paths[0] ?? []], t, 0, 0)[0]!
  const ring = ap.kind === 'rect' ? rectRing(ap.width, ap.height)
    : ap.kind === 'obround' ? obroundRing(ap.width, ap.height, tolerance)
      : circlePath(0, 0, ap.width / 2, tolerance)
  return transformPaths([ring], t, 0, 0)[0]!
}


// Component and pin per pad. Two sources, most reliable first:
// 1. eda/data: `SNT TOP <T|B> <comp> <toeprint>` subnets list the exact features (`FID <type> <layer> <feature>`)
//    of each pin, and the enclosing NET record names the net — an exact link, no geometry involved.
// 2. comp_+_top / comp_+_bot `components`: TOP records give each pin's board position; a pad with no
//    eda/data link takes the pin whose position lies inside the pad's box (nearest the pad centre).

import KDBush from 'kdbush'
import { InputError } from '../../errors.ts'
import type { Feature } from '../../layers/model.ts'
import { shapeCenter } from '../../geometry/polygonize.ts'
import type { OdbUnits } from './features-file.ts'
import { lengthNm } from './ranges.ts'

/** `package` is the eda/data PKG name the component's CMP record refers to, when eda/data is there. */
export interface Pin { component: string; pin: string; x: number; y: number; package?: string }
export interface ComponentsFile { components: string[]; pins: Pin[]; /** Pins of each CMP record, in file order. */ byComponent: Pin[][] }

/**
 * CMP <pkg> <x> <y> <rot> <mirror> <name> <part>…, then its TOP <n> <x> <y> <rot> <mirror> <net> <subnet> <name> pins.
 * `<pkg>` indexes the PKG records of eda/data (`packages`, in file order): each pin gets its component's package name.
 */
export function parseComponents(file: string, text: string, jobUnits: OdbUnits, packages: readonly string[] = []): ComponentsFile {
  let units = jobUnits
  const components: string[] = []
  const pins: Pin[] = []
  const byComponent: Pin[][] = []
  let packageName: string | undefined
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (line.startsWith('UNITS=')) units = line.slice(6).toUpperCase() === 'MM' ? 'mm' : 'inch'
    else if (line.startsWith('CMP ')) {
      const t = line.split(';')[0]!.split(/\s+/)
      if (t[6] === undefined) throw new InputError(file, i + 1, 'CMP record without a component name')
      components.push(t[6])
      byComponent.push([])
      packageName = /^\d+$/.test(t[1] ?? '') ? packages[Number(t[1])] : undefined
    } else if (line.startsWith('TOP ')) {
      const t = line.split(';')[0]!.split(/\s+/)
      const component = components[components.length - 1]
      if (component === undefined) throw new InputError(file, i + 1, 'TOP (pin) record before any CMP record')
      const x = lengthNm(file, i + 1, 'TOP (pin) x', Number(t[2]), units), y = lengthNm(file, i + 1, 'TOP (pin) y', Number(t[3]), units)
      const pin: Pin = { component, pin: t[8] ?? t[1] ?? '', x: Math.round(x), y: Math.round(y) }
      if (packageName !== undefined) pin.package = packageName
      pins.push(pin)
      byComponent[byComponent.length - 1]!.push(pin)
    }
  }
  return { components, pins, byComponent }
}

/** eda/data's PKG records in file order (`PKG <name> <pitch> <xmin> <ymin> <xmax> <ymax>;…`): the names CMP records refer to by index. */
export function parsePackageNames(text: string): string[] {
  const names: string[] = []
  for (const m of text.matchAll(/^PKG\s+(\S+)/gm)) names.push(m[1]!)
  return names
}

export interface FeatureLink { component?: { side: 'T' | 'B'; index: number; toeprint: number }; net?: string }

/** eda/data → for each layer name (lower case), feature index → its pin and net. */
export function parseEdaLinks(file: string, text: string): Map<string, Map<number, FeatureLink>> {
  const out = new Map<string, Map<number, FeatureLink>>()
  let layerNames: string[] = []
  let net: string | undefined
  let pin: FeatureLink['component']
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith('LYR ')) layerNames = line.slice(4).trim().split(/\s+/).map((n) => n.toLowerCase())
    else if (line.startsWith('NET ')) { net = line.slice(4).split(';')[0]!.trim(); pin = undefined }
    else if (line.startsWith('SNT ')) {
      const t = line.trim().split(/\s+/)
      pin = t[1] === 'TOP' && (t[2] === 'T' || t[2] === 'B') ? { side: t[2], index: Number(t[3]), toeprint: Number(t[4]) } : undefined
    } else if (line.startsWith('FID ')) {
      const t = line.trim().split(/\s+/)
      const layer = layerNames[Number(t[2])]
      const feature = Number(t[3])
      if (layer === undefined || !Number.isInteger(feature)) throw new InputError(file, i + 1, `FID refers to layer #${t[2]} not listed in LYR, or to a bad feature number`)
      let byFeature = out.get(layer)
      if (!byFeature) out.set(layer, (byFeature = new Map()))
      byFeature.set(feature, { ...(pin ? { component: pin } : {}), ...(net !== undefined && net !== '$NONE$' ? { net } : {}) })
    } else if (line.startsWith('PKG ')) { net = undefined; pin = undefined }
  }
  return out
}

/** Per-side pins of one step, with each component's toeprints in file order for eda/data lookups. */
export interface StepComponents {
  top?: ComponentsFile
  bottom?: ComponentsFile
  /** Pins by component index then toeprint index, per side. */
  toeprints: { T: Pin[][]; B: Pin[][] }
}

export function stepComponents(top: ComponentsFile | undefined, bottom: ComponentsFile | undefined): StepComponents {
  return { top, bottom, toeprints: { T: top?.byComponent ?? [], B: bottom?.byComponent ?? [] } }
}

/** Give pads without a linked component the pin whose position lies inside their box. */
export function assignPinsByLocation(features: Feature[], pins: readonly Pin[]): number {
  if (pins.length === 0) return 0
  const index = new KDBush(pins.length)
  for (const p of pins) index.add(p.x, p.y)
  index.finish()
  let assigned = 0
  for (const f of features) {
    if (f.component !== undefined || f.kind !== 'flash' || f.polarity !== 'dark') continue
    const ids = index.range(f.bbox[0], f.bbox[1], f.bbox[2], f.bbox[3])
    if (ids.length === 0) continue
    const c = shapeCenter(f.shape)
    let best = ids[0]!, bestD = Infinity
    for (const id of ids) {
      const d = Math.hypot(pins[id]!.x - c.x, pins[id]!.y - c.y)
      if (d < bestD || (d === bestD && id < best)) { best = id; bestD = d }
    }
    f.component = pins[best]!.component
    if (pins[best]!.package !== undefined) f.package = pins[best]!.package
    f.pin = pins[best]!.pin
    assigned++
  }
  return assigned
}

// Run the deck's rules over layers, side by side, in dependency order, and turn raw findings into
// sorted, unit-converted findings. Severity, units, ordering and messages live here, not in rules.

import { ConfigError } from '../errors.ts'
import { byText } from '../order.ts'
import type { Feature, Layer, Point, Role, Side } from '../layers/model.ts'
import { isBumpPad, pairDeposits, wettableSites, type BumpSites, type WettableSites } from '../layers/bump-sites.ts'
import { padsInGrids } from '../layers/bump-arrays.ts'
import { FeatureIndex } from '../spatial/index.ts'
import { toDeckUnits, unitLabel, type Deck } from './deck.ts'
import type { Finding } from './report.ts'
import type { OptionKind, RawFinding, Rule, RuleContext } from './rule.ts'

export interface RunOptions {
  sides?: ('top' | 'bottom')[]
  /** Some inputs could not be read: a role they may have held is missing, which is a note, not a setup error. */
  inputsIncomplete?: boolean
  signal?: AbortSignal
  onRule?: (ruleId: string, side: string) => void
  /**
   * A tiled run (src/engine/tiles.ts) sees its tile plus a halo: it keeps the findings sited in its
   * own tile and counts only its own pads, so the tiles' results add up to the whole board's.
   */
  owns?: (at: Point) => boolean
}

export interface RunResult {
  findings: Finding[]
  /** Notes about what could not be checked (a rule skipped on a side for want of a layer). */
  notes: string[]
  /** Per side, bump pads left out for standing in no array (process.bumpPads = "arrays"); its note is the last of `notes`. */
  outsideArrays: OutsideArrays[]
}

export interface OutsideArrays {
  side: Side
  excluded: number
  total: number
}

/** The note for pads left out of the bump checks; tiles add their counts up before writing it. */
export function outsideArraysNote({ side, excluded, total }: OutsideArrays): string {
  return `${side} side: ${excluded} of ${total} pads stand in no 2-D array and are not checked as bump pads (process.bumpPads = "arrays")`
}

/** Rules in an order where every rule runs after the ones it defers to; ties by id. */
export function orderRules(rules: readonly Rule[]): Rule[] {
  const byId = new Map(rules.map((r) => [r.meta.id, r]))
  const done = new Set<string>()
  const out: Rule[] = []
  const visit = (rule: Rule, trail: string[]) => {
    if (done.has(rule.meta.id)) return
    if (trail.includes(rule.meta.id)) throw new Error(`rule dependency cycle: ${[...trail, rule.meta.id].join(' → ')}`)
    for (const dep of [...(rule.meta.after ?? [])].sort()) {
      const d = byId.get(dep)
      if (d) visit(d, [...trail, rule.meta.id])
    }
    done.add(rule.meta.id)
    out.push(rule)
  }
  for (const rule of [...rules].sort((a, b) => byText(a.meta.id, b.meta.id))) visit(rule, [])
  return out
}

function onSide(layer: Layer, side: Side): boolean {
  return layer.side === side || layer.side === 'both'
}

const MM = 1_000_000
const round6 = (v: number) => Math.round(v * 1e6) / 1e6

export function formatValue(value: number, kind: OptionKind | 'none', deck: Deck): string {
  if (!Number.isFinite(value)) return String(value)
  const v = toDeckUnits(value, kind, deck.units)
  const unit = unitLabel(kind, deck.units)
  const text = kind === 'fraction' ? `${round6(v * 100).toPrecision(3).replace(/\.?0+$/, '')} %` : `${Number(v.toPrecision(4))}`
  if (kind === 'fraction') return text
  if (kind === 'temperature') return `${text} °C`
  return unit ? `${text} ${unit.replace('2', '²')}` : text
}

export function runRules(layers: readonly Layer[], deck: Deck, registry: ReadonlyMap<string, Rule>, options: RunOptions = {}): RunResult {
  const enabled = orderRules([...deck.rules.keys()].map((id) => registry.get(id)!))
  const sides = options.sides ?? ['top', 'bottom']
  const findings: Finding[] = []
  const notes: string[] = []
  const checkCancelled = () => {
    if (options.signal?.aborted) {
      const error = new Error('check cancelled')
      error.name = 'AbortError'
      throw error
    }
  }

  // A role a rule needs that no file provides on any side is a setup error, not a pass.
  for (const rule of enabled) {
    if (!rule.check) continue
    for (const role of rule.meta.needs) {
      if (!layers.some((l) => l.role === role && sides.some((s) => onSide(l, s)))) {
        if (options.inputsIncomplete) continue // the per-side notes below say what was not checked
        const seen = layers.map((l) => `${l.file} (${l.role}, ${l.side})`).join('; ') || 'none'
        throw new ConfigError(`Rule ${rule.meta.id} needs a ${role} layer on the ${sides.join(' or ')} side and no input provides one. Files seen: ${seen}. Map one with the deck's "layers" or --map.`)
      }
    }
  }

  const errorFeatures = new Set<Feature>()
  const emit = (rule: Rule, side: Side, severity: 'error' | 'warning', raw: RawFinding, template: string) => {
    const box = raw.bbox ?? joinBoxes(raw.features) ?? [raw.at.x, raw.at.y, raw.at.x, raw.at.y]
    const measured = raw.measured === null ? null : round6(toDeckUnits(raw.measured, raw.valueKind, deck.units))
    const limit = raw.limit === null ? null : round6(toDeckUnits(raw.limit, raw.valueKind, deck.units))
    const values: Record<string, string> = {
      measured: raw.measured === null ? '' : formatValue(raw.measured, raw.valueKind, deck),
      limit: raw.limit === null ? '' : formatValue(raw.limit, raw.valueKind, deck),
      ...raw.data,
    }
    const message = template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? `{${key}}`) + ` (rule ${rule.meta.id})`
    if (severity === 'error') for (const f of raw.features) errorFeatures.add(f)
    if (options.owns && !options.owns(raw.at)) return // another tile reports it
    findings.push({
      rule: rule.meta.id,
      messageId: raw.messageId,
      severity,
      side,
      at: { x: round6(raw.at.x / MM), y: round6(raw.at.y / MM) },
      bbox: [round6(box[0] / MM), round6(box[1] / MM), round6(box[2] / MM), round6(box[3] / MM)],
      measured,
      limit,
      unit: unitLabel(raw.valueKind, deck.units),
      message,
      features: raw.features.map((f) => ({
        file: f.source.file,
        line: f.source.line,
        ...(f.component !== undefined ? { component: f.component } : {}),
        ...(f.pin !== undefined ? { pin: f.pin } : {}),
      })),
    })
  }

  const makeContext = (rule: Rule, side: Side, shared: SideData): RuleContext => {
    const setting = deck.rules.get(rule.meta.id)!
    return {
      side,
      options: setting.options,
      process: deck.process,
      layers: (role) => shared.layers(role),
      features: (role) => shared.features(role),
      index: (role) => shared.index(role),
      bumpSites: () => shared.bumpSites(),
      hasError: (f) => errorFeatures.has(f),
      report: (raw) => {
        const template = rule.meta.messages[raw.messageId]
        if (!template) throw new Error(`rule ${rule.meta.id} reported unknown messageId ${raw.messageId}`)
        emit(rule, side, setting.severity, raw, template)
      },
      format: (value, kind) => formatValue(value, kind, deck),
      checkCancelled,
    }
  }

  const outsideArrays: OutsideArrays[] = []
  for (const rule of enabled) {
    if (!rule.checkProcess) continue
    options.onRule?.(rule.meta.id, 'process')
    rule.checkProcess(makeContext(rule, 'both', sideData(layers, 'both', deck, outsideArrays, options.owns)))
  }
  for (const side of sides) {
    const shared = sideData(layers, side, deck, outsideArrays, options.owns)
    for (const rule of enabled) {
      if (!rule.check) continue
      checkCancelled()
      const missing = rule.meta.needs.filter((role) => shared.features(role).length === 0 && shared.layers(role).length === 0)
      if (missing.length > 0) {
        notes.push(`${rule.meta.id}: not checked on the ${side} side (no ${missing.join(', ')} layer there)`)
        continue
      }
      options.onRule?.(rule.meta.id, side)
      rule.check(makeContext(rule, side, shared))
    }
  }
  findings.sort(compareFindings)
  for (const counts of outsideArrays) if (counts.excluded > 0) notes.push(outsideArraysNote(counts))
  return { findings, notes, outsideArrays }
}

interface SideData {
  layers(role: Role): Layer[]
  features(role: Role): Feature[]
  index(role: Role): FeatureIndex
  bumpSites(): BumpSites
}

/** Per-side features, indexes and bump sites, each built on first use and then shared by every rule. */
function sideData(layers: readonly Layer[], side: Side, deck: Deck, outsideArrays: OutsideArrays[], owns?: (at: Point) => boolean): SideData {
  const featureCache = new Map<Role, Feature[]>()
  const indexCache = new Map<Role, FeatureIndex>()
  let sites: BumpSites | undefined
  const layersOf = (role: Role) => layers.filter((l) => l.role === role && onSide(l, side))
  const features = (role: Role) => {
    let list = featureCache.get(role)
    if (!list) {
      list = joined(layersOf(role).map((l) => l.features))
      featureCache.set(role, list)
    }
    return list
  }
  const index = (role: Role) => {
    let idx = indexCache.get(role)
    if (!idx) {
      idx = new FeatureIndex(features(role))
      indexCache.set(role, idx)
    }
    return idx
  }
  return {
    layers: layersOf,
    features,
    index,
    bumpSites() {
      if (!sites) {
        const deposits = joined(layersOf('deposit').filter((l) => l.side === side).map((l) => l.features.filter((f) => f.polarity === 'dark')))
        const wettable = cachedWettable(layersOf, side, deck, owns)
        if (wettable.outsideArrays) outsideArrays.push(wettable.outsideArrays)
        sites = pairDeposits(wettable, deposits)
      }
      return sites
    },
  }
}

/**
 * Wettable sites depend only on the pads, mask and drill layers and the deck's pad selection. A
 * long-lived caller (the server) re-checks with the same parsed layers after one file changed, so
 * keep the last result per pads layer and reuse it while those inputs are the very same objects.
 */
type Wettable = WettableSites & { outsideArrays?: OutsideArrays }
const wettableCache = new WeakMap<object, { inputs: readonly object[]; config: string; result: Wettable }>()

function cachedWettable(layersOf: (role: Role) => Layer[], side: Side, deck: Deck, owns?: (at: Point) => boolean): Wettable {
  const padLayers = layersOf('pads').filter((l) => l.side === side)
  const maskLayers = layersOf('mask').filter((l) => l.side === side)
  const viaLayers = layersOf('vias')
  const inputs = [...padLayers, ...maskLayers, ...viaLayers].map((l) => l.features)
  const config = JSON.stringify([deck.process.padFunctions, deck.process.bumpPads, padLayers.length, maskLayers.length])
  const key = owns ? undefined : inputs[0] // a tile's sites are its own: nothing to share
  const hit = key && wettableCache.get(key)
  if (hit && hit.config === config && hit.inputs.length === inputs.length && hit.inputs.every((x, i) => x === inputs[i])) return hit.result

  // Without X2 functions a drilled pad (via or through-hole land) is told apart by its hole:
  // bumps sit on surface pads, so a flash centred on a plated hole is not a bump pad.
  // The hole set is built only for a pads layer without functions (250 k holes cost ~0.5 s as strings).
  let holes: Set<number> | undefined
  const drilled = (f: Feature) => {
    if (!holes) {
      holes = new Set<number>()
      for (const l of viaLayers) for (const h of l.features) holes.add(centreKey(h.bbox))
    }
    return holes.has(centreKey(f.bbox))
  }
  let pads = joined(padLayers.map((l) => {
    const hasFunctions = l.features.some((f) => f.aperFunction !== undefined)
    return l.features.filter((f) => isBumpPad(f, deck.process.padFunctions, hasFunctions) && (hasFunctions || !drilled(f)))
  }))
  let outsideArrays: OutsideArrays | undefined
  if (deck.process.bumpPads === 'arrays') {
    const inGrids = padsInGrids(pads, 4)
    const ownCount = (list: readonly Feature[]) => (owns ? list.filter((f) => owns(boxCentre(f.bbox))).length : list.length)
    outsideArrays = { side, excluded: ownCount(pads) - ownCount(inGrids), total: ownCount(pads) }
    pads = inGrids
  }
  const masks = maskLayers.length > 0 ? joined(maskLayers.map((l) => l.features)) : null
  const result = { ...wettableSites(pads, masks, masks ? new FeatureIndex(masks) : null), ...(outsideArrays && { outsideArrays }) }
  if (key) wettableCache.set(key, { inputs, config, result })
  return result
}

/** Lists end to end, as a new array. (flatMap copies element by element: ~0.5 s per million features here.) */
function joined<T>(lists: readonly (readonly T[])[]): T[] {
  return lists.length === 1 ? lists[0]!.slice() : ([] as T[]).concat(...lists)
}

function boxCentre(box: readonly number[]): Point {
  return { x: (box[0]! + box[2]!) / 2, y: (box[1]! + box[3]!) / 2 }
}

/**
 * A box's centre to the micrometre, as one number: drill and pad centres written by one CAD tool
 * agree to that. x · 2³² + y is exact and one-to-one while |x| < 2²⁰ µm (1 m) and |y| < 2³¹ µm.
 */
function centreKey(box: readonly number[]): number {
  return Math.round((box[0]! + box[2]!) / 2000) * 2 ** 32 + Math.round((box[1]! + box[3]!) / 2000)
}

function joinBoxes(features: readonly Feature[]): [number, number, number, number] | null {
  if (features.length === 0) return null
  let [a, b, c, d] = features[0]!.bbox
  for (const f of features) {
    a = Math.min(a, f.bbox[0]); b = Math.min(b, f.bbox[1]); c = Math.max(c, f.bbox[2]); d = Math.max(d, f.bbox[3])
  }
  return [a, b, c, d]
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    byText(a.rule, b.rule) ||
    byText(a.side, b.side) ||
    a.at.x - b.at.x ||
    a.at.y - b.at.y ||
    byText(a.messageId, b.messageId) ||
    byText((a.features[0]?.file ?? ''), b.features[0]?.file ?? '') ||
    (a.features[0]?.line ?? 0) - (b.features[0]?.line ?? 0) ||
    byText(a.message, b.message)
  )
}

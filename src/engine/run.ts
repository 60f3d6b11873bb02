// Run the deck's rules over layers, side by side, in dependency order, and turn raw findings into
// sorted, unit-converted findings. Severity, units, ordering and messages live here, not in rules.

import { byText } from '../order.ts'
import type { Feature, Layer, Role, Side } from '../layers/model.ts'
import type { Point } from '../geometry/types.ts'
import { DepositScope, pairDeposits, wettableSites, type BumpSites, type WettableSites } from '../layers/bump-sites.ts'
import { bumpPadModeText, chooseBumpPads, DRILLED, isPadCandidate, PAD_GRID_TOLERANCE, type PadChoice } from '../layers/bump-pads.ts'
import { overlapArea } from '../geometry/measure.ts'
import { FeatureIndex } from '../spatial/index.ts'
import { featureCount, featureKey, featureList, filterList, joinLists, listArray, type FeatureList } from '../layers/packed-feature.ts'
import { toDeckUnits, unitLabel, type Deck } from './deck.ts'
import type { BumpArrayInfo, Finding, NotRunInfo, OutOfScopeInfo, PadSelectionInfo } from './report.ts'
import type { OptionKind, RawFinding, Rule, RuleContext, SitelessFinding } from './rule.ts'

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
  /**
   * Whether a layer holds any image on the whole board; default: whether it has features. A tile
   * sees only the features in its view, and a layer with none there is not a missing layer.
   */
  holdsImage?: (layer: Layer) => boolean
}

export interface RunResult {
  findings: Finding[]
  /** Notes about the run (nothing that changes the verdict). */
  notes: string[]
  /** Rules that could not run on a side they were asked for. */
  notRun: NotRunInfo[]
  /** What was taken as bump pads, per side; a tiled run adds its tiles' counts up. */
  bumpPads: BumpPadSummary
  /**
   * Bump-pad rules skipped for want of any bump pad in view. A whole-board run lists them in
   * `notRun`; a tile cannot tell (the pads may be in another tile), so the merge keeps those every
   * tile skipped (mergeNotRun).
   */
  nothingToJudge: NotRunInfo[]
}

/** Rule/side entries sorted and without repeats. */
function uniqueNotRun(entries: readonly NotRunInfo[]): NotRunInfo[] {
  const byKey = new Map<string, NotRunInfo>()
  for (const e of entries) byKey.set(`${e.rule}\u0000${e.side}`, e)
  return [...byKey.values()].sort((a, b) => byText(a.rule, b.rule) || byText(a.side, b.side))
}

/** The not-run list of a run made of parts (tiles): every missing layer, and what no part could judge. */
export function mergeNotRun(parts: readonly Pick<RunResult, 'notRun' | 'nothingToJudge'>[]): NotRunInfo[] {
  const key = (e: NotRunInfo) => `${e.rule}\u0000${e.side}`
  const nothing = parts[0]?.nothingToJudge.filter((e) => parts.every((p) => p.nothingToJudge.some((f) => key(f) === key(e)))) ?? []
  return uniqueNotRun([...parts.flatMap((p) => p.notRun), ...nothing])
}

export interface BumpPadSummary {
  arrays: BumpArrayInfo[]
  selection: PadSelectionInfo[]
  outOfScope: OutOfScopeInfo[]
}

/** Why a rule could not run on a side, and how to fix it. */
export function notRunEntry(rule: string, side: Side, missing: readonly Role[], layersOf: (role: Role) => readonly Layer[] = () => []): NotRunInfo {
  const names = missing.map((r) => ROLE_NAMES[r])
  const what = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0]!
  const empty = missing.flatMap((r) => layersOf(r).map((l) => l.file.split(/[\\/]/).pop()!))
  return {
    rule, side,
    reason: `no ${what} on the ${side} side${empty.length > 0 ? ` (${empty.join(', ')} holds no image)` : ''}`,
    fix: `map the ${side} ${what} file (--map or the deck's "layers"), or leave "${side}" out of the rule's "sides" option in the deck ("${rule}": ["error", { "sides": ["${side === 'top' ? 'bottom' : 'top'}"] }]) or turn the rule off`,
  }
}

const ROLE_NAMES: Record<Role, string> = { pads: 'copper layer', mask: 'solder-mask layer', deposit: 'paste (deposit) layer', vias: 'drill file', outline: 'outline', other: 'layer' }

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
  const holdsImage = options.holdsImage ?? ((layer: Layer) => featureCount(layer) > 0)
  const findings: Finding[] = []
  const notes: string[] = []
  const checkCancelled = () => {
    if (options.signal?.aborted) {
      const error = new Error('check cancelled')
      error.name = 'AbortError'
      throw error
    }
  }

  // the first rule to report an error on a feature, and the features more than one rule did: a rule asks
  // whether *another* rule failed a feature (its own findings never hide the next feature it judges)
  // (by featureKey: a packed feature's handle is made anew on each read)
  const firstErrorRule = new Map<unknown, string>()
  const erredByMany = new Set<unknown>()
  const emit = (rule: Rule, side: Side, severity: 'error' | 'warning', raw: RawFinding | SitelessFinding, template: string) => {
    const box = raw.at === null ? null : raw.bbox ?? joinBoxes(raw.features) ?? [raw.at.x, raw.at.y, raw.at.x, raw.at.y]
    const features = raw.at === null ? [] : raw.features
    const measured = raw.measured === null ? null : round6(toDeckUnits(raw.measured, raw.valueKind, deck.units))
    const limit = raw.limit === null ? null : round6(toDeckUnits(raw.limit, raw.valueKind, deck.units))
    const values: Record<string, string> = {
      measured: raw.measured === null ? '' : formatValue(raw.measured, raw.valueKind, deck),
      limit: raw.limit === null ? '' : formatValue(raw.limit, raw.valueKind, deck),
      ...raw.data,
    }
    const message = template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? `{${key}}`) + ` (rule ${rule.meta.id})`
    if (severity === 'error') {
      for (const f of features) {
        const key = featureKey(f)
        const first = firstErrorRule.get(key)
        if (first === undefined) firstErrorRule.set(key, rule.meta.id)
        else if (first !== rule.meta.id) erredByMany.add(key)
      }
    }
    // the tiles cover the plane: the one owning the origin reports a finding with no site, once
    if (options.owns && !options.owns(raw.at ?? { x: 0, y: 0 })) return // another tile reports it
    findings.push({
      rule: rule.meta.id,
      messageId: raw.messageId,
      severity,
      side,
      at: raw.at === null ? null : { x: round6(raw.at.x / MM), y: round6(raw.at.y / MM) },
      bbox: box === null ? null : [round6(box[0] / MM), round6(box[1] / MM), round6(box[2] / MM), round6(box[3] / MM)],
      measured,
      limit,
      unit: unitLabel(raw.valueKind, deck.units),
      message,
      features: features.map((f) => ({
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
      hasError: (f) => {
        // nothing failed yet (a sound board): no key to make and look up, a million times a rule
        if (firstErrorRule.size === 0) return false
        const key = featureKey(f)
        const first = firstErrorRule.get(key)
        return first !== undefined && (first !== rule.meta.id || erredByMany.has(key))
      },
      report: (raw) => {
        const template = rule.meta.messages[raw.messageId]
        if (!template) throw new Error(`rule ${rule.meta.id} reported unknown messageId ${raw.messageId}`)
        emit(rule, side, setting.severity, raw, template)
      },
      format: (value, kind) => formatValue(value, kind, deck),
      checkCancelled,
    }
  }

  const summary: BumpPadSummary = { arrays: [], selection: [], outOfScope: [] }
  const notRun: NotRunInfo[] = []
  const nothingToJudge: NotRunInfo[] = []
  for (const rule of enabled) {
    if (!rule.checkProcess) continue
    options.onRule?.(rule.meta.id, 'process')
    rule.checkProcess(makeContext(rule, 'both', sideData(layers, 'both', deck, options.owns)))
  }
  const perSide = sides.map((side) => ({ side, shared: sideData(layers, side, deck, options.owns) }))
  // bump rules with no bump pad on any side checked have nothing to judge: that is not a pass
  const anyBumpPads = perSide.some(({ shared }) => shared.padChoice().pads.length > 0)
  for (const { side, shared } of perSide) {
    const choice = shared.padChoice()
    summary.selection.push({ side, mode: bumpPadModeText(deck.process.bumpPads), bumpPads: choice.ownPads, leftOut: Object.fromEntries([...choice.leftOut].sort((a, b) => byText(a[0], b[0]))) })
    for (const rule of enabled) {
      if (!rule.check) continue
      const sidesAsked = deck.rules.get(rule.meta.id)!.sides
      if (sidesAsked && !sidesAsked.includes(side)) continue
      checkCancelled()
      // a layer whose file holds no image (a header-only paste file) is as good as none
      const missing = rule.meta.needs.filter((role) => !shared.layers(role).some(holdsImage))
      // a side without bump pads missing a layer the other side has (a one-sided assembly) lost nothing
      const nowhere = missing.some((role) => perSide.every((p) => !p.shared.layers(role).some(holdsImage)))
      if (missing.length > 0 && choice.pads.length === 0 && !nowhere) continue
      // with copper read and no bump pad on any side, a missing paste or mask layer is beside the
      // point: there is nothing to judge either way, and that is what the run says
      if (rule.meta.needsBumpPads && !anyBumpPads && !missing.includes('pads')) {
        nothingToJudge.push({
          rule: rule.meta.id, side,
          reason: `no bump pads found on any side (process.bumpPads = ${bumpPadModeText(deck.process.bumpPads)})`,
          fix: 'name the bump components with process.bumpPads { "components": ["U1"] }, or turn the rule off if the board has no bumps',
        })
        continue
      }
      // not run where it had pads to judge, or where the board lacks the layer altogether
      if (missing.length > 0) {
        notRun.push(notRunEntry(rule.meta.id, side, missing, shared.layers))
        continue
      }
      options.onRule?.(rule.meta.id, side)
      rule.check(makeContext(rule, side, shared))
    }
    for (const { name, pads, chosenBy, grid } of choice.arrays) {
      summary.arrays.push({
        side, name, pads: pads.length, rows: grid?.rows ?? 0, columns: grid?.columns ?? 0,
        pitch: grid ? { x: round6(grid.pitchX / MM), y: round6(grid.pitchY / MM) } : null, chosenBy,
      })
    }
    if (shared.layers('deposit').length > 0 && shared.layers('pads').length > 0) summary.outOfScope.push({ side, deposits: shared.bumpSites().outOfScope, offBoard: shared.offBoard() })
  }
  findings.sort(compareFindings)
  const whole = !options.owns
  return { findings, notes, notRun: whole ? mergeNotRun([{ notRun, nothingToJudge }]) : notRun, bumpPads: summary, nothingToJudge: whole ? [] : nothingToJudge }
}

interface SideData {
  layers(role: Role): Layer[]
  features(role: Role): FeatureList
  index(role: Role): FeatureIndex
  /** Which pads are bump pads on this side (src/layers/bump-pads.ts). */
  padChoice(): SidePadChoice
  bumpSites(): BumpSites
  /** Deposit features of this side wholly outside the board outline (this tile's own, in a tile). */
  offBoard(): number
}

/** The side's choice, with the counts a tile owns (a whole board owns everything). */
type SidePadChoice = PadChoice & { ownPads: number; candidates: FeatureList }

/** Per-side features, indexes and bump sites, each built on first use and then shared by every rule. */
function sideData(layers: readonly Layer[], side: Side, deck: Deck, owns?: (at: Point) => boolean): SideData {
  const featureCache = new Map<Role, FeatureList>()
  const indexCache = new Map<Role, FeatureIndex>()
  let sites: BumpSites | undefined
  let chosen: ChoiceAndSites | undefined
  const layersOf = (role: Role) => layers.filter((l) => l.role === role && onSide(l, side))
  const features = (role: Role) => {
    let list = featureCache.get(role)
    if (!list) {
      list = joinLists(layersOf(role).map(featureList))
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
  // the side's own deposit layers: the pad choice asks for the dark ones (a via land has no paste), the pairing for both polarities
  let deposits: FeatureList | undefined, darkDeposits: FeatureList | undefined
  const depositsOf = () => (deposits ??= joinLists(layersOf('deposit').filter((l) => l.side === side).map(featureList)))
  const darkDepositsOf = () => (darkDeposits ??= filterList(depositsOf(), (f) => f.polarity === 'dark'))
  // the pad choice and the wettable sites are made together, once per side of a run (a tile's run is its own)
  const choose = () => (chosen ??= choosePads(layersOf, side, deck, darkDepositsOf, owns))
  const padChoice = () => choose().choice
  let offBoard = 0
  return {
    layers: layersOf,
    features,
    index,
    padChoice,
    bumpSites() {
      if (!sites) {
        const { wettable } = choose()
        sites = pairDeposits(wettable, {
          deposits: darkDepositsOf(),
          clears: filterList(depositsOf(), (f) => f.polarity === 'clear'),
          copper: () => filterList(joinLists(layersOf('pads').filter((l) => l.side === side).map(featureList)), (f) => f.polarity === 'dark'),
        })
        // drawing text and title blocks beside the board, on the paste layer: a deposit on no
        // copper and wholly outside the board outline is not on the board, and is not checked
        const onBoard = boardBox(layersOf('outline'))
        const paired = sites
        if (onBoard) {
          paired.scope.forEach((s, d) => {
            const box = paired.deposits.at(d)!.bbox
            if (s !== DepositScope.orphan || boxesMeet(box, onBoard)) return
            paired.scope[d] = DepositScope.offBoard
            if (!owns || owns(boxCentre(box))) offBoard++
          })
        }
        if (owns) countOwnOutOfScope(sites, owns)
      }
      return sites
    },
    offBoard() {
      this.bumpSites()
      return offBoard
    },
  }
}

/** The outline layers' box, or null without an outline (then every feature is on the board). */
function boardBox(outlines: readonly Layer[]): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null
  for (const l of outlines) for (const f of listArray(featureList(l))) {
    if (f.polarity !== 'dark') continue
    box = box ? [Math.min(box[0], f.bbox[0]), Math.min(box[1], f.bbox[1]), Math.max(box[2], f.bbox[2]), Math.max(box[3], f.bbox[3])] : [...f.bbox]
  }
  return box
}

function boxesMeet(a: readonly number[], b: readonly number[]): boolean {
  return a[0]! <= b[2]! && a[2]! >= b[0]! && a[1]! <= b[3]! && a[3]! >= b[1]!
}

/** In a tile, count only the out-of-scope deposits sited in it, so the tiles add up to the board. */
function countOwnOutOfScope(sites: BumpSites, owns: (at: Point) => boolean): void {
  let n = 0
  sites.scope.forEach((s, d) => { if (s === 2 && owns(boxCentre(sites.deposits.at(d)!.bbox))) n++ })
  Object.defineProperty(sites, 'outOfScope', { value: n })
}

/** A side's bump pads and their wettable sites (the pads in mask openings). */
interface ChoiceAndSites { choice: SidePadChoice; wettable: WettableSites }

function choosePads(layersOf: (role: Role) => Layer[], side: Side, deck: Deck, darkDeposits: () => FeatureList, owns?: (at: Point) => boolean): ChoiceAndSites {
  const padLayers = layersOf('pads').filter((l) => l.side === side)
  const maskLayers = layersOf('mask').filter((l) => l.side === side)
  const viaLayers = layersOf('vias').concat(layersOf('other').filter((l) => l.format === 'excellon' || filterList(featureList(l), (f) => f.kind === 'hole').length > 0))
  const p = deck.process

  const candidates = filterList(joinLists(padLayers.map(featureList)), isPadCandidate)
  const holes = filterList(joinLists(viaLayers.map(featureList)), (f) => f.kind === 'hole' || f.kind === 'slot')
  // lead holes and via holes apart, each indexed when first asked: a board of vias alone (a
  // substrate's million X2 pads) asks no pad about lead holes, and its pads' functions answer the rest
  const leadHoles = new HoleSearch(holes, isLeadHole)
  const viaHoles = new HoleSearch(holes, (h) => !isLeadHole(h))
  let depositIndex: FeatureIndex | undefined
  let candidateIndex: FeatureIndex | undefined
  const near: number[] = []
  // A lead or mechanical hole in a pad makes it a through-hole land. A via hole in a pad is either
  // the via's own land or a via-in-pad: with X2 the pad's function tells (ViaPad is never taken);
  // without it, a pad printed with paste is a land a part is soldered to (via-in-pad), one without
  // is the via's land.
  const drilled = (pad: Feature): string | undefined => {
    if (holes.length === 0) return undefined
    if (leadHoles.inside(pad)) return DRILLED
    if (pad.aperFunction !== undefined || !viaHoles.inside(pad)) return undefined
    // a via land inside a larger pad (thermal vias in an exposed pad) is part of that pad
    candidateIndex ??= new FeatureIndex(candidates)
    candidateIndex.collect(pad.bbox, 0, near)
    const b = pad.bbox
    const self = featureKey(pad)
    if (near.some((c) => { const other = candidates.at(c)!, o = other.bbox; return featureKey(other) !== self && o[0] <= b[0] && o[1] <= b[1] && o[2] >= b[2] && o[3] >= b[3] && (o[2] - o[0]) * (o[3] - o[1]) > (b[2] - b[0]) * (b[3] - b[1]) })) return VIA_IN_PAD
    const deposits = darkDeposits()
    depositIndex ??= new FeatureIndex(deposits)
    depositIndex.collect(pad.bbox, 0, near)
    return near.some((d) => overlapArea(deposits.at(d)!.shape, pad.shape) > 0) ? undefined : VIA_LAND
  }
  const counted = owns && ((pad: Feature) => owns(boxCentre(pad.bbox)))
  const picked = chooseBumpPads(candidates, drilled, {
    mode: p.bumpPads, padFunctions: p.padFunctions, maxBumpPitch: p.maxBumpPitch, excludeComponents: p.excludeComponents,
    pitchTolerance: PAD_GRID_TOLERANCE, ...(counted && { counted }),
  })
  const ownArrays = counted ? picked.arrays.filter((a) => counted(picked.pads.at(a.pads[0]!)!)) : picked.arrays
  let ownPads = picked.pads.length
  if (counted) for (let i = 0; i < picked.pads.length; i++) if (!counted(picked.pads.at(i)!)) ownPads--
  const choice: SidePadChoice = { ...picked, arrays: ownArrays, candidates, ownPads }
  const masks = maskLayers.length > 0 ? joinLists(maskLayers.map(featureList)) : null
  return { choice, wettable: wettableSites(choice.pads, masks, masks ? new FeatureIndex(masks) : null) }
}

/** The holes `takes` accepts, picked and indexed on the first question: is one of them inside a pad? */
class HoleSearch {
  private holes: FeatureList | undefined
  private index: FeatureIndex | undefined
  private readonly near: number[] = []
  constructor(private readonly all: FeatureList, private readonly takes: (hole: Feature) => boolean) {}

  /** Whether such a hole's box centre lies strictly inside the pad's box. */
  inside(pad: Feature): boolean {
    const holes = (this.holes ??= filterList(this.all, this.takes))
    if (holes.length === 0) return false
    this.index ??= new FeatureIndex(holes)
    const b = pad.bbox
    if (this.index.collect(b, 0, this.near) === 0) return false
    return this.near.some((h) => {
      const c = boxCentre(holes.at(h)!.bbox)
      return c.x > b[0] && c.x < b[2] && c.y > b[1] && c.y < b[3]
    })
  }
}

/**
 * Smallest hole a component lead goes through: IPC-2222 sizes a lead hole at the lead plus
 * 0.15–0.25 mm, and the thinnest through-hole leads in use (0.4 mm pins of 1.27 mm headers, 0.46 mm
 * DIP leads) need 0.6 mm or more. A smaller hole without an X2 function is a via.
 */
const MIN_LEAD_HOLE = 450_000

const VIA_IN_PAD = 'via land inside a larger pad (thermal vias of an exposed pad)'
const VIA_LAND = "via land (a via's hole and no paste; no X2 function)"

/** A hole that makes the pad around it a through-hole land: X2 says not a via, or (no X2) it is too big for one. */
function isLeadHole(f: Feature): boolean {
  if (f.kind !== 'hole' && f.kind !== 'slot') return false
  if (f.aperFunction !== undefined) return f.aperFunction !== 'ViaDrill'
  return f.kind === 'slot' || (f.drill ?? Infinity) >= MIN_LEAD_HOLE
}


function boxCentre(box: readonly number[]): Point {
  return { x: (box[0]! + box[2]!) / 2, y: (box[1]! + box[3]!) / 2 }
}

function joinBoxes(features: readonly Feature[]): [number, number, number, number] | null {
  if (features.length === 0) return null
  let [a, b, c, d] = features[0]!.bbox
  for (const f of features) {
    a = Math.min(a, f.bbox[0]); b = Math.min(b, f.bbox[1]); c = Math.max(c, f.bbox[2]); d = Math.max(d, f.bbox[3])
  }
  return [a, b, c, d]
}

/** Findings with no site come first on their rule and side, then by x and y. */
function bySite(a: Finding['at'], b: Finding['at']): number {
  if (a === null || b === null) return (a === null ? 0 : 1) - (b === null ? 0 : 1)
  return a.x - b.x || a.y - b.y
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    byText(a.rule, b.rule) ||
    byText(a.side, b.side) ||
    bySite(a.at, b.at) ||
    byText(a.messageId, b.messageId) ||
    byText((a.features[0]?.file ?? ''), b.features[0]?.file ?? '') ||
    (a.features[0]?.line ?? 0) - (b.features[0]?.line ?? 0) ||
    byText(a.message, b.message)
  )
}

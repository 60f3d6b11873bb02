/**
 * Mask web: the solder mask around a bump pad must stand, and must make the pad the designer said.
 * Reports, per bump pad (pads pad-wettable-area already reports are left to it; pads of one array
 * alike in cause and measure are one finding, see reportGrouped):
 * - `web`            the mask dam between this pad's opening and a neighbouring opening is below
 *                    `minWeb`: the sliver breaks off or is not printed, and the neighbours bridge
 *                    (0 when the openings touch or overlap). Each thin dam once, reported at the pad
 *                    whose opening thins most dams (the one grown past its neighbours).
 * - `nsmdClearance`  a copper-defined (NSMD) pad whose opening clears the copper by less than
 *                    `minNsmdClearance` on some side: mask registration puts the mask on the pad. An
 *                    opening exactly the pad's size leaves the expansion to the fab and is not judged.
 * - `definition`     the pad's declared definition (X2 `.AperFunction,SMDPad|BGAPad,CuDef|SMDef`) is
 *                    not what the copper and mask make (src/layers/bump-sites.ts: copper-defined,
 *                    mask-defined, partial)
 */
import { defineRule } from '../engine/rule.ts'
import { pointSegmentDistance, shapeDistance } from '../geometry/measure.ts'
import { DEFAULT_TOLERANCE, shapeBox, shapeToPaths } from '../geometry/polygonize.ts'
import { padLabel, type BumpSite } from '../layers/bump-sites.ts'
import { reportGrouped, type Pending } from './deposit-printability.ts'
import type { Feature } from '../layers/model.ts'
import { featureKey } from '../layers/packed-feature.ts'
import type { Path, Point, Shape } from '../geometry/types.ts'

/** Smallest distance between two outlines (not regions): for a pad inside its opening, the margin on its tightest side. */
function boundaryGap(a: readonly Path[], b: readonly Path[]): number {
  let best = Infinity
  const toRings = (p: Point, rings: readonly Path[]) => {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) best = Math.min(best, pointSegmentDistance(p, ring[j]!, ring[i]!))
    }
  }
  for (const ring of a) for (const p of ring) toRings(p, b)
  for (const ring of b) for (const p of ring) toRings(p, a)
  return best
}

/** How far the opening clears the copper of a pad inside it, on its tightest side (nm). */
export function nsmdClearance(pad: Shape, opening: Shape): number {
  if (pad.type === 'circle' && opening.type === 'circle') {
    return opening.diameter / 2 - pad.diameter / 2 - Math.hypot(opening.cx - pad.cx, opening.cy - pad.cy)
  }
  if (opening.type === 'rect' && opening.rotation % 90 === 0) {
    // in an upright rectangular opening the tightest side is a margin of the pad's box (its extreme
    // points touch the box): exact for any pad, where the outlines' chords are not
    const o = shapeBox(opening), p = shapeBox(pad)
    return Math.min(p[0] - o[0], p[1] - o[1], o[2] - p[2], o[3] - p[3])
  }
  return boundaryGap(shapeToPaths(pad), shapeToPaths(opening))
}

/** Polygon outlines stand within this of the true curve (DEFAULT_TOLERANCE, 50 nm, on each of two outlines): closer is equal. */
const SLACK = 2 * DEFAULT_TOLERANCE

/** What the designer declared, in bump-sites' words. */
const DECLARED = { CuDef: 'copper-defined', SMDef: 'mask-defined' } as const

export default defineRule({
  meta: {
    id: 'mask-web',
    description: 'The solder mask between bump-pad openings stands (web), NSMD openings clear their pad, and pads are defined as declared',
    defaultSeverity: 'error',
    needs: ['pads', 'mask'],
    needsBumpPads: true,
    after: ['pad-wettable-area'],
    options: {
      minWeb: { kind: 'length', description: "Smallest mask dam between a bump pad's opening and a neighbouring opening" },
      minNsmdClearance: { kind: 'length', description: 'Smallest margin, on every side, between a copper-defined (NSMD) pad and its mask opening' },
    },
    messages: {
      web: 'Solder-mask web between the opening of {pad} and {other} is {measured}, below {limit}{more}: the dam breaks off and they may bridge',
      nsmdClearance: 'Mask opening of copper-defined pad {pad}{more} clears the copper by {measured}, below {limit}: registration puts the mask on the pad',
      definition: 'Pad {pad}{more} is declared {declared} ({attribute}) but the copper and mask make it {actual}',
    },
  },
  check(ctx) {
    const { minWeb, minNsmdClearance } = ctx.options
    const { sites } = ctx.bumpSites()
    const masks = ctx.features('mask')
    const pending: Pending<'web' | 'nsmdClearance' | 'definition'>[] = []
    const label = (site: BumpSite) => padLabel(site.pad)
    // (no site is 'no-mask': the rule needs a mask layer)
    const judged = (site: BumpSite) => site.definition !== 'covered' && !ctx.hasError(site.pad)

    for (let i = 0; i < sites.length; i++) {
      ctx.checkCancelled()
      const site = sites.at(i)
      if (!judged(site)) continue
      const own = site.openings.filter((o) => o.polarity === 'dark')
      // declared definition against the geometry; a mismatch says it all for this pad
      // (read defensively: the reader's field is `padDefinition?: 'CuDef' | 'SMDef'`, src/layers/model.ts)
      const declared = (site.pad as Feature & { padDefinition?: unknown }).padDefinition
      if ((declared === 'CuDef' || declared === 'SMDef') && site.definition !== DECLARED[declared]) {
        pending.push({
          site: i,
          finding: {
            messageId: 'definition', at: site.center, features: [...site.openings], measured: null, limit: null,
            // Stryker disable next-line StringLiteral: a finding with no value has no unit, whatever its kind
            valueKind: 'none',
            data: { pad: label(site), declared: DECLARED[declared], attribute: declared, actual: site.definition },
          },
        })
        continue
      }
      if (site.definition === 'copper-defined' && own.length === 1 &&
        // Stryker disable next-line ConditionalExpression: with no limit no clearance is below null − SLACK; the guard only saves the measuring
        minNsmdClearance !== null) {
        const clearance = nsmdClearance(site.pad.shape, own[0]!.shape)
        // an opening the size of the pad (clearance 0) leaves the expansion to the fab (KiCad's
        // default pad_to_mask_clearance 0): not a clearance the designer chose, so not judged
        if (clearance > SLACK && clearance < minNsmdClearance - SLACK) {
          pending.push({
            site: i,
            finding: {
              messageId: 'nsmdClearance', at: site.center, features: [own[0]!], measured: clearance, limit: minNsmdClearance, valueKind: 'length',
              data: { pad: label(site) },
            },
          })
        }
      }
    }

    // (the rule needs a mask layer: masks is never empty)
    if (minWeb !== null) {
      // every thin dam once, as a pair of openings, at least one of them a bump pad's
      const maskIndex = ctx.index('mask')
      // by featureKey: an opening read twice is two handles of one feature
      const siteOfOpening = new Map<unknown, number>()
      for (let i = 0; i < sites.length; i++) {
        const site = sites.at(i)
        if (judged(site)) for (const o of site.openings) if (!siteOfOpening.has(featureKey(o))) siteOfOpening.set(featureKey(o), i)
      }
      const pairs: { a: number; b: Feature; siteB: number | undefined; distance: number }[] = []
      const seen = new Set<string>()
      const key = (f: Feature) => `${f.source.file}\u0000${f.id}`
      // Stryker disable next-line ArrayDeclaration: collect empties the array before it writes ids
      const near: number[] = []
      for (let i = 0; i < sites.length; i++) {
        const site = sites.at(i)
        if (!judged(site)) continue
        const own = site.openings
        const ownKeys = own.map(featureKey)
        for (const o of own) {
          if (o.polarity !== 'dark') continue
          maskIndex.collect(o.bbox, minWeb, near)
          for (const n of near) {
            const other = masks.at(n)!
            if (other.polarity !== 'dark' || ownKeys.includes(featureKey(other))) continue
            const distance = shapeDistance(o.shape, other.shape)
            if (distance >= minWeb - SLACK) continue
            const j = siteOfOpening.get(featureKey(other))
            // one key for the pair from either side (no two features have one key)
            // Stryker disable next-line EqualityOperator: <= or >= make the same key from either side
            const k = key(o) < key(other) ? `${key(o)}\u0001${key(other)}` : `${key(other)}\u0001${key(o)}`
            if (seen.has(k)) continue
            seen.add(k)
            pairs.push({ a: i, b: other, siteB: j, distance })
          }
        }
      }
      // a pad whose opening thins several dams (an opening grown past its neighbours) is the one
      // reported, once, at its own site: the pads with most thin dams first
      const pairsOf = new Map<number, number[]>()
      const add = (s: number, k: number) => { const list = pairsOf.get(s); if (list) list.push(k); else pairsOf.set(s, [k]) }
      pairs.forEach((p, k) => { add(p.a, k); if (p.siteB !== undefined) add(p.siteB, k) })
      const order = [...pairsOf.keys()].sort((x, y) => pairsOf.get(y)!.length - pairsOf.get(x)!.length || x - y)
      const taken = new Uint8Array(pairs.length)
      for (const s of order) {
        let nearest = -1
        let n = 0
        // the openings only: the pads stay free of errors for the rules that judge them later
        const features: Feature[] = []
        const listed = new Set<unknown>()
        for (const k of pairsOf.get(s)!) {
          const p = pairs[k]!
          if (taken[k]) continue
          taken[k] = 1
          n++
          for (const f of [...sites.openings(p.a), p.b]) {
            if (f.polarity !== 'dark' || listed.has(featureKey(f))) continue
            listed.add(featureKey(f))
            features.push(f)
          }
          if (nearest < 0 || p.distance < pairs[nearest]!.distance) nearest = k
        }
        if (nearest < 0) continue
        const p = pairs[nearest]!
        const otherSite = p.a === s ? p.siteB : p.a
        const other = otherSite === undefined ? `the opening at ${p.b.source.file.split('/').pop()}:${p.b.source.line}` : label(sites.at(otherSite))
        pending.push({
          site: s,
          finding: {
            messageId: 'web', at: sites.center(s), features, measured: p.distance, limit: minWeb, valueKind: 'length',
            data: { pad: label(sites.at(s)), other: n > 1 ? `${other} (thinnest of ${n} thin dams)` : other },
          },
        })
      }
    }
    reportGrouped(sites, pending, (f) => ctx.report(f), 100)
  },
})

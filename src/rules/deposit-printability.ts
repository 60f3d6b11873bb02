/**
 * Deposit printability (IPC-7525): paste leaves a stencil aperture only when the aperture's walls hold
 * it less than the pad pulls it. Per deposit aperture on a bump pad, with foil thickness
 * t = process.stencilThickness, else process.depositThickness:
 * - area ratio   AR = A / (P · t), aperture area over wall area (circle Ø d: d / 4t; rectangle L × W: L·W / (2 (L + W) t))
 * - aspect ratio     W / t, the aperture's smallest width over the foil thickness
 * Reports (one finding per aperture, the first that applies; apertures of one array alike in ratio are one finding):
 * - `areaRatio`    AR below `minAreaRatio`: the paste stays in the aperture, the print comes up short
 * - `aspectRatio`  W / t below `minAspectRatio` (a long slot whose area ratio passes)
 * Findings carry the aperture (deposit) features only, not the pad: a later rule judging the pad
 * (via-pitch, pad-deposit) must not take it as already in error.
 * With `stepStencil`, an array where half the apertures or more fail is left to the foil choice (a
 * step-down for that part); a few failing apertures in an array (a shrunk one) are judged at the deck's foil.
 * Only apertures over a bump pad's wettable area are judged: paste on a pad that is no bump pad is
 * ordinary assembly (out of scope), paste on nothing is deposit-overhang's orphan.
 */
import { ConfigError } from '../errors.ts'
import { defineRule } from '../engine/rule.ts'
import { analyticWidth, shapeArea } from '../geometry/measure.ts'
import { convexHull } from '../geometry/hull.ts'
import { shapeCenter } from '../geometry/polygonize.ts'
import { bumpArrays } from '../layers/bump-arrays.ts'
import { padLabel, type SiteList } from '../layers/bump-sites.ts'
import { featureKey } from '../layers/packed-feature.ts'
import type { Shape } from '../geometry/types.ts'
import type { RawFinding } from '../engine/rule.ts'

/** A finding waiting to be reported, with the bump site it belongs to. */
export interface Pending<Id extends string> {
  site: number
  finding: RawFinding<Id>
}

interface ArrayInfo {
  name: string
  size: number
}

/** Each site's bump array; the arrays are disjoint (each site of one component, else of one grid cluster). */
function arraysBySite(sites: SiteList): Map<number, ArrayInfo> {
  const bySite = new Map<number, ArrayInfo>()
  for (const array of bumpArrays(sites, 2)) {
    const info = { name: array.name, size: array.sites.length }
    for (const s of array.sites) bySite.set(s, info)
  }
  return bySite
}

/**
 * One cause, one finding: when at least half the pads of a bump array (component, else grid) share a
 * finding (same messageId, same measured value), it is the array's design (a board-wide stencil, mask
 * or via setting), not a defect of one pad: one finding at the first of them names how many pads share
 * it ({more} in the message). A defect of a few pads (a seeded one, an aperture or opening unlike its
 * neighbours) keeps a finding at each site.
 */
export function reportGrouped<Id extends string>(sites: SiteList, pending: Pending<Id>[], report: (f: RawFinding<Id>) => void, grain: number): void {
  // the arrays are found at the first finding (on a clean board, never: they cost time)
  let bySite: Map<number, ArrayInfo> | undefined
  const arrayOf = (site: number) => (bySite ??= arraysBySite(sites)).get(site)
  // a finding on a pad of no array is a group of its own (keyed by itself)
  const groups = new Map<unknown, Pending<Id>[]>()
  pending.forEach((p) => {
    const array = arrayOf(p.site)
    const key = array === undefined ? p : `${array.name}\u0000${p.finding.messageId}\u0000${Math.round((p.finding.measured ?? NaN) / grain)}`
    const list = groups.get(key)
    if (list) list.push(p)
    else groups.set(key, [p])
  })
  for (const [, list] of groups) {
    const array = arrayOf(list[0]!.site)
    const pads = new Set(list.map((p) => p.site)).size
    if (!array || pads < Math.max(2, array.size / 2)) {
      for (const p of list) report({ ...p.finding, data: { ...p.finding.data, more: '' } })
      continue
    }
    // the lowest x, then y; a tie is an aperture drawn twice on one pad, either of which may come first
    list.sort((a, b) => a.finding.at.x - b.finding.at.x || a.finding.at.y - b.finding.at.y)
    const first = list[0]!.finding
    const more = ` (and ${pads - 1} more of the ${array.size} pads of ${array.name} alike)`
    // each feature once (by featureKey: a packed feature's handle is made anew on each read)
    const features = new Map(list.flatMap((p) => p.finding.features).map((f) => [featureKey(f), f]))
    report({ ...first, features: [...features.values()], data: { ...first.data, more } })
  }
}

/**
 * With a step stencil: the findings of arrays where half the pads or more fail are the foil choice for
 * that part (a step-down), not defects; the arrays where only a few apertures fail keep them.
 */
function unstepped<Id extends string>(sites: SiteList, pending: Pending<Id>[]): Pending<Id>[] {
  // a short-cut: no array is stepped for fewer than two failing apertures (n >= 2 below), and finding the arrays costs time
  // Stryker disable next-line ConditionalExpression: the short-cut above; the filter below keeps every finding either way
  if (pending.length < 2) return pending
  const failing = new Set(pending.map((p) => p.site))
  const stepped = new Set<number>()
  for (const array of bumpArrays(sites, 2)) {
    const n = array.sites.filter((s) => failing.has(s)).length
    if (n >= 2 && n >= array.sites.length / 2) for (const s of array.sites) stepped.add(s)
  }
  return pending.filter((p) => !stepped.has(p.site))
}

/** Length of an aperture's wall in plan: the perimeter of its outline, holes included (nm). */
export function perimeter(shape: Shape): number {
  switch (shape.type) {
    case 'circle':
      return Math.PI * shape.diameter
    case 'rect':
      return 2 * (shape.width + shape.height)
    case 'obround': {
      const small = Math.min(shape.width, shape.height)
      return 2 * Math.abs(shape.width - shape.height) + Math.PI * small
    }
    case 'stroke':
      return 2 * Math.hypot(shape.x2 - shape.x1, shape.y2 - shape.y1) + Math.PI * shape.width
    case 'polygon': {
      let sum = 0
      for (const ring of shape.paths) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += Math.hypot(ring[i]!.x - ring[j]!.x, ring[i]!.y - ring[j]!.y)
      }
      return sum
    }
  }
}

/**
 * Smallest width of an aperture of positive area (nm): exact for analytic shapes; for a polygon the
 * caliper width of its outline's convex hull (exact for the convex apertures stencils use: rounded
 * rectangles, home plates), which lies flush with one edge of the hull.
 */
export function smallestWidth(shape: Shape): number {
  if (shape.type !== 'polygon') return analyticWidth(shape)! // exact for every analytic shape
  // holes lie inside their outer ring: the hull of every point is the outer rings' hull
  const h = convexHull(shape.paths.flat())
  let best = Infinity
  for (let i = 0, j = h.length - 1; i < h.length; j = i++) {
    const a = h[j]!, b = h[i]!
    const len = Math.hypot(b.x - a.x, b.y - a.y) // > 0: the hull has no repeated point
    let far = 0
    for (const p of h) far = Math.max(far, Math.abs((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)) / len)
    best = Math.min(best, far)
  }
  return best
}

export default defineRule({
  meta: {
    id: 'deposit-printability',
    description: 'Stencil apertures over bump pads release their paste: area ratio and aspect ratio against the foil thickness (IPC-7525)',
    defaultSeverity: 'error',
    needs: ['pads', 'deposit'],
    needsBumpPads: true,
    options: {
      minAreaRatio: { kind: 'number', description: 'Smallest area ratio A / (P · t): aperture area over aperture wall area', default: 0.66 },
      minAspectRatio: { kind: 'number', description: "Smallest aspect ratio W / t: the aperture's smallest width over the foil thickness", default: 1.5 },
      stepStencil: {
        kind: 'boolean', default: false,
        description: 'The assembler steps the foil down for a part whose apertures need it (IPC-7525 step stencil): an array where half the apertures or more fail is the foil choice for that part, not reported; a few failing apertures in an array still are',
      },
    },
    messages: {
      areaRatio: 'Stencil aperture on {pad}{more} has area ratio {measured} (area {area} over wall {perimeter} × {thickness} foil), below {limit}: the paste will not release',
      aspectRatio: 'Stencil aperture on {pad}{more} is {width} wide on a {thickness} foil: aspect ratio {measured}, below {limit}',
    },
  },
  check(ctx) {
    const { minAreaRatio, minAspectRatio, stepStencil } = ctx.options
    // a foil under half a nanometre rounds to 0 nm: refused, as it would pass every aperture
    const t = ctx.process.stencilThickness ?? ctx.process.depositThickness ?? 0
    if (t <= 0) {
      throw new ConfigError('deposit-printability needs the foil thickness: set process.stencilThickness (or process.depositThickness) in the deck', 'process.stencilThickness')
    }
    const thickness = ctx.format(t, 'length')
    const { sites, deposits, hitStart, hitSite } = ctx.bumpSites()
    const pending: Pending<'areaRatio' | 'aspectRatio'>[] = []
    for (let d = 0; d < deposits.length; d++) {
      ctx.checkCancelled()
      // only apertures over a bump pad's wettable area: on other pads out of scope, on nothing an orphan
      if (hitStart[d + 1] === hitStart[d]) continue
      // it overlaps a wettable area, so its area and its wall are > 0
      const deposit = deposits.at(d)!
      const siteIndex = hitSite[hitStart[d]!]!
      const shape = deposit.shape
      const fail = (messageId: 'areaRatio' | 'aspectRatio', measured: number, limit: number, data: Record<string, string>) =>
        pending.push({
          site: siteIndex,
          finding: {
            messageId, at: shapeCenter(shape), features: [deposit], measured, limit,
            // Stryker disable next-line StringLiteral: kinds 'number' and '' both format bare numbers
            valueKind: 'number',
            data: { pad: padLabel(sites.pad(siteIndex)), thickness, ...data },
          },
        })
      const a = shapeArea(shape)
      const p = perimeter(shape)
      const areaRatio = a / (p * t)
      if (areaRatio < minAreaRatio) {
        fail('areaRatio', areaRatio, minAreaRatio, { area: ctx.format(a, 'area'), perimeter: ctx.format(p, 'length') })
        continue
      }
      const width = smallestWidth(shape)
      const aspect = width / t
      if (aspect < minAspectRatio) fail('aspectRatio', aspect, minAspectRatio, { width: ctx.format(width, 'length') })
    }
    // the same aperture across an array is one stencil decision: one finding (ratios equal to 1e-4)
    reportGrouped(sites, stepStencil ? unstepped(sites, pending) : pending, (f) => ctx.report(f), 1e-4)
  },
})

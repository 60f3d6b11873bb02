/**
 * Film web: process B (seeds/001) etches the dielectric film back around metal-filled plugs and plates
 * a cap on each projection. The film must survive the etch, between the plugs and under them, and the
 * caps, which grow sideways by their thickness, must stay apart (src/physics/plated-cap.ts).
 * Reports:
 * - `thinResidual`  film left under the etched surface, filmThickness − etchDepth, below `minResidualFilm`
 *                   (a process finding, once per run, with no site)
 * - `thinWeb`       two bump plugs whose film web, pitch − (d1 + d2)/2 (edge to edge for other shapes), is below `minFilmWeb`
 * - `capsClose`     two plugs whose plated caps, each grown capThickness sideways, come closer than `minCapGap`
 *                   (web − 2·capThickness; not again for a pair already `thinWeb`)
 * Plug pairs alike across half an array or more (one pitch, one plug size) are reported once per array.
 * A pair is reported at the plug that takes part in more thin pairs (the one grown or moved out of
 * line), then at the larger plug, then at the one farther from its other neighbours (moved toward its
 * partner): that is where the designer has to act, as mask-web does for dams.
 * Whether each cap stays inside its etched window is not checked: no layer role carries the etch
 * window (see docs/rules/film-web.md). Only neighbour queries against the site index; never all pairs.
 */
import { defineRule, type RawFinding } from '../engine/rule.ts'
import { shapeDistance } from '../geometry/measure.ts'
import { padLabel } from '../layers/bump-sites.ts'
import { filmWeb, residualFilm } from '../physics/plated-cap.ts'

type Id = 'thinResidual' | 'thinWeb' | 'capsClose'

export default defineRule({
  meta: {
    id: 'film-web',
    description: 'The etched film survives under and between the plugs, and the plated caps stay apart',
    defaultSeverity: 'error',
    needs: ['pads'],
    needsBumpPads: true,
    options: {
      minResidualFilm: { kind: 'length', description: 'Smallest film left under the etched surface, process.filmThickness − process.etchDepth; unset: not checked' },
      minFilmWeb: { kind: 'length', description: 'Smallest dielectric web between two plugs, pitch − (d1 + d2)/2; unset: not checked' },
      minCapGap: { kind: 'length', description: 'Smallest gap between the plated caps of two plugs, web − 2 × process.capThickness; unset: not checked' },
    },
    messages: {
      thinResidual: 'Film left under the etch is {measured} (film {film} − etch depth {etch}), below {limit}: the film breaks through',
      thinWeb: 'Film web between plugs {a} and {b} is {measured}, below {limit} (pitch {pitch}){more}',
      capsClose: 'Caps of plugs {a} and {b} are {measured} apart, below {limit} (web {web} − 2 × cap {cap}){more}',
    },
  },
  checkProcess(ctx) {
    const { minResidualFilm } = ctx.options
    const { filmThickness, etchDepth } = ctx.process
    if (minResidualFilm === null || filmThickness === null || etchDepth === null) return
    const residual = residualFilm(filmThickness, etchDepth)
    if (residual >= minResidualFilm) return
    ctx.report({
      messageId: 'thinResidual', at: null, measured: residual, limit: minResidualFilm, valueKind: 'length',
      data: { film: ctx.format(filmThickness, 'length'), etch: ctx.format(etchDepth, 'length') },
    })
  },
  check(ctx) {
    const { minFilmWeb, minCapGap } = ctx.options
    const cap = ctx.process.capThickness ?? ctx.process.depositThickness ?? 0
    // far enough for either limit, plus both caps' growth (for a web limit only a wider search)
    const reach = Math.max(minFilmWeb ?? 0, minCapGap ?? 0) + 2 * cap
    const { sites, index } = ctx.bumpSites()
    // the index holds wettable boxes, which may be smaller than the plug: widen the search by the largest plug
    let largest = 0
    for (const s of sites) largest = Math.max(largest, s.pad.bbox[2] - s.pad.bbox[0], s.pad.bbox[3] - s.pad.bbox[1])
    // plugs per component (those of none counted under undefined, never read: their pairs are never grouped)
    const arraySize = new Map<string | undefined, number>()
    for (const s of sites) arraySize.set(s.pad.component, (arraySize.get(s.pad.component) ?? 0) + 1)
    const pending: { key: string | undefined; i: number; j: number; finding: RawFinding<Id> }[] = []
    // Stryker disable next-line ArrayDeclaration: collect empties the array before it writes ids
    const near: number[] = []
    for (let i = 0; i < sites.length; i++) {
      ctx.checkCancelled()
      const a = sites.pad(i)
      index.collect(a.bbox, reach + largest, near)
      near.sort((p, q) => p - q)
      for (const j of near) {
        if (j <= i) continue // each pair once
        const b = sites.pad(j)
        const ca = a.shape, cb = b.shape
        const circles = ca.type === 'circle' && cb.type === 'circle'
        const pitch = Math.hypot(sites.center(j).x - sites.center(i).x, sites.center(j).y - sites.center(i).y)
        const web = circles ? filmWeb(Math.hypot(ca.cx - cb.cx, ca.cy - cb.cy), ca.diameter, cb.diameter) : shapeDistance(ca, cb)
        const base = { at: sites.center(i), features: [a, b], valueKind: 'length' as const }
        const names = { a: padLabel(a), b: padLabel(b), pitch: ctx.format(pitch, 'length') }
        // the array both plugs belong to, if any
        const key = a.component === b.component ? a.component : undefined
        if (minFilmWeb !== null && web < minFilmWeb) {
          pending.push({ key, i, j, finding: { ...base, messageId: 'thinWeb', measured: web, limit: minFilmWeb, data: names } })
        } else if (minCapGap !== null && web - 2 * cap < minCapGap) {
          pending.push({ key, i, j, finding: { ...base, messageId: 'capsClose', measured: web - 2 * cap, limit: minCapGap,
            data: { ...names, web: ctx.format(web, 'length'), cap: ctx.format(cap, 'length') } } })
        }
      }
    }
    // each pair at the plug of the two that is in more thin pairs, then the larger one, then the one
    // standing farther off its other neighbours: a plug moved toward one neighbour left its row
    const pairsOf = new Map<number, number>()
    for (const p of pending) for (const k of [p.i, p.j]) pairsOf.set(k, (pairsOf.get(k) ?? 0) + 1)
    const size = (k: number) => (sites.pad(k).bbox[2] - sites.pad(k).bbox[0]) * (sites.pad(k).bbox[3] - sites.pad(k).bbox[1])
    const apart = (k: number, n: number) => Math.hypot(sites.center(n).x - sites.center(k).x, sites.center(n).y - sites.center(k).y)
    const nearestOther = (k: number, partner: number, radius: number) => {
      index.collect(sites.pad(k).bbox, radius, near)
      let nearest = Infinity
      for (const n of near) if (n !== k && n !== partner) nearest = Math.min(nearest, apart(k, n))
      return nearest
    }
    const atSecond = (i: number, j: number) => {
      const [ni, nj] = [pairsOf.get(i)!, pairsOf.get(j)!]
      if (ni !== nj) return nj > ni
      if (size(i) !== size(j)) return size(j) > size(i)
      // a regular neighbour is a pitch from the next plug; the moved one is farther from all but its partner
      const radius = 1.5 * apart(i, j) + largest
      return nearestOther(j, i, radius) > nearestOther(i, j, radius)
    }
    for (const p of pending) if (atSecond(p.i, p.j)) p.finding = { ...p.finding, at: sites.center(p.j) }
    // one cause, one finding: pairs alike across half an array or more are the array's design
    const groups = new Map<string, typeof pending>()
    pending.forEach((p, k) => {
      const group = p.key === undefined ? `#${k}` : `${p.key}\u0000${p.finding.messageId}\u0000${Math.round(p.finding.measured!)}`
      const list = groups.get(group)
      if (list) list.push(p)
      else groups.set(group, [p])
    })
    for (const list of groups.values()) {
      // a lone pair (a pair of no one array is always alone) is never an array's design
      if (list.length < 2 || list.length < arraySize.get(list[0]!.key)! / 2) {
        for (const p of list) ctx.report({ ...p.finding, data: { ...p.finding.data, more: '' } })
        continue
      }
      const first = list[0]!.finding
      ctx.report({ ...first, data: { ...first.data, more: ` (and ${list.length - 1} more pairs of ${list[0]!.key} alike)` } })
    }
  },
})

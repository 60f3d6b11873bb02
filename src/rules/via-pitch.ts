/**
 * Via pitch: centre-to-centre spacing of vias (ViaDrill holes, or every hole of the vias role).
 * Too close and the caps merge or the film between plugs is too thin to survive.
 * Reports:
 * - `tooClose`    two through vias of one drill file closer than `minPitch` (blind/buried microvias excluded)
 * - `nearPad`     a via's hole edge within `minPadClearance` of a bump pad's wettable area (metal wicks away)
 * - `irregular`   a via in an array standing off its grid site by more than `maxPitchDeviation` of the pitch
 * Only neighbour queries against the spatial index; never all pairs.
 */
import { defineRule } from '../engine/rule.ts'
import type { Feature, Layer, Point } from '../layers/model.ts'
import type { FeatureIndex } from '../spatial/index.ts'
import { shapeCenter } from '../geometry/polygonize.ts'
import { shapeDistance } from '../geometry/measure.ts'
import { findGridArrays } from '../physics/arrays.ts'
import { padLabel } from '../layers/bump-sites.ts'

/** A hole is a via unless its aperture function says it is something else (component, mechanical …). */
function isVia(f: Feature): boolean {
  return f.kind === 'hole' && (f.aperFunction === undefined || f.aperFunction === 'ViaDrill')
}

/**
 * Vias of one drill file span the same layers. Vias of different files (blind and buried pairs,
 * front-in1 beside in1-in2) pass through different dielectrics, so their centres may stand closer
 * than one file's pitch: stacked and staggered microvias do by design.
 */
function sameSpan(a: Feature, b: Feature): boolean {
  return a.source.file === b.source.file
}

/**
 * A drill file of blind or buried vias: X2 `Plated,…,Blind|Buried`, or KiCad's layer-pair file names
 * (`board-front-in1.drl`, `board-in1-in2.drl`, `board-in2-back.drl`). Their laser microvias follow
 * tighter spacing rules than `minPitch` states for drilled through vias, so the pitch check leaves them out.
 */
export function isBlindOrBuried(layer: Pick<Layer, 'file' | 'fileFunction'>): boolean {
  if (layer.fileFunction?.some((f) => f === 'Blind' || f === 'Buried')) return true
  return /-(front|in\d+)-(in\d+|back)\.(drl|xln|exc|txt)$/i.test(layer.file)
}

/** Most later vias a via is paired with: a cluster beyond this is reported by its nearest members. */
const MAX_PAIRS = 16

/**
 * Later vias (j > i) whose boxes come within `minPitch` of via i's centre, nearest first, at most
 * MAX_PAIRS. A box query answers nearly every via; only a crowd of more than MAX_PAIRS asks the
 * R-tree's ranked search, so the pairs are the same as ranking every via would give.
 */
function closeVias(index: FeatureIndex, all: readonly Feature[], i: number, a: Point, minPitch: number, found: number[]): number[] {
  const count = index.collect([a.x, a.y, a.x, a.y], minPitch, found)
  const close: { j: number; d: number }[] = []
  for (let k = 0; k < count; k++) {
    const j = found[k]!
    if (j <= i || !isVia(all[j]!) || !sameSpan(all[i]!, all[j]!)) continue
    const [minX, minY, maxX, maxY] = all[j]!.bbox
    const dx = Math.max(minX - a.x, a.x - maxX, 0), dy = Math.max(minY - a.y, a.y - maxY, 0)
    const d = dx * dx + dy * dy
    if (d <= minPitch * minPitch) close.push({ j, d })
  }
  if (close.length > MAX_PAIRS) return index.nearest(a.x, a.y, MAX_PAIRS, minPitch, (j) => j > i && isVia(all[j]!) && sameSpan(all[i]!, all[j]!))
  return close.sort((p, q) => p.d - q.d || p.j - q.j).map((c) => c.j)
}

export default defineRule({
  meta: {
    id: 'via-pitch',
    description: 'Vias far enough apart, and from bump pads, that caps and the film between them survive',
    defaultSeverity: 'error',
    needs: ['vias'],
    after: ['pad-wettable-area'],
    options: {
      minPitch: { kind: 'length', description: 'Smallest centre-to-centre distance between two vias' },
      minPadClearance: { kind: 'length', description: "Smallest gap from a via hole's edge to a bump pad's wettable area" },
      maxPitchDeviation: { kind: 'fraction', description: "Largest difference of a via's nearest-neighbour distance from its array's pitch" },
      minArraySize: { kind: 'integer', description: 'Fewest vias that make an array (default 4)' },
      minArrayFill: { kind: 'fraction', description: 'Fewest occupied grid sites, as a fraction, for vias to count as an array (default 0.5)' },
    },
    messages: {
      tooClose: 'Via pitch {measured} is below {limit}',
      nearPad: 'Via hole is {measured} from the wettable area of pad {pad} (limit {limit})',
      irregular: 'Via stands {measured} of the pitch {pitch} off its array grid site (limit {limit})',
    },
  },
  check(ctx) {
    const { minPitch, minPadClearance, maxPitchDeviation, minArraySize, minArrayFill } = ctx.options as {
      minPitch: number | null; minPadClearance: number | null; maxPitchDeviation: number | null; minArraySize: number | null; minArrayFill: number | null
    }
    const all = ctx.features('vias')
    const ids = all.map((f, i) => (isVia(f) ? i : -1)).filter((i) => i >= 0)
    // vias of a through-hole layer belong to both sides: report the pair checks once, on the top side
    const reportPairs = ctx.side === 'top' || !ctx.layers('vias').every((l) => l.side === 'both')

    if (minPitch !== null && reportPairs) {
      const index = ctx.index('vias') // built here: the bottom side of a through-hole layer never needs it
      const found: number[] = []
      const microvias = new Set(ctx.layers('vias').filter(isBlindOrBuried).map((l) => l.file))
      for (const i of ids) {
        if (microvias.has(all[i]!.source.file)) continue
        ctx.checkCancelled()
        const a = shapeCenter(all[i]!.shape)
        for (const j of closeVias(index, all, i, a, minPitch, found)) {
          const b = shapeCenter(all[j]!.shape)
          const pitch = Math.hypot(a.x - b.x, a.y - b.y)
          if (pitch < minPitch) {
            ctx.report({ messageId: 'tooClose', at: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, features: [all[i]!, all[j]!], measured: pitch, limit: minPitch, valueKind: 'length' })
          }
        }
      }
    }

    if (minPadClearance !== null && ctx.layers('pads').length > 0) {
      const { sites, index: siteIndex } = ctx.bumpSites()
      for (const i of ids) {
        const via = all[i]!
        let worst: { site: number; distance: number } | null = null
        for (const s of siteIndex.query(via.bbox, minPadClearance)) {
          const site = sites[s]!
          if (!site.wettable || ctx.hasError(site.pad)) continue
          const distance = shapeDistance(via.shape, site.wettable)
          if (distance < minPadClearance && (!worst || distance < worst.distance || (distance === worst.distance && s < worst.site))) worst = { site: s, distance }
        }
        if (worst) {
          const pad = sites[worst.site]!.pad
          ctx.report({
            messageId: 'nearPad', at: shapeCenter(via.shape), features: [via, pad], measured: worst.distance, limit: minPadClearance, valueKind: 'length',
            data: { pad: padLabel(pad) },
          })
        }
      }
    }

    if (maxPitchDeviation !== null && reportPairs) {
      const points = ids.map((i) => {
        const { x, y } = shapeCenter(all[i]!.shape)
        return { x, y, id: i }
      })
      for (const grid of findGridArrays(points, { minArraySize: minArraySize ?? 4, pitchTolerance: maxPitchDeviation })) {
        // a sparse "grid" is vias that happen to line up, not an array someone laid out
        if (grid.ids.length < (minArrayFill ?? 0.5) * grid.rows * grid.columns) continue
        const pitch = Math.min(...[grid.pitchX, grid.pitchY].filter((p) => p > 0))
        const nearestSite = (v: number, origin: number, p: number) => (p > 0 ? origin + Math.round((v - origin) / p) * p : origin)
        for (const i of grid.offGrid) {
          const a = shapeCenter(all[i]!.shape)
          const offset = Math.hypot(a.x - nearestSite(a.x, grid.origin.x, grid.pitchX), a.y - nearestSite(a.y, grid.origin.y, grid.pitchY))
          ctx.report({ messageId: 'irregular', at: a, features: [all[i]!], measured: offset / pitch, limit: maxPitchDeviation, valueKind: 'fraction', data: { pitch: ctx.format(pitch, 'length') } })
        }
      }
    }
  },
})

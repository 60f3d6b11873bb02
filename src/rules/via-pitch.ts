/**
 * Via pitch: centre-to-centre spacing of vias (ViaDrill holes, or every hole of the vias role: Excellon or ODB++ holes, Gerber drill flashes).
 * Too close and the caps merge or the film between plugs is too thin to survive.
 * Reports:
 * - `tooClose`    two through vias of one drill file closer than `minPitch` (blind/buried microvias excluded)
 * - `thinWeb`     two such vias whose drilled web, pitch − (d1 + d2)/2, is below `minWeb` (and whose pitch passes;
 *                 holes that overlap are a slot drilled as a row of hits, not a web)
 * - `viaInPad`    a via in or touching a bump pad's wettable area that is not filled and capped (IPC-4761
 *                 type VII): from the drill file's X2 `ViaDrill,<type>` field where present, else `viaInPadFill`
 *                 (vias of one array alike are one finding; vias that do not open onto the side, buried
 *                 or blind from the other side, are left out of both pad checks)
 * - `nearPad`     a via's hole edge within `minPadClearance` of a bump pad's wettable area, not touching it (metal wicks away)
 * - `irregular`   a via in an array standing off its grid site by more than `maxPitchDeviation` of the pitch
 * Only neighbour queries against the spatial index; never all pairs.
 */
import { defineRule, type RawFinding } from '../engine/rule.ts'
import type { Feature, Layer } from '../layers/model.ts'
import type { Point } from '../geometry/types.ts'
import type { FeatureIndex } from '../spatial/index.ts'
import { shapeCenter } from '../geometry/polygonize.ts'
import { shapeDistance } from '../geometry/measure.ts'
import { findGridArrays } from '../physics/arrays.ts'
import { padLabel } from '../layers/bump-sites.ts'
import { centres } from '../layers/bump-pads.ts'
import { reportGrouped, type Pending } from './deposit-printability.ts'
import { listArray } from '../layers/packed-feature.ts'

/**
 * A hole (Excellon, ODB++) or a flash (a Gerber-format drill file) is a via unless its aperture function
 * says it is something else (component, mechanical …). Slots and routed draws are not.
 */
function isVia(f: Feature): boolean {
  return (f.kind === 'hole' || f.kind === 'flash') && (f.aperFunction === undefined || f.aperFunction === 'ViaDrill')
}

/**
 * Vias of one drill file span the same layers. Vias of different files (blind and buried pairs,
 * front-in1 beside in1-in2) pass through different dielectrics, so their centres may stand closer
 * than one file's pitch: stacked and staggered microvias do by design.
 */
function sameSpan(a: Feature, b: Feature): boolean {
  return a.source.file === b.source.file
}

/** Drill diameter of a via (nm): the file's tool size, else the drawn hole's (round: its box's width). */
function drillOf(via: Feature): number {
  return via.drill ?? via.bbox[2] - via.bbox[0]
}

/** KiCad's layer-pair drill file names: `board-front-in1.drl`, `board-in1-in2.drl`, `board-in2-back.drl`. */
const LAYER_PAIR = /-(front|in\d+)-(in\d+|back)\.(drl|xln|exc|txt)$/i

/**
 * Does a via of this drill file open onto the given side's surface? Through vias do; a blind pair
 * only on the side it starts from (X2 `Plated,1,n,Blind` or KiCad `-front-in1` opens on top,
 * `-in2-back` on the bottom); buried vias never. A via that does not reach the surface cannot sit
 * in a surface pad's solder, so the via-to-pad checks leave it out.
 */
export function reachesSide(layer: Pick<Layer, 'file' | 'fileFunction'>, side: string): boolean {
  const ff = layer.fileFunction
  if (ff?.includes('Buried')) return false
  if (ff?.includes('Blind')) {
    const from = Number(ff[1])
    return side === 'top' ? from === 1 : from !== 1
  }
  const pair = LAYER_PAIR.exec(layer.file)
  if (!pair) return true
  return side === 'top' ? pair[1]!.toLowerCase() === 'front' : pair[2]!.toLowerCase() === 'back'
}

/** Most later vias a via is paired with: a cluster beyond this is reported by its nearest members. */
const MAX_PAIRS = 16

/**
 * Later vias (j > i) of via i's drill file whose boxes come within `reach` of via i's centre, at most
 * the MAX_PAIRS nearest. A box query answers nearly every via; only a crowd of more than MAX_PAIRS in
 * the query's square asks the R-tree's ranked search, so the pairs are those ranking every via would
 * give. Vias in the square's corners, beyond `reach`, fail the caller's pitch and web tests.
 */
function closeVias(index: FeatureIndex, all: readonly Feature[], i: number, a: Point, reach: number, found: number[]): number[] {
  const count = index.collect([a.x, a.y, a.x, a.y], reach, found)
  // no closure and no copy per via: this runs once for each of a quarter of a million vias
  const close: number[] = []
  for (let c = 0; c < count; c++) if (isLaterPair(all, i, found[c]!)) close.push(found[c]!)
  // up to MAX_PAIRS the box list and nearest() give the same vias: the test only spares the ranked search
  return close.length > MAX_PAIRS ? index.nearest(a.x, a.y, MAX_PAIRS, reach, (j) => isLaterPair(all, i, j)) : close
}

/** Is via j one that via i is paired with: later, a via, and of i's drill file? */
function isLaterPair(all: readonly Feature[], i: number, j: number): boolean {
  return j > i && isVia(all[j]!) && sameSpan(all[i]!, all[j]!)
}

export default defineRule({
  meta: {
    id: 'via-pitch',
    description: 'Vias far enough apart, and from bump pads, that caps and the film between them survive',
    defaultSeverity: 'error',
    needs: ['vias'],
    after: ['pad-wettable-area'],
    // via arrays are linked by pitch within maxPitchDeviation: the tile planner must not cut one
    tiling: { gridTolerance: 'maxPitchDeviation' },
    options: {
      minPitch: { kind: 'length', description: 'Smallest centre-to-centre distance between two vias' },
      minWeb: { kind: 'length', description: 'Smallest drilled web between two vias: pitch − (d1 + d2)/2 from the drill diameters' },
      minPadClearance: { kind: 'length', description: "Smallest gap from a via hole's edge to a bump pad's wettable area" },
      viaInPadFill: {
        kind: 'enum', values: ['none', 'VII'], default: 'none',
        description: 'IPC-4761 treatment of vias in bump pads where the drill file does not say (X2 ViaDrill,<type>): VII is filled and capped',
      },
      maxPitchDeviation: { kind: 'fraction', description: "Largest difference of a via's nearest-neighbour distance from its array's pitch" },
      minArraySize: { kind: 'integer', description: 'Fewest vias that make an array', default: 4 },
      minArrayFill: { kind: 'fraction', description: 'Fewest occupied grid sites, as a fraction, for vias to count as an array', default: 0.5 },
    },
    messages: {
      tooClose: 'Via pitch {measured} is below {limit}',
      thinWeb: 'Drilled web between vias is {measured} (pitch {pitch}, drills {d1} and {d2}), below {limit}',
      viaInPad: 'Via ({drill} drill) in the wettable area of bump pad {pad}{more} is {fill}, not filled and capped (IPC-4761 type VII): solder wicks into the hole',
      nearPad: 'Via hole is {measured} from the wettable area of pad {pad} (limit {limit})',
      irregular: 'Via stands {measured} of the pitch {pitch} off its array grid site (limit {limit})',
    },
  },
  check(ctx) {
    const { minPitch, minWeb, minPadClearance, viaInPadFill, maxPitchDeviation, minArraySize, minArrayFill } = ctx.options
    // as objects for the rule's run: it pairs and groups them freely (a quarter of a million at 1 M bumps)
    const all = listArray(ctx.features('vias'))
    const ids = [...all.keys()].filter((i) => isVia(all[i]!))
    // a through-hole layer (side both) is seen from both sides: the pair and array checks judge its vias
    // once, on top; a layer of one side (mapped so by the user) is judged on its side
    const ownFiles = new Set(ctx.layers('vias').filter((l) => ctx.side === 'top' || l.side !== 'both').map((l) => l.file))
    const own = ids.filter((i) => ownFiles.has(all[i]!.source.file))

    // blind and buried microvias follow tighter spacing rules than minPitch states for drilled through vias
    const through = new Set(ctx.layers('vias').filter((l) => reachesSide(l, 'top') && reachesSide(l, 'bottom')).map((l) => l.file))
    let largestDrill = 0
    for (const i of ids) largestDrill = Math.max(largestDrill, drillOf(all[i]!))
    // a web below minWeb needs a pitch below minWeb + (d1 + d2)/2 ≤ minWeb + the largest drill
    const reach = Math.max(minPitch ?? 0, minWeb === null ? 0 : minWeb + largestDrill)
    // Stryker disable next-line ArrayDeclaration: closeVias overwrites the array before it reads it
    const found: number[] = []
    for (const i of own) {
      if (!through.has(all[i]!.source.file)) continue
      ctx.checkCancelled()
      const a = shapeCenter(all[i]!.shape)
      for (const j of closeVias(ctx.index('vias'), all, i, a, reach, found)) {
        const b = shapeCenter(all[j]!.shape)
        const pitch = Math.hypot(a.x - b.x, a.y - b.y)
        const at = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }
        if (pitch < (minPitch ?? 0)) {
          ctx.report({ messageId: 'tooClose', at, features: [all[i]!, all[j]!], measured: pitch, limit: minPitch, valueKind: 'length' })
          continue
        }
        const d1 = drillOf(all[i]!), d2 = drillOf(all[j]!)
        const web = pitch - (d1 + d2) / 2
        // holes that cut into each other at a pitch minPitch passes are a slot drilled as a row of hits, not two vias
        if (web >= 0 && web < (minWeb ?? 0)) {
          ctx.report({
            messageId: 'thinWeb', at, features: [all[i]!, all[j]!], measured: web, limit: minWeb, valueKind: 'length',
            data: { pitch: ctx.format(pitch, 'length'), d1: ctx.format(d1, 'length'), d2: ctx.format(d2, 'length') },
          })
        }
      }
    }

    // the via-to-pad checks, in the land (viaInPad) and near it (nearPad), run when the deck sets minPadClearance
    if (minPadClearance !== null) {
      const { sites, index: siteIndex } = ctx.bumpSites()
      const reach = minPadClearance
      const hidden = new Set(ctx.layers('vias').filter((l) => !reachesSide(l, ctx.side)).map((l) => l.file))
      const inPad: Pending<'viaInPad'>[] = []
      // reused over every via (query() would make an array per via)
      const near: number[] = []
      for (const i of ids) {
        const via = all[i]!
        if (hidden.has(via.source.file)) continue
        let worst: { site: number; distance: number } | null = null
        siteIndex.collect(via.bbox, reach, near)
        for (let k = 0; k < near.length; k++) {
          const s = near[k]!
          const site = sites.at(s)
          if (!site.wettable || ctx.hasError(site.pad)) continue
          const distance = shapeDistance(via.shape, site.wettable)
          if ((distance === 0 || distance < reach) && (!worst || distance < worst.distance || (distance === worst.distance && s < worst.site))) worst = { site: s, distance }
        }
        if (!worst) continue
        const pad = sites.pad(worst.site)
        if (worst.distance === 0) {
          // in or touching the land: only a filled and capped via keeps the solder on it
          const fromFile = via.ipc4761
          const fill = fromFile ?? viaInPadFill
          if (fill === 'VII') continue
          inPad.push({
            site: worst.site,
            finding: {
              messageId: 'viaInPad', at: shapeCenter(via.shape), features: [via], measured: null, limit: null, valueKind: 'none',
              data: {
                pad: padLabel(pad), drill: ctx.format(drillOf(via), 'length'),
                fill: fromFile ? `IPC-4761 type ${fromFile} by its drill file` : `unfilled (no IPC-4761 type in the drill file; deck viaInPadFill ${viaInPadFill})`,
              },
            },
          })
        } else {
          ctx.report({
            messageId: 'nearPad', at: shapeCenter(via.shape), features: [via, pad], measured: worst.distance, limit: minPadClearance, valueKind: 'length',
            data: { pad: padLabel(pad) },
          })
        }
      }
      // via-in-pad across an array is one design decision (and one fab note): one finding per array;
      // arrays whose vias are alike (one drill, one fill) share that fab note too: one finding per side
      const perArray: RawFinding<'viaInPad'>[] = []
      reportGrouped(sites, inPad, (f) => perArray.push(f), 1)
      const alike = perArray.length > 1 && perArray.every((f) => f.data!.drill === perArray[0]!.data!.drill && f.data!.fill === perArray[0]!.data!.fill)
      if (!alike) for (const f of perArray) ctx.report(f)
      else {
        const first = perArray[0]!
        const pads = new Set(inPad.map((p) => p.site)).size
        ctx.report({ ...first, features: perArray.flatMap((f) => f.features), data: { ...first.data, more: ` (and ${pads - 1} more pads in ${perArray.length} arrays alike)` } })
      }
    }

    if (maxPitchDeviation !== null) {
      for (const grid of findGridArrays(centres(all, own), { minArraySize, pitchTolerance: maxPitchDeviation })) {
        // a sparse "grid" is vias that happen to line up, not an array someone laid out
        if (grid.ids.length < minArrayFill * grid.rows * grid.columns) continue
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

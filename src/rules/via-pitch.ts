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
import type { Box } from '../geometry/types.ts'
import type { FeatureIndex } from '../spatial/index.ts'
import { shapeCenter } from '../geometry/polygonize.ts'
import { shapeDistance } from '../geometry/measure.ts'
import { findGridArrays } from '../physics/arrays.ts'
import { padLabel } from '../layers/bump-sites.ts'
import { reportGrouped, type Pending } from './deposit-printability.ts'
import { listBoxInto, positionsWhere, type FeatureList } from '../layers/packed-feature.ts'

/**
 * A hole (Excellon, ODB++) or a flash (a Gerber-format drill file) is a via unless its aperture function
 * says it is something else (component, mechanical …). Slots and routed draws are not.
 */
function isVia(f: Feature): boolean {
  return (f.kind === 'hole' || f.kind === 'flash') && (f.aperFunction === undefined || f.aperFunction === 'ViaDrill')
}

/**
 * What the pair, web and array checks read of each feature of the side's vias list, read once (a
 * quarter of a million vias at 1 M bumps: a handle kept per via was most of this rule's time and
 * garbage). Position i is the list's feature i.
 */
interface ViaColumns {
  /** 1 where the feature is a via (isVia). */
  via: Uint8Array
  /**
   * Index of the feature's drill file in `files`. Vias of one drill file span the same layers; vias
   * of different files (blind and buried pairs, front-in1 beside in1-in2) pass through different
   * dielectrics, so their centres may stand closer than one file's pitch: stacked and staggered
   * microvias do by design.
   */
  file: Int32Array
  files: string[]
  /** Centre (shapeCenter). */
  x: Float64Array
  y: Float64Array
  /** Drill diameter (nm): the file's tool size, else the drawn hole's (round: its box's width). */
  drill: Float64Array
}

function viaColumns(list: FeatureList): ViaColumns {
  const n = list.length
  const columns: ViaColumns = { via: new Uint8Array(n), file: new Int32Array(n), files: [], x: new Float64Array(n), y: new Float64Array(n), drill: new Float64Array(n) }
  const fileIds = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const f = list.at(i)!
    const file = f.source.file
    let id = fileIds.get(file)
    if (id === undefined) {
      fileIds.set(file, (id = columns.files.length))
      columns.files.push(file)
    }
    const { x, y } = shapeCenter(f.shape)
    columns.via[i] = isVia(f) ? 1 : 0
    columns.file[i] = id
    columns.x[i] = x
    columns.y[i] = y
    const box = f.bbox
    columns.drill[i] = f.drill ?? box[2] - box[0]
  }
  return columns
}

/** Per drill file of `columns`, 1 where `keep` takes the file's name. */
function fileFlags(columns: ViaColumns, keep: (file: string) => boolean): Uint8Array {
  return Uint8Array.from(columns.files, (file) => (keep(file) ? 1 : 0))
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
function closeVias(index: FeatureIndex, vias: ViaColumns, i: number, reach: number, found: number[]): number[] {
  const x = vias.x[i]!, y = vias.y[i]!
  const count = index.collect([x, y, x, y], reach, found)
  // no closure and no copy per via: this runs once for each of a quarter of a million vias
  const close: number[] = []
  for (let c = 0; c < count; c++) if (isLaterPair(vias, i, found[c]!)) close.push(found[c]!)
  // up to MAX_PAIRS the box list and nearest() give the same vias: the test only spares the ranked search
  return close.length > MAX_PAIRS ? index.nearest(x, y, MAX_PAIRS, reach, (j) => isLaterPair(vias, i, j)) : close
}

/** Is via j one that via i is paired with: later, a via, and of i's drill file? */
function isLaterPair(vias: ViaColumns, i: number, j: number): boolean {
  return j > i && vias.via[j] === 1 && vias.file[j] === vias.file[i]
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
    const list = ctx.features('vias')
    const vias = viaColumns(list)
    const { x, y, drill } = vias
    const ids = positionsWhere(list.length, (i) => vias.via[i] === 1)
    // a through-hole layer (side both) is seen from both sides: the pair and array checks judge its vias
    // once, on top; a layer of one side (mapped so by the user) is judged on its side
    const ownFiles = new Set(ctx.layers('vias').filter((l) => ctx.side === 'top' || l.side !== 'both').map((l) => l.file))
    const ownFile = fileFlags(vias, (file) => ownFiles.has(file))
    const own = positionsWhere(list.length, (i) => vias.via[i] === 1 && ownFile[vias.file[i]!] === 1)

    // blind and buried microvias follow tighter spacing rules than minPitch states for drilled through vias
    const throughFiles = new Set(ctx.layers('vias').filter((l) => reachesSide(l, 'top') && reachesSide(l, 'bottom')).map((l) => l.file))
    const through = fileFlags(vias, (file) => throughFiles.has(file))
    let largestDrill = 0
    for (const i of ids) largestDrill = Math.max(largestDrill, drill[i]!)
    // a web below minWeb needs a pitch below minWeb + (d1 + d2)/2 ≤ minWeb + the largest drill
    const reach = Math.max(minPitch ?? 0, minWeb === null ? 0 : minWeb + largestDrill)
    // Stryker disable next-line ArrayDeclaration: closeVias overwrites the array before it reads it
    const found: number[] = []
    for (const i of own) {
      if (!through[vias.file[i]!]) continue
      ctx.checkCancelled()
      for (const j of closeVias(ctx.index('vias'), vias, i, reach, found)) {
        const pitch = Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!)
        const at = { x: (x[i]! + x[j]!) / 2, y: (y[i]! + y[j]!) / 2 }
        if (pitch < (minPitch ?? 0)) {
          ctx.report({ messageId: 'tooClose', at, features: [list.at(i)!, list.at(j)!], measured: pitch, limit: minPitch, valueKind: 'length' })
          continue
        }
        const d1 = drill[i]!, d2 = drill[j]!
        const web = pitch - (d1 + d2) / 2
        // holes that cut into each other at a pitch minPitch passes are a slot drilled as a row of hits, not two vias
        if (web >= 0 && web < (minWeb ?? 0)) {
          ctx.report({
            messageId: 'thinWeb', at, features: [list.at(i)!, list.at(j)!], measured: web, limit: minWeb, valueKind: 'length',
            data: { pitch: ctx.format(pitch, 'length'), d1: ctx.format(d1, 'length'), d2: ctx.format(d2, 'length') },
          })
        }
      }
    }

    // the via-to-pad checks, in the land (viaInPad) and near it (nearPad), run when the deck sets minPadClearance
    if (minPadClearance !== null) {
      const { sites, index: siteIndex } = ctx.bumpSites()
      const reach = minPadClearance
      const hiddenFiles = new Set(ctx.layers('vias').filter((l) => !reachesSide(l, ctx.side)).map((l) => l.file))
      const hidden = fileFlags(vias, (file) => hiddenFiles.has(file))
      const inPad: Pending<'viaInPad'>[] = []
      // reused over every via (query() would make an array per via)
      const near: number[] = []
      const box: Box = [0, 0, 0, 0]
      for (const i of ids) {
        if (hidden[vias.file[i]!]) continue
        listBoxInto(list, i, box)
        // most vias have no pad within reach: their handle is never made
        if (siteIndex.collect(box, reach, near) === 0) continue
        const via = list.at(i)!
        let worst: { site: number; distance: number } | null = null
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
              messageId: 'viaInPad', at: { x: x[i]!, y: y[i]! }, features: [via], measured: null, limit: null, valueKind: 'none',
              data: {
                pad: padLabel(pad), drill: ctx.format(drill[i]!, 'length'),
                fill: fromFile ? `IPC-4761 type ${fromFile} by its drill file` : `unfilled (no IPC-4761 type in the drill file; deck viaInPadFill ${viaInPadFill})`,
              },
            },
          })
        } else {
          ctx.report({
            messageId: 'nearPad', at: { x: x[i]!, y: y[i]! }, features: [via, pad], measured: worst.distance, limit: minPadClearance, valueKind: 'length',
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
      const points = { xs: new Float64Array(own.length), ys: new Float64Array(own.length), ids: new Float64Array(own.length) }
      // indexed: Float64Array.from with a mapping function walks an iterator (~0.17 s for a quarter of a million)
      own.forEach((i, k) => { points.xs[k] = x[i]!; points.ys[k] = y[i]!; points.ids[k] = i })
      for (const grid of findGridArrays(points, { minArraySize, pitchTolerance: maxPitchDeviation })) {
        // a sparse "grid" is vias that happen to line up, not an array someone laid out
        if (grid.ids.length < minArrayFill * grid.rows * grid.columns) continue
        const pitch = Math.min(...[grid.pitchX, grid.pitchY].filter((p) => p > 0))
        const nearestSite = (v: number, origin: number, p: number) => (p > 0 ? origin + Math.round((v - origin) / p) * p : origin)
        for (const i of grid.offGrid) {
          const a = { x: x[i]!, y: y[i]! }
          const offset = Math.hypot(a.x - nearestSite(a.x, grid.origin.x, grid.pitchX), a.y - nearestSite(a.y, grid.origin.y, grid.pitchY))
          ctx.report({ messageId: 'irregular', at: a, features: [list.at(i)!], measured: offset / pitch, limit: maxPitchDeviation, valueKind: 'fraction', data: { pitch: ctx.format(pitch, 'length') } })
        }
      }
    }
  },
})

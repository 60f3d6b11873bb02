/**
 * Bump coplanarity: bumps of one array must all reach the second surface. Each bump's tip height is
 * predicted by the deck's `process.model` (src/physics/):
 * - `melt-cap` (process A): the deposit melts into a spherical cap on the wettable pad (a mask well on a
 *   solder-mask-defined pad fills first), on the pad metal;
 * - `ball-paste` (pre-balled BGA): ball plus melted paste as a truncated sphere between board and package land;
 * - `plated-cap` (process B): projection (etch depth) plus plated cap thickness.
 * The array's coplanarity is the range of heights or the JEDEC JESD22-B108 seating-plane distance.
 * Reports:
 * - `offPlane`     a bump farther than `maxCoplanarity` from the seating plane (or below the tallest, for `range`);
 *                  the message names the array's shortest and tallest bump
 * - `tooShort`     a bump whose predicted tip is below `minBumpHeight` (not again for a bump already `offPlane`)
 * - `littleMetal`  a bump's metal volume below `minVolume` (melt-cap: melted deposit; ball-paste: ball + paste)
 * - `muchMetal`    a bump's metal volume above `maxVolume`
 * - `landSmall`    ball-paste: board land diameter over ball diameter below `minLandToBall` (IPC-7095)
 * - `landLarge`    ball-paste: board land diameter over ball diameter above `maxLandToBall`
 * Findings alike across half an array or more (one land size, one stencil) are reported once per array.
 * Bumps whose pad or deposit an earlier rule already reports are left out: the height model assumes
 * the metal all draws back onto a sound pad, which those findings deny.
 */
import { DECK_UNITS, type DeckUnits } from '../engine/deck.ts'
import type { Point } from '../geometry/types.ts'
import { ConfigError } from '../errors.ts'
import { defineRule, type RawFinding } from '../engine/rule.ts'
import { bumpArrays, median } from '../layers/bump-arrays.ts'
import { globMatcher } from '../layers/bump-pads.ts'
import { padLabel } from '../layers/bump-sites.ts'
import { positionsWhere } from '../layers/packed-feature.ts'
import { typicalPitch } from '../physics/arrays.ts'
import { ballPasteJoint, jedecBallDiameter } from '../physics/ball-paste.ts'
import { equivalentRadius } from '../physics/bump-height.ts'
import { rangeCoplanarity, seatingPlaneCoplanarity } from '../physics/coplanarity.ts'
import { meltCapBump } from '../physics/melt-cap.ts'
import { platedCapTip } from '../physics/plated-cap.ts'

type Id = 'offPlane' | 'tooShort' | 'littleMetal' | 'muchMetal' | 'landSmall' | 'landLarge'

/** The tips of one array as columns (tip k of the array's k-th member): no object per bump. */
class Tips {
  readonly x: Float64Array
  readonly y: Float64Array
  readonly h: Float64Array
  /** Metal volume (nm³); NaN where the model has none (plated-cap). */
  readonly volume: Float64Array
  /** 1 where the height is an estimate. */
  readonly estimate: Uint8Array

  constructor(n: number) {
    this.x = new Float64Array(n)
    this.y = new Float64Array(n)
    this.h = new Float64Array(n)
    this.volume = new Float64Array(n)
    this.estimate = new Uint8Array(n)
  }

  set(k: number, at: Point, h: number, volume: number, estimate: boolean): void {
    this.x[k] = at.x
    this.y[k] = at.y
    this.h[k] = h
    this.volume[k] = volume
    this.estimate[k] = estimate ? 1 : 0
  }
}

/** Every value the same number (a NaN never is). */
function allEqual(values: Float64Array): boolean {
  const first = values[0]
  for (let k = 1; k < values.length; k++) if (values[k] !== first) return false
  return first === first
}

export default defineRule({
  meta: {
    id: 'bump-coplanarity',
    description: 'Predicted bump heights of each array stay within the coplanarity limit, tall enough, with their metal volume and land in range',
    defaultSeverity: 'error',
    needs: ['pads', 'mask', 'deposit'],
    needsBumpPads: true,
    after: ['pad-wettable-area', 'deposit-overhang', 'pad-deposit'],
    options: {
      maxCoplanarity: { kind: 'length', description: 'Largest distance of a bump tip from the seating plane (or from the tallest tip, for range)', required: true },
      method: { kind: 'enum', values: ['range', 'seating-plane'], description: "How coplanarity is measured (default: the process's coplanarityMethod)" },
      minArraySize: { kind: 'integer', description: 'Fewest bumps that make an array', default: 4 },
      minBumpHeight: { kind: 'length', description: 'Smallest predicted tip height above the substrate, pad metal included (the standoff); unset: not checked' },
      minVolume: { kind: 'number', description: "Smallest metal volume of a bump, in deck units³ (mm³ in a mm deck); melt-cap and ball-paste; unset: not checked" },
      maxVolume: { kind: 'number', description: "Largest metal volume of a bump, in deck units³; melt-cap and ball-paste; unset: not checked" },
      maskThickness: { kind: 'length', description: 'melt-cap: solder-mask thickness over copper, the depth of the well on a mask-defined pad that the melt fills first; 0: no well', default: 0 },
      minLandToBall: { kind: 'number', description: 'ball-paste: smallest board land diameter over ball diameter; unset: not checked' },
      maxLandToBall: { kind: 'number', description: 'ball-paste: largest board land diameter over ball diameter; unset: not checked' },
    },
    messages: {
      offPlane: 'Bump {pad} stands {measured} off the {method} of {array} (limit {limit}; predicted {height}, shortest {shortest}, tallest {tallest}{estimate})',
      tooShort: 'Bump {pad} of {array} is predicted {measured} high, below {limit} ({model}{estimate}){more}',
      littleMetal: 'Bump {pad} of {array} has {measured} {unit} of metal, below {limit} {unit} ({model}){more}',
      muchMetal: 'Bump {pad} of {array} has {measured} {unit} of metal, above {limit} {unit} ({model}){more}',
      landSmall: 'Land {pad} of {array} is {measured} of its {ball} ball, below {limit} (land {land}){more}',
      landLarge: 'Land {pad} of {array} is {measured} of its {ball} ball, above {limit} (land {land}){more}',
    },
  },
  check(ctx) {
    const { maxCoplanarity, method: chosen, minArraySize, minBumpHeight, minVolume, maxVolume, maskThickness, minLandToBall, maxLandToBall } = ctx.options
    const method = chosen ?? ctx.process.coplanarityMethod
    const { model, depositThickness, metalVolumeFraction, padThickness } = ctx.process
    if (model !== 'plated-cap' && (depositThickness === null || metalVolumeFraction === null)) {
      // a deck that leaves them out is bad input (exit 2), not a bug
      throw new ConfigError(`bump-coplanarity (${model}) needs process.depositThickness and process.metalVolumeFraction in the deck`,
        depositThickness === null ? 'process.depositThickness' : 'process.metalVolumeFraction')
    }
    // volumes are options in deck units³: the deck's length unit is what ctx.format writes after a length
    const units = ctx.format(0, 'length').split(' ').pop() as DeckUnits
    const volumeScale = DECK_UNITS[units] ** 3
    const ballGlobs = ctx.process.ballDiameters.map(([glob, d]) => [globMatcher([glob]), d, glob] as const)

    // the deposits over site i are siteDeposit[siteDepositStart[i] … siteDepositStart[i + 1] − 1]: no array per site
    const paired = ctx.bumpSites()
    const { sites, deposits, siteDepositStart, siteDeposit } = paired
    const depositErred = (i: number) => {
      for (let k = siteDepositStart[i]!; k < siteDepositStart[i + 1]!; k++) if (ctx.hasError(deposits.at(siteDeposit[k]!)!)) return true
      return false
    }
    const name = (i: number) => padLabel(sites.pad(i))
    const featuresOf = (i: number) => [sites.pad(i), ...Array.from(siteDeposit.subarray(siteDepositStart[i]!, siteDepositStart[i + 1]!), (x) => deposits.at(x)!)]
    // Only sound bumps: a wettable area, and no earlier error on the pad or its deposits
    const sound = positionsWhere(sites.length, (i) => sites.hasWettable(i) && !ctx.hasError(sites.pad(i)) && !depositErred(i))
    const length = (v: number) => ctx.format(v, 'length')

    for (const array of bumpArrays(sites, minArraySize, sound)) {
      ctx.checkCancelled()
      const members = array.sites
      // board land radii: ball-paste alone reads them (melt-cap's model takes the wettable area itself)
      const radii = new Float64Array(model === 'ball-paste' ? members.length : 0)
      for (let k = 0; k < radii.length; k++) radii[k] = equivalentRadius(sites.wettableArea(members[k]!))
      let modelText: string = model
      let ball: { diameter: number; text: string; judged: boolean } | undefined
      const tips = new Tips(members.length)
      if (model === 'ball-paste') {
        const pitch = typicalPitch(members.map((i) => sites.center(i)))
        const listed = array.from === 'component' ? ballGlobs.find(([match]) => match(array.name)) : undefined
        if (listed) ball = { diameter: listed[1], text: `${length(listed[1])} (deck ballDiameters ${listed[2]})`, judged: true }
        else if (pitch > 0) {
          const size = jedecBallDiameter(pitch)
          ball = { diameter: size.diameter, text: `${length(size.diameter)} (${size.from === 'table' ? 'JEDEC typical' : 'estimated'} for ${length(pitch)} pitch)`, judged: size.from === 'table' }
        }
        // the package land: the array's typical board land (a package's lands are all alike)
        const packageLand = median(radii)
        const stencil = ctx.process.stencilThickness ?? depositThickness!
        modelText = ball ? `ball-paste, ${ball.text} ball` : 'ball-paste'
        members.forEach((i, k) => {
          const site = sites.at(i)
          const joint = ballPasteJoint({ ballDiameter: ball?.diameter ?? 0, boardLandRadius: radii[k]!, packageLandRadius: packageLand,
            pasteArea: paired.depositArea(i), stencilThickness: stencil, metalVolumeFraction: metalVolumeFraction!, padThickness })
          tips.set(k, site.center, joint.height, joint.volume, !site.circular || !ball?.judged)
        })
      } else if (model === 'plated-cap') {
        const projection = ctx.process.etchDepth ?? padThickness
        const cap = ctx.process.capThickness ?? depositThickness ?? 0
        members.forEach((i, k) => {
          tips.set(k, sites.center(i), platedCapTip({ projection, capThickness: cap, capped: paired.depositArea(i) > 0 }), NaN, false)
        })
      } else {
        // an array's neighbouring bumps are mostly alike (one land, one stencil aperture): the model,
        // a pure function, is asked again only when a bump's inputs differ from the last one's
        let last: ReturnType<typeof meltCapBump> | undefined
        let lastDepositArea = NaN, lastWettableArea = NaN, lastCircular = false, lastMaskWell = NaN
        members.forEach((i, k) => {
          const maskWell = sites.definition(i) === 'mask-defined' ? maskThickness : 0
          const depositArea = paired.depositArea(i), wettableArea = sites.wettableArea(i), circular = sites.circular(i)
          // Object.is: −0 and 0 are no same input here (a −0 volume would be reported as such)
          if (!(last && Object.is(depositArea, lastDepositArea) && Object.is(wettableArea, lastWettableArea) && circular === lastCircular && Object.is(maskWell, lastMaskWell))) {
            last = meltCapBump({ depositArea, depositThickness: depositThickness!, metalVolumeFraction: metalVolumeFraction!, wettableArea, circular, padThickness, maskWell })
            lastDepositArea = depositArea; lastWettableArea = wettableArea; lastCircular = circular; lastMaskWell = maskWell
          }
          tips.set(k, sites.center(i), last.height, last.volume, last.estimate)
        })
      }
      const heights = tips.h
      const range = rangeCoplanarity(heights)
      const deviation = new Float64Array(members.length)
      let label = 'tallest bump'
      // an array of alike bumps (the common case: one land, one stencil aperture) has every tip at one
      // height: each tip lies on the plane the part rests on and on the tallest's level, so every
      // deviation is 0 under either method, and the seating-plane search (~90 ms for 250 k bumps) is not run
      const fit = method === 'seating-plane' && !allEqual(heights) ? seatingPlaneCoplanarity(tips) : undefined
      if (fit?.plane) {
        const { a, b, c } = fit.plane
        const norm = Math.sqrt(a * a + b * b + 1)
        for (let k = 0; k < members.length; k++) deviation[k] = Math.abs(a * tips.x[k]! + b * tips.y[k]! + c - heights[k]!) / norm
        label = 'seating plane'
      } else for (let k = 0; k < members.length; k++) deviation[k] = heights[range.highestIndex]! - heights[k]!

      const estimateText = (k: number) => tips.estimate[k]
        ? (model === 'ball-paste' && !ball?.judged ? '; ball size estimated' : '; non-circular pad, height estimated on the equal-area circle') : ''
      const shortest = `${name(members[range.lowestIndex]!)} ${length(heights[range.lowestIndex]!)}`
      const tallest = `${name(members[range.highestIndex]!)} ${length(heights[range.highestIndex]!)}`
      const offPlane = new Set<number>()
      deviation.forEach((d, k) => {
        if (d <= maxCoplanarity) return
        const i = members[k]!
        offPlane.add(k)
        ctx.report({
          messageId: 'offPlane', at: sites.center(i), features: featuresOf(i), measured: d, limit: maxCoplanarity, valueKind: 'length',
          data: { pad: name(i), method: label, array: array.name, height: length(heights[k]!), shortest, tallest, estimate: estimateText(k) },
        })
      })

      // per-bump windows, reported once per array when half of it or more is alike
      const pending: { k: number; finding: RawFinding<Id> }[] = []
      const add = (k: number, messageId: Id, measured: number, limit: number, valueKind: RawFinding['valueKind'], data: Record<string, string>) => {
        const i = members[k]!
        pending.push({ k, finding: { messageId, at: sites.center(i), features: featuresOf(i), measured, limit, valueKind, data: { pad: name(i), array: array.name, ...data } } })
      }
      const unit = `${units}³`
      heights.forEach((h, k) => {
        // Stryker disable next-line ConditionalExpression: no tip is below null (0); the guard is for the compiler
        if (minBumpHeight !== null && h < minBumpHeight && !offPlane.has(k)) add(k, 'tooShort', h, minBumpHeight, 'length', { model: modelText, estimate: estimateText(k) })
        // plated-cap's volume is NaN, below and above no limit
        const v = tips.volume[k]! / volumeScale
        // Stryker disable next-line ConditionalExpression,StringLiteral: no volume is below null (0); kinds 'none' and '' both format bare numbers
        if (minVolume !== null && v < minVolume) add(k, 'littleMetal', v, minVolume, 'none', { model: modelText, unit })
        // Stryker disable next-line StringLiteral: kinds 'none' and '' both format bare numbers
        if (maxVolume !== null && v > maxVolume) add(k, 'muchMetal', v, maxVolume, 'none', { model: modelText, unit })
        // a judged ball has a deck or table diameter, never 0
        if (ball?.judged) {
          const ratio = (2 * radii[k]!) / ball.diameter
          const data = { ball: ball.text, land: length(2 * radii[k]!) }
          // Stryker disable next-line ConditionalExpression,StringLiteral: no ratio is below null (0); kinds 'number' and '' both format bare numbers
          if (minLandToBall !== null && ratio < minLandToBall) add(k, 'landSmall', ratio, minLandToBall, 'number', data)
          // Stryker disable next-line StringLiteral: kinds 'number' and '' both format bare numbers
          if (maxLandToBall !== null && ratio > maxLandToBall) add(k, 'landLarge', ratio, maxLandToBall, 'number', data)
        }
      })
      const groups = new Map<string, typeof pending>()
      for (const p of pending) {
        const key = `${p.finding.messageId}\u0000${Number((p.finding.measured ?? 0).toPrecision(4))}`
        const list = groups.get(key)
        if (list) list.push(p)
        else groups.set(key, [p])
      }
      for (const list of groups.values()) {
        if (list.length < Math.max(2, members.length / 2)) {
          for (const p of list) ctx.report({ ...p.finding, data: { ...p.finding.data, more: '' } })
          continue
        }
        // sites are distinct, so x then y orders them
        list.sort((p, q) => p.finding.at.x - q.finding.at.x || p.finding.at.y - q.finding.at.y)
        const first = list[0]!.finding
        ctx.report({ ...first, data: { ...first.data, more: ` (and ${list.length - 1} more of the ${members.length} bumps of ${array.name} alike)` } })
      }
    }
  },
})

/**
 * Pad wettable area: W = pad copper ∩ mask opening sets the bump's footprint, so its size decides
 * whether a bump forms and how tall it stands.
 * Reports (one finding per pad, the first that applies):
 * - `covered`   the mask covers the pad: no wettable area, no bump
 * - `tooSmall`  W below `minArea`
 * - `tooNarrow` W has no spot `minWidth` wide
 * - `tooLarge`  W above `maxArea`
 * - `spread`    W differs from its array's median by more than `maxSpread` (bumps of unequal height)
 */
import { defineRule, type RawFinding } from '../engine/rule.ts'
import { isNarrowerThan } from '../geometry/measure.ts'
import { bumpArrays, median } from '../layers/bump-arrays.ts'
import { padLabel } from '../layers/bump-sites.ts'

export default defineRule({
  meta: {
    id: 'pad-wettable-area',
    description: 'Each bump pad exposes a wettable area (pad ∩ mask opening) of the right size',
    defaultSeverity: 'error',
    needs: ['pads', 'mask'],
    needsBumpPads: true,
    options: {
      minArea: { kind: 'area', description: 'Smallest wettable area' },
      maxArea: { kind: 'area', description: 'Largest wettable area' },
      minWidth: { kind: 'length', description: 'Narrowest wettable width' },
      maxSpread: { kind: 'fraction', description: "Largest difference from the array's median wettable area, as a fraction of it" },
      minArraySize: { kind: 'integer', description: 'Fewest pads that make an array for the spread check', default: 4 },
    },
    messages: {
      covered: 'Solder mask covers pad {pad}: no wettable area, no bump will form',
      tooSmall: 'Wettable area of pad {pad} is {measured}, below {limit}',
      tooNarrow: 'Wettable area of pad {pad} is narrower than {limit}',
      tooLarge: 'Wettable area of pad {pad} is {measured}, above {limit}',
      spread: "Wettable area of pad {pad} ({area}) differs by {measured} from its array's median {median} (limit {limit})",
    },
  },
  check(ctx) {
    const { minArea, maxArea, minWidth, maxSpread, minArraySize } = ctx.options
    const { sites } = ctx.bumpSites()
    const flagged = new Uint8Array(sites.length)
    const padName = (i: number) => padLabel(sites.pad(i))

    // nothing is built for a pad that passes: a finding's parts are made only when it is reported
    const reportPad = (i: number, finding: Pick<RawFinding<'covered' | 'tooSmall' | 'tooNarrow' | 'tooLarge'>, 'messageId' | 'measured' | 'limit' | 'valueKind'>) => {
      const site = sites.at(i)
      ctx.report({ ...finding, at: site.center, features: [site.pad, ...site.openings], data: { pad: padName(i) } })
      flagged[i] = 1
    }
    for (let i = 0; i < sites.length; i++) {
      ctx.checkCancelled()
      const site = sites.at(i)
      // only a covered pad has no wettable shape
      if (site.definition === 'covered') reportPad(i, { messageId: 'covered', measured: 0, limit: minArea, valueKind: 'area' })
      else if (
        // Stryker disable next-line ConditionalExpression: an area is never below null (0); the guard is for the compiler
        minArea !== null && site.wettableArea < minArea
      ) reportPad(i, { messageId: 'tooSmall', measured: site.wettableArea, limit: minArea, valueKind: 'area' })
      else if (
        // Stryker disable next-line ConditionalExpression: no shape is narrower than null (0); the guard is for the compiler
        minWidth !== null && isNarrowerThan(site.wettable!, minWidth)
      ) reportPad(i, { messageId: 'tooNarrow', measured: null, limit: minWidth, valueKind: 'length' })
      else if (maxArea !== null && site.wettableArea > maxArea) reportPad(i, { messageId: 'tooLarge', measured: site.wettableArea, limit: maxArea, valueKind: 'area' })
    }

    if (maxSpread === null) return
    for (const array of bumpArrays(sites, minArraySize)) {
      const areas = new Float64Array(array.sites.length)
      array.sites.forEach((i, k) => { areas[k] = sites.wettableArea(i) })
      const typical = median(areas)
      if (typical <= 0) continue
      // pads of one array with one land size off the median, as many as make an array, are one design
      // choice (a footprint with two land sizes): one finding naming how many; fewer are strays, each
      // reported at its own pad
      const bySize = new Map<number, number[]>()
      for (const i of array.sites) {
        if (flagged[i]) continue
        const area = sites.wettableArea(i)
        if (Math.abs(area / typical - 1) <= maxSpread) continue
        const key = Math.round(area / 1e6) // to the µm²
        const list = bySize.get(key)
        if (list) list.push(i)
        else bySize.set(key, [i])
      }
      const findings = [...bySize.values()].flatMap((group) => (group.length >= minArraySize ? [group] : group.map((i) => [i])))
      for (const group of findings) {
        const i = group[0]!
        const site = sites.at(i)
        const more = group.length > 1 ? ` (and ${group.length - 1} more pads of ${array.name} with the same land)` : ''
        ctx.report({
          messageId: 'spread', at: site.center, features: group.flatMap((k) => [sites.pad(k), ...sites.openings(k)]),
          measured: Math.abs(site.wettableArea / typical - 1), limit: maxSpread, valueKind: 'fraction',
          data: { pad: padName(i) + more, area: ctx.format(site.wettableArea, 'area'), median: ctx.format(typical, 'area') },
        })
      }
    }
  },
})

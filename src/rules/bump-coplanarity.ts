/**
 * Bump coplanarity: bumps of one array must all reach the second surface. Each bump's height is
 * predicted from its deposit volume and wettable area (spherical cap, DOMAIN.md) plus pad thickness;
 * the array's coplanarity is the range of heights or the JEDEC JESD22-B108 seating-plane distance.
 * Reports:
 * - `offPlane`  a bump farther than `maxCoplanarity` from the seating plane (or below the tallest, for `range`);
 *               the message names the array's shortest and tallest bump
 * Bumps whose pad or deposit an earlier rule already reports are left out: the height model assumes
 * the metal all draws back onto a sound pad, which those findings deny.
 */
import { defineRule } from '../engine/rule.ts'
import { bumpArrays } from '../layers/bump-arrays.ts'
import { padLabel } from '../layers/bump-sites.ts'
import { predictBumpHeight } from '../physics/bump-height.ts'
import { rangeCoplanarity, seatingPlaneCoplanarity } from '../physics/coplanarity.ts'

export default defineRule({
  meta: {
    id: 'bump-coplanarity',
    description: 'Predicted bump heights of each array stay within the coplanarity limit',
    defaultSeverity: 'error',
    needs: ['pads', 'mask', 'deposit'],
    needsBumpPads: true,
    after: ['pad-wettable-area', 'deposit-overhang', 'pad-deposit'],
    options: {
      maxCoplanarity: { kind: 'length', description: 'Largest distance of a bump tip from the seating plane (or from the tallest tip, for range)', required: true },
      method: { kind: 'enum', values: ['range', 'seating-plane'], description: "How coplanarity is measured (default: the process's coplanarityMethod)" },
      minArraySize: { kind: 'integer', description: 'Fewest bumps that make an array (default 4)' },
    },
    messages: {
      offPlane: 'Bump {pad} stands {measured} off the {method} of {array} (limit {limit}; predicted {height}, shortest {shortest}, tallest {tallest}{estimate})',
    },
  },
  check(ctx) {
    const { maxCoplanarity, method: chosen, minArraySize } = ctx.options as { maxCoplanarity: number; method: string | null; minArraySize: number | null }
    const method = chosen ?? ctx.process.coplanarityMethod
    const { depositThickness, metalVolumeFraction, padThickness } = ctx.process
    if (depositThickness === null || metalVolumeFraction === null) {
      throw new Error('bump-coplanarity needs process.depositThickness and process.metalVolumeFraction in the deck')
    }
    // the deposits over site i are siteDeposit[siteDepositStart[i] … siteDepositStart[i + 1] − 1]: no array per site
    const paired = ctx.bumpSites()
    const { sites, deposits, siteDepositStart, siteDeposit } = paired
    const depositErred = (i: number) => {
      for (let k = siteDepositStart[i]!; k < siteDepositStart[i + 1]!; k++) if (ctx.hasError(deposits[siteDeposit[k]!]!)) return true
      return false
    }
    const name = (i: number) => padLabel(sites[i]!.pad)
    // Only sound bumps: a wettable area, and no earlier error on the pad or its deposits.
    const sound = sites.map((site, i) =>
      site.wettable !== null && !ctx.hasError(site.pad) && !depositErred(i))
    const candidates = sites.filter((_, i) => sound[i])
    const indexOf = sites.map((_, i) => i).filter((i) => sound[i])

    for (const array of bumpArrays(candidates, minArraySize ?? 4)) {
      ctx.checkCancelled()
      const members = array.sites.map((k) => indexOf[k]!)
      const tips = members.map((i) => {
        const site = sites[i]!
        // the union of the deposits whose largest overlap is this pad, clear cut-outs subtracted
        const depositArea = paired.depositArea(i)
        const bump = predictBumpHeight({ depositArea, depositThickness, metalVolumeFraction, wettableArea: site.wettableArea, padThickness, circular: site.circular })
        return { x: site.center.x, y: site.center.y, h: bump.height, estimate: bump.estimate }
      })
      const heights = tips.map((t) => t.h)
      const range = rangeCoplanarity(heights)
      let deviation: number[]
      let label = 'tallest bump'
      if (method === 'seating-plane') {
        const fit = seatingPlaneCoplanarity(tips)
        if (fit.plane) {
          const { a, b, c } = fit.plane
          const norm = Math.sqrt(a * a + b * b + 1)
          deviation = tips.map((t) => Math.abs(a * t.x + b * t.y + c - t.h) / norm)
          label = 'seating plane'
        } else deviation = heights.map((h) => heights[range.highestIndex]! - h)
      } else deviation = heights.map((h) => heights[range.highestIndex]! - h)

      const shortest = `${name(members[range.lowestIndex]!)} ${ctx.format(heights[range.lowestIndex]!, 'length')}`
      const tallest = `${name(members[range.highestIndex]!)} ${ctx.format(heights[range.highestIndex]!, 'length')}`
      deviation.forEach((d, k) => {
        if (d <= maxCoplanarity) return
        const i = members[k]!
        const features = [sites[i]!.pad, ...Array.from(siteDeposit.subarray(siteDepositStart[i]!, siteDepositStart[i + 1]!), (x) => deposits[x]!)]
        ctx.report({
          messageId: 'offPlane', at: sites[i]!.center, features, measured: d, limit: maxCoplanarity, valueKind: 'length',
          data: {
            pad: name(i), method: label, array: array.name, height: ctx.format(heights[k]!, 'length'), shortest, tallest,
            estimate: tips[k]!.estimate ? '; non-circular pad, height estimated on the equal-area circle' : '',
          },
        })
      })
    }
  },
})

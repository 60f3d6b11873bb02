/**
 * Deposit overhang: metal deposited past the wettable pad must draw back onto it when it melts.
 * Reports, per deposit:
 * - `orphan`      no wettable area under the deposit: a stray ball (unless `allowOrphans`)
 * - `bridge`      the deposit reaches two wettable areas: one bump over two pads, a short
 * - `tooFar`      the farthest overhang point is more than `maxOverhang` from the wettable area
 * - `tooClose`    the deposit comes within `minClearance` of another pad's wettable area
 * - `lowCoverage` the deposit covers less than `minCoverage` of its pad's wettable area
 * A deposit on a pad that pad-wettable-area already reports is left to that rule: one cause, one finding.
 */
import { defineRule } from '../engine/rule.ts'
import { overhangDistance, shapeDistance } from '../geometry/measure.ts'
import { padLabel } from '../layers/bump-sites.ts'

export default defineRule({
  meta: {
    id: 'deposit-overhang',
    description: 'Deposits lie on their wettable pad, or close enough to draw back onto it, and away from other pads',
    defaultSeverity: 'error',
    needs: ['pads', 'deposit'],
    after: ['pad-wettable-area'],
    options: {
      maxOverhang: { kind: 'length', description: "Largest distance metal must draw back (default: the process's maxDrawback)" },
      minCoverage: { kind: 'fraction', description: 'Smallest fraction of the wettable area the deposit covers' },
      minClearance: { kind: 'length', description: "Smallest gap between a deposit and another pad's wettable area" },
      allowOrphans: { kind: 'boolean', description: 'Deposits with no pad under them are allowed (e.g. fiducial or test prints)' },
    },
    messages: {
      orphan: 'Deposit has no wettable pad under it: the metal cannot draw back and leaves a stray ball',
      bridge: 'Deposit reaches {count} wettable pads ({pads}): they would melt into one bump',
      tooFar: 'Deposit overhangs {measured} past the wettable pad {pad} (limit {limit})',
      tooClose: 'Deposit on {pad} comes {measured} from the wettable area of {other} (limit {limit})',
      lowCoverage: 'Deposit covers {measured} of the wettable area of {pad} (limit {limit})',
    },
  },
  check(ctx) {
    const opts = ctx.options as { maxOverhang: number | null; minCoverage: number | null; minClearance: number | null; allowOrphans: boolean | null }
    const maxOverhang = opts.maxOverhang ?? ctx.process.maxDrawback
    const { sites, index, deposits, depositSites } = ctx.bumpSites()
    const name = (i: number) => padLabel(sites[i]!.pad)

    deposits.forEach((deposit, d) => {
      ctx.checkCancelled()
      const hits = depositSites[d]!
      const center = { x: (deposit.bbox[0] + deposit.bbox[2]) / 2, y: (deposit.bbox[1] + deposit.bbox[3]) / 2 }
      if (hits.length === 0) {
        if (!opts.allowOrphans) ctx.report({ messageId: 'orphan', at: center, features: [deposit], measured: null, limit: null, valueKind: 'none' })
        return
      }
      if (hits.some((h) => ctx.hasError(sites[h.site]!.pad))) return
      if (hits.length > 1) {
        ctx.report({
          messageId: 'bridge', at: center, features: [deposit, ...hits.map((h) => sites[h.site]!.pad)],
          measured: hits.length, limit: 1, valueKind: 'none',
          data: { count: String(hits.length), pads: hits.map((h) => name(h.site)).join(', ') },
        })
        return
      }
      const main = sites[hits[0]!.site]!
      const pad = name(hits[0]!.site)
      const wettable = main.wettable!
      if (maxOverhang !== null) {
        const distance = overhangDistance(deposit.shape, [wettable])
        if (distance > maxOverhang) {
          ctx.report({ messageId: 'tooFar', at: main.center, features: [deposit, main.pad], measured: distance, limit: maxOverhang, valueKind: 'length', data: { pad } })
        }
      }
      if (opts.minClearance !== null) {
        let nearest: { site: number; distance: number } | null = null
        for (const s of index.query(deposit.bbox, opts.minClearance)) {
          if (s === hits[0]!.site || !sites[s]!.wettable) continue
          const distance = shapeDistance(deposit.shape, sites[s]!.wettable!)
          if (distance < opts.minClearance && (!nearest || distance < nearest.distance || (distance === nearest.distance && s < nearest.site))) nearest = { site: s, distance }
        }
        if (nearest) {
          ctx.report({
            messageId: 'tooClose', at: main.center, features: [deposit, main.pad, sites[nearest.site]!.pad],
            measured: nearest.distance, limit: opts.minClearance, valueKind: 'length', data: { pad, other: name(nearest.site) },
          })
        }
      }
      if (opts.minCoverage !== null && main.wettableArea > 0) {
        const coverage = hits[0]!.overlap / main.wettableArea
        if (coverage < opts.minCoverage) {
          ctx.report({ messageId: 'lowCoverage', at: main.center, features: [deposit, main.pad], measured: coverage, limit: opts.minCoverage, valueKind: 'fraction', data: { pad } })
        }
      }
    })
  },
})

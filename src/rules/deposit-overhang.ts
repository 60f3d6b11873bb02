/**
 * Deposit overhang: metal deposited past the wettable pad must draw back onto it when it melts.
 * Reports, per deposit:
 * - `orphan`      no copper pad of any kind under the deposit: a stray ball (unless `allowOrphans`)
 * A deposit on a copper pad that is not a bump pad is out of scope: counted in the report, not judged.
 * - `bridge`      the deposit reaches two wettable areas: one bump over two pads, a short
 * - `tooFar`      the farthest overhang point is more than `maxOverhang` from the wettable area
 * - `tooClose`    the deposit comes within `minClearance` of another pad's wettable area
 * - `lowCoverage` the deposit covers less than `minCoverage` of its pad's wettable area
 * A deposit on a pad that pad-wettable-area already reports is left to that rule: one cause, one finding.
 */
import { defineRule } from '../engine/rule.ts'
import { overhangDistance, shapeDistance } from '../geometry/measure.ts'
import { DepositScope, padLabel } from '../layers/bump-sites.ts'
import type { Feature } from '../layers/model.ts'

/** Does any of the sites hitSite[first … end − 1] carry an earlier error? (No view or closure per deposit: a million ask.) */
function anyFlagged(hitSite: Uint32Array, first: number, end: number, flagged: Uint8Array): boolean {
  for (let k = first; k < end; k++) if (flagged[hitSite[k]!]) return true
  return false
}

export default defineRule({
  meta: {
    id: 'deposit-overhang',
    description: 'Deposits lie on their wettable pad, or close enough to draw back onto it, and away from other pads',
    defaultSeverity: 'error',
    needs: ['pads', 'mask', 'deposit'],
    after: ['pad-wettable-area'],
    options: {
      maxOverhang: { kind: 'length', description: "Largest distance metal must draw back (default: the process's maxDrawback)" },
      minCoverage: { kind: 'fraction', description: 'Smallest fraction of the wettable area the deposit covers' },
      minClearance: { kind: 'length', description: "Smallest gap between a deposit and another pad's wettable area" },
      allowOrphans: { kind: 'boolean', description: 'Deposits with no pad under them are allowed (e.g. fiducial or test prints)', default: false },
    },
    messages: {
      orphan: 'Deposit has no copper pad under it: the metal cannot draw back and leaves a stray ball',
      bridge: 'Deposit reaches {count} wettable pads ({pads}): they would melt into one bump',
      tooFar: 'Deposit overhangs {measured} past the wettable pad {pad} (limit {limit})',
      tooClose: 'Deposit on {pad} comes {measured} from the wettable area of {other} (limit {limit})',
      lowCoverage: 'Deposit covers {measured} of the wettable area of {pad} (limit {limit})',
    },
  },
  check(ctx) {
    const opts = ctx.options
    const maxOverhang = opts.maxOverhang ?? ctx.process.maxDrawback
    const { sites, index, deposits, hitStart, hitSite, hitOverlap, scope } = ctx.bumpSites()
    const name = (i: number) => padLabel(sites.pad(i))
    const depositCenter = (deposit: Feature) => ({ x: (deposit.bbox[0] + deposit.bbox[2]) / 2, y: (deposit.bbox[1] + deposit.bbox[3]) / 2 })
    // pads an earlier rule (pad-wettable-area) reported: their prints are left to it (one cause, one finding)
    const flagged = new Uint8Array(sites.length)
    for (let i = 0; i < sites.length; i++) if (ctx.hasError(sites.pad(i))) flagged[i] = 1
    // reused over every deposit: the common deposit sits cleanly on one pad and reports nothing
    // Stryker disable next-line ArrayDeclaration: collect empties the array before it writes ids
    const near: number[] = []

    for (let d = 0; d < deposits.length; d++) {
      ctx.checkCancelled()
      const deposit = deposits.at(d)!
      const first = hitStart[d]!
      const end = hitStart[d + 1]!
      if (first === end) {
        // on a covered bump pad (pad-wettable-area reports it) or on a pad that is no bump pad (out of scope)
        if (scope[d] !== DepositScope.orphan) continue
        if (!opts.allowOrphans) {
          // Stryker disable next-line StringLiteral: a finding with no value has no unit, whatever its kind
          ctx.report({ at: depositCenter(deposit), features: [deposit], measured: null, limit: null, valueKind: 'none',
            messageId: 'orphan' })
        }
        continue
      }
      if (anyFlagged(hitSite, first, end, flagged)) continue
      if (end - first > 1) {
        const hits = Array.from(hitSite.subarray(first, end))
        ctx.report({
          messageId: 'bridge', at: depositCenter(deposit), features: [deposit, ...hits.map((s) => sites.pad(s))],
          // Stryker disable next-line StringLiteral: kinds 'none' and '' both format bare numbers
          measured: hits.length, limit: 1, valueKind: 'none',
          data: { count: String(hits.length), pads: hits.map((s) => name(s)).join(', ') },
        })
        continue
      }
      const mainSite = hitSite[first]!
      const main = sites.at(mainSite)
      const wettable = main.wettable!
      // made once: the overhang and every clearance below measure it
      const depositShape = deposit.shape
      if (maxOverhang !== null) {
        const distance = overhangDistance(depositShape, [wettable])
        if (distance > maxOverhang) {
          ctx.report({ messageId: 'tooFar', at: main.center, features: [deposit, main.pad], measured: distance, limit: maxOverhang, valueKind: 'length', data: { pad: name(mainSite) } })
        }
      }
      // Stryker disable next-line ConditionalExpression: no distance is below null (0); the guard only saves the search
      if (opts.minClearance !== null) {
        let nearestSite = -1
        let nearestDistance = Infinity
        index.collect(deposit.bbox, opts.minClearance, near)
        for (const s of near) {
          if (s === mainSite) continue
          const other = sites.wettable(s)
          if (!other) continue
          const distance = shapeDistance(depositShape, other)
          // ties go to the lower site (file order), whatever order the index answers in
          const nearer = distance < nearestDistance || (distance === nearestDistance &&
            // Stryker disable next-line EqualityOperator: s <= nearestSite is s < nearestSite, as s never equals it
            s < nearestSite)
          if (distance < opts.minClearance && nearer) {
            nearestSite = s
            nearestDistance = distance
          }
        }
        if (nearestSite >= 0) {
          ctx.report({
            messageId: 'tooClose', at: main.center, features: [deposit, main.pad, sites.pad(nearestSite)],
            measured: nearestDistance, limit: opts.minClearance, valueKind: 'length', data: { pad: name(mainSite), other: name(nearestSite) },
          })
        }
      }
      // Stryker disable next-line ConditionalExpression: no coverage is below null (0); the guard is for the compiler
      if (opts.minCoverage !== null) {
        const coverage = hitOverlap[first]! / main.wettableArea
        if (coverage < opts.minCoverage) {
          ctx.report({ messageId: 'lowCoverage', at: main.center, features: [deposit, main.pad], measured: coverage, limit: opts.minCoverage, valueKind: 'fraction', data: { pad: name(mainSite) } })
        }
      }
    }
  },
})

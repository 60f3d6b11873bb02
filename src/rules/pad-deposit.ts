/**
 * Pad deposit: every bump pad carries a deposit, and enough (but not too much) of it. The deposit
 * area is the area of the union of the deposit features whose largest overlap is the pad, clear
 * cut-outs subtracted (a flash written twice counts once); the ratio is that area over the pad's
 * wettable area W.
 * Reports (one finding per pad, the first that applies):
 * - `missing`   no deposit on the bump pad: no bump forms there (a joint without solder, an open)
 * - `tooLittle` deposit area / W below `minDepositRatio`
 * - `tooMuch`   deposit area / W above `maxDepositRatio`
 * Pads an earlier rule already reports (covered, too small …) are left to it: one cause, one finding.
 */
import { defineRule } from '../engine/rule.ts'
import { padLabel } from '../layers/bump-sites.ts'

export default defineRule({
  meta: {
    id: 'pad-deposit',
    description: 'Every bump pad carries a deposit whose area is within the deck\'s ratio to its wettable area',
    defaultSeverity: 'error',
    needs: ['pads', 'mask', 'deposit'],
    needsBumpPads: true,
    after: ['pad-wettable-area'],
    options: {
      minDepositRatio: { kind: 'number', description: 'Smallest deposit area as a multiple of the wettable area' },
      maxDepositRatio: { kind: 'number', description: 'Largest deposit area as a multiple of the wettable area' },
    },
    messages: {
      missing: 'Bump pad {pad} has no deposit: no bump will form there',
      tooLittle: 'Deposit on bump pad {pad} is {measured} of its wettable area (limit {limit}; deposit {deposit}, wettable {wettable})',
      tooMuch: 'Deposit on bump pad {pad} is {measured} of its wettable area (limit {limit}; deposit {deposit}, wettable {wettable})',
    },
  },
  check(ctx) {
    const { minDepositRatio, maxDepositRatio } = ctx.options
    const paired = ctx.bumpSites()
    const { sites } = paired
    for (let i = 0; i < sites.length; i++) {
      ctx.checkCancelled()
      const site = sites.at(i)
      if (site.wettable === null || ctx.hasError(site.pad)) continue
      const deposit = paired.depositArea(i)
      if (deposit <= 0) {
        ctx.report({
          messageId: 'missing', at: site.center, features: [site.pad], measured: 0, limit: minDepositRatio, data: { pad: padLabel(site.pad) },
          // Stryker disable next-line StringLiteral: kinds 'number' and '' both format bare numbers
          valueKind: 'number',
        })
        continue
      }
      const ratio = deposit / site.wettableArea
      // Stryker disable next-line ConditionalExpression: no ratio is below null (0); the guard is for the compiler
      const messageId = minDepositRatio !== null && ratio < minDepositRatio ? 'tooLittle'
        : maxDepositRatio !== null && ratio > maxDepositRatio ? 'tooMuch' : undefined
      if (!messageId) continue
      const features = [site.pad, ...Array.from(paired.siteDeposit.subarray(paired.siteDepositStart[i]!, paired.siteDepositStart[i + 1]!), (d) => paired.deposits.at(d)!)]
      ctx.report({
        messageId, at: site.center, features,
        measured: ratio, limit: messageId === 'tooLittle' ? minDepositRatio : maxDepositRatio,
        // Stryker disable next-line StringLiteral: kinds 'number' and '' both format bare numbers
        valueKind: 'number',
        data: { pad: padLabel(site.pad), deposit: ctx.format(deposit, 'area'), wettable: ctx.format(site.wettableArea, 'area') },
      })
    }
  },
})

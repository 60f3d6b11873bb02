/**
 * Process materials: the deck's metals against the process A window (seeds/000): the bump metal melts
 * above `minMeltingPoint` and fully below the point where the pad metal starts to melt; the pad metal
 * is of an allowed family; Ag/Au bumps that will meet molten solder carry a barrier coat.
 * Reports (once per run, not per side; no site):
 * - `unknownMetal`   a metal the built-in table (src/physics/materials.ts) does not know
 * - `bumpTooLow`     bump metal melts at or below `minMeltingPoint`
 * - `padMeltsFirst`  the pad metal starts to melt at or below the bump metal's liquidus
 * - `padFamily`      the pad metal is not of a family in `padFamilies`
 * - `bumpFamily`     the bump metal is not Al, Cu, Ni, Ag, Au or their alloy
 * - `noBarrier`      a bump metal in `barrierFor` will be soldered and the process names no barrier
 */
import { defineRule } from '../engine/rule.ts'
import { bumpMetalFamily, findMaterial, padMetalFamily } from '../physics/materials.ts'

export default defineRule({
  meta: {
    id: 'process-materials',
    description: 'Bump and pad metals fit the process window (bump m.p. over the minimum, below the pad metal)',
    defaultSeverity: 'error',
    needs: [],
    options: {
      minMeltingPoint: { kind: 'temperature', description: 'The bump metal must melt above this (°C)', required: true },
      padFamilies: { kind: 'strings', description: 'Allowed pad metal families: refractory, group8, group1b' },
      barrierFor: { kind: 'strings', description: 'Bump base metals that need a barrier coat when they will be soldered' },
    },
    messages: {
      unknownMetal: 'The {what} "{metal}" is not in the melting-point table; name a known metal or alloy',
      bumpTooLow: 'Bump metal {metal} melts at {measured}, not above {limit}',
      padMeltsFirst: 'Pad metal {pad} starts to melt at {measured}, not above the bump metal {metal} ({limit})',
      padFamily: 'Pad metal {pad} is {family}, not one of {allowed}',
      bumpFamily: 'Bump metal {metal} is not aluminium, copper, nickel, silver, gold or one of their alloys',
      noBarrier: 'Bump metal {metal} will be soldered but the process names no barrier coat',
    },
  },
  checkProcess(ctx) {
    const { minMeltingPoint, padFamilies, barrierFor } = ctx.options
    const { bumpMetal, padMetal, barrier, willBeSoldered } = ctx.process
    type MessageId = Parameters<typeof ctx.report>[0]['messageId']
    const report = (messageId: MessageId, data: Record<string, string>, measured: number | null = null, limit: number | null = null) =>
      ctx.report({ messageId, at: null, measured, limit, valueKind: measured === null ? 'none' : 'temperature', data })

    const bump = bumpMetal === null ? undefined : findMaterial(bumpMetal)
    const pad = padMetal === null ? undefined : findMaterial(padMetal)
    if (bumpMetal !== null && !bump) report('unknownMetal', { what: 'bump metal', metal: bumpMetal })
    if (padMetal !== null && !pad) report('unknownMetal', { what: 'pad metal', metal: padMetal })

    if (bumpMetal !== null && bumpMetalFamily(bumpMetal) === null && bump) report('bumpFamily', { metal: bumpMetal })
    if (bump && bump.solidus <= minMeltingPoint) report('bumpTooLow', { metal: bump.name }, bump.solidus, minMeltingPoint)
    if (bump && pad && pad.solidus <= bump.liquidus) report('padMeltsFirst', { pad: pad.name, metal: bump.name }, pad.solidus, bump.liquidus)
    if (padMetal !== null && padFamilies) {
      const family = padMetalFamily(padMetal)
      if (family === null || !padFamilies.includes(family)) {
        report('padFamily', { pad: padMetal, family: family ?? 'of no listed family', allowed: padFamilies.join(', ') })
      }
    }
    // Ag and Au dissolve in molten solder: seeds/000 claims 22–23 want a barrier coat on them
    const family = bumpMetal === null ? null : bumpMetalFamily(bumpMetal)
    if (willBeSoldered && family !== null && barrierFor?.includes(family) && !barrier) report('noBarrier', { metal: bumpMetal! })
  },
})

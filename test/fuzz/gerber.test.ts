// Gerber reader under fuzzing: mutated snippets of real files and random command soup end in a
// result or an InputError/LimitError, in bounded time and features. See guard.ts for the oracle.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readGerber } from '../../src/ingest/gerber/index.ts'
import { inFlight, saveCrasher } from './crashers.ts'
import { FUZZ_LIMITS, guarded, runsFor } from './guard.ts'
import { applyMutations, mutationArbitrary } from './mutate.ts'
import { GERBER_SEEDS } from './seeds.ts'

const SPLICES = {
  huge: ['%SRX100000Y100000I0.1J0.1*%', '%SRX4294967296Y1I1J1*%', '%SRX-1Y-1I1J1*%', '%ADD99P,1X99999999X0*%', '%ADD98C,1e308*%', '%LS1e300*%'],
  deep: [
    `${'%ABD30*%\n'.repeat(40)}D10*\nX0Y0D03*\n${'%AB*%\n'.repeat(40)}`,
    `%AMDEEP*\n1,1,${'('.repeat(200)}1${')'.repeat(200)},0,0*\n%\n%ADD31DEEP*%\nD31*\nX0Y0D03*`,
    `%AMNEG*\n$1=${'-'.repeat(500)}1*\n1,1,$1,0,0*\n%`,
    '%ABD40*%\nD40*\nX0Y0D03*\n%AB*%\nD40*\nX0Y0D03*',
  ],
}

/** Gerber words and punctuation, so that random text reaches past the lexer. */
const GERBER_TOKENS = ['%', '*', '\n', 'FSLAX26Y26', 'MOMM', 'MOIN', 'ADD10C,0.1', 'ADD11R,1X2', 'AMM', '1,1,$1,0,0', 'SRX2Y2I1J1', 'SR', 'ABD12', 'AB', 'LPC', 'LPD', 'LMXY', 'LR45', 'LS2', 'G01', 'G02', 'G03', 'G36', 'G37', 'G74', 'G75', 'D10', 'D11', 'D12', 'X', 'Y', 'I', 'J', 'D01', 'D02', 'D03', 'M02', 'TO.C,U1', 'TF.FileFunction,Copper,L1,Top', 'TA.AperFunction,SMDPad', 'TD', '0', '1', '-', '.', '99999999999', ',']

const runs = runsFor(0.5)
const mutatedRuns = Math.ceil(runs * 0.8)

describe('Gerber reader under fuzzing', () => {
  it(`ends in a result or an InputError for ${mutatedRuns} mutated snippets of real files`, () => {
    const result = fc.check(
      fc.property(fc.nat(), fc.array(mutationArbitrary(SPLICES), { minLength: 1, maxLength: 6 }), (seed, mutations) => {
        const text = applyMutations(GERBER_SEEDS[seed % GERBER_SEEDS.length]!, mutations)
        inFlight('gerber', text, '.gbr')
        try { guarded(() => readGerber(text, 'fuzz.gbr', FUZZ_LIMITS)) } catch (error) { throw new Error(`${saveCrasher('gerber', text, '.gbr')}: ${error}`, { cause: error }) }
      }),
      { numRuns: mutatedRuns },
    )
    expect(result.failed ? `${fc.defaultReportMessage(result)}\n${result.errorInstance}` : '').toBe('')
    expect(result.numRuns).toBe(mutatedRuns)
  }, 60_000 + mutatedRuns * 10)

  it(`ends in a result or an InputError for ${runs - mutatedRuns} random command sequences`, () => {
    const result = fc.check(
      fc.property(fc.array(fc.constantFrom(...GERBER_TOKENS), { maxLength: 120 }), (tokens) => {
        const text = tokens.join('')
        inFlight('gerber', text, '.gbr')
        try { guarded(() => readGerber(text, 'fuzz.gbr', FUZZ_LIMITS)) } catch (error) { throw new Error(`${saveCrasher('gerber', text, '.gbr')}: ${error}`, { cause: error }) }
      }),
      { numRuns: runs - mutatedRuns },
    )
    expect(result.failed ? `${fc.defaultReportMessage(result)}\n${result.errorInstance}` : '').toBe('')
  }, 60_000 + runs * 10)
})

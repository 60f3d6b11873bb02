// Excellon reader under fuzzing: mutated snippets of real files and random command soup end in a
// result or an InputError/LimitError, in bounded time and features. See guard.ts for the oracle.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readExcellon } from '../../src/ingest/excellon/index.ts'
import { inFlight, saveCrasher } from './crashers.ts'
import { FUZZ_LIMITS, guarded, runsFor } from './guard.ts'
import { applyMutations, mutationArbitrary } from './mutate.ts'
import { EXCELLON_SEEDS } from './seeds.ts'

const SPLICES = {
  huge: ['R99999999X1', 'R4294967296X0.001Y0.001', 'R-5X1', 'R0X1', 'T99C99999999999', 'X1G85X999999999999Y1', 'M02X1Y1M70', 'G03X1Y1A1e308'],
  deep: [
    // many tools, many routed moves: Excellon has no nesting, so depth here is length
    Array.from({ length: 200 }, (_, i) => `T${i + 1}C0.${i + 1}`).join('\n'),
    `M15\n${'G01X1Y1\nG01X2Y2\n'.repeat(100)}M16`,
    `M25\nX1Y1\nM01\n${'M02X1Y1\n'.repeat(60)}M08`,
  ],
}

/** Excellon words, so that random text reaches past the header. */
const EXCELLON_TOKENS = ['\n', 'M48', 'M95', '%', 'METRIC', 'INCH', ',LZ', ',TZ', ',000.000', 'FMAT,2', 'T1', 'T2', 'T1C0.3', 'T2F200S65C1.0', 'G90', 'G91', 'G05', 'G00', 'G01', 'G02', 'G03', 'G85', 'M15', 'M16', 'M17', 'M25', 'M01', 'M02', 'M08', 'M30', 'M71', 'M72', 'R', 'X', 'Y', 'A', '0', '1', '5', '-', '.', '99999999999', ';', 'ICI,ON']

const runs = runsFor(0.4)
const mutatedRuns = Math.ceil(runs * 0.8)

describe('Excellon reader under fuzzing', () => {
  it(`ends in a result or an InputError for ${mutatedRuns} mutated snippets of real files`, () => {
    const result = fc.check(
      fc.property(fc.nat(), fc.array(mutationArbitrary(SPLICES), { minLength: 1, maxLength: 6 }), (seed, mutations) => {
        const text = applyMutations(EXCELLON_SEEDS[seed % EXCELLON_SEEDS.length]!, mutations)
        inFlight('excellon', text, '.drl')
        try { guarded(() => readExcellon(text, 'fuzz.drl', FUZZ_LIMITS)) } catch (error) { throw new Error(`${saveCrasher('excellon', text, '.drl')}: ${error}`, { cause: error }) }
      }),
      { numRuns: mutatedRuns },
    )
    expect(result.failed ? `${fc.defaultReportMessage(result)}\n${result.errorInstance}` : '').toBe('')
    expect(result.numRuns).toBe(mutatedRuns)
  }, 60_000 + mutatedRuns * 10)

  it(`ends in a result or an InputError for ${runs - mutatedRuns} random command sequences`, () => {
    const result = fc.check(
      fc.property(fc.array(fc.constantFrom(...EXCELLON_TOKENS), { maxLength: 120 }), (tokens) => {
        const text = tokens.join('')
        inFlight('excellon', text, '.drl')
        try { guarded(() => readExcellon(text, 'fuzz.drl', FUZZ_LIMITS)) } catch (error) { throw new Error(`${saveCrasher('excellon', text, '.drl')}: ${error}`, { cause: error }) }
      }),
      { numRuns: runs - mutatedRuns },
    )
    expect(result.failed ? `${fc.defaultReportMessage(result)}\n${result.errorInstance}` : '').toBe('')
  }, 60_000 + runs * 10)
})

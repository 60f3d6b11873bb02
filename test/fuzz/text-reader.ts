// The fuzz harness shared by the text readers (Gerber, Excellon): mutated snippets of real files and
// random token soup must end in a result or an InputError/LimitError, in bounded time and features.

import fc from 'fast-check'
import { expect, it } from 'vitest'
import type { Feature } from '../../src/layers/model.ts'
import { inFlight, saveCrasher } from './crashers.ts'
import { guarded, runsFor } from './guard.ts'
import { applyMutations, mutationArbitrary } from './mutate.ts'

export interface TextReaderFuzz {
  format: 'gerber' | 'excellon'
  ext: string
  read: (text: string) => { features: readonly Feature[] }
  seeds: readonly string[]
  splices: Parameters<typeof mutationArbitrary>[0]
  /** Words of the format, so that random text reaches past the lexer. */
  tokens: readonly string[]
  /** This reader's share of FUZZ_RUNS. */
  share: number
}

export function fuzzTextReader({ format, ext, read, seeds, splices, tokens, share }: TextReaderFuzz): void {
  const runs = runsFor(share)
  const mutatedRuns = Math.ceil(runs * 0.8)
  const attempt = (text: string) => {
    inFlight(format, text, ext)
    try { guarded(() => read(text)) } catch (error) { throw new Error(`${saveCrasher(format, text, ext)}: ${error}`, { cause: error }) }
  }

  it(`ends in a result or an InputError for ${mutatedRuns} mutated snippets of real files`, () => {
    const result = fc.check(
      fc.property(fc.nat(), fc.array(mutationArbitrary(splices), { minLength: 1, maxLength: 6 }), (seed, mutations) =>
        attempt(applyMutations(seeds[seed % seeds.length]!, mutations))),
      { numRuns: mutatedRuns },
    )
    expect(result.failed ? `${fc.defaultReportMessage(result)}\n${result.errorInstance}` : '').toBe('')
    expect(result.numRuns).toBe(mutatedRuns)
  }, 60_000 + mutatedRuns * 10)

  it(`ends in a result or an InputError for ${runs - mutatedRuns} random command sequences`, () => {
    const result = fc.check(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 120 }), (words) => attempt(words.join(''))),
      { numRuns: runs - mutatedRuns },
    )
    expect(result.failed ? `${fc.defaultReportMessage(result)}\n${result.errorInstance}` : '').toBe('')
  }, 60_000 + runs * 10)
}

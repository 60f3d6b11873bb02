// Excellon reader under fuzzing: mutated snippets of real files and random command soup end in a
// result or an InputError/LimitError, in bounded time and features. See guard.ts for the oracle.

import { describe } from 'vitest'
import { readExcellon } from '../../src/ingest/excellon/index.ts'
import { FUZZ_LIMITS } from './guard.ts'
import { fuzzTextReader } from './text-reader.ts'
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

describe('Excellon reader under fuzzing', () => {
  fuzzTextReader({ format: 'excellon', ext: '.drl', read: (text) => readExcellon(text, 'fuzz.drl', FUZZ_LIMITS), seeds: EXCELLON_SEEDS, splices: SPLICES, tokens: EXCELLON_TOKENS, share: 0.4 })
})

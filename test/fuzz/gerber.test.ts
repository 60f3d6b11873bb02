// Gerber reader under fuzzing: mutated snippets of real files and random command soup end in a
// result or an InputError/LimitError, in bounded time and features. See guard.ts for the oracle.

import { describe } from 'vitest'
import { readGerber } from '../../src/ingest/gerber/index.ts'
import { FUZZ_LIMITS } from './guard.ts'
import { fuzzTextReader } from './text-reader.ts'
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

describe('Gerber reader under fuzzing', () => {
  fuzzTextReader({ format: 'gerber', ext: '.gbr', read: (text) => readGerber(text, 'fuzz.gbr', FUZZ_LIMITS), seeds: GERBER_SEEDS, splices: SPLICES, tokens: GERBER_TOKENS, share: 0.5 })
})

// The process window of seeds/000 against melting points from the built-in table (CRC Handbook values).
import { describe, expect, it } from 'vitest'
import { loadDeck } from '../../src/engine/deck.ts'
import { runRules } from '../../src/engine/run.ts'
import { rules } from '../../src/rules/index.ts'

const options = { minMeltingPoint: 350, padFamilies: ['refractory', 'group8', 'group1b'], barrierFor: ['Ag', 'Au'] }
const findingsFor = (process: Record<string, unknown>) => {
  const deck = loadDeck({ name: 't', process, rules: { 'process-materials': ['error', options] } }, rules)
  return runRules([], deck, rules).findings.map((f) => ({ id: f.messageId, measured: f.measured, limit: f.limit, unit: f.unit }))
}

describe('process-materials', () => {
  it('passes copper bumps on tungsten pads (1084.6 °C over 350 °C, below 3422 °C)', () => {
    expect(findingsFor({ bumpMetal: 'Cu', padMetal: 'W' })).toEqual([])
  })
  it('reports a solder bump metal that melts at 217 °C, not above 350 °C, and is no seed bump metal', () => {
    expect(findingsFor({ bumpMetal: 'SAC305', padMetal: 'Cu' })).toEqual([
      { id: 'bumpFamily', measured: null, limit: null, unit: '' },
      { id: 'bumpTooLow', measured: 217, limit: 350, unit: 'degC' },
    ])
  })
  it('reports aluminium pads under copper bumps: the pad melts (660.3 °C) before the bump (1084.6 °C)', () => {
    expect(findingsFor({ bumpMetal: 'Cu', padMetal: 'Al' })).toEqual([
      { id: 'padFamily', measured: null, limit: null, unit: '' },
      { id: 'padMeltsFirst', measured: 660.3, limit: 1084.6, unit: 'degC' },
    ])
  })
  it('asks for a barrier on silver bumps that will be soldered, and not once one is named', () => {
    expect(findingsFor({ bumpMetal: 'Ag', padMetal: 'Mo', willBeSoldered: true })).toEqual([{ id: 'noBarrier', measured: null, limit: null, unit: '' }])
    expect(findingsFor({ bumpMetal: 'Ag', padMetal: 'Mo', willBeSoldered: true, barrier: 'Ni' })).toEqual([])
    expect(findingsFor({ bumpMetal: 'Ag', padMetal: 'Mo', willBeSoldered: false })).toEqual([])
  })
  it('names a metal the table does not know instead of guessing', () => {
    expect(findingsFor({ bumpMetal: 'Unobtainium', padMetal: 'W' }).map((f) => f.id)).toEqual(['unknownMetal'])
  })
})

// The process window of seeds/000 against melting points from the built-in table (CRC Handbook values).
import { describe, expect, it } from 'vitest'
import { loadDeck } from '../../src/engine/deck.ts'
import { runRules } from '../../src/engine/run.ts'
import { rules } from '../../src/rules/index.ts'
import { RuleTester } from '../rule-tester.ts'

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

// The same window through the rule tester: site-less findings are drawn at (0, 0) today (issue 13 item 5).
const tester = new RuleTester()
const window = { options, board: {} }
tester.run('process-materials', {
  valid: [
    {
      name: 'Cu bumps (1084.6 °C) on W pads (3422 °C): known, allowed families, melting in order', ...window,
      near: ['unknownMetal', 'bumpTooLow', 'padMeltsFirst', 'padFamily', 'bumpFamily'], process: { bumpMetal: 'Cu', padMetal: 'W' },
    },
    { name: 'Ag bumps to be soldered with a Ni barrier', ...window, near: 'noBarrier', process: { bumpMetal: 'Ag', padMetal: 'Mo', willBeSoldered: true, barrier: 'Ni' } },
  ],
  invalid: [
    {
      name: 'a bump metal the table does not know', ...window, process: { bumpMetal: 'Unobtainium', padMetal: 'W' },
      errors: [{ messageId: 'unknownMetal', at: null, measured: null, limit: null, message: '"Unobtainium"' }],
    },
    {
      name: 'SAC305 melts at 217 °C, not above 350 °C, and is no seed bump metal', ...window, process: { bumpMetal: 'SAC305', padMetal: 'Cu' },
      errors: [
        { messageId: 'bumpFamily', at: null, measured: null, limit: null },
        { messageId: 'bumpTooLow', at: null, measured: 217, limit: 350 },
      ],
    },
    {
      name: 'Al pads (660.3 °C) melt before Cu bumps (1084.6 °C) and are of no allowed family', ...window, process: { bumpMetal: 'Cu', padMetal: 'Al' },
      errors: [
        { messageId: 'padFamily', at: null, measured: null, limit: null },
        { messageId: 'padMeltsFirst', at: null, measured: 660.3, limit: 1084.6 },
      ],
    },
    {
      name: 'Ag bumps to be soldered with no barrier', ...window, process: { bumpMetal: 'Ag', padMetal: 'Mo', willBeSoldered: true },
      errors: [{ messageId: 'noBarrier', at: null, measured: null, limit: null }],
    },
  ],
})

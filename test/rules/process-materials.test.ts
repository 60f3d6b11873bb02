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

// Messages, boundaries and the options that switch checks off, worked from the table (CRC values).
const messagesFor = (process: Record<string, unknown>, opts: Record<string, unknown> = options) => {
  const deck = loadDeck({ name: 't', process, rules: { 'process-materials': ['error', opts] } }, rules)
  return runRules([], deck, rules).findings.map((f) => `${f.messageId}: ${f.message.replace(" (rule process-materials)", "")} [${f.measured} / ${f.limit}]`)
}
describe('process-materials, messages and limits', () => {
  it('names which metal the table does not know, bump or pad, and judges no family or melting point for it', () => {
    // the engine orders site-less findings by message id
    expect(messagesFor({ bumpMetal: 'Unobtainium', padMetal: 'Kryptonite' })).toEqual([
      'padFamily: Pad metal Kryptonite is of no listed family, not one of refractory, group8, group1b [null / null]',
      'unknownMetal: The bump metal "Unobtainium" is not in the melting-point table; name a known metal or alloy [null / null]',
      'unknownMetal: The pad metal "Kryptonite" is not in the melting-point table; name a known metal or alloy [null / null]',
    ])
  })
  it('reports at equality: Cu bumps (solidus 1084.6 °C) against a 1084.6 °C minimum, on Cu pads (solidus 1084.6 = bump liquidus)', () => {
    expect(messagesFor({ bumpMetal: 'Cu', padMetal: 'Cu' }, { ...options, minMeltingPoint: 1084.6 })).toEqual([
      'bumpTooLow: Bump metal Cu melts at 1085 °C, not above 1085 °C [1084.6 / 1084.6]',
      'padMeltsFirst: Pad metal Cu starts to melt at 1085 °C, not above the bump metal Cu (1085 °C) [1084.6 / 1084.6]',
    ])
    // 0.1 °C under the bump's solidus: the minimum is met
    expect(messagesFor({ bumpMetal: 'Cu', padMetal: 'W' }, { ...options, minMeltingPoint: 1084.5 })).toEqual([])
  })
  it('names a known pad family that the deck does not allow, and the whole allowed list', () => {
    expect(messagesFor({ bumpMetal: 'Cu', padMetal: 'Ni' }, { ...options, padFamilies: ['refractory', 'group1b'] })).toEqual([
      'padFamily: Pad metal Ni is group8, not one of refractory, group1b [null / null]',
    ])
  })
  it('names the bump metal as written when it is of no seed family', () => {
    expect(messagesFor({ bumpMetal: 'Sn63Pb37', padMetal: 'W' }, { ...options, minMeltingPoint: 150 })).toEqual([
      'bumpFamily: Bump metal Sn63Pb37 is not aluminium, copper, nickel, silver, gold or one of their alloys [null / null]',
    ])
  })
  it('skips the checks whose metal or option is not given', () => {
    expect(messagesFor({ padMetal: 'Al' })).toEqual(['padFamily: Pad metal Al is of no listed family, not one of refractory, group8, group1b [null / null]'])
    expect(messagesFor({ bumpMetal: 'Ag', willBeSoldered: true })).toEqual([
      'noBarrier: Bump metal Ag will be soldered but the process names no barrier coat [null / null]',
    ])
    // no padFamilies: Al pads are judged by melting point only; no barrierFor: Ag needs no barrier
    expect(messagesFor({ bumpMetal: 'Ag', padMetal: 'Al', willBeSoldered: true }, { minMeltingPoint: 350 })).toEqual([
      'padMeltsFirst: Pad metal Al starts to melt at 660.3 °C, not above the bump metal Ag (961.8 °C) [660.3 / 961.8]',
    ])
    // Cu is of no family in barrierFor
    expect(messagesFor({ bumpMetal: 'Cu', padMetal: 'W', willBeSoldered: true })).toEqual([])
  })
})

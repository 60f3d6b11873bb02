import { describe, expect, it } from 'vitest'
import { loadDeck, PRESETS } from '../../src/engine/deck.ts'
import { ConfigError } from '../../src/errors.ts'
import { rules } from '../../src/rules/index.ts'

const base = { name: 't', rules: {} }

describe('rule decks', () => {
  it('loads every preset, and every number in a preset says where it comes from', async () => {
    const { readFileSync } = await import('node:fs')
    for (const preset of PRESETS) {
      const deck = loadDeck(preset, rules)
      expect(deck.name).toBe(preset)
      const raw = JSON.parse(readFileSync(`rules/${preset}.json`, 'utf8'))
      const numbers: string[] = []
      for (const [k, v] of Object.entries(raw.process ?? {})) if (typeof v === 'number') numbers.push(`process.${k}`)
      for (const [id, entry] of Object.entries(raw.rules as Record<string, unknown>)) {
        if (!Array.isArray(entry)) continue
        for (const [k, v] of Object.entries((entry[1] ?? {}) as Record<string, unknown>)) {
          if (typeof v === 'number' && !['minArraySize'].includes(k)) numbers.push(`rules.${id}.${k}`)
        }
      }
      const missing = numbers.filter((path) => !raw.sources?.[path])
      expect(missing, preset).toEqual([])
    }
  })

  it('converts lengths and areas from the deck units to nm', () => {
    const deck = loadDeck({ ...base, units: 'um', rules: { 'via-pitch': ['error', { minPitch: 150 }], 'pad-wettable-area': ['warning', { minArea: 2000 }] } }, rules)
    expect(deck.rules.get('via-pitch')!.options.minPitch).toBe(150_000)
    expect(deck.rules.get('pad-wettable-area')!.options.minArea).toBe(2000 * 1e6)
    expect(deck.rules.get('pad-wettable-area')!.severity).toBe('warning')
    const mil = loadDeck({ ...base, units: 'mil', rules: { 'via-pitch': ['error', { minPitch: 10 }] } }, rules)
    expect(mil.rules.get('via-pitch')!.options.minPitch).toBe(254_000)
  })

  it('leaves rules set to "off" out of the run', () => {
    const deck = loadDeck({ ...base, rules: { 'via-pitch': 'off', 'pad-wettable-area': 'error' } }, rules)
    expect(deck.rules.has('via-pitch')).toBe(false)
    expect([...deck.rules.keys()]).toEqual(['pad-wettable-area'])
  })

  it('refuses a deck with every rule off: nothing would be checked', () => {
    const none = () => loadDeck({ ...base, rules: { 'via-pitch': 'off', 'pad-wettable-area': 'off' } }, rules)
    expect(none).toThrow(ConfigError)
    expect(none).toThrow('every rule is off')
    expect(() => loadDeck({ ...base, rules: {} }, rules)).toThrow('every rule is off')
  })

  it('refuses an option named like an Object.prototype member, as any unknown option', () => {
    expect(() => loadDeck({ ...base, rules: { 'via-pitch': ['error', { constructor: 1 }] } }, rules)).toThrow('rules.via-pitch[1].constructor is not an option of via-pitch')
  })

  it('reads process.bumpPads modes, maxBumpPitch and excludeComponents, and a rule\'s sides', () => {
    const deck = loadDeck({ ...base, process: { bumpPads: { components: ['U*'] }, maxBumpPitch: 1.27, excludeComponents: ['J*'] }, rules: { 'via-pitch': ['error', { minPitch: 0.5, sides: ['top'] }] } }, rules)
    expect(deck.process.bumpPads).toEqual({ components: ['U*'] })
    expect(deck.process.maxBumpPitch).toBe(1_270_000)
    expect(deck.process.excludeComponents).toEqual(['J*'])
    expect(deck.rules.get('via-pitch')!.sides).toEqual(['top'])
    expect(deck.rules.get('via-pitch')!.given).toEqual({ minPitch: 0.5 })
    expect(loadDeck({ ...base, process: { bumpPads: 'all' }, rules: { 'via-pitch': 'error' } }, rules).process.bumpPads).toBe('smd')
    expect(() => loadDeck({ ...base, process: { bumpPads: 'some' }, rules: { 'via-pitch': 'error' } }, rules)).toThrow(ConfigError)
  })

  it('refuses a bad option value with the path of the value', () => {
    const bad = () => loadDeck({ ...base, rules: { 'via-pitch': ['error', { minPitch: '0,3' }] } }, rules)
    expect(bad).toThrow(ConfigError)
    expect(bad).toThrow('rules.via-pitch[1].minPitch must be a length (got "0,3")')
  })

  it('refuses an unknown rule, an unknown option and a bad severity, each with its path', () => {
    expect(() => loadDeck({ ...base, rules: { 'via-pich': 'error' } }, rules)).toThrow(/rules\.via-pich is not a known rule/)
    expect(() => loadDeck({ ...base, rules: { 'via-pitch': ['error', { minPich: 1 }] } }, rules)).toThrow(/rules\.via-pitch\[1\]\.minPich is not an option/)
    expect(() => loadDeck({ ...base, rules: { 'via-pitch': ['fatal'] } }, rules)).toThrow(/rules\.via-pitch/)
    expect(() => loadDeck({ ...base, units: 'cm' }, rules)).toThrow(/units/)
  })

  it('refuses a deck that is not JSON, naming the file', () => {
    expect(() => loadDeck('package-lock.json.nope', rules)).toThrow(/neither a preset/)
  })
})

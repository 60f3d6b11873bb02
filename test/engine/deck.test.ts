import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

describe('extends (issue 15): a deck over a preset or another deck, merged as ESLint merges configs', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'bumpcheck-deck-'))
  const write = (dir: string, name: string, deck: object) => writeFileSync(join(dir, name), JSON.stringify(deck))
  const preset = loadDeck('pcb-bga', rules)

  it('turns one preset rule off and keeps the rest of the preset as it was (the acceptance deck)', () => {
    const deck = loadDeck({ extends: 'pcb-bga', rules: { 'deposit-overhang': 'off' } }, rules)
    expect(deck.rules.has('deposit-overhang')).toBe(false)
    expect([...deck.rules.keys()]).toEqual([...preset.rules.keys()].filter((id) => id !== 'deposit-overhang'))
    expect(deck.rules.get('pad-deposit')).toEqual(preset.rules.get('pad-deposit'))
    expect(deck.process).toEqual(preset.process)
    expect(deck.name).toBe('pcb-bga') // a deck without a name takes its base's
    expect(deck.sha256).not.toBe(preset.sha256)
  })

  it('keeps the base options under a bare severity and replaces them under an options object', () => {
    const deck = loadDeck({ extends: 'pcb-bga', rules: { 'mask-web': 'warning', 'pad-deposit': ['warning'], 'via-pitch': ['error', { minWeb: 0.3 }] } }, rules)
    expect(deck.rules.get('mask-web')).toMatchObject({ severity: 'warning', given: { minWeb: 0.075, minNsmdClearance: 0.05 } })
    expect(deck.rules.get('pad-deposit')).toMatchObject({ severity: 'warning', given: { minDepositRatio: 0.6, maxDepositRatio: 2.5 } })
    // the options object replaces the preset's whole: minPadClearance is gone, not merged
    expect(deck.rules.get('via-pitch')!.given).toEqual({ minWeb: 0.3 })
    expect(deck.rules.get('via-pitch')!.options.minWeb).toBe(300_000)
    expect(deck.rules.get('via-pitch')!.options.minPadClearance).toBeNull()
    // a rule the preset turns off, turned on with a bare severity, runs with its defaults
    expect(loadDeck({ extends: 'pcb-bga', rules: { 'film-web': 'warning' } }, rules).rules.get('film-web')).toMatchObject({ severity: 'warning', given: {} })
  })

  it('merges process fields one by one, and layers and sources key by key', () => {
    const deck = loadDeck({ extends: 'pcb-bga', process: { depositThickness: 0.12, excludeComponents: ['J*'] }, layers: { '*.gtp': { role: 'deposit', side: 'top' } } }, rules)
    expect(deck.process).toEqual({ ...preset.process, depositThickness: 120_000, excludeComponents: ['J*'] })
    expect(deck.layers).toEqual({ '*.gtp': { role: 'deposit', side: 'top' } })
    const dir = tmp()
    write(dir, 'base.json', { name: 'base', process: { model: 'melt-cap', depositThickness: 0.05 }, layers: { 'a.gbr': { role: 'pads' } }, rules: { 'via-pitch': ['error', { minPitch: 0.4 }] } })
    const over = loadDeck({ extends: join(dir, 'base.json'), layers: { 'b.gbr': { role: 'mask' } } }, rules)
    expect(over.layers).toEqual({ 'a.gbr': { role: 'pads' }, 'b.gbr': { role: 'mask' } })
    expect(over.process.depositThickness).toBe(50_000)
  })

  it('follows a chain of files, each extends relative to the file that names it', () => {
    const dir = tmp()
    mkdirSync(join(dir, 'decks'))
    write(dir, 'decks/company.json', { extends: 'pcb-bga', name: 'company', rules: { 'mask-web': ['error', { minWeb: 0.1 }] } })
    write(dir, 'decks/team.json', { extends: './company.json', rules: { 'mask-web': 'warning', 'deposit-overhang': 'off' } })
    write(dir, 'board.json', { extends: 'decks/team.json', name: 'board', rules: { 'pad-deposit': 'off' } })
    const deck = loadDeck(join(dir, 'board.json'), rules)
    expect(deck.name).toBe('board')
    expect(deck.rules.get('mask-web')).toMatchObject({ severity: 'warning', given: { minWeb: 0.1 } })
    expect(deck.rules.has('deposit-overhang')).toBe(false)
    expect(deck.rules.has('pad-deposit')).toBe(false)
    expect(deck.rules.has('via-pitch')).toBe(true)
    expect(loadDeck(join(dir, 'decks/team.json'), rules).name).toBe('company')
  })

  it('refuses a cycle, naming the files in it', () => {
    const dir = tmp()
    write(dir, 'a.json', { extends: './b.json', rules: { 'via-pitch': 'error' } })
    write(dir, 'b.json', { extends: './a.json' })
    write(dir, 'self.json', { extends: 'self.json' })
    expect(() => loadDeck(join(dir, 'a.json'), rules)).toThrow(/extends makes a cycle \(.*a\.json → .*b\.json → .*a\.json\)/)
    expect(() => loadDeck(join(dir, 'self.json'), rules)).toThrow(/extends makes a cycle/)
  })

  it('refuses a base that is neither a preset nor a file, a units change, and a standalone deck without name or rules', () => {
    const dir = tmp()
    expect(() => loadDeck({ extends: 'pcb-bgaa' }, rules)).toThrow(/extends "pcb-bgaa" is neither a preset .* nor a file/)
    expect(() => loadDeck({ extends: 'pcb-bga', units: 'um' }, rules)).toThrow('units um differ from the units mm of the deck it extends')
    write(dir, 'nameless.json', { rules: { 'via-pitch': 'error' } })
    expect(() => loadDeck(join(dir, 'nameless.json'), rules)).toThrow(/must have required property 'name'/)
    expect(() => loadDeck({ name: 'x' }, rules)).toThrow(/must have required property 'rules'/)
  })

  it('suggests the rule id meant, in a deck and in a base it extends', () => {
    expect(() => loadDeck({ extends: 'pcb-bga', rules: { 'deposit-overhnag': 'off' } }, rules)).toThrow('rules.deposit-overhnag is not a known rule; did you mean deposit-overhang?')
    expect(() => loadDeck({ ...base, rules: { 'via': 'off' } }, rules)).toThrow('did you mean via-pitch?')
    expect(() => loadDeck({ ...base, rules: { 'zzz': 'off' } }, rules)).toThrow(/is not a known rule \(known: .*via-pitch/)
  })
})

describe('schema ids', () => {
  it('gives every published schema a stable $id URL named after its file', async () => {
    const { readdirSync, readFileSync } = await import('node:fs')
    const files = [...readdirSync('schemas').filter((f) => f.endsWith('.schema.json')).map((f) => `schemas/${f}`), 'rules/deck.schema.json']
    expect(files.length).toBeGreaterThanOrEqual(4)
    for (const file of files) {
      const schema = JSON.parse(readFileSync(file, 'utf8'))
      expect(schema.$id, file).toBe(`https://bumpcheck.dev/schemas/${file.split('/').pop()}`)
    }
  })
})

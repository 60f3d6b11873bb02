// Decks, waivers and mappings are data, never code: strings that look like JS stay strings, and keys
// like __proto__ / constructor.prototype are refused (ConfigError) or kept as plain data — they never
// reach Object.prototype.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { check } from '../../src/check.ts'
import { ConfigError } from '../../src/errors.ts'

const CLEAN_BOARD = ['fixtures/kicad-bga-dev/gerber-clean']
const BASE = readFileSync('fixtures/kicad-bga-dev/deck.json', 'utf8')
const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-deck-injection-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const polluted = () => ({ object: ({} as Record<string, unknown>)['polluted'], array: ([] as unknown as Record<string, unknown>)['polluted'], global: (globalThis as Record<string, unknown>)['__evaluated'] })
afterEach(() => {
  // belt and braces: if a test did pollute, do not let it leak into the next one
  delete (Object.prototype as Record<string, unknown>)['polluted']
})

/** The fixture deck's JSON text with `edit` applied to the text, written to a file (so JSON.parse sees the keys). */
function deckFile(name: string, edit: (text: string) => string): string {
  const path = join(dir, name)
  writeFileSync(path, edit(BASE))
  return path
}

/** check() either reads the deck as data or refuses it with a ConfigError; nothing else. */
async function outcome(deck: string) {
  try {
    return { report: await check(CLEAN_BOARD, { deck, today: '2026-01-01' }) }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    return { configError: error.message }
  }
}

describe('decks are data, never evaluated', { timeout: 30_000 }, () => {
  it('keeps a JS template string in the deck name as the literal name', async () => {
    const name = '${process.exit(1)}`${globalThis.__evaluated=1}`<script>'
    const result = await outcome(deckFile('template.json', (t) => t.replace('"name": "kicad-bga-dev"', `"name": ${JSON.stringify(name)}`)))
    expect(result.report?.deck.name).toBe(name)
    expect(polluted()).toEqual({ object: undefined, array: undefined, global: undefined })
  })

  const hostileKeys: [string, (t: string) => string][] = [
    ['__proto__ at the top', (t) => t.replace('{', '{ "__proto__": { "polluted": "top" },')],
    ['__proto__ in process', (t) => t.replace('"process": {', '"process": { "__proto__": { "polluted": "process" },')],
    ['__proto__ as a rule id', (t) => t.replace('"rules": {', '"rules": { "__proto__": ["error", { "polluted": "rule" }],')],
    ['__proto__ in rule options', (t) => t.replace('"minArea": 0.03,', '"minArea": 0.03, "__proto__": { "polluted": "options" },')],
    ['constructor.prototype in rule options', (t) => t.replace('"minArea": 0.03,', '"minArea": 0.03, "constructor": { "prototype": { "polluted": "ctor" } },')],
  ]
  for (const [what, edit] of hostileKeys) {
    it(`refuses or ignores ${what}, and Object.prototype stays clean`, async () => {
      const result = await outcome(deckFile(`${what.replace(/\W+/g, '-')}.json`, edit))
      expect(polluted()).toEqual({ object: undefined, array: undefined, global: undefined })
      // either way the run is well-defined: a ConfigError naming the key, or a report without it
      if (result.configError !== undefined) expect(result.configError).toMatch(/__proto__|constructor|additional|not a known rule|must NOT have/)
      else expect(JSON.stringify(result.report)).not.toContain('polluted')
    })
  }

  it('a waivers file and a mapping with __proto__ keys do not pollute', async () => {
    const waivers = join(dir, 'waivers.json')
    writeFileSync(waivers, '[{ "__proto__": { "polluted": "waiver" }, "rule": "via-pitch", "reason": "x", "author": "y", "expires": "2099-01-01", "at": { "x": 0, "y": 0 } }]')
    const mapping = JSON.parse('{ "__proto__": { "role": "pads", "polluted": "mapping" }, "*.drl": { "role": "vias" } }') as Record<string, { role: 'vias' }>
    try {
      await check(CLEAN_BOARD, { deck: 'fixtures/kicad-bga-dev/deck.json', today: '2026-01-01', waivers, mapping })
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
    }
    expect(polluted()).toEqual({ object: undefined, array: undefined, global: undefined })
  })
})

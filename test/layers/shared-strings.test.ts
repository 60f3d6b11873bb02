// A layer's string table in shared memory: what goes in comes out, in the thread that made it and in
// one that was handed the table (a clone of its views: the same memory, decoded anew).
import { describe, expect, it } from 'vitest'
import { allStrings, sameString, shareStrings, stringAt, stringCount } from '../../src/layers/shared-strings.ts'

// the empty string, Latin-1, a non-Latin-1 letter, a lone surrogate (a UTF-16 decoder would make it
// U+FFFD), and one longer than a decoding slice (4 096 units)
const STRINGS = ['', 'U1', 'Ø0.4 µm', 'Ω', 'a\uD800b', 'x'.repeat(10_000) + 'y']

describe('shared strings', () => {
  it('gives back every string, in the thread that made the table', () => {
    const table = shareStrings(STRINGS)
    expect(stringCount(table)).toBe(STRINGS.length)
    expect(allStrings(table)).toEqual(STRINGS)
  })

  it('decodes them from the shared memory in a thread handed the table, unit for unit', () => {
    const table = shareStrings(STRINGS)
    expect(table.chars.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(table.starts.buffer).toBeInstanceOf(SharedArrayBuffer)
    // what postMessage hands a worker: new views of the same memory, so nothing decoded comes with them
    const handed = structuredClone(table)
    table.chars[table.starts[1]!] = 'V'.charCodeAt(0) // 'U1' → 'V1' in the shared memory, before the clone reads it
    expect(stringAt(handed, 1)).toBe('V1')
    expect(allStrings(handed).slice(2)).toEqual(STRINGS.slice(2))
    expect(stringAt(handed, 4)).toHaveLength(3)
    expect(stringAt(handed, 4).charCodeAt(1)).toBe(0xd800)
    // the table that made them still reads its own strings, and a decoded string is kept (one object)
    expect(stringAt(table, 1)).toBe('U1')
    expect(stringAt(handed, 5)).toBe(stringAt(handed, 5))
  })

  it('tells two tables\' strings the same or not, unit by unit', () => {
    const a = shareStrings(['U1', 'A1', 'A12', '']), b = shareStrings(['A1', 'U1', 'A13', 'A1', ''])
    expect(sameString(a, 0, b, 1)).toBe(true)
    expect(sameString(a, 1, b, 0)).toBe(true)
    expect(sameString(a, 1, b, 2)).toBe(false) // a prefix of it
    expect(sameString(a, 2, b, 2)).toBe(false) // one unit differs
    expect(sameString(a, 3, b, 4)).toBe(true) // empty and empty
    expect(sameString(a, 3, b, 0)).toBe(false)
    expect(sameString(b, 0, b, 3)).toBe(true) // one table, two places (as a table never holds, but the test is by text)
    expect(sameString(b, 2, b, 2)).toBe(true)
  })

  it('holds no strings at all as well', () => {
    const table = shareStrings([])
    expect(stringCount(table)).toBe(0)
    expect(allStrings(structuredClone(table))).toEqual([])
  })
})

// The server's caches drop their least recently used entries past a count and past a size in bytes.

import { describe, expect, it } from 'vitest'
import { BoundedLayerCache } from '../../src/server/layer-cache.ts'

/** A parse as the packed read caches it: typed arrays two levels down. */
const parse = (kib: number) => ({ format: 'gerber', image: { units: 'mm', packed: { numbers: new Float64Array(kib * 128), codes: new Uint8Array(0) } } })

describe('BoundedLayerCache', () => {
  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new BoundedLayerCache(2)
    cache.set('a', 1)
    cache.set('b', 2)
    expect(cache.get('a')).toBe(1) // a is now the most recent
    cache.set('c', 3)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBe(1)
    expect(cache.get('c')).toBe(3)
    expect(cache.stats()).toEqual({ entries: 2, maxEntries: 2, hits: 3, misses: 1, bytes: 0 })
  })

  it('keeps the typed arrays it holds under maxBytes, and always the newest entry', () => {
    const cache = new BoundedLayerCache(64, 3 * 1024)
    cache.set('a', parse(1))
    cache.set('b', parse(1))
    cache.set('c', parse(1))
    expect(cache.stats().bytes).toBe(3 * 1024)
    cache.get('a')
    cache.set('d', parse(1)) // 4 KiB: b, the least recently used, goes
    expect(cache.get('b')).toBeUndefined()
    expect(cache.stats()).toMatchObject({ entries: 3, bytes: 3 * 1024 })
    cache.set('e', parse(8)) // larger than the bound on its own: everything else goes, it stays
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 8 * 1024 })
    expect(cache.get('e')).toBeDefined()
  })

  it('counts an entry set again once', () => {
    const cache = new BoundedLayerCache(64, 10 * 1024)
    cache.set('a', parse(2))
    cache.set('a', parse(3))
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 3 * 1024 })
  })
})

// Parsed layers by content SHA-256, kept between checks: an unchanged file is never re-read. The
// same bound keeps tile results by content key (the live re-check: an unchanged tile is not re-checked).

import type { LayerCache } from '../index.ts'

/** A `LayerCache` (or tile-result cache) with a size bound and the hit/miss counters the server reports. */
export class BoundedLayerCache<T = unknown> implements LayerCache {
  // Map keeps insertion order; re-inserting on every hit makes the first key the least recently used.
  private readonly entries = new Map<string, T>()
  hits = 0
  misses = 0

  /** `maxEntries` bounds memory: a long session over many board revisions keeps only the recent layers. */
  constructor(readonly maxEntries: number) {}

  get(sha256: string): T | undefined {
    const parsed = this.entries.get(sha256)
    if (parsed === undefined) {
      this.misses++
      return undefined
    }
    this.hits++
    this.entries.delete(sha256)
    this.entries.set(sha256, parsed)
    return parsed
  }

  set(sha256: string, parsed: T): void {
    this.entries.delete(sha256)
    this.entries.set(sha256, parsed)
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string
      this.entries.delete(oldest)
    }
  }

  get size(): number {
    return this.entries.size
  }

  stats(): { entries: number; maxEntries: number; hits: number; misses: number } {
    return { entries: this.entries.size, maxEntries: this.maxEntries, hits: this.hits, misses: this.misses }
  }
}

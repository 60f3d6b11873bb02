// Parsed layers by content SHA-256, kept between checks: an unchanged file is never re-read. The
// same bound keeps tile results by content key (the live re-check: an unchanged tile is not re-checked).

import type { LayerCache } from '../index.ts'
import type { GerberRead } from '../ingest/gerber/checkpoints.ts'

/**
 * A `LayerCache` (or tile-result cache) with size bounds and the hit/miss counters the server reports.
 * A 1 M-bump board's layers hold ~0.4 GB of packed arrays, so a count of entries alone does not bound
 * memory: the least recently used entries also go while the arrays kept exceed `maxBytes`.
 */
export class BoundedLayerCache<T = unknown> implements LayerCache {
  // Map keeps insertion order; re-inserting on every hit makes the first key the least recently used.
  private readonly entries = new Map<string, { value: T; bytes: number }>()
  private bytes = 0
  /** The last Gerber read of each path with its bytes (src/ingest/load.ts): an edited file is read from the edit on. */
  private readonly lastReads = new Map<string, GerberRead>()
  hits = 0
  misses = 0

  /** `maxEntries` and `maxBytes` bound memory: a long session over many board revisions keeps only the recent layers. */
  constructor(readonly maxEntries: number, readonly maxBytes = Infinity) {}

  get(sha256: string): T | undefined {
    const entry = this.entries.get(sha256)
    if (entry === undefined) {
      this.misses++
      return undefined
    }
    this.hits++
    this.entries.delete(sha256)
    this.entries.set(sha256, entry)
    return entry.value
  }

  set(sha256: string, parsed: T): void {
    this.delete(sha256)
    const bytes = arrayBytes(parsed)
    this.entries.set(sha256, { value: parsed, bytes })
    this.bytes += bytes
    // the newest entry stays, whatever its size: the check that made it is using it
    while (this.entries.size > this.maxEntries || (this.bytes > this.maxBytes && this.entries.size > 1)) {
      this.delete(this.entries.keys().next().value as string)
    }
  }

  lastRead(path: string): GerberRead | undefined {
    return this.lastReads.get(path)
  }

  /** One read a path, the latest, for as many paths as entries are kept. */
  keepRead(path: string, read: GerberRead): void {
    this.lastReads.delete(path)
    this.lastReads.set(path, read)
    if (this.lastReads.size > this.maxEntries) this.lastReads.delete(this.lastReads.keys().next().value as string)
  }

  private delete(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.bytes -= entry.bytes
    this.entries.delete(key)
  }

  get size(): number {
    return this.entries.size
  }

  stats(): { entries: number; maxEntries: number; hits: number; misses: number; bytes: number } {
    return { entries: this.entries.size, maxEntries: this.maxEntries, hits: this.hits, misses: this.misses, bytes: this.bytes }
  }
}

/** Bytes of the typed arrays an entry holds, up to three levels down (a parse's `image.packed.columns`); 0 for plain objects. */
function arrayBytes(value: unknown, depth = 0): number {
  if (ArrayBuffer.isView(value)) return value.byteLength
  if (depth === 3 || typeof value !== 'object' || value === null || Array.isArray(value)) return 0
  let sum = 0
  for (const field of Object.values(value)) sum += arrayBytes(field, depth + 1)
  return sum
}

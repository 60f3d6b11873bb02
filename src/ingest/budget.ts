// One memory budget for a whole read. The readers charge what they are about to materialise (an
// archive entry's unpacked bytes, a step-and-repeat's copies, an ODB++ features file's records)
// *before* they build it, so an input that cannot fit ends in one line naming the file, the line,
// the estimate and the flag, never in a V8 heap abort.

import { LimitError, defaultMaxMemory } from '../errors.ts'

/**
 * Bytes one plotted feature costs on the heap: the feature object, its shape, its box and its share of
 * the layer's arrays. Measured on the 1 M-bump generated substrate (bench/gen.ts); update with the bench.
 */
export const BYTES_PER_FEATURE = 400

/**
 * Bytes one polygon vertex ({x, y} in its path) costs on the heap: 48.7 measured for 2000 paths of 4096
 * vertices at ±254 mm (Node 20). Arcs and arc-bounded surfaces make thousands of vertices from one record,
 * so a record's BYTES_PER_FEATURE does not cover them.
 */
export const BYTES_PER_VERTEX = 49

/** `12345`, `512M`, `2G`, `1.5GB` → bytes; undefined when it is not a size. */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(text.trim())
  if (!m) return undefined
  const scale = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't']
  const bytes = Math.floor(Number(m[1]) * scale)
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MB`
  return `${Math.ceil(bytes / 2 ** 10)} KB`
}

export class MemoryBudget {
  private used = 0
  constructor(readonly limit: number = defaultMaxMemory()) {}

  get charged(): number {
    return this.used
  }

  /**
   * Charge `bytes` that are about to be materialised for `what` at `file:line`. Throws a LimitError naming
   * the estimate and `--max-memory` when the read's total would pass the budget; nothing is charged then.
   */
  charge(bytes: number, file: string, line: number, what: string): void {
    if (!(bytes >= 0)) bytes = Infinity
    if (this.used + bytes > this.limit) {
      const estimate = Number.isFinite(bytes) ? `about ${formatBytes(bytes)}` : 'more than can be counted'
      throw new LimitError(file, line, `${what} would take ${estimate}, past the memory budget of ${formatBytes(this.limit)} (${formatBytes(this.used)} already read)`, 'maxMemory')
    }
    this.used += bytes
  }

  /** Gives back what a read charged and then threw away (a resumed read that gave up for a whole one). */
  release(bytes: number): void {
    this.used -= bytes
  }

  /** Charge `count` features of the plotted kind. */
  chargeFeatures(count: number, file: string, line: number, what: string): void {
    this.charge(count * BYTES_PER_FEATURE, file, line, what)
  }
}

/** Vertices charged to the budget at a time (about 3 MB). */
const VERTEX_CHUNK = 65_536

/**
 * Polygon vertices a plotter makes from arcs and arc-bounded surfaces, charged to the budget a chunk
 * ahead: one arc makes up to 8 192 vertices (400 KB) where the record's feature charge covered one.
 */
export class VertexCharge {
  private made = 0
  private charged = 0
  constructor(private readonly budget: MemoryBudget | undefined, private readonly file: string, private readonly what: string) {}

  /** Vertices made and charged so far (a checkpoint's, resume.ts). */
  get counts(): [made: number, charged: number] {
    return [this.made, this.charged]
  }

  restore(made: number, charged: number): void {
    this.made = made
    this.charged = charged
  }

  /** `n` more vertices made at `line`. */
  add(n: number, line: number): void {
    if ((this.made += n) <= this.charged) return
    const more = Math.max(VERTEX_CHUNK, this.made - this.charged)
    this.budget?.charge(more * BYTES_PER_VERTEX, this.file, line, this.what)
    this.charged += more
  }
}

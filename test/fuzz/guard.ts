// The fuzz oracle: a reader either returns a sane result or throws InputError/LimitError, within a time
// bound and never beyond the feature limit. Anything else (TypeError, RangeError, NaN coordinates, a
// hang) is a bug in the reader.

import { InputError } from '../../src/errors.ts'
import type { Feature } from '../../src/layers/model.ts'

/** Limits the fuzzers read with: low, so that a hostile case ends fast and small. */
export const FUZZ_LIMITS = { maxFeatures: 20_000, maxDepth: 16, maxArchiveBytes: 4_000_000, maxArchiveEntries: 200 }

/** One case may take this long on a loaded 2-core machine; a real hang is caught by the test timeout. */
export const CASE_MS = 3_000

/** The process may not grow past this while fuzzing (the readers' inputs are a few KB; the limits are low). */
export const RSS_BYTES = 1_500_000_000

/** Cases per reader: FUZZ_RUNS split by weight, with a default total of 10 200 for `npm test`. */
export function runsFor(share: number): number {
  const total = Number(process.env['FUZZ_RUNS'] ?? 10_200)
  return Math.max(1, Math.round(total * share))
}

export type Outcome = { ok: true; features: number } | { ok: false; error: InputError }

/** Run `read`, returning its outcome, or throw an Error saying why the case is a failure. */
export function guarded(read: () => { features: readonly Feature[] }): Outcome {
  const start = performance.now()
  let outcome: Outcome
  try {
    const { features } = read()
    checkFeatures(features)
    outcome = { ok: true, features: features.length }
  } catch (error) {
    outcome = refused(error)
  }
  checkBounds(start)
  return outcome
}

/** Async variant for the ODB++ reader; a promise that never settles (a reader awaiting itself) fails too. */
export async function guardedAsync(read: () => Promise<readonly { features: readonly Feature[] }[]>): Promise<Outcome> {
  const start = performance.now()
  let outcome: Outcome
  let timer: NodeJS.Timeout | undefined
  const unsettled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the reader's promise did not settle within ${CASE_MS} ms`)), CASE_MS)
  })
  try {
    const layers = await Promise.race([read(), unsettled])
    let n = 0
    for (const layer of layers) { checkFeatures(layer.features); n += layer.features.length }
    outcome = { ok: true, features: n }
  } catch (error) {
    outcome = refused(error)
  }
  checkBounds(start)
  return outcome
}

/** A reader's refusal must be an InputError naming a line and a cause; anything else fails the case. */
function refused(error: unknown): Outcome {
  if (!(error instanceof InputError)) throw error
  if (!(error.line >= 0) || error.what === '') throw new Error(`InputError without a usable line or text: ${error.message}`)
  return { ok: false, error }
}

function checkBounds(start: number): void {
  const ms = performance.now() - start
  if (ms > CASE_MS) throw new Error(`case took ${ms.toFixed(0)} ms (bound ${CASE_MS} ms)`)
  const rss = process.memoryUsage.rss()
  if (rss > RSS_BYTES) throw new Error(`process grew to ${rss} bytes (bound ${RSS_BYTES})`)
}

/**
 * Within the feature limit; every bounding box four finite numbers (nm; half-nm happens for odd
 * diameters), min ≤ max, inside ±2^53; every number in the shape finite. NaN or Infinity here would
 * pass silently through every rule.
 */
function checkFeatures(features: readonly Feature[]): void {
  if (features.length > FUZZ_LIMITS.maxFeatures) throw new Error(`${features.length} features: beyond maxFeatures ${FUZZ_LIMITS.maxFeatures}`)
  for (const f of features) {
    const [x0, y0, x1, y1] = f.bbox
    const inRange = (v: number) => Number.isFinite(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER
    if (![x0, y0, x1, y1].every(inRange) || x0 > x1 || y0 > y1)
      throw new Error(`feature ${f.id} (${f.source.file}:${f.source.line}) has a bad bbox ${JSON.stringify(f.bbox)}`)
    if (!shapeNumbersFinite(f.shape)) throw new Error(`feature ${f.id} (${f.source.file}:${f.source.line}) has a non-finite shape ${JSON.stringify(f.shape).slice(0, 200)}`)
  }
}

function shapeNumbersFinite(shape: Feature['shape']): boolean {
  if (shape.type === 'polygon') return shape.paths.every((path) => path.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)))
  return Object.values(shape).every((v) => typeof v === 'string' || Number.isFinite(v))
}

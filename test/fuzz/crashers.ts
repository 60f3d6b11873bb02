// A failing fuzz case is written out so that it can be replayed and kept under test/regressions/.

import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'

const made = new Set<string>()

/** Write `bytes` to out/fuzz-crashers/<format>/<sha8><ext> and return the path. */
export function saveCrasher(format: string, bytes: string | Buffer, ext: string): string {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes
  const dir = `out/fuzz-crashers/${format}`
  mkdirSync(dir, { recursive: true })
  const path = `${dir}/${createHash('sha256').update(data).digest('hex').slice(0, 12)}${ext}`
  writeFileSync(path, data)
  return path
}

/**
 * Write the case about to run to out/fuzz-inflight/<format><ext>: if it kills the process (out of
 * memory) or hangs, the input that did it is there.
 */
export function inFlight(format: string, text: string, ext: string): void {
  const dir = 'out/fuzz-inflight'
  if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir) }
  writeFileSync(`${dir}/${format}${ext}`, text)
}

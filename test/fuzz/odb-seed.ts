// The ODB++ fuzz seed: a small job cut from ../shared/fixtures/real/odbpp-sample-design (see seeds/odb/README.md),
// as job-relative name → text.

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export const SEED_DIR = new URL('./seeds/odb/job/', import.meta.url).pathname

function filesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** job-relative name → text, in a fixed order. */
export const ODB_SEED: Record<string, string> = Object.fromEntries(filesUnder(SEED_DIR).map((p) => [relative(SEED_DIR, p), readFileSync(p, 'latin1')]))


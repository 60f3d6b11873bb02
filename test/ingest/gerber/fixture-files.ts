// Every Gerber file under fixtures/, by extension, sorted: what the reader tests run over.

import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const FIXTURES_ROOT = join(import.meta.dirname, '../../../fixtures')
const GERBER = /\.(gbr|gtl|gbl|gts|gbs|gtp|gbp|gto|gbo|gm1|cmp|sol|stc|sts|plc|gko|grb)$/i

export function gerberFixtures(dir = FIXTURES_ROOT): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? gerberFixtures(p) : GERBER.test(n) ? [p] : []
  })
}

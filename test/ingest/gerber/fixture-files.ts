// Every Gerber file under fixtures/, by extension, sorted: what the reader tests run over; and the
// real public boards' Gerber files, read in place from ../shared/fixtures/real where it is there.

import { readdirSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { REAL_BOARDS_DIR, realBoardsAvailable, sharedReal } from '../../real-boards.ts'

export const FIXTURES_ROOT = join(import.meta.dirname, '../../../fixtures')
const GERBER = /\.(gbr|gtl|gbl|gts|gbs|gtp|gbp|gto|gbo|gm1|cmp|sol|stc|sts|plc|gko|grb)$/i

/** The real boards the reader tests walk (38 Gerber files). */
export const REAL_GERBER_BOARDS = ['arduino-uno', 'atmega328-motor-board', 'clockblock', 'gerbv-ekf2']

export function gerberFixtures(dir = FIXTURES_ROOT): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? gerberFixtures(p) : GERBER.test(n) ? [p] : []
  })
}

/** The Gerber files of REAL_GERBER_BOARDS, or none (with a SKIP line printed) where ../shared is absent. */
export function realGerberFixtures(what: string): string[] {
  return realBoardsAvailable(what) ? REAL_GERBER_BOARDS.flatMap((board) => gerberFixtures(sharedReal(board))) : []
}

/** A fixture's name in test titles: from fixtures/, or `real/<board>/<file>` for the shared boards. */
export function fixtureName(file: string): string {
  return file.startsWith(REAL_BOARDS_DIR) ? relative(dirname(REAL_BOARDS_DIR), file) : relative(FIXTURES_ROOT, file)
}

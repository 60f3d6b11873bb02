// Public boards from other repositories (issue 12): their licences are not the project's, so they are never
// copied into it. They are read in place from ../shared/fixtures/real beside the repo (CI always has it there;
// BUMPCHECK_REAL_FIXTURES points elsewhere). Where the folder is absent, tests that need it skip and say so.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Absolute path of the shared folder of real public boards. */
export const REAL_BOARDS_DIR = resolve(REPO_ROOT, process.env.BUMPCHECK_REAL_FIXTURES ?? '../shared/fixtures/real')

/** Absolute path of `name` (a board folder or a file in one, e.g. `clockblock/clockblock.drl`) in the shared folder. */
export function sharedReal(name: string): string {
  return join(REAL_BOARDS_DIR, name)
}

/**
 * Whether the shared boards are there. When they are not, warns once per caller naming the missing path, so
 * the skip is visible in the test output; `what` names the tests that will skip.
 */
export function realBoardsAvailable(what = 'tests on real public boards'): boolean {
  if (existsSync(REAL_BOARDS_DIR)) return true
  console.warn(`SKIP ${what}: real public boards not found at ${REAL_BOARDS_DIR} (see fixtures/README.md)`)
  return false
}

// Every real board against its committed review (test/regressions/real-boards/<board>.json): the
// verdict, the bump arrays taken, the rules not run and each finding must be as reviewed. A finding
// that appears or disappears fails the test; so does one nobody has reviewed, and more than five
// errors on a board (issue 12: at most a handful, each reviewed as true).
import { describe, expect, it } from 'vitest'
import { observe, readReview, realBoards, UNREVIEWED } from './real-board-review.ts'
import { realBoardsAvailable } from '../real-boards.ts'

const boards = realBoards()
realBoardsAvailable('the public boards of the real-board regression suite (the project\'s own boards still run)')

describe('real boards under pcb-bga, against their reviews', () => {
  for (const board of boards) {
    it(`${board.name}: findings, arrays and verdict as reviewed`, async () => {
      const review = readReview(board)
      expect(review, `no review file for ${board.name}: run npm run review:real-boards ${board.name}`).toBeDefined()
      const seen = await observe(board)
      expect(seen.verdict).toBe(review!.verdict)
      expect(seen.bumpArrays).toEqual(review!.bumpArrays)
      expect(seen.notRun).toEqual(review!.notRun)
      expect(seen.inputErrors).toEqual(review!.inputErrors)
      expect(seen.findings).toEqual(review!.findings.map(({ finding, severity }) => ({ finding, severity })))
      for (const f of review!.findings) expect(f.review, f.finding).toMatch(/^(true|limit): \S/)
      // the bundled board carries nine seeded defects (twelve findings): the limit is for real boards
      if (board.name !== 'kicad-bga-dev') expect(review!.findings.filter((f) => f.severity === 'error').length, 'errors on a real board').toBeLessThanOrEqual(5)
      expect(review!.findings.some((f) => f.review === UNREVIEWED)).toBe(false)
    }, 120_000)
  }
})

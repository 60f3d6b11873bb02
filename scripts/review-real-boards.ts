// Rewrite the real-board review files from a fresh run (`npm run review:real-boards [board …]`).
// Reviews of findings still present are kept; new findings are marked UNREVIEWED for a human to judge:
// "true: <why a packaging engineer agrees>" or "limit: <known limit and its reason>".
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { observe, readReview, realBoards, REVIEW_DIR, UNREVIEWED } from '../test/regressions/real-board-review.ts'

const only = new Set(process.argv.slice(2))
for (const board of realBoards()) {
  if (only.size > 0 && !only.has(board.name)) continue
  const seen = await observe(board)
  const old = new Map((readReview(board)?.findings ?? []).map((f) => [f.finding, f.review]))
  const findings = seen.findings.map((f) => ({ ...f, review: old.get(f.finding) ?? UNREVIEWED }))
  writeFileSync(join(REVIEW_DIR, `${board.name}.json`), `${JSON.stringify({ ...seen, findings }, null, 1)}\n`)
  const unreviewed = findings.filter((f) => f.review === UNREVIEWED).length
  console.log(`${board.name}: ${seen.verdict}, ${findings.length} findings (${findings.filter((f) => f.severity === 'error').length} errors), ${unreviewed} unreviewed`)
}

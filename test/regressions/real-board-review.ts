// The reviewed real-board regression suite (issue 12): for every real board, the report's verdict,
// bump arrays, not-run list and findings, each finding with a one-line human review ("true: …" or
// "limit: …"). The test fails when any of them appears or disappears; `npm run review:real-boards`
// rewrites the files from a fresh run, keeping the reviews of findings that are still there and
// marking new ones UNREVIEWED (which the test refuses).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { check } from '../../src/check.ts'
import type { Report } from '../../src/engine/report.ts'
import { REAL_BOARDS_DIR } from '../real-boards.ts'

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)))
export const REVIEW_DIR = join(REPO, 'test/regressions/real-boards')
export const DECK = 'pcb-bga'
export const UNREVIEWED = 'UNREVIEWED'

export interface Board {
  name: string
  /** Folder as given to the check, relative to the repo root (stable in the review files). */
  path: string
  /** Public boards from ../shared (never copied into the project), or the project's own plots. */
  shared: boolean
}

/** Every real board: the shared public ones, the project's kicad-demos plots and the bundled board. */
export function realBoards(): Board[] {
  const shared = existsSync(REAL_BOARDS_DIR)
    ? readdirSync(REAL_BOARDS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
      .map((name) => ({ name, path: relative(REPO, join(REAL_BOARDS_DIR, name)), shared: true }))
    : []
  const demos = readdirSync(join(REPO, 'fixtures/kicad-demos'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    .map((name) => ({ name: `kicad-demos-${name}`, path: `fixtures/kicad-demos/${name}`, shared: false }))
  return [...shared, ...demos, { name: 'kicad-bga-dev', path: 'fixtures/kicad-bga-dev/gerber', shared: false }]
}

export interface ReviewedFinding {
  finding: string
  severity: string
  review: string
}

export interface BoardReview {
  board: string
  path: string
  deck: string
  verdict: string
  bumpArrays: string[]
  notRun: string[]
  inputErrors: string[]
  findings: ReviewedFinding[]
}

/** A finding's identity: rule, messageId, side, site and the pad or feature it names. */
export function findingKey(f: Report['findings'][number]): string {
  const where = f.features[0]
  const name = where?.component !== undefined ? ` ${where.component}${where.pin !== undefined ? `-${where.pin}` : ''}` : ''
  return `${f.rule}/${f.messageId} ${f.side} (${f.at?.x}, ${f.at?.y})${name}`
}

/** What a fresh run says about a board, in the review file's shape (reviews empty). */
export async function observe(board: Board): Promise<Omit<BoardReview, 'findings'> & { findings: Omit<ReviewedFinding, 'review'>[] }> {
  const report = await check([join(REPO, board.path)], { deck: DECK })
  const rel = (p: string) => relative(REPO, p)
  return {
    board: board.name,
    path: board.path,
    deck: DECK,
    verdict: report.summary.verdict,
    bumpArrays: (report.bumpPads?.arrays ?? []).map((a) => `${a.side} ${a.name}: ${a.pads} pads, ${a.rows}×${a.columns}, pitch ${a.pitch ? `${a.pitch.x}×${a.pitch.y}` : '-'} mm, ${a.chosenBy}`),
    notRun: (report.notRun ?? []).map((n) => `${n.rule} (${n.side}): ${n.reason}`),
    inputErrors: report.inputErrors.map((e) => `${basename(rel(e.path))}:${e.line}: ${e.message}`),
    findings: report.findings.map((f) => ({ finding: findingKey(f), severity: f.severity })),
  }
}

export function readReview(board: Board): BoardReview | undefined {
  const path = join(REVIEW_DIR, `${board.name}.json`)
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as BoardReview) : undefined
}

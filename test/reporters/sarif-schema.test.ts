// Our SARIF against the SARIF 2.1.0 JSON schema committed in schemas/vendor/ (draft-04, read by ajv
// with ajv-draft-04; ajv-formats enforces `format: uri` and `uri-reference`, as GitHub code scanning
// does): the sample reports, a site-less report, and a real check of the bundled board through the CLI.
// Then %SRCROOT% and the partial fingerprints, on that real run.

import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import ajvDraft04 from 'ajv-draft-04'
import ajvFormats from 'ajv-formats'
import { afterAll, describe, expect, it } from 'vitest'
import { sarif } from '../../src/reporters/sarif.ts'
import { incompleteReport, passingReport, sampleReport, sitelessReport } from './sample-report.ts'

const schema = JSON.parse(readFileSync('schemas/vendor/sarif-2.1.0-rtm.5.json', 'utf8'))
// the schema's language-tag pattern is not valid as a unicode RegExp; JSON Schema draft-04 patterns are ECMA 262 without the u flag
// both are CommonJS with the class / function on `default`
const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false })
ajvFormats.default(ajv)
const validate = ajv.compile(schema)
const problems = (log: unknown) => (validate(log) ? [] : validate.errors!.map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`))

const BIN = resolve('bin/bumpcheck.js')
const root = mkdtempSync(join(tmpdir(), 'bumpcheck-sarif-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** The seeded board inside a repository of its own (a folder holding .git), checked to SARIF. */
function checkInRepo(extra: string[] = [], edit?: (board: string) => void): { log: any; repo: string; board: string } {
  const repo = mkdtempSync(join(root, 'repo-'))
  mkdirSync(join(repo, '.git'))
  const board = join(repo, 'boards', 'dev')
  cpSync(resolve('fixtures/kicad-bga-dev/gerber'), board, { recursive: true })
  edit?.(board)
  const r = spawnSync(process.execPath, [BIN, 'check', board, '--deck', resolve('fixtures/kicad-bga-dev/deck.json'), '-f', 'sarif', ...extra], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  expect(r.status, r.stderr).toBe(1)
  return { log: JSON.parse(r.stdout), repo, board }
}

describe('SARIF against the committed 2.1.0 schema', { timeout: 120_000 }, () => {
  it('the sample, passing, incomplete and site-less reports validate', () => {
    for (const report of [sampleReport(), passingReport(), incompleteReport(), sitelessReport()]) {
      expect(problems(JSON.parse(sarif(report, {})))).toEqual([])
      expect(problems(JSON.parse(sarif(report, { baseDir: root })))).toEqual([])
    }
  })

  it('rejects a broken log: a relative helpUri, a result without a message, an unknown level', () => {
    const log = JSON.parse(sarif(sampleReport(), {}))
    log.runs[0].tool.driver.rules[0].helpUri = 'docs/rules/x.md'
    log.runs[0].results[0].level = 'fatal'
    delete log.runs[0].results[1].message
    const found = problems(log).join('\n')
    expect(found).toMatch(/helpUri must match format "uri"/)
    expect(found).toMatch(/level must be equal to one of the allowed values/)
    expect(found).toMatch(/results\/1 must have required property 'message'/)
  })

  it('a real check through the CLI validates, with locations relative to %SRCROOT% = the repository root', () => {
    const { log, repo } = checkInRepo()
    expect(problems(log)).toEqual([])
    const run = log.runs[0]
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: pathToFileURL(repo).href + '/' } })
    expect(run.results.length).toBe(9)
    for (const result of run.results) {
      const location = result.locations[0].physicalLocation.artifactLocation
      expect(location.uriBaseId).toBe('SRCROOT')
      expect(location.uri).toMatch(/^boards\/dev\/bga-dev-(F_Cu|F_Mask|F_Paste|PTH)\.(gbr|drl)$/)
    }
  })

  it('--base-dir moves %SRCROOT%; a file outside it is an absolute file URI', () => {
    const { log, board } = checkInRepo(['--base-dir', join(root, 'elsewhere')])
    expect(problems(log)).toEqual([])
    const location = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation
    expect(location.uriBaseId).toBeUndefined()
    expect(location.uri.startsWith(pathToFileURL(board).href + '/')).toBe(true)
  })

  it('partialFingerprints: one per result, all distinct, the same across runs and repositories', () => {
    const first = checkInRepo().log.runs[0].results
    const again = checkInRepo().log.runs[0].results
    const prints = first.map((r: any) => r.partialFingerprints['bumpcheckFinding/v1'])
    expect(new Set(prints).size).toBe(first.length)
    expect(again.map((r: any) => r.partialFingerprints['bumpcheckFinding/v1'])).toEqual(prints)
  })

  it('partialFingerprints follow the site, the rule and the file, never the message text or the line', () => {
    const prints = (report: ReturnType<typeof sampleReport>) => JSON.parse(sarif(report, { baseDir: root })).runs[0].results.map((r: any) => r.partialFingerprints['bumpcheckFinding/v1'])
    const base = prints(sampleReport())
    const reworded = sampleReport()
    reworded.findings[0]!.message = 'another text'
    reworded.findings[0]!.features[0]!.line += 7
    expect(prints(reworded)).toEqual(base)
    const moved = sampleReport()
    moved.findings[0]!.at = { x: moved.findings[0]!.at!.x + 0.2, y: moved.findings[0]!.at!.y }
    const after = prints(moved)
    expect(after[0]).not.toBe(base[0])
    expect(after.slice(1)).toEqual(base.slice(1))
  })
})

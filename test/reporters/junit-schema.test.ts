// Our JUnit XML against the Jenkins JUnit schema committed in schemas/vendor/, read by xmllint
// (libxml2, installed by .ci/run): the sample reports and a real check of the bundled board through
// the CLI, and a broken document that must be rejected.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { junit } from '../../src/reporters/junit.ts'
import { incompleteReport, passingReport, sampleReport, sitelessReport } from './sample-report.ts'

const XSD = resolve('schemas/vendor/jenkins-junit.xsd')
const haveXmllint = spawnSync('xmllint', ['--version']).status === 0
const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-junit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** xmllint's verdict on one document: its exit status and what it said. */
function validate(xml: string, name: string): { status: number | null; said: string } {
  const path = join(dir, name)
  writeFileSync(path, xml)
  const r = spawnSync('xmllint', ['--noout', '--schema', XSD, path], { encoding: 'utf8' })
  return { status: r.status, said: r.stderr.trim() }
}

describe.skipIf(!haveXmllint)('JUnit against the committed Jenkins schema', { timeout: 120_000 }, () => {
  it('the sample, passing, incomplete and site-less reports validate', () => {
    const reports = { sample: sampleReport(), passing: passingReport(), incomplete: incompleteReport(), siteless: sitelessReport() }
    for (const [name, report] of Object.entries(reports)) expect(validate(junit(report, {}), `${name}.xml`)).toEqual({ status: 0, said: `${join(dir, `${name}.xml`)} validates` })
  })

  it('a real check through the CLI validates', () => {
    const r = spawnSync(process.execPath, [resolve('bin/bumpcheck.js'), 'check', resolve('fixtures/kicad-bga-dev/gerber'), '--deck', resolve('fixtures/kicad-bga-dev/deck.json'), '-f', 'junit'], { encoding: 'utf8', timeout: 120_000 })
    expect(r.status, r.stderr).toBe(1)
    expect(validate(r.stdout, 'real.xml').status).toBe(0)
  })

  it('rejects a document the schema forbids: a testcase without a name, skipped on testsuites', () => {
    const broken = junit(sampleReport(), {}).replace('<testsuites name="bumpcheck"', '<testsuites skipped="1" name="bumpcheck"').replace(/<testcase name="[^"]*"/, '<testcase')
    const { status, said } = validate(broken, 'broken.xml')
    expect(status).not.toBe(0)
    expect(said).toMatch(/attribute 'skipped': The attribute 'skipped' is not allowed/)
    expect(said).toMatch(/The attribute 'name' is required but missing/)
  })
})

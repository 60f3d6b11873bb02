import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { applyWaivers, parseWaivers, type Waiver } from '../../src/engine/waivers.ts'
import { ConfigError } from '../../src/errors.ts'
import type { Finding } from '../../src/engine/report.ts'

const schema = JSON.parse(readFileSync(new URL('../../schemas/waivers.schema.json', import.meta.url), 'utf8'))
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema)

function finding(rule: string, x: number, y: number, component?: string, pin?: string): Finding {
  return {
    rule, messageId: 'm', severity: 'error', side: 'top', at: { x, y }, bbox: [x, y, x, y],
    measured: 1, limit: 0.5, unit: 'mm', message: `${rule} at ${x},${y}`,
    features: [{ file: 'a.gbr', line: 10, ...(component ? { component } : {}), ...(pin ? { pin } : {}) }],
  }
}

const base = { reason: 'accepted by fab', author: 'j.doe', expires: '2030-06-30' }

describe('applyWaivers', () => {
  it('waives a finding whose site lies within the tolerance and keeps one just outside', () => {
    // 3-4-5 triangle: the first finding is exactly 0.005 mm from the waiver site, the second 0.005001
    const inside = finding('via-pitch', 10.003, 20.004)
    const outside = finding('via-pitch', 10.003001, 20.004)
    const waiver: Waiver = { rule: 'via-pitch', at: { x: 10, y: 20 }, tolerance: 0.005, ...base }
    const result = applyWaivers([inside, outside], [waiver], '2025-01-01')
    expect(result.waived.map((f) => f.at)).toEqual([{ x: 10.003, y: 20.004 }])
    expect(result.findings).toEqual([outside])
    expect(result.waived[0]!.waiver).toEqual({ reason: 'accepted by fab', author: 'j.doe', expires: '2030-06-30' })
    expect(result.problems).toEqual([])
  })

  it('matches a site copied from the rounded JSON report with no tolerance', () => {
    const f = finding('deposit-overhang', 12.3500000001, 40.0999999999)
    const result = applyWaivers([f], [{ rule: 'deposit-overhang', at: { x: 12.35, y: 40.1 }, ...base }], '2025-01-01')
    expect(result.waived).toHaveLength(1)
  })

  it('never waives a finding with no site by a site, not even at the origin; by rule alone it does', () => {
    const siteless: Finding = { ...finding('process-materials', 0, 0), at: null, bbox: null, features: [] }
    const bySite = applyWaivers([siteless], [{ rule: 'process-materials', at: { x: 0, y: 0 }, tolerance: 1, ...base }], '2025-01-01')
    expect(bySite.findings).toEqual([siteless])
    expect(bySite.problems.map((p) => [p.waiver, p.kind])).toEqual([[0, 'unmatched']])
    expect(applyWaivers([siteless], [{ rule: 'process-materials', ...base }], '2025-01-01').waived).toHaveLength(1)
  })

  it('needs the same rule: a site match under another rule does not waive', () => {
    const result = applyWaivers([finding('via-pitch', 1, 1)], [{ rule: 'deposit-overhang', at: { x: 1, y: 1 }, ...base }], '2025-01-01')
    expect(result.findings).toHaveLength(1)
    expect(result.problems.map((p) => [p.waiver, p.kind])).toEqual([[0, 'unmatched']])
  })

  it('matches by component, and by component and pin', () => {
    const findings = [finding('r', 1, 1, 'U1', 'A1'), finding('r', 2, 2, 'U1', 'A2'), finding('r', 3, 3, 'U2', 'A1')]
    const byPin = applyWaivers(findings, [{ rule: 'r', component: 'U1', pin: 'A2', ...base }], '2025-01-01')
    expect(byPin.waived.map((f) => f.at!.x)).toEqual([2])
    const byPart = applyWaivers(findings, [{ rule: 'r', component: 'U1', ...base }], '2025-01-01')
    expect(byPart.waived.map((f) => f.at!.x)).toEqual([1, 2])
    expect(byPart.findings.map((f) => f.at!.x)).toEqual([3])
  })

  it('requires both site and part when a waiver gives both', () => {
    const findings = [finding('r', 1, 1, 'U1'), finding('r', 1, 1, 'U2')]
    const result = applyWaivers(findings, [{ rule: 'r', at: { x: 1, y: 1 }, component: 'U2', ...base }], '2025-01-01')
    expect(result.waived.map((f) => f.features[0]!.component)).toEqual(['U2'])
  })

  it('applies through the expiry day and stops the day after, reporting the expired waiver', () => {
    const waiver: Waiver = { rule: 'r', component: 'U1', ...base, expires: '2025-03-14' }
    const onDay = applyWaivers([finding('r', 1, 1, 'U1')], [waiver], '2025-03-14')
    expect(onDay.waived).toHaveLength(1)
    expect(onDay.problems).toEqual([])
    const after = applyWaivers([finding('r', 1, 1, 'U1')], [waiver], '2025-03-15')
    expect(after.waived).toHaveLength(0)
    expect(after.findings).toHaveLength(1)
    expect(after.problems).toHaveLength(1)
    expect(after.problems[0]).toMatchObject({ waiver: 0, kind: 'expired' })
    expect(after.problems[0]!.message).toContain('expired on 2025-03-14')
  })

  it('records the first matching waiver and counts every matching one as used', () => {
    const first: Waiver = { rule: 'r', component: 'U1', ...base, reason: 'first' }
    const second: Waiver = { rule: 'r', at: { x: 1, y: 1 }, ...base, reason: 'second' }
    const unused: Waiver = { rule: 'r', component: 'J9', ...base }
    const result = applyWaivers([finding('r', 1, 1, 'U1')], [first, second, unused], '2025-01-01')
    expect(result.waived[0]!.waiver.reason).toBe('first')
    expect(result.problems.map((p) => [p.waiver, p.kind])).toEqual([[2, 'unmatched']])
  })

  it('keeps the order of the remaining findings', () => {
    const findings = [finding('r', 3, 3), finding('r', 1, 1), finding('r', 2, 2)]
    const result = applyWaivers(findings, [{ rule: 'r', at: { x: 1, y: 1 }, ...base }], '2025-01-01')
    expect(result.findings.map((f) => f.at!.x)).toEqual([3, 2])
  })

  it('refuses a today that is not a date', () => {
    expect(() => applyWaivers([], [], '14/03/2025')).toThrow(ConfigError)
  })
})

describe('parseWaivers', () => {
  const good = {
    waivers: [
      { rule: 'via-pitch', at: { x: 1.5, y: -2 }, tolerance: 0.01, reason: 'r', author: 'a', expires: '2026-02-28' },
      { rule: 'deposit-overhang', component: 'U1', pin: 'A7', reason: 'r', author: 'a', expires: '2026-12-31' },
    ],
  }

  it('reads a waiver file in both accepted forms, and the schema accepts both', () => {
    expect(parseWaivers(JSON.stringify(good), 'w.json')).toEqual(good.waivers)
    expect(parseWaivers(JSON.stringify(good.waivers), 'w.json')).toEqual(good.waivers)
    expect(validate(good)).toBe(true)
    expect(validate(good.waivers)).toBe(true)
  })

  // each bad file: the JSON path the error must name; the schema must reject the same file
  const bad: [string, unknown, string][] = [
    ['missing reason', { waivers: [{ ...good.waivers[0], reason: undefined }] }, 'waivers[0].reason'],
    ['date that does not exist', { waivers: [good.waivers[0], { ...good.waivers[1], expires: '2026-02-30' }] }, 'waivers[1].expires'],
    ['date in another format', { waivers: [{ ...good.waivers[0], expires: '31/12/2026' }] }, 'waivers[0].expires'],
    ['tolerance given as text', { waivers: [{ ...good.waivers[0], tolerance: '0.01' }] }, 'waivers[0].tolerance'],
    ['negative tolerance', { waivers: [{ ...good.waivers[0], tolerance: -1 }] }, 'waivers[0].tolerance'],
    ['tolerance over 1 mm (issue 12)', { waivers: [good.waivers[1], { ...good.waivers[0], tolerance: 1.000001 }] }, 'waivers[1].tolerance'],
    ['tolerance that covers every board (issue 12)', { waivers: [{ ...good.waivers[0], tolerance: 1e308 }] }, 'waivers[0].tolerance'],
    ['site without y', { waivers: [{ ...good.waivers[0], at: { x: 1 } }] }, 'waivers[0].at.y'],
    ['unknown field', { waivers: [{ ...good.waivers[0], expiry: '2026-01-01' }] }, 'waivers[0].expiry'],
    ['neither site nor part', { waivers: [{ rule: 'r', reason: 'r', author: 'a', expires: '2026-01-01' }] }, 'waivers[0]'],
    ['pin without component', { waivers: [{ rule: 'r', at: { x: 0, y: 0 }, pin: 'A1', reason: 'r', author: 'a', expires: '2026-01-01' }] }, 'waivers[0].pin'],
    ['waivers not an array', { waivers: {} }, 'waivers'],
  ]
  for (const [name, file, path] of bad) {
    it(`rejects a waiver file with ${name}, naming ${path}`, () => {
      const text = JSON.stringify(file)
      let error: unknown
      try {
        parseWaivers(text, 'waivers.json')
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).path).toBe(path)
      expect((error as ConfigError).message.startsWith(`waivers.json: ${path} `)).toBe(true)
      // a pattern cannot know that February has no 30th: only the reader catches that one
      if (!name.startsWith('date that does not exist')) expect(validate(JSON.parse(text))).toBe(false)
    })
  }

  it('reports a file that is not JSON', () => {
    expect(() => parseWaivers('{ waivers: [', 'w.json')).toThrow(/w\.json: not valid JSON/)
  })

  it('accepts a tolerance of exactly 1 mm', () => {
    const waivers = [{ ...good.waivers[0], tolerance: 1 }]
    expect(parseWaivers(JSON.stringify(waivers), 'w.json')[0]!.tolerance).toBe(1)
    expect(validate(waivers)).toBe(true)
  })

  it('says why a huge tolerance is refused, in one line naming the file and the waiver', () => {
    const text = JSON.stringify({ waivers: [{ ...good.waivers[0], tolerance: 1e308 }] })
    expect(() => parseWaivers(text, 'w.json')).toThrow(/^w\.json: waivers\[0\]\.tolerance must be at most 1 mm \(got 1e\+308\)[^\n]*component\/pin[^\n]*$/)
  })

  it('never quotes the bytes of a file that is not JSON (the path may name any file)', () => {
    for (const text of ['root:*:20245:0:99999:7:::', '{"a":1}secret', 'secret-token']) {
      let message = ''
      try {
        parseWaivers(text, 'w.json')
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toMatch(/^w\.json: not valid JSON/)
      expect(message).not.toMatch(/root|secret|20245/)
    }
    expect(() => parseWaivers('{"a":1}secret', 'w.json')).toThrow(/line 1 column 8/)
  })
})

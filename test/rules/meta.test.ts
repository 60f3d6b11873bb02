// Every rule of the registry has its doc, its README row, its rule-tester file, and in that file an
// invalid case (`messageId: '<id>'`) and a nearby valid case (`near: '<id>'` or in `near: [...]`) for
// each of its messageIds. The rule tester asserts the same at run time; this test also catches a rule
// whose test file is missing or does not use the tester. It names every gap it finds.
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defineRule } from '../../src/engine/rule.ts'
import { rules } from '../../src/rules/index.ts'

const readme = readFileSync('README.md', 'utf8')

/** messageIds named in invalid errors and in valid `near` fields of a rule's test file. */
export function coveredIds(text: string): { invalid: Set<string>; near: Set<string> } {
  const invalid = new Set([...text.matchAll(/messageId:\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1]!))
  const near = new Set<string>()
  for (const m of text.matchAll(/near:\s*(?:'([A-Za-z0-9_]+)'|\[([^\]]*)\])/g)) {
    if (m[1]) near.add(m[1])
    else for (const q of m[2]!.matchAll(/'([A-Za-z0-9_]+)'/g)) near.add(q[1]!)
  }
  return { invalid, near }
}

/** What a rule lacks, in words. */
function gaps(id: string): string[] {
  const rule = rules.get(id)!
  const out: string[] = []
  if (!existsSync(`docs/rules/${id}.md`)) out.push(`no doc docs/rules/${id}.md`)
  if (!readme.includes(`| \`${id}\` |`)) out.push(`no row | \`${id}\` | in the README's rule table`)
  const file = `test/rules/${id}.test.ts`
  if (!existsSync(file)) return [...out, `no test file ${file} (rule-tester cases: new RuleTester().run('${id}', { valid, invalid }))`]
  const text = readFileSync(file, 'utf8')
  if (!text.includes(`.run('${id}'`)) out.push(`${file} does not run the rule tester on '${id}'`)
  const { invalid, near } = coveredIds(text)
  for (const messageId of Object.keys(rule.meta.messages)) {
    if (!invalid.has(messageId)) out.push(`no invalid case with messageId: '${messageId}'`)
    if (!near.has(messageId)) out.push(`no valid case with near: '${messageId}'`)
  }
  return out
}

describe('every rule is documented and tested branch by branch', () => {
  for (const id of rules.keys()) {
    it(id, () => {
      expect(gaps(id), `${id} lacks`).toEqual([])
    })
  }

  it('reads the coverage of a test file: messageIds of errors, near as a name or a list', () => {
    const { invalid, near } = coveredIds("errors: [{ messageId: 'tooClose' }], near: 'tooClose' }, { near: ['a', 'b'] }")
    expect([...invalid]).toEqual(['tooClose'])
    expect([...near]).toEqual(['tooClose', 'a', 'b'])
  })

  it('has no rule option default that is not of its kind', () => {
    for (const rule of rules.values()) {
      for (const [name, spec] of Object.entries(rule.meta.options)) {
        if (spec.default === undefined) continue
        const ok = spec.kind === 'boolean' ? typeof spec.default === 'boolean'
          : spec.kind === 'enum' ? spec.values!.includes(spec.default as string)
            : spec.kind === 'strings' ? Array.isArray(spec.default)
              : typeof spec.default === 'number'
        expect(ok, `${rule.meta.id}.${name} default ${JSON.stringify(spec.default)} is no ${spec.kind}`).toBe(true)
      }
    }
  })

  it('types options and messageIds from the meta (compile-time; tsc checks the lines marked)', () => {
    const rule = defineRule({
      meta: {
        id: 't', description: 't', defaultSeverity: 'error', needs: [],
        options: { n: { kind: 'integer', description: 'n', default: 4 }, m: { kind: 'length', description: 'm' }, e: { kind: 'enum', values: ['a', 'b'], description: 'e' } },
        messages: { known: 'x' },
      },
      checkProcess(ctx) {
        const n: number = ctx.options.n // defaulted: never null
        // @ts-expect-error an option without default or required may be null
        const m: number = ctx.options.m
        // @ts-expect-error an enum option is one of its values
        const e: 'a' | 'b' = ctx.options.e ?? 'c'
        const f: 'a' | 'b' | null = ctx.options.e
        // @ts-expect-error no such option
        void ctx.options.missing
        ctx.report({ messageId: 'known', at: { x: n, y: 0 }, features: [], measured: null, limit: null, valueKind: 'none' })
        // @ts-expect-error a messageId the rule does not declare
        ctx.report({ messageId: 'unknown', at: { x: 0, y: 0 }, features: [], measured: null, limit: null, valueKind: 'none' })
        void m; void e; void f
      },
    })
    expect(rule.meta.options.n!.default).toBe(4)
  })
})

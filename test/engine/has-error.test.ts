// ctx.hasError tells a rule whether *another* rule, one it runs after, failed a feature: the rules skip
// pads an earlier rule reports (one cause, one finding). A rule's own error must never hide the next
// feature it judges; it did (deposit-overhang and via-pitch each worked around it).

import { describe, expect, it } from 'vitest'
import { loadDeck } from '../../src/engine/deck.ts'
import { defineRule, type Rule } from '../../src/engine/rule.ts'
import { runRules } from '../../src/engine/run.ts'
import type { Feature } from '../../src/layers/model.ts'

const pad = (line: number): Feature => ({ id: line, kind: 'flash', shape: { type: 'circle', cx: line, cy: 0, diameter: 10 }, polarity: 'dark', bbox: [line - 5, -5, line + 5, 5], source: { file: 'pads.gbr', line } })
const p1 = pad(1), p2 = pad(2)
const seen: Record<string, boolean[]> = {}
const meta = (id: string, after: string[]) => ({ id, description: id, defaultSeverity: 'error' as const, needs: [], after, options: {}, messages: { bad: 'bad' } })
const fail = (f: Feature) => ({ messageId: 'bad' as const, at: { x: 0, y: 0 }, features: [f], measured: null, limit: null, valueKind: 'none' as const })

const registry = new Map<string, Rule>([
  // fails p1, then asks about p1 and p2: its own error hides nothing
  ['first', defineRule({ meta: meta('first', []), checkProcess(ctx) { ctx.report(fail(p1)); seen['first'] = [ctx.hasError(p1), ctx.hasError(p2)] } })],
  // runs after first: p1 was failed by first, p2 by nobody; then fails p1 and p2 itself
  ['second', defineRule({ meta: meta('second', ['first']), checkProcess(ctx) { seen['second'] = [ctx.hasError(p1), ctx.hasError(p2)]; ctx.report(fail(p1)); ctx.report(fail(p2)); seen['second-after'] = [ctx.hasError(p1), ctx.hasError(p2)] } })],
  // runs after both: p1 and p2 were failed by others
  ['third', defineRule({ meta: meta('third', ['second']), checkProcess(ctx) { seen['third'] = [ctx.hasError(p1), ctx.hasError(p2)] } })],
] as [string, Rule][])

describe('ctx.hasError', () => {
  it('is true for features another rule failed, never for the asking rule\'s own', () => {
    const deck = loadDeck({ name: 'has-error', units: 'mm', rules: { first: 'error', second: 'error', third: 'error' } }, registry)
    const run = runRules([], deck, registry)
    expect(run.findings.map((f) => [f.rule, f.features[0]!.line])).toEqual([['first', 1], ['second', 1], ['second', 2]])
    expect(seen).toEqual({
      first: [false, false],
      second: [true, false],
      // p1: first failed it too, so it still counts; p2 only second itself
      'second-after': [true, false],
      third: [true, true],
    })
  })
})

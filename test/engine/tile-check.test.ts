// checkTile on a board that is not cut (one tile without edges, what a one-thread check runs) must
// be the whole board's run: every finding kept wherever it is sited. A rectangle owns only sites
// inside it, and no rectangle owns a site at infinity: the whole tile must not ask.

import { describe, expect, it } from 'vitest'
import { loadDeck } from '../../src/engine/deck.ts'
import { defineRule, type Rule } from '../../src/engine/rule.ts'
import { checkTile } from '../../src/engine/tile-check.ts'
import { WHOLE_BOARD, type Tile } from '../../src/engine/tile.ts'

const meta = { id: 'far', description: 'reports one finding sited at x = +∞', defaultSeverity: 'error' as const, needs: [], options: {}, messages: { far: 'far away' } }
const registry = new Map<string, Rule>([
  ['far', defineRule({ meta, checkProcess(ctx) { ctx.report({ messageId: 'far', at: { x: Infinity, y: 0 }, bbox: [0, 0, 0, 0], features: [], measured: null, limit: null, valueKind: 'none' }) } })],
])
const deck = loadDeck({ name: 'far', units: 'mm', rules: { far: 'error' } }, registry)
const run = (tile: Tile) => checkTile({ layers: [], tile, deck, sides: ['top'], inputsIncomplete: false }, registry)

describe('checkTile', () => {
  it('keeps every finding of an uncut board, a site at infinity included', () => {
    expect(run(WHOLE_BOARD).findings.map((f) => [f.rule, f.message])).toEqual([['far', 'far away (rule far)']])
  })

  it('keeps in a cut tile only what it owns: the right-hand half owns x ≥ 0 up to, not including, +∞', () => {
    const right: Tile = { minX: 0, minY: -Infinity, maxX: Infinity, maxY: Infinity, halo: 0 }
    expect(run(right).findings).toEqual([])
  })
})

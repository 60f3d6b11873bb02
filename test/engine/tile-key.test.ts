// A tile's content key changes with anything its result depends on, and with nothing else.

import { describe, expect, it } from 'vitest'
import { loadDeck } from '../../src/engine/deck.ts'
import { diffLayer } from '../../src/engine/layer-diff.ts'
import { carryFeatureSums, tileKeys } from '../../src/engine/tile-key.ts'
import type { TileInput } from '../../src/engine/tile-check.ts'
import type { Feature, Layer } from '../../src/layers/model.ts'
import { packLayer } from '../../src/layers/pack.ts'
import { rules } from '../../src/rules/index.ts'

const deck = loadDeck('flip-chip-substrate', rules)
const UM = 1000
const tileKey = (input: TileInput) => tileKeys([input])[0]!
/** The tile x < 1 mm, reading 150 µm beyond it. */
const tile = { minX: -Infinity, minY: -Infinity, maxX: 1000 * UM, maxY: Infinity, halo: 150 * UM }

const pad = (id: number, x: number, extra: Partial<Feature> = {}): Feature => ({
  id, kind: 'flash', polarity: 'dark', shape: { type: 'circle', cx: x, cy: 0, diameter: 100 * UM },
  bbox: [x - 50 * UM, -50 * UM, x + 50 * UM, 50 * UM], source: { file: 'pads.gbr', line: id + 1 }, ...extra,
})
/** A 300 × 100 µm region with a dent in its top edge: the dent moves, the box stays. */
const region = (id: number, dent: number): Feature => ({
  id, kind: 'region', polarity: 'dark',
  shape: { type: 'polygon', paths: [[{ x: 0, y: 0 }, { x: 300 * UM, y: 0 }, { x: 300 * UM, y: 100 * UM }, { x: 150 * UM, y: dent }, { x: 0, y: 100 * UM }]] },
  bbox: [0, 0, 300 * UM, 100 * UM], source: { file: 'pads.gbr', line: id + 1 },
})
const layer = (features: Feature[]): Layer => ({ file: 'pads.gbr', format: 'gerber', role: 'pads', side: 'top', units: 'mm', roleFrom: 'user', features, diagnostics: [] })
const key = (features: Feature[], change: Partial<TileInput> = {}) =>
  tileKey({ layers: [packLayer(layer(features))], tile, deck, sides: ['top'], inputsIncomplete: false, ...change })

const board = [pad(0, 200 * UM, { component: 'U1', pin: 'A1' }), pad(1, 5000 * UM), region(2, 90 * UM)]

describe('tileKeys', () => {
  it('is the same for the same content, read twice', () => {
    expect(key(board)).toBe(key(structuredClone(board)))
    expect(key(board)).toMatch(/^[0-9a-f]{16}$/)
  })

  it('ignores a feature beyond the halo, and sees one that moves into it', () => {
    const far = [board[0]!, pad(1, 4000 * UM), board[2]!]
    expect(key(far)).toBe(key(board))
    const near = [board[0]!, pad(1, 1100 * UM), board[2]!] // box from 1050 µm: within 1000 + 150
    expect(key(near)).not.toBe(key(board))
  })

  it('sees a pad moved by 1 nm, a polygon vertex moved, a changed line, pin or polarity', () => {
    const base = key(board)
    expect(key([pad(0, 200 * UM + 1, { component: 'U1', pin: 'A1' }), board[1]!, board[2]!])).not.toBe(base)
    expect(key([board[0]!, board[1]!, region(2, 91 * UM)])).not.toBe(base) // same box: only the ring tells
    expect(key([{ ...board[0]!, source: { file: 'pads.gbr', line: 99 } }, board[1]!, board[2]!])).not.toBe(base)
    expect(key([pad(0, 200 * UM, { component: 'U1', pin: 'A2' }), board[1]!, board[2]!])).not.toBe(base)
    expect(key([{ ...board[0]!, polarity: 'clear' }, board[1]!, board[2]!])).not.toBe(base)
  })

  it('takes strings by content, not by their place in a layer\'s table', () => {
    // a component named first in one file and second in the other: other ids, same text
    const a = [pad(0, 5000 * UM, { component: 'X9' }), pad(1, 200 * UM, { component: 'U1' })]
    const b = [pad(0, 5000 * UM, { component: 'Y7' }), pad(1, 200 * UM, { component: 'U1' })]
    const c = [pad(0, 5000 * UM), pad(1, 200 * UM, { component: 'U1' })]
    expect(key(a)).toBe(key(b))
    expect(key(a)).toBe(key(c))
  })

  it('changes with the deck, the sides, the tile and the layer\'s role', () => {
    const base = key(board)
    expect(key(board, { deck: loadDeck('pcb-bga', rules) })).not.toBe(base)
    expect(key(board, { sides: ['top', 'bottom'] })).not.toBe(base)
    expect(key(board, { inputsIncomplete: true })).not.toBe(base)
    expect(key(board, { tile: { ...tile, halo: 100 * UM } })).not.toBe(base)
    expect(tileKey({ layers: [packLayer({ ...layer(board), role: 'deposit' })], tile, deck, sides: ['top'], inputsIncomplete: false })).not.toBe(base)
  })

  it('carried over an edit (the old hashes out, the new in) is the key made from scratch', () => {
    // three tiles across x, each reading 150 µm beyond its edges
    const tiles = [
      { ...tile, maxX: 1000 * UM }, { ...tile, minX: 1000 * UM, maxX: 3000 * UM }, { ...tile, minX: 3000 * UM, maxX: Infinity },
    ]
    const keys = (layer: ReturnType<typeof packLayer>) => tileKeys(tiles.map((t) => ({ layers: [layer], tile: t, deck, sides: ['top'], inputsIncomplete: false })))
    const base = [...board, pad(3, 2000 * UM, { pin: 'B1' }), pad(4, 3500 * UM)]
    const edits: [string, Feature[]][] = [
      ['a pad moved across a tile edge', [base[0]!, pad(1, 2900 * UM), ...base.slice(2)]],
      ['a polygon vertex moved', [...base.slice(0, 2), region(2, 91 * UM), ...base.slice(3)]],
      ['a pin renamed', [...base.slice(0, 3), pad(3, 2000 * UM, { pin: 'B2' }), base[4]!]],
      // ids shift after an insertion or a deletion: the shifted pads' hashes change too
      ['a pad inserted', [base[0]!, pad(1, 1500 * UM), ...base.slice(1)].map((f) => ({ ...f, source: { ...f.source, line: 1 } }))],
      ['a pad deleted', [base[0]!, ...base.slice(2)].map((f) => ({ ...f, source: { ...f.source, line: 1 } }))],
    ]
    for (const [what, features] of edits) {
      const before = packLayer(layer(what.includes('inserted') || what.includes('deleted') ? base.map((f) => ({ ...f, source: { ...f.source, line: 1 } })) : base))
      const old = keys(before)
      const after = packLayer(layer(features))
      const change = diffLayer(before, after)!
      expect(change, what).toBeDefined()
      carryFeatureSums(before, after, change)
      const carried = keys(after)
      expect(carried, what).toEqual(keys(packLayer(layer(features)))) // fresh arrays: summed from scratch
      expect(carried, what).not.toEqual(old)
    }
  })
})

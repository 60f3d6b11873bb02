// Which features of a layer read again differ from the last read of the same file: exactly the ids
// an edit touched, compared by value (strings by their text, not their place in a table).

import { describe, expect, it } from 'vitest'
import { diffLayer, type LayerChange } from '../../src/engine/layer-diff.ts'
import type { Feature, Layer } from '../../src/layers/model.ts'
import { packLayer } from '../../src/layers/pack.ts'

const UM = 1000

/** A round pad at (x, 0), its source line given (a file's lines stay put when a flash is added on a line of its own). */
const pad = (x: number, line: number, extra: Partial<Feature> = {}): Feature => ({
  id: 0, kind: 'flash', polarity: 'dark', shape: { type: 'circle', cx: x, cy: 0, diameter: 100 * UM },
  bbox: [x - 50 * UM, -50 * UM, x + 50 * UM, 50 * UM], source: { file: 'pads.gbr', line }, ...extra,
})
const region = (dent: number, line: number): Feature => ({
  id: 0, kind: 'region', polarity: 'dark',
  shape: { type: 'polygon', paths: [[{ x: 0, y: 0 }, { x: 300 * UM, y: 0 }, { x: 300 * UM, y: 100 * UM }, { x: 150 * UM, y: dent }, { x: 0, y: 100 * UM }]] },
  bbox: [0, 0, 300 * UM, 100 * UM], source: { file: 'pads.gbr', line },
})
const packed = (features: Feature[]) => {
  const layer: Layer = { file: 'pads.gbr', format: 'gerber', role: 'pads', side: 'top', units: 'mm', roleFrom: 'user', features, diagnostics: [] }
  return packLayer(layer)
}
/** Forty pads 1 mm apart, lines 10, 20, …, each of component U1 with pin P<k>, and a region last (id 40). */
const board = (): Feature[] => [...Array.from({ length: 40 }, (_, k) => pad(k * 1000 * UM, 10 * (k + 1), { component: 'U1', pin: `P${k}` })), region(90 * UM, 500)]
const diff = (before: Feature[], after: Feature[]) => {
  const change = diffLayer(packed(before), packed(after))
  return change && { removed: [...change.removed], added: [...change.added], shifted: change.shifted }
}
const same = (ids: number[]): ReturnType<typeof diff> => ({ removed: ids, added: ids, shifted: 0 })

describe('diffLayer', () => {
  it('finds nothing changed in the same content read twice', () => {
    expect(diff(board(), board())).toEqual(same([]))
    const layer = packed(board())
    expect(diffLayer(layer, layer)).toEqual<LayerChange>({ removed: new Int32Array(0), added: new Int32Array(0), shifted: 0 })
  })

  it('finds the one pad moved by 1 nm, and the two of a swap', () => {
    const moved = board()
    moved[3] = pad(3000 * UM + 1, 40, { component: 'U1', pin: 'P3' })
    expect(diff(board(), moved)).toEqual(same([3]))
    const swapped = board()
    ;[swapped[1], swapped[7]] = [swapped[7]!, swapped[1]!]
    expect(diff(board(), swapped)).toEqual(same([1, 7]))
  })

  it('finds a changed line, pin, net, component, polarity, drill and polygon vertex', () => {
    const edits: [number, Feature][] = [
      [0, pad(0, 11, { component: 'U1', pin: 'P0' })],
      [1, pad(1000 * UM, 20, { component: 'U1', pin: 'P9' })], // a pin another pad has: same table, other string
      [2, pad(2000 * UM, 30, { component: 'U1', pin: 'P2', net: 'GND' })],
      [4, pad(4000 * UM, 50, { component: 'U2', pin: 'P4' })],
      [5, pad(5000 * UM, 60, { component: 'U1', pin: 'P5', polarity: 'clear' })],
      [6, pad(6000 * UM, 70, { component: 'U1', pin: 'P6', drill: 30 * UM })],
      [40, region(91 * UM, 500)], // same box: only the ring tells
    ]
    const edited = board()
    for (const [id, feature] of edits) edited[id] = feature
    expect(diff(board(), edited)).toEqual(same(edits.map(([id]) => id)))
  })

  it('finds a rectangle turned, its other numbers the same (the fifth number column)', () => {
    const rect = (rotation: number): Feature => ({
      id: 0, kind: 'flash', polarity: 'dark', shape: { type: 'rect', cx: 0, cy: 0, width: 200 * UM, height: 100 * UM, rotation },
      bbox: [-100 * UM, -100 * UM, 100 * UM, 100 * UM], source: { file: 'pads.gbr', line: 1 },
    })
    expect(diff([...board(), rect(30)], [...board(), rect(60)])).toEqual(same([41]))
  })

  it('compares strings by their text, not by their place in the string table', () => {
    // the first pad's component named first in one file and not at all in the other: every later id moves
    const a = [pad(-1000 * UM, 5, { component: 'X9', pin: 'Q' }), ...board()]
    const b = [pad(-1000 * UM, 5), ...board()]
    expect(diff(a, b)).toEqual(same([0]))
  })

  it('reads no reference column neither layer uses, and still finds a pin given where none was, or every feature\'s file changed', () => {
    const bare = (file = 'pads.gbr') => Array.from({ length: 8 }, (_, k) => ({ ...pad(k * 1000 * UM, k + 1), source: { file, line: k + 1 } }))
    expect(diff(bare(), bare())).toEqual(same([]))
    expect(diff(bare(), bare().map((f, k) => (k === 3 ? { ...f, pin: 'A1' } : f)))).toEqual(same([3]))
    // one attribute set for all, never written: its strings still compared (every feature changed: not local)
    expect(diff(bare(), bare('other.gbr'))).toBeUndefined()
  })

  it('finds an insertion and a deletion between a common prefix and suffix, the suffix shifted', () => {
    const inserted = board()
    inserted.splice(4, 0, pad(3500 * UM, 45)) // a line of its own between two others: no line moves
    expect(diff(board(), inserted)).toEqual({ removed: [], added: [4], shifted: 37 })
    const deleted = board()
    deleted.splice(4, 1)
    expect(diff(board(), deleted)).toEqual({ removed: [4], added: [], shifted: 36 })
    // one replaced by two, next to the end
    const replaced = board()
    replaced.splice(39, 1, pad(39000 * UM, 400, { component: 'U1', pin: 'P39', net: 'A' }), pad(39500 * UM, 401))
    expect(diff(board(), replaced)).toEqual({ removed: [39], added: [39, 40], shifted: 1 })
    // added at the end
    expect(diff(board(), [...board(), pad(0, 600)])).toEqual({ removed: [], added: [41], shifted: 0 })
  })

  it('gives up where the change is not local: more than a quarter of the features', () => {
    // 11 of 41 lines moved
    const many = board().map((f, k) => (k < 11 ? { ...f, source: { ...f.source, line: f.source.line + 1 } } : f))
    expect(diff(board(), many)).toBeUndefined()
    // a line added near the top: every later feature's line moves
    const shifted = [pad(-1000 * UM, 1), ...board().map((f) => ({ ...f, source: { ...f.source, line: f.source.line + 1 } }))]
    expect(diff(board(), shifted)).toBeUndefined()
  })
})

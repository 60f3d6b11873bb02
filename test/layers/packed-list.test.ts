// Lists of packed features (ids over the shared arrays, src/layers/packed-feature.ts) and the
// identity of a feature whose handle is made anew on each read.

import { describe, expect, it } from 'vitest'
import { packLayer } from '../../src/layers/pack.ts'
import { featureCount, featureKey, featureList, filterList, joinLists, layerView, listArray, pickList, plainFeature, PackedList } from '../../src/layers/packed-feature.ts'
import type { Feature, Layer } from '../../src/layers/model.ts'

const flash = (id: number, x: number, polarity: 'dark' | 'clear' = 'dark', file = 'a.gbr'): Feature => ({
  id, kind: 'flash', shape: { type: 'circle', cx: x, cy: 0, diameter: 100 }, polarity, bbox: [x - 50, -50, x + 50, 50], source: { file, line: id + 1 },
})
const layer = (file: string, features: Feature[]): Layer => ({ file, format: 'gerber', role: 'mask', side: 'top', units: 'mm', roleFrom: 'user', features, diagnostics: [] })

describe('packed lists', () => {
  const a = packLayer(layer('a.gbr', [flash(0, 0), flash(1, 1000, 'clear'), flash(2, 2000)]))
  const b = packLayer(layer('b.gbr', [flash(0, 5000, 'dark', 'b.gbr')]))

  it('reads a layer view as ids, making its features array only when asked, with the same features', () => {
    const view = layerView(a, (minX) => minX > 500)
    const list = featureList(view)
    expect(list).toBeInstanceOf(PackedList)
    expect(featureCount(view)).toBe(2)
    expect(listArray(list).map((f) => f.id)).toEqual([1, 2])
    expect(view.features.map(plainFeature)).toEqual(listArray(list).map(plainFeature))
    expect(view.features).toBe(view.features) // made once
  })

  it('joins and filters layers in order, keeping each feature its layer', () => {
    const joined = joinLists([featureList(layerView(a)), featureList(layerView(b))])
    expect(joined.length).toBe(4)
    expect(listArray(joined).map((f) => [f.source.file, f.id])).toEqual([['a.gbr', 0], ['a.gbr', 1], ['a.gbr', 2], ['b.gbr', 0]])
    const dark = filterList(joined, (f) => f.polarity === 'dark')
    expect(listArray(dark).map((f) => f.bbox[0])).toEqual([-50, 1950, 4950])
    expect(joined.at(4)).toBeUndefined()
  })

  it('picks features by position, in the order asked, from packed lists and arrays alike', () => {
    const joined = joinLists([featureList(layerView(a)), featureList(layerView(b))])
    const picked = pickList(joined, [3, 0, 2])
    expect(picked).toBeInstanceOf(PackedList)
    expect(listArray(picked).map((f) => [f.source.file, f.id])).toEqual([['b.gbr', 0], ['a.gbr', 0], ['a.gbr', 2]])
    const plain = [flash(0, 0), flash(1, 10), flash(2, 20)]
    expect(pickList(plain, [2, 1])).toEqual([plain[2], plain[1]])
  })

  it('filters plain arrays as arrays, and joins a mixture into one array', () => {
    const plain = [flash(0, 0), flash(1, 10, 'clear')]
    expect(filterList(plain, (f) => f.polarity === 'clear')).toEqual([plain[1]])
    const mixed = joinLists([plain, featureList(layerView(b))])
    expect(Array.isArray(mixed)).toBe(true)
    expect(listArray(mixed).map((f) => f.bbox[0])).toEqual([-50, -40, 4950])
  })

  it('tells two handles of one feature the same by featureKey, and features of two layers apart', () => {
    const list = featureList(layerView(a))
    expect(list.at(2)).not.toBe(list.at(2))
    expect(featureKey(list.at(2)!)).toBe(featureKey(list.at(2)!))
    expect(featureKey(list.at(0)!)).not.toBe(featureKey(featureList(layerView(b)).at(0)!))
    const plain = flash(0, 0)
    expect(featureKey(plain)).toBe(plain)
  })
})

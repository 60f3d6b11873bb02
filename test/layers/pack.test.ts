// Packed layers (the one form a layer has in memory) must give back exactly the features the readers
// plot: every field, every key present or absent, in file order, for Gerber, Excellon and ODB++ layers.

import { describe, expect, it } from 'vitest'
import { readGerber, readGerberInto } from '../../src/ingest/gerber/index.ts'
import { expandInputs } from '../../src/ingest/source.ts'
import { readExcellon } from '../../src/ingest/excellon/index.ts'
import { readOdbJob } from '../../src/ingest/odb/index.ts'
import { loadEntriesPacked, loadLayers, readPacked } from '../../src/ingest/load.ts'
import { drillOf, PACKED, PackedLayerBuilder, packLayer, textId, type TextField } from '../../src/layers/pack.ts'
import { featureObjects, layerView, PackedFeature, plainFeature } from '../../src/layers/packed-feature.ts'
import { allStrings, stringAt } from '../../src/layers/shared-strings.ts'
import { readFileSync } from 'node:fs'
import type { Feature, Layer } from '../../src/layers/model.ts'
import type { Shape } from '../../src/geometry/types.ts'
import { shapeBox } from '../../src/geometry/polygonize.ts'
import { sourceBytes } from '../../src/ingest/source-bytes.ts'
import { SEED_DIR } from '../fuzz/odb-seed.ts'
import { realBoardsAvailable, sharedReal } from '../real-boards.ts'

/** Features as plain objects, as the readers make them (a packed layer's are handles over its arrays). */
const plain = (features: readonly Feature[]) => features.map(plainFeature)

/** Each input's features as its reader plots them, objects and all, by file. */
async function readerFeatures(inputs: string[]): Promise<Map<string, Feature[]>> {
  const { entries } = await expandInputs(inputs)
  const out = new Map<string, Feature[]>()
  for (const entry of entries) {
    if (entry.kind !== 'file') for (const layer of await readOdbJob(entry.path, {})) out.set(layer.file, layer.features)
    else {
      const text = readFileSync(entry.path, 'latin1')
      out.set(entry.path, (/\.(drl|xln|exc)$/i.test(entry.path) ? readExcellon(text, entry.path) : readGerber(text, entry.path)).features)
    }
  }
  return out
}

/** clipper2-ts gives its output points a `z: 0`; the Point contract is x and y, which is what is packed. */
const withoutZ = <T>(value: T): T => JSON.parse(JSON.stringify(value, (key, v) => (key === 'z' ? undefined : v)))

const withReal = realBoardsAvailable('the loader-against-reader test on gerbv-ekf2/l1.grb, and atmega328 in the round trip')
// the project's own fixtures cover every packed shape (custom_pads_test: KiCad 6 X2 with macro pads);
// the real atmega328 board (KiCad 5 X2) joins where ../shared is there
const INPUTS = ['fixtures/kicad-bga-dev/gerber', 'fixtures/kicad-demos/custom_pads_test', SEED_DIR,
  ...(withReal ? [sharedReal('atmega328-motor-board')] : [])]

describe('packed layers', { timeout: 60_000 }, () => {
  it('read back as the very features the readers plot, for every fixture layer', async () => {
    const { layers, errors } = await loadLayers(INPUTS)
    expect(errors).toEqual([])
    const kinds = new Set(layers.flatMap((l) => l.features.map((f) => f.shape.type)))
    // the fixtures exercise every shape the packer stores
    expect([...kinds].sort()).toEqual(['circle', 'obround', 'polygon', 'rect', 'stroke'])
    expect(layers.some((l) => l.format === 'odb') && layers.some((l) => l.format === 'excellon')).toBe(true)
    const read = await readerFeatures(INPUTS)
    expect(read.size).toBe(layers.length)
    for (const layer of layers) {
      expect(layer.features.every((f) => f instanceof PackedFeature)).toBe(true)
      // strict: an optional key absent stays absent
      expect(plain(layer.features)).toStrictEqual(withoutZ(read.get(layer.file)))
      // and JSON (the server's layers, a debugging dump) sees the same
      expect(JSON.parse(JSON.stringify(layer.features))).toStrictEqual(withoutZ(read.get(layer.file)))
    }
  })

  it('keep only the features whose x-extent the filter accepts, with their ids and order', async () => {
    const { layers } = await loadLayers(['fixtures/kicad-bga-dev/gerber/bga-dev-F_Cu.gbr'])
    const layer = layers[0]!
    // the middle third of the board's width
    const minX = Math.min(...layer.features.map((f) => f.bbox[0])), maxX = Math.max(...layer.features.map((f) => f.bbox[2]))
    const [from, to] = [minX + (maxX - minX) / 3, minX + (2 * (maxX - minX)) / 3]
    const strip = layerView(packLayer(layer), (minX, _minY, maxX) => maxX >= from && minX <= to)
    const expected = layer.features.filter((f) => f.bbox[2] >= from && f.bbox[0] <= to)
    expect(strip.features.length).toBe(expected.length)
    expect(strip.features.length).toBeGreaterThan(0)
    expect(strip.features.length).toBeLessThan(layer.features.length)
    expect(strip.features.map((f) => f.id)).toEqual(expected.map((f) => f.id))
    expect(plain(strip.features)).toStrictEqual(plain(expected))
  })

  it.skipIf(!withReal)('read by the loader (arrays sized by featureBound) gives the same layers as the readers\' own builders, packed again', async () => {
    // l1.grb's 15 547 features: the loader's arrays are sized ahead, a reader's own builder grows
    const inputs = ['fixtures/kicad-bga-dev/gerber', sharedReal('gerbv-ekf2/l1.grb')]
    const { entries } = await expandInputs(inputs)
    const streamed = await loadEntriesPacked(entries)
    const read = await readerFeatures(inputs)
    expect(read.get(sharedReal('gerbv-ekf2/l1.grb'))!.length).toBe(15_547)
    expect(streamed.errors).toEqual([])
    for (const layer of streamed.layers) {
      const whole = packLayer({ ...layer.meta, features: read.get(layer.meta.file)! })
      expect(plain(layerView(layer).features)).toStrictEqual(plain(layerView(whole).features))
    }
  })

  it('writes step-and-repeat copies in image order, row by row, ids counting on', () => {
    // 150 × 150 copies of one 0.1 mm flash at a 0.2 mm pitch: copy (row r, column c) is id 150 r + c at (0.2 c, 0.2 r) mm
    const text = '%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.1*%\n%SRX150Y150I0.2J0.2*%\nD10*\nX0Y0D03*\n%SR*%\nM02*\n'
    const { packed } = readPacked(text, 'sr.gbr', 'gerber')
    expect(packed.count).toBe(22_500)
    const at = (id: number) => new PackedFeature(packed, id).shape
    expect(at(0)).toEqual({ type: 'circle', cx: 0, cy: 0, diameter: 100_000 })
    expect(at(151)).toEqual({ type: 'circle', cx: 200_000, cy: 200_000, diameter: 100_000 })
    expect(at(22_499)).toEqual({ type: 'circle', cx: 29_800_000, cy: 29_800_000, diameter: 100_000 })
  })

  it('writes a plain flash straight into the arrays exactly as a flash copied by a step and repeat (an object)', () => {
    // the same three pads, plain (written with no object) and inside a 1 × 1 step and repeat (objects, pushed)
    const head = '%FSLAX46Y46*%\n%MOMM*%\n%TA.AperFunction,BGAPad,CuDef*%\n%ADD10C,0.4*%\n%TD*%\n%TO.C,U5*%\nD10*\n'
    const pads = '%TO.P,U5,A1*%\nX0Y0D03*\n%TO.P,U5,A2*%\n%LPC*%\nX1000000Y0D03*\n%TO.N,GND*%\n%LPD*%\nX-2500000Y-33D03*\n'
    // (comments where the repeat opens and closes: the same lines)
    const direct = readPacked(`${head}G04 plain*\n${pads}G04 plain*\nM02*\n`, 'p.gbr', 'gerber').packed
    const copied = readPacked(`${head}%SRX1Y1I0J0*%\n${pads}%SR*%\nM02*\n`, 'p.gbr', 'gerber').packed
    expect(direct.count).toBe(3)
    // each column's rows of these features (the two builders' rooms differ), and the codes
    const rows = (p: typeof direct, array: Float64Array | Int32Array, columns: number) =>
      Array.from({ length: columns }, (_, k) => array.subarray(k * p.room, k * p.room + p.count))
    const bytes = (p: typeof direct) => [...rows(p, p.columns, 6), p.codes, ...rows(p, p.refs, 4)].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex'))
    expect(bytes(direct)).toEqual(bytes(copied))
    expect(allStrings(direct.strings)).toEqual(allStrings(copied.strings))
    expect(allStrings(direct.strings)).toEqual(['p.gbr', 'BGAPad', 'U5', 'A1', 'CuDef', 'A2', 'GND'])
    expect(plain(featureObjects(direct)).map((f) => [f.polarity, f.bbox, f.pin, f.net])).toEqual([
      ['dark', [-200_000, -200_000, 200_000, 200_000], 'A1', undefined],
      ['clear', [800_000, -200_000, 1_200_000, 200_000], 'A2', undefined],
      ['dark', [-2_700_000, -200_033, -2_300_000, 199_967], 'A2', 'GND'],
    ])
  })

  it('round-trips the pad definition and the package, present or absent, and names their offsets in PACKED', () => {
    const base: Omit<Feature, 'id'> = { kind: 'flash', shape: { type: 'circle', cx: 0, cy: 0, diameter: 500_000 }, polarity: 'dark',
      bbox: [-250_000, -250_000, 250_000, 250_000], source: { file: 'a.gbr', line: 3 } }
    const features: Feature[] = [
      { ...base, id: 0, aperFunction: 'BGAPad', padDefinition: 'CuDef', component: 'U5', pin: 'A1' },
      { ...base, id: 1, aperFunction: 'SMDPad', padDefinition: 'SMDef', component: 'U1', package: 'BGA1764C100P42X42_4250X4250X277', pin: 'B2', net: 'GND' },
      { ...base, id: 2, aperFunction: 'ViaPad' },
      { ...base, id: 3, component: 'J1', package: 'IRONWOOD_BGASOCKET' },
      { ...base, id: 4, kind: 'hole', aperFunction: 'ViaDrill', drill: 500_000, plated: true, ipc4761: 'VII' },
    ]
    const layer: Layer = { file: 'a.gbr', format: 'gerber', role: 'pads', side: 'top', units: 'mm', roleFrom: 'x2', features, diagnostics: [] }
    const packed = packLayer({ ...layer, features: [...features] })
    expect(plain(layerView(packed).features)).toStrictEqual(features)
    // pin and net in the feature's references, the rest in its attribute set
    const text = (i: number, field: TextField) => (textId(packed, i, field) < 0 ? undefined : stringAt(packed.strings, textId(packed, i, field)))
    const set = (i: number) => packed.refs[PACKED.ref.attrs * packed.room + i]!
    expect([0, 1, 2, 3, 4].map((i) => text(i, 'pin'))).toEqual(['A1', 'B2', undefined, undefined, undefined])
    expect(text(1, 'net')).toBe('GND')
    expect(stringAt(packed.strings, packed.attrs[set(1) * PACKED.attrs + PACKED.attr.component]!)).toBe('U1')
    // five features, five different sets; a sixth like the first shares its set
    expect(new Set([0, 1, 2, 3, 4].map(set)).size).toBe(5)
    const again = packLayer({ ...layer, features: [...features, { ...features[0]!, id: 5, pin: 'A2' }] })
    expect(again.refs[PACKED.ref.attrs * again.room + 5]).toBe(again.refs[PACKED.ref.attrs * again.room + 0])
    expect(again.attrs.length).toBe(5 * PACKED.attrs)
    expect([0, 1, 2, 3].map((i) => text(i, 'padDefinition'))).toEqual(['CuDef', 'SMDef', undefined, undefined])
    expect([0, 1, 2, 3].map((i) => text(i, 'package'))).toEqual([undefined, 'BGA1764C100P42X42_4250X4250X277', undefined, 'IRONWOOD_BGASOCKET'])
    expect([3, 4].map((i) => text(i, 'ipc4761'))).toEqual([undefined, 'VII'])
  })

  it('keeps no box but a polygon\'s, and a drill only where there is one, yet reads back every box and drill as written', () => {
    const feature = (id: number, kind: Feature['kind'], shape: Shape, extra: Partial<Feature> = {}): Feature =>
      ({ id, kind, shape, polarity: 'dark', bbox: shapeBox(shape), source: { file: 'a.drl', line: id + 1 }, ...extra })
    const ring = [{ x: 0, y: 0 }, { x: 400_000, y: 0 }, { x: 400_000, y: 300_000 }]
    const features: Feature[] = [
      feature(0, 'hole', { type: 'circle', cx: 1_000_000, cy: -3, diameter: 250_001 }, { drill: 250_001, plated: true }),
      // turned off the axes: its box is its outline's, made again from the shape when asked
      feature(1, 'flash', { type: 'obround', cx: 5_000_000, cy: 5_000_000, width: 1_200_000, height: 600_000, rotation: 30 }),
      feature(2, 'flash', { type: 'rect', cx: 0, cy: 0, width: 500_000, height: 200_000, rotation: 90 }),
      feature(3, 'slot', { type: 'stroke', x1: 0, y1: 0, x2: 2_000_000, y2: -1_000_000, width: 300_000 }, { drill: 300_000, plated: false }),
      feature(4, 'slot', { type: 'polygon', paths: [ring] }, { drill: 150_000 }),
      // an ODB++ arc of no rings keeps the box its reader gave it
      { ...feature(5, 'arc', { type: 'polygon', paths: [] }), bbox: [-10, -20, 30, 40] },
      feature(6, 'hole', { type: 'circle', cx: 0, cy: 0, diameter: 100_000 }, { drill: 100_000 }),
    ]
    const layer: Layer = { file: 'a.drl', format: 'odb', role: 'vias', side: 'top', units: 'mm', roleFrom: 'odb-matrix', features, diagnostics: [] }
    const packed = packLayer({ ...layer, features: [...features] })
    expect(plain(layerView(packed).features)).toStrictEqual(features)
    expect(features.map((_, i) => drillOf(packed, i))).toEqual([250_001, NaN, NaN, 300_000, 150_000, NaN, 100_000])
    // the drill column is written for the drilled features only: the others' rows keep the array's 0
    const drills = packed.columns.subarray(5 * packed.room, 5 * packed.room + features.length)
    expect([...drills]).toEqual([250_001, 0, 0, 300_000, 150_000, 0, 100_000])
  })

  it('writes no value a feature lacks, nor a 0: round pads of one attribute set fill three columns and a line, and the other columns keep the array\'s zeros', () => {
    const pads = Array.from({ length: 3000 }, (_, k) => `X${k * 1000}Y0D03*\n`).join('')
    const { packed } = readPacked(`%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\n${pads}M02*\n`, 'r.gbr', 'gerber')
    const column = (array: Float64Array | Int32Array, k: number) => array.subarray(k * packed.room, k * packed.room + packed.count)
    const untouched = (a: Float64Array | Int32Array) => a.every((v) => v === 0)
    expect(packed.count).toBe(3000)
    expect(column(packed.columns, 2).every((d) => d === 100_000)).toBe(true)
    expect([3, 4, 5].map((k) => untouched(column(packed.columns, k)))).toEqual([true, true, true])
    expect(column(packed.refs, PACKED.ref.line)[2999]).toBe(3004)
    expect([PACKED.ref.pin, PACKED.ref.net, PACKED.ref.attrs].map((k) => untouched(column(packed.refs, k)))).toEqual([true, true, true])
    expect(textId(packed, 0, 'pin')).toBe(-1)
    expect(textId(packed, 2999, 'file')).toBe(allStrings(packed.strings).indexOf('r.gbr'))
  })

  it('says which reference columns some feature uses, so a scan reads no column of zeros', () => {
    const builder = new PackedLayerBuilder()
    builder.circle('flash', false, 0, 0, 100, NaN, undefined, 1, 'p.gbr', undefined, undefined, undefined, undefined, undefined, undefined)
    expect(builder.finish().refsUsed).toBe(1 << PACKED.ref.line)
    // a pin, and a second attribute set (a component): their columns
    builder.circle('flash', false, 0, 0, 100, NaN, undefined, 2, 'p.gbr', undefined, undefined, undefined, 'U1', 'A1', undefined)
    expect(builder.finish().refsUsed).toBe((1 << PACKED.ref.line) | (1 << PACKED.ref.pin) | (1 << PACKED.ref.attrs))
  })

  it('keeps each string once, by its first use, the empty one included', () => {
    // %TO.P,U3,*% gives an empty pin; pins repeat across components; 250 more pins make the string table grow past 1 024 slots twice
    const pads = ['U3,', 'U3,A1', 'U4,', 'U4,A1', ...Array.from({ length: 1250 }, (_, k) => `U5,P${k % 625}`)]
    const text = `%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\n${pads.map((p) => `%TO.P,${p}*%\nX0Y0D03*\n`).join('')}M02*\n`
    const { packed } = readPacked(text, 'e.gbr', 'gerber')
    expect(allStrings(packed.strings).slice(0, 6)).toEqual(['e.gbr', 'U3', '', 'A1', 'U4', 'U5'])
    expect(allStrings(packed.strings)).toHaveLength(6 + 625)
    const pin = (i: number) => textId(packed, i, 'pin')
    expect([0, 1, 2, 3].map(pin)).toEqual([2, 3, 2, 3])
    expect(pin(4 + 625)).toBe(pin(4))
  })

  it('carries a Gerber pad definition through the packing reader', () => {
    const text = '%FSLAX46Y46*%\n%MOMM*%\n%TA.AperFunction,BGAPad,CuDef*%\n%ADD10C,0.4*%\n%TD*%\n%TO.P,U5,A1*%\nD10*\nX0Y0D03*\nM02*\n'
    const builder = new PackedLayerBuilder()
    const image = readGerberInto(sourceBytes(text), 'bga.gbr', builder)
    const meta: Omit<Layer, 'features'> = { file: 'bga.gbr', format: 'gerber', role: 'pads', side: 'top', units: image.units, roleFrom: 'filename', diagnostics: [] }
    const back = layerView({ ...builder.finish(), meta, keys: [...Object.keys(meta), 'features'] })
    expect(back.features.map((f) => [f.aperFunction, f.padDefinition, f.component, f.pin])).toEqual([['BGAPad', 'CuDef', 'U5', 'A1']])
  })
})

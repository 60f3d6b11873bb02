import { describe, expect, it } from 'vitest'
import { shapeBox } from '../../src/geometry/polygonize.ts'
import { layersTable, summarizeLayer } from '../../src/layers/summary.ts'
import type { Feature, FeatureKind, Layer } from '../../src/layers/model.ts'
import type { Shape } from '../../src/geometry/types.ts'

const feature = (id: number, kind: FeatureKind, shape: Shape, extra: Partial<Feature> = {}): Feature =>
  ({ id, kind, shape, polarity: 'dark', bbox: shapeBox(shape), source: { file: 'l.gbr', line: id + 1 }, ...extra })

const layer = (features: Feature[]): Layer => ({
  file: 'board-F_Cu.gbr', format: 'gerber', role: 'pads', side: 'top', units: 'mm', roleFrom: 'x2',
  fileFunction: ['Copper', 'L1', 'Top'], features, diagnostics: [],
})

describe('summarizeLayer', () => {
  // a 2 × 1 mm SMD pad at (10, 0), a 1 mm BGA pad at (0, 0) with a 0.5 mm clear hole, a 0.2 mm track
  const features = [
    feature(0, 'flash', { type: 'rect', cx: 10_000_000, cy: 0, width: 2_000_000, height: 1_000_000, rotation: 0 }, { aperFunction: 'SMDPad' }),
    feature(1, 'flash', { type: 'circle', cx: 0, cy: 0, diameter: 1_000_000 }, { aperFunction: 'BGAPad' }),
    feature(2, 'flash', { type: 'circle', cx: 0, cy: 0, diameter: 500_000 }, { polarity: 'clear' }),
    feature(3, 'draw', { type: 'stroke', x1: 20_000_000, y1: 5_000_000, x2: 25_000_000, y2: 5_000_000, width: 200_000 }, { aperFunction: 'Conductor' }),
  ]
  const summary = summarizeLayer(layer(features))

  it('counts features by kind and by aperture function (keys sorted)', () => {
    expect(summary.counts).toEqual({ flash: 3, draw: 1, arc: 0, region: 0, hole: 0, slot: 0 })
    expect(Object.entries(summary.byFunction)).toEqual([['BGAPad', 1], ['Conductor', 1], ['SMDPad', 1]])
  })
  it('gives the box in mm: the track end cap reaches 25.1 mm, the pad -0.5 mm', () => {
    expect(summary.bbox).toEqual([-0.5, -0.5, 25.1, 5.1])
  })
  it('gives the dark area in mm²: 2 + π(0.5² − 0.25²) + 5 × 0.2 + π 0.1²', () => {
    const expected = 2 + Math.PI * (0.25 - 0.0625) + 1 + Math.PI * 0.01
    expect(summary.darkArea / expected).toBeCloseTo(1, 3)
    expect(String(summary.darkArea).split('.')[1]!.length).toBeLessThanOrEqual(6)
  })
  it('keeps role, side, units and X2 file function', () => {
    expect(summary).toMatchObject({ path: 'board-F_Cu.gbr', role: 'pads', side: 'top', roleFrom: 'x2', units: 'mm', fileFunction: ['Copper', 'L1', 'Top'] })
  })
  it('gives an empty layer a null box and zero area', () => {
    expect(summarizeLayer(layer([]))).toMatchObject({ bbox: null, darkArea: 0, byFunction: {} })
  })
})

describe('layersTable', () => {
  it('prints one aligned row per layer under a header', () => {
    const text = layersTable([summarizeLayer(layer([feature(0, 'hole', { type: 'circle', cx: 1_000_000, cy: 2_000_000, diameter: 300_000 })]))])
    const [header, row, end] = text.split('\n')
    expect(header!.split(/\s{2,}/)).toEqual(['path', 'role', 'side', 'from', 'units', 'flash', 'draw', 'arc', 'region', 'hole', 'slot', 'dark mm²', 'bbox mm'])
    expect(row!.split(/\s+/)).toEqual(['board-F_Cu.gbr', 'pads', 'top', 'x2', 'mm', '0', '0', '0', '0', '1', '0', '0.071', '0.850', '1.850', '1.150', '2.150'])
    expect(end).toBe('')
    expect(header!.indexOf('hole') + 'hole'.length).toBe(row!.indexOf(' 1 ') + 2) // numbers right-aligned under their header
  })
})

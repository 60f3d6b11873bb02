// Which pads are bump pads, on hand-placed pads: each exclusion reason, each mode, the grid
// heuristic's limits (3 × 3, one pitch, maxBumpPitch), and KiCad 5.0's BGAPad on lone round pads.
import { describe, expect, it } from 'vitest'
import { chooseBumpPads, globMatcher, isPadCandidate, PAD_GRID_TOLERANCE, type PadChoiceOptions } from '../../src/layers/bump-pads.ts'
import { shapeBox } from '../../src/geometry/polygonize.ts'
import type { Feature } from '../../src/layers/model.ts'
import type { Shape } from '../../src/geometry/types.ts'
import { listArray } from '../../src/layers/packed-feature.ts'

const mm = (v: number) => Math.round(v * 1e6)
let line = 0
function pad(x: number, y: number, extra: Partial<Feature> = {}, d = 0.4): Feature {
  const shape: Shape = { type: 'circle', cx: mm(x), cy: mm(y), diameter: mm(d) }
  return { id: line, kind: 'flash', shape, polarity: 'dark', bbox: shapeBox(shape), source: { file: 'hand.gbr', line: ++line }, ...extra }
}
/** rows × columns pads at `pitch` (x and y may differ), from (x0, y0). */
function grid(rows: number, columns: number, pitch: number, extra: Partial<Feature> = {}, x0 = 0, y0 = 0, pitchY = pitch): Feature[] {
  const out: Feature[] = []
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out.push(pad(x0 + c * pitch, y0 + r * pitchY, extra))
  return out
}
const options = (over: Partial<PadChoiceOptions> = {}): PadChoiceOptions => ({
  mode: 'bga', padFunctions: ['SMDPad', 'BGAPad'], maxBumpPitch: mm(1.27), excludeComponents: [], pitchTolerance: PAD_GRID_TOLERANCE, ...over,
})
const noHoles = () => false

describe('isPadCandidate', () => {
  it('takes dark flashes and pad-function regions, not pours, tracks or clear features', () => {
    expect(isPadCandidate({ polarity: 'dark', kind: 'flash' })).toBe(true)
    expect(isPadCandidate({ polarity: 'dark', kind: 'flash', aperFunction: 'SMDPad' })).toBe(true)
    expect(isPadCandidate({ polarity: 'dark', kind: 'flash', aperFunction: 'Conductor' })).toBe(false)
    expect(isPadCandidate({ polarity: 'dark', kind: 'region', aperFunction: 'SMDPad' })).toBe(true)
    expect(isPadCandidate({ polarity: 'dark', kind: 'region' })).toBe(false)
    expect(isPadCandidate({ polarity: 'dark', kind: 'draw', aperFunction: 'SMDPad' })).toBe(false)
    expect(isPadCandidate({ polarity: 'clear', kind: 'flash' })).toBe(false)
  })
})

describe('globMatcher', () => {
  it('matches whole reference designators with * and ?', () => {
    const m = globMatcher(['U*', 'J1?'])
    expect(['U1', 'U23', 'J10'].map(m)).toEqual([true, true, true])
    expect(['XU1', 'J1', 'J100', 'R1'].map(m)).toEqual([false, false, false, false])
    expect(globMatcher([])('U1')).toBe(false)
  })
})

describe('chooseBumpPads: the grid heuristic (bga without BGAPad, arrays)', () => {
  it('takes a 4 × 4 grid at 0.8 mm and names it by its component, with its rows, columns and pitch', () => {
    const bga = grid(4, 4, 0.8, { component: 'U1', aperFunction: 'SMDPad' })
    const choice = chooseBumpPads(bga, noHoles, options())
    expect(choice.pads).toHaveLength(16)
    expect(choice.arrays).toEqual([{ name: 'U1', pads: [...Array(16).keys()], chosenBy: 'grid', grid: { rows: 4, columns: 4, pitchX: mm(0.8), pitchY: mm(0.8) } }])
    expect([...choice.leftOut]).toEqual([])
  })

  it('leaves out 2-row patterns (dual-row connectors, resistor arrays) and lone pads as not in a bump grid', () => {
    const pads = [...grid(2, 10, 0.5, { component: 'J1' }), pad(20, 20, { component: 'R1' })]
    const choice = chooseBumpPads(pads, noHoles, options())
    expect(choice.pads).toEqual([])
    expect([...choice.leftOut]).toEqual([['not in a bump grid (3 × 3 or more, one pitch ≤ process.maxBumpPitch)', 21]])
  })

  it('leaves out a grid whose pitch exceeds maxBumpPitch, and one with unequal pitches', () => {
    expect(chooseBumpPads(grid(3, 3, 2.54), noHoles, options()).pads).toEqual([])
    expect(chooseBumpPads(grid(3, 3, 1.0, {}, 0, 0, 0.5), noHoles, options()).pads).toEqual([])
    expect(chooseBumpPads(grid(3, 3, 2.54), noHoles, options({ maxBumpPitch: null })).pads).toHaveLength(9)
  })

  it('names a grid without components by its corner, and tells pads of different sizes apart', () => {
    const pads = [...grid(3, 3, 1.0), pad(0.5, 0.5, {}, 0.3)]
    const choice = chooseBumpPads(pads, noHoles, options({ mode: 'arrays' }))
    expect(choice.arrays.map((a) => [a.name, a.pads.length, a.chosenBy])).toEqual([['grid@0.000,0.000', 9, 'grid']])
    expect(choice.leftOut.get('not in a bump grid (3 × 3 or more, one pitch ≤ process.maxBumpPitch)')).toBe(1)
  })

  it('takes neither of two interleaved lattices (a staggered aQFN or ball field)', () => {
    const staggered = [...grid(4, 4, 0.666), ...grid(4, 4, 0.666, {}, 0.333, 0.333)]
    expect(chooseBumpPads(staggered, noHoles, options()).pads).toEqual([])
    expect(chooseBumpPads(grid(4, 4, 0.666), noHoles, options()).pads).toHaveLength(16)
  })

  it('leaves out a lattice under 20 % full and lands wider than 3/4 of the pitch', () => {
    // a 3 × 12 field with only its corners and two more: 6 of 36 sites, linked only where neighbours are one pitch apart
    const sparse = [pad(0, 0), pad(1, 0), pad(0, 1), pad(1, 1), pad(0, 2), pad(1, 2), pad(11, 0), pad(11, 1), pad(11, 2)]
    expect(chooseBumpPads(sparse, noHoles, options()).pads).toHaveLength(0)
    const wide = grid(3, 3, 1.0).map((p) => pad(p.shape.type === 'circle' ? p.shape.cx / 1e6 : 0, p.shape.type === 'circle' ? p.shape.cy / 1e6 : 0, {}, 0.8))
    expect(chooseBumpPads(wide, noHoles, options()).pads).toEqual([])
  })

  it('tells macro pads of different sizes apart by their box', () => {
    const poly = (x: number, y: number, w: number): Feature => {
      const s = mm(w / 2)
      const shape: Shape = { type: 'polygon', paths: [[{ x: mm(x) - s, y: mm(y) - s }, { x: mm(x) + s, y: mm(y) - s }, { x: mm(x) + s, y: mm(y) + s }, { x: mm(x) - s, y: mm(y) + s }]] }
      return { id: 0, kind: 'flash', shape, polarity: 'dark', bbox: shapeBox(shape), source: { file: 'hand.gbr', line: ++line } }
    }
    // a 3 × 3 grid whose centre pad is larger: the eight equal ones are not 3 × 3 without it
    const pads = grid(3, 3, 1.0).map((p, i) => poly(p.bbox[0] / 1e6 + 0.2, p.bbox[1] / 1e6 + 0.2, i === 4 ? 0.6 : 0.4))
    const choice = chooseBumpPads(pads, noHoles, options())
    expect(choice.pads).toHaveLength(8)
    expect(chooseBumpPads(grid(3, 3, 1.0).map((p) => poly(p.bbox[0] / 1e6 + 0.2, p.bbox[1] / 1e6 + 0.2, 0.4)), noHoles, options()).pads).toHaveLength(9)
  })

  it('credits an ODB++ package named as a ball grid', () => {
    const choice = chooseBumpPads(grid(3, 3, 1.0, { component: 'U7', package: 'BGA1764C100P42X42' } as Partial<Feature>), noHoles, options())
    expect(choice.arrays[0]!.chosenBy).toBe('odb-package')
  })
})

describe('chooseBumpPads: what is never a bump pad', () => {
  it('leaves out drilled pads, pads of unlisted functions and excluded components, by reason', () => {
    const bga = grid(3, 3, 1.0, { component: 'U1', aperFunction: 'SMDPad' })
    const others = [
      pad(10, 0, { aperFunction: 'ConnectorPad' }), pad(11, 0, { aperFunction: 'TestPad' }), pad(12, 0, { aperFunction: 'FiducialPad' }),
      pad(13, 0, { aperFunction: 'HeatsinkPad' }), pad(14, 0, { aperFunction: 'ComponentPad' }), pad(15, 0, { aperFunction: 'ViaPad' }),
      pad(16, 0, { component: 'J3' }), pad(17, 0, { aperFunction: 'SMDPad' }),
    ]
    const drilled = (f: Feature) => f === others[7]
    const choice = chooseBumpPads([...bga, ...others], drilled, options({ excludeComponents: ['J*'] }))
    expect(choice.pads).toHaveLength(9)
    expect(Object.fromEntries(choice.leftOut)).toEqual({
      'function ConnectorPad': 1, 'function TestPad': 1, 'function FiducialPad': 1, 'function HeatsinkPad': 1,
      'function ComponentPad': 1, 'function ViaPad': 1, 'component excluded by the deck': 1, 'drilled (through-hole land)': 1,
    })
  })

  it('takes a drilled ViaPad where the deck lists ViaPad (via-plug bumps)', () => {
    const plugs = grid(3, 3, 0.1, { aperFunction: 'ViaPad' })
    const choice = chooseBumpPads(plugs, () => true, options({ mode: 'smd', padFunctions: ['ViaPad'] }))
    expect(choice.pads).toHaveLength(9)
    expect(choice.arrays.map((a) => a.chosenBy)).toEqual(['smd'])
  })
})

describe('chooseBumpPads: X2 BGAPad, components, smd', () => {
  it('takes BGAPad pads standing in a 2-D grid and leaves lone BGAPad pads and the SMDPad ones out', () => {
    const bga = grid(2, 3, 0.4, { component: 'U5', aperFunction: 'BGAPad' })
    const testPoint = pad(20, 0, { component: 'TP1', aperFunction: 'BGAPad' })
    const resistor = [pad(30, 0, { component: 'R1', aperFunction: 'SMDPad' }), pad(31, 0, { component: 'R1', aperFunction: 'SMDPad' })]
    const choice = chooseBumpPads([...bga, testPoint, ...resistor], noHoles, options())
    expect(listArray(choice.pads).map((p) => p.component)).toEqual(Array(6).fill('U5'))
    expect(choice.arrays.map((a) => [a.name, a.chosenBy, a.grid?.rows, a.grid?.columns])).toEqual([['U5', 'x2-function', 2, 3]])
    expect(Object.fromEntries(choice.leftOut)).toEqual({
      'BGAPad not in a 2-D grid (KiCad 5.0 marks every round SMD pad BGAPad)': 1, 'function SMDPad, not BGAPad': 2,
    })
  })

  it('takes the pads of the listed components, and says which have no reference', () => {
    const pads = [...grid(2, 2, 0.5, { component: 'U1' }), pad(5, 5, { component: 'U22' }), pad(6, 6, { component: 'C1' }), pad(7, 7)]
    const choice = chooseBumpPads(pads, noHoles, options({ mode: { components: ['U1'] } }))
    expect(choice.pads).toHaveLength(4)
    expect(choice.arrays.map((a) => [a.name, a.chosenBy])).toEqual([['U1', 'components']])
    expect(Object.fromEntries(choice.leftOut)).toEqual({ 'component not listed in process.bumpPads': 2, 'no component reference': 1 })
    expect(chooseBumpPads(pads, noHoles, options({ mode: { components: ['U*'] } })).pads).toHaveLength(5)
  })

  it('takes every undrilled pad of a listed function in smd mode', () => {
    const pads = [pad(0, 0), pad(5, 0, { aperFunction: 'SMDPad' }), pad(9, 0, { aperFunction: 'TestPad' })]
    const choice = chooseBumpPads(pads, noHoles, options({ mode: 'smd' }))
    expect(choice.pads).toHaveLength(2)
  })

  it('counts only the pads a tile owns, choosing among all it sees', () => {
    const pads = [...grid(3, 3, 1.0, { component: 'U1' }), pad(20, 0), pad(-20, 0)]
    const choice = chooseBumpPads(pads, noHoles, options({ counted: (p) => p.bbox[0] > 0 }))
    expect(choice.pads).toHaveLength(9)
    expect(Object.fromEntries(choice.leftOut)).toEqual({ 'not in a bump grid (3 × 3 or more, one pitch ≤ process.maxBumpPitch)': 1 })
  })
})

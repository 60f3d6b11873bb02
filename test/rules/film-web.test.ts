// film-web through the rule tester (µm deck, plated-cap process: 50 µm film, 10 µm caps). Two plugs
// 100 µm apart centre to centre, at x = 0 and 100 µm: web = 100 − (d1 + d2)/2, cap gap = web − 2 × 10.
// Sites are in mm (the report's coordinates), values in the deck's µm.
import { describe, expect, it } from 'vitest'
import { circle, rect, runCase, RuleTester, type FeatureSpec } from '../rule-tester.ts'

const tester = new RuleTester()
const process = { model: 'plated-cap', filmThickness: 50, etchDepth: 15, capThickness: 10 }
const pair = (d: number) => ({ pads: [circle(0, 0, d / 1000), circle(0.1, 0, d / 1000)] })
const units = 'um' as const
/** Plugs of component U1 in a row at 100 µm pitch, of the given diameters (µm), pins 1, 2, … */
const row = (...d: number[]) => ({ pads: d.map((di, k) => circle(0.1 * k, 0, di / 1000, { component: 'U1', pin: String(k + 1) })) })
// plugs under mask openings smaller than themselves, 1 µm caps: the site index holds the openings' boxes, the web is
// between the plugs. Two 90 × 10 µm plugs at x = −1 and −0.9 mm under 8 µm openings: the first plug's edge is
// 100 − 45 − 4 = 51 µm from the second's opening box, beyond the 25 + 2 × 1 µm limit reach and the plugs' 10 µm width
const underMask = (x: number, y: number, w: number, h: number) => ({ pads: [rect(x, y, w / 1000, h / 1000), rect(x + w / 1000 + 0.01, y, w / 1000, h / 1000)] })
const masked = (wide: boolean) => {
  const at = wide ? [[-1, -1], [-0.9, -1]] : [[-1, -1], [-1, -0.9]]
  return {
    pads: at.map(([x, y]) => (wide ? rect(x!, y!, 0.09, 0.01) : rect(x!, y!, 0.01, 0.09))),
    mask: at.map(([x, y]) => rect(x!, y!, 0.008, 0.008)),
  }
}

tester.run('film-web', {
  valid: [
    { name: '75 µm plugs at 100 µm: web 100 − 75 = 25 µm ≥ 25', near: 'thinWeb', units, process, board: pair(75), options: { minFilmWeb: 25 } },
    { name: '65 µm plugs: web 35 µm, caps 35 − 20 = 15 µm apart ≥ 15', near: 'capsClose', units, process, board: pair(65), options: { minFilmWeb: 25, minCapGap: 15 } },
    {
      name: 'minCapGap unset: 85 µm plugs, web 15 µm ≥ 15, caps 15 − 20 = −5 µm (touching) are not judged', near: 'capsClose', units, process,
      board: pair(85), options: { minFilmWeb: 15 },
    },
    { name: 'film 50 − etch 25 = 25 µm left ≥ 25', near: 'thinResidual', units, process: { ...process, etchDepth: 25 }, board: pair(60), options: { minResidualFilm: 25 } },
    { name: 'minResidualFilm unset: an etch of 60 µm through the 50 µm film is not judged', near: 'thinResidual', units, process: { ...process, etchDepth: 60 }, board: pair(60) },
    {
      name: 'no film thickness in the process: the residual film is not judged', near: 'thinResidual', units,
      process: { model: 'plated-cap', etchDepth: 40, capThickness: 10 }, board: pair(60), options: { minResidualFilm: 25 },
    },
    {
      name: 'no etch depth in the process: the residual film is not judged', near: 'thinResidual', units,
      process: { model: 'plated-cap', filmThickness: 10, capThickness: 10 }, board: pair(60), options: { minResidualFilm: 25 },
    },
    {
      name: 'U1 of 6 plugs, 95 60 95 60 60 60, against a 22.5 µm limit: webs of exactly 22.5 µm pass',
      near: 'thinWeb', units, process, board: row(95, 60, 95, 60, 60, 60), options: { minFilmWeb: 22.5 },
    },
  ],
  invalid: [
    {
      name: '90 µm plugs at 100 µm pitch leave a 10 µm web, below 25 µm', units, process, board: pair(90), options: { minFilmWeb: 25, minCapGap: 15 },
      errors: [{ messageId: 'thinWeb', at: [0, 0], measured: 10, limit: 25 }], // equal plugs: at the first
    },
    {
      name: 'the same pair at (0.1, 0.1) and (0.2, 0.1) mm: the pitch in the message is still 100 µm',
      units, process, board: { pads: [circle(0.1, 0.1, 0.09), circle(0.2, 0.1, 0.09)] }, options: { minFilmWeb: 25 },
      errors: [{
        messageId: 'thinWeb', at: [0.1, 0.1], measured: 10, limit: 25,
        message: 'Film web between plugs at pads.gbr:1 and at pads.gbr:2 is 10 um, below 25 um (pitch 100 um) (rule film-web)',
      }],
    },
    {
      name: '70 µm plugs: web 30 µm passes, but each cap grows 10 µm: 30 − 20 = 10 µm < 15', units, process, board: pair(70), options: { minFilmWeb: 25, minCapGap: 15 },
      errors: [{ messageId: 'capsClose', at: [0, 0], measured: 10, limit: 15 }],
    },
    {
      name: 'minCapGap alone: 70 µm plugs of U1, caps 30 − 2 × 10 = 10 µm apart', units, process,
      board: row(70, 70), options: { minCapGap: 15 },
      errors: [{
        messageId: 'capsClose', at: [0, 0], measured: 10, limit: 15,
        message: 'Caps of plugs U1-1 and U1-2 are 10 um apart, below 15 um (web 30 um − 2 × cap 10 um) (rule film-web)',
      }],
    },
    {
      name: 'minFilmWeb unset: 110 µm plugs at 100 µm overlap, web 100 − 110 = −10 µm, caps −10 − 20 = −30 µm apart', units, process,
      board: pair(110), options: { minCapGap: 15 },
      errors: [{ messageId: 'capsClose', at: [0, 0], measured: -30, limit: 15 }],
    },
    {
      name: '10 µm plugs at 40 µm with minFilmWeb 5: web 30 µm passes, caps 30 − 20 = 10 µm < 15 (the search reaches 15 + 2 × 10 past the plug)', units, process,
      board: { pads: [circle(0, 0, 0.01), circle(0.04, 0, 0.01)] }, options: { minFilmWeb: 5, minCapGap: 15 },
      errors: [{ messageId: 'capsClose', at: [0, 0], measured: 10, limit: 15 }],
    },
    {
      name: '10 µm plugs at 44 µm, minCapGap alone: caps 34 − 20 = 14 µm < 15 (the search reaches 15 + 2 × 10 past the plug)', units, process,
      board: { pads: [circle(0, 0, 0.01), circle(0.044, 0, 0.01)] }, options: { minCapGap: 15 },
      errors: [{ messageId: 'capsClose', at: [0, 0], measured: 14, limit: 15 }],
    },
    {
      name: '10 µm plugs at 35 µm, 1 µm caps: web 25 µm < 30 (the search reaches minFilmWeb past the plug)', units, process: { ...process, capThickness: 1 },
      board: { pads: [circle(0, 0, 0.01), circle(0.035, 0, 0.01)] }, options: { minFilmWeb: 30 },
      errors: [{ messageId: 'thinWeb', at: [0, 0], measured: 25, limit: 30 }],
    },
    {
      name: 'a 90 µm round plug between two 90 µm square ones: edge to edge 100 − 45 − 45 = 10 µm, both at the round one', units, process,
      board: { pads: [rect(0, 0, 0.09, 0.09), circle(0.1, 0, 0.09), rect(0.2, 0, 0.09, 0.09)] }, options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [0.1, 0], measured: 10, limit: 25 }, { messageId: 'thinWeb', at: [0.1, 0], measured: 10, limit: 25 }],
    },
    {
      name: 'U1 of two 90 µm plugs beside U2\'s: two webs of 10 µm, the pair across the parts no array\'s design', units, process,
      board: { pads: [circle(0, 0, 0.09, { component: 'U1', pin: '1' }), circle(0.1, 0, 0.09, { component: 'U1', pin: '2' }), circle(0.2, 0, 0.09, { component: 'U2', pin: '1' })] },
      options: { minFilmWeb: 25 },
      errors: [
        { messageId: 'thinWeb', at: [0.1, 0], measured: 10, limit: 25, message: 'between plugs U1-1 and U1-2 is 10 um, below 25 um (pitch 100 um) (rule' },
        { messageId: 'thinWeb', at: [0.1, 0], measured: 10, limit: 25, message: 'between plugs U1-2 and U2-1 is 10 um, below 25 um (pitch 100 um) (rule' },
      ],
    },
    {
      name: '90 × 10 µm plugs side by side under 8 µm openings, at negative coordinates: web 100 − 90 = 10 µm between the plugs, not the openings',
      units, process: { ...process, capThickness: 1 }, board: masked(true), options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [-1, -1], measured: 10, limit: 25 }],
    },
    {
      name: '10 × 90 µm plugs one above the other under 8 µm openings: web 10 µm', units, process: { ...process, capThickness: 1 }, board: masked(false), options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [-1, -1], measured: 10, limit: 25 }],
    },
    {
      name: 'a 60 µm plug beside a 95 µm one: web 100 − 77.5 = 22.5 µm, reported at the larger plug', units, process,
      board: { pads: [circle(0, 0, 0.06), circle(0.1, 0, 0.095)] }, options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [0.1, 0], measured: 22.5, limit: 25 }],
    },
    {
      name: 'a 95 µm plug beside a 60 µm one: at the larger plug, the first', units, process,
      board: { pads: [circle(0, 0, 0.095), circle(0.1, 0, 0.06)] }, options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [0, 0], measured: 22.5, limit: 25 }],
    },
    {
      name: 'a 95 µm plug between two 60 µm ones: both thin webs at the middle plug, the one in more thin pairs', units, process,
      board: { pads: [circle(0, 0, 0.06), circle(0.1, 0, 0.095), circle(0.2, 0, 0.06)] }, options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [0.1, 0], measured: 22.5, limit: 25 }, { messageId: 'thinWeb', at: [0.1, 0], measured: 22.5, limit: 25 }],
    },
    {
      name: 'a 70 µm plug between two 90 µm ones: webs 100 − 80 = 20 µm, both at the smaller middle plug, the one in more thin pairs', units, process,
      board: { pads: [circle(0, 0, 0.09), circle(0.1, 0, 0.07), circle(0.2, 0, 0.09)] }, options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [0.1, 0], measured: 20, limit: 25 }, { messageId: 'thinWeb', at: [0.1, 0], measured: 20, limit: 25 }],
    },
    {
      name: 'four 60 µm plugs at 100 µm, the third moved 18 µm toward the second: web 82 − 60 = 22 µm, reported at the moved plug', units, process,
      // both plugs are in one thin pair and alike; the moved one stands 118 µm from its next plug, the other 100 µm
      board: { pads: [circle(0, 0, 0.06), circle(0.1, 0, 0.06), circle(0.182, 0, 0.06), circle(0.3, 0, 0.06)] }, options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [0.182, 0], measured: 22, limit: 25 }],
    },
    {
      name: 'four 60 µm plugs at 200 µm, the third moved 120 µm toward the second: web 80 − 60 = 20 µm, at the moved plug, the only one with no other plug within 1.5 × 80 µm + 60 µm of its edge', units, process,
      board: { pads: [circle(0, 0, 0.06), circle(0.2, 0, 0.06), circle(0.28, 0, 0.06), circle(0.6, 0, 0.06)] }, options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [0.28, 0], measured: 20, limit: 25 }],
    },
    {
      name: 'a row and a column of four 60 µm plugs at 100 µm, the second of each moved 18 µm toward the third: webs of 22 µm, each at the moved plug, the first of its pair', units, process,
      board: { pads: [0, 0.118, 0.2, 0.3].flatMap((v) => [circle(v, 0, 0.06), circle(0, 1 + v, 0.06)]) }, options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [0.118, 0], measured: 22, limit: 25 }, { messageId: 'thinWeb', at: [0, 1.118], measured: 22, limit: 25 }],
    },
    {
      name: 'U1 of 4 plugs, 60 95 60 60: 2 webs of 22.5 µm, half the array: one finding', units, process,
      board: row(60, 95, 60, 60), options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [0.1, 0], measured: 22.5, limit: 25, message: 'between plugs U1-1 and U1-2 is 22.5 um, below 25 um (pitch 100 um) (and 1 more pairs of U1 alike)' }],
    },
    {
      name: 'U1 of 6 plugs, 95 60 95 60 60 75: 3 webs of 22.5 µm, half the array, one finding at the first pair\'s plug in more thin pairs; caps 100 − 67.5 − 20 = 12.5 µm apart at the last pair', units, process,
      board: row(95, 60, 95, 60, 60, 75), options: { minFilmWeb: 25, minCapGap: 15 },
      errors: [{ messageId: 'capsClose', at: [0.5, 0], measured: 12.5, limit: 15 }, {
        messageId: 'thinWeb', at: [0.1, 0], measured: 22.5, limit: 25,
        message: 'Film web between plugs U1-1 and U1-2 is 22.5 um, below 25 um (pitch 100 um) (and 2 more pairs of U1 alike) (rule film-web)',
      }],
    },
    {
      name: 'U1 of 6 plugs, 60 95 60 60 60 60: 2 webs of 22.5 µm, under half the array: each pair reported', units, process,
      board: row(60, 95, 60, 60, 60, 60), options: { minFilmWeb: 25 },
      errors: [
        { messageId: 'thinWeb', at: [0.1, 0], measured: 22.5, limit: 25, message: 'Film web between plugs U1-1 and U1-2 is 22.5 um, below 25 um (pitch 100 um) (rule film-web)' },
        { messageId: 'thinWeb', at: [0.1, 0], measured: 22.5, limit: 25, message: 'Film web between plugs U1-2 and U1-3 is 22.5 um, below 25 um (pitch 100 um) (rule film-web)' },
      ],
    },
    {
      name: 'etched 40 µm into a 50 µm film: 10 µm left, below 25 µm', units, process: { ...process, etchDepth: 40 }, board: pair(60), options: { minResidualFilm: 25 },
      errors: [{
        messageId: 'thinResidual', at: null, measured: 10, limit: 25,
        message: 'Film left under the etch is 10 um (film 50 um − etch depth 40 um), below 25 um: the film breaks through (rule film-web)',
      }],
    },
  ],
})

describe('film-web findings', () => {
  it('name both plugs of a pair and box them', async () => {
    const { findings } = await runCase('film-web', { name: 'pair', units, process, board: pair(90), options: { minFilmWeb: 25 } })
    expect(findings.map((f) => [f.features.map((g) => g.line), f.bbox])).toEqual([[[1, 2], [-0.045, -0.045, 0.145, 0.045]]])
  })

  it('name the first pair of a 3 × 4 array in file order, whatever order the site index answers in', async () => {
    // 90 µm plugs at 100 µm, numbered down each column: every web between neighbours is 10 µm (17 pairs,
    // diagonals 141 − 90 = 51 µm pass); the first pair is pins 1 and 2 (one above the other), not 1 and 4
    const pads: FeatureSpec[] = []
    for (let c = 0; c < 4; c++) for (let r = 0; r < 3; r++) pads.push(circle(0.1 * c, 0.1 * r, 0.09, { component: 'U1', pin: String(pads.length + 1) }))
    const { findings } = await runCase('film-web', { name: 'array', units, process, board: { pads }, options: { minFilmWeb: 25 } })
    expect(findings.map((f) => f.message)).toEqual(['Film web between plugs U1-1 and U1-2 is 10 um, below 25 um (pitch 100 um) (and 16 more pairs of U1 alike) (rule film-web)'])
  })
})

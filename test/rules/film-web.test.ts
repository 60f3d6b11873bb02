// film-web through the rule tester (µm deck, plated-cap process: 50 µm film, 10 µm caps). Two plugs
// 100 µm apart centre to centre, at x = 0 and 100 µm: web = 100 − (d1 + d2)/2, cap gap = web − 2 × 10.
// Sites are in mm (the report's coordinates), values in the deck's µm.
import { circle, RuleTester } from '../rule-tester.ts'

const tester = new RuleTester()
const process = { model: 'plated-cap', filmThickness: 50, etchDepth: 15, capThickness: 10 }
const pair = (d: number) => ({ pads: [circle(0, 0, d / 1000), circle(0.1, 0, d / 1000)] })
const units = 'um' as const

tester.run('film-web', {
  valid: [
    { name: '75 µm plugs at 100 µm: web 100 − 75 = 25 µm ≥ 25', near: 'thinWeb', units, process, board: pair(75), options: { minFilmWeb: 25 } },
    { name: '65 µm plugs: web 35 µm, caps 35 − 20 = 15 µm apart ≥ 15', near: 'capsClose', units, process, board: pair(65), options: { minFilmWeb: 25, minCapGap: 15 } },
    { name: 'film 50 − etch 25 = 25 µm left ≥ 25', near: 'thinResidual', units, process: { ...process, etchDepth: 25 }, board: pair(60), options: { minResidualFilm: 25 } },
  ],
  invalid: [
    {
      name: '90 µm plugs at 100 µm pitch leave a 10 µm web, below 25 µm', units, process, board: pair(90), options: { minFilmWeb: 25, minCapGap: 15 },
      errors: [{ messageId: 'thinWeb', at: [0, 0], measured: 10, limit: 25 }], // equal plugs: at the first
    },
    {
      name: '70 µm plugs: web 30 µm passes, but each cap grows 10 µm: 30 − 20 = 10 µm < 15', units, process, board: pair(70), options: { minFilmWeb: 25, minCapGap: 15 },
      errors: [{ messageId: 'capsClose', at: [0, 0], measured: 10, limit: 15 }],
    },
    {
      name: 'a 60 µm plug beside a 95 µm one: web 100 − 77.5 = 22.5 µm, reported at the larger plug', units, process,
      board: { pads: [circle(0, 0, 0.06), circle(0.1, 0, 0.095)] }, options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [0.1, 0], measured: 22.5, limit: 25 }],
    },
    {
      name: 'a 95 µm plug between two 60 µm ones: both thin webs at the middle plug, the one in more thin pairs', units, process,
      board: { pads: [circle(0, 0, 0.06), circle(0.1, 0, 0.095), circle(0.2, 0, 0.06)] }, options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [0.1, 0], measured: 22.5, limit: 25 }, { messageId: 'thinWeb', at: [0.1, 0], measured: 22.5, limit: 25 }],
    },
    {
      name: 'four 60 µm plugs at 100 µm, the third moved 18 µm toward the second: web 82 − 60 = 22 µm, reported at the moved plug', units, process,
      // both plugs are in one thin pair and alike; the moved one stands 118 µm from its next plug, the other 100 µm
      board: { pads: [circle(0, 0, 0.06), circle(0.1, 0, 0.06), circle(0.182, 0, 0.06), circle(0.3, 0, 0.06)] }, options: { minFilmWeb: 25 },
      errors: [{ messageId: 'thinWeb', at: [0.182, 0], measured: 22, limit: 25 }],
    },
    {
      name: 'etched 40 µm into a 50 µm film: 10 µm left, below 25 µm', units, process: { ...process, etchDepth: 40 }, board: pair(60), options: { minResidualFilm: 25 },
      errors: [{ messageId: 'thinResidual', at: null, measured: 10, limit: 25 }],
    },
  ],
})

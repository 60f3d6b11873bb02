// readGerber plots commands as they are parsed (no node list, one-line extended commands unsplit); the
// general path parses to nodes first and plots them after. Both must give the same image, the same
// errors, and what the raw text says.

import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, InputError } from '../../../src/errors.ts'
import { readGerber } from '../../../src/ingest/gerber/index.ts'
import { DiagnosticLog, parseGerber } from '../../../src/ingest/gerber/parse.ts'
import { plotGerber } from '../../../src/ingest/gerber/plot.ts'

const ROOT = join(import.meta.dirname, '../../../fixtures')
const GERBER = /\.(gbr|gtl|gbl|gts|gbs|gtp|gbp|gto|gbo|gm1|cmp|sol|stc|sts|plc|gko|grb)$/i
const walk = (dir: string): string[] =>
  readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? walk(p) : GERBER.test(n) ? [p] : []
  })
const files = walk(ROOT)

/** The general path: every command a node, every extended command split, then plotted. */
function readGeneral(text: string, file: string) {
  const parsed = parseGerber(text, file, DEFAULT_LIMITS.maxDepth, false)
  const log = new DiagnosticLog(file)
  const plotted = plotGerber(parsed.nodes, file, DEFAULT_LIMITS, log)
  const diagnostics = [...parsed.diagnostics, ...log.list].sort((a, b) => a.source.line - b.source.line)
  return { ...plotted, diagnostics }
}

/** Counted in the text, independently of the reader: D03 outside extended commands, TO.P attributes. */
const grepFlashes = (text: string) => (text.replace(/%[^%]*%/g, '').match(/D0?3\*/g) ?? []).length

describe('fast and general Gerber paths', () => {
  it('finds the fixture Gerber files', () => expect(files.length).toBeGreaterThanOrEqual(52))

  for (const file of files) {
    const name = file.slice(ROOT.length + 1)
    it(`reads ${name} the same both ways (ids, shapes, boxes, sources, attributes, diagnostics)`, () => {
      const text = readFileSync(file, 'latin1')
      const fast = readGerber(text, name)
      const general = readGeneral(text, name)
      expect(fast.features).toStrictEqual(general.features)
      expect(fast.attributes).toStrictEqual(general.attributes)
      expect(fast.units).toBe(general.units)
      expect(fast.diagnostics).toStrictEqual(general.diagnostics)
      expect(fast.features.filter((f) => f.kind === 'flash')).toHaveLength(grepFlashes(text))
    })
  }

  it('places 600 pads where the text says, each with its component and pin', () => {
    // pad k at X = 1 mm + k × 0.18 mm, Y = 2 mm + (k mod 7) × 0.25 mm, written in %FSLAX46Y46*% integers
    const lines = ['%TF.FileFunction,Copper,L1,Top*%', '%TA.AperFunction,SMDPad,CuDef*%', '%ADD10C,0.090000*%', '%TD*%', '%TO.C,U1*%', 'D10*']
    for (let k = 0; k < 600; k++) lines.push(`%TO.P,U1,A${k + 1}*%`, `X${1_000_000 + k * 180_000}Y${2_000_000 + (k % 7) * 250_000}D03*`)
    const text = `%FSLAX46Y46*%\n%MOMM*%\n${lines.join('\n')}\nM02*\n`
    const image = readGerber(text, 'pads.gbr')
    expect(image.features).toHaveLength(600)
    for (const k of [0, 1, 6, 7, 599]) {
      const f = image.features[k]!
      const cx = 1_000_000 + k * 180_000, cy = 2_000_000 + (k % 7) * 250_000 // mm × 1e6 = nm (6 decimals)
      expect(f).toStrictEqual({
        id: k, kind: 'flash', shape: { type: 'circle', cx, cy, diameter: 90_000 }, polarity: 'dark',
        bbox: [cx - 45_000, cy - 45_000, cx + 45_000, cy + 45_000], source: { file: 'pads.gbr', line: 10 + 2 * k },
        aperFunction: 'SMDPad', component: 'U1', pin: `A${k + 1}`,
      })
    }
    expect(readGeneral(text, 'pads.gbr').features).toStrictEqual(image.features)
  })

  it('reports a syntax error after an earlier plotting error, as parsing before plotting does', () => {
    // line 3 flashes the undefined D11 (a plotting error); line 5 has a decimal point (a syntax error)
    const text = '%FSLAX46Y46*%\n%MOMM*%\nD11*\nX0Y0D03*\nX1.5Y0D03*\nM02*\n'
    expect(() => readGeneral(text, 'e.gbr')).toThrow(InputError)
    const expected = (() => { try { readGeneral(text, 'e.gbr') } catch (e) { return (e as InputError).line } })()
    expect(expected).toBe(5)
    expect(() => readGerber(text, 'e.gbr')).toThrow(/^e\.gbr:5: Coordinate X has a decimal point/)
  })

  it('reports the plotting error with its line when the rest of the file parses', () => {
    const text = '%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.1*%\nD10*\nX0Y0D03*\nD11*\nX1Y0D03*\nM02*\n'
    expect(() => readGerber(text, 'e.gbr')).toThrow(/^e\.gbr:6: Aperture D11 is used but never defined/)
  })
})

import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { klayoutQuoted, lyrdb } from '../../src/reporters/lyrdb.ts'
import { HOSTILE_COMPONENT, HOSTILE_FILE, incompleteReport, passingReport, sampleReport, sitelessReport } from './sample-report.ts'

// KLayout itself (batch mode) loads the database and prints, per category, its items' values.
const READ_BACK = `
rdb = RBA::ReportDatabase.new('x')
rdb.load($input)
out = { 'top' => rdb.top_cell_name, 'description' => rdb.description, 'cells' => [], 'categories' => {} }
rdb.each_cell { |c| out['cells'] << c.name }
rdb.each_category do |cat|
  items = []
  rdb.each_item_per_category(cat.rdb_id) do |item|
    values = []
    item.each_value do |v|
      values << (v.is_box? ? { 'box' => [v.box.left, v.box.bottom, v.box.right, v.box.top] } : { 'text' => v.string.dup.force_encoding('UTF-8') })
    end
    items << values
  end
  out['categories'][cat.name] = { 'description' => cat.description.dup.force_encoding('UTF-8'), 'count' => cat.num_items, 'items' => items }
end
File.write($output, out.to_json)
`

function loadInKlayout(xml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-lyrdb-'))
  const file = join(dir, 'report.lyrdb')
  const script = join(dir, 'read.rb')
  const output = join(dir, 'out.json')
  writeFileSync(file, xml)
  writeFileSync(script, "require 'json'\n" + READ_BACK)
  execFileSync('klayout', ['-b', '-rd', `input=${file}`, '-rd', `output=${output}`, '-r', script], { encoding: 'utf8' })
  return JSON.parse(execFileSync('cat', [output], { encoding: 'utf8' }))
}

describe('lyrdb reporter', () => {
  const report = sampleReport()
  const db = loadInKlayout(lyrdb(report, {}))

  it('loads in KLayout with one category per rule and the report\'s item counts', () => {
    expect(db.top).toBe('TOP')
    expect(db.cells).toEqual(['TOP'])
    expect(db.description).toBe('bumpcheck findings, deck pcb-bga, verdict FAIL')
    const counts = Object.fromEntries(Object.entries(db.categories).map(([name, c]: [string, any]) => [name, c.count]))
    expect(counts).toEqual({
      'bump-coplanarity': report.summary.byRule['bump-coplanarity'],
      'deposit-overhang': report.summary.byRule['deposit-overhang'],
      'pad-wettable-area': report.summary.byRule['pad-wettable-area'],
      'process-materials': 0,
      'via-pitch': report.summary.byRule['via-pitch'],
      'not-run': 1,
      'bump-arrays': 2,
      'bump-pads': 2,
      'out-of-scope': 2,
    })
    expect(db.categories['via-pitch'].description).toBe(
      'Vias far enough apart that caps and the film between them survive (minArraySize 4, minPadClearance 0.1, minPitch 0.5, sides [top, bottom])')
    expect(db.categories['process-materials'].description).toBe('Bump and pad metals inside the process window (no options)')
  })

  it('lists each rule/side that could not run as a text item with the reason and the fix', () => {
    expect(db.categories['not-run'].items).toEqual([[
      { text: 'deposit-overhang on bottom: no deposit layer on the bottom side' },
      { text: 'fix: map a bottom paste file with --map, or set "deposit-overhang": "off" for that side in the deck' },
    ]])
    const incomplete = loadInKlayout(lyrdb(incompleteReport(), {}))
    expect(incomplete.description).toBe('bumpcheck findings, deck pcb-bga, verdict INCOMPLETE')
    expect(incomplete.categories['not-run'].count).toBe(1)
    expect(loadInKlayout(lyrdb(passingReport(), {})).categories).not.toHaveProperty('not-run')
  })

  it('lists each bump array, the pad selection per side and the out-of-scope deposits as text items', () => {
    expect(db.categories['bump-arrays'].items).toEqual([
      [{ text: 'top U1: 484 pads, 22×22, pitch 0.8 mm, chosen by x2-function' }],
      [{ text: 'bottom grid@10.000,5.000: 64 pads, 8×8, pitch 1.27 mm, chosen by grid' }],
    ])
    expect(db.categories['bump-pads'].items).toEqual([
      [{ text: 'top: mode bga, 484 bump pads, left out: 12 drilled, 8 function ConnectorPad, 130 not-in-array' }],
      [{ text: 'bottom: mode bga, 64 bump pads, left out: none' }],
    ])
    expect(db.categories['out-of-scope'].items).toEqual([
      [{ text: 'top: 210 deposits out of scope, 0 off the board outline' }],
      [{ text: 'bottom: 0 deposits out of scope, 3 off the board outline' }],
    ])
    const hostile = sampleReport()
    hostile.bumpPads!.arrays[0]!.name = HOSTILE_FILE
    expect(loadInKlayout(lyrdb(hostile, {})).categories['bump-arrays'].items[0][0].text).toBe(
      `top ${HOSTILE_FILE}: 484 pads, 22×22, pitch 0.8 mm, chosen by x2-function`)
    const bare = loadInKlayout(lyrdb({ ...sampleReport(), bumpPads: undefined }, {}))
    expect(Object.keys(bare.categories)).not.toContain('bump-arrays')
  })

  it('gives each item its box in µm and its message as text', () => {
    const [via] = db.categories['via-pitch'].items
    // bbox [13.725, -32.275, 18.275, -25.725] mm
    expect(via[0].box).toEqual([13725, -32275, 18275, -25725])
    expect(via[1].text).toBe('Via pitch 7.211103 mm is below 8 mm\u0007\u001b]0;title\u0007')
    const overhang = db.categories['deposit-overhang'].items
    expect(overhang[0][0].box).toEqual([182950, -22650, 183450, -22150])
    expect(overhang[0][2].text).toContain('U5.A2')
  })

  it('carries hostile strings through KLayout unchanged', () => {
    const items = db.categories['deposit-overhang'].items
    expect(items[1][1].text).toBe(`Deposit touches two pads of ${HOSTILE_COMPONENT}`)
    expect(items[1][2].text).toContain('evil "&\u0001\u001b[31m <b>.gbr:806')
  })

  it('quotes strings as KLayout does', () => {
    expect(klayoutQuoted("it's a\\b\n µ")).toBe("'it\\'s a\\\\b\\n \\302\\265'")
    // KLayout reads an escape's digits greedily: a digit right after one is escaped too
    expect(klayoutQuoted('22×22, 8×a')).toBe("'22\\303\\227\\062\\062, 8\\303\\227a'")
  })

  it('loads a finding with no site in KLayout as an item of texts only, with no box anywhere near (0, 0)', () => {
    const siteless = loadInKlayout(lyrdb(sitelessReport(), {}))
    expect(siteless.categories['process-materials'].items).toEqual([
      [{ text: 'Pad metal Al is of no listed family, not one of refractory, group8, group1b (rule process-materials)' }, { text: 'error on both, no site; measured — limit — ' }],
      [{ text: 'Pad metal Al starts to melt at 660.3 °C, not above the bump metal Cu (1085 °C) (rule process-materials)' }, { text: 'error on both, no site; measured 660.3 limit 1084.6 degC' }],
    ])
    // the sited findings keep their boxes
    expect(siteless.categories['via-pitch'].items[0][0]).toEqual({ box: [13725, -32275, 18275, -25725] })
  })
})

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { html } from '../../src/reporters/html/index.ts'
import { readGerber } from '../../src/ingest/gerber/index.ts'
import type { Layer, Role, Side } from '../../src/layers/model.ts'
import { HOSTILE_COMPONENT, HOSTILE_SCRIPT, incompleteReport, passingReport, sampleReport, sitelessReport } from './sample-report.ts'

const GERBER = 'fixtures/kicad-bga-dev/gerber/'
// B_Mask and B_Paste are left out: KiCad plotted them with no image at all, which the reader refuses
const LAYER_FILES: [string, Role, Side][] = [
  ['bga-dev-F_Cu.gbr', 'pads', 'top'], ['bga-dev-F_Mask.gbr', 'mask', 'top'], ['bga-dev-F_Paste.gbr', 'deposit', 'top'],
  ['bga-dev-B_Cu.gbr', 'pads', 'bottom'],
  ['bga-dev-Edge_Cuts.gbr', 'outline', 'both'],
]

// the real KiCad board, read by the project's Gerber reader, for a real picture behind the markers
function boardLayers(): Layer[] {
  return LAYER_FILES.map(([name, role, side]) => {
    const file = GERBER + name
    const image = readGerber(readFileSync(file, 'utf8'), file)
    return { file, format: 'gerber', role, side, units: image.units, roleFrom: 'user', features: image.features, diagnostics: image.diagnostics }
  })
}

// a hand-made layer with every analytic shape and a clear cut, so each drawing branch runs
function shapesLayer(): Layer {
  const mm = 1_000_000
  const f = (id: number, shape: Layer['features'][number]['shape'], polarity: 'dark' | 'clear' = 'dark'): Layer['features'][number] => ({
    id, kind: 'flash', shape, polarity, bbox: [190 * mm, -80 * mm, 235 * mm, -50 * mm], source: { file: 'shapes.gbr', line: id + 1 },
  })
  return {
    file: `shapes ${HOSTILE_SCRIPT}.gbr`, format: 'gerber', role: 'other', side: 'top', units: 'mm', roleFrom: 'user', diagnostics: [],
    features: [
      f(0, { type: 'rect', cx: 200 * mm, cy: -60 * mm, width: 8 * mm, height: 4 * mm, rotation: 30 }),
      f(1, { type: 'obround', cx: 212 * mm, cy: -60 * mm, width: 3 * mm, height: 8 * mm, rotation: 0 }),
      f(2, { type: 'stroke', x1: 196 * mm, y1: -70 * mm, x2: 226 * mm, y2: -66 * mm, width: 2 * mm }),
      f(3, { type: 'polygon', paths: [[{ x: 218 * mm, y: -56 * mm }, { x: 230 * mm, y: -56 * mm }, { x: 224 * mm, y: -64 * mm }]] }),
      f(4, { type: 'circle', cx: 200 * mm, cy: -60 * mm, diameter: 2 * mm }, 'clear'),
    ],
  }
}

describe('html reporter in headless Chromium', () => {
  let browser: BrowserContext
  let page: Page
  const consoleErrors: string[] = []
  const requests: string[] = []
  const report = sampleReport()
  let page_html = ''

  beforeAll(async () => {
    page_html = html(report, { layers: [...boardLayers(), shapesLayer()], generatedAt: '2025-03-14' })
    mkdirSync('out', { recursive: true })
    writeFileSync('out/report.html', page_html)
    const userDataDir = mkdtempSync(join(tmpdir(), 'bumpcheck-chromium-'))
    // a fresh, empty profile each run (Playwright passes it as --user-data-dir)
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    })
    page = await browser.newPage()
    page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()) })
    page.on('pageerror', (error) => consoleErrors.push(error.message))
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(pathToFileURL(resolve('out/report.html')).href)
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('loads with no console error, no request but itself, and the page script allowed by its CSP', async () => {
    expect(consoleErrors).toEqual([])
    expect(requests).toEqual([pathToFileURL(resolve('out/report.html')).href])
    // the script ran: it filled in the row count
    expect(await page.textContent('#shown-count')).toBe('5 of 5 shown')
  })

  it('draws one marker per finding, in the view of its side', async () => {
    expect(await page.locator('svg [data-finding-index]').count()).toBe(report.findings.length)
    expect(await page.locator('#view-top [data-finding-index]').count()).toBe(3)
    expect(await page.locator('#view-bottom [data-finding-index]').count()).toBe(2)
    // every layer with features is one group; the real copper is there
    expect(await page.locator('#view-top g.role-pads').count()).toBe(1)
    expect(await page.locator('#view-top g.role-outline').count()).toBe(1)
    expect(await page.locator('#view-bottom g.role-outline').count()).toBe(1)
    expect(await page.textContent('[data-count-view="top"]')).toBe('3')
    expect(await page.textContent('[data-count-view="bottom"]')).toBe('2')
  })

  it('centres and zooms the view on a finding when its row is clicked', async () => {
    const before = await page.getAttribute('#view-bottom', 'viewBox')
    await page.click('#findings tbody tr[data-finding-index="3"]') // via-pitch at (16, -29), bbox 4.55 × 6.55 mm
    const [x, y, w, h] = (await page.getAttribute('#view-bottom', 'viewBox'))!.split(' ').map(Number)
    expect(`${x} ${y} ${w} ${h}`).not.toBe(before)
    expect(x! + w! / 2).toBeCloseTo(16, 6)
    expect(y! + h! / 2).toBeCloseTo(29, 6) // SVG y is the board's -y
    expect(w).toBeCloseTo(4 * 6.55, 6) // four times the larger side of the finding box
    expect(await page.getAttribute('#view-bottom [data-finding-index="3"]', 'class')).toContain('selected')
    await page.screenshot({ path: 'out/report-zoomed.png' })
    await page.click('button[data-reset="view-bottom"]')
    expect(await page.getAttribute('#view-bottom', 'viewBox')).toBe(before)
  })

  it('filters rows (and their markers) by rule and by severity', async () => {
    await page.selectOption('#filter-rule', 'deposit-overhang')
    expect(await page.locator('#findings tbody tr:visible').count()).toBe(2)
    expect(await page.locator('svg .marker:visible').count()).toBe(2)
    await page.selectOption('#filter-severity', 'warning')
    expect(await page.locator('#findings tbody tr:visible').count()).toBe(0)
    await page.selectOption('#filter-rule', '')
    const visible = await page.locator('#findings tbody tr:visible').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rule')))
    expect(visible).toEqual(['pad-wettable-area', 'bump-coplanarity'])
    expect(await page.textContent('#shown-count')).toBe('2 of 5 shown')
    // the per-side counts follow the filters: one warning on each side
    expect(await page.textContent('[data-count-view="top"]')).toBe('1')
    expect(await page.textContent('[data-count-view="bottom"]')).toBe('1')
    await page.selectOption('#filter-severity', '')
    expect(await page.locator('#findings tbody tr:visible').count()).toBe(5)
    expect(await page.textContent('[data-count-view="top"]')).toBe('3')
    // and the text filter: the words of a message, a component, a file
    await page.fill('#filter-text', 'VIA PITCH')
    expect(await page.locator('#findings tbody tr:visible').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rule')))).toEqual(['via-pitch'])
    expect(await page.textContent('[data-count-view="top"]')).toBe('0')
    expect(await page.textContent('[data-count-view="bottom"]')).toBe('1')
    expect(await page.locator('svg .marker:visible').count()).toBe(1)
    await page.fill('#filter-text', '')
    expect(await page.textContent('#shown-count')).toBe('5 of 5 shown')
  })

  it('keeps hostile component, pin and file names as text', async () => {
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined()
    expect(await page.locator('img').count()).toBe(0)
    expect(await page.locator('script').count()).toBe(1)
    const row = await page.textContent('#findings tbody tr[data-finding-index="1"]')
    expect(row).toContain(`${HOSTILE_COMPONENT}.${HOSTILE_SCRIPT}`)
    expect(row).toContain('evil "&\\u{1}\\u{1b}[31m <b>.gbr:806')
    expect(await page.locator('option[value="deposit-overhang"]').count()).toBe(1)
  })

  it('ends with the sign-off block', async () => {
    const signOff = (await page.textContent('#sign-off'))!
    expect(signOff).toContain('FAIL')
    expect(signOff).toContain('2025-03-14')
    expect(signOff).toContain('a'.repeat(64))
    expect(signOff).toContain('0123456789abcdef'.repeat(4))
    expect(page_html.lastIndexOf('id="sign-off"')).toBeGreaterThan(page_html.lastIndexOf('id="findings"'))
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: 'out/report.png' })
  })

  it('shows a scope panel with the bump arrays, the pads left out, the deposits out of scope and the checks not run', async () => {
    expect(await page.isVisible('#scope')).toBe(true)
    const cells = (selector: string) => page.locator(selector).evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)))
    expect(await cells('#bump-arrays tbody tr')).toEqual([
      ['top', 'U1', '484', '22×22', 'pitch 0.8 mm', 'x2-function'],
      ['bottom', 'grid@10.000,5.000', '64', '8×8', 'pitch 1.27 mm', 'grid'],
    ])
    expect(await page.isVisible('#bump-arrays')).toBe(true)
    expect(await cells('#pad-selection tbody tr')).toEqual([
      ['top', 'bga', '484', '12 drilled8 function ConnectorPad130 not-in-array'],
      ['bottom', 'bga', '64', 'none'],
    ])
    expect(await page.locator('#pad-selection ul.left-out li').allTextContents()).toEqual(['12 drilled', '8 function ConnectorPad', '130 not-in-array'])
    expect(await cells('#out-of-scope tbody tr')).toEqual([['top', '210', '0'], ['bottom', '0', '3']])
    expect(await page.isVisible('#not-run')).toBe(true)
    expect(await cells('#not-run tbody tr')).toEqual([[
      'deposit-overhang', 'bottom', 'no deposit layer on the bottom side',
      'map a bottom paste file with --map, or set "deposit-overhang": "off" for that side in the deck',
    ]])
    expect(await page.textContent('header')).toContain('1 check(s) not run')
    // the panel comes before the board views, where it cannot be missed
    expect(page_html.indexOf('id="scope"')).toBeLessThan(page_html.indexOf('class="views"'))
  })

  it('lists the rules with the options they ran with in the sign-off block', async () => {
    const rows = await page.locator('#sign-off #rules tbody tr').allTextContents()
    expect(rows).toHaveLength(5)
    expect(rows[4]).toBe('via-pitcherrorminArraySize 4, minPadClearance 0.1, minPitch 0.5, sides [top, bottom]')
  })

  it('styles the INCOMPLETE verdict apart from PASS and FAIL', async () => {
    writeFileSync('out/report-incomplete.html', html(incompleteReport(), { generatedAt: '2025-03-14' }))
    const other = await browser.newPage()
    try {
      await other.goto(pathToFileURL(resolve('out/report-incomplete.html')).href)
      expect(await other.textContent('header .verdict')).toBe('INCOMPLETE')
      expect(await other.textContent('#sign-off')).toContain('1 rule/side check(s) could not run: deposit-overhang (bottom)')
      expect(await other.isVisible('#scope.incomplete #not-run')).toBe(true)
      const look = (p: Page) => p.locator('header .verdict').evaluate((el) => {
        const style = getComputedStyle(el)
        return `${style.backgroundColor} ${style.backgroundImage}`
      })
      const incompleteLook = await look(other)
      expect(incompleteLook).toContain('repeating-linear-gradient')
      expect(incompleteLook).not.toBe(await look(page)) // FAIL
      await other.screenshot({ path: 'out/report-incomplete.png' })
    } finally {
      await other.close()
    }
  })

  it('lists a finding with no site in the table, draws no marker for it (none at 0,0), and zooms nowhere on its row', async () => {
    const siteless = sitelessReport()
    writeFileSync('out/report-siteless.html', html(siteless, { layers: [...boardLayers(), shapesLayer()], generatedAt: '2025-03-14' }))
    const other = await browser.newPage()
    try {
      await other.goto(pathToFileURL(resolve('out/report-siteless.html')).href)
      // in the engine's order (rule, then side): rows 5 and 6 of 7, both 'no site'
      const rows = other.locator('#findings tbody tr[data-rule="process-materials"]')
      expect(await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-finding-index'), tr.querySelector('td.no-site')?.textContent, tr.hasAttribute('data-x')])))
        .toEqual([['4', 'no site', false], ['5', 'no site', false]])
      expect(await other.locator('svg [data-finding-index]').count()).toBe(5)
      expect(await other.locator('svg [data-finding-index="4"], svg [data-finding-index="5"]').count()).toBe(0)
      const atOrigin = await other.locator('svg .marker circle').evaluateAll((circles) =>
        circles.filter((c) => c.getAttribute('cx') === '0' && c.getAttribute('cy') === '0').length)
      expect(atOrigin).toBe(0)
      // 'both' findings are the top view's, but a site-less one is counted by no view
      expect(await other.textContent('[data-count-view="top"]')).toBe('3')
      expect(await other.textContent('#shown-count')).toBe('7 of 7 shown')
      const before = await other.getAttribute('#view-top', 'viewBox')
      await other.click('#findings tbody tr[data-finding-index="4"]')
      expect(await other.getAttribute('#findings tbody tr[data-finding-index="4"]', 'class')).toContain('selected')
      expect(await other.getAttribute('#view-top', 'viewBox')).toBe(before)
      expect(await other.locator('#waived td.no-site').count()).toBe(0)
    } finally {
      await other.close()
    }
  })

  it('leaves the scope panel out when the report carries nothing for it, and escapes a hostile array name', () => {
    const bare = html({ ...passingReport(), bumpPads: undefined }, {})
    expect(bare).not.toContain('id="scope"')
    const noArrays = sampleReport()
    noArrays.bumpPads!.arrays = []
    expect(html(noArrays, {})).toContain('<h3>Bump arrays (0)</h3><p>No bump array was found.</p>')
    const report = sampleReport()
    report.bumpPads!.arrays[0]!.name = HOSTILE_COMPONENT
    const page = html(report, {})
    expect(page).toContain('<td class="mono">&lt;img src=x onerror=window.__pwned=1&gt;</td>')
    expect(page).not.toContain(HOSTILE_COMPONENT)
  })

  it('gives the same bytes for the same input', () => {
    expect(html(report, { layers: [shapesLayer()], generatedAt: 'x' })).toBe(html(sampleReport(), { layers: [shapesLayer()], generatedAt: 'x' }))
  })
})

// The HTML report at scale: the public ODB++ 8.1 sample (8 copper layers, 185 mm, pours on every
// layer; 54 MB of SVG before issue 15) is at most 8 MB, and in headless Chromium the per-side counts
// follow the filters. The open time is measured by bench/html.ts, not asserted here.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { checkWithLayers } from '../../src/check.ts'
import type { Finding, Report } from '../../src/engine/report.ts'
import { describeFeature } from '../../src/reporters/format.ts'
import { html, viewOf } from '../../src/reporters/html/index.ts'
import { realBoardsAvailable, sharedReal } from '../real-boards.ts'

const available = realBoardsAvailable('the HTML report of the ODB++ sample')
const SAMPLE = sharedReal('odbpp-sample-design/sample_design.tgz')
const MAX_BYTES = 8 * 1024 * 1024

describe.skipIf(!available)('html reporter on the ODB++ sample', { timeout: 120_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'bumpcheck-html-scale-'))
  let browser: Browser
  let page: Page
  let report: Report
  const sizes: Record<string, number> = {}

  beforeAll(async () => {
    // pcb-bga finds no bump array on this board (no finding); taking every SMD pad as a bump pad
    // gives findings over both sides, so much of the board sits in a finding's window, drawn finely
    for (const [name, deck] of [['preset', 'pcb-bga'], ['smd', { extends: 'pcb-bga', process: { bumpPads: 'smd' } }]] as const) {
      const run = await checkWithLayers([SAMPLE], { deck })
      const page = html(run.report, { layers: run.layers, generatedAt: '2026-01-01' })
      sizes[name] = Buffer.byteLength(page)
      writeFileSync(join(work, `${name}.html`), page)
      if (name === 'smd') report = run.report
    }
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    })
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await page.goto(pathToFileURL(join(work, 'smd.html')).href)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    rmSync(work, { recursive: true, force: true })
  })

  it('is at most 8 MB with no finding and with findings over both sides', () => {
    expect(report.findings.length).toBeGreaterThan(100)
    expect(new Set(report.findings.map((f) => f.side))).toEqual(new Set(['top', 'bottom']))
    expect(sizes.preset).toBeLessThanOrEqual(MAX_BYTES)
    expect(sizes.smd).toBeLessThanOrEqual(MAX_BYTES)
  })

  /** Per view, the sited findings a filter lets through, counted here from the report itself. */
  const expected = (keep: (f: Finding) => boolean) => {
    const counts: Record<string, string> = { top: '0', bottom: '0', inner: '0' }
    for (const f of report.findings) if (f.at !== null && keep(f)) counts[viewOf(f.side)] = String(Number(counts[viewOf(f.side)]) + 1)
    return counts
  }
  const shown = async () => Object.fromEntries(await Promise.all(['top', 'bottom', 'inner'].map(async (v) => [v, await page.textContent(`[data-count-view="${v}"]`)])))

  it('draws one marker per finding and counts them per side', async () => {
    expect(await page.locator('svg .marker').count()).toBe(report.findings.length)
    expect(await shown()).toEqual(expected(() => true))
  })

  it('keeps the per-side counts with the rule, severity and text filters', async () => {
    await page.selectOption('#filter-rule', 'mask-web')
    const maskWeb = expected((f) => f.rule === 'mask-web')
    expect(Number(maskWeb.top) + Number(maskWeb.bottom)).toBeGreaterThan(0)
    expect(await shown()).toEqual(maskWeb)
    expect(await page.locator('svg .marker:visible').count()).toBe(Number(maskWeb.top) + Number(maskWeb.bottom))
    await page.selectOption('#filter-severity', 'warning')
    expect(await shown()).toEqual(expected((f) => f.rule === 'mask-web' && f.severity === 'warning'))
    await page.selectOption('#filter-rule', '')
    await page.selectOption('#filter-severity', '')
    // a component only the bottom side holds: its findings by message or feature
    await page.fill('#filter-text', 'u27')
    const u27 = expected((f) => `${f.message} ${f.features.map(describeFeature).join(' ')}`.toLowerCase().includes('u27'))
    expect(u27.top).toBe('0')
    expect(Number(u27.bottom)).toBeGreaterThan(0)
    expect(await shown()).toEqual(u27)
    await page.fill('#filter-text', '')
    expect(await shown()).toEqual(expected(() => true))
  })
})

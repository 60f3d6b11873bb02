// npx tsx bench/html.ts [older.html …]: the HTML report of the bundled ODB++ sample (../shared/fixtures/real/
// odbpp-sample-design, 8-layer PADS example): its size, and how long headless Chromium takes to open
// it (navigation to the load event, then two animation frames so the SVG views are painted), median
// of 5, each in a fresh page, and the renderer main thread's CPU time over the same span (Chromium's
// ThreadTime metric: what the page costs, less what other processes on a busy machine take). Two runs of the sample: the pcb-bga preset (no bump array is found, so
// no finding), and the same preset taking every SMD pad as a bump pad (382 findings spread over
// both sides, so much of the board is near a finding and drawn finely). Extra HTML files given as
// arguments (an older report, say) are measured beside them. Prints a table; asserts nothing.
//   BENCH_HTML_REPEATS=5

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { checkWithLayers } from '../src/check.ts'
import { html } from '../src/reporters/html/index.ts'
import { sharedReal } from '../test/real-boards.ts'

const REPEATS = Number(process.env.BENCH_HTML_REPEATS ?? 5)
const SAMPLE = sharedReal('odbpp-sample-design/sample_design.tgz')
const DECKS: [name: string, deck: string | object][] = [
  ['pcb-bga (0 findings)', 'pcb-bga'],
  ['pcb-bga, bumpPads smd (382 findings)', { extends: 'pcb-bga', process: { bumpPads: 'smd' } }],
]

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const work = mkdtempSync(join(tmpdir(), 'bumpcheck-html-bench-'))
try {
  const pages: [name: string, path: string][] = []
  for (const [name, deck] of DECKS) {
    const { report, layers } = await checkWithLayers([SAMPLE], { deck })
    const path = join(work, `${pages.length}.html`)
    writeFileSync(path, html(report, { layers, generatedAt: '2026-01-01' }))
    pages.push([`${name}`, path])
  }
  for (const arg of process.argv.slice(2)) pages.push([arg, resolve(arg)])

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
  const rows: string[] = []
  for (const [name, path] of pages) {
    const times: number[] = []
    const cpu: number[] = []
    for (let i = 0; i < REPEATS; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Performance.enable')
      const start = process.hrtime.bigint()
      await page.goto(pathToFileURL(path).href, { waitUntil: 'load', timeout: 120_000 })
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
      times.push(Number(process.hrtime.bigint() - start) / 1e9)
      const { metrics } = await cdp.send('Performance.getMetrics')
      cpu.push(metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN)
      await page.close()
    }
    rows.push(`| ${name} | ${(statSync(path).size / 1e6).toFixed(2)} MB | ${median(times).toFixed(2)} s | ${Math.min(...times).toFixed(2)}–${Math.max(...times).toFixed(2)} s | ${median(cpu).toFixed(2)} s |`)
  }
  await browser.close()
  console.log(`HTML report of the ODB++ sample in headless Chromium (median of ${REPEATS}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)\n`)
  console.log('| report | size | open (load + 2 frames) | range | main-thread CPU |\n|---|---|---|---|---|')
  console.log(rows.join('\n'))
} finally {
  rmSync(work, { recursive: true, force: true })
}

// Hostile strings from real inputs end to end: Gerber attributes (.C, .P) and file names carrying HTML,
// script, quotes, ampersands and control characters go through the reader and check() into every
// report format, and come out as text — no script runs in Chromium, every XML/JSON parses back to the
// same strings, and the text report shows the control characters escaped.

import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkWithLayers, type CheckResult } from '../../src/check.ts'
import { render } from '../../src/reporters/index.ts'

const SCRIPT_COMPONENT = '<script>alert(1)</script>'
const IMG_PIN = '"><img src=x onerror=window.__pwned=1>'
/** A file name with markup, both quotes, an ampersand, BEL, ESC (a terminal colour) and a bidi override. */
const HOSTILE_PASTE = `<img src=x onerror=window.__pwned=2> & "q" 'a' \u0007\u001b[31m\u202e-F_Paste.gbr`
const HOSTILE_BROKEN = `<svg onload=window.__pwned=3>&amp;\u0001.gbr` // no "/" in a file name

let dir: string
let result: CheckResult
let outputs: Record<string, string>
let browser: BrowserContext
let page: Page
const dialogs: string[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bumpcheck-hostile-'))
  const src = 'fixtures/kicad-bga-dev/gerber'
  for (const name of readdirSync(src)) {
    if (name.endsWith('-F_Paste.gbr')) {
      // every component on the paste layer becomes the script; each pad gets the img pin
      const paste = readFileSync(join(src, name), 'utf8').replace(/%TO\.C,[^*]*\*%/g, `%TO.C,${SCRIPT_COMPONENT}*%\n%TO.P,U1,${IMG_PIN}*%`)
      writeFileSync(join(dir, HOSTILE_PASTE), paste)
    } else copyFileSync(join(src, name), join(dir, name))
  }
  writeFileSync(join(dir, HOSTILE_BROKEN), '%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,not-a-number*%\nM02*\n')
  result = await checkWithLayers([dir], { deck: 'fixtures/kicad-bga-dev/deck.json', today: '2026-01-01' })
  outputs = Object.fromEntries((['text', 'json', 'sarif', 'junit', 'lyrdb', 'html'] as const).map((f) => [f, render(f, result.report, { layers: result.layers, generatedAt: '2026-01-01' })]))
  writeFileSync(join(dir, 'report.html'), outputs['html']!)
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'bumpcheck-chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  page = await browser.newPage()
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss() })
  await page.goto(pathToFileURL(join(dir, 'report.html')).href)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Every string anywhere in a parsed JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(strings)
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings)
  return []
}

/** KLayout's tl::to_quoted_string read back: '…' with \\x escapes, \\n \\r \\t, and \\ooo octal UTF-8 bytes. */
function unquoteKlayout(quoted: string): string {
  expect(quoted.startsWith("'") && quoted.endsWith("'")).toBe(true)
  const body = quoted.slice(1, -1)
  const bytes: number[] = []
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!
    if (c !== '\\') { bytes.push(...Buffer.from(c, 'utf8')); continue }
    const next = body[++i]!
    const octal = /^[0-7]{3}/.exec(body.slice(i))
    if (octal) { bytes.push(parseInt(octal[0], 8)); i += 2 } else bytes.push(...Buffer.from(({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[next] ?? next, 'utf8'))
  }
  return Buffer.from(bytes).toString('utf8')
}

describe('hostile attribute strings and file names', { timeout: 60_000 }, () => {
  it('reach the report as data: the paste findings carry the script component and the img pin, the broken file its name', () => {
    // pads drawn after a %TO.C% carry it; one deposit before the first %TO.C% has none
    const pasteFeatures = result.report.findings.flatMap((f) => f.features).filter((f) => f.file === join(dir, HOSTILE_PASTE) && f.component !== undefined)
    expect(pasteFeatures.length).toBeGreaterThan(0)
    expect(pasteFeatures.every((f) => f.component === SCRIPT_COMPONENT && f.pin === IMG_PIN)).toBe(true)
    expect(result.report.inputErrors).toEqual([{ path: join(dir, HOSTILE_BROKEN), line: 3, message: expect.any(String) }])
    expect(result.report.summary.pass).toBe(false)
  })

  it('runs no script in Chromium and shows the strings as text', async () => {
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined()
    expect(dialogs).toEqual([])
    expect(await page.locator('img').count()).toBe(0)
    const text = await page.evaluate(() => document.body.innerText)
    expect(text).toContain(SCRIPT_COMPONENT)
    expect(text).toContain(IMG_PIN)
    expect(text).toContain('<svg onload=window.__pwned=3>&amp;')
    expect(text).toContain('<img src=x onerror=window.__pwned=2> & "q" \'a\'')
  })

  it('JSON parses back to the same strings', () => {
    const json = JSON.parse(outputs['json']!)
    const all = strings(json)
    expect(all).toContain(SCRIPT_COMPONENT)
    expect(all).toContain(IMG_PIN)
    expect(all).toContain(join(dir, HOSTILE_PASTE))
    expect(all).toContain(join(dir, HOSTILE_BROKEN))
  })

  it('SARIF parses as JSON and gives back the strings (URIs decoded)', () => {
    const all = strings(JSON.parse(outputs['sarif']!)).flatMap((s) => { try { return [s, decodeURIComponent(s)] } catch { return [s] } })
    expect(all.some((s) => s.includes(SCRIPT_COMPONENT))).toBe(true)
    expect(all.some((s) => s.includes(IMG_PIN))).toBe(true)
    expect(all.some((s) => s.includes(HOSTILE_PASTE))).toBe(true)
  })

  const parseXml = (xml: string) => page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml')
    const elements = [...doc.querySelectorAll('*')]
    return {
      error: doc.getElementsByTagName('parsererror').length > 0,
      texts: elements.filter((e) => e.children.length === 0).map((e) => e.textContent ?? ''),
      attributes: elements.flatMap((e) => [...e.attributes].map((a) => a.value)),
    }
  }, xml)

  it('JUnit parses as XML (Chromium\'s DOMParser) and gives back the strings', async () => {
    const parsed = await parseXml(outputs['junit']!)
    expect(parsed.error).toBe(false)
    const all = [...parsed.texts, ...parsed.attributes].join('\n')
    expect(all).toContain(SCRIPT_COMPONENT)
    expect(all).toContain(IMG_PIN)
    // XML 1.0 cannot carry BEL or ESC even as references: they come back spelled out; U+202E is legal XML
    expect(all).toContain('<img src=x onerror=window.__pwned=2> & "q" \'a\' \\u{7}\\u{1b}[31m\u202e-F_Paste.gbr')
  })

  it('lyrdb parses as XML and its KLayout-quoted values unquote to the very same strings', async () => {
    const parsed = await parseXml(outputs['lyrdb']!)
    expect(parsed.error).toBe(false)
    const values = parsed.texts.filter((t) => t.startsWith("text: '")).map((t) => unquoteKlayout(t.slice('text: '.length)))
    expect(values.some((v) => v.includes(`${join(dir, HOSTILE_PASTE)}:`) && v.includes(`${SCRIPT_COMPONENT}.${IMG_PIN}`))).toBe(true)
  })

  it('text shows the control characters escaped, never raw', () => {
    const text = outputs['text']!
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/)
    expect(text).toContain('\\u{7}\\u{1b}[31m\\u{202e}-F_Paste.gbr')
    expect(text).toContain('\\u{1}.gbr')
    expect(text).toContain(SCRIPT_COMPONENT)
  })
})

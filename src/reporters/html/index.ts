// The HTML report: one self-contained page (inline CSS and JS, no network, a CSP that allows only
// this page's own script) with a scope panel (rules that could not run, the bump arrays, pads left
// out, deposits out of scope), an SVG view per side, a marker per finding, a filterable table and
// the sign-off block. Every input string is escaped here; the script never builds markup.

import { createHash } from 'node:crypto'
import Flatbush from 'flatbush'
import type { Finding, Report } from '../../engine/report.ts'
import type { Layer, Role } from '../../layers/model.ts'
import type { Box } from '../../geometry/types.ts'
import { NM_PER_MM, ROLES } from '../../layers/model.ts'
import type { RenderContext } from '../index.ts'
import { describeFeature, escapeHtml as e, formatNumber, gridText, leftOutEntries, optionsText, pitchText } from '../format.ts'
import { reportRules, signOff } from '../signoff.ts'
import { byText } from '../../order.ts'
import { CLIENT_SCRIPT } from './client.ts'
import { STYLE } from './style.ts'
import { featuresBox, layerPaths } from './svg-path.ts'

type View = 'top' | 'bottom' | 'inner'

/** Through-hole and outline findings ('both') are drawn on the top view: one marker per finding. */
export function viewOf(side: Finding['side']): View {
  return side === 'bottom' ? 'bottom' : side === 'inner' ? 'inner' : 'top'
}

function layersFor(view: View, layers: Layer[]): Layer[] {
  return layers
    .filter((layer) => layer.side === view || layer.side === 'both')
    .sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || byText(a.file, b.file))
}

/** The view's home box in SVG units (mm, y down): every layer and finding, plus a margin. */
function homeViewBox(layers: Layer[], findings: Finding[]): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  const grow = (box: Box) => {
    minX = Math.min(minX, box[0]); minY = Math.min(minY, box[1])
    maxX = Math.max(maxX, box[2]); maxY = Math.max(maxY, box[3])
  }
  for (const layer of layers) {
    const box = featuresBox(layer.features)
    if (box) grow(box.map((nm) => nm / NM_PER_MM) as Box)
  }
  for (const f of findings) if (f.bbox !== null) grow(f.bbox)
  if (minX === Infinity) [minX, minY, maxX, maxY] = [0, 0, 10, 10]
  const margin = Math.max(maxX - minX, maxY - minY, 1) * 0.04
  const box = [minX - margin, -maxY - margin, maxX - minX + 2 * margin, maxY - minY + 2 * margin]
  return box.map((v) => Math.round(v * 1e4) / 1e4) as [number, number, number, number]
}

function markerSvg(f: Finding, index: number, radius: number): string {
  if (f.at === null || f.bbox === null) return '' // never drawn: the views hold sited findings only
  const [minX, minY, maxX, maxY] = f.bbox
  const r = Math.max(radius, Math.hypot(maxX - minX, maxY - minY) / 2)
  const n = (v: number) => formatNumber(v)
  return (
    `<g class="marker severity-${e(f.severity)}" data-finding-index="${index}">` +
    `<title>${e(`#${index + 1} ${f.rule}: ${f.message}`)}</title>` +
    `<rect x="${n(minX)}" y="${n(-maxY)}" width="${n(maxX - minX)}" height="${n(maxY - minY)}"/>` +
    `<circle cx="${n(f.at.x)}" cy="${n(-f.at.y)}" r="${n(r)}"/></g>`
  )
}

// Polygons (pours, planes: most of a board's bytes) are simplified. Far from every finding they
// lose the points that move their outline by less than a 4000th of the board (46 µm on the 185 mm
// ODB++ sample: an eighth of a pixel in the whole-board view); within the window a row click zooms
// to, only those within a 40 000th (5 µm there: a quarter of a pixel at that zoom). All coordinates
// go to 1 µm.
const SIMPLIFY_PARTS = 4000
const NEAR_SIMPLIFY_PARTS = 40_000
const ZOOM_PARTS = 20

/** The boxes (nm) a row click can show: each finding's zoom window (client.ts focusRow), as a predicate. */
function nearFindings(findings: Finding[], homeSize: number): (box: Box) => boolean {
  const sited = findings.filter((f) => f.bbox !== null)
  if (sited.length === 0) return () => false
  const tree = new Flatbush(sited.length)
  for (const f of sited) {
    const [minX, minY, maxX, maxY] = f.bbox!
    const half = Math.max(4 * Math.max(maxX - minX, maxY - minY), homeSize / ZOOM_PARTS) / 2
    const cx = (minX + maxX) / 2
    const cy = (minY + maxY) / 2
    tree.add((cx - half) * NM_PER_MM, (cy - half) * NM_PER_MM, (cx + half) * NM_PER_MM, (cy + half) * NM_PER_MM)
  }
  tree.finish()
  return (box) => tree.search(box[0], box[1], box[2], box[3]).length > 0
}

/** Roles drawn by their fill alone, whose far strokes can be centre lines of the role's colour. */
const FILLED: ReadonlySet<Role> = new Set(['pads', 'deposit', 'other'])

function viewSvg(view: View, layers: Layer[], findings: [Finding, number][]): string {
  const home = homeViewBox(layers, findings.map(([f]) => f))
  const homeText = home.join(' ')
  const homeSize = Math.max(home[2], home[3])
  const near = nearFindings(findings.map(([f]) => f), homeSize)
  const tolerance = (homeSize * NM_PER_MM) / SIMPLIFY_PARTS
  const defs: string[] = []
  const paths: string[] = []
  layers.forEach((layer, i) => {
    const { dark, clear, lines } = layerPaths(layer.features, { near, fine: (homeSize * NM_PER_MM) / NEAR_SIMPLIFY_PARTS, tolerance, strokesAsLines: FILLED.has(layer.role) })
    if (dark === '' && lines.size === 0) return
    let maskAttribute = ''
    if (clear !== '') {
      // clear polarity cuts what was drawn dark: a mask, white where dark, black where cleared
      const id = `mask-${view}-${i}`
      defs.push(`<mask id="${id}" maskUnits="userSpaceOnUse" x="${home[0]}" y="${home[1]}" width="${home[2]}" height="${home[3]}">` +
        `<rect x="${home[0]}" y="${home[1]}" width="${home[2]}" height="${home[3]}" fill="#fff"/><path d="${clear}" fill="#000"/></mask>`)
      maskAttribute = ` mask="url(#${id})"`
    }
    const strokes = [...lines].sort(([a], [b]) => byText(a, b))
      .map(([width, d]) => `<path class="lines" stroke-width="${width}" d="${d}"/>`).join('')
    paths.push(`<g class="layer role-${layer.role}"${maskAttribute}><title>${e(layer.file)}</title>` +
      (dark === '' ? '' : `<path fill-rule="nonzero" d="${dark}"/>`) + strokes + '</g>')
  })
  const radius = homeSize / 150
  const markers = findings.map(([f, index]) => markerSvg(f, index, radius))
  return (
    `<svg class="board" id="view-${view}" xmlns="http://www.w3.org/2000/svg" viewBox="${homeText}" data-home="${homeText}" ` +
    `preserveAspectRatio="xMidYMid meet" role="img" aria-label="${view} side">` +
    (defs.length ? `<defs>${defs.join('')}</defs>` : '') +
    `<g class="layers">${paths.join('')}</g><g class="markers">${markers.join('')}</g></svg>`
  )
}

const ROLE_LABEL: Record<Role, string> = {
  pads: 'pads (copper)', mask: 'mask openings', deposit: 'deposit', vias: 'vias', outline: 'outline', other: 'other',
}

function viewFigure(view: View, allLayers: Layer[], findings: [Finding, number][]): string {
  const layers = layersFor(view, allLayers)
  const legend = layers.map((l) => `<span><span class="swatch role-${l.role}"></span>${e(ROLE_LABEL[l.role])}: <span class="mono">${e(l.file)}</span></span>`)
  return (
    `<figure class="view" data-side="${view}"><figcaption><strong>${view[0]!.toUpperCase() + view.slice(1)} side</strong>` +
    `<span><span data-count-view="${view}">${findings.length}</span> finding(s) shown · seen from the top, not mirrored · <button type="button" data-reset="view-${view}">Reset view</button></span></figcaption>` +
    viewSvg(view, layers, findings) +
    `<div class="legend">${legend.join('') || 'no layers drawn'}</div></figure>`
  )
}

/** x and y cells: the site, or one cell saying there is none. */
function siteCells(at: Finding['at']): string {
  return at === null ? '<td class="no-site" colspan="2">no site</td>' : `<td class="num">${formatNumber(at.x)}</td><td class="num">${formatNumber(at.y)}</td>`
}

function findingRow(f: Finding, index: number): string {
  const features = f.features.map((feature) => `<div>${e(describeFeature(feature))}</div>`).join('')
  // the site and box the script zooms to; a finding with no site has none, so a click selects without zooming
  const site = f.at === null || f.bbox === null ? ' data-no-site=""'
    : ` data-x="${formatNumber(f.at.x)}" data-y="${formatNumber(f.at.y)}" data-w="${formatNumber(f.bbox[2] - f.bbox[0])}" data-h="${formatNumber(f.bbox[3] - f.bbox[1])}"`
  return (
    `<tr tabindex="0" data-finding-index="${index}" data-rule="${e(f.rule)}" data-severity="${e(f.severity)}" data-view="${viewOf(f.side)}"${site}>` +
    `<td class="num">${index + 1}</td><td class="sev-${e(f.severity)}">${e(f.severity)}</td><td>${e(f.rule)}</td><td>${e(f.side)}</td>` +
    siteCells(f.at) +
    `<td class="num">${formatNumber(f.measured)}</td><td class="num">${formatNumber(f.limit)}</td><td>${e(f.unit)}</td>` +
    `<td>${e(f.message)}</td><td class="mono">${features}</td></tr>`
  )
}

function options(values: string[]): string {
  return values.map((v) => `<option value="${e(v)}">${e(v)}</option>`).join('')
}

function findingsSection(report: Report): string {
  const rules = reportRules(report).map((r) => r.id).filter((id) => report.findings.some((f) => f.rule === id))
  return (
    `<h2>Findings</h2><div class="filters">` +
    `<label>Rule <select id="filter-rule"><option value="">all rules</option>${options(rules)}</select></label>` +
    `<label>Severity <select id="filter-severity"><option value="">all</option>${options(['error', 'warning'])}</select></label>` +
    `<label>Text <input type="search" id="filter-text" placeholder="message, component, file…"></label>` +
    `<span id="shown-count"></span></div>` +
    // laid out only once scrolled near: a long table below the views costs nothing at load
    `<div class="lazy"><table id="findings"><thead><tr><th>#</th><th>severity</th><th>rule</th><th>side</th><th>x (mm)</th><th>y (mm)</th>` +
    `<th>measured</th><th>limit</th><th>unit</th><th>message</th><th>features</th></tr></thead>` +
    `<tbody>${report.findings.map(findingRow).join('')}</tbody></table></div>`
  )
}

function listSection(title: string, items: string[]): string {
  return items.length === 0 ? '' : `<h2>${title}</h2><ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`
}

function waivedSection(report: Report): string {
  if (report.waived.length === 0) return ''
  const rows = report.waived.map((f) =>
    `<tr><td>${e(f.rule)}</td><td>${e(f.side)}</td>${siteCells(f.at)}` +
    `<td>${e(f.message)}</td><td>${e(f.waiver.reason)}</td><td>${e(f.waiver.author)}</td><td>${e(f.waiver.expires ?? '')}</td></tr>`)
  return `<h2>Waived (${report.waived.length})</h2><table id="waived"><thead><tr><th>rule</th><th>side</th><th>x (mm)</th><th>y (mm)</th>` +
    `<th>message</th><th>reason</th><th>author</th><th>expires</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function table(id: string, headings: string[], rows: string[][]): string {
  return `<table id="${id}"><thead><tr>${headings.map((h) => `<th>${h}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('')}</tbody></table>`
}

const td = (text: string, className?: string) => `<td${className ? ` class="${className}"` : ''}>${text}</td>`

/**
 * What the run covered: the rule/side checks that could not run (with the fix), the bump arrays it
 * took, the pads it left out by reason and the deposits it left out of scope. Empty when the report
 * carries none of them.
 */
function scopePanel(report: Report): string {
  const parts: string[] = []
  const notRun = report.notRun ?? []
  if (notRun.length > 0) {
    parts.push(`<h3>Not run (${notRun.length})</h3><p>These checks did not run: the run is not complete until each is fixed or turned off in the deck.</p>` +
      table('not-run', ['rule', 'side', 'reason', 'fix'],
        notRun.map((n) => [td(e(n.rule)), td(e(n.side)), td(e(n.reason)), td(e(n.fix))])))
  }
  const bumpPads = report.bumpPads
  if (bumpPads !== undefined) {
    parts.push(`<h3>Bump arrays (${bumpPads.arrays.length})</h3>` + (bumpPads.arrays.length === 0 ? '<p>No bump array was found.</p>'
      : table('bump-arrays', ['side', 'array', 'pads', 'rows × columns', 'pitch', 'chosen by'], bumpPads.arrays.map((a) => [
        td(e(a.side)), td(e(a.name), 'mono'), td(String(a.pads), 'num'), td(gridText(a), 'num'), td(e(pitchText(a.pitch))), td(e(a.chosenBy)),
      ]))))
    parts.push('<h3>Pad selection</h3>' + table('pad-selection', ['side', 'mode', 'bump pads', 'left out'], bumpPads.selection.map((sel) => {
      const leftOut = leftOutEntries(sel.leftOut)
      const list = leftOut.length === 0 ? 'none'
        : `<ul class="left-out">${leftOut.map(([reason, count]) => `<li><span class="num">${count}</span> ${e(reason)}</li>`).join('')}</ul>`
      return [td(e(sel.side)), td(e(sel.mode)), td(String(sel.bumpPads), 'num'), td(list)]
    })))
    if (bumpPads.outOfScope.length > 0) {
      parts.push('<h3>Out of scope</h3><p>Deposits on copper pads that are not bump pads: counted, not checked.</p>' +
        table('out-of-scope', ['side', 'deposits on other pads', 'off the board outline'], bumpPads.outOfScope.map((o) => [td(e(o.side)), td(String(o.deposits), 'num'), td(String(o.offBoard), 'num')])))
    }
  }
  if (parts.length === 0) return ''
  const incomplete = notRun.length > 0 ? ' incomplete' : ''
  return `<section id="scope" class="panel${incomplete}"><h2>Scope of the check</h2>${parts.join('')}</section>`
}

function rulesTable(report: Report): string {
  if (report.rules === undefined) return ''
  return '<h3>Rules</h3>' + table('rules', ['rule', 'severity', 'options'], reportRules(report).map((r) => [
    td(e(r.id)), td(e(r.severity), `sev-${e(r.severity)}`), td(e(optionsText(r.options)), 'mono'),
  ]))
}

function signOffSection(report: Report, ctx: RenderContext): string {
  const s = signOff(report, ctx.generatedAt)
  const inputs = report.inputs.map((i) =>
    `<tr><td class="mono">${e(i.path)}</td><td>${e(i.role)}</td><td>${e(i.side)}</td><td>${e(i.format)}</td><td class="mono">${e(i.sha256)}</td></tr>`)
  const { errors, warnings, waived } = report.summary
  return (
    `<section id="sign-off"><h2>Sign-off</h2><dl class="signoff">` +
    `<dt>Verdict</dt><dd><span class="verdict ${s.verdict.toLowerCase()}">${s.verdict}</span> ${s.reasons.map(e).join('; ')}</dd>` +
    `<dt>Findings</dt><dd>${errors} error(s), ${warnings} warning(s), ${waived} waived</dd>` +
    `<dt>Tool</dt><dd>${e(report.tool.name)} ${e(report.tool.version)}</dd>` +
    `<dt>Date</dt><dd>${e(s.date)}</dd>` +
    `<dt>Deck</dt><dd>${e(report.deck.name)} · units ${e(report.deck.units)} · sha256 <span class="mono">${e(report.deck.sha256)}</span></dd>` +
    `</dl><table id="inputs"><thead><tr><th>input</th><th>role</th><th>side</th><th>format</th><th>sha256</th></tr></thead>` +
    `<tbody>${inputs.join('')}</tbody></table>${rulesTable(report)}</section>`
  )
}

export function html(report: Report, ctx: RenderContext): string {
  const s = signOff(report, ctx.generatedAt)
  const layers = ctx.layers ?? []
  const byView: Record<View, [Finding, number][]> = { top: [], bottom: [], inner: [] }
  // a finding with no site is in the table only: no view draws it or counts it
  report.findings.forEach((f, i) => { if (f.at !== null) byView[viewOf(f.side)].push([f, i]) })
  const views: View[] = ['top', 'bottom']
  if (byView.inner.length > 0 || layers.some((l) => l.side === 'inner')) views.push('inner')
  // the hash admits exactly this script: markup injected by a bug elsewhere could not run
  const scriptHash = createHash('sha256').update(CLIENT_SCRIPT).digest('base64')
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'`
  const { errors, warnings, waived } = report.summary
  const notRunCount = (report.notRun ?? []).length
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(`bumpcheck ${s.verdict} — ${report.deck.name}`)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><h1>bumpcheck report <span class="verdict ${s.verdict.toLowerCase()}">${s.verdict}</span></h1>`,
    `<p>Deck <strong>${e(report.deck.name)}</strong> · ${errors} error(s), ${warnings} warning(s), ${waived} waived · ` +
      `${report.inputs.length} input file(s)${report.inputErrors.length ? ` · <strong>${report.inputErrors.length} input error(s)</strong>` : ''}` +
      `${notRunCount ? ` · <strong>${notRunCount} check(s) not run</strong>` : ''}</p></header>`,
    listSection('Input errors', report.inputErrors.map((x) => `<span class="mono">${e(`${x.path}:${x.line}`)}</span> ${e(x.message)}`)),
    scopePanel(report),
    `<section class="views">${views.map((v) => viewFigure(v, layers, byView[v])).join('')}</section>`,
    findingsSection(report),
    waivedSection(report),
    listSection('Waiver problems', report.waiverProblems.map((p) => `waiver ${p.waiver} ${e(p.kind)}: ${e(p.message)}`)),
    listSection('Not checked', report.notes.map((note) => e(note))),
    listSection('Reader diagnostics', report.diagnostics.map((d) => `<span class="mono">${e(`${d.path}:${d.line}`)}</span> ${e(d.message)}`)),
    signOffSection(report, ctx),
    `<script>${CLIENT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n')
}

// KLayout report database (.lyrdb) for the marker browser: one category per rule (its options in the
// description), one item per finding with its box in µm and its message as text, all in a single top
// cell. Then categories with text-only items (the summary has no geometry): `not-run`, one item per
// rule/side that could not run; `bump-arrays`, one per array; `bump-pads`, the selection per side;
// `out-of-scope`, the deposits per side left out. The layout follows what KLayout 0.28 itself writes
// (ReportDatabase#save).

import type { Finding, Report } from '../engine/report.ts'
import type { RenderContext } from './index.ts'
import { arrayText, describeFeature, escapeXml, formatNumber, leftOutText, optionsText } from './format.ts'
import { reportRules, verdictOf } from './signoff.ts'

/** Category names for the summary; rule ids never collide with them (no rule is named so). */
export const NOT_RUN_CATEGORY = 'not-run'
export const BUMP_ARRAYS_CATEGORY = 'bump-arrays'
export const BUMP_PADS_CATEGORY = 'bump-pads'
export const OUT_OF_SCOPE_CATEGORY = 'out-of-scope'

const TOP_CELL = 'TOP'
const UM_PER_MM = 1000

/**
 * KLayout's quoted string (tl::to_quoted_string): `\'` and `\\`, named escapes for newline, return
 * and tab, every other byte outside printable ASCII as a three-digit octal escape of its UTF-8 byte.
 * KLayout reads an escape's digits greedily (`\22722` is one number, not `\227` then `22`), so a
 * digit right after an octal escape is escaped too: `22×22` becomes `22\303\227\062\062`.
 */
export function klayoutQuoted(text: string): string {
  let out = "'"
  let afterOctal = false
  for (const byte of new TextEncoder().encode(text)) {
    const octal: boolean = byte < 0x20 || byte > 0x7e || (afterOctal && byte >= 0x30 && byte <= 0x39)
    if (byte === 0x27) out += "\\'"
    else if (byte === 0x5c) out += '\\\\'
    else if (byte === 0x0a) out += '\\n'
    else if (byte === 0x0d) out += '\\r'
    else if (byte === 0x09) out += '\\t'
    else if (octal) out += '\\' + byte.toString(8).padStart(3, '0')
    else out += String.fromCharCode(byte)
    afterOctal = octal && byte !== 0x0a && byte !== 0x0d && byte !== 0x09
  }
  return out + "'"
}

function micrometres(mm: number): string {
  return formatNumber(mm * UM_PER_MM)
}

/** A finding with a site is a box marker; one with no site an item of texts only, listed and never drawn. */
function item(f: Finding): string[] {
  const details = [
    `${f.severity} on ${f.side}${f.at === null ? ', no site' : ''}`,
    `measured ${formatNumber(f.measured)} limit ${formatNumber(f.limit)} ${f.unit}`,
    ...f.features.map(describeFeature),
  ].join('; ')
  if (f.bbox === null) return textItem(f.rule, [f.message, details])
  const [minX, minY, maxX, maxY] = f.bbox
  return [
    '  <item>',
    '   <tags/>',
    `   <category>${escapeXml(klayoutQuoted(f.rule))}</category>`,
    `   <cell>${TOP_CELL}</cell>`,
    '   <visited>false</visited>',
    '   <multiplicity>1</multiplicity>',
    '   <image/>',
    '   <values>',
    `    <value>box: (${micrometres(minX)},${micrometres(minY)};${micrometres(maxX)},${micrometres(maxY)})</value>`,
    `    <value>text: ${escapeXml(klayoutQuoted(f.message))}</value>`,
    `    <value>text: ${escapeXml(klayoutQuoted(details))}</value>`,
    '   </values>',
    '  </item>',
  ]
}

/** An item with text values only, in the given category (no geometry: the marker browser lists it). */
function textItem(category: string, texts: string[]): string[] {
  return [
    '  <item>',
    '   <tags/>',
    `   <category>${escapeXml(klayoutQuoted(category))}</category>`,
    `   <cell>${TOP_CELL}</cell>`,
    '   <visited>false</visited>',
    '   <multiplicity>1</multiplicity>',
    '   <image/>',
    '   <values>',
    ...texts.map((t) => `    <value>text: ${escapeXml(klayoutQuoted(t))}</value>`),
    '   </values>',
    '  </item>',
  ]
}

function category(name: string, description: string): string[] {
  return [
    '  <category>',
    `   <name>${escapeXml(name)}</name>`,
    `   <description>${escapeXml(description)}</description>`,
    '   <categories>',
    '   </categories>',
    '  </category>',
  ]
}

/** The summary categories and their items: not-run rules, bump arrays, pad selection, out-of-scope deposits. */
function summaryParts(report: Report): { categories: string[]; items: string[] } {
  const categories: string[] = []
  const items: string[] = []
  const notRun = report.notRun ?? []
  if (notRun.length > 0) {
    categories.push(...category(NOT_RUN_CATEGORY, 'Rules that could not run on a side: the run is not complete'))
    for (const n of notRun) items.push(...textItem(NOT_RUN_CATEGORY, [`${n.rule} on ${n.side}: ${n.reason}`, `fix: ${n.fix}`]))
  }
  const bumpPads = report.bumpPads
  if (bumpPads !== undefined) {
    categories.push(...category(BUMP_ARRAYS_CATEGORY, 'Bump arrays the run took, per side and component or grid'))
    for (const a of bumpPads.arrays) items.push(...textItem(BUMP_ARRAYS_CATEGORY, [`${a.side} ${arrayText(a)}`]))
    categories.push(...category(BUMP_PADS_CATEGORY, 'Pads taken as bump pads per side, and those left out by reason'))
    for (const s of bumpPads.selection) {
      items.push(...textItem(BUMP_PADS_CATEGORY, [`${s.side}: mode ${s.mode}, ${s.bumpPads} bump pads, left out: ${leftOutText(s.leftOut)}`]))
    }
    categories.push(...category(OUT_OF_SCOPE_CATEGORY, 'Deposits on copper pads that are not bump pads (counted, not checked)'))
    for (const o of bumpPads.outOfScope) items.push(...textItem(OUT_OF_SCOPE_CATEGORY, [`${o.side}: ${o.deposits} deposits out of scope, ${o.offBoard} off the board outline`]))
  }
  return { categories, items }
}

export function lyrdb(report: Report, _ctx: RenderContext): string {
  const summary = summaryParts(report)
  const categories = [
    ...reportRules(report).flatMap((rule) =>
      category(rule.id, rule.options === undefined ? rule.description : `${rule.description} (${optionsText(rule.options)})`)),
    ...summary.categories,
  ]
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<report-database>',
    ` <description>${escapeXml(`bumpcheck findings, deck ${report.deck.name}, verdict ${verdictOf(report)}`)}</description>`,
    ' <original-file/>',
    ` <generator>${escapeXml(`${report.tool.name} ${report.tool.version}`)}</generator>`,
    ` <top-cell>${TOP_CELL}</top-cell>`,
    ' <tags>',
    ' </tags>',
    ' <categories>',
    ...categories,
    ' </categories>',
    ' <cells>',
    '  <cell>',
    `   <name>${TOP_CELL}</name>`,
    '   <variant/>',
    '   <references>',
    '   </references>',
    '  </cell>',
    ' </cells>',
    ' <items>',
    ...report.findings.flatMap(item),
    ...summary.items,
    ' </items>',
    '</report-database>',
    '',
  ].join('\n')
}

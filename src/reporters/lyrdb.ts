// KLayout report database (.lyrdb) for the marker browser: one category per rule, one item per
// finding with its box in µm and its message as text, all in a single top cell. The layout follows
// what KLayout 0.28 itself writes (ReportDatabase#save).

import type { Finding, Report } from '../engine/report.ts'
import type { RenderContext } from './index.ts'
import { describeFeature, escapeXml, formatNumber } from './format.ts'
import { reportRules } from './signoff.ts'

const TOP_CELL = 'TOP'
const UM_PER_MM = 1000

/**
 * KLayout's quoted string (tl::to_quoted_string): `\'` and `\\`, named escapes for newline, return
 * and tab, every other byte outside printable ASCII as a three-digit octal escape of its UTF-8 byte.
 */
export function klayoutQuoted(text: string): string {
  let out = "'"
  for (const byte of new TextEncoder().encode(text)) {
    if (byte === 0x27) out += "\\'"
    else if (byte === 0x5c) out += '\\\\'
    else if (byte === 0x0a) out += '\\n'
    else if (byte === 0x0d) out += '\\r'
    else if (byte === 0x09) out += '\\t'
    else if (byte < 0x20 || byte > 0x7e) out += '\\' + byte.toString(8).padStart(3, '0')
    else out += String.fromCharCode(byte)
  }
  return out + "'"
}

function micrometres(mm: number): string {
  return formatNumber(mm * UM_PER_MM)
}

function item(f: Finding): string[] {
  const [minX, minY, maxX, maxY] = f.bbox
  const details = [
    `${f.severity} on ${f.side}`,
    `measured ${formatNumber(f.measured)} limit ${formatNumber(f.limit)} ${f.unit}`,
    ...f.features.map(describeFeature),
  ].join('; ')
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

export function lyrdb(report: Report, _ctx: RenderContext): string {
  const categories = reportRules(report).flatMap((rule) => [
    '  <category>',
    `   <name>${escapeXml(rule.id)}</name>`,
    `   <description>${escapeXml(rule.description)}</description>`,
    '   <categories>',
    '   </categories>',
    '  </category>',
  ])
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<report-database>',
    ` <description>${escapeXml(`bumpcheck findings, deck ${report.deck.name}`)}</description>`,
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
    ' </items>',
    '</report-database>',
    '',
  ].join('\n')
}

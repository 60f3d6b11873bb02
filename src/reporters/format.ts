// Number and string helpers every reporter shares, so that all formats round, escape and word alike.

import { byText } from '../order.ts'

/** Round to 6 decimals (1 nm in mm) so that the same value always prints the same digits; -0 becomes 0. */
export function stableNumber(value: number): number {
  const rounded = Math.round(value * 1e6) / 1e6
  return rounded === 0 ? 0 : rounded
}

/** A measured/limit value for JSON: finite numbers rounded, anything else null (JSON has no NaN). */
export function stableOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : stableNumber(value)
}

/** Shortest decimal text of a rounded number (never exponent notation in the range a board uses). */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  const rounded = stableNumber(value)
  // toFixed then trim: String() would switch to exponent notation below 1e-6
  return rounded.toFixed(6).replace(/\.?0+$/, '') || '0'
}

/**
 * Characters XML 1.0 cannot carry even as references (C0 controls but tab/LF/CR, lone surrogates,
 * U+FFFE/U+FFFF) become a visible `\u{…}` so hostile input stays readable text.
 */
function xmlCharsOnly(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + text[i + 1]
        i++
        continue
      }
      out += `\\u{${code.toString(16)}}`
      continue
    }
    const invalid =
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      (code >= 0xdc00 && code <= 0xdfff) ||
      code === 0xfffe ||
      code === 0xffff
    out += invalid ? `\\u{${code.toString(16)}}` : text[i]
  }
  return out
}

/** Escape for XML/HTML text and attribute values (double or single quoted); newlines kept as references. */
export function escapeXml(text: string): string {
  return xmlCharsOnly(text).replace(/[&<>"'\t\n\r]/g, (c) => XML_ENTITIES[c]!)
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
}

/** Escape for HTML: the same set as XML (HTML5 accepts every XML entity used here). */
export const escapeHtml = escapeXml

/**
 * Make control characters visible for a terminal: a file name carrying ESC sequences must not
 * recolour, move the cursor or retitle the user's terminal.
 */
export function visibleText(text: string): string {
  // C0, DEL and C1 controls, plus the bidi overrides that can reorder what a reader sees
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u{${c.charCodeAt(0).toString(16)}}`)
}

/** `file:line component pin` for one finding feature, as every human-facing format shows it. */
export function describeFeature(feature: { file: string; line: number; component?: string; pin?: string }): string {
  let text = `${feature.file}:${feature.line}`
  if (feature.component !== undefined) text += ` ${feature.component}`
  if (feature.pin !== undefined) text += feature.component !== undefined ? `.${feature.pin}` : ` pin ${feature.pin}`
  return text
}

/** Where a finding is, for people: `(x, y) mm`, or `no site` for one about the process as a whole. */
export function siteText(at: { x: number; y: number } | null): string {
  return at === null ? 'no site' : `(${formatNumber(at.x)}, ${formatNumber(at.y)}) mm`
}

/** A finding's site and values in their stable JSON form, in contract order (JSON and SARIF share it). */
export function measuredPlace(f: { at: { x: number; y: number } | null; bbox: readonly number[] | null; measured: number | null; limit: number | null; unit: string }) {
  return {
    at: f.at === null ? null : { x: stableNumber(f.at.x), y: stableNumber(f.at.y) },
    bbox: f.bbox === null ? null : f.bbox.map(stableNumber),
    measured: stableOrNull(f.measured),
    limit: stableOrNull(f.limit),
    unit: f.unit,
  }
}

/**
 * Any option value in a stable JSON form: numbers rounded (non-finite → null), object keys sorted,
 * undefined members dropped, so the same options always serialise to the same bytes.
 */
export function stableValue(value: unknown): unknown {
  if (typeof value === 'number') return stableOrNull(value)
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : stableValue(v)))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort(byText)) {
      const member = (value as Record<string, unknown>)[key]
      if (member !== undefined) out[key] = stableValue(member)
    }
    return out
  }
  return value === undefined ? null : value
}

/** One option value as short text: numbers as formatNumber, strings bare, lists comma-separated. */
function optionValueText(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value)
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return `[${value.map(optionValueText).join(', ')}]`
  return JSON.stringify(stableValue(value)) ?? 'null'
}

/** A rule's options as `name value, name value` in key order, or "no options" (or "options not recorded"). */
export function optionsText(options: Record<string, unknown> | undefined): string {
  if (options === undefined) return 'options not recorded'
  const keys = Object.keys(options).filter((k) => options[k] !== undefined).sort(byText)
  return keys.length === 0 ? 'no options' : keys.map((k) => `${k} ${optionValueText(options[k])}`).join(', ')
}

/** `22×22`: rows × columns of a bump array. */
export function gridText(array: { rows: number; columns: number }): string {
  return `${array.rows}×${array.columns}`
}

/** `pitch 0.8 mm`, `pitch 0.8 × 1 mm` when x and y differ, or `no regular pitch`. */
export function pitchText(pitch: { x: number; y: number } | null): string {
  if (pitch === null) return 'no regular pitch'
  const x = formatNumber(pitch.x), y = formatNumber(pitch.y)
  return x === y ? `pitch ${x} mm` : `pitch ${x} × ${y} mm`
}

/** Left-out reasons sorted by name, so map order cannot leak into any format. */
export function leftOutEntries(leftOut: Record<string, number>): [reason: string, count: number][] {
  return Object.keys(leftOut).sort(byText).map((reason) => [reason, leftOut[reason]!])
}

/** `12 drilled, 8 function ConnectorPad, 130 not-in-array`, or `none`. */
export function leftOutText(leftOut: Record<string, number>): string {
  const entries = leftOutEntries(leftOut)
  return entries.length === 0 ? 'none' : entries.map(([reason, count]) => `${count} ${reason}`).join(', ')
}

type ArrayLike = { name: string; pads: number; rows: number; columns: number; pitch: { x: number; y: number } | null; chosenBy: string }

/** `484 pads, 22×22, pitch 0.8 mm, chosen by x2-function`: a bump array without its name and side. */
export function arrayDetails(array: ArrayLike): string {
  return `${array.pads} pads, ${gridText(array)}, ${pitchText(array.pitch)}, chosen by ${array.chosenBy}`
}

/** `U1: 484 pads, 22×22, pitch 0.8 mm, chosen by x2-function` (the side is the caller's to add). */
export function arrayText(array: ArrayLike): string {
  return `${array.name}: ${arrayDetails(array)}`
}

// Number and string helpers every reporter shares, so that all formats round and escape alike.

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

/** A finding's site and values in their stable JSON form, in contract order (JSON and SARIF share it). */
export function measuredPlace(f: { at: { x: number; y: number }; bbox: readonly number[]; measured: number | null; limit: number | null; unit: string }) {
  return {
    at: { x: stableNumber(f.at.x), y: stableNumber(f.at.y) },
    bbox: f.bbox.map(stableNumber),
    measured: stableOrNull(f.measured),
    limit: stableOrNull(f.limit),
    unit: f.unit,
  }
}

// Waivers: accepted findings, each with a reason, an author and an expiry date. A waiver names its
// rule and either a site (within a tolerance) or a component/pin; expired waivers stop waiving and
// waivers that match nothing are reported, so the waiver file cannot silently rot.

import type { Finding, WaivedFinding } from './report.ts'
import { ConfigError } from '../errors.ts'

export interface Waiver {
  rule: string
  /** Site in mm (the report's coordinates). */
  at?: { x: number; y: number }
  /** Largest distance in mm from `at` to the finding's `at`, at most MAX_TOLERANCE_MM; 0 when absent (the report's 1 nm resolution). */
  tolerance?: number
  component?: string
  pin?: string
  reason: string
  author: string
  /** Last day the waiver applies, `YYYY-MM-DD`. */
  expires: string
}

export interface WaiverProblem {
  /** Index of the waiver in its file. */
  waiver: number
  kind: 'unmatched' | 'expired'
  message: string
}

export interface WaiverResult {
  findings: Finding[]
  waived: WaivedFinding[]
  problems: WaiverProblem[]
}

/**
 * Largest site tolerance in mm. A waiver accepts one finding at one place; a tolerance wide enough to
 * cover a board (`1e308`) would waive every finding of its rule, which is the deck's job (switch the
 * rule off), not a waiver's. Waivers are in mm whatever the deck's units: sites are the report's.
 */
export const MAX_TOLERANCE_MM = 1

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** A real calendar date in `YYYY-MM-DD` (2025-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

const KNOWN_KEYS = ['rule', 'at', 'tolerance', 'component', 'pin', 'reason', 'author', 'expires']

function describe(value: unknown): string {
  const text = JSON.stringify(value)
  return text === undefined ? String(value) : text.length > 40 ? text.slice(0, 37) + '...' : text
}

function fail(file: string, path: string, what: string): never {
  throw new ConfigError(`${file}: ${path} ${what}`, path)
}

function requireText(file: string, entry: Record<string, unknown>, key: string, path: string, optional = false): string | undefined {
  const value = entry[key]
  if (value === undefined && optional) return undefined
  if (typeof value !== 'string' || value.trim() === '') fail(file, `${path}.${key}`, `must be a non-empty string (got ${describe(value)})`)
  return value
}

function requireNumber(file: string, value: unknown, path: string, minimum?: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(file, path, `must be a number in mm (got ${describe(value)})`)
  if (minimum !== undefined && value < minimum) fail(file, path, `must be ${minimum} or more (got ${value})`)
  return value
}

/** JSON.parse's complaint without the excerpt of the text V8 quotes: a waiver path may point at any file. */
export function jsonSyntaxProblem(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error)
  const position = /at position (\d+)/.exec(message)
  if (position) {
    const offset = Number(position[1])
    const before = text.slice(0, offset).split('\n')
    const what = message.slice(0, position.index).replace(/\s*(in JSON\s*)?$/, '')
    return `${what} at line ${before.length} column ${before.at(-1)!.length + 1}`
  }
  if (/unexpected end/i.test(message)) return 'unexpected end of input'
  return 'an unexpected character'
}

function parseEntry(file: string, entry: unknown, path: string): Waiver {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(file, path, `must be an object (got ${describe(entry)})`)
  const record = entry as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!KNOWN_KEYS.includes(key)) fail(file, `${path}.${key}`, `is not a waiver field (known: ${KNOWN_KEYS.join(', ')})`)
  }
  const waiver: Waiver = {
    rule: requireText(file, record, 'rule', path)!,
    reason: requireText(file, record, 'reason', path)!,
    author: requireText(file, record, 'author', path)!,
    expires: requireText(file, record, 'expires', path)!,
  }
  if (!isCalendarDate(waiver.expires)) fail(file, `${path}.expires`, `must be a date YYYY-MM-DD (got ${describe(waiver.expires)})`)
  if (record.at !== undefined) {
    const at = record.at as Record<string, unknown>
    if (typeof at !== 'object' || at === null || Array.isArray(at)) fail(file, `${path}.at`, `must be an object { "x": mm, "y": mm } (got ${describe(at)})`)
    for (const key of Object.keys(at)) if (key !== 'x' && key !== 'y') fail(file, `${path}.at.${key}`, 'is not a coordinate (use x and y)')
    waiver.at = { x: requireNumber(file, at.x, `${path}.at.x`), y: requireNumber(file, at.y, `${path}.at.y`) }
  }
  if (record.tolerance !== undefined) {
    if (record.at === undefined) fail(file, `${path}.tolerance`, 'needs "at": a tolerance is a distance from a site')
    waiver.tolerance = requireNumber(file, record.tolerance, `${path}.tolerance`, 0)
    if (waiver.tolerance > MAX_TOLERANCE_MM) {
      fail(file, `${path}.tolerance`, `must be at most ${MAX_TOLERANCE_MM} mm (got ${describe(record.tolerance)}): a waiver accepts one site, not an area; name the component/pin, or turn the rule off in the deck`)
    }
  }
  const component = requireText(file, record, 'component', path, true)
  const pin = requireText(file, record, 'pin', path, true)
  if (component !== undefined) waiver.component = component
  if (pin !== undefined) {
    if (component === undefined) fail(file, `${path}.pin`, 'needs "component": a pin number alone names pins of every part')
    waiver.pin = pin
  }
  if (waiver.at === undefined && waiver.component === undefined) {
    fail(file, path, 'must give "at" or "component" (to switch a rule off everywhere, change the deck)')
  }
  return waiver
}

/**
 * Read a waiver file: `{ "waivers": [ … ] }` or a bare array of waivers. Throws ConfigError naming
 * the file and the JSON path of the first bad value (`waivers[2].expires`).
 */
export function parseWaivers(text: string, file: string): Waiver[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${jsonSyntaxProblem(error, text)})`)
  }
  let entries: unknown
  let prefix: string
  if (Array.isArray(data)) {
    entries = data
    prefix = ''
  } else if (typeof data === 'object' && data !== null) {
    for (const key of Object.keys(data)) {
      if (key !== 'waivers' && key !== '$schema') fail(file, key, 'is not a waiver file field (expected "waivers")')
    }
    entries = (data as Record<string, unknown>).waivers
    prefix = 'waivers'
    if (!Array.isArray(entries)) fail(file, 'waivers', `must be an array of waivers (got ${describe(entries)})`)
  } else {
    fail(file, '(root)', `must be an object { "waivers": [...] } (got ${describe(data)})`)
  }
  return (entries as unknown[]).map((entry, i) => parseEntry(file, entry, `${prefix}[${i}]`))
}

const NM_PER_MM = 1_000_000

// compared in integer nm: the report prints mm to 6 decimals, so a site copied from it is exact to 1 nm
function toNm(mm: number): number {
  return Math.round(mm * NM_PER_MM)
}

function siteMatches(waiver: Waiver, finding: Finding): boolean {
  if (finding.at === null) return false // a finding with no site is waived by rule alone, never by a site
  const dx = toNm(finding.at.x) - toNm(waiver.at!.x)
  const dy = toNm(finding.at.y) - toNm(waiver.at!.y)
  const tolerance = toNm(waiver.tolerance ?? 0)
  return dx * dx + dy * dy <= tolerance * tolerance
}

function partMatches(waiver: Waiver, finding: Finding): boolean {
  return finding.features.some(
    (f) => f.component === waiver.component && (waiver.pin === undefined || f.pin === waiver.pin),
  )
}

/** A waiver that gives both a site and a part must match both: the narrower reading never over-waives. */
export function waiverMatches(waiver: Waiver, finding: Finding): boolean {
  if (waiver.rule !== finding.rule) return false
  if (waiver.at !== undefined && !siteMatches(waiver, finding)) return false
  if (waiver.component !== undefined && !partMatches(waiver, finding)) return false
  return true
}

function label(waiver: Waiver): string {
  const where: string[] = []
  if (waiver.at) where.push(`at (${waiver.at.x}, ${waiver.at.y}) mm ± ${waiver.tolerance ?? 0}`)
  if (waiver.component) where.push(waiver.pin !== undefined ? `on ${waiver.component}.${waiver.pin}` : `on ${waiver.component}`)
  return `${waiver.rule} ${where.join(' ')}`
}

/**
 * Split findings into those still open and those waived. `today` (`YYYY-MM-DD`, from the caller: no
 * clock here) decides expiry: a waiver applies through its `expires` day. The first matching waiver
 * in file order is the one recorded on the finding; findings keep their order.
 */
export function applyWaivers(findings: Finding[], waivers: Waiver[], today: string): WaiverResult {
  if (!isCalendarDate(today)) throw new ConfigError(`today must be a date YYYY-MM-DD (got ${describe(today)})`)
  const expired = waivers.map((w) => w.expires < today)
  const used = waivers.map(() => false)
  const open: Finding[] = []
  const waived: WaivedFinding[] = []
  for (const finding of findings) {
    let by = -1
    waivers.forEach((waiver, i) => {
      if (expired[i] || !waiverMatches(waiver, finding)) return
      used[i] = true
      if (by === -1) by = i
    })
    if (by === -1) {
      open.push(finding)
    } else {
      const { reason, author, expires } = waivers[by]!
      waived.push({ ...finding, waiver: { reason, author, expires } })
    }
  }
  const problems: WaiverProblem[] = []
  waivers.forEach((waiver, i) => {
    if (expired[i]) {
      problems.push({ waiver: i, kind: 'expired', message: `waiver ${i} (${label(waiver)}) expired on ${waiver.expires}; it waives nothing (author ${waiver.author})` })
    } else if (!used[i]) {
      problems.push({ waiver: i, kind: 'unmatched', message: `waiver ${i} (${label(waiver)}) matches no finding; remove it or correct its site` })
    }
  })
  return { findings: open, waived, problems }
}

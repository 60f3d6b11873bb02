// Which role and side a file plays: user mapping, then X2 .FileFunction, then the CAD tool's layer names
// in the header (Allegro `G04 Layer:`), then file-name conventions (KiCad, gEDA/pcb-rnd, Altium/Protel,
// Eagle, Allegro, OrCAD), then content (an Excellon file is a drill file). Decided per file, with its reason.

import { closeSync, openSync, readdirSync, readSync } from 'node:fs'
import { dirname } from 'node:path'
import { ConfigError } from '../errors.ts'
import { ROLES, SIDES, type Layer, type Role, type Side } from '../layers/model.ts'

export interface LayerIdentity {
  role: Role
  side: Side
  roleFrom: Layer['roleFrom']
}

/** `{ "<glob or file name>": { role, side } }`; the first key (in the file's order) that matches wins. */
export type LayerMapping = Record<string, { role: Role; side: Side }>

export interface IdentifyHints {
  fileFunction?: string[]
  format: Layer['format']
  mapping?: LayerMapping
  /**
   * The start of the file's text (HEADER_BYTES), for the CAD tool's own layer names in comments
   * (Allegro's `G04 Layer:  ETCH/TOP*`). Absent for a Gerber file named like an Allegro film: read from disk.
   */
  header?: string
  /** Names of the files beside this one (an Allegro `-L14.art` is the bottom when no `-L15.art` is there). Absent: listed from disk when needed. */
  siblings?: readonly string[]
}

/** How much of a file's start `header` holds: Allegro's identification record is some 40 lines. */
export const HEADER_BYTES = 8192

/*
 * Drill files: plated holes are vias (a plated file without attributes too: that is what a via
 * rule wants to see), non-plated holes are mechanical (mounting, tooling) and get role 'other',
 * as KiCad splits them into -PTH/-NPTH files. A plated file that also holds ComponentDrill holes is
 * still 'vias': each hole keeps its aperFunction, so a rule can keep only ViaDrill holes.
 */
const DRILL_SIDE: Side = 'both'

function fromFileFunction(fields: string[]): Omit<LayerIdentity, 'roleFrom'> | undefined {
  const [kind, ...rest] = fields
  const side = sideOf(rest) ?? 'both'
  switch (kind) {
    case 'Copper':
      return { role: 'pads', side: sideOf(rest) ?? 'inner' }
    case 'Soldermask':
      return { role: 'mask', side }
    case 'Paste':
      return { role: 'deposit', side }
    case 'Plated':
      return { role: 'vias', side: DRILL_SIDE }
    case 'NonPlated':
      return { role: 'other', side: DRILL_SIDE }
    case 'Profile':
      return { role: 'outline', side: 'both' }
    case undefined:
      return undefined
    default:
      return { role: 'other', side } // Legend, Component, AssemblyDrawing, …: nothing a bump rule checks
  }
}

function sideOf(fields: string[]): Side | undefined {
  if (fields.includes('Top')) return 'top'
  if (fields.includes('Bot')) return 'bottom'
  if (fields.includes('Inr')) return 'inner'
  return undefined
}

/**
 * Cadence Allegro names a film's contents in its header, one `G04 Layer:  CLASS/SUBCLASS*` line each
 * (ETCH/TOP, PIN/SOLDERMASK_TOP, PIN/PASTEMASK_BOTTOM, REF DES/SILKSCREEN_TOP, BOARD GEOMETRY/OUTLINE…).
 * Every film also carries the board outline and off-board text for registration, so those decide only
 * when nothing else is on the film. Etch wins over everything (a copper film holds pins and vias too).
 */
export function fromAllegroHeader(header: string): Omit<LayerIdentity, 'roleFrom'> | undefined {
  const subclasses: string[] = []
  for (const m of header.matchAll(/^G04 Layer:\s*([^*\r\n]+?)\s*\*/gm)) subclasses.push(m[1]!.toUpperCase())
  if (subclasses.length === 0) return undefined
  const sideOfName = (name: string): Side | undefined =>
    /(^|_)(TOP|TOP_SIDE)$/.test(name) ? 'top' : /(^|_)(BOTTOM|BOT|BTM)$/.test(name) ? 'bottom' : undefined
  const etch = subclasses.find((c) => c.startsWith('ETCH/'))
  if (etch !== undefined) {
    const name = etch.slice(5)
    return { role: 'pads', side: name === 'TOP' ? 'top' : name === 'BOTTOM' ? 'bottom' : 'inner' }
  }
  const kinds: [RegExp, Role][] = [
    [/\/SOLDER_?MASK_/, 'mask'],
    [/\/(PASTE_?MASK|SOLDER_?PASTE)_/, 'deposit'],
    [/\/(SILKSCREEN|SILK_SCREEN|ASSEMBLY)_/, 'other'],
  ]
  for (const [pattern, role] of kinds) {
    const hit = subclasses.find((c) => pattern.test(c) && sideOfName(c.slice(c.indexOf('/') + 1)) !== undefined)
    if (hit !== undefined) return { role, side: sideOfName(hit.slice(hit.indexOf('/') + 1))! }
  }
  const registration = /^BOARD GEOMETRY\/(OUTLINE|DESIGN_OUTLINE|FULL_OUTLINE|OFF_BOARD_TEXT|V-SCORE BREAKAWAY|DIMENSION)$/
  if (subclasses.every((c) => registration.test(c)) && subclasses.some((c) => /OUTLINE$/.test(c))) return { role: 'outline', side: 'both' }
  return undefined
}

/** An Allegro film name `<design>-L07.art` → 7. */
const ALLEGRO_LAYER = /[-_.]l(\d{1,2})\.art$/

/**
 * Side of Allegro copper film `n` by its number: L01 is the top, and the highest number present beside
 * it is the bottom (without the other files the count is unknown, so a higher number stays inner).
 */
function allegroCopperSide(name: string, n: number, siblings: readonly string[] | undefined): Side {
  if (n === 1) return 'top'
  const stem = name.slice(0, name.length - ALLEGRO_LAYER.exec(name)![0].length)
  let max = 0
  for (const sibling of siblings ?? []) {
    const lower = baseName(sibling).toLowerCase()
    const m = ALLEGRO_LAYER.exec(lower)
    if (m && lower.slice(0, lower.length - m[0].length) === stem) max = Math.max(max, Number(m[1]))
  }
  return n === max ? 'bottom' : 'inner'
}

type Rule = [pattern: RegExp, role: Role, side: Side]

/** File-name conventions, tested on the lower-cased base name. First match wins. */
const NAME_RULES: Rule[] = [
  // KiCad: board-F_Cu.gbr, board-F.Cu.gtl, board-In1_Cu.g2, board-Edge_Cuts.gm1, board-NPTH.drl
  [/[-_.]f[._]cu\b/, 'pads', 'top'],
  [/[-_.]b[._]cu\b/, 'pads', 'bottom'],
  [/[-_.]in\d+[._]cu\b/, 'pads', 'inner'],
  [/[-_.]f[._]mask\b/, 'mask', 'top'],
  [/[-_.]b[._]mask\b/, 'mask', 'bottom'],
  [/[-_.]f[._]paste\b/, 'deposit', 'top'],
  [/[-_.]b[._]paste\b/, 'deposit', 'bottom'],
  [/[-_.]edge[._]cuts\b/, 'outline', 'both'],
  [/[-_.]f[._](silks|silkscreen|fab|courtyard|crtyd|adhes|adhesive)\b/, 'other', 'top'],
  [/[-_.]b[._](silks|silkscreen|fab|courtyard|crtyd|adhes|adhesive)\b/, 'other', 'bottom'],
  [/[-_]npth\.(drl|xln|exc|drd|txt)$/, 'other', 'both'],
  [/[-_]pth\.(drl|xln|exc|drd|txt)$/, 'vias', 'both'],
  // gEDA pcb / pcb-rnd: board.front.gbr, board.backmask.gbr, board.group3.gbr, board.plated-drill.cnc
  [/\.(front|top)\.gbr$/, 'pads', 'top'],
  [/\.(back|bottom)\.gbr$/, 'pads', 'bottom'],
  [/\.(group|inner|intern)\d*\.gbr$/, 'pads', 'inner'],
  [/\.(front|top)mask\.gbr$/, 'mask', 'top'],
  [/\.(back|bottom)mask\.gbr$/, 'mask', 'bottom'],
  [/\.(front|top)paste\.gbr$/, 'deposit', 'top'],
  [/\.(back|bottom)paste\.gbr$/, 'deposit', 'bottom'],
  [/\.(front|top)(silk|assy|fab)\.gbr$/, 'other', 'top'],
  [/\.(back|bottom)(silk|assy|fab)\.gbr$/, 'other', 'bottom'],
  [/\.(outline|fab|toptext)\.gbr$/, 'outline', 'both'],
  [/[-_.]unplated-drill\.(cnc|drl|xln)$/, 'other', 'both'],
  [/[-_.]plated-drill\.(cnc|drl|xln)$/, 'vias', 'both'],
  // Protel / Altium extensions; .GPT/.GPB are pad masters (an assembly aid), .GP1… internal planes
  [/\.gtl$/, 'pads', 'top'],
  [/\.gbl$/, 'pads', 'bottom'],
  [/\.gpt$/, 'other', 'top'],
  [/\.gpb$/, 'other', 'bottom'],
  [/\.(g\d+|gp\d+|g\d+l)$/, 'pads', 'inner'],
  [/\.gts$/, 'mask', 'top'],
  [/\.gbs$/, 'mask', 'bottom'],
  [/\.gtp$/, 'deposit', 'top'],
  [/\.gbp$/, 'deposit', 'bottom'],
  [/\.(gto|gta)$/, 'other', 'top'],
  [/\.(gbo|gba)$/, 'other', 'bottom'],
  [/\.(gko|gm\d+|gml|gbr_outline)$/, 'outline', 'both'],
  // Altium NC drill: plated and non-plated round holes in one file (each hole keeps its plating); slots are not vias
  [/[-_]roundholes\.txt$/, 'vias', 'both'],
  [/[-_]slotholes\.txt$/, 'other', 'both'],
  // Eagle 9 CAM (CAMOutputs/GerberFiles): copper_top.gbr, copper_l2.gbr, soldermask_bottom.gbr, profile.gbr
  [/(^|[-_.])copper_top\.(gbr|ger)$/, 'pads', 'top'],
  [/(^|[-_.])copper_bottom\.(gbr|ger)$/, 'pads', 'bottom'],
  [/(^|[-_.])copper_(l|inner_?)\d+\.(gbr|ger)$/, 'pads', 'inner'],
  [/(^|[-_.])soldermask_top\.(gbr|ger)$/, 'mask', 'top'],
  [/(^|[-_.])soldermask_bottom\.(gbr|ger)$/, 'mask', 'bottom'],
  [/(^|[-_.])solderpaste_top\.(gbr|ger)$/, 'deposit', 'top'],
  [/(^|[-_.])solderpaste_bottom\.(gbr|ger)$/, 'deposit', 'bottom'],
  [/(^|[-_.])silkscreen_top\.(gbr|ger)$/, 'other', 'top'],
  [/(^|[-_.])silkscreen_bottom\.(gbr|ger)$/, 'other', 'bottom'],
  [/(^|[-_.])profile\.(gbr|ger)$/, 'outline', 'both'],
  // Eagle CAM (classic)
  [/\.cmp$/, 'pads', 'top'],
  [/\.sol$/, 'pads', 'bottom'],
  [/\.ly\d+$/, 'pads', 'inner'],
  [/\.stc$/, 'mask', 'top'],
  [/\.sts$/, 'mask', 'bottom'],
  [/\.crc$/, 'deposit', 'top'],
  [/\.crs$/, 'deposit', 'bottom'],
  [/\.plc$/, 'other', 'top'],
  [/\.pls$/, 'other', 'bottom'],
  [/\.dim$/, 'outline', 'both'],
  // Cadence Allegro artwork: <design>-SMT.art (mask), -SPT (paste), -SST (silk), -OUTLINE; -Lnn copper below
  [/[-_.](smt|soldermask_top|solder_mask_top)\.art$/, 'mask', 'top'],
  [/[-_.](smb|soldermask_bottom|solder_mask_bottom)\.art$/, 'mask', 'bottom'],
  [/[-_.](spt|pastemask_top|paste_top)\.art$/, 'deposit', 'top'],
  [/[-_.](spb|pastemask_bottom|paste_bottom)\.art$/, 'deposit', 'bottom'],
  [/[-_.](sst|silkscreen_top|silk_top|ast|assembly_top)\.art$/, 'other', 'top'],
  [/[-_.](ssb|silkscreen_bottom|silk_bottom|asb|assembly_bottom)\.art$/, 'other', 'bottom'],
  [/[-_.](outline|board_outline|design_outline)\.art$/, 'outline', 'both'],
  [/[-_.](top|etch_top)\.art$/, 'pads', 'top'],
  [/[-_.](bottom|bot|etch_bottom)\.art$/, 'pads', 'bottom'],
  // OrCAD
  [/\.top$/, 'pads', 'top'],
  [/\.bot$/, 'pads', 'bottom'],
  [/\.smt$/, 'mask', 'top'],
  [/\.smb$/, 'mask', 'bottom'],
  [/\.spt$/, 'deposit', 'top'],
  [/\.spb$/, 'deposit', 'bottom'],
  [/\.sst$/, 'other', 'top'],
  [/\.ssb$/, 'other', 'bottom'],
  // drill files by extension (a plated drill unless the name says NPTH, matched above)
  [/\.(drl|drd|xln|exc|ncd|tap|cnc)$/, 'vias', 'both'],
]

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

/** Glob → RegExp: `*` and `?` within one path segment, `**` across segments. */
function globToRegExp(glob: string): RegExp {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*'
      i++
      if (glob[i + 1] === '/') i++
    } else if (c === '*') source += '[^/\\\\]*'
    else if (c === '?') source += '[^/\\\\]'
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`)
}

/** The mapping entry for `path`: a key matches the path as given or its base name. */
export function mappedIdentity(path: string, mapping: LayerMapping | undefined): { role: Role; side: Side } | undefined {
  if (mapping === undefined) return undefined
  const normalized = path.replace(/\\/g, '/')
  for (const [pattern, identity] of Object.entries(mapping)) {
    const re = globToRegExp(pattern.replace(/\\/g, '/'))
    if (re.test(normalized) || re.test(baseName(normalized))) return identity
  }
  return undefined
}

export function identifyLayer(path: string, hints: IdentifyHints): LayerIdentity {
  const mapped = mappedIdentity(path, hints.mapping)
  if (mapped) return { ...mapped, roleFrom: 'user' }
  if (hints.fileFunction !== undefined) {
    const x2 = fromFileFunction(hints.fileFunction)
    if (x2) return { ...x2, roleFrom: 'x2' }
  }
  const name = baseName(path).toLowerCase()
  if (hints.format === 'gerber') {
    const header = hints.header ?? (name.endsWith('.art') ? readHeader(path) : undefined)
    const fromHeader = header === undefined ? undefined : fromAllegroHeader(header)
    if (fromHeader) return { ...fromHeader, roleFrom: 'content' }
  }
  for (const [pattern, role, side] of NAME_RULES) if (pattern.test(name)) return { role, side, roleFrom: 'filename' }
  const allegro = ALLEGRO_LAYER.exec(name)
  if (allegro) return { role: 'pads', side: allegroCopperSide(name, Number(allegro[1]), hints.siblings ?? listFolder(path)), roleFrom: 'filename' }
  if (hints.format === 'excellon') return { role: 'vias', side: DRILL_SIDE, roleFrom: 'content' }
  return { role: 'other', side: 'both', roleFrom: 'default' }
}

/** X2 `.FileFunction` fields from a file's start: `%TF…*%`, KiCad 5's `G04 #@! TF…*`, or Excellon's `; #@! TF…`. */
export function fileFunctionFromHeader(header: string): string[] | undefined {
  const m = /(?:%|G04 #@! |^;\s*#@!\s*)TF\.FileFunction,([^*%\r\n]*)/m.exec(header)
  return m === null ? undefined : m[1]!.split(',').map((f) => f.trim())
}

/** The first HEADER_BYTES of a file, or undefined when it cannot be read (a name given in a test, a vanished file). */
export function readHeader(path: string): string | undefined {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    const buffer = Buffer.alloc(HEADER_BYTES)
    return buffer.toString('latin1', 0, readSync(fd, buffer, 0, HEADER_BYTES, 0))
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** The names in `path`'s folder (names only), or undefined when it cannot be listed. */
export function listFolder(path: string): string[] | undefined {
  try {
    return readdirSync(dirname(path))
  } catch {
    return undefined
  }
}

/** Check and type a parsed mapping file (`--map FILE`). `where` names the file for messages. */
export function parseMapping(value: unknown, where: string): LayerMapping {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError(`${where}: a layer mapping must be an object { "<glob or file name>": { "role": …, "side": … } }`)
  const mapping: LayerMapping = {}
  for (const [pattern, entry] of Object.entries(value as Record<string, unknown>)) {
    const { role, side } = (entry ?? {}) as { role?: unknown; side?: unknown }
    if (!ROLES.includes(role as Role))
      throw new ConfigError(`${where}: "${pattern}".role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(role)})`, `${pattern}.role`)
    if (!SIDES.includes(side as Side))
      throw new ConfigError(`${where}: "${pattern}".side must be one of ${SIDES.join(', ')} (got ${JSON.stringify(side)})`, `${pattern}.side`)
    mapping[pattern] = { role: role as Role, side: side as Side }
  }
  return mapping
}

/**
 * The layers of `role` on `side` (layers on side 'both' belong to every side). None → ConfigError
 * naming the role, the side, the rule that needs it and every file seen with its role.
 */
export function requireRole(layers: readonly Layer[], role: Role, side: Side, ruleId: string): Layer[] {
  const found = layers.filter((l) => l.role === role && (l.side === side || l.side === 'both' || side === 'both'))
  if (found.length > 0) return found
  const seen = layers.length === 0
    ? 'no input files were read'
    : 'files seen: ' + layers.map((l) => `${l.file} (${l.role}/${l.side}, from ${l.roleFrom})`).join(', ')
  throw new ConfigError(
    `rule ${ruleId} needs a ${role} layer on side ${side}, and none was found; ${seen}. ` +
      `Name the file's role with --map FILE ({ "<file or glob>": { "role": "${role}", "side": "${side}" } }).`,
  )
}

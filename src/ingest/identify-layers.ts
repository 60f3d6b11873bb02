// Which role and side a file plays: user mapping, then X2 .FileFunction, then file-name conventions,
// then content (an Excellon file is a drill file). Decided per file, reported with its reason.

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
}

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
  [/[-_]npth\.(drl|xln|exc|drd)$/, 'other', 'both'],
  [/[-_]pth\.(drl|xln|exc|drd)$/, 'vias', 'both'],
  // Protel / Altium extensions
  [/\.gtl$/, 'pads', 'top'],
  [/\.gbl$/, 'pads', 'bottom'],
  [/\.(g\d+|gp\d+|g\d+l)$/, 'pads', 'inner'],
  [/\.gts$/, 'mask', 'top'],
  [/\.gbs$/, 'mask', 'bottom'],
  [/\.gtp$/, 'deposit', 'top'],
  [/\.gbp$/, 'deposit', 'bottom'],
  [/\.(gto|gta)$/, 'other', 'top'],
  [/\.(gbo|gba)$/, 'other', 'bottom'],
  [/\.(gko|gm\d+|gml|gbr_outline)$/, 'outline', 'both'],
  // Eagle CAM
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
  [/\.(drl|drd|xln|exc|ncd|tap)$/, 'vias', 'both'],
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
  for (const [pattern, role, side] of NAME_RULES) if (pattern.test(name)) return { role, side, roleFrom: 'filename' }
  if (hints.format === 'excellon') return { role: 'vias', side: DRILL_SIDE, roleFrom: 'content' }
  return { role: 'other', side: 'both', roleFrom: 'default' }
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

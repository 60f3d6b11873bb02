// matrix/matrix → steps and layers, and each layer's role and side from its TYPE and its row among
// the copper layers (ODB++ rows run top to bottom of the stack-up).

import { ConfigError, InputError } from '../../errors.ts'
import { ROLES, SIDES, type Role, type Side } from '../../layers/model.ts'
import { parseStructured } from './structured.ts'

export interface MatrixLayer {
  row: number
  name: string
  /** Upper-case TYPE: SIGNAL, POWER_GROUND, MIXED, SOLDER_MASK, SOLDER_PASTE, DRILL, ROUT, … */
  type: string
  context: string
  negative: boolean
  line: number
}

export interface Matrix {
  steps: string[]
  layers: MatrixLayer[]
}

export function parseMatrix(file: string, text: string): Matrix {
  const parsed = parseStructured(file, text)
  const steps: { col: number; name: string }[] = []
  const layers: MatrixLayer[] = []
  for (const block of parsed.blocks) {
    const f = block.fields
    if (block.name === 'STEP') {
      if (!f['NAME']) throw new InputError(file, block.line, 'STEP block without NAME')
      steps.push({ col: Number(f['COL'] ?? steps.length + 1), name: f['NAME'] })
    } else if (block.name === 'LAYER') {
      if (!f['NAME']) throw new InputError(file, block.line, 'LAYER block without NAME')
      const row = Number(f['ROW'])
      if (!Number.isFinite(row)) throw new InputError(file, block.line, `LAYER ${f['NAME']} has no numeric ROW`)
      layers.push({ row, name: f['NAME'], type: (f['TYPE'] ?? '').toUpperCase(), context: (f['CONTEXT'] ?? 'BOARD').toUpperCase(),
        negative: (f['POLARITY'] ?? '').toUpperCase() === 'NEGATIVE', line: block.line })
    }
  }
  steps.sort((a, b) => a.col - b.col)
  layers.sort((a, b) => a.row - b.row)
  return { steps: steps.map((s) => s.name), layers }
}

const COPPER = new Set(['SIGNAL', 'POWER_GROUND', 'MIXED'])

export interface RoleAndSide { role: Role; side: Side; roleFrom: 'odb-matrix' | 'user' }

export type LayerMapping = Record<string, { role: Role; side: Side }>

/** Role and side of every matrix layer, by name; an explicit mapping (by layer name, any case) wins. */
export function layerRoles(matrix: Matrix, mapping: LayerMapping = {}): Map<string, RoleAndSide> {
  const wanted = new Map(Object.entries(mapping).map(([k, v]) => [k.toLowerCase(), { k, v }]))
  for (const { k, v } of wanted.values()) {
    if (!matrix.layers.some((l) => l.name.toLowerCase() === k.toLowerCase())) {
      throw new ConfigError(`Layer mapping names "${k}", which is not a layer of this ODB++ job (layers: ${matrix.layers.map((l) => l.name).join(', ')})`, `mapping.${k}`)
    }
    if (!ROLES.includes(v.role)) throw new ConfigError(`Layer mapping "${k}" has role "${v.role}"; expected one of ${ROLES.join(', ')}`, `mapping.${k}.role`)
    if (!SIDES.includes(v.side)) throw new ConfigError(`Layer mapping "${k}" has side "${v.side}"; expected one of ${SIDES.join(', ')}`, `mapping.${k}.side`)
  }
  const copper = matrix.layers.filter((l) => l.context === 'BOARD' && COPPER.has(l.type))
  const firstRow = copper[0]?.row
  const lastRow = copper[copper.length - 1]?.row
  // outside the copper stack the row says the side; with no copper, the name is the only hint
  const outerSide = (l: MatrixLayer): Side => {
    if (firstRow !== undefined && lastRow !== undefined) {
      if (l.row < firstRow) return 'top'
      if (l.row > lastRow) return 'bottom'
      return 'inner'
    }
    return /bot/i.test(l.name) ? 'bottom' : 'top'
  }
  const out = new Map<string, RoleAndSide>()
  for (const l of matrix.layers) {
    const user = wanted.get(l.name.toLowerCase())
    if (user) { out.set(l.name, { ...user.v, roleFrom: 'user' }); continue }
    let role: Role = 'other'
    let side: Side
    if (l.context === 'BOARD' && COPPER.has(l.type)) {
      role = 'pads'
      side = copper.length === 1 || l === copper[0] ? 'top' : l === copper[copper.length - 1] ? 'bottom' : 'inner'
    } else if (l.type === 'SOLDER_MASK') { role = 'mask'; side = outerSide(l) }
    else if (l.type === 'SOLDER_PASTE') { role = 'deposit'; side = outerSide(l) }
    else if (l.type === 'DRILL') { role = 'vias'; side = 'both' }
    else if (l.type === 'ROUT') { role = 'outline'; side = 'both' }
    else if (l.type === 'DOCUMENT' && /outline|profile|contour/i.test(l.name)) { role = 'outline'; side = 'both' }
    else if (l.type === 'COMPONENT') side = /bot/i.test(l.name) ? 'bottom' : 'top'
    else if (l.type === 'DIELECTRIC') side = 'inner'
    else if (l.type === 'DOCUMENT') side = 'both'
    else side = outerSide(l)
    out.set(l.name, { role, side, roleFrom: 'odb-matrix' })
  }
  return out
}

// Melting points of pad and bump metals, and the metal families the seed names (DOMAIN.md, Process A):
// pads of refractory metals or of Groups 8 and 1b; bumps of Al, Cu, Ni, Ag, Au and their alloys.

/** Pad metals of the seed: refractory (Cr, Mo, W, Ti/W, Mo/Mn…), Group 8 (Fe, Co, Ni, Pt metals), Group 1b (Cu, Ag, Au). */
export type PadMetalFamily = 'refractory' | 'group8' | 'group1b'
/** Bump metals of the seed: the base metal of the bump (its alloys count). */
export type BumpMetalFamily = 'Al' | 'Cu' | 'Ni' | 'Ag' | 'Au'

export interface Material {
  /** Canonical name: element symbol or alloy designation ('Cu', 'SAC305', 'Ti/W'). */
  name: string
  /** Other names it is looked up by (case-insensitive). */
  aliases: readonly string[]
  /** Base (majority) element, which decides the family. */
  base: string
  /** Temperature (°C) where melting starts. Equal to `liquidus` for elements and eutectics. */
  solidus: number
  /** Temperature (°C) where it is fully molten. */
  liquidus: number
  /**
   * `element`/`eutectic`: a single melting point; `datasheet`: a range from makers' data sheets;
   * `lower-bound`: no single figure exists, the value is a safe lower bound (see `source`).
   */
  basis: 'element' | 'eutectic' | 'datasheet' | 'lower-bound'
  source: string
}

const CRC = 'CRC Handbook of Chemistry and Physics, "Melting, boiling, triple, and critical points of the elements"'
const ITS90 = 'ITS-90 defining fixed point (freezing point), as listed in the CRC Handbook of Chemistry and Physics'

const element = (name: string, aliases: string[], meltingPoint: number, source = CRC): Material =>
  ({ name, aliases, base: name, solidus: meltingPoint, liquidus: meltingPoint, basis: 'element', source })

/** The table. Element values rounded to 0.1 °C. Sorted: bump metals, pad metals, others, alloys. */
export const MATERIALS: readonly Material[] = [
  element('Al', ['aluminium', 'aluminum'], 660.3, ITS90),
  element('Cu', ['copper'], 1084.6, `${CRC} (ITS-90 secondary reference point)`),
  element('Ni', ['nickel'], 1455),
  element('Ag', ['silver'], 961.8, ITS90),
  element('Au', ['gold'], 1064.2, ITS90),
  // refractory metals (the wide definition, which includes the seed's Cr and Ti)
  element('Cr', ['chromium'], 1907),
  element('Mo', ['molybdenum'], 2623),
  element('W', ['tungsten', 'wolfram'], 3422),
  element('Ti', ['titanium'], 1668),
  element('V', ['vanadium'], 1910),
  element('Zr', ['zirconium'], 1855),
  element('Hf', ['hafnium'], 2233),
  element('Nb', ['niobium'], 2477),
  element('Ta', ['tantalum'], 3017),
  element('Re', ['rhenium'], 3186),
  // Group 8 of the old (CAS / IUPAC-1970) numbering: today's groups 8, 9 and 10
  element('Fe', ['iron'], 1538),
  element('Co', ['cobalt'], 1495),
  element('Ru', ['ruthenium'], 2334),
  element('Rh', ['rhodium'], 1964),
  element('Pd', ['palladium'], 1554.9),
  element('Os', ['osmium'], 3033),
  element('Ir', ['iridium'], 2446),
  element('Pt', ['platinum'], 1768.3),
  // solders and alloy constituents
  element('Sn', ['tin'], 231.9, ITS90),
  element('Pb', ['lead'], 327.5),
  element('Mn', ['manganese'], 1246),
  {
    name: 'SAC305', aliases: ['Sn96.5Ag3Cu0.5', 'Sn96.5Ag3.0Cu0.5', 'SnAg3Cu0.5'], base: 'Sn',
    solidus: 217, liquidus: 220, basis: 'datasheet',
    source: 'Maker data sheets for Sn96.5Ag3.0Cu0.5: solidus 217 °C, liquidus 217–221 °C (AIM SAC305 TDS gives 217–218 °C); the common upper figure 220 °C is taken',
  },
  {
    name: 'Sn63Pb37', aliases: ['SnPb37', '63/37', 'Sn63/Pb37'], base: 'Sn', solidus: 183, liquidus: 183, basis: 'eutectic',
    source: 'Sn–Pb binary eutectic, 183 °C (ASM Handbook Vol. 3, Alloy Phase Diagrams)',
  },
  {
    name: 'Au80Sn20', aliases: ['AuSn20', '80Au20Sn'], base: 'Au', solidus: 280, liquidus: 280, basis: 'eutectic',
    source: 'Au–Sn eutectic: 280 °C in maker data sheets; 278 °C in the Au–Sn phase diagram (Okamoto & Massalski)',
  },
  {
    name: 'Ag72Cu28', aliases: ['AgCu28', 'BAg-8', '72Ag28Cu'], base: 'Ag', solidus: 779, liquidus: 779, basis: 'eutectic',
    source: 'Ag–Cu binary eutectic, 779 °C (ASM Handbook Vol. 3, Alloy Phase Diagrams); brazing specs round to 780 °C',
  },
  {
    name: 'AlSi12', aliases: ['Al-12Si', 'Al88Si12'], base: 'Al', solidus: 577, liquidus: 577, basis: 'eutectic',
    source: 'Al–Si binary eutectic at 12.6 wt% Si, 577 °C (ASM Handbook Vol. 3, Alloy Phase Diagrams)',
  },
  {
    name: 'Ti/W', aliases: ['TiW', 'Ti-W', 'W/Ti', 'titanium/tungsten', 'titanium-tungsten'], base: 'W',
    solidus: 1668, liquidus: 1668, basis: 'lower-bound',
    source: 'Ti–W forms a continuous solid solution at high temperature, so its solidus lies between the melting points of Ti (1668 °C) and W (3422 °C); the Ti value is a safe lower bound for any Ti/W barrier (typ. W–10 wt% Ti)',
  },
  {
    name: 'Mo/Mn', aliases: ['MoMn', 'Mo-Mn', 'moly-manganese', 'molybdenum/manganese', 'molybdenum-manganese'], base: 'Mo',
    solidus: 1246, liquidus: 1246, basis: 'lower-bound',
    source: 'Mo/Mn metallisation is sintered Mo with a Mn-bearing phase; the Mn melting point (1246 °C, CRC Handbook) is taken as a safe lower bound',
  },
]

const normalise = (name: string) => name.trim().toLowerCase().replace(/\s+/g, '')
const byName = new Map<string, Material>()
for (const material of MATERIALS) {
  for (const key of [material.name, ...material.aliases]) byName.set(normalise(key), material)
}
const SYMBOLS = new Set(MATERIALS.filter((m) => m.basis === 'element').map((m) => m.name).concat(['Si', 'Zn', 'In', 'Bi', 'Sb', 'Ge', 'Be', 'P', 'B', 'Mg']))

/** The table entry for a name, symbol or alias (case-insensitive), or undefined. */
export function findMaterial(name: string): Material | undefined {
  return byName.get(normalise(name))
}

/**
 * Melting point in °C: the solidus, i.e. where the metal starts to melt (for elements and eutectics the
 * one melting point). For the process-materials rule: a bump melts fully at its `liquidus`
 * ({@link findMaterial}); a pad must not start to melt, so compare against the pad's solidus.
 * @example meltingPoint('copper') // 1084.6
 */
export function meltingPoint(name: string): number | undefined {
  return findMaterial(name)?.solidus
}

/**
 * The base (majority) element of a metal name: a table entry's `base`, else parsed from the
 * designation — suffix style 'AgCu28' / 'Sn96.5Ag3Cu0.5' (the element without a number is the
 * balance), prefix style '80Au20Sn', separated 'Al-Si', 'Mo/Mn' (no numbers: the first element).
 * Undefined when the name is not a metal designation we can read.
 */
export function baseElement(name: string): string | undefined {
  const known = findMaterial(name)
  if (known) return known.base
  const compact = name.replace(/[\s\-/%]/g, '')
  const prefixStyle = /^\d/.test(compact)
  const pattern = prefixStyle ? /(\d+(?:\.\d+)?)([A-Z][a-z]?)/gy : /([A-Z][a-z]?)(\d+(?:\.\d+)?)?/gy
  const parts: { symbol: string; fraction?: number }[] = []
  let consumed = 0
  for (const match of compact.matchAll(pattern)) {
    const symbol = prefixStyle ? match[2]! : match[1]!
    const number = prefixStyle ? match[1] : match[2]
    parts.push({ symbol, fraction: number === undefined ? undefined : Number(number) })
    consumed += match[0].length
  }
  if (parts.length === 0 || consumed !== compact.length || !parts.every((p) => SYMBOLS.has(p.symbol))) return undefined
  const unnumbered = parts.filter((p) => p.fraction === undefined)
  if (unnumbered.length > 1) return parts[0]!.symbol // 'Al-Si', 'Mo/Mn': no composition given, first named
  const given = parts.reduce((sum, p) => sum + (p.fraction ?? 0), 0)
  let best = parts[0]!
  let bestFraction = -Infinity
  for (const part of parts) {
    const fraction = part.fraction ?? 100 - given // the unnumbered element is the balance
    if (fraction > bestFraction) {
      best = part
      bestFraction = fraction
    }
  }
  return best.symbol
}

const REFRACTORY = new Set(['Cr', 'Mo', 'W', 'Ti', 'V', 'Zr', 'Hf', 'Nb', 'Ta', 'Re'])
// Ru, Rh, Os, Ir are refractory in the wide sense too; the periodic-table group is the exact answer
const GROUP_8 = new Set(['Fe', 'Co', 'Ni', 'Ru', 'Rh', 'Pd', 'Os', 'Ir', 'Pt'])
const GROUP_1B = new Set(['Cu', 'Ag', 'Au'])
const BUMP_METALS = new Set<BumpMetalFamily>(['Al', 'Cu', 'Ni', 'Ag', 'Au'])

/**
 * Which of the seed's pad-metal families a pad metal (or alloy, by its base element) belongs to, or
 * null. Ti/W and Mo/Mn are refractory.
 * @example padMetalFamily('Mo/Mn') // 'refractory'
 */
export function padMetalFamily(name: string): PadMetalFamily | null {
  const base = baseElement(name)
  if (base === undefined) return null
  if (GROUP_8.has(base)) return 'group8'
  if (GROUP_1B.has(base)) return 'group1b'
  if (REFRACTORY.has(base)) return 'refractory'
  return null
}

/**
 * The seed's bump metal a bump metal or alloy is based on (Al, Cu, Ni, Ag, Au), or null. Only the base
 * is judged: Au80Sn20 is a gold alloy, and it is the melting-point check that rejects it (280 °C).
 * @example bumpMetalFamily('AgCu28') // 'Ag'
 */
export function bumpMetalFamily(name: string): BumpMetalFamily | null {
  const base = baseElement(name)
  return base !== undefined && BUMP_METALS.has(base as BumpMetalFamily) ? (base as BumpMetalFamily) : null
}

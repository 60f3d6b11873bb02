// ODB++ input: a job folder, .tgz/.tar.gz or .zip → one Layer per matrix layer of the chosen step,
// with step-and-repeat expanded, components and pins attached, role and side from the matrix.

import { DEFAULT_LIMITS, InputError, LimitError, type ReadLimits } from '../../errors.ts'
import { MemoryBudget } from '../budget.ts'
import type { Diagnostic, Feature, Layer } from '../../layers/model.ts'
import type { Shape } from '../../geometry/types.ts'
import { darkImage } from '../../geometry/boolean.ts'
import { assignPinsByLocation, parseComponents, parseEdaLinks, parsePackageNames, stepComponents, type FeatureLink, type Pin, type StepComponents } from './components.ts'
import { parseFeaturesFile, type FeaturesFile, type OdbUnits } from './features-file.ts'
import { looksLikeJob, openJob, type JobFiles } from './job-files.ts'
import { layerRoles, parseMatrix, type LayerMapping, type Matrix } from './matrix.ts'
import { plotRecords, type DrillTool, type ResolvedSymbol } from './plot.ts'
import { lengthNm } from './ranges.ts'
import { parseStandardSymbol, standardSymbolProblem, standardSymbolShape } from './standard-symbols.ts'
import { placements, stepRepeats, withDatum, type StepRepeat } from './step-repeat.ts'
import { parseStructured } from './structured.ts'
import { IDENTITY, applyToPoint, compose, type Transform } from './transform.ts'

export interface ReadOdbOptions {
  /** Step to read; default: the only step, else the one no other step repeats (the panel). */
  step?: string
  /** Role and side by layer name (any case); wins over the matrix. */
  mapping?: LayerMapping
  limits?: Partial<ReadLimits>
  /** Charged with what the read unpacks and parses; one per read (default: one of `limits.maxMemory`). */
  budget?: MemoryBudget
}

export { isOdbJob }

/** True for a folder holding matrix/matrix, or a .tgz/.tar.gz/.zip holding one at its root or one folder down. */
async function isOdbJob(path: string): Promise<boolean> {
  return looksLikeJob(path, DEFAULT_LIMITS)
}

/** Symbol sizes: mils in inch files, microns in mm files (8.1 "Standard Symbols"). */
const NM_PER_SYMBOL_UNIT = { inch: 25_400, mm: 1_000 } as const

interface StepData {
  links: Map<string, Map<number, FeatureLink>>
  components: StepComponents
  repeats: StepRepeat[]
  /** stephdr diagnostics (FLIP, …). */
  notes: Diagnostic[]
  /** X_DATUM/Y_DATUM in nm: the point a parent's STEP-REPEAT X,Y refers to. */
  datum: { x: number; y: number }
}

/** One step's features file for one layer, parsed, its symbols resolved and its drill tools read. */
interface LayerFile { file: string; parsed: FeaturesFile; units: OdbUnits; symbols: Map<number, ResolvedSymbol>; tools?: Map<number, DrillTool>; /** Records that draw (all but T and B). */ drawn: number }
/** Per layer read: lower-case step name → its LayerFile (undefined when the step has no such file). */
type LayerCache = Map<string, Promise<LayerFile | undefined>>
interface Expansion { features: number; copies: number }

class JobReader {
  private readonly userSymbols = new Map<string, Promise<Shape | null | 'missing'>>()
  private readonly steps = new Map<string, Promise<StepData>>()
  private featureCount = 0

  constructor(
    readonly job: JobFiles,
    readonly units: OdbUnits,
    readonly limits: ReadLimits,
    readonly stepNames: string[],
    readonly budget: MemoryBudget,
  ) {}

  stepData(step: string): Promise<StepData> {
    let found = this.steps.get(step)
    if (!found) this.steps.set(step, (found = this.loadStep(step)))
    return found
  }

  private async loadStep(step: string): Promise<StepData> {
    const base = `steps/${step.toLowerCase()}`
    const eda = await this.job.readText(`${base}/eda/data`)
    const links = eda ? parseEdaLinks(`${this.job.path}/${eda.name}`, eda.text) : new Map()
    const packages = eda ? parsePackageNames(eda.text) : []
    const comps = async (layer: string) => {
      const f = await this.job.readText(`${base}/layers/${layer}/components`)
      return f ? parseComponents(`${this.job.path}/${f.name}`, f.text, this.units, packages) : undefined
    }
    const components = stepComponents(await comps('comp_+_top'), await comps('comp_+_bot'))
    const hdr = await this.job.readText(`${base}/stephdr`)
    const notes: Diagnostic[] = []
    const hdrText = hdr ? parseStructured(`${this.job.path}/${hdr.name}`, hdr.text) : undefined
    const repeats = hdr && hdrText ? stepRepeats(`${this.job.path}/${hdr.name}`, hdrText, this.units, this.stepNames, notes) : []
    const hdrUnits: OdbUnits = hdrText?.fields['UNITS']?.toUpperCase() === 'MM' ? 'mm' : hdrText?.fields['UNITS'] ? 'inch' : this.units
    const hdrFile = `${this.job.path}/${hdr?.name ?? `${base}/stephdr`}`
    const datumNm = (key: string) => Math.round(lengthNm(hdrFile, hdrText?.fieldLines[key] ?? 0, key, Number(hdrText?.fields[key] || 0), hdrUnits))
    const datum = { x: datumNm('X_DATUM'), y: datumNm('Y_DATUM') }
    return { links, components, repeats, notes, datum }
  }

  /**
   * A symbol table → resolved shapes at the origin, user symbols read (once) from symbols/. `chain` is
   * the user symbols being resolved around this file (lower case, outermost first): the cycle guard.
   */
  async resolveSymbols(file: string, parsed: FeaturesFile, units: OdbUnits, chain: readonly string[], diagnostics: Diagnostic[]): Promise<Map<number, ResolvedSymbol>> {
    const out = new Map<number, ResolvedSymbol>()
    // by number, so that diagnostics and errors come in the same order whatever order the table was written
    for (const [n, entry] of [...parsed.symbols].sort((a, b) => a[0] - b[0])) {
      const standard = parseStandardSymbol(entry.name)
      if (standard) {
        const scale = NM_PER_SYMBOL_UNIT[entry.units ?? units]
        const problem = standardSymbolProblem(standard, scale)
        if (problem) throw new InputError(file, entry.line, `symbol "${entry.name}": ${problem}`)
        const shape = standardSymbolShape(standard, scale)
        if (shape === undefined && standard.kind !== 'null') {
          diagnostics.push({ severity: 'error', source: { file, line: entry.line }, message: `standard symbol "${entry.name}" is not supported; features using it are not drawn` })
        }
        out.set(n, { name: entry.name, shape: shape ?? null })
        continue
      }
      const shape = await this.userSymbol(entry.name, chain, file, entry.line)
      if (shape === undefined) {
        throw new InputError(file, entry.line, `symbol "${entry.name}" is neither a standard symbol nor a user symbol under symbols/`)
      }
      out.set(n, { name: entry.name, shape })
    }
    return out
  }

  /**
   * A user symbol as one polygon at its origin (its own features, clear ones subtracted). `file`/`line`
   * are the table entry that asks for it, named when the symbol uses itself or nests too deep.
   */
  private async userSymbol(name: string, chain: readonly string[], file: string, line: number): Promise<Shape | null | undefined> {
    const key = name.toLowerCase()
    // reads are sequential, so a symbol still being resolved is one of our own callers: awaiting it would never settle
    if (chain.includes(key)) {
      throw new InputError(file, line, `user symbol "${name}" uses itself (${[...chain.slice(chain.indexOf(key)), key].join(' → ')})`)
    }
    let found = this.userSymbols.get(key)
    if (!found) {
      if (chain.length >= this.limits.maxDepth) throw new LimitError(file, line, `user symbols nest deeper than ${this.limits.maxDepth} (${[...chain, key].join(' → ')}; limit maxDepth)`, 'maxDepth')
      found = (async () => {
        const f = await this.job.readText(`symbols/${key}/features`)
        if (!f) return 'missing' as const
        const symbolFile = `${this.job.path}/${f.name}`
        const parsed = parseFeaturesFile(symbolFile, f.text, this.units, this.budget)
        const units = parsed.units ?? this.units
        const diagnostics: Diagnostic[] = []
        const symbols = await this.resolveSymbols(symbolFile, parsed, units, [...chain, key], diagnostics)
        const features: Feature[] = []
        plotRecords(parsed, { file: symbolFile, units, symbols, drill: false, transform: IDENTITY, diagnostics, maxSurfaceVertices: this.limits.maxFeatures, budget: this.budget }, (feature) => features.push(feature))
        const paths = darkImage(features)
        return paths.length > 0 ? { type: 'polygon' as const, paths } : null
      })()
      this.userSymbols.set(key, found)
    }
    const shape = await found
    return shape === 'missing' ? undefined : shape
  }

  /** One step's features file for `layer`, parsed with its symbols resolved; once per layer read, however often the step is repeated. */
  private layerFile(step: string, layer: string, drill: boolean, cache: LayerCache, diagnostics: Diagnostic[]): Promise<LayerFile | undefined> {
    const key = step.toLowerCase()
    let found = cache.get(key)
    if (!found) {
      found = (async () => {
        const f = await this.job.readText(`steps/${key}/layers/${layer.toLowerCase()}/features`)
        if (!f) return undefined
        const file = `${this.job.path}/${f.name}`
        const parsed = parseFeaturesFile(file, f.text, this.units, this.budget)
        const units = parsed.units ?? this.units
        const symbols = await this.resolveSymbols(file, parsed, units, [], diagnostics)
        const drawn = parsed.records.filter((r) => r.type !== 'text' && r.type !== 'barcode').length
        const tools = drill ? await this.drillTools(step, layer) : undefined
        return { file, parsed, units, symbols, drawn, ...(tools ? { tools } : {}) }
      })()
      cache.set(key, found)
    }
    return found
  }

  /**
   * What `layer` of `step` expands to with every repeat: features (records that draw, so an upper bound)
   * and step copies placed. Both are held to maxFeatures before anything is expanded — a copy of an empty
   * step costs time too — and the error names the STEP-REPEAT block that crosses the limit. The copies
   * are charged to the read's memory budget here too, before any is built.
   */
  private async expansion(step: string, layer: string, drill: boolean, chain: readonly string[], cache: LayerCache, counts: Map<string, Promise<Expansion>>, diagnostics: Diagnostic[]): Promise<Expansion> {
    const key = step.toLowerCase()
    let found = counts.get(key)
    if (!found) {
      found = (async () => {
        const data = await this.stepData(step)
        const max = this.limits.maxFeatures
        let features = (await this.layerFile(step, layer, drill, cache, diagnostics))?.drawn ?? 0
        let copies = 0
        for (const r of data.repeats) {
          const childKey = r.step.toLowerCase()
          if (childKey === key || chain.includes(childKey)) {
            throw new InputError(r.file, r.line, `step ${r.step} repeats itself (${[...chain, key, childKey].join(' → ')})`)
          }
          if (chain.length + 1 > this.limits.maxDepth) {
            throw new LimitError(r.file, r.line, `step-and-repeat nests deeper than ${this.limits.maxDepth} (${[...chain, key, childKey].join(' → ')}; limit maxDepth)`, 'maxDepth')
          }
          const n = r.nx * r.ny
          if (n === 0) continue // placed nowhere: never read, as when plotting
          const child = await this.expansion(r.step, layer, drill, [...chain, key], cache, counts, diagnostics)
          // copies first: n may be huge (10^16) while the child draws nothing, and n·0 must not pass
          copies += n * (1 + child.copies)
          if (copies > max) {
            throw new LimitError(r.file, r.line, `STEP-REPEAT of ${r.step} (NX=${r.nx}, NY=${r.ny}) places more than ${max} step copies (limit maxFeatures)`, 'maxFeatures')
          }
          features += n * child.features
          if (features > max) {
            throw new LimitError(r.file, r.line, `STEP-REPEAT of ${r.step} (NX=${r.nx}, NY=${r.ny}) expands layer ${layer} to more than ${max} features (limit maxFeatures)`, 'maxFeatures')
          }
          // the copies are new feature objects: charged before placeLayer builds them. Only the outermost
          // step charges, since its child.features already holds every nested copy.
          if (chain.length === 0 && n * child.features > 0) {
            this.budget.chargeFeatures(n * child.features, r.file, r.line, `STEP-REPEAT of ${r.step} (NX=${r.nx}, NY=${r.ny}) copying ${n * child.features} features of layer ${layer}`)
          }
        }
        return { features, copies }
      })()
      counts.set(key, found)
    }
    return found
  }

  /** Features of one layer in `step` and every step it repeats, placed by `transform`, checked against the limits first. */
  async plotLayer(step: string, layer: string, drill: boolean, out: Feature[], pins: { top: Pin[]; bottom: Pin[] }, diagnostics: Diagnostic[]): Promise<{ file?: string; units?: OdbUnits }> {
    diagnostics.push(...(await this.stepData(step)).notes)
    this.featureCount = 0 // maxFeatures is per layer: what one file expands to, repeats included
    const cache: LayerCache = new Map()
    await this.expansion(step, layer, drill, [], cache, new Map(), diagnostics)
    await this.placeLayer(step, layer, drill, IDENTITY, cache, out, pins, diagnostics)
    const own = await this.layerFile(step, layer, drill, cache, diagnostics)
    return own ? { file: own.file, units: own.units } : {}
  }

  private async placeLayer(step: string, layer: string, drill: boolean, transform: Transform, cache: LayerCache, out: Feature[], pins: { top: Pin[]; bottom: Pin[] }, diagnostics: Diagnostic[]): Promise<void> {
    const data = await this.stepData(step)
    const own = await this.layerFile(step, layer, drill, cache, diagnostics)
    if (own) {
      const { file, parsed, units, symbols, tools } = own
      const links = data.links.get(layer.toLowerCase())
      plotRecords(parsed, { file, units, symbols, drill, transform, diagnostics, maxSurfaceVertices: this.limits.maxFeatures, budget: this.budget, ...(tools ? { tools } : {}) }, (feature, record) => {
        if (++this.featureCount > this.limits.maxFeatures) {
          throw new LimitError(file, record.line, `job expands to more than ${this.limits.maxFeatures} features (limit maxFeatures)`, 'maxFeatures')
        }
        const link = links?.get(record.index)
        if (link?.net !== undefined) feature.net = link.net
        if (link?.component) {
          const pin = data.components.toeprints[link.component.side][link.component.index]?.[link.component.toeprint]
          if (pin) {
            feature.component = pin.component
            if (pin.package !== undefined) feature.package = pin.package
            feature.pin = pin.pin
          }
        }
        out.push(feature)
      })
    }
    const place = (p: Pin): Pin => ({ ...p, ...applyToPoint(transform, p.x, p.y) })
    for (const p of data.components.top?.pins ?? []) pins.top.push(place(p))
    for (const p of data.components.bottom?.pins ?? []) pins.bottom.push(place(p))
    for (const r of data.repeats) {
      const child = await this.stepData(r.step)
      for (const placement of placements(r)) {
        await this.placeLayer(r.step, layer, drill, compose(transform, withDatum(placement, child.datum.x, child.datum.y)), cache, out, pins, diagnostics)
      }
    }
  }

  /** A drill layer's `tools` file: tool number → TYPE (VIA, PLATED, NON_PLATED). */
  private async drillTools(step: string, layer: string): Promise<Map<number, DrillTool> | undefined> {
    const f = await this.job.readText(`steps/${step.toLowerCase()}/layers/${layer.toLowerCase()}/tools`)
    if (!f) return undefined
    const tools = new Map<number, DrillTool>()
    for (const block of parseStructured(`${this.job.path}/${f.name}`, f.text).blocks) {
      if (block.name === 'TOOLS' && block.fields['NUM'] !== undefined) tools.set(Number(block.fields['NUM']), { type: (block.fields['TYPE'] ?? '').toUpperCase() })
    }
    return tools
  }

  /** The step outline (profile) as region features, for negative layers. */
  async profile(step: string): Promise<Feature[]> {
    const f = await this.job.readText(`steps/${step.toLowerCase()}/profile`)
    if (!f) return []
    const file = `${this.job.path}/${f.name}`
    const parsed = parseFeaturesFile(file, f.text, this.units, this.budget)
    const features: Feature[] = []
    plotRecords(parsed, { file, units: parsed.units ?? this.units, symbols: new Map(), drill: false, transform: IDENTITY, diagnostics: [], maxSurfaceVertices: this.limits.maxFeatures, budget: this.budget }, (feature) => features.push(feature))
    return features
  }
}

function hasNoArea(shape: Shape): boolean {
  switch (shape.type) {
    case 'circle': return shape.diameter <= 0
    case 'stroke': return shape.width <= 0
    case 'rect':
    case 'obround': return shape.width <= 0 || shape.height <= 0
    case 'polygon': return shape.paths.length === 0
  }
}

function chooseStep(path: string, matrix: Matrix, requested: string | undefined, repeated: Set<string>): string {
  if (matrix.steps.length === 0) throw new InputError(`${path}/matrix/matrix`, 0, 'the matrix lists no STEP')
  if (requested !== undefined) {
    const found = matrix.steps.find((s) => s.toLowerCase() === requested.toLowerCase())
    if (!found) throw new InputError(`${path}/matrix/matrix`, 0, `no step "${requested}" in this job (steps: ${matrix.steps.join(', ')})`)
    return found
  }
  if (matrix.steps.length === 1) return matrix.steps[0]!
  const top = matrix.steps.filter((s) => !repeated.has(s.toLowerCase()))
  if (top.length === 1) return top[0]!
  throw new InputError(`${path}/matrix/matrix`, 0, `the job has steps ${matrix.steps.join(', ')}; choose one with the step option`)
}

/**
 * Read an ODB++ job (folder, .tgz/.tar.gz or .zip) into layers, one per matrix layer, in matrix order.
 *
 * @example
 * const layers = await readOdbJob('board.tgz', { step: 'pcb' })
 * const paste = layers.filter((l) => l.role === 'deposit' && l.side === 'top')
 */
export async function readOdbJob(path: string, opts: ReadOdbOptions = {}): Promise<Layer[]> {
  const limits: ReadLimits = { ...DEFAULT_LIMITS, ...opts.limits }
  const budget = opts.budget ?? new MemoryBudget(limits.maxMemory)
  const job = await openJob(path, limits, budget)
  const matrixFile = await job.readText('matrix/matrix')
  if (!matrixFile) throw new InputError(path, 0, 'no matrix/matrix: not an ODB++ job')
  const matrix = parseMatrix(`${path}/${matrixFile.name}`, matrixFile.text)
  const info = await job.readText('misc/info')
  const infoUnits = info ? parseStructured(`${path}/${info.name}`, info.text).fields['UNITS'] : undefined
  const units: OdbUnits = infoUnits?.toUpperCase() === 'MM' ? 'mm' : 'inch'
  const reader = new JobReader(job, units, limits, matrix.steps, budget)
  const repeated = new Set<string>()
  for (const s of matrix.steps) for (const r of (await reader.stepData(s)).repeats) repeated.add(r.step.toLowerCase())
  const step = chooseStep(path, matrix, opts.step, repeated)
  const roles = layerRoles(matrix, opts.mapping)

  const layers: Layer[] = []
  for (const m of matrix.layers) {
    const { role, side, roleFrom } = roles.get(m.name)!
    let features: Feature[] = []
    const diagnostics: Diagnostic[] = []
    const pins = { top: [] as Pin[], bottom: [] as Pin[] }
    const drill = m.type === 'DRILL'
    const found = await reader.plotLayer(step, m.name, drill, features, pins, diagnostics)
    const file = found.file ?? `${path}/steps/${step.toLowerCase()}/layers/${m.name.toLowerCase()}/features`
    if (!found.file && m.type !== 'COMPONENT') diagnostics.push({ severity: 'warning', source: { file, line: 0 }, message: `layer ${m.name} has no features file in step ${step}` })
    if (m.negative) {
      // a negative layer is drawn inverted over the board: profile dark, features clear (and clear ones dark)
      const profile = await reader.profile(step)
      if (profile.length === 0) diagnostics.push({ severity: 'error', source: { file, line: 0 }, message: `layer ${m.name} is NEGATIVE but step ${step} has no profile to invert it against` })
      features = [...profile, ...features.map((f) => ({ ...f, polarity: f.polarity === 'dark' ? 'clear' as const : 'dark' as const }))]
      diagnostics.push({ severity: 'warning', source: { file, line: 0 }, message: `layer ${m.name} is NEGATIVE: drawn as the step profile minus its features` })
    }
    if (role === 'pads' || role === 'mask' || role === 'deposit' || role === 'vias') {
      // zero-width draws and zero-size pads (r0: outlines of pours, markers) have no area to check
      const kept = features.filter((f) => !hasNoArea(f.shape))
      if (kept.length < features.length) {
        diagnostics.push({ severity: 'warning', source: { file, line: 0 }, message: `${features.length - kept.length} zero-width line(s)/zero-size pad(s) left out of this ${role} layer: they have no area` })
        features = kept
      }
    }
    features.forEach((f, i) => { f.id = i })
    if ((role === 'pads' || role === 'mask' || role === 'deposit') && (side === 'top' || side === 'bottom')) {
      assignPinsByLocation(features, side === 'top' ? pins.top : pins.bottom)
    }
    layers.push({ file, format: 'odb', role, side, units: found.units ?? units, roleFrom, features, diagnostics })
  }
  if (layers.length > 0) layers[0]!.diagnostics.unshift(...job.diagnostics)
  return layers
}

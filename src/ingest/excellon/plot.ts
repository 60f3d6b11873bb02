// Excellon parse tree → features in integer nm: the drill/route state machine, one node at a time.
// Its parts are units of their own: number format and units (format.ts), the tool table and X2
// attributes (tools.ts), hits, slots, routes and repeats with their memory charge (holes.ts).

import { InputError, type ReadLimits } from '../../errors.ts'
import { MemoryBudget } from '../budget.ts'
import type { Diagnostic, Feature, SourceRef, Units } from '../../layers/model.ts'
import type { Point } from '../../geometry/types.ts'
import type { ExcellonNode, RawCoords } from './tree.ts'
import { describeText } from '../gerber/describe.ts'
import { DrillFormat } from './format.ts'
import { HolePlotter } from './holes.ts'
import { ToolTable } from './tools.ts'
import { Warnings } from './warnings.ts'
import { PackedLayerBuilder } from '../../layers/pack.ts'
import { featureObjects } from '../../layers/packed-feature.ts'

export interface ExcellonImage {
  units: Units
  /** In file order, ids 0..n-1, coordinates integer nm. */
  features: Feature[]
  /** X2 `TF.FileFunction` from a `; #@! TF.FileFunction,…` comment, e.g. ['Plated', '1', '2', 'PTH']. */
  fileFunction?: string[]
  /** Every X2 file attribute seen (`TF.*`), name → values. */
  attributes: Record<string, string[]>
  diagnostics: Diagnostic[]
}

/** `fastPaths` false converts every number in BigInt (tests compare the two). The features as objects. */
export function plotExcellon(nodes: ExcellonNode[], file: string, limits: ReadLimits, fastPaths = true): ExcellonImage {
  const packed = new PackedLayerBuilder()
  const plotter = createExcellonPlotter(file, limits, packed, fastPaths)
  for (const node of nodes) plotter.node(node)
  return { ...plotter.finish(), features: featureObjects(packed.finish()) }
}

/** The drill/route state machine fed one node at a time, in file order; finish() ends the image. */
export interface ExcellonPlotter {
  node(node: ExcellonNode): void
  /** The image's metadata: its features are in the builder the plotter was given. */
  finish(): Omit<ExcellonImage, 'features'>
}

/**
 * `guessDigits` infers the integer.decimal digits from the file's coordinates when its header gives none
 * (see inferDigits); without it, or when it cannot tell, gerbv's defaults are used. Either way, with a warning.
 */
export function createExcellonPlotter(
  file: string, limits: ReadLimits, packed: PackedLayerBuilder, fastPaths = true, guessDigits?: (units: Units) => readonly [number, number] | undefined,
  budget: MemoryBudget = new MemoryBudget(limits.maxMemory),
): ExcellonPlotter {
  return new Plotter(file, limits, packed, fastPaths, guessDigits, budget)
}

class Plotter implements ExcellonPlotter {
  private readonly warnings = new Warnings()
  private readonly format: DrillFormat
  private readonly tools: ToolTable
  private readonly holes: HolePlotter
  private incremental = false
  private routing = false
  private interpolation: 0 | 1 | 2 | 3 = 0
  private toolDown = false
  private x = 0
  private y = 0
  private originX = 0
  private originY = 0
  private inHeader = false
  private ended = false
  private lastSource: SourceRef

  constructor(
    private readonly file: string, limits: ReadLimits, packed: PackedLayerBuilder, fastPaths: boolean,
    guessDigits: ((units: Units) => readonly [number, number] | undefined) | undefined, budget: MemoryBudget,
  ) {
    this.format = new DrillFormat(file, this.warnings, fastPaths, guessDigits)
    this.tools = new ToolTable(file, this.warnings, this.format)
    this.holes = new HolePlotter(file, limits, budget, this.tools, this.format, packed)
    this.lastSource = { file, line: 1 }
  }

  /** One axis of a block's point (modal: a missing axis keeps its value). */
  private axis(raw: string | undefined, current: number, origin: number, source: SourceRef): number {
    if (raw === undefined) return current
    const value = this.format.toNm(raw, source)
    return this.incremental ? current + value : value + origin
  }

  /** The point a block's X/Y words name, from `from`. */
  private target(coords: RawCoords, from: Point, source: SourceRef): Point {
    return { x: this.axis(coords.x, from.x, this.originX, source), y: this.axis(coords.y, from.y, this.originY, source) }
  }

  node(node: ExcellonNode): void {
    const source = node.source
    this.lastSource = source
    if (this.ended) {
      if (node.type !== 'comment') this.warnings.warn(source, 'content after M30 (end of program) ignored', 'afterEnd')
      return
    }
    switch (node.type) {
      case 'headerStart':
        this.inHeader = true
        break
      case 'headerEnd':
        this.inHeader = false
        break
      case 'rewindStop':
      case 'comment':
      case 'ignored':
        break
      case 'units':
        this.format.units = node.units
        if (node.zeros !== undefined) this.format.zeros = node.zeros
        if (node.digits !== undefined) this.format.digits = node.digits
        break
      case 'fileFormat':
        this.format.digits = node.digits
        break
      case 'attribute':
        this.tools.attribute(node)
        break
      case 'toolDefine':
        this.tools.define(node, this.inHeader)
        break
      case 'toolSelect':
        this.tools.select(node.tool, source)
        break
      case 'coordinateMode':
        this.incremental = node.mode === 'incremental'
        break
      case 'drillMode':
        this.routing = false
        this.toolDown = false
        break
      case 'routeMode':
        this.routing = true
        this.interpolation = node.interpolation
        break
      case 'toolDown':
        this.toolDown = true
        break
      case 'toolUp':
        this.toolDown = false
        break
      case 'origin':
        this.originX = node.coords.x === undefined ? this.originX : this.format.toNm(node.coords.x, source)
        this.originY = node.coords.y === undefined ? this.originY : this.format.toNm(node.coords.y, source)
        break
      case 'move': {
        if (this.inHeader) {
          this.warnings.warn(source, 'coordinates inside the M48 header: taking the header as ended')
          this.inHeader = false
        }
        const from = { x: this.x, y: this.y }
        const to = this.target(node.coords, from, source)
        if (!this.routing) this.holes.hole(to, source)
        else if (this.interpolation !== 0 && this.toolDown) {
          if (this.interpolation === 1) this.holes.straightSlot(from, to, source)
          else this.holes.arcSlot(from, to, node.coords, this.interpolation === 2, source)
        } else if (this.interpolation !== 0) this.warnings.warn(source, 'route move with the tool up (no M15 before it): no slot made', 'routeUp')
        this.x = to.x
        this.y = to.y
        break
      }
      case 'slot': {
        this.inHeader = false
        const from = this.target(node.from, { x: this.x, y: this.y }, source)
        const to = this.target(node.to, from, source)
        this.holes.straightSlot(from, to, source)
        this.x = to.x
        this.y = to.y
        break
      }
      case 'repeat': {
        const at = this.holes.repeat(node.count, node.coords, source)
        this.x = at.x
        this.y = at.y
        break
      }
      case 'end':
        this.ended = true
        break
      case 'unsupported':
        this.warnings.warn(source, `unsupported Excellon command (${describeText(node.text)}) ignored`)
        break
    }
  }

  finish(): Omit<ExcellonImage, 'features'> {
    if (this.inHeader && this.holes.made === 0 && !this.ended)
      throw new InputError(this.file, this.lastSource.line, 'file ends inside the M48 header (no "%" or M95): truncated?')
    if (!this.ended) throw new InputError(this.file, this.lastSource.line, 'no M30 (end of program): the file is cut short (a complete Excellon file ends with M30); copy or export it again')
    const image: Omit<ExcellonImage, 'features'> = { units: this.format.units ?? 'inch', attributes: this.tools.attributes, diagnostics: this.warnings.list }
    if (this.tools.fileFunction !== undefined) image.fileFunction = this.tools.fileFunction
    return image
  }
}

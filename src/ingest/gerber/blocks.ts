// Where a Gerber plotter's features go — the image, an open step and repeat (%SR), or a block aperture
// being defined (%AB) — and what they cost: every feature, step-and-repeat copy and block flash is
// counted against the feature limit and charged to the memory budget before it is built.

import { InputError, LimitError, type ReadLimits } from '../../errors.ts'
import { shapeBox } from '../../geometry/polygonize.ts'
import type { Feature } from '../../layers/model.ts'
import type { PackedLayerBuilder } from '../../layers/pack.ts'
import type { MemoryBudget } from '../budget.ts'
import { type Aperture, apertureFunctionOf } from './aperture.ts'
import { type ApertureTransform, transformShape } from './transform.ts'
import type { BlockAperture, StepRepeat } from './tree.ts'
import type { CoordinateFormat } from './units.ts'

/**
 * A block flashed inside another block's definition, kept as a reference: nested %AB blocks multiply
 * (8 levels of 8 flashes are 16.7 M features in 1.1 KB), so copies are made only when a block reaches
 * the image or a step and repeat, after its whole count has been charged.
 */
interface BlockFlash { block: BlockDefinition; t: ApertureTransform; x: number; y: number; flip: boolean }
/** A block aperture's contents in file order (order decides what clear features clear), and its flattened count. */
export interface BlockDefinition { items: (Feature | BlockFlash)[]; count: number; own: number }

/** Where new features go: the image, an open step-and-repeat block, or a block aperture being defined. */
interface Target {
  features: Feature[]
  kind: 'image' | 'stepRepeat' | 'block'
  line: number
  stepRepeat?: StepRepeat
  blockCode?: number
  /** For a block being defined. */
  definition?: BlockDefinition
}

/** Features charged to the memory budget at a time on the plain path (about 26 MB). */
export const CHARGE_CHUNK = 65_536

const NO_TRANSFORM: ApertureTransform = { mirrorX: false, mirrorY: false, rotation: 0, scale: 1 }

/** A block's features placed by `t` at x, y (its polarity flipped when `flip`), handed to `out` one by one. */
export function placeBlock(block: BlockDefinition, t: ApertureTransform, x: number, y: number, flip: boolean, out: (f: Feature) => void): void {
  const place = (g: Feature) => {
    const shape = transformShape(g.shape, t, x, y)
    out({ ...g, shape, bbox: shapeBox(shape), polarity: flip ? (g.polarity === 'dark' ? 'clear' : 'dark') : g.polarity })
  }
  for (const item of block.items) {
    if ('block' in item) placeBlock(item.block, item.t, item.x, item.y, item.flip, place)
    else place(item)
  }
}

/**
 * The image goes straight into packed arrays (src/layers/pack.ts), in image order: a feature's id is
 * its place there. Only what a step and repeat or a block aperture must copy is kept as objects.
 */
export class FeatureTargets {
  private image: Target = { features: [], kind: 'image', line: 0 }
  private readonly stack: Target[] = [this.image]
  private target = this.image
  /** Features counted so far (the image's and open blocks'), and charged to the budget: charged ahead a
   * chunk at a time, so that the hot path pays one comparison per feature, and an expansion whole before it is built. */
  private produced = 0
  private charged = 0
  private blockDepth = 0
  /** The most features counted at once: before a block's own features leave the count at its %AB*%, or now. */
  private peak = 0
  /** Counts of many features at once (a block flashed, a step and repeat closed) or taken back (a block closed): after the last, features were counted one by one. */
  private bulk = 0
  private readonly blocks = new WeakMap<Aperture, BlockDefinition>()

  constructor(
    private readonly file: string, private readonly limits: ReadLimits, private readonly budget: MemoryBudget,
    private readonly format: CoordinateFormat, private readonly packed: PackedLayerBuilder,
  ) {}

  /** A step and repeat is open (features go to its block). */
  get inStepRepeat(): boolean {
    return this.target.kind === 'stepRepeat'
  }

  /** Features go straight into the image (no step and repeat or block aperture open). */
  get atImage(): boolean {
    return this.target === this.image
  }

  /** Features counted and charged so far, and the most counted at once (a checkpoint's, resume.ts). */
  get counts(): { produced: number; charged: number; peak: number; bulk: number } {
    return { produced: this.produced, charged: this.charged, peak: Math.max(this.peak, this.produced), bulk: this.bulk }
  }

  /** A read resumed at a checkpoint: the counts then, and the block apertures defined before it. */
  restore(counts: FeatureTargets['counts'], blocks: Iterable<{ aperture: Aperture; block?: BlockDefinition }>): void {
    ({ produced: this.produced, charged: this.charged, peak: this.peak, bulk: this.bulk } = counts)
    for (const { aperture, block } of blocks) if (block !== undefined) this.blocks.set(aperture, block)
  }

  /** A block aperture's contents. */
  definitionOf(ap: Aperture): BlockDefinition {
    return this.blocks.get(ap)!
  }

  /** Counts one feature about to be made at `line`. */
  count(line: number): void {
    if (++this.produced > this.charged) { this.produced--; this.countOrFail(1, line, 'This file') }
  }

  /** Counts `extra` features about to be made by `what` at `line`: over the feature limit or the memory budget, it throws first. */
  countOrFail(extra: number, line: number, what: string): void {
    const { limits } = this
    if (this.produced + extra > limits.maxFeatures) {
      throw new LimitError(this.file, line, `${what} would make more than ${limits.maxFeatures} features (raise the feature limit if this file is genuine)`, 'maxFeatures')
    }
    if (this.produced + extra > this.charged) {
      const more = Math.max(this.produced + extra - this.charged, Math.min(CHARGE_CHUNK, limits.maxFeatures - this.charged))
      this.budget.chargeFeatures(more, this.file, line, what)
      this.charged += more
    }
    this.produced += extra
  }

  /** A counted feature, to the current target. */
  add(f: Feature): void {
    this.addTo(this.target, f)
  }

  private addTo(t: Target, f: Feature): void {
    if (t === this.image) this.packed.push(f)
    else if (t.definition) { t.definition.items.push(f); t.definition.count++; t.definition.own++ }
    else t.features.push(f)
  }

  /** D03 with block aperture `ap`, placed by `t` at x, y in image coordinates. */
  flashBlock(ap: Aperture, t: ApertureTransform, x: number, y: number, flip: boolean, line: number): void {
    const block = this.blocks.get(ap)!
    const definition = this.target.definition
    if (definition) {
      // inside another block's definition: a reference, counted, copied only when that block is placed
      definition.items.push({ block, t, x, y, flip })
      definition.count += block.count
      return
    }
    // check before allocating: a block flashed many times must fail fast, not fill memory
    this.bulk++
    this.countOrFail(block.count, line, `Flashing block aperture D${ap.code} (${block.count} features)`)
    const target = this.target
    placeBlock(block, t, x, y, flip, (f) => this.addTo(target, f))
  }

  /** %SR: closes an open step and repeat first, then opens the new one unless it is the closing %SR*%. */
  stepRepeat(node: StepRepeat): void {
    if (this.target.kind === 'stepRepeat') this.closeStepRepeat(node.line)
    if (node.open) this.push({ features: [], kind: 'stepRepeat', line: node.line, stepRepeat: node })
  }

  private closeStepRepeat(line: number): void {
    const sr = this.target.stepRepeat!
    const block = this.target.features
    this.pop()
    const copies = sr.x * sr.y
    this.bulk++
    if (block.length === 0) return // nothing to repeat (and no 10¹⁰ empty loop turns)
    // the whole expansion is counted before anything is allocated: a hostile SR must fail fast
    this.countOrFail((copies - 1) * block.length, sr.line, `Step and repeat X${sr.x}×Y${sr.y} of ${block.length} features`)
    const s = this.format.nmPerUnit(line)
    const di = Math.round(sr.i * s), dj = Math.round(sr.j * s)
    const target = this.target
    for (let row = 0; row < sr.y; row++) {
      for (let col = 0; col < sr.x; col++) {
        const dx = col * di, dy = row * dj
        for (const f of block) {
          if (dx === 0 && dy === 0) { this.addTo(target, f); continue }
          const shape = transformShape(f.shape, NO_TRANSFORM, dx, dy)
          this.addTo(target, { ...f, shape, bbox: shapeBox(shape) })
        }
      }
    }
  }

  /**
   * %ABDnn*% opens a block (nesting at most `limits.maxDepth` deep); %AB*% closes it and returns its
   * aperture, carrying the aperture attributes in force.
   */
  blockAperture(node: BlockAperture, attributes: Record<string, string[]>): Aperture | undefined {
    if (node.code !== undefined) {
      if (++this.blockDepth > this.limits.maxDepth) throw new LimitError(this.file, node.line, `Block apertures nest deeper than ${this.limits.maxDepth}`, 'maxDepth')
      this.push({ features: [], kind: 'block', line: node.line, blockCode: node.code, definition: { items: [], count: 0, own: 0 } })
      return undefined
    }
    const block = this.target
    if (block.kind === 'stepRepeat') throw new InputError(this.file, node.line, `%AB*% closes a block while a step and repeat opened at line ${block.line} is still open`)
    if (block.kind !== 'block') throw new InputError(this.file, node.line, '%AB*% without an open block aperture')
    this.pop()
    this.blockDepth--
    this.peak = Math.max(this.peak, this.produced)
    this.bulk++
    // block contents are not part of the image until flashed, yet stay in memory: they keep their charge
    this.produced -= block.definition!.own
    this.charged -= block.definition!.own
    const ap: Aperture = {
      code: block.blockCode!, line: block.line, kind: 'block', width: 0, height: 0, block: [],
      attributes, ...apertureFunctionOf(attributes),
    }
    this.blocks.set(ap, block.definition!)
    return ap
  }

  /**
   * Ends the image. M02 (`endedAt`, its line) closes a step and repeat still open at the top level, as
   * the spec allows; anything else still open is a cut-short file.
   */
  finish(endedAt: number | undefined): void {
    const target = this.target
    if (target.kind === 'stepRepeat' && this.stack.length === 2 && endedAt !== undefined) this.closeStepRepeat(endedAt)
    if (this.target.kind === 'stepRepeat') throw new InputError(this.file, this.target.line, 'Step and repeat (%SR…*%) is not closed: the file is cut short')
    if (this.target.kind === 'block') throw new InputError(this.file, this.target.line, `Block aperture D${this.target.blockCode} (%AB…*%) is not closed: the file is cut short`)
  }

  private push(t: Target): void {
    this.stack.push(t)
    this.target = t
  }

  private pop(): void {
    this.stack.pop()
    this.target = this.stack[this.stack.length - 1]!
  }
}

// The graphics state a Gerber operation reads: current point, interpolation and quadrant mode,
// polarity, the aperture transform (LM, LR, LS) and the deprecated image transform (OF, SF, MI, IR, AS, IP).

import type { Polarity } from '../../layers/model.ts'
import type { GerberNode } from './tree.ts'
import { type ApertureTransform, normaliseDegrees } from './transform.ts'
import type { CoordinateFormat } from './units.ts'

type StateNode = Extract<GerberNode, { type: 'interpolation' | 'quadrant' | 'loadPolarity' | 'loadMirroring' | 'loadRotation' | 'loadScaling' | 'imageTransform' }>

export class GraphicsState {
  /** Current point, nm, before the image transform. */
  x = 0
  y = 0
  interpolation: 'linear' | 'cw' | 'ccw' = 'linear'
  quadrant: 'single' | 'multi' | undefined
  polarity: Polarity = 'dark'
  transform: ApertureTransform = { mirrorX: false, mirrorY: false, rotation: 0, scale: 1 }
  transformIsIdentity = true
  // deprecated image transform, in file units / factors
  private imageOffset: [number, number] = [0, 0]
  private imageScale: [number, number] = [1, 1]
  private imageMirror: [boolean, boolean] = [false, false]
  private imageRotation = 0
  private imageSwap = false
  /** No deprecated image transform in force: the hot path skips toImage. */
  imageIdentity = true
  imageNegative = false

  constructor(private readonly format: CoordinateFormat) {}

  /** Every field but the format, as a checkpoint keeps them (resume.ts): the transforms are replaced, never changed in place. */
  snapshot(): Record<string, unknown> {
    const { format: _, ...fields } = this as unknown as Record<string, unknown>
    return fields
  }

  restore(fields: Record<string, unknown>): void {
    Object.assign(this, fields)
  }

  /** Applies a state command; a scale factor must have been checked positive by the caller. */
  apply(node: StateNode): void {
    switch (node.type) {
      case 'interpolation':
        this.interpolation = node.mode
        break
      case 'quadrant':
        this.quadrant = node.mode
        break
      case 'loadPolarity':
        this.polarity = node.polarity
        break
      case 'loadMirroring':
        this.setTransform({ ...this.transform, mirrorX: node.mirrorX, mirrorY: node.mirrorY })
        break
      case 'loadRotation':
        this.setTransform({ ...this.transform, rotation: normaliseDegrees(node.degrees) })
        break
      case 'loadScaling':
        this.setTransform({ ...this.transform, scale: node.factor })
        break
      case 'imageTransform':
        if (node.offset) this.imageOffset = node.offset
        if (node.scale) this.imageScale = node.scale
        if (node.mirror) this.imageMirror = node.mirror
        if (node.rotation !== undefined) this.imageRotation = normaliseDegrees(node.rotation)
        if (node.swapAxes !== undefined) this.imageSwap = node.swapAxes
        if (node.negative) this.imageNegative = true
        this.imageIdentity = this.imageOffset[0] === 0 && this.imageOffset[1] === 0 && this.imageScale[0] === 1 && this.imageScale[1] === 1 &&
          !this.imageMirror[0] && !this.imageMirror[1] && this.imageRotation === 0 && !this.imageSwap
        // the offset is in file units: they must be known (or assumed) from here on
        if (!this.imageIdentity) this.format.unitsAt(node.line)
        break
    }
  }

  private setTransform(t: ApertureTransform): void {
    this.transform = t
    this.transformIsIdentity = !t.mirrorX && !t.mirrorY && t.rotation === 0 && t.scale === 1
  }

  /** A point in nm through the image transform (AS, MI, SF, IR, then OF). */
  toImage(x: number, y: number): [number, number] {
    if (this.imageIdentity) return [x, y]
    const s = this.format.nmPerUnit(0)
    if (this.imageSwap) [x, y] = [y, x]
    if (this.imageMirror[0]) x = -x
    if (this.imageMirror[1]) y = -y
    x *= this.imageScale[0]
    y *= this.imageScale[1]
    if (this.imageRotation !== 0) {
      const a = (this.imageRotation * Math.PI) / 180
      ;[x, y] = [x * Math.cos(a) - y * Math.sin(a), x * Math.sin(a) + y * Math.cos(a)]
    }
    return [Math.round(x + this.imageOffset[0] * s), Math.round(y + this.imageOffset[1] * s)]
  }

  /** The aperture transform including the deprecated image rotation / mirror. */
  effectiveTransform(): ApertureTransform {
    if (this.imageIdentity) return this.transform
    const mirrorX = this.transform.mirrorX !== (this.imageMirror[0] !== this.imageSwap)
    const mirrorY = this.transform.mirrorY !== this.imageMirror[1]
    return { mirrorX, mirrorY, rotation: normaliseDegrees(this.transform.rotation + this.imageRotation), scale: this.transform.scale * Math.abs(this.imageScale[0]) }
  }

  /** An odd number of mirrorings (AS counts as one) turns arcs the other way. */
  arcsFlipped(): boolean {
    return !this.imageIdentity && ((this.imageMirror[0] !== this.imageMirror[1]) !== this.imageSwap)
  }
}

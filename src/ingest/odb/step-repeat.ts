// stephdr STEP-REPEAT blocks → where each child step is placed: its datum moved to X+i·DX, Y+j·DY,
// rotated clockwise by ANGLE and optionally mirrored, for i < NX, j < NY. The blocks stay blocks: the
// NX·NY copies are listed only while plotting, once the reader has checked what they expand to.

import { InputError } from '../../errors.ts'
import type { Diagnostic } from '../../layers/model.ts'
import type { OdbUnits } from './features-file.ts'
import { checkAngle, lengthNm } from './ranges.ts'
import type { StructuredText } from './structured.ts'
import { compose, type Transform } from './transform.ts'

export interface StepRepeat {
  step: string
  /** The stephdr and the line its STEP-REPEAT block opens on. */
  file: string
  line: number
  nx: number
  ny: number
  /** First copy's position and the pitch between copies, nm. */
  x: number
  y: number
  dx: number
  dy: number
  /** Clockwise degrees, as written. */
  angle: number
  mirror: boolean
}

export function stepRepeats(file: string, hdr: StructuredText, jobUnits: OdbUnits, steps: readonly string[], notes: Diagnostic[]): StepRepeat[] {
  const units: OdbUnits = hdr.fields['UNITS']?.toUpperCase() === 'MM' ? 'mm' : hdr.fields['UNITS'] ? 'inch' : jobUnits
  const out: StepRepeat[] = []
  for (const block of hdr.blocks) {
    if (block.name !== 'STEP-REPEAT') continue
    const f = block.fields
    const num = (key: string, fallback?: number): number => {
      const v = f[key] === undefined || f[key] === '' ? fallback : Number(f[key])
      if (v === undefined || !Number.isFinite(v)) throw new InputError(file, block.line, `STEP-REPEAT ${key} must be a number (got "${f[key] ?? ''}")`)
      return v
    }
    const count = (key: string): number => {
      const v = num(key, 1)
      if (!Number.isInteger(v) || v < 0) throw new InputError(file, block.line, `STEP-REPEAT ${key} must be a whole number ≥ 0 (got "${f[key]}")`)
      return v
    }
    const name = f['NAME'] ?? ''
    const step = steps.find((s) => s.toLowerCase() === name.toLowerCase())
    if (!step) throw new InputError(file, block.line, `STEP-REPEAT names step "${name}", which the matrix does not list`)
    const [x, y, dx, dy] = ['X', 'Y', 'DX', 'DY'].map((k) => lengthNm(file, block.line, `STEP-REPEAT ${k}`, num(k, 0), units)) as [number, number, number, number]
    const nx = count('NX'), ny = count('NY')
    // the farthest copy must stay in range too, not only the first one and the pitch
    if (nx > 0) lengthNm(file, block.line, 'STEP-REPEAT X + (NX−1)·DX', (x + (nx - 1) * dx) / 1e6, 'mm')
    if (ny > 0) lengthNm(file, block.line, 'STEP-REPEAT Y + (NY−1)·DY', (y + (ny - 1) * dy) / 1e6, 'mm')
    const angle = checkAngle(file, block.line, 'STEP-REPEAT ANGLE', num('ANGLE', 0))
    const mirror = (f['MIRROR'] ?? 'NO').toUpperCase() === 'YES'
    if ((f['FLIP'] ?? 'NO').toUpperCase() === 'YES') {
      notes.push({ severity: 'warning', source: { file, line: block.line }, message: `STEP-REPEAT of ${step} asks for FLIP (board turned over); placed without swapping its layers` })
    }
    out.push({ step, file, line: block.line, nx, ny, x, y, dx, dy, angle, mirror })
  }
  return out
}

/** The NX·NY placements of one block, row by row (j outer, i inner). */
export function* placements(r: StepRepeat): Generator<Transform> {
  for (let j = 0; j < r.ny; j++) {
    for (let i = 0; i < r.nx; i++) {
      yield { mirror: r.mirror, rotation: -r.angle, dx: Math.round(r.x + i * r.dx), dy: Math.round(r.y + j * r.dy) }
    }
  }
}

/** The child's own datum goes to the repeat point: shift by −datum first. */
export function withDatum(place: Transform, datumX: number, datumY: number): Transform {
  return compose(place, { mirror: false, rotation: 0, dx: -datumX, dy: -datumY })
}

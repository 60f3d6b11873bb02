// stephdr STEP-REPEAT blocks → where each child step is placed: its datum moved to X+i·DX, Y+j·DY,
// rotated clockwise by ANGLE and optionally mirrored, for i < NX, j < NY.

import { InputError } from '../../errors.ts'
import type { Diagnostic } from '../../layers/model.ts'
import type { OdbUnits } from './features-file.ts'
import { nmPerUnit } from './plot.ts'
import type { StructuredText } from './structured.ts'
import { compose, type Transform } from './transform.ts'

export interface StepRepeat { step: string; transform: Transform; line: number }

export function stepRepeats(file: string, hdr: StructuredText, jobUnits: OdbUnits, steps: readonly string[], notes: Diagnostic[]): StepRepeat[] {
  const units: OdbUnits = hdr.fields['UNITS']?.toUpperCase() === 'MM' ? 'mm' : hdr.fields['UNITS'] ? 'inch' : jobUnits
  const scale = nmPerUnit(units)
  const out: StepRepeat[] = []
  for (const block of hdr.blocks) {
    if (block.name !== 'STEP-REPEAT') continue
    const f = block.fields
    const num = (key: string, fallback?: number): number => {
      const v = f[key] === undefined || f[key] === '' ? fallback : Number(f[key])
      if (v === undefined || !Number.isFinite(v)) throw new InputError(file, block.line, `STEP-REPEAT ${key} must be a number (got "${f[key] ?? ''}")`)
      return v
    }
    const name = f['NAME'] ?? ''
    const step = steps.find((s) => s.toLowerCase() === name.toLowerCase())
    if (!step) throw new InputError(file, block.line, `STEP-REPEAT names step "${name}", which the matrix does not list`)
    const [x, y, dx, dy] = ['X', 'Y', 'DX', 'DY'].map((k) => num(k, 0) * scale) as [number, number, number, number]
    const nx = num('NX', 1), ny = num('NY', 1)
    const angle = num('ANGLE', 0)
    const mirror = (f['MIRROR'] ?? 'NO').toUpperCase() === 'YES'
    if ((f['FLIP'] ?? 'NO').toUpperCase() === 'YES') {
      notes.push({ severity: 'warning', source: { file, line: block.line }, message: `STEP-REPEAT of ${step} asks for FLIP (board turned over); placed without swapping its layers` })
    }
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const place: Transform = { mirror, rotation: -angle, dx: Math.round(x + i * dx), dy: Math.round(y + j * dy) }
        out.push({ step, transform: place, line: block.line })
      }
    }
  }
  return out
}

/** The child's own datum goes to the repeat point: shift by −datum first. */
export function withDatum(place: Transform, datumX: number, datumY: number): Transform {
  return compose(place, { mirror: false, rotation: 0, dx: -datumX, dy: -datumY })
}

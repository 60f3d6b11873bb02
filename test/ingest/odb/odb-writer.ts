// A small ODB++ writer for tests: matrix, misc/info, step headers and features files, and a converter
// from plotted Gerber features to an ODB++ features file (mm job: coordinates in mm, symbols in µm,
// both written exactly to the nanometre).

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Feature } from '../../../src/layers/model.ts'
import type { Path } from '../../../src/geometry/types.ts'
import { tgz, type TarEntry } from './archive-writers.ts'

export interface MatrixLayerSpec { name: string; type: string; context?: string; polarity?: 'POSITIVE' | 'NEGATIVE' }

export interface JobSpec {
  /** Folder name inside the archive ('' for files at the root). */
  root?: string
  units: 'MM' | 'INCH'
  steps: { name: string; stephdr?: string; layers: Record<string, string>; extra?: Record<string, string> }[]
  layers: MatrixLayerSpec[]
  /** User symbols: name → features text. */
  symbols?: Record<string, string>
}

export function matrixText(steps: string[], layers: MatrixLayerSpec[]): string {
  const out: string[] = []
  steps.forEach((name, i) => out.push(`STEP {\n    COL=${i + 1}\n    NAME=${name.toUpperCase()}\n}\n`))
  layers.forEach((l, i) => out.push(`LAYER {\n    ROW=${i + 1}\n    CONTEXT=${l.context ?? 'BOARD'}\n    TYPE=${l.type}\n    NAME=${l.name.toUpperCase()}\n    POLARITY=${l.polarity ?? 'POSITIVE'}\n}\n`))
  return out.join('\n')
}

/** The files of a job, as tar entries (job-relative names under `root`). */
export function jobEntries(spec: JobSpec): TarEntry[] {
  const root = spec.root === undefined ? 'job/' : spec.root ? `${spec.root}/` : ''
  const entries: TarEntry[] = [
    { name: `${root}matrix/matrix`, data: matrixText(spec.steps.map((s) => s.name), spec.layers) },
    { name: `${root}misc/info`, data: `JOB_NAME=test\nUNITS=${spec.units}\nODB_VERSION_MAJOR=8\nODB_VERSION_MINOR=1\n` },
  ]
  for (const step of spec.steps) {
    const base = `${root}steps/${step.name.toLowerCase()}`
    entries.push({ name: `${base}/stephdr`, data: step.stephdr ?? `UNITS=${spec.units}\nX_DATUM=0\nY_DATUM=0\n` })
    for (const [layer, text] of Object.entries(step.layers)) entries.push({ name: `${base}/layers/${layer.toLowerCase()}/features`, data: text })
    for (const [name, text] of Object.entries(step.extra ?? {})) entries.push({ name: `${base}/${name}`, data: text })
  }
  for (const [name, text] of Object.entries(spec.symbols ?? {})) entries.push({ name: `${root}symbols/${name}/features`, data: text })
  return entries
}

const mm = (nm: number) => (nm / 1e6).toFixed(6)
const um = (nm: number) => (nm / 1e3).toFixed(3)

/** Plotted Gerber features → an ODB++ features text (UNITS=MM). Flashes become pads, draws lines, the rest surfaces. */
export function featuresFromGerber(features: readonly Feature[]): string {
  const symbols = new Map<string, number>()
  const symbol = (name: string) => {
    let n = symbols.get(name)
    if (n === undefined) symbols.set(name, (n = symbols.size))
    return n
  }
  const records: string[] = []
  const polarity = (f: Feature) => (f.polarity === 'dark' ? 'P' : 'N')
  const surface = (paths: Path[], pol: string) => {
    const lines = [`S ${pol} 0`]
    for (const path of paths) {
      // ring direction says island or hole: outer rings CCW, holes CW (shoelace sign)
      let twice = 0
      for (let i = 0; i < path.length; i++) { const a = path[i]!, b = path[(i + 1) % path.length]!; twice += a.x * b.y - b.x * a.y }
      lines.push(`OB ${mm(path[0]!.x)} ${mm(path[0]!.y)} ${twice >= 0 ? 'I' : 'H'}`)
      for (let i = 1; i <= path.length; i++) { const p = path[i % path.length]!; lines.push(`OS ${mm(p.x)} ${mm(p.y)}`) }
      lines.push('OE')
    }
    lines.push('SE')
    return lines.join('\n')
  }
  for (const f of features) {
    const s = f.shape
    switch (s.type) {
      case 'circle': records.push(`P ${mm(s.cx)} ${mm(s.cy)} ${symbol(`r${um(s.diameter)}`)} ${polarity(f)} 0 0`); break
      // Shape rotation is counter-clockwise, ODB++ orientation 8 is clockwise
      case 'rect': records.push(`P ${mm(s.cx)} ${mm(s.cy)} ${symbol(`rect${um(s.width)}x${um(s.height)}`)} ${polarity(f)} 0 8 ${((360 - s.rotation) % 360).toFixed(3)}`); break
      case 'obround': records.push(`P ${mm(s.cx)} ${mm(s.cy)} ${symbol(`oval${um(s.width)}x${um(s.height)}`)} ${polarity(f)} 0 8 ${((360 - s.rotation) % 360).toFixed(3)}`); break
      case 'stroke': records.push(`L ${mm(s.x1)} ${mm(s.y1)} ${mm(s.x2)} ${mm(s.y2)} ${symbol(`r${um(s.width)}`)} ${polarity(f)} 0`); break
      case 'polygon': if (s.paths.length > 0) records.push(surface(s.paths, polarity(f))); break
    }
  }
  const table = [...symbols].map(([name, n]) => `$${n} ${name}`)
  return ['UNITS=MM', '#', '#Feature symbol names', '#', ...table, '#', '#Layer features', '#', ...records, ''].join('\n')
}

/** Writes jobs into `dir` as j0.tgz, j1.tgz …; each call returns the new job's path. */
export function jobWriter(dir: string): (spec: JobSpec) => string {
  let n = 0
  return (spec) => {
    const path = join(dir, `j${n++}.tgz`)
    writeFileSync(path, tgz(jobEntries(spec)))
    return path
  }
}

// A Gerber file read again after an edit from the edit on, not from its first byte (the server's
// re-check). A read records checkpoints: at a statement boundary about every 64 KB where the
// state is small (no region, step and repeat or block aperture open), the parser's and plotter's
// state and how much of everything was made. A read of the edited bytes starts at the last
// checkpoint before the first changed byte, with that state, and reads until, past the last changed
// byte, it stands where the earlier read had a checkpoint (moved by the bytes the edit added) in the
// same state: from there on it would do what the earlier read did, so that read's features,
// diagnostics and checkpoints are taken, moved by what the edit added (bytes, lines, features,
// polygon points…). Anything the state cannot show the same (a changed aperture definition, unit,
// TF attribute, a string first used in the edit) keeps the read going, to the end if need be; any
// doubt (other limits or text encoding, an error) gives a whole read instead. Exactness beats speed.

import { DEFAULT_LIMITS, type ReadLimits } from '../../errors.ts'
import type { Diagnostic } from '../../layers/model.ts'
import { PackedLayerBuilder } from '../../layers/pack.ts'
import { DEFAULT_TOLERANCE } from '../../geometry/polygonize.ts'
import { BYTES_PER_FEATURE, MemoryBudget } from '../budget.ts'
import { countByte, type SourceBytes } from '../source-bytes.ts'
import { CHARGE_CHUNK } from './blocks.ts'
import { type Checkpoint, type GerberRead, RETRY, snapshots, trailOf } from './checkpoints.ts'
import { gerberImage, plotting, rejectEmpty } from './index.ts'
import { DiagnosticLog, parseGerberInto, type ParseMarks } from './parse.ts'
import { createPlotter, type GerberPlotter } from './plot.ts'

/**
 * `source`, an edited copy of `previous.bytes`, read from the edit on: the image, packed arrays and
 * trail a whole read of it gives (the oracle test, test/ingest/gerber/resume.test.ts, holds it to
 * that), or undefined when the caller must read it whole (other limits or text encoding, or
 * anything that went wrong, whose exact error the whole read gives). Charges `budget` what the
 * whole read would.
 */
export function rereadGerber(previous: GerberRead, source: SourceBytes, file: string, limits?: Partial<ReadLimits>, budget?: MemoryBudget): GerberRead | undefined {
  const all: ReadLimits = { ...DEFAULT_LIMITS, ...limits }
  budget ??= new MemoryBudget(all.maxMemory)
  const old = previous.trail
  if (old.limits !== JSON.stringify(all) || old.encoding !== source.encoding) return undefined
  const start = budget.charged
  let read: GerberRead | undefined
  try {
    read = resume(previous, source, file, all, budget, editOf(previous.bytes, source.bytes))
  } catch {
    // the whole read says what is wrong, exactly
  }
  // a whole read charges again what this one did
  if (read === undefined) budget.release(budget.charged - start)
  return read
}

/** Where two byte strings differ: bytes [same, before.length - tail) of `before` became [same, after.length - tail) of `after`. */
export interface Edit { same: number; tail: number }

export function editOf(before: Uint8Array, after: Uint8Array): Edit {
  const most = Math.min(before.length, after.length)
  const a = Buffer.from(before.buffer, before.byteOffset, before.length), b = Buffer.from(after.buffer, after.byteOffset, after.length)
  // native comparisons a block at a time, then byte by byte in the block that differs
  const BLOCK = 4096
  let same = 0
  while (same + BLOCK <= most && a.compare(b, same, same + BLOCK, same, same + BLOCK) === 0) same += BLOCK
  while (same < most && before[same] === after[same]) same++
  let tail = 0
  const room = most - same
  while (tail + BLOCK <= room && a.compare(b, after.length - tail - BLOCK, after.length - tail, before.length - tail - BLOCK, before.length - tail) === 0) tail += BLOCK
  while (tail < room && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++
  return { same, tail }
}

function resume(previous: GerberRead, source: SourceBytes, file: string, limits: ReadLimits, budget: MemoryBudget, edit: Edit): GerberRead | undefined {
  rejectEmpty(source, file)
  const old = previous.trail, before = previous.bytes, bytes = source.bytes
  const byteDelta = bytes.length - before.length
  const editEnd = before.length - edit.tail
  const checkpoints = old.checkpoints
  let r = checkpoints.length - 1
  while (r >= 0 && checkpoints[r]!.offset > edit.same) r--
  if (r < 0) return undefined
  const from = checkpoints[r]!
  // the arrays are sized as a whole read sizes them: the '*'s counted again in the edit only
  const bound = old.bound - countByte(before.subarray(edit.same, editEnd), 42) + countByte(bytes.subarray(edit.same, bytes.length - edit.tail), 42)

  const start = budget.charged
  budget.charge(from.charged, file, from.line, 'The features read before the edit')
  const packed = new PackedLayerBuilder(bound)
  packed.copyPrefix(previous.packed, old.tables, from.packed)
  const log = new DiagnosticLog(file, from.plotter.same.warned)
  const plotter = createPlotter(file, limits, log, DEFAULT_TOLERANCE, packed, budget)
  plotter.restore(from.plotter, old.history)
  const sink = plotting(plotter)
  const snapshot = snapshots(plotter, packed, budget, start, from.parseDiagnostics, from.plotter.diagnostics)

  // the earlier read's checkpoints at or past the edit's end, where this read may meet it again
  let t = r + 1
  while (t < checkpoints.length && checkpoints[t]!.offset < editEnd) t++
  const target = () => (t < checkpoints.length ? checkpoints[t]!.offset + byteDelta : Infinity)
  const recorded = checkpoints.slice(0, r + 1)
  let met: { before: Checkpoint; now: Checkpoint } | undefined
  const marks: ParseMarks = {
    from: { offset: from.offset, line: from.line, state: from.parser },
    next: Math.min(from.offset + old.spacing, target()),
    at(offset, line, parser, parseDiagnostics) {
      while (target() < offset) t++
      const now = sink.error === undefined ? snapshot(offset, line, parser, parseDiagnostics) : undefined
      if (now !== undefined && target() === offset) {
        // lines shift from a line's start on: a feature made before it on its line (a block's) must keep its line
        const lineStart = offset === 0 || bytes[offset - 1] === 10 || now.line === checkpoints[t]!.line
        if (lineStart && sameState(checkpoints[t]!, now, from, previous, plotter) && sameCharges(checkpoints[t]!, now, old.end)) {
          met = { before: checkpoints[t]!, now }
          return -1
        }
        t++
      }
      if (now !== undefined && offset > from.offset) recorded.push(now)
      return Math.min(offset + (now === undefined ? RETRY : old.spacing), target())
    },
  }
  const parsed = parseGerberInto(source, file, limits.maxDepth, sink, true, marks)
  if (sink.error !== undefined) throw sink.error.error
  const parseDiagnostics = [...old.parseDiagnostics.slice(0, from.parseDiagnostics), ...parsed.diagnostics]
  const plotDiagnostics = [...old.plotDiagnostics.slice(0, from.plotter.diagnostics), ...log.list]

  if (met === undefined) {
    // read to the end: no state on the way was the earlier read's
    const plotted = plotter.finish()
    const image = gerberImage(source, file, packed, 0, parsed, plotted, parseDiagnostics, plotDiagnostics)
    const end = snapshot(bytes.length, parsed.lastLine, () => from.parser, parsed.diagnostics.length)!
    const trail = trailOf(recorded, end, plotter.history, packed, plotted, parseDiagnostics, plotDiagnostics, source.encoding, bound, limits, old.spacing)
    return { bytes, image, packed: packed.finish(), trail }
  }

  // met again: the rest is the earlier read's, moved by what the edit added
  // the earlier read's checkpoints after `before`, and its end
  const after = [...checkpoints.slice(checkpoints.indexOf(met.before) + 1), old.end]
  const shift = shifter(met.before, met.now, old.end)
  const end = shift(old.end)
  // the rest charged as this read charges it: never near the feature limit, where a chunk is cut short or the limit is passed
  if (end.plotter.peak > limits.maxFeatures || end.plotter.charged + CHARGE_CHUNK > limits.maxFeatures) return undefined
  budget.charge(end.charged - met.now.charged, file, met.now.line, 'The features read after the edit')
  // the same strings and attribute sets as the earlier read's so far (a moved pad): its ids hold on, else they are numbered again
  const sameIds = packed.sameTexts(previous.packed, from.packed, met.before.packed)
  const texts = packed.appendTail(previous.packed, old.tables, met.before.packed, met.before.line, met.now.line - met.before.line, sameIds, after.map((c) => c.packed.features))
  const shifted = after.map((c, k) => {
    const to = shift(c)
    if (texts !== undefined) to.packed = { ...to.packed, ...texts[k] }
    return to
  })
  const moved = (d: Diagnostic): Diagnostic => (d.source.line >= met!.before.line ? { ...d, source: { ...d.source, line: shift.line(d.source.line) } } : d)
  parseDiagnostics.push(...old.parseDiagnostics.slice(met.before.parseDiagnostics).map(moved))
  plotDiagnostics.push(...old.plotDiagnostics.slice(met.before.plotter.diagnostics).map(moved))
  const image = gerberImage(source, file, packed, 0, { ended: true, lastLine: end.line }, old.plotted, parseDiagnostics, plotDiagnostics)
  const own = plotter.history
  const history = { apertures: [...own.apertures, ...old.history.apertures.slice(met.before.plotter.apertures)], macros: [...own.macros, ...old.history.macros.slice(met.before.plotter.macros)] }
  const trail = trailOf([...recorded, met.now, ...shifted.slice(0, -1)], shifted.at(-1)!, history, packed, old.plotted,
    parseDiagnostics, plotDiagnostics, source.encoding, bound, limits, old.spacing)
  return { bytes, image, packed: packed.finish(), trail }
}

/**
 * Whether a resumed read's state `now` is the earlier read's at `before`: the parser's and
 * plotter's state, the apertures, macros, strings and attribute sets defined since the resume
 * point `from`. The counts may differ: they shift.
 */
function sameState(before: Checkpoint, now: Checkpoint, from: Checkpoint, previous: GerberRead, plotter: GerberPlotter): boolean {
  const a = before.plotter, b = now.plotter
  if (a.apertures !== b.apertures || a.macros !== b.macros) return false
  if (!sameKinds(before.parser.warned, now.parser.warned) || !sameKinds(a.same.warned, b.same.warned)) return false
  if (!sameValue({ ...before.parser, warned: 0 }, { ...now.parser, warned: 0 }) || !sameValue({ ...a.same, warned: 0 }, { ...b.same, warned: 0 })) return false
  const history = previous.trail.history, own = plotter.history
  for (let k = from.plotter.apertures; k < a.apertures; k++) if (!sameValue(history.apertures[k], own.apertures[k])) return false
  for (let k = from.plotter.macros; k < a.macros; k++) if (!sameValue(history.macros[k], own.macros[k])) return false
  return true
}

/**
 * Whether the earlier read's charges to the budget after `before` tell this read's: features counted
 * one by one after it (no block or step and repeat: `bulk` the same at the end) are charged a chunk
 * each time the chunk charged is used up, which `shifter` works out from this read's headroom; else
 * the headroom must be the earlier read's. Vertices (arcs) come in runs: after `before`, none, or the
 * same headroom.
 */
function sameCharges(before: Checkpoint, now: Checkpoint, end: Checkpoint): boolean {
  const a = before.plotter, b = now.plotter
  const features = end.plotter.bulk === a.bulk || a.charged - a.produced === b.charged - b.produced
  const vertices = end.plotter.verticesMade === a.verticesMade || a.verticesCharged - a.verticesMade === b.verticesCharged - b.verticesMade
  return features && vertices
}

function sameKinds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  const kinds = new Set(a)
  return b.every((kind) => kinds.has(kind))
}

/** Deep equality of plain data (Object.is at the leaves); anything else (a typed array, a Map) counts as different. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (!Array.isArray(a) && Object.getPrototypeOf(a) !== Object.prototype) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false
  }
  return true
}

/**
 * The earlier read's checkpoints after `before` (and its end) as this read's: each count moved by
 * what it is at `now` against `before`, but the feature charges, which follow this read's headroom
 * where the features after `before` are counted one by one (sameCharges).
 */
function shifter(before: Checkpoint, now: Checkpoint, end: Checkpoint): ((c: Checkpoint) => Checkpoint) & { line(line: number): number } {
  const d = (pick: (c: Checkpoint) => number) => pick(now) - pick(before)
  const oneByOne = end.plotter.bulk === before.plotter.bulk
  const headroom = now.plotter.charged - now.plotter.produced
  /** Features charged at `c`: a chunk each time the headroom is used up, as FeatureTargets.count charges (far from the limit). */
  const chargedAt = (c: Checkpoint) => oneByOne
    ? now.plotter.charged + CHARGE_CHUNK * Math.ceil(Math.max(0, c.plotter.produced - before.plotter.produced - headroom) / CHARGE_CHUNK)
    : c.plotter.charged + d((x) => x.plotter.charged)
  const lines = d((c) => c.line)
  const p = { produced: d((c) => c.plotter.produced), bulk: d((c) => c.plotter.bulk), made: d((c) => c.plotter.verticesMade), vertices: d((c) => c.plotter.verticesCharged), diagnostics: d((c) => c.plotter.diagnostics) }
  const k = { features: d((c) => c.packed.features), paths: d((c) => c.packed.paths), points: d((c) => c.packed.points) }
  const shift = (c: Checkpoint): Checkpoint => ({
    offset: c.offset + d((x) => x.offset),
    line: c.line + lines,
    parser: c.parser,
    parseDiagnostics: c.parseDiagnostics + d((x) => x.parseDiagnostics),
    plotter: {
      ...c.plotter,
      produced: c.plotter.produced + p.produced, charged: chargedAt(c), bulk: c.plotter.bulk + p.bulk,
      // the most counted at once: at least what this read counted before, and the earlier read's since moved
      peak: Math.max(now.plotter.peak, c.plotter.peak + p.produced),
      verticesMade: c.plotter.verticesMade + p.made, verticesCharged: c.plotter.verticesCharged + p.vertices,
      diagnostics: c.plotter.diagnostics + p.diagnostics,
    },
    packed: { ...c.packed, features: c.packed.features + k.features, paths: c.packed.paths + k.paths, points: c.packed.points + k.points },
    // the budget: the earlier read's charges since `before` (vertices and features), its feature charges replaced by this read's
    charged: now.charged + c.charged - before.charged + ((chargedAt(c) - now.plotter.charged) - (c.plotter.charged - before.plotter.charged)) * BYTES_PER_FEATURE,
  })
  return Object.assign(shift, { line: (line: number) => line + lines })
}

// Checkpoints a Gerber read records, so that a read of an edited copy can resume from one (resume.ts):
// at a statement boundary about every SPACING bytes where the state is small (no region, step and
// repeat or block aperture open), the parser's and plotter's state and how much of everything was made.

import type { ReadLimits } from '../../errors.ts'
import type { Diagnostic } from '../../layers/model.ts'
import type { PackedFeatures, PackedLayerBuilder, PackedMark, PackedTables } from '../../layers/pack.ts'
import type { MemoryBudget } from '../budget.ts'
import type { Encoding, SourceBytes } from '../source-bytes.ts'
import type { GerberImage } from './index.ts'
import type { ParseMarks, ParserState } from './parse.ts'
import type { ApertureHistory, GerberPlotter, PlotResult, PlotterState } from './plot.ts'

/** Bytes between checkpoints: the least a resumed read re-reads, ~0.5 ms of the 1 M-bump copper (tests ask for less). */
export const SPACING = 65_536
/** Bytes to the next try when the state was not small (a region open). */
export const RETRY = 1_024

/** A read's state at a statement boundary: what it needs to go on from there, and how much it had made. */
export interface Checkpoint {
  offset: number
  line: number
  parser: ParserState
  parseDiagnostics: number
  plotter: PlotterState
  packed: PackedMark
  /** What the file had charged to the read's memory budget. */
  charged: number
}

/** What a Gerber read keeps so that a read of an edited copy can resume from it. */
export interface ReadTrail {
  /** By offset; the first at offset 0. */
  checkpoints: Checkpoint[]
  /** Where the read ended (offset the file's length, line its last). */
  end: Checkpoint
  /** The parse's and the plot's diagnostics, each in its order (the image's are the two merged by line). */
  parseDiagnostics: readonly Diagnostic[]
  plotDiagnostics: readonly Diagnostic[]
  history: ApertureHistory
  tables: PackedTables
  plotted: PlotResult
  encoding: Encoding
  /** The bound the packed arrays were sized by (featureBound in load.ts). */
  bound: number
  /** The limits read under, as JSON: a read under other limits may fail elsewhere. */
  limits: string
  /** Bytes between checkpoints. */
  spacing: number
}

/** A Gerber read with its trail, and the bytes it read (kept by the caller: the reader never keeps them). */
export interface GerberRead {
  bytes: Uint8Array
  image: Omit<GerberImage, 'features'>
  packed: PackedFeatures
  trail: ReadTrail
}

/** Takes checkpoints during a read: `marks`, what the parse calls back; `trail()`, the trail once the read ends. */
export interface TrailRecorder {
  marks: ParseMarks
  trail(bytes: number, parsed: { lastLine: number }, plotted: PlotResult, parseDiagnostics: readonly Diagnostic[], plotDiagnostics: readonly Diagnostic[]): ReadTrail
}

/** Makes a checkpoint of the read now, or undefined when the plotter's state is not small. */
export type Snapshot = (offset: number, line: number, parser: () => ParserState, parseDiagnostics: number) => Checkpoint | undefined

/**
 * Checkpoints of a read in progress, counted as the whole file's: `start` is what the budget had
 * before the file, `parseBase` and `plotBase` the diagnostics made before the read began (a resumed one).
 */
export function snapshots(plotter: GerberPlotter, packed: PackedLayerBuilder, budget: MemoryBudget, start: number, parseBase: number, plotBase: number): Snapshot {
  return (offset, line, parser, parseDiagnostics) => {
    const state = plotter.snapshot()
    if (state === undefined) return undefined
    state.diagnostics += plotBase
    return { offset, line, parser: parser(), parseDiagnostics: parseBase + parseDiagnostics, plotter: state, packed: packed.mark(), charged: budget.charged - start }
  }
}

export function trailOf(checkpoints: Checkpoint[], end: Checkpoint, history: ApertureHistory, packed: PackedLayerBuilder, plotted: PlotResult,
  parseDiagnostics: readonly Diagnostic[], plotDiagnostics: readonly Diagnostic[], encoding: Encoding, bound: number, limits: ReadLimits, spacing: number): ReadTrail {
  return { checkpoints, end, parseDiagnostics, plotDiagnostics, history, tables: packed.tables(), plotted, encoding, bound, limits: JSON.stringify(limits), spacing }
}

/** A whole read's recorder (readGerberInto): a checkpoint at offset 0, then about every SPACING bytes. */
export function recordCheckpoints(source: SourceBytes, plotter: GerberPlotter, packed: PackedLayerBuilder, budget: MemoryBudget, limits: ReadLimits, bound: number, spacing = SPACING): TrailRecorder {
  const snapshot = snapshots(plotter, packed, budget, budget.charged, 0, 0)
  const checkpoints: Checkpoint[] = []
  return {
    marks: {
      next: 0,
      at(offset, line, parser, parseDiagnostics) {
        const checkpoint = snapshot(offset, line, parser, parseDiagnostics)
        if (checkpoint === undefined) return offset + RETRY
        checkpoints.push(checkpoint)
        return offset + spacing
      },
    },
    trail(bytes, parsed, plotted, parseDiagnostics, plotDiagnostics) {
      const end = snapshot(bytes, parsed.lastLine, () => checkpoints[0]!.parser, parseDiagnostics.length)!
      return trailOf(checkpoints, end, plotter.history, packed, plotted, parseDiagnostics, plotDiagnostics, source.encoding, bound, limits, spacing)
    },
  }
}


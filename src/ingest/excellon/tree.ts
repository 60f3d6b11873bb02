// Excellon parse tree: one node per command, each with the line it came from. Coordinates stay
// raw strings here because their meaning (units, zero suppression, digits) is plot-time state.

import type { SourceRef } from '../../layers/model.ts'

/** Raw coordinate words of one block, e.g. `X1.5Y-2` → { x: '1.5', y: '-2' }. */
export interface RawCoords {
  x?: string
  y?: string
  i?: string
  j?: string
  a?: string
}

export const HEADER_START = 'headerStart' // M48
export const HEADER_END = 'headerEnd' // % or M95 after M48
export const REWIND_STOP = 'rewindStop' // % outside the header
export const UNITS = 'units' // METRIC/INCH[,LZ|,TZ][,000.000], M71, M72
export const FILE_FORMAT = 'fileFormat' // ;FILE_FORMAT=2:4
export const ATTRIBUTE = 'attribute' // ; #@! TF.FileFunction,Plated,1,2,PTH
export const COMMENT = 'comment'
export const TOOL_DEFINE = 'toolDefine' // T01C0.300
export const TOOL_SELECT = 'toolSelect' // T01
export const COORDINATE_MODE = 'coordinateMode' // G90 / G91 / ICI
export const DRILL_MODE = 'drillMode' // G05 / G81
export const ROUTE_MODE = 'routeMode' // G00 / G01 / G02 / G03 (optionally with coordinates)
export const MOVE = 'move' // X..Y.. (a hit in drill mode, a move/route in route mode)
export const SLOT = 'slot' // X..Y..G85X..Y..
export const REPEAT = 'repeat' // R03X..Y..
export const TOOL_DOWN = 'toolDown' // M15
export const TOOL_UP = 'toolUp' // M16 / M17
export const ORIGIN = 'origin' // G93X..Y..
export const END = 'end' // M30 / M00
export const IGNORED = 'ignored' // a known command without geometric effect
export const UNSUPPORTED = 'unsupported' // anything else: reported as a diagnostic

export type ExcellonNode = { source: SourceRef } & (
  | { type: typeof HEADER_START | typeof HEADER_END | typeof REWIND_STOP | typeof TOOL_DOWN | typeof TOOL_UP | typeof END }
  | { type: typeof UNITS; units: 'mm' | 'inch'; zeros?: 'LZ' | 'TZ'; digits?: [integer: number, decimal: number] }
  | { type: typeof FILE_FORMAT; digits: [integer: number, decimal: number] }
  | { type: typeof ATTRIBUTE; kind: 'TF' | 'TA' | 'TO' | 'TD'; name: string; values: string[] }
  | { type: typeof COMMENT; text: string }
  | { type: typeof TOOL_DEFINE; tool: number; diameter: string }
  | { type: typeof TOOL_SELECT; tool: number }
  | { type: typeof COORDINATE_MODE; mode: 'absolute' | 'incremental' }
  | { type: typeof DRILL_MODE }
  | { type: typeof ROUTE_MODE; interpolation: 0 | 1 | 2 | 3 }
  | { type: typeof MOVE; coords: RawCoords }
  | { type: typeof SLOT; from: RawCoords; to: RawCoords }
  | { type: typeof REPEAT; count: number; coords: RawCoords }
  | { type: typeof ORIGIN; coords: RawCoords }
  | { type: typeof IGNORED; text: string }
  | { type: typeof UNSUPPORTED; text: string }
)

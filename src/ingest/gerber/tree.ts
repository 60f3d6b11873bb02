// Gerber command nodes: what parse.ts produces and plot.ts consumes. Coordinates stay in the file's
// format units (integers scaled by 10^decimals, zero omission already resolved); plot.ts converts to nm.

import type { MacroTemplate } from './macro.ts'

export const OPERATION = 'operation'
/** D01 draw/interpolate, D02 move, D03 flash. Absent coordinates are NaN (modal: keep the previous). */
export interface Operation { type: typeof OPERATION; line: number; op: 1 | 2 | 3; x: number; y: number; i: number; j: number }

export const SELECT_APERTURE = 'selectAperture'
export interface SelectAperture { type: typeof SELECT_APERTURE; line: number; code: number }

export const INTERPOLATION = 'interpolation'
export interface Interpolation { type: typeof INTERPOLATION; line: number; mode: 'linear' | 'cw' | 'ccw' }

export const QUADRANT = 'quadrant'
export interface Quadrant { type: typeof QUADRANT; line: number; mode: 'single' | 'multi' }

export const REGION = 'region'
export interface Region { type: typeof REGION; line: number; start: boolean }

export const FORMAT = 'format'
export interface Format {
  type: typeof FORMAT; line: number
  integerDigits: number; decimalDigits: number
  zeroOmission: 'leading' | 'trailing'; notation: 'absolute' | 'incremental'
}

/** G90/G91: the deprecated way to say absolute / incremental. */
export const NOTATION = 'notation'
export interface Notation { type: typeof NOTATION; line: number; notation: 'absolute' | 'incremental' }

export const UNITS = 'units'
export interface Units { type: typeof UNITS; line: number; units: 'mm' | 'inch' }

export const APERTURE_DEFINITION = 'apertureDefinition'
/** `template` is C, R, O, P or a macro name; `params` are decimals in the file's units (angles in degrees). */
export interface ApertureDefinition { type: typeof APERTURE_DEFINITION; line: number; code: number; template: string; params: number[] }

export const APERTURE_MACRO = 'apertureMacro'
export interface ApertureMacro { type: typeof APERTURE_MACRO; line: number; macro: MacroTemplate }

export const LOAD_POLARITY = 'loadPolarity'
export interface LoadPolarity { type: typeof LOAD_POLARITY; line: number; polarity: 'dark' | 'clear' }

export const LOAD_MIRRORING = 'loadMirroring'
export interface LoadMirroring { type: typeof LOAD_MIRRORING; line: number; mirrorX: boolean; mirrorY: boolean }

export const LOAD_ROTATION = 'loadRotation'
export interface LoadRotation { type: typeof LOAD_ROTATION; line: number; degrees: number }

export const LOAD_SCALING = 'loadScaling'
export interface LoadScaling { type: typeof LOAD_SCALING; line: number; factor: number }

export const STEP_REPEAT = 'stepRepeat'
/** `open` false is the closing `%SR*%`. Steps i, j are decimals in the file's units. */
export interface StepRepeat { type: typeof STEP_REPEAT; line: number; open: boolean; x: number; y: number; i: number; j: number }

export const BLOCK_APERTURE = 'blockAperture'
/** `%ABD10*%` opens (code 10), `%AB*%` closes (code undefined). */
export interface BlockAperture { type: typeof BLOCK_APERTURE; line: number; code?: number }

export const ATTRIBUTE = 'attribute'
export interface Attribute { type: typeof ATTRIBUTE; line: number; command: 'TF' | 'TA' | 'TO' | 'TD'; name: string; values: string[] }

/** Deprecated image-level commands that still change geometry: OF, SF, MI, IR, AS, IP. */
export const IMAGE_TRANSFORM = 'imageTransform'
export interface ImageTransform {
  type: typeof IMAGE_TRANSFORM; line: number
  offset?: [number, number]; scale?: [number, number]; mirror?: [boolean, boolean]
  rotation?: number; swapAxes?: boolean; negative?: boolean
}

export const END_OF_FILE = 'endOfFile'
export interface EndOfFile { type: typeof END_OF_FILE; line: number }

/** A command we cannot interpret: kept in the tree (and reported as a diagnostic), never dropped. */
export const UNSUPPORTED = 'unsupported'
export interface Unsupported { type: typeof UNSUPPORTED; line: number; text: string }

export type GerberNode =
  | Operation | SelectAperture | Interpolation | Quadrant | Region | Format | Notation | Units
  | ApertureDefinition | ApertureMacro | LoadPolarity | LoadMirroring | LoadRotation | LoadScaling
  | StepRepeat | BlockAperture | Attribute | ImageTransform | EndOfFile | Unsupported

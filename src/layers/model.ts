// The layer model every reader produces and every rule consumes. Coordinates are integer nanometres.

import type { Box, Shape } from '../geometry/types.ts'

export const ROLES = ['pads', 'mask', 'deposit', 'vias', 'outline', 'other'] as const
export type Role = (typeof ROLES)[number]

/** `both` is for through-holes and outlines: they belong to every side a rule checks. */
export const SIDES = ['top', 'bottom', 'inner', 'both'] as const
export type Side = (typeof SIDES)[number]

export const FEATURE_KINDS = ['flash', 'draw', 'arc', 'region', 'hole', 'slot'] as const
export type FeatureKind = (typeof FEATURE_KINDS)[number]

export type Polarity = 'dark' | 'clear'

/** X2 pad definitions: copper-defined (NSMD) and solder-mask-defined (SMD) pads. */
export const PAD_DEFINITIONS = ['CuDef', 'SMDef'] as const
export type PadDefinition = (typeof PAD_DEFINITIONS)[number]

/** Where a feature or an error came from. `file` is the path as the user gave it. */
export interface SourceRef {
  file: string
  line: number
}

export interface Feature {
  /** Index in its layer's `features`; stable for the same file. */
  id: number
  kind: FeatureKind
  shape: Shape
  polarity: Polarity
  bbox: Box
  source: SourceRef
  /** X2 `.AperFunction` (first field, e.g. `SMDPad`, `ViaDrill`), or the ODB++ equivalent. */
  aperFunction?: string
  /**
   * The designer's pad definition from X2 `.AperFunction,SMDPad|BGAPad,CuDef|SMDef`: copper-defined
   * (NSMD) or solder-mask-defined (SMD).
   */
  padDefinition?: PadDefinition
  /** X2 `.C` / ODB++ component reference designator. */
  component?: string
  /** ODB++ package name of the feature's component (e.g. `BGA1764C100P42X42_4250X4250X277`). */
  package?: string
  /** X2 `.P` pin number (second field `.P,U1,A7` → `A7`). */
  pin?: string
  /** X2 `.N` net name. */
  net?: string
  /** Drill diameter in nm, for holes and slots. */
  drill?: number
  /** Plated or not, for holes and slots when the file says so. */
  plated?: boolean
  /** IPC-4761 via protection type (`Ia` … `VII`, `None`) from X2 `.AperFunction,ViaDrill,<type>`. */
  ipc4761?: string
}

export type Units = 'mm' | 'inch'

export interface Diagnostic {
  severity: 'warning' | 'error'
  source: SourceRef
  message: string
}

export interface Layer {
  /** The path as the user gave it. */
  file: string
  format: 'gerber' | 'excellon' | 'odb'
  role: Role
  side: Side
  units: Units
  /** Raw X2 `.FileFunction` fields when present (e.g. ['Copper', 'L1', 'Top']). */
  fileFunction?: string[]
  /** How the role was decided, for `layers` output and error messages. */
  roleFrom: 'x2' | 'filename' | 'user' | 'odb-matrix' | 'content' | 'default'
  features: Feature[]
  /** Warnings (deprecated commands, ignored attributes) and non-fatal notes; never silently dropped. */
  diagnostics: Diagnostic[]
}

export const NM_PER_MM = 1_000_000
export const NM_PER_INCH = 25_400_000

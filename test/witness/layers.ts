// Which fixture files the area witnesses measure: every copper, mask and paste Gerber layer.

export interface WitnessLayer {
  /** Path from the repo root; real public boards are read in place under ../shared/fixtures/real (REAL_WITNESS_DIR). */
  file: string
  role: 'copper' | 'mask' | 'paste'
  /** Edits to the staged copy both witnesses read, when the file as shipped cannot be read by KLayout. */
  patch?: InputPatch
}

export interface InputPatch {
  /** Text put before the first line. */
  prepend?: string
  /** Whole lines removed (compared after trimming CR). */
  dropLines?: string[]
  /** Why, for areas.json. */
  why: string
}

// The EKF files name no unit (no %MO%, no G70/G71); gerbv reads unit-less files as inch and the
// aperture sizes (C,0.004 … C,0.221) only make sense in inch; KLayout would take mm. Their shared
// aperture list also has `%ADD125R,0.03260.326*%` (no X), which KLayout rejects; D125 is never selected.
const EKF2_PATCH: InputPatch = {
  prepend: '%MOIN*%',
  dropLines: ['%ADD125R,0.03260.326*%'],
  why: '%MOIN*% prepended (the file names no unit; gerbv assumes inch); the malformed, never-selected ' +
    'aperture definition %ADD125R,0.03260.326*% removed (KLayout refuses it)',
}

const kicadBga = (dir: string, stem: string): WitnessLayer[] => [
  { file: `fixtures/kicad-bga-dev/${dir}/${stem}-F_Cu.gbr`, role: 'copper' },
  { file: `fixtures/kicad-bga-dev/${dir}/${stem}-B_Cu.gbr`, role: 'copper' },
  { file: `fixtures/kicad-bga-dev/${dir}/${stem}-F_Mask.gbr`, role: 'mask' },
  { file: `fixtures/kicad-bga-dev/${dir}/${stem}-B_Mask.gbr`, role: 'mask' },
  { file: `fixtures/kicad-bga-dev/${dir}/${stem}-F_Paste.gbr`, role: 'paste' },
  { file: `fixtures/kicad-bga-dev/${dir}/${stem}-B_Paste.gbr`, role: 'paste' },
]

/**
 * The real public boards, from the repo root (test/real-boards.ts; never copied into the project). Kept
 * relative, not resolved, because the path is what fixtures/witness/areas.json records for each layer.
 */
export const REAL_WITNESS_DIR = '../shared/fixtures/real'
const atmega = `${REAL_WITNESS_DIR}/atmega328-motor-board/ATMEGA328_Motor_Board`
const clockblock = `${REAL_WITNESS_DIR}/clockblock/clockblock`
const uno = `${REAL_WITNESS_DIR}/arduino-uno/arduino-uno`
const ekf2 = (name: string, role: WitnessLayer['role']): WitnessLayer =>
  ({ file: `${REAL_WITNESS_DIR}/gerbv-ekf2/${name}.grb`, role, patch: EKF2_PATCH })

export const WITNESS_LAYERS: readonly WitnessLayer[] = [
  ...kicadBga('gerber', 'bga-dev'),
  ...kicadBga('gerber-clean', 'bga-dev-clean'),
  { file: `${atmega}-F.Cu.gtl`, role: 'copper' },
  { file: `${atmega}-B.Cu.gbl`, role: 'copper' },
  { file: `${atmega}-F.Mask.gts`, role: 'mask' },
  { file: `${atmega}-B.Mask.gbs`, role: 'mask' },
  { file: `${atmega}-F.Paste.gtp`, role: 'paste' },
  { file: `${atmega}-B.Paste.gbp`, role: 'paste' },
  { file: `${clockblock}-F_Cu.gbr`, role: 'copper' },
  { file: `${clockblock}-B_Cu.gbr`, role: 'copper' },
  { file: `${clockblock}-F_Mask.gbr`, role: 'mask' },
  { file: `${clockblock}-B_Mask.gbr`, role: 'mask' },
  { file: `${clockblock}-F_Paste.gbr`, role: 'paste' },
  { file: `${uno}.cmp`, role: 'copper' },
  { file: `${uno}.sol`, role: 'copper' },
  { file: `${uno}.stc`, role: 'mask' },
  { file: `${uno}.sts`, role: 'mask' },
  ...['l0', 'l1', 'l2', 'l3', 'l4', 'l5', 'gnd', 'pow', 'pow3', 'resplan'].map((n) => ekf2(n, 'copper')),
  ekf2('stp0', 'mask'),
  ekf2('stp1', 'mask'),
]

/** The text both witnesses read: the file with its patch applied (the same bytes go to our reader). */
export function applyInputPatch(text: string, patch: InputPatch | undefined, file: string): string {
  if (!patch) return text
  const drop = new Set(patch.dropLines ?? [])
  const lines = text.split('\n')
  const kept = lines.filter((line) => !drop.has(line.replace(/\r$/, '')))
  if (lines.length - kept.length !== drop.size) throw new Error(`${file}: patch lines not found once each`)
  return (patch.prepend ? patch.prepend + '\n' : '') + kept.join('\n')
}

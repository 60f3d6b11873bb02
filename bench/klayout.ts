// KLayout side-by-side: the same generated files read by KLayout's own Gerber/Excellon import (a
// `.pcb` project, as test/witness/measure.ts works it out) and checked by a DRC deck doing the
// geometric equivalents of our rules, in batch mode (`klayout -b -r deck.drc`).

import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { FILE_NAMES } from './write-files.ts'

/** Layout layer per file: pads 1/0, mask openings 2/0, deposits 3/0, vias 4/0. */
const PROJECT_FILES = [FILE_NAMES.copper, FILE_NAMES.mask, FILE_NAMES.paste, FILE_NAMES.drill]

function projectXml(dataDir: string): string {
  const files = PROJECT_FILES.map((name, i) =>
    `  <free-file>\n   <filename>../${dataDir}/${name}</filename>\n   <layout-layers><index>${i}</index></layout-layers>\n  </free-file>`).join('\n')
  // 1 nm database unit (dbu in µm) as the witness uses, so 6-decimal mm coordinates land exactly;
  // 64 points a circle, KLayout's default: polygons, not analytic circles, are what it checks
  return `<?xml version="1.0" encoding="utf-8"?>
<pcb-project>
 <invert-negative-layers>false</invert-negative-layers>
 <free-layer-mapping>true</free-layer-mapping>
 <layout-layers>
${PROJECT_FILES.map((_, i) => `  <layout-layer>${i + 1}/0</layout-layer>`).join('\n')}
 </layout-layers>
 <free-files>
${files}
 </free-files>
 <num-circle-points>64</num-circle-points>
 <merge-flag>false</merge-flag>
 <dbu>0.001</dbu>
 <cell-name>SUBSTRATE</cell-name>
</pcb-project>
`
}

/**
 * The checks, µm as in rules/flip-chip-substrate.json. Space checks return edge pairs (dozens per pair
 * of 64-gons), so each prints the shapes its edges touch (merging the pairs' polygons took 512 s for 2 via pairs).
 */
export const KLAYOUT_DECK = `# bench/klayout.ts: geometric equivalents of bumpcheck's flip-chip-substrate rules
# flat mode: one cell, and deep mode splits polygons into pieces that skew the counts
t = Time.now
source($project)
pads = input(1, 0)
mask = input(2, 0)
paste = input(3, 0)
vias = input(4, 0)
printf("load (deposits)\\t%d\\t%.3f\\n", paste.count, Time.now - t); $stdout.flush
def step(name)
  t = Time.now
  n = yield
  printf("%s\\t%d\\t%.3f\\n", name, n, Time.now - t); $stdout.flush
end
wettable = nil
step("wettable = pads & mask") { wettable = pads & mask; wettable.count }
step("deposit-to-deposit space < 25 um (deposits)") { paste.interacting(paste.space(25.um).edges).count }
step("overhang = paste - wettable (extents)") { paste.not(wettable).extents.count }
step("orphan deposits (no wettable area)") { paste.not_interacting(wettable).count }
step("pad not inside its mask opening") { pads.not_inside(mask).count }
step("via space < 110 um = 150 pitch - 40 drill (vias)") { vias.interacting(vias.space(110.um).edges).count }
`

export interface KlayoutFigures {
  version: string
  steps: { name: string; count: number; seconds: number }[]
  /** Process wall time, start to exit (load and checks). */
  wallMs: number
}

export function klayoutVersion(): string | null {
  try {
    return execFileSync('klayout', ['-b', '-v'], { encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}

/**
 * Runs the deck on a generated substrate folder. The project and deck go in a sibling folder
 * (`<dir>-klayout`), so the data folder holds only the layers bumpcheck reads.
 */
export function runKlayout(dir: string, timeoutMs: number): KlayoutFigures {
  const own = `${dir}-klayout`
  mkdirSync(own, { recursive: true })
  const project = join(own, 'substrate.pcb')
  const deck = join(own, 'bench.drc')
  writeFileSync(project, projectXml(basename(dir)))
  writeFileSync(deck, KLAYOUT_DECK)
  const started = performance.now()
  const out = execFileSync('klayout', ['-b', '-r', deck, '-rd', `project=${project}`], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 24 })
  const wallMs = performance.now() - started
  const steps = out.split('\n').map((line) => line.split('\t')).filter((f) => f.length === 3)
    .map(([name, count, seconds]) => ({ name: name!, count: Number(count), seconds: Number(seconds) }))
  return { version: klayoutVersion() ?? 'klayout', steps, wallMs }
}

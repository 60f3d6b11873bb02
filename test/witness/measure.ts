// Measures every copper, mask and paste fixture layer with two independent Gerber readers (KLayout's
// import, gerbv's raster) and writes fixtures/witness/areas.json, so CI compares without either tool.
// Run from the repo root: npx tsx test/witness/measure.ts   (needs Debian's klayout and gerbv)

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { pngDarkness } from './png-darkness.ts'
import { applyInputPatch, WITNESS_LAYERS, type WitnessLayer } from './layers.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const KLAYOUT_SCRIPT = 'test/witness/klayout-areas.rb'
const OUTPUT = 'fixtures/witness/areas.json'

// 1 nm database unit (KLayout's dbu is in µm) so coordinates of 6-decimal mm files land exactly.
const DBU_UM = 0.001
// KLayout approximates a circle by an inscribed polygon of this many points (its default is 64,
// 0.16 % short of π r²); 1024 points leave 6.3e-6 relative, far below the 0.5 % the test allows.
const CIRCLE_POINTS = 1024
const DPI = 2000
const MM_PER_PIXEL = 25.4 / DPI

const GERBV_ARGS = (png: string, file: string) =>
  ['-x', 'png', '-D', String(DPI), '-B', '0', '-b', '#FFFFFF', '-f', '#000000FF', '-o', png, file]

function projectXml(gerberName: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<pcb-project>
 <invert-negative-layers>false</invert-negative-layers>
 <free-layer-mapping>true</free-layer-mapping>
 <layout-layers>
  <layout-layer>1/0</layout-layer>
 </layout-layers>
 <free-files>
  <free-file>
   <filename>${gerberName}</filename>
   <layout-layers><index>0</index></layout-layers>
  </free-file>
 </free-files>
 <num-circle-points>${CIRCLE_POINTS}</num-circle-points>
 <merge-flag>false</merge-flag>
 <dbu>${DBU_UM}</dbu>
 <cell-name>PCB</cell-name>
</pcb-project>
`
}

function debianVersion(pkg: string): string {
  return execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' }).trim()
}

/** The copy of the layer both witnesses read, with the layer's patch (if any) applied. */
function stageCopy(layer: WitnessLayer, dir: string, index: number): string {
  const name = `${String(index).padStart(2, '0')}-${basename(layer.file)}`
  const text = readFileSync(join(ROOT, layer.file), 'latin1')
  writeFileSync(join(dir, name), applyInputPatch(text, layer.patch, layer.file), 'latin1')
  return name
}

function main(): void {
  const only = process.argv.slice(2)
  const layers = only.length ? WITNESS_LAYERS.filter((l) => only.some((o) => l.file.includes(o))) : WITNESS_LAYERS
  const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-witness-'))
  try {
    const staged = layers.map((layer, i) => {
      const name = stageCopy(layer, dir, i)
      const project = join(dir, `${name}.pcb`)
      writeFileSync(project, projectXml(name))
      return { layer, name, project }
    })

    const list = join(dir, 'projects.txt')
    writeFileSync(list, staged.map((s) => s.project).join('\n') + '\n')
    const klayoutOut = execFileSync('klayout', ['-b', '-r', join(ROOT, KLAYOUT_SCRIPT), '-rd', `projects=${list}`], {
      encoding: 'utf8', maxBuffer: 1 << 26,
    })
    const klayoutArea = new Map<string, { area: number; seconds: number }>()
    for (const line of klayoutOut.split('\n')) {
      const [project, area, , , seconds] = line.split('\t')
      if (project && area) klayoutArea.set(project, { area: Number(area), seconds: Number(seconds) })
    }

    const files = staged.map(({ layer, name, project }) => {
      const k = klayoutArea.get(project)
      if (!k) throw new Error(`KLayout printed no area for ${layer.file}`)
      const png = join(dir, `${name}.png`)
      const started = process.hrtime.bigint()
      execFileSync('gerbv', GERBV_ARGS(png, join(dir, name)), { stdio: ['ignore', 'ignore', 'pipe'] })
      const gerbvSeconds = Number(process.hrtime.bigint() - started) / 1e9
      const dark = pngDarkness(readFileSync(png))
      const pixelArea = MM_PER_PIXEL * MM_PER_PIXEL
      const entry = {
        file: layer.file,
        role: layer.role,
        ...(layer.patch ? { inputPatch: layer.patch } : {}),
        klayoutArea_mm2: round(k.area, 6),
        gerbvArea_mm2: round(dark.darkPixels * pixelArea, 6),
        gerbvCoverageArea_mm2: round(dark.coveragePixels * pixelArea, 6),
        gerbvImage_px: [dark.width, dark.height],
        dpi: DPI,
        circlePoints: CIRCLE_POINTS,
        dbu_um: DBU_UM,
      }
      const ratio = entry.gerbvArea_mm2 / entry.klayoutArea_mm2 - 1
      console.log(`${layer.file}\tklayout ${entry.klayoutArea_mm2} mm² (${k.seconds}s)\tgerbv ${entry.gerbvArea_mm2} ` +
        `(${Number.isFinite(ratio) ? (ratio * 100).toFixed(3) + " %" : "empty layer"}, ${gerbvSeconds.toFixed(2)}s)`)
      return entry
    })

    const json = {
      about: 'Dark area of each fixture layer as read by two independent Gerber readers. Written by ' +
        'test/witness/measure.ts; read by test/ingest/areas.test.ts. Do not edit by hand: re-run the script.',
      tools: {
        klayout: { debianPackage: 'klayout', version: debianVersion('klayout') },
        gerbv: { debianPackage: 'gerbv', version: debianVersion('gerbv') },
      },
      commands: {
        regenerate: 'npx tsx test/witness/measure.ts',
        klayout: `klayout -b -r ${KLAYOUT_SCRIPT} -rd projects=<list of .pcb project paths>`,
        klayoutProject: projectXml('<gerber file, staged beside the project>'),
        klayoutArea: 'RBA::Region.new(top_cell.begin_shapes_rec(layer 1/0)).merged.area × dbu² / 1e6',
        gerbv: `gerbv ${GERBV_ARGS('<out.png>', '<gerber file>').map(shellQuote).join(' ')}`,
        gerbvArea: `pixels with luminance < 50 % × (25.4 / ${DPI})² mm²; gerbvCoverageArea sums (1 − luminance) instead`,
      },
      notes: [
        'KLayout draws arcs (G02/G03) with 32 chords per full circle whatever num-circle-points says; ' +
          'none of these layers has a G02/G03 draw or region arc, so it does not matter here.',
        'KLayout ignores the hole of a rectangle aperture given one hole size (R,XxYxD): gerbv-ekf2 l0–l5 ' +
          'flash D76 R,0.043X0.043X0.028 four times, so KLayout reads them 4 × 0.397 mm² high (0.03–0.07 %).',
        'KLayout and gerbv both draw nothing for R,0.035 (a rectangle with no Y size, EKF stp0/stp1 D74, ' +
          '52 flashes each); the spec requires both sizes.',
        'KLayout clear polarity: a clear object is subtracted from the dark polygons collected so far, ' +
          'but only back to the last %TO.N net change (it flushes there), clear zero-width draws are ' +
          'dropped, and a first %LPC% before any object makes it treat the file as negative. None of ' +
          'these layers uses LPC, so the witnesses do not test clear polarity.',
        'gerbv exports without antialiasing: gerbvCoverageArea equals gerbvArea.',
      ],
      files,
    }
    if (only.length === 0) writeFileSync(join(ROOT, OUTPUT), JSON.stringify(json, null, 2) + '\n')
    else console.log('(subset run: areas.json not written)')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals
  return Math.round(value * scale) / scale
}

function shellQuote(arg: string): string {
  return /^[\w./<>=-]+$/.test(arg) ? arg : `'${arg}'`
}

main()

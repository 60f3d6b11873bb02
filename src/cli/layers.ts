// `bumpcheck layers <files or folders…>`: what each input file is (role, side, why) and what it holds.

import { ConfigError } from '../errors.ts'
import { parseMapping, type LayerMapping } from '../ingest/identify-layers.ts'
import { loadLayers, type LoadedLayers } from '../ingest/load.ts'
import { layersTable, summarizeLayer } from '../layers/summary.ts'
import { LIMIT_OPTIONS, LIMIT_USAGE, limitsFrom, parseCommandArgs, UsageError, type Command } from './command.ts'
import { EXIT_OK, EXIT_USAGE, inputLocation } from './errors.ts'
import { readFlagFile, terminalText } from './files.ts'
import { jsonSyntaxProblem } from '../engine/waivers.ts'

const FORMATS = ['text', 'json'] as const
type Format = (typeof FORMATS)[number]

const USAGE = `Usage: bumpcheck layers <files or folders…> [--format text|json] [--map FILE]

List each input layer: its role (pads, mask, deposit, vias, outline, other), side, where the role came
from (user map, X2 attribute, file name, content), feature counts, X2 aperture functions, box and dark area.
Folders are read one level deep; README, .json and other non-layer files are skipped and listed.

  -f, --format text|json   output format (default text)
  -m, --map FILE           JSON { "<glob or file name>": { "role": "pads", "side": "top" } }; wins over everything
${LIMIT_USAGE}

Exit codes: 0 every file read, 2 a file could not be read (the others are still listed) or bad arguments.`

/** Read and check a `--map FILE` layer mapping (shared with `check`). */
export async function readMapping(file: string, maxBytes?: number): Promise<LayerMapping> {
  const text = readFlagFile('--map', file, maxBytes)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(`--map ${file}: not valid JSON (${jsonSyntaxProblem(error, text)})`)
  }
  return parseMapping(value, `--map ${file}`)
}

function render(loaded: LoadedLayers, format: Format): string {
  const files = loaded.layers.map(summarizeLayer)
  const diagnostics = loaded.layers.flatMap((l) =>
    l.diagnostics.map((d) => ({ path: l.file, line: d.source.line, severity: d.severity, message: d.message })))
  if (format === 'json') {
    return JSON.stringify({ files, errors: loaded.errors, notes: loaded.notes, diagnostics, inputs: loaded.inputs }, null, 2) + '\n'
  }
  const lines = [
    ...diagnostics.map((d) => `${inputLocation(d.path, d.line, `${d.severity}: ${d.message}`)}`),
    ...loaded.notes.map((n) => inputLocation(n.path, n.line, n.message)),
  ]
  return layersTable(files) + (lines.length > 0 ? '\n' + lines.join('\n') + '\n' : '')
}

export const layers: Command = {
  summary: 'List input layers with their role, side, feature counts and area',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: 'string', short: 'f', default: 'text' },
      map: { type: 'string', short: 'm' },
      ...LIMIT_OPTIONS,
    })
    const format = values.format as Format
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${values.format}")`)
    if (positionals.length === 0) throw new UsageError('layers needs at least one file or folder (see bumpcheck layers --help)')
    const limits = limitsFrom(values)
    const mapping = values.map === undefined ? undefined : await readMapping(values.map, limitsFrom(values).maxFileBytes)
    const loaded = await loadLayers(positionals, { limits, ...(mapping && { mapping }), ...(values['follow-links'] && { followLinks: true }) })
    process.stdout.write(render(loaded, format))
    for (const e of loaded.errors) process.stderr.write(`bumpcheck: ${terminalText(inputLocation(e.path, e.line, e.message))}\n`)
    return loaded.errors.length > 0 ? EXIT_USAGE : EXIT_OK
  },
}

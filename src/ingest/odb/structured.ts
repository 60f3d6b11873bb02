// ODB++ "structured text" files (matrix/matrix, misc/info, stephdr, drill tools): KEY=VALUE lines at the
// top level and NAME { KEY=VALUE … } blocks. Keys are kept as written, upper-cased for lookup.

import { InputError } from '../../errors.ts'

export interface StructuredBlock {
  name: string
  line: number
  fields: Record<string, string>
}

export interface StructuredText {
  fields: Record<string, string>
  /** Line of each top-level field, by upper-case key. */
  fieldLines: Record<string, number>
  blocks: StructuredBlock[]
}

export function parseStructured(file: string, text: string): StructuredText {
  const out: StructuredText = { fields: {}, fieldLines: {}, blocks: [] }
  let block: StructuredBlock | undefined
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (line === '' || line.startsWith('#')) continue
    const open = /^([A-Za-z_][\w-]*)\s*\{$/.exec(line)
    if (open) {
      if (block) throw new InputError(file, i + 1, `block "${open[1]}" opens inside block "${block.name}" (missing "}")`)
      block = { name: open[1]!.toUpperCase(), line: i + 1, fields: {} }
      continue
    }
    if (line === '}') {
      if (!block) throw new InputError(file, i + 1, '"}" without an open block')
      out.blocks.push(block)
      block = undefined
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) throw new InputError(file, i + 1, `expected KEY=VALUE, got "${line.slice(0, 60)}"`)
    const key = line.slice(0, eq).trim().toUpperCase()
    const value = line.slice(eq + 1).trim()
    ;(block ? block.fields : out.fields)[key] = value
    if (!block) out.fieldLines[key] = i + 1
  }
  if (block) throw new InputError(file, block.line, `block "${block.name}" is never closed with "}"`)
  return out
}

// The tool table of an Excellon file (TnnC…, Tnn) and the X2 attributes that give tools and the file
// their function (`; #@! TF.FileFunction,Plated,…`, `; #@! TA.AperFunction,…`, TD).

import { InputError } from '../../errors.ts'
import type { SourceRef } from '../../layers/model.ts'
import type { DrillFormat } from './format.ts'
import type { ExcellonNode } from './tree.ts'
import type { Warnings } from './warnings.ts'

export interface Tool {
  diameter: number
  aperFunction?: string
  plated?: boolean
  /** IPC-4761 via type, the field after `ViaDrill` (`Plated,PTH,ViaDrill,VII`). */
  ipc4761?: string
}

/** The drill function among X2 fields like ['Plated', 'PTH', 'ViaDrill'] (KiCad) or ['ViaDrill'] (Gerber X2). */
function drillFunction(values: string[]): string | undefined {
  const named = values.filter((v) => !['Plated', 'NonPlated', 'PTH', 'NPTH', 'Blind', 'Buried'].includes(v))
  return named.find((v) => v.endsWith('Drill')) ?? named[0]
}

/** The IPC-4761 type that follows `ViaDrill` in the X2 fields, if any. */
function viaTypeOf(values: string[]): string | undefined {
  const at = values.indexOf('ViaDrill')
  return at >= 0 ? values[at + 1] : undefined
}

function platedFrom(values: string[] | undefined): boolean | undefined {
  if (values?.[0] === 'Plated') return true
  if (values?.[0] === 'NonPlated') return false
  return undefined
}

type AttributeNode = Extract<ExcellonNode, { type: 'attribute' }>
type ToolDefine = Extract<ExcellonNode, { type: 'toolDefine' }>

export class ToolTable {
  private readonly tools = new Map<number, Tool>()
  /** The tool selected, if any (T0 unloads it). */
  current: Tool | undefined
  /** Every X2 file attribute seen (`TF.*`), name → values. */
  readonly attributes: Record<string, string[]> = {}
  fileFunction: string[] | undefined
  /** Whether the file's holes are plated, from TF.FileFunction; a tool's own TA.AperFunction wins. */
  filePlated: boolean | undefined
  // the TA.AperFunction in force: X2 semantics, it holds for every tool defined until changed or deleted
  private aperture: { aperFunction?: string; plated?: boolean; ipc4761?: string } = {}

  constructor(private readonly file: string, private readonly warnings: Warnings, private readonly format: DrillFormat) {}

  attribute(node: AttributeNode): void {
    if (node.kind === 'TF') {
      this.attributes[node.name] = node.values
      if (node.name === '.FileFunction') {
        this.fileFunction = node.values
        this.filePlated = platedFrom(node.values)
      }
    } else if (node.kind === 'TA' && node.name === '.AperFunction') {
      this.aperture = {}
      const fn = drillFunction(node.values)
      if (fn !== undefined) this.aperture.aperFunction = fn
      const plated = platedFrom(node.values)
      if (plated !== undefined) this.aperture.plated = plated
      const viaType = viaTypeOf(node.values)
      if (viaType !== undefined) this.aperture.ipc4761 = viaType
    } else if (node.kind === 'TD' && (node.name === '' || node.name === '.AperFunction')) this.aperture = {}
  }

  /** TnnC…: defined with the attributes in force; a tool defined in the body (not the header) is also selected. */
  define(node: ToolDefine, inHeader: boolean): void {
    if (this.tools.has(node.tool)) this.warnings.warn(node.source, `tool T${node.tool} defined again: the later size wins`)
    const defined: Tool = { diameter: this.format.diameterToNm(node.diameter, node.source), ...this.aperture }
    this.tools.set(node.tool, defined)
    if (!inHeader) this.current = defined
  }

  select(tool: number, source: SourceRef): void {
    if (this.tools.has(tool)) this.current = this.tools.get(tool)
    else if (tool === 0) this.current = undefined // T0 = unload, unless the file defines a T0 size
    else throw new InputError(this.file, source.line, `tool T${tool} is used but not defined in this file (no T${tool}C<diameter>)`)
  }

  /** The selected tool, for `what` at `source`. */
  need(source: SourceRef, what: string): Tool {
    if (this.current === undefined) throw new InputError(this.file, source.line, `${what} with no tool selected (select one with T<n> first)`)
    return this.current
  }
}

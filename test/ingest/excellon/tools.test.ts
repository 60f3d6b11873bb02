// ToolTable: tools defined, selected and unloaded, with the X2 attributes that give them a function.

import { describe, expect, it } from 'vitest'
import { DrillFormat } from '../../../src/ingest/excellon/format.ts'
import { ToolTable } from '../../../src/ingest/excellon/tools.ts'
import { Warnings } from '../../../src/ingest/excellon/warnings.ts'

const at = (line: number) => ({ file: 'd.drl', line })
const make = () => {
  const warnings = new Warnings()
  const format = new DrillFormat('d.drl', warnings)
  format.units = 'mm'
  return { warnings, tools: new ToolTable('d.drl', warnings, format) }
}
const define = (tools: ToolTable, tool: number, diameter: string, line: number, inHeader = true) =>
  tools.define({ type: 'toolDefine', source: at(line), tool, diameter }, inHeader)
const attribute = (tools: ToolTable, kind: 'TF' | 'TA' | 'TD', name: string, values: string[] = []) =>
  tools.attribute({ type: 'attribute', source: at(1), kind, name, values })

describe('ToolTable', () => {
  it('a header tool waits for its Tnn; a body tool is selected at once; T0 unloads', () => {
    const { tools } = make()
    define(tools, 1, '0.3', 3)
    expect(tools.current).toBe(undefined)
    tools.select(1, at(5))
    expect(tools.current).toEqual({ diameter: 300_000 })
    define(tools, 2, '1.05', 8, false)
    expect(tools.current).toEqual({ diameter: 1_050_000 })
    tools.select(0, at(9))
    expect(tools.current).toBe(undefined)
  })

  it('gives each tool the TA.AperFunction in force at its definition, until TD', () => {
    const { tools } = make()
    attribute(tools, 'TA', '.AperFunction', ['Plated', 'PTH', 'ViaDrill'])
    define(tools, 1, '0.3', 3)
    attribute(tools, 'TA', '.AperFunction', ['NonPlated', 'NPTH', 'ComponentDrill'])
    define(tools, 2, '3.0', 4)
    attribute(tools, 'TD', '.AperFunction')
    define(tools, 3, '0.8', 5)
    tools.select(1, at(6))
    expect(tools.current).toEqual({ diameter: 300_000, aperFunction: 'ViaDrill', plated: true })
    tools.select(2, at(7))
    expect(tools.current).toEqual({ diameter: 3_000_000, aperFunction: 'ComponentDrill', plated: false })
    tools.select(3, at(8))
    expect(tools.current).toEqual({ diameter: 800_000 })
  })

  it('keeps the file attributes, and the plating TF.FileFunction gives', () => {
    const { tools } = make()
    attribute(tools, 'TF', '.GenerationSoftware', ['KiCad', 'Pcbnew'])
    attribute(tools, 'TF', '.FileFunction', ['NonPlated', '1', '2', 'NPTH'])
    expect(tools.filePlated).toBe(false)
    expect(tools.fileFunction).toEqual(['NonPlated', '1', '2', 'NPTH'])
    expect(tools.attributes).toEqual({ '.GenerationSoftware': ['KiCad', 'Pcbnew'], '.FileFunction': ['NonPlated', '1', '2', 'NPTH'] })
  })

  it('warns when a tool is defined again (the later size wins) and refuses an undefined tool and a hit with none', () => {
    const { tools, warnings } = make()
    define(tools, 4, '0.3', 3)
    define(tools, 4, '0.4', 4)
    tools.select(4, at(5))
    expect(tools.current!.diameter).toBe(400_000)
    expect(warnings.list.map((d) => [d.source.line, d.message])).toEqual([[4, 'tool T4 defined again: the later size wins']])
    expect(() => tools.select(7, at(9))).toThrow('tool T7 is used but not defined in this file (no T7C<diameter>)')
    tools.select(0, at(10))
    expect(() => tools.need(at(11), 'drill hit')).toThrow('drill hit with no tool selected (select one with T<n> first)')
  })
})

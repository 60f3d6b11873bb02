import { describe, expect, it } from 'vitest'
import { GrowingColumn } from '../../src/spatial/growing-column.ts'

describe('GrowingColumn', () => {
  it('keeps every value pushed past its first capacity (16 at least), in order, and trims to their count', () => {
    const column = new GrowingColumn(Float64Array, 3)
    expect(column.data.length).toBe(16)
    for (let k = 0; k < 40; k++) column.push(k / 4)
    expect(column.length).toBe(40)
    expect(column.data.length).toBe(64) // 16 → 32 → 64
    const trimmed = column.trimmed()
    expect(trimmed).toBeInstanceOf(Float64Array)
    expect(Array.from(trimmed)).toEqual(Array.from({ length: 40 }, (_, k) => k / 4))
    trimmed[0] = 99
    expect(column.data[0]).toBe(0) // a copy, not a view
  })
})

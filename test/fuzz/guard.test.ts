// The fuzz oracle and mutators themselves: a broken oracle would let every fuzz case pass.

import { describe, expect, it } from 'vitest'
import { InputError, LimitError } from '../../src/errors.ts'
import type { Feature } from '../../src/layers/model.ts'
import { guarded, guardedAsync, runsFor } from './guard.ts'
import { applyMutations } from './mutate.ts'

const feature = (bbox: Feature['bbox']): Feature => ({ id: 0, kind: 'flash', shape: { type: 'circle', cx: 0, cy: 0, diameter: 2 }, polarity: 'dark', bbox, source: { file: 'f', line: 1 } })

describe('fuzz oracle', () => {
  it('passes a sane result and a clear InputError/LimitError', () => {
    expect(guarded(() => ({ features: [feature([-1, -1, 1, 1])] }))).toEqual({ ok: true, features: 1 })
    const input = guarded(() => { throw new InputError('f', 3, 'bad') })
    expect(input.ok === false && input.error.line).toBe(3)
    expect(guarded(() => { throw new LimitError('f', 0, 'too many') }).ok).toBe(false)
  })

  it('fails any other exception, a NaN or beyond-2^53 bbox, and a non-finite shape', () => {
    expect(() => guarded(() => { throw new TypeError('x is undefined') })).toThrow(TypeError)
    expect(() => guarded(() => ({ features: [feature([NaN, 0, 1, 1])] }))).toThrow(/bad bbox/)
    expect(() => guarded(() => ({ features: [feature([-(2 ** 54), 0, 1, 1])] }))).toThrow(/bad bbox/)
    expect(() => guarded(() => ({ features: [feature([2, 0, 1, 1])] }))).toThrow(/bad bbox/)
    expect(() => guarded(() => ({ features: [{ ...feature([0, 0, 1, 1]), shape: { type: 'circle', cx: Infinity, cy: 0, diameter: 1 } }] }))).toThrow(/non-finite shape/)
  })

  it('fails a promise that never settles', async () => {
    await expect(guardedAsync(() => new Promise(() => {}))).rejects.toThrow(/did not settle/)
  }, 10_000)

  it('splits FUZZ_RUNS (default 10 200) by share', () => {
    const saved = process.env['FUZZ_RUNS']
    delete process.env['FUZZ_RUNS']
    expect(runsFor(0.5) + runsFor(0.4) + runsFor(0.1)).toBe(10_200)
    process.env['FUZZ_RUNS'] = '100000'
    expect(runsFor(0.5) + runsFor(0.4) + runsFor(0.1)).toBe(100_000)
    if (saved === undefined) delete process.env['FUZZ_RUNS']
    else process.env['FUZZ_RUNS'] = saved
  })
})

describe('mutators', () => {
  const seed = 'G04 a*\nX100Y200D03*\nM02*'
  it('apply each kind of change where asked', () => {
    expect(applyMutations(seed, [{ op: 'flip', at: 0, char: '%' }])).toBe('%04 a*\nX100Y200D03*\nM02*')
    expect(applyMutations(seed, [{ op: 'cut', line: 1, keep: 4 }])).toBe('G04 a*\nX100\nM02*')
    expect(applyMutations(seed, [{ op: 'drop', line: 0 }])).toBe('X100Y200D03*\nM02*')
    expect(applyMutations(seed, [{ op: 'number', nth: 2, value: '1e309' }])).toBe('G04 a*\nX100Y1e309D03*\nM02*')
    expect(applyMutations(seed, [{ op: 'swap', a: 0, b: 2 }])).toBe('M02*\nX100Y200D03*\nG04 a*')
    expect(applyMutations(seed, [{ op: 'duplicate', line: 1, times: 2 }])).toBe('G04 a*\nX100Y200D03*\nX100Y200D03*\nX100Y200D03*\nM02*')
    // line numbers wrap around the line count: 4 of 3 lines is line 1
    expect(applyMutations(seed, [{ op: 'insert', line: 4, text: '%SR*%' }])).toBe('G04 a*\n%SR*%\nX100Y200D03*\nM02*')
  })
})

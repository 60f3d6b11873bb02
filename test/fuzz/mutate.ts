// Mutations of a text input, as fast-check arbitraries: bytes flipped, lines cut, numbers blown up,
// lines reordered and duplicated, huge repeat counts and deep nesting spliced in. Each mutation is a
// plain value (shown when a case fails) applied by `applyMutations`, so a shrunk counterexample reads.

import fc from 'fast-check'

export type Mutation =
  | { op: 'flip'; at: number; char: string }
  | { op: 'cut'; line: number; keep: number }
  | { op: 'drop'; line: number }
  | { op: 'number'; nth: number; value: string }
  | { op: 'swap'; a: number; b: number }
  | { op: 'duplicate'; line: number; times: number }
  | { op: 'insert'; line: number; text: string }

/** Characters that mean something to one of the readers, and some that mean nothing to any. */
const INTERESTING = ['%', '*', '\n', '\r', ',', '.', '-', '+', 'X', 'Y', 'I', 'J', 'D', 'G', 'M', 'T', 'C', '$', '=', '(', ')', 'x', '/', ';', '{', '}', '"', '#', '@', '&', '\0', '\u0007', '\ufffd', 'é', '\u202e', ' ']

/** Numbers that break naive arithmetic: overflow, underflow, exponent notation, NaN spelled out. */
const BAD_NUMBERS = ['0', '-0', '999999999999999999999', '1e309', '-1e309', '1e-400', 'NaN', 'Infinity', '9'.repeat(400), '.', '-', '00000000000000000001', '2147483648', '4294967296', '9007199254740993', '0.0000001', '1e6', '100000']

export interface SpliceSet {
  /** Lines that make the reader expand a lot (step and repeat, repeat codes). */
  huge: string[]
  /** Lines that nest deeply (block apertures, macro expressions, symbols). */
  deep: string[]
}

export function mutationArbitrary(splices: SpliceSet): fc.Arbitrary<Mutation> {
  const line = fc.nat({ max: 400 })
  return fc.oneof(
    fc.record({ op: fc.constant('flip' as const), at: fc.nat({ max: 4000 }), char: fc.oneof(fc.constantFrom(...INTERESTING), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) }),
    fc.record({ op: fc.constant('cut' as const), line, keep: fc.nat({ max: 60 }) }),
    fc.record({ op: fc.constant('drop' as const), line }),
    fc.record({ op: fc.constant('number' as const), nth: fc.nat({ max: 300 }), value: fc.oneof(fc.constantFrom(...BAD_NUMBERS), fc.integer().map(String), fc.double().map(String)) }),
    fc.record({ op: fc.constant('swap' as const), a: line, b: line }),
    fc.record({ op: fc.constant('duplicate' as const), line, times: fc.integer({ min: 1, max: 50 }) }),
    fc.record({ op: fc.constant('insert' as const), line, text: fc.oneof(fc.constantFrom(...splices.huge, ...splices.deep), fc.string({ maxLength: 40 })) }),
  )
}

export function applyMutations(seed: string, mutations: readonly Mutation[]): string {
  let text = seed
  for (const m of mutations) text = applyOne(text, m)
  return text
}

function applyOne(text: string, m: Mutation): string {
  const lines = text.split('\n')
  const at = (n: number) => (lines.length === 0 ? 0 : n % lines.length)
  switch (m.op) {
    case 'flip': {
      if (text.length === 0) return m.char
      const i = m.at % text.length
      return text.slice(0, i) + m.char + text.slice(i + 1)
    }
    case 'cut': lines[at(m.line)] = lines[at(m.line)]!.slice(0, m.keep); break
    case 'drop': lines.splice(at(m.line), 1); break
    case 'number': {
      let n = 0
      return text.replace(/\d+(\.\d+)?/g, (found) => (n++ === m.nth ? m.value : found))
    }
    case 'swap': {
      const a = at(m.a), b = at(m.b)
      ;[lines[a], lines[b]] = [lines[b]!, lines[a]!]
      break
    }
    case 'duplicate': lines.splice(at(m.line), 0, ...Array<string>(m.times).fill(lines[at(m.line)]!)); break
    case 'insert': lines.splice(at(m.line), 0, m.text); break
  }
  return lines.join('\n')
}

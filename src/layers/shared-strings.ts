// A layer's strings (file names, aperture functions, components, pins, nets) in shared memory, as its
// features are: a worker thread is handed the table, not a copy of it. A 1 M-bump copper layer holds
// 250 k distinct pins; posting them as a string array cloned them into every worker with every batch
// (18–140 ms each way here). Each thread decodes a string the first time it reads it, and keeps it.

/** String k is the UTF-16 code units chars[starts[k] … starts[k + 1] − 1]. */
export interface SharedStrings {
  chars: Uint16Array
  starts: Int32Array
}

// decoded strings per table, by its `starts` view (a thread that receives a table gets its own views):
// the last table asked is kept at hand, as a feature's strings are mostly read layer by layer
const decodedTables = new WeakMap<Int32Array, (string | undefined)[]>()
let lastStarts: Int32Array | undefined
let lastDecoded: (string | undefined)[] = []

/** The strings in one shared table; this thread reads them back from `strings` without decoding. */
export function shareStrings(strings: readonly string[]): SharedStrings {
  let length = 0
  for (const s of strings) length += s.length
  const chars = new Uint16Array(new SharedArrayBuffer(2 * length))
  const starts = new Int32Array(new SharedArrayBuffer(4 * (strings.length + 1)))
  let at = 0
  for (let k = 0; k < strings.length; k++) {
    const s = strings[k]!
    starts[k] = at
    for (let c = 0; c < s.length; c++) chars[at++] = s.charCodeAt(c)
  }
  starts[strings.length] = at
  decodedTables.set(starts, strings.slice())
  return { chars, starts }
}

export function stringCount(strings: SharedStrings): number {
  return strings.starts.length - 1
}

/** String k of the table. */
export function stringAt(strings: SharedStrings, k: number): string {
  if (strings.starts !== lastStarts) {
    lastStarts = strings.starts
    let decoded = decodedTables.get(lastStarts)
    if (decoded === undefined) decodedTables.set(lastStarts, (decoded = []))
    lastDecoded = decoded
  }
  return lastDecoded[k] ?? (lastDecoded[k] = decode(strings, k))
}

/** Whether string i of one table and string j of another (or the same) are the same string, unit by unit, decoding neither. */
export function sameString(x: SharedStrings, i: number, y: SharedStrings, j: number): boolean {
  const from = x.starts[i]!, length = x.starts[i + 1]! - from, at = y.starts[j]!
  if (y.starts[j + 1]! - at !== length) return false
  if (x.chars === y.chars && from === at) return true
  for (let c = 0; c < length; c++) if (x.chars[from + c] !== y.chars[at + c]) return false
  return true
}

/** Every string of the table, in order (tests, and readers that list them): this thread's decoded list, read only. */
export function allStrings(strings: SharedStrings): readonly string[] {
  const count = stringCount(strings)
  for (let k = 0; k < count; k++) stringAt(strings, k)
  return lastDecoded.length === count ? lastDecoded as string[] : lastDecoded.slice(0, count) as string[]
}

// code unit by code unit, so that a lone surrogate comes back as it went in (a UTF-16 decoder would
// replace it); in slices, as fromCharCode takes its units as arguments
const SLICE = 4096

function decode({ chars, starts }: SharedStrings, k: number): string {
  const from = starts[k]!, to = starts[k + 1]!
  let out = ''
  for (let at = from; at < to; at += SLICE) out += String.fromCharCode(...chars.subarray(at, Math.min(to, at + SLICE)))
  return out
}

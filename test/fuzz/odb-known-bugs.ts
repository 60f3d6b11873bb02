// ODB++ reader failures already found and saved under test/regressions/odb/ but not yet fixed (the reader
// is another engineer's). The ODB++ fuzzer steps over these so that it keeps finding new ones; add an
// entry (with its regression file) when a bug is reported, delete it when its regression test passes.
// Empty: the five found so far (test/regressions/odb/) are fixed.

export interface KnownBug {
  regression: string
  matches(message: string): boolean
}

export const KNOWN_ODB_BUGS: KnownBug[] = []

export function knownOdbBug(error: unknown): KnownBug | undefined {
  const message = String(error)
  return KNOWN_ODB_BUGS.find((bug) => bug.matches(message))
}

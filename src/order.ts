// Deterministic ordering shared by every stage: reports must be the same bytes on every machine.

/** Code-unit order, independent of the machine's locale (unlike localeCompare). */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

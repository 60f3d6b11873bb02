// A deterministic features file (mm job): a 60 × 60 grid of 0.3 mm round pads at 0.5 mm pitch and a
// line per row, long enough that unix compress climbs through 9..16-bit codes. fixtures/odb/compress
// holds this text compressed by ncompress 4.2.4 (`compress -c`).

export const GRID = { n: 60, pitchMm: 0.5, padUm: 300, lineUm: 100 }

export function gridFeatures(): string {
  const lines = ['UNITS=MM', '#', '#Feature symbol names', '#', `$0 r${GRID.padUm}`, `$1 r${GRID.lineUm}`, '#', '#Layer features', '#']
  for (let j = 0; j < GRID.n; j++) {
    for (let i = 0; i < GRID.n; i++) lines.push(`P ${(i * GRID.pitchMm).toFixed(3)} ${(j * GRID.pitchMm).toFixed(3)} 0 P 0 0;;ID=${j * GRID.n + i}`)
    lines.push(`L 0 ${(j * GRID.pitchMm + 0.25).toFixed(3)} ${((GRID.n - 1) * GRID.pitchMm).toFixed(3)} ${(j * GRID.pitchMm + 0.25).toFixed(3)} 1 P 0`)
  }
  return lines.join('\n') + '\n'
}

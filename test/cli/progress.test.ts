// Progress over the whole run (issue 15 item 5): reading in bytes, deriving, each rule; on a terminal
// only, never with --quiet, and within any terminal width.
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generate } from '../../bench/gen.ts'
import { lineWidth, progressBar, progressLine, stageText } from '../../src/cli/progress.ts'

const WIDTHS = [0, 1, 2, 3, 10, 20, 40, 80, 200, -5, Number.NaN, 2.5, undefined]
const EVENTS = [
  { stage: 'read', done: 3_000_000, total: 4_300_000 },
  { stage: 'derive', done: 0, total: 1 },
  { stage: 'deposit-printability (bottom)', done: 9, total: 18 },
  { stage: 'odd', done: 9, total: 0 },
]

/** A terminal-like stream that records what is written. */
function fakeTerminal(columns: number | undefined) {
  const writes: string[] = []
  const stream = { isTTY: true, columns, write: (text: string) => (writes.push(text), true) } as unknown as NodeJS.WriteStream
  return { stream, writes }
}

/** Run `body` with the clock moved on by a minute after the bar is made, so that it draws at once. */
function withLateClock<T>(make: () => T, body: (value: T) => void): void {
  const now = Date.now
  const value = make()
  Date.now = () => now() + 60_000
  try {
    body(value)
  } finally {
    Date.now = now
  }
}

describe('the progress line', () => {
  it('says bytes while reading, then deriving, then the rule and its count', () => {
    expect(EVENTS.map(stageText)).toEqual(['reading 3.0/4.3 MB', 'deriving layers', 'rule 9/18 deposit-printability (bottom)', 'rule 9/0 odd'])
    expect(stageText({ stage: 'read', done: 123_456_789, total: 987_654_321 })).toBe('reading 123/988 MB')
    expect(stageText({ stage: 'read', done: 0, total: 0 })).toBe('reading') // a tiled run reads in its workers: no byte count
  })

  it('fits every width, 0 columns (taken as 80) and nonsense included, on one line', () => {
    for (const columns of WIDTHS) {
      for (const event of EVENTS) {
        const line = progressLine(event, columns)
        expect(line.length, `${columns} columns`).toBeLessThanOrEqual(lineWidth(columns))
        expect(line).not.toMatch(/[\n\r]/)
      }
    }
    expect(lineWidth(0)).toBe(79)
    expect(progressLine(EVENTS[0]!, 80)).toBe(`${'█'.repeat(17)}${'░'.repeat(7)} reading 3.0/4.3 MB`)
    // narrow: the bar shrinks, then goes, before the words are cut
    expect(progressLine(EVENTS[0]!, 26)).toBe(`${'█'.repeat(4)}${'░'.repeat(2)} reading 3.0/4.3 MB`)
    expect(progressLine(EVENTS[0]!, 12)).toBe('reading 3.0')
  })
})

describe('the progress bar', () => {
  it('draws on a terminal of any width and clears its line when done', () => {
    for (const columns of WIDTHS) {
      const { stream, writes } = fakeTerminal(columns)
      withLateClock(() => progressBar(stream), (bar) => {
        for (const event of EVENTS) bar.update(event)
        bar.done()
      })
      const all = writes.join('')
      expect(all).not.toContain('\n')
      if (lineWidth(columns) >= 20) expect(all).toContain('reading')
      expect(all).toContain('deriving layers'.slice(0, Math.min(15, lineWidth(columns))))
      expect(all).toMatch(/\x1b\[2K$|\x1b\[1G\x1b\[2K/) // the line is cleared at the end
    }
  })

  it('is silent when the stream is not a terminal, with --quiet, and for a run shorter than a moment', () => {
    const pipe = fakeTerminal(80)
    ;(pipe.stream as { isTTY: boolean }).isTTY = false
    const quiet = fakeTerminal(80)
    withLateClock(() => [progressBar(pipe.stream), progressBar(quiet.stream, { quiet: true })], (bars) => {
      for (const bar of bars) for (const event of EVENTS) bar.update(event)
      for (const bar of bars) bar.done()
    })
    expect([pipe.writes, quiet.writes]).toEqual([[], []])
    const quick = fakeTerminal(80)
    const bar = progressBar(quick.stream)
    for (const event of EVENTS) bar.update(event)
    bar.done()
    expect(quick.writes).toEqual([])
  })
})

describe('progress through the real CLI', { timeout: 180_000 }, () => {
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0
  const board = hasScript ? generate({ out: join(mkdtempSync(join(tmpdir(), 'bumpcheck-progress-')), 'board'), bumps: 100_000, seed: 1, dies: 4, defects: 0 }).dir : ''

  /** The check on a pty of `columns` columns; what the terminal got, escapes and all. */
  const onPty = (columns: number, ...flags: string[]) => {
    const out = join(mkdtempSync(join(tmpdir(), 'bumpcheck-progress-')), 'r.json')
    // drawn from the first event: a fast machine reads the board within the usual 400 ms delay
    const command = `stty cols ${columns} rows 0; BUMPCHECK_PROGRESS_DELAY_MS=0 "${process.execPath}" ${resolve('bin/bumpcheck.js')} check ${board} -c flip-chip-substrate -f json -o ${out} ${flags.join(' ')}; echo "exit=$?"`
    return spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 120_000 }).stdout
  }

  it.skipIf(!hasScript)('on a terminal: reading in MB, deriving, then the rules; the line cleared before the summary', () => {
    const screen = onPty(100)
    expect(screen).toMatch(/reading \d+\.\d\/\d+\.\d MB/)
    expect(screen).toContain('deriving layers')
    expect(screen).toMatch(/rule \d+\/10 [a-z-]+ \((top|bottom|process)\)/) // redraws are throttled: which rules show varies
    expect(screen).toMatch(/\x1b\[2Kbumpcheck: PASS: 0 errors/)
    expect(screen).toMatch(/exit=0/)
  })

  it.skipIf(!hasScript)('on a terminal of 0 and of 1 column: the run ends as usual', () => {
    for (const columns of [0, 1]) {
      const screen = onPty(columns)
      expect(screen).not.toMatch(/RangeError|internal error/)
      expect(screen).toMatch(/exit=0/)
    }
  })

  it.skipIf(!hasScript)('with --quiet, or with stderr not a terminal: nothing', () => {
    const quiet = onPty(100, '--quiet')
    expect(quiet).not.toMatch(/reading|rule \d|█/)
    expect(quiet.trim()).toBe('exit=0')
    const piped = onPty(100, '2>/dev/null')
    expect(piped.trim()).toBe('exit=0')
    const direct = spawnSync(process.execPath, ['bin/bumpcheck.js', 'check', board, '-c', 'flip-chip-substrate', '-f', 'json', '-o', join(mkdtempSync(join(tmpdir(), 'bumpcheck-progress-')), 'r.json')], { encoding: 'utf8' })
    expect(direct.stderr).toBe('bumpcheck: PASS: 0 errors, 0 warnings, 0 waived\n')
  })
})

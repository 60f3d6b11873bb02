// A progress bar on stderr, only when stderr is a terminal and the run takes more than a moment.

const DELAY_MS = 400
const WIDTH = 24

export interface Progress {
  update: (p: { stage: string; done: number; total: number }) => void
  done: () => void
}

/** Usable line width: a terminal may report 0 (or nonsense) columns, e.g. a serial console or a pty never sized. */
function lineWidth(stream: NodeJS.WriteStream): number {
  const columns = stream.columns
  return typeof columns === 'number' && Number.isInteger(columns) && columns >= 2 ? columns - 1 : DEFAULT_COLUMNS - 1
}

const DEFAULT_COLUMNS = 80

export function progressBar(stream: NodeJS.WriteStream): Progress {
  const started = Date.now()
  let drawn = false
  if (!stream.isTTY) return { update: () => {}, done: () => {} }
  return {
    update({ stage, done, total }) {
      if (Date.now() - started < DELAY_MS) return
      const ratio = total > 0 && done > 0 ? Math.min(done, total) / total : 0
      const filled = Math.max(0, Math.min(WIDTH, Math.round(WIDTH * ratio)))
      const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled)
      const width = lineWidth(stream)
      stream.write(`\r${`${bar} ${done}/${total} ${stage}`.slice(0, width).padEnd(width)}`)
      drawn = true
    },
    done() {
      if (drawn) stream.write(`\r${' '.repeat(lineWidth(stream))}\r`)
    },
  }
}

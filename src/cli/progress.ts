// A progress bar on stderr, only when stderr is a terminal and the run takes more than a moment.

const DELAY_MS = 400
const WIDTH = 24

export interface Progress {
  update: (p: { stage: string; done: number; total: number }) => void
  done: () => void
}

export function progressBar(stream: NodeJS.WriteStream): Progress {
  const started = Date.now()
  let drawn = false
  if (!stream.isTTY) return { update: () => {}, done: () => {} }
  return {
    update({ stage, done, total }) {
      if (Date.now() - started < DELAY_MS) return
      const filled = total > 0 ? Math.round((WIDTH * Math.min(done, total)) / total) : 0
      const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled)
      stream.write(`\r${bar} ${done}/${total} ${stage}`.slice(0, (stream.columns ?? 80) - 1).padEnd((stream.columns ?? 80) - 1))
      drawn = true
    },
    done() {
      if (drawn) stream.write(`\r${' '.repeat((stream.columns ?? 80) - 1)}\r`)
    },
  }
}

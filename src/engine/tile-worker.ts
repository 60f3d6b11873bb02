// A worker thread of a parallel run (src/engine/parallel.ts). It is sent each batch of tasks whole,
// with a shared counter, and claims task after task from the counter until none is left: the
// threads (the starting one included) share a batch's work without a dispatcher to wait for.

import { parentPort, workerData } from 'node:worker_threads'
import { checkModules, claims, performTask } from './thread-task.ts'
import type { Batch, WorkerData, WorkerMessage } from './parallel.ts'

const post = (message: WorkerMessage) => parentPort!.postMessage(message)

parentPort!.on('message', async ({ id, tasks, next }: Batch) => {
  for (const index of claims(next, tasks.length)) {
    try {
      const result = await performTask(tasks[index]!, { onRule: (rule, side) => post({ type: 'progress', batch: id, rule, side }) })
      post({ type: 'done', batch: id, index, result })
    } catch (error) {
      const e = error as Error & { path?: string }
      post({ type: 'failed', batch: id, error: { name: e.name, message: e.message, ...(e.stack && { stack: e.stack }), ...(e.path !== undefined && { path: e.path }) } })
      return
    }
  }
  // nothing left to claim: while the starting thread plans the tiles, load what checking them needs
  // (a registry that fails to load fails the check task that names it, with its own error)
  if (tasks.every((task) => task.type === 'read')) void checkModules((workerData as WorkerData).registry).catch(() => undefined)
})

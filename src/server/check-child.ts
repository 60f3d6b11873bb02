// The check process: the server runs each check here, one at a time, so a check blocked in a read the
// core cannot interrupt (a FIFO, a stalled mount) can be killed without killing the server.

import { check } from '../index.ts'
import { DEFAULT_LIMITS } from '../errors.ts'
import type { RunResult } from '../engine/run.ts'
import { BoundedLayerCache } from './layer-cache.ts'
import { serializeError, type ChildReply, type ChildRequest } from './check-process.ts'

/**
 * Parsed layers, at most the given number of files and a quarter of the memory a read may take
 * (--max-memory's default, half the RAM up to V8's heap): a 1 M-bump board's packed layers are ~0.4 GB.
 */
const cache = new BoundedLayerCache(Number(process.argv[2] ?? 64), DEFAULT_LIMITS.maxMemory / 4)
/**
 * Tile results of recent checks (src/engine/tile-key.ts): a re-check after a local edit checks only
 * the tiles it changed. 256 covers a few revisions of a board cut into the 16 tiles a cached run aims for.
 */
const tileResults = new BoundedLayerCache<RunResult>(256)
let controller: AbortController | undefined

function reply(message: ChildReply): void {
  process.send!(message)
}

async function run(message: Extract<ChildRequest, { type: 'check' }>): Promise<void> {
  controller = new AbortController()
  try {
    const report = await check(message.inputs, {
      ...message.options,
      signal: controller.signal,
      layerCache: cache,
      tileCache: tileResults,
      onProgress: (progress) => reply({ type: 'progress', progress }),
    })
    reply({ type: 'done', report })
  } catch (error) {
    reply({ type: 'error', error: serializeError(error) })
  } finally {
    controller = undefined
  }
}

process.on('message', (message: ChildRequest) => {
  if (message.type === 'check') void run(message)
  else if (message.type === 'cancel') controller?.abort()
  else if (message.type === 'stats') reply({ type: 'stats', layerCache: cache.stats(), memoryUsage: process.memoryUsage() })
})
// the server has gone (or closed the channel): nothing is left to answer
// SIGKILL, not exit(): exit waits for libuv's threads, and one may be blocked in that read for good
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'))

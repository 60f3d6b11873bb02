// The small files a run is configured by (a deck and the decks it extends, waivers, a layer mapping),
// read as hostile input like the layers: never a device or socket, never more than the byte cap. A
// pipe is fine, since `--waivers <(…)` is one, but it is read without blocking the open, so a FIFO
// nobody writes to reads as empty instead of hanging the run.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { DEFAULT_LIMITS, InputError, LimitError } from '../errors.ts'
import { specialKind } from './source.ts'

const CHUNK_BYTES = 1 << 16
/** How long to wait for a pipe's writer between reads that find nothing yet. */
const PIPE_WAIT_MS = 5
const sleeper = new Int32Array(new SharedArrayBuffer(4))

/**
 * The text of a configuration file. A device, socket or folder, or a file over the cap, is an
 * InputError naming the file and the cause; a system error (ENOENT, EACCES …) is thrown as it is, for
 * the caller to word with its flag.
 */
export function readFlagFileText(path: string, maxBytes: number = DEFAULT_LIMITS.maxFileBytes): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const info = fstatSync(fd)
    if (info.isDirectory()) throw new InputError(path, 0, 'cannot read: it is a folder')
    if (!info.isFile() && !info.isFIFO()) throw new InputError(path, 0, `${specialKind(info)}, not a file: not read`)
    if (info.size > maxBytes) throw tooLarge(path, `${info.size} bytes`, maxBytes)
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes - total + 1))
      let bytesRead: number
      try {
        bytesRead = readSync(fd, chunk, 0, chunk.length, null)
      } catch (error) {
        // a pipe whose writer has not written yet
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
        Atomics.wait(sleeper, 0, 0, PIPE_WAIT_MS)
        continue
      }
      if (bytesRead === 0) break
      total += bytesRead
      if (total > maxBytes) throw tooLarge(path, `more than ${maxBytes} bytes`, maxBytes)
      chunks.push(chunk.subarray(0, bytesRead))
    }
    return Buffer.concat(chunks, total).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

function tooLarge(path: string, size: string, maxBytes: number): LimitError {
  return new LimitError(path, 0, `the file is ${size}, over the ${maxBytes}-byte limit on one input file`, 'maxFileBytes')
}

// File-system, terminal and pipe problems as one line each (exit 2), checked before the run where possible.

import { accessSync, constants, mkdirSync, statSync, type Stats } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { ConfigError, InputError } from '../errors.ts'
import { readFlagFileText } from '../ingest/flag-file.ts'
import { visibleText } from '../reporters/format.ts'

/** What the OS said, in words a user acts on; the errno code stays in brackets for searching. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EAGAIN: 'would block',
  EBUSY: 'busy',
  EINVAL: 'invalid argument',
  EPIPE: 'the reader closed the pipe',
}

/** A Node system error (fs, tty, pipe): has an errno code such as ENOENT and usually a syscall. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((error as NodeJS.ErrnoException).code!)
    && (typeof (error as NodeJS.ErrnoException).syscall === 'string' || typeof (error as NodeJS.ErrnoException).errno === 'number')
}

export function systemReason(error: NodeJS.ErrnoException): string {
  const code = error.code ?? 'error'
  return REASONS[code] !== undefined ? `${REASONS[code]} (${code})` : code
}

/** `cannot open /x/y: no such file or folder (ENOENT)`, for any system error. */
export function describeSystemError(error: NodeJS.ErrnoException): string {
  const what = error.syscall === undefined ? 'use' : error.syscall === 'mkdir' ? 'create folder' : error.syscall
  const path = error.path === undefined ? '' : ` ${error.path}`
  return `cannot ${what}${path}: ${systemReason(error)}`
}

/** Text for the terminal: control characters and ANSI escapes from file names shown, never obeyed; one line. */
export function terminalText(text: string): string {
  return visibleText(text)
}

/** Read a file named by a flag, or throw a one-line ConfigError naming the flag and the file. */
export function readFlagFile(flag: string, file: string, maxBytes?: number): string {
  try {
    return readFlagFileText(file, maxBytes)
  } catch (error) {
    if (isSystemError(error)) throw new ConfigError(`${flag} ${file}: cannot read: ${systemReason(error)}`)
    if (error instanceof InputError) throw new ConfigError(`${flag} ${file}: ${error.what}`)
    throw error
  }
}

/**
 * A flag's file must not be a folder (a pipe such as `<(…)` is fine): refused before the run, naming
 * the flag. A missing path is left to the loader, which knows what else the name could be (a preset).
 */
export function refuseFolder(flag: string, file: string): void {
  let stats: Stats | undefined
  try {
    stats = statOrUndefined(file)
  } catch (error) {
    if (isSystemError(error)) throw new ConfigError(`${flag} ${file}: cannot read: ${systemReason(error)}`)
    throw error
  }
  if (stats?.isDirectory()) throw new ConfigError(`${flag} ${file}: cannot read: it is a folder`)
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch (error) {
    if (isSystemError(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return undefined
    throw error
  }
}

/**
 * Make sure a report can be written at `path` before the run: create the missing folders one at a
 * time and check the nearest existing one is a writable folder. One level at a time, because Node's
 * `mkdirSync(…, { recursive: true })` retries forever under /proc (mkdir there answers ENOENT for a
 * parent that exists): `-o /proc/nope/x.txt` spun at full CPU for minutes.
 */
export function prepareOutput(flag: string, path: string): void {
  const fail = (what: string): never => {
    throw new ConfigError(`${flag} ${path}: ${what}`)
  }
  try {
    if (path === '') fail('needs a file name')
    const target = resolve(path)
    const existing = statOrUndefined(target)
    if (existing?.isDirectory()) fail('is a folder; give a file name')
    if (existing !== undefined) {
      accessSync(target, constants.W_OK)
      return
    }
    // walk up to the nearest path that exists; every missing level is created below it
    const missing: string[] = []
    let folder = dirname(target)
    let stats = statOrUndefined(folder)
    while (stats === undefined) {
      missing.unshift(folder)
      const parent = dirname(folder)
      if (parent === folder) fail('no folder of the path exists')
      folder = parent
      stats = statOrUndefined(folder)
    }
    if (!stats.isDirectory()) fail(`${folder} is a file, not a folder`)
    accessSync(folder, constants.W_OK)
    for (const level of missing) mkdirSync(level)
  } catch (error) {
    if (isSystemError(error)) fail(describeSystemError(error))
    throw error
  }
}

// Archive entry names → safe job-relative paths. An entry that could land outside the job is refused,
// never "cleaned", so a hostile archive cannot smuggle a file past the check by spelling.

import { InputError } from '../../errors.ts'

/**
 * The '/'-separated relative path of an archive entry, or `undefined` for the archive root itself.
 * Refuses absolute paths, drive letters, UNC names and any `..` segment.
 */
export function safeEntryName(archive: string, raw: string): string | undefined {
  const name = raw.replace(/\\/g, '/')
  if (name.includes('\0')) throw new InputError(archive, 0, `archive entry name contains a NUL byte: ${JSON.stringify(raw)}; refusing the archive`)
  if (name.startsWith('/')) throw new InputError(archive, 0, `archive entry "${raw}" has an absolute path; refusing the archive (unpack it yourself and check it)`)
  if (/^[a-zA-Z]:/.test(name)) throw new InputError(archive, 0, `archive entry "${raw}" starts with a drive letter; refusing the archive`)
  const parts: string[] = []
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') throw new InputError(archive, 0, `archive entry "${raw}" climbs out of the job with ".."; refusing the archive`)
    parts.push(part)
  }
  return parts.length === 0 ? undefined : parts.join('/')
}

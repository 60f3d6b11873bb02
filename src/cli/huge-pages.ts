// A large check asks glibc for transparent huge pages. A check's memory is mostly large typed arrays
// and file buffers written once (the packed layers' columns: 32–44 bytes a feature, ~110 MB at a million bumps),
// and on a virtual machine the first touch of each 4 KB page is a fault costing ~3.5–4.6 ms per MB
// (bench/RESULTS.md). With THP in `madvise` mode (Ubuntu's and Debian's default) glibc ≥ 2.35 asks
// for 2 MB pages on its large mappings only when GLIBC_TUNABLES says so, and glibc reads it at
// process start: so the command starts itself again with it. Measured on the 1 M-bump substrate
// (92 MB): 10.0 → 7.9–8.6 s; at 250 k bumps (22 MB) 2.12–2.98 → 1.86–2.24 s; at 100 k bumps (9 MB)
// 1.45–1.55 → 1.40–1.54 s, no more than the second start costs (~0.1 s): hence the size floor.
// Elsewhere (musl, macOS, Windows, THP off) the setting is ignored or absent, and nothing is started
// twice.

import { readdirSync, statSync, type Stats } from 'node:fs'
import { join } from 'node:path'

/** Inputs at least this large are checked with huge pages (the 100 k-bump substrate is 9 MB and gains nothing, the 250 k one 22 MB and gains ~0.25 s). */
export const HUGE_PAGE_INPUT_BYTES = 16 * 1024 * 1024

const TUNABLE = 'glibc.malloc.hugetlb=1'

/**
 * The environment to run this command again with, or null to run it here: a `check` on Linux whose
 * existing inputs (files, and the files directly in folders) reach HUGE_PAGE_INPUT_BYTES, when the
 * environment does not set the tunable already (the second start sees it, and runs here).
 */
export function hugePageEnvironment(argv: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform): NodeJS.ProcessEnv | null {
  if (platform !== 'linux' || argv[0] !== 'check' || env.GLIBC_TUNABLES?.includes('glibc.malloc.hugetlb') === true) return null
  if (inputBytes(argv.slice(1)) < HUGE_PAGE_INPUT_BYTES) return null
  return withHugePages(env)
}

/**
 * `env` with the huge-page tunable added to any tunables it has (those it sets win: a
 * `glibc.malloc.hugetlb` of its own is kept). The server's check process starts with it whatever
 * the board: it is a process of its own anyway, holding layers of any size for the session.
 */
export function withHugePages(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const tunables = env.GLIBC_TUNABLES
  if (tunables?.includes('glibc.malloc.hugetlb') === true) return env
  return { ...env, GLIBC_TUNABLES: tunables ? `${tunables}:${TUNABLE}` : TUNABLE }
}

/** Bytes of the arguments that name files or folders (a flag's value counts too: it only decides how to start). */
function inputBytes(args: readonly string[]): number {
  let total = 0
  for (const arg of args) {
    if (arg.startsWith('-')) continue
    const stat = safeStat(arg)
    if (stat?.isFile()) total += stat.size
    else if (stat?.isDirectory()) {
      for (const entry of safeList(arg)) total += safeStat(join(arg, entry))?.size ?? 0
    }
    if (total >= HUGE_PAGE_INPUT_BYTES) break
  }
  return total
}

// unreadable: the check itself says so, with its exit 2
function safeStat(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false })
  } catch {
    return undefined
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

// When the command starts itself again with glibc's huge pages: a Linux check of 16 MB or more of
// input that does not ask for them already. (test/package runs the installed command through it.)
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HUGE_PAGE_INPUT_BYTES, hugePageEnvironment, withHugePages } from '../../src/cli/huge-pages.ts'

describe('hugePageEnvironment', () => {
  let dir: string
  let big: string
  let small: string
  let folder: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bumpcheck-huge-'))
    // sparse files: their size is what counts, and they take no disk
    big = join(dir, 'big.gbr')
    writeFileSync(big, '')
    truncateSync(big, HUGE_PAGE_INPUT_BYTES)
    small = join(dir, 'small.gbr')
    writeFileSync(small, '')
    truncateSync(small, HUGE_PAGE_INPUT_BYTES - 1)
    folder = join(dir, 'board')
    mkdirSync(folder)
    for (const name of ['a.gbr', 'b.gbr']) {
      writeFileSync(join(folder, name), '')
      truncateSync(join(folder, name), HUGE_PAGE_INPUT_BYTES / 2)
    }
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('asks for huge pages for a check of 16 MB of files or more, on Linux', () => {
    expect(hugePageEnvironment(['check', big], { PATH: '/bin' }, 'linux')).toEqual({ PATH: '/bin', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' })
    expect(hugePageEnvironment(['check', small], {}, 'linux')).toBeNull()
  })

  it('adds up the files in a folder and every input named', () => {
    expect(hugePageEnvironment(['check', folder, '--deck', 'pcb-bga'], {}, 'linux')?.GLIBC_TUNABLES).toBe('glibc.malloc.hugetlb=1')
    expect(hugePageEnvironment(['check', small, join(folder, 'a.gbr')], {}, 'linux')).not.toBeNull()
  })

  it('keeps tunables already set, and starts no second time once huge pages are asked for', () => {
    expect(hugePageEnvironment(['check', big], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux')?.GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1')
    expect(hugePageEnvironment(['check', big], { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }, 'linux')).toBeNull()
    expect(hugePageEnvironment(['check', big], { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, 'linux')).toBeNull()
  })

  it('runs here for other commands, other systems, and inputs it cannot see', () => {
    expect(hugePageEnvironment(['layers', big], {}, 'linux')).toBeNull()
    expect(hugePageEnvironment(['check', big], {}, 'darwin')).toBeNull()
    expect(hugePageEnvironment(['check', big], {}, 'win32')).toBeNull()
    expect(hugePageEnvironment(['check', join(dir, 'missing.gbr'), '--format', 'json'], {}, 'linux')).toBeNull()
  })

  it('adds the tunable to an environment (the server\'s check process), keeping one it sets', () => {
    expect(withHugePages({ HOME: '/h' })).toEqual({ HOME: '/h', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' })
    expect(withHugePages({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' })).toEqual({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' })
  })
})

// When the command starts itself again with glibc's huge pages: a Linux check of 16 MB or more of
// input that does not ask for them already. (test/package runs the installed command through it.)
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HUGE_PAGE_INPUT_BYTES, largeCheckEnvironment, forLargeCheck } from '../../src/cli/huge-pages.ts'

describe('largeCheckEnvironment', () => {
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
    expect(largeCheckEnvironment(['check', big], { PATH: '/bin' }, 'linux')).toEqual({ PATH: '/bin', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1', NODE_OPTIONS: '--max-semi-space-size=32' })
    expect(largeCheckEnvironment(['check', small], {}, 'linux')).toBeNull()
  })

  it('adds up the files in a folder and every input named', () => {
    expect(largeCheckEnvironment(['check', folder, '--deck', 'pcb-bga'], {}, 'linux')?.GLIBC_TUNABLES).toBe('glibc.malloc.hugetlb=1')
    expect(largeCheckEnvironment(['check', small, join(folder, 'a.gbr')], {}, 'linux')).not.toBeNull()
  })

  it('keeps tunables already set, and starts no second time once huge pages are asked for', () => {
    expect(largeCheckEnvironment(['check', big], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux')?.GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1')
    expect(largeCheckEnvironment(['check', big], { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }, 'linux')).toBeNull()
    expect(largeCheckEnvironment(['check', big], { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, 'linux')).toBeNull()
  })

  it('runs here for other commands, other systems, and inputs it cannot see', () => {
    expect(largeCheckEnvironment(['layers', big], {}, 'linux')).toBeNull()
    expect(largeCheckEnvironment(['check', big], {}, 'darwin')).toBeNull()
    expect(largeCheckEnvironment(['check', big], {}, 'win32')).toBeNull()
    expect(largeCheckEnvironment(['check', join(dir, 'missing.gbr'), '--format', 'json'], {}, 'linux')).toBeNull()
  })

  it('adds the tunable and the young generation to an environment (the server\'s check process), keeping those it sets', () => {
    expect(forLargeCheck({ HOME: '/h' })).toEqual({ HOME: '/h', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1', NODE_OPTIONS: '--max-semi-space-size=32' })
    expect(forLargeCheck({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0', NODE_OPTIONS: '--max-semi-space-size=8' }))
      .toEqual({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0', NODE_OPTIONS: '--max-semi-space-size=8' })
    expect(forLargeCheck({ NODE_OPTIONS: '--require ./probe.cjs' }).NODE_OPTIONS).toBe('--require ./probe.cjs --max-semi-space-size=32')
  })
})

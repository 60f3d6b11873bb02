// Config discovery and --rule parsing (issue 15 item 2): which file a run takes, and what it refuses.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findConfig, parseRuleFlag, searchStart } from '../../src/engine/config.ts'
import { didYouMean, editDistance } from '../../src/engine/deck.ts'
import { ConfigError } from '../../src/errors.ts'

const RULES = ['bump-coplanarity', 'deposit-overhang', 'mask-web', 'pad-deposit', 'via-pitch']

/** repo/.git, repo/boards/a/gerber, and a config outside the repository that must never apply. */
function tree() {
  const outside = mkdtempSync(join(tmpdir(), 'bumpcheck-config-'))
  writeFileSync(join(outside, 'bumpcheck.config.json'), '{}')
  const repo = join(outside, 'repo')
  mkdirSync(join(repo, '.git'), { recursive: true })
  mkdirSync(join(repo, 'boards', 'a', 'gerber'), { recursive: true })
  writeFileSync(join(repo, 'boards', 'a', 'gerber', 'board.gbr'), '')
  return { outside, repo, gerber: join(repo, 'boards', 'a', 'gerber') }
}

describe('config discovery', () => {
  it('finds nothing below the repository root, never the config above it', () => {
    const { gerber } = tree()
    expect(findConfig(gerber)).toBeUndefined()
  })

  it('takes the nearest config from the input folder up, bumpcheck.config.json before .bumpcheckrc.json in one folder', () => {
    const { repo, gerber } = tree()
    writeFileSync(join(repo, '.bumpcheckrc.json'), '{}')
    expect(findConfig(gerber)?.path).toBe(join(repo, '.bumpcheckrc.json'))
    writeFileSync(join(repo, 'boards', 'a', '.bumpcheckrc.json'), '{}')
    expect(findConfig(gerber)?.path).toBe(join(repo, 'boards', 'a', '.bumpcheckrc.json'))
    writeFileSync(join(repo, 'boards', 'a', 'bumpcheck.config.json'), '{}')
    expect(findConfig(gerber)?.path).toBe(join(repo, 'boards', 'a', 'bumpcheck.config.json'))
  })

  it('stops at the file-system root when there is no repository', () => {
    // /tmp holds no .git: the search climbs to / and finds nothing there (no config at the root)
    const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-norepo-'))
    expect(findConfig(dir)).toBeUndefined()
  })

  it('starts from the folder of a file input, and from a folder input itself', () => {
    const { gerber } = tree()
    expect(searchStart(join(gerber, 'board.gbr'))).toBe(gerber)
    expect(searchStart(gerber)).toBe(gerber)
    expect(searchStart(join(gerber, 'missing.gbr'))).toBe(gerber)
  })
})

describe('--rule values', () => {
  it('reads a bare severity and a JSON entry', () => {
    expect(parseRuleFlag('deposit-overhang:off', RULES)).toEqual(['deposit-overhang', 'off'])
    expect(parseRuleFlag('mask-web:["warning",{"minWeb":0.1}]', RULES)).toEqual(['mask-web', ['warning', { minWeb: 0.1 }]])
    expect(parseRuleFlag('via-pitch: "error"', RULES)).toEqual(['via-pitch', 'error'])
  })

  it('refuses an unknown id with the one meant, a missing colon and a value that is neither', () => {
    expect(() => parseRuleFlag('deposit-overhnag:off', RULES)).toThrow('--rule deposit-overhnag: not a known rule; did you mean deposit-overhang?')
    expect(() => parseRuleFlag('zzz:off', RULES)).toThrow(/not a known rule \(known: bump-coplanarity, /)
    expect(() => parseRuleFlag('deposit-overhang', RULES)).toThrow(ConfigError)
    expect(() => parseRuleFlag('mask-web:warn', RULES)).toThrow(/neither a severity \(error, warning, off\) nor JSON/)
  })
})

describe('did you mean', () => {
  it('measures edits (Levenshtein) and takes the closest within 2, or a prefix', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(didYouMean('fromat', ['format', 'fail-on'])).toBe('format')
    expect(didYouMean('max-warn', ['max-warnings', 'max-depth'])).toBe('max-warnings')
    expect(didYouMean('via', RULES)).toBe('via-pitch')
    expect(didYouMean('totally-else', RULES)).toBeUndefined()
  })
})

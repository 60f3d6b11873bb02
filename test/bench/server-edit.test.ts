// The local-edit bench (bench/server.ts edit) moves one pad and its paste: the flash it edits must
// be one site's, once in each file, so the edit moves that pad and nothing else.
import { describe, expect, it } from 'vitest'
import { moveX, sharedFlash } from '../../bench/server.ts'

describe('sharedFlash', () => {
  // 5 lines of 9 characters: the middle (25) falls in line 3, so the search starts at line 4 (offset 27)
  const paste = 'X1Y1D03*\nX2Y1D03*\nX3Y1D03*\nX4Y1D03*\nX5Y1D03*\nM02*\n'

  it('takes the first flash after the middle of the paste file that is once in each file', () => {
    const copper = '%FSLAX46Y46*%\nD10*\nX5Y1D03*\nX4Y1D03*\nM02*\n'
    expect(sharedFlash(copper, paste)).toEqual({ line: 'X4Y1D03*', copperAt: 28, pasteAt: 27 })
  })

  it('skips a flash the copper holds twice (a land under two apertures): the edit would move both', () => {
    const copper = '%FSLAX46Y46*%\nX4Y1D03*\nD11*\nX4Y1D03*\nX5Y1D03*\nM02*\n'
    expect(sharedFlash(copper, paste)).toEqual({ line: 'X5Y1D03*', copperAt: 37, pasteAt: 36 })
  })

  it('throws when no flash after the middle is in the copper', () => {
    expect(() => sharedFlash('%FSLAX46Y46*%\nX1Y1D03*\nM02*\n', paste)).toThrow('no flash line found')
  })
})

describe('moveX', () => {
  it('adds to X in coordinate units and keeps the rest of the line', () => {
    expect(moveX('X14300000Y35100000D03*', 3000)).toBe('X14303000Y35100000D03*')
    expect(moveX('X-500Y0D03*', 3000)).toBe('X2500Y0D03*')
  })
})

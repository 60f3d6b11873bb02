// The Gerber reader reads bytes, decoding only what it keeps as text: the text it keeps must be the
// text a whole-file decode gives, in every encoding a layer file comes in.
import { describe, expect, it } from 'vitest'
import { countByte, isBlank, sourceBytes, textHead } from '../../src/ingest/source-bytes.ts'
import { readGerber } from '../../src/ingest/gerber/index.ts'
import { InputError } from '../../src/errors.ts'

const bytes = (...values: number[]) => new Uint8Array(values)
const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'))

describe('sourceBytes', () => {
  it('reads ASCII byte for byte, short and long slices alike', () => {
    const source = sourceBytes(latin1('%TO.P,U1,A11*%%TO.C,CONNECTOR_LONG_NAME*%'))
    expect(source.text(6, 8)).toBe('U1')
    expect(source.text(9, 12)).toBe('A11')
    expect(source.text(0, 0)).toBe('')
    expect(source.text(20, 39)).toBe('CONNECTOR_LONG_NAME')
  })

  it('reads valid UTF-8 as UTF-8: a slice between ASCII delimiters is that text', () => {
    const source = sourceBytes(new Uint8Array(Buffer.from('%TO.C,Käfer-µ1*%', 'utf8')))
    expect(source.text(6, source.bytes.length - 2)).toBe('Käfer-µ1')
  })

  it('reads bytes that are not UTF-8 as ISO-8859-1, byte for byte, on every Node', () => {
    const source = sourceBytes(bytes(0x47, 0x80, 0xe4, 0x2a))
    expect(source.text(0, 4)).toBe('G\u0080ä*')
    // Node's Buffer 'latin1' is ISO-8859-1 on every version; TextDecoder('latin1') is not (Node 24
    // follows WHATWG and reads 0x80 as '€', windows-1252), so it is not the oracle here
    expect(source.text(0, 4)).toBe(Buffer.from([0x47, 0x80, 0xe4, 0x2a]).toString('latin1'))
  })

  it('takes a string back to bytes that read as that string: Latin-1 when it fits a byte, else UTF-8', () => {
    const fits = sourceBytes('G\u0080ä*')
    expect(fits.bytes).toEqual(bytes(0x47, 0x80, 0xe4, 0x2a))
    expect(fits.text(0, 4)).toBe('G\u0080ä*')
    const wide = sourceBytes('G€*')
    expect(wide.bytes).toEqual(bytes(0x47, 0xe2, 0x82, 0xac, 0x2a))
    expect(wide.text(0, 5)).toBe('G€*')
  })

  it('reads a view into a larger buffer from its own start', () => {
    const source = sourceBytes(bytes(0xe4, 0x47, 0x30, 0x34, 0x2a, 0xe4).subarray(1, 5))
    expect(source.bytes.length).toBe(4)
    expect(source.text(0, 4)).toBe('G04*')
  })
})

describe('textHead', () => {
  it('gives the first characters, not the first bytes, of a UTF-8 file', () => {
    const source = sourceBytes(new Uint8Array(Buffer.from('ääää', 'utf8')))
    expect(textHead(source, 3)).toBe('äää')
    expect(textHead(source, 10)).toBe('ääää')
  })
})

describe('isBlank', () => {
  it('is true of nothing and of ASCII blanks only', () => {
    expect(isBlank(sourceBytes(bytes()))).toBe(true)
    expect(isBlank(sourceBytes(' \t\r\n\v\f'))).toBe(true)
    expect(isBlank(sourceBytes(' \n M02*'))).toBe(false)
  })

  it('tells Unicode blanks (a byte-order mark, a no-break space) by the text, as /^\\s*$/ does', () => {
    expect(isBlank(sourceBytes(new Uint8Array(Buffer.from('\uFEFF \u00A0\n', 'utf8'))))).toBe(true)
    expect(isBlank(sourceBytes(new Uint8Array(Buffer.from('\uFEFF x', 'utf8'))))).toBe(false)
  })
})

describe('the Gerber reader on bytes', () => {
  const gerber = '%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.4*%\n%TO.C,Käfer*%\n%TO.P,Käfer,Ä1*%\nD10*\nX1000000Y0D03*\nM02*\n'

  it('reads a UTF-8 file from its bytes as from its decoded text', () => {
    const fromBytes = readGerber(new Uint8Array(Buffer.from(gerber, 'utf8')), 'u.gbr')
    const fromText = readGerber(gerber, 'u.gbr')
    expect(fromBytes.features.map((f) => [f.component, f.pin])).toEqual([['Käfer', 'Ä1']])
    expect(fromBytes).toEqual(fromText)
  })

  it('counts an error\'s column in characters, not bytes', () => {
    const bad = '%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.4*%\nD10*\nG04 ä*\nX1Y1ä*\nM02*\n'
    const read = () => readGerber(new Uint8Array(Buffer.from(bad, 'utf8')), 'c.gbr')
    expect(read).toThrow(InputError)
    expect(read).toThrow(/^c\.gbr:6: Unexpected character at column 5 of a 5-character command starting with X/)
  })

  it('refuses a file of blanks as empty', () => {
    expect(() => readGerber(new Uint8Array(Buffer.from(' \u00A0\n', 'utf8')), 'e.gbr')).toThrow(/^e\.gbr:1: The file is empty/)
  })
})

describe('countByte', () => {
  it('counts a byte value four bytes at a time as a byte loop does, in views at every alignment and length', () => {
    let seed = 7
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24
    // bytes near the value (0x29–0x2b), 0x80 and 0xff: a borrow or carry across bytes would show
    const pool = [0x2a, 0x29, 0x2b, 0x00, 0x80, 0xff, 0xaa, 0x2a]
    const all = Uint8Array.from({ length: 1031 }, () => pool[random() & 7]!)
    for (let start = 0; start < 5; start++) {
      for (const length of [0, 1, 3, 4, 5, 7, 8, 9, 100, 1026 - start]) {
        const view = all.subarray(start, start + length)
        let expected = 0
        for (const b of view) if (b === 0x2a) expected++
        expect(countByte(view, 0x2a)).toBe(expected)
      }
    }
    expect(countByte(new Uint8Array([10, 10, 10, 10, 10, 10]), 10)).toBe(6)
    expect(countByte(new Uint8Array([0, 0, 0, 0]), 0)).toBe(4)
  })
})

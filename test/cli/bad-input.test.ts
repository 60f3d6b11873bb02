// Bad Gerber input through the CLI: one line naming file, line and cause; exit 2; no stack; no hang.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-bad-'))
const head = '%FSLAX46Y46*%\n%MOMM*%\n%ADD10C,0.5*%\n'
const cases: { name: string; text: string | Buffer; line: number; cause: RegExp }[] = [
  { name: 'truncated.gbr', text: head + 'D10*\nX0Y0D03*\n%ADD11R,0.5X', line: 6, cause: /./ },
  { name: 'undefined-aperture.gbr', text: head + 'D12*\nX0Y0D03*\nM02*\n', line: 4, cause: /D12/ },
  { name: 'malformed-fs.gbr', text: '%FSLAX4Y*%\n%MOMM*%\nM02*\n', line: 1, cause: /FS/ },
  { name: 'too-many-digits.gbr', text: head + 'D10*\nX1234567890123456789Y0D03*\nM02*\n', line: 5, cause: /digit/i }, // past 15 digits: no format reads it (12 are read with a warning, as Allegro writes them)
  { name: 'garbage.gbr', text: Buffer.from([0x25, 0x46, 0x53, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x02, 0x0a, 0x00]), line: 1, cause: /binary|NUL|not text/i },
  { name: 'sr-bomb.gbr', text: head + '%SRX100000Y100000I1J1*%\nD10*\nX0Y0D03*\n%SR*%\nM02*\n', line: 4, cause: /limit|features/i },
]

describe('bad Gerber input through bumpcheck layers', () => {
  for (const c of cases) {
    it(`${c.name}: exit 2, file:${c.line}: cause, no stack trace`, () => {
      const file = join(dir, c.name)
      writeFileSync(file, c.text)
      const started = Date.now()
      const r = spawnSync(process.execPath, ['bin/bumpcheck.js', 'layers', file], { encoding: 'utf8', timeout: 30_000 })
      expect(Date.now() - started).toBeLessThan(30_000)
      expect(r.status).toBe(2)
      const line = r.stderr.split('\n').find((l) => l.includes(c.name))!
      expect(line).toMatch(new RegExp(`${c.name.replace('.', '\\.')}:${c.line}: `))
      expect(line).toMatch(c.cause)
      expect(r.stderr).not.toMatch(/^\s+at /m)
    })
  }
})

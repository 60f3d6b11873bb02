// Writes the ODB++ crasher archives under test/regressions/odb/ (run once with tsx; the .tar files are
// kept). Each is the fuzz seed job with one change that the fuzzer found breaks the reader.

import { writeFileSync } from 'node:fs'
import { tar } from '../fuzz/tar.ts'
import { ODB_SEED } from '../fuzz/odb-seed.ts'

function job(change: Record<string, string>): Buffer {
  const files = { ...ODB_SEED, ...change }
  return tar(Object.fromEntries(Object.entries(files).map(([k, v]) => [`job/${k}`, v])))
}

const symbol = ODB_SEED['symbols/drill_symbol1/features']!
const paste = ODB_SEED['steps/pcb/layers/paste/features']!
const firstPad = /^P .*$/m.exec(paste)![0]

const crashers: Record<string, Buffer> = {
  // a user symbol drawn with itself: the reader awaits its own promise, which never settles
  'user-symbol-uses-itself.tar': job({ 'symbols/drill_symbol1/features': symbol.replace('$0 r10', '$0 r10\n$1 drill_symbol1') + 'P 0 0 1 P 0 0 0\n' }),
  // NX×NY = 10^16 placements are listed before any feature is counted: time and memory run out
  'step-repeat-huge-count.tar': job({ 'steps/panel/stephdr': ODB_SEED['steps/panel/stephdr']!.replace('NX=2', 'NX=100000000').replace('NY=2', 'NY=100000000') }),
  // the same with DX=DY=0, so that no placement is out of range: only the count can stop it
  'step-repeat-huge-count-zero-pitch.tar': job({ 'steps/panel/stephdr': ODB_SEED['steps/panel/stephdr']!.replace('NX=2', 'NX=100000000').replace('NY=2', 'NY=100000000').replace('DX=8', 'DX=0').replace('DY=6', 'DY=0') }),
  // a symbol numbered $999999999: the reader walks (and allocates) a billion symbol slots ($17104164 took 3 s)
  'symbol-index-huge.tar': job({ 'steps/pcb/layers/top/features': ODB_SEED['steps/pcb/layers/top/features']!.replace('$44 rect', '$999999999 rect') }),
  // 1e308 inch → Infinity nm: the pad reaches the layers with NaN/Infinity coordinates
  'pad-at-1e308.tar': job({ 'steps/pcb/layers/paste/features': paste.replace(firstPad, firstPad.replace(/^P \S+ \S+/, 'P 1e308 1e308')) }),
  // 2147483648 inch = 5.5e16 nm, beyond ±2^53: integer nm is no longer exact
  'pad-beyond-2p53-nm.tar': job({ 'steps/pcb/layers/paste/features': paste.replace(firstPad, firstPad.replace(/^P \S+/, 'P 2147483648')) }),
}

for (const [name, bytes] of Object.entries(crashers)) writeFileSync(new URL(`./odb/${name}`, import.meta.url), bytes)

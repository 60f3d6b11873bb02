// Each ODB++ fuzz case is one in-memory ustar archive, written with the ODB++ tests' tar writer.

import { tarArchive } from '../ingest/odb/archive-writers.ts'

/** Files as latin1 text (the fuzzer mutates bytes as characters) or raw bytes. */
export function tar(files: Record<string, string | Buffer>): Buffer {
  return tarArchive(Object.entries(files).map(([name, content]) => ({ name, data: typeof content === 'string' ? Buffer.from(content, 'latin1') : content })))
}

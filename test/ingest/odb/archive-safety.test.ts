import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateRawSync, gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { InputError, LimitError } from '../../../src/errors.ts'
import { isOdbJob, readOdbJob } from '../../../src/ingest/odb/index.ts'
import { tarArchive, tgz, zipArchive, type TarEntry } from './archive-writers.ts'
import { jobEntries } from './odb-writer.ts'

const work = mkdtempSync(join(tmpdir(), 'odb-hostile-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))
let n = 0
const file = (data: Buffer, ext: string) => {
  const path = join(work, `a${n++}${ext}`)
  writeFileSync(path, data)
  return path
}
/** A valid one-layer job plus whatever hostile entries a test adds. */
const job = (): TarEntry[] => jobEntries({ units: 'MM', layers: [{ name: 'top', type: 'SIGNAL' }],
  steps: [{ name: 'pcb', layers: { top: 'UNITS=MM\n$0 r100\nP 1 1 0 P 0 0\n' } }] })
const asZip = (entries: TarEntry[]) => zipArchive(entries.map((e) => ({ name: e.name, data: e.data })))

async function refusal(path: string, pattern: RegExp, type: typeof InputError = InputError): Promise<InputError> {
  const error = await readOdbJob(path, { limits: { maxArchiveBytes: 1_000_000, maxArchiveEntries: 100, maxInflateRatio: 100_000 } }).then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(type)
  expect((error as InputError).message).toMatch(pattern)
  expect((error as InputError).file).toBe(path)
  return error as InputError
}

describe('archives: a good job reads the same from tgz, tar and zip', () => {
  it.each([['.tgz', () => tgz(job())], ['.tar', () => tarArchive(job())], ['.zip', () => asZip(job())]])('%s', async (ext, make) => {
    const path = file(make(), ext)
    expect(await isOdbJob(path)).toBe(true)
    const [top] = await readOdbJob(path)
    expect(top!.features[0]!.shape).toEqual({ type: 'circle', cx: 1_000_000, cy: 1_000_000, diameter: 100_000 })
  })

  it('follows GNU long names and pax paths to their full names', async () => {
    const long = 'x'.repeat(120)
    const entries = job().map((e) => (e.name.endsWith('matrix/matrix') ? { ...e, paxPath: true } : e))
    entries.push({ name: `job/user/${long}/notes`, data: 'hello', gnuLongName: true })
    const path = file(tgz(entries), '.tgz')
    expect((await readOdbJob(path))).toHaveLength(1)
  })

  it('says no to files that are not jobs', async () => {
    expect(await isOdbJob(file(tgz([{ name: 'readme.txt', data: 'hi' }]), '.tgz'))).toBe(false)
    expect(await isOdbJob(file(Buffer.from('G04 gerber*\n'), '.gbr'))).toBe(false)
    await refusal(file(tgz([{ name: 'readme.txt', data: 'hi' }]), '.tgz'), /no matrix\/matrix/)
  })
})

describe('archives: hostile entries are refused with an InputError naming the archive', () => {
  it.each([['tgz', (e: TarEntry[]) => tgz(e)], ['zip', asZip]])('path traversal "../x" (%s)', async (ext, make) => {
    await refusal(file(make([...job(), { name: 'job/../x', data: 'evil' }]), `.${ext}`), /"job\/\.\.\/x" climbs out of the job/)
  })

  it.each([['tgz', (e: TarEntry[]) => tgz(e)], ['zip', asZip]])('absolute path (%s)', async (ext, make) => {
    await refusal(file(make([...job(), { name: '/etc/x', data: 'evil' }]), `.${ext}`), /"\/etc\/x" has an absolute path/)
  })

  it('a drive-letter path', async () => {
    await refusal(file(asZip([...job(), { name: 'C:\\evil\\x', data: 'evil' }]), '.zip'), /drive letter/)
  })

  it('a symbolic link (tar and zip) and a hard link (tar)', async () => {
    await refusal(file(tgz([...job(), { name: 'job/steps/pcb/layers/top/features2', type: '2', linkname: '/etc/passwd' }]), '.tgz'), /is a symbolic link; links are not followed/)
    await refusal(file(tgz([...job(), { name: 'job/misc/copy', type: '1', linkname: 'job/matrix/matrix' }]), '.tgz'), /is a hard link/)
    const zip = zipArchive([...job().map((e) => ({ name: e.name, data: e.data })), { name: 'job/link', data: '/etc/passwd', mode: 0o120777 }])
    await refusal(file(zip, '.zip'), /"job\/link" is a symbolic link/)
  })

  it('a zip bomb: 200 MB of zeros in a 200 kB entry stops at the 1 MB limit before it is inflated fully', async () => {
    const zeros = Buffer.alloc(200_000_000)
    const raw = deflateRawSync(zeros, { level: 9 })
    expect(raw.length).toBeLessThan(300_000)
    const zip = zipArchive([...job().map((e) => ({ name: e.name, data: e.data })), { name: 'job/bomb', raw, declaredSize: 1000, crc: 0 }])
    const before = process.memoryUsage().arrayBuffers
    await refusal(file(zip, '.zip'), /more than 1000000 bytes \(limit maxArchiveBytes\)/, LimitError)
    // the 200 MB were never materialised (allow for the 200 MB `zeros` buffer already counted in `before`)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50_000_000)
  })

  it('a tar bomb: a gzipped tar whose files add up past the limit', async () => {
    const big = Buffer.alloc(700_000, 0x41)
    await refusal(file(tgz([...job(), { name: 'job/a', data: big }, { name: 'job/b', data: big }]), '.tgz'), /more than 1000000 bytes/, LimitError)
  })

  it('a gzip stream that inflates past the limit before any tar header says so', async () => {
    const image = tarArchive([...job(), { name: 'job/a', data: Buffer.alloc(50_000_000) }])
    await refusal(file(gzipSync(image), '.tgz'), /limit maxArchiveBytes/, LimitError)
  })

  it.each([['tgz', (e: TarEntry[]) => tgz(e)], ['zip', asZip]])('too many entries (%s)', async (ext, make) => {
    const many = Array.from({ length: 150 }, (_, i) => ({ name: `job/user/f${i}`, data: 'x' }))
    await refusal(file(make([...job(), ...many]), `.${ext}`), /more than 100 \(limit maxArchiveEntries\)|more than 100 entries/, LimitError)
  })

  it('a zip entry whose data does not match its CRC', async () => {
    const zip = zipArchive([...job().map((e) => ({ name: e.name, data: e.data })), { name: 'job/bad', data: 'abc', crc: 1 }])
    await refusal(file(zip, '.zip'), /fails its CRC check/)
  })
})

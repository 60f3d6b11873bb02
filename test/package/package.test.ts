// The npm package as a user gets it: `npm pack` (whose `prepare` runs `npm run build`), the tarball
// installed into a fresh folder, then the command, the ESM API and its types used from there.
// The build runs in a copy of the working tree, so a concurrent run never sees a half-written dist/.

import { execFile, spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFrame, FrameDecoder } from '../../src/server/framing.ts'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const MANIFEST = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string }
const FIXTURE = join(REPO, 'fixtures/kicad-bga-dev')
/** The README's first command, with the clone's fixture given by absolute path so both runs read the same files. */
const README_CHECK = ['check', join(FIXTURE, 'gerber'), '--deck', join(FIXTURE, 'deck.json'), '--format', 'json']
const ODB_JOB = join(REPO, 'test/fuzz/seeds/odb/job')
const MAX_BYTES = 1.5 * 1024 * 1024

/** Top-level paths the tarball may hold (package.json "files", plus what npm always adds). */
const ALLOWED = /^(dist\/|rules\/|schemas\/|docs\/|integrations\/|plugin-manifest\.json$|package\.json$|README\.md$|LICENSE$)/

const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8' })
const npmMissing = npmVersion.error !== undefined || npmVersion.status !== 0
if (npmMissing) console.warn(`test/package skipped: npm is not available (${npmVersion.error?.message ?? npmVersion.stderr})`)

// npm run from `npm test` inherits npm_config_*/npm_package_* of the outer run (its prefix, its
// package); the inner npm must see its own folder's, keeping only where the cache and registry are
const KEEP = /^npm_config_(cache|registry|userconfig|globalconfig|offline|prefer_offline)$/i
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => KEEP.test(k) || !/^npm_(config|package|lifecycle)_/i.test(k)))

function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...cleanEnv, NO_COLOR: '1' }, timeout: 120_000, maxBuffer: 1 << 28, ...options })
  if (result.error) throw result.error
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) }
}

function ok(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const result = run(command, args, options)
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}) in ${options.cwd}:\n${result.stderr}${result.stdout}`)
  return result
}

/** A consumer in plain Node ESM (kept out of test/ as files: the repo's own typecheck would resolve 'bumpcheck' to itself). */
const USE_API_JS = `import { check, PRESETS, REPORT_FORMATS, VERSION } from 'bumpcheck'
import { reporters } from 'bumpcheck/reporters'
import preset from 'bumpcheck/presets/pcb-bga' with { type: 'json' }
const [gerber, deck] = process.argv.slice(2)
const report = await check([gerber], { deck })
if (typeof reporters.json !== 'function') throw new Error('bumpcheck/reporters has no json reporter')
console.log(JSON.stringify({ version: VERSION, findings: report.findings.length, pass: report.summary.pass,
  formats: [...REPORT_FORMATS], presets: [...PRESETS], presetName: preset.name }))
`

/** The same use from TypeScript: the declarations must name every type it touches. */
// (each @ts-expect-error fails the compile if the type it probes resolved to \`any\`)
const USE_API_TS = `import { check, render, PRESETS, type Finding, type Report, type CheckOptions } from 'bumpcheck'
import { reporters, type ReportFormat } from 'bumpcheck/reporters'
const options: CheckOptions = { deck: PRESETS[0], workers: 2 }
const report: Report = await check(['board/gerber'], options)
const first: Finding | undefined = report.findings[0]
const message: string | undefined = first?.message
// @ts-expect-error a finding's message is a string
const notANumber: number | undefined = first?.message
// @ts-expect-error findings are an array
const count: number = report.findings
const format: ReportFormat = 'sarif'
const text: string = render(format, report) + reporters.json(report, {})
// @ts-expect-error an unknown format is a type error
const wrong: ReportFormat = 'pdf'
// @ts-expect-error an unknown option is a type error
const badOptions: CheckOptions = { deck: 'pcb-bga', colour: true }
export { message, notANumber, count, text, wrong, badOptions }
`

interface PackResult { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] }

describe.skipIf(npmMissing)(`the ${MANIFEST.name} npm package${npmMissing ? ' (skipped: npm not found)' : ''}`, () => {
  let work: string
  let tarball: string
  let pack: PackResult
  let app: string
  let installLog: string
  let typecheck: Promise<{ code: number; output: string }>
  const once = <T>(make: () => T) => { let value: T | undefined; return () => (value ??= make()) }
  const installedReadme = once(() => run('npx', ['bumpcheck', ...README_CHECK], { cwd: app }))
  const cloneReadme = once(() => run(process.execPath, ['bin/bumpcheck.js', ...README_CHECK], { cwd: REPO }))

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'bumpcheck-package-'))
    // the working tree as `npm pack` in the clone would see it, minus what is never packed anyway
    const stage = join(work, 'stage')
    const skip = new Set(['node_modules', '.git', 'dist', 'out', 'coverage'].map((name) => join(REPO, name)))
    cpSync(REPO, stage, { recursive: true, filter: (path) => !skip.has(path.replace(/\/$/, '')) })
    symlinkSync(join(REPO, 'node_modules'), join(stage, 'node_modules'), 'dir')
    const packed = ok('npm', ['pack', '--json', '--pack-destination', work], { cwd: stage })
    pack = (JSON.parse(packed.stdout) as PackResult[])[0]!
    tarball = join(work, pack.filename)

    app = join(work, 'app')
    mkdirSync(app)
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }))
    writeFileSync(join(app, 'use-api.mjs'), USE_API_JS)
    writeFileSync(join(app, 'use-api.ts'), USE_API_TS)
    // the registry is reachable here, but the dependencies are in npm's cache after `npm ci`
    const installed = ok('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app })
    installLog = installed.stderr + installed.stdout

    // the consumer's type check is the slowest step and needs nothing else: start it now, await it in its test
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      // skipLibCheck as most consumers have it; the @ts-expect-error probes catch a type lost to `any`
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true,
        skipLibCheck: true, types: ['node'], typeRoots: [join(REPO, 'node_modules/@types')] },
      files: ['use-api.ts'],
    }))
    typecheck = new Promise((resolve) => execFile(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
      { cwd: app, encoding: 'utf8' }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr })))
  }, 180_000)

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('ships only the built code, presets, schemas, docs and integrations, within 1.5 MB', () => {
    const paths = pack.files.map((f) => f.path).sort()
    expect(paths.filter((p) => !ALLOWED.test(p))).toEqual([])
    expect(paths.filter((p) => /(^|\/)(test|tests|bench|fixtures|__pycache__)\/|\.test\.|\.spec\./.test(p))).toEqual([])
    // compiled JS and declarations only: no TypeScript source, no tsx shims
    expect(paths.filter((p) => p.startsWith('dist/') && !/\.(js|d\.ts)$/.test(p))).toEqual([])
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([])
    for (const needed of ['dist/index.js', 'dist/index.d.ts', 'dist/reporters/index.d.ts', 'dist/cli/bin.js', 'dist/engine/tile-worker.js',
      'dist/server/check-child.js', 'dist/ingest/odb/index.js', 'rules/pcb-bga.json', 'rules/deck.schema.json',
      'schemas/report.schema.json', 'plugin-manifest.json', 'LICENSE', 'README.md'])
      expect(paths).toContain(needed)
    expect(pack.size).toBeLessThanOrEqual(MAX_BYTES)
    expect(pack.unpackedSize).toBeLessThanOrEqual(MAX_BYTES)
  })

  it('installs without tsx or esbuild', () => {
    expect(installLog).not.toMatch(/esbuild|tsx/)
    const tree = ok('npm', ['ls', '--all', '--parseable'], { cwd: app }).stdout
    expect(tree).toContain(`node_modules/${MANIFEST.name}`)
    expect(tree).not.toMatch(/node_modules\/(tsx|esbuild|typescript)(\n|$)/)
  })

  it('npx bumpcheck --version prints the package version', () => {
    expect(ok('npx', ['bumpcheck', '--version'], { cwd: app }).stdout).toBe(`${MANIFEST.version}\n`)
  })

  it("gives the README's first command the same report bytes as the clone", () => {
    const installed = installedReadme()
    const clone = cloneReadme()
    expect(clone.status).toBe(1) // the bundled board has errors
    expect(installed.stderr).toBe(clone.stderr)
    expect(installed.status).toBe(clone.status)
    expect(installed.stdout.length).toBeGreaterThan(1000)
    expect(installed.stdout).toBe(clone.stdout)
  })

  it('runs the tiled check on worker threads from the compiled code, same bytes', () => {
    const single = installedReadme()
    const tiled = run('npx', ['bumpcheck', ...README_CHECK, '--workers', '2'], { cwd: app })
    expect(tiled.stderr).not.toMatch(/tsx|Cannot find|ERR_/)
    expect(tiled.status).toBe(single.status)
    expect(tiled.stdout).toBe(single.stdout)
  })

  it.runIf(process.platform === 'linux')('checks 32 MB of input in a second process with huge pages, its output and exit code unchanged', () => {
    // a sparse file of NUL bytes, 32 MB: no Gerber, so the check reads it and stops with exit 2
    const input = join(work, 'huge', 'blank.gbr')
    mkdirSync(join(work, 'huge'))
    writeFileSync(input, '')
    truncateSync(input, 32 * 1024 * 1024)
    // every Node process of the command records its tunables (a preload that NODE_OPTIONS passes on)
    const seen = join(work, 'huge', 'seen.txt')
    const probe = join(work, 'huge', 'probe.cjs')
    writeFileSync(probe, `require('node:fs').appendFileSync(${JSON.stringify(seen)}, (process.env.GLIBC_TUNABLES ?? '-') + '\\n')\n`)
    const installed = run(join(app, 'node_modules/.bin/bumpcheck'), ['check', input], { cwd: app, env: { ...cleanEnv, NO_COLOR: '1', NODE_OPTIONS: `--require ${probe}` } })
    const clone = run(process.execPath, ['bin/bumpcheck.js', 'check', input], { cwd: REPO })
    expect(readFileSync(seen, 'utf8')).toBe('-\nglibc.malloc.hugetlb=1\n')
    expect(installed.status).toBe(2)
    expect(installed.stderr).toBe(clone.stderr)
    expect(installed.stdout).toBe(clone.stdout)
  })

  it('reads an ODB++ job with the compiled reader, as the clone does', () => {
    const args = ['check', ODB_JOB, '--format', 'json']
    const installed = run('npx', ['bumpcheck', ...args], { cwd: app })
    const clone = run(process.execPath, ['bin/bumpcheck.js', ...args], { cwd: REPO })
    expect(installed.stdout).not.toContain('needs the ODB++ reader')
    expect(installed.status).toBe(clone.status)
    expect(installed.stdout).toBe(clone.stdout)
  })

  it('serves a check over JSON-RPC from the compiled check process', async () => {
    const server = spawn(join(app, 'node_modules/.bin/bumpcheck'), ['serve', '--stdio'], { cwd: app, env: cleanEnv })
    const decoder = new FrameDecoder(1 << 28)
    let stderr = ''
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const answer = new Promise<{ result?: { summary: { errors: number } }; error?: unknown }>((resolve, reject) => {
      server.stdout.on('data', (chunk: Buffer) => {
        for (const frame of decoder.push(chunk)) {
          const message = frame.kind === 'body' ? JSON.parse(frame.text) : undefined
          if (message?.id === 2) resolve(message)
        }
      })
      server.on('close', (code) => reject(new Error(`server exited (${code}) without answering:\n${stderr}`)))
    })
    for (const message of [{ id: 1, method: 'initialize', params: {} }, { id: 2, method: 'check', params: { inputs: [join(FIXTURE, 'gerber')], deck: join(FIXTURE, 'deck.json') } }])
      server.stdin.write(encodeFrame(JSON.stringify({ jsonrpc: '2.0', ...message })))
    try {
      const reply = await answer
      const clone = JSON.parse(cloneReadme().stdout) as { summary: { errors: number } }
      expect(reply.error).toBeUndefined()
      expect(reply.result?.summary.errors).toBe(clone.summary.errors)
    } finally {
      server.kill()
    }
  })

  it("imports { check } from 'bumpcheck' in plain Node ESM", () => {
    const result = ok(process.execPath, ['use-api.mjs', join(FIXTURE, 'gerber'), join(FIXTURE, 'deck.json')], { cwd: app })
    const clone = JSON.parse(cloneReadme().stdout) as { findings: unknown[] }
    expect(JSON.parse(result.stdout)).toEqual({ version: MANIFEST.version, findings: clone.findings.length, pass: false,
      formats: expect.arrayContaining(['json', 'sarif', 'text']), presets: ['pcb-bga', 'flip-chip-substrate', 'bump-film'], presetName: 'pcb-bga' })
  })

  it('resolves the types of the API with tsc', async () => {
    const tsc = await typecheck
    expect(tsc.output).toBe('')
    expect(tsc.code).toBe(0)
  }, 60_000)
})

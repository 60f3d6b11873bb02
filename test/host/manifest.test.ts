// The plugin manifest is valid, and it and the server agree: every command it lists is served.

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadManifest, validateManifest, type PluginManifest } from '../../src/host/manifest.ts'
import { REPO, RpcChild } from '../server/rpc-child.ts'

describe('plugin-manifest.json', () => {
  let manifest: PluginManifest
  let server: RpcChild
  let capabilities: { methods: string[]; formats: string[] }

  beforeAll(async () => {
    manifest = loadManifest()
    server = new RpcChild()
    capabilities = (await server.request('initialize', {})).result.capabilities
  })
  afterAll(() => server.kill())

  it('matches its schema', () => {
    expect(validateManifest(manifest)).toEqual([])
  })

  it('is refused by the schema when a command lacks its input kind', () => {
    const broken = structuredClone(manifest) as unknown as { commands: { input: object }[] }
    broken.commands[0]!.input = {}
    expect(validateManifest(broken)).toEqual([{ path: '/commands/0/input', message: "/commands/0/input must have required property 'kind'" }])
  })

  it('carries the package name and version', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string }
    expect([manifest.name, manifest.version]).toEqual([pkg.name, pkg.version])
  })

  it('names a server command line the package provides', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> }
    expect(manifest.server.command.slice(1)).toEqual(['serve', '--stdio'])
    expect(Object.keys(pkg.bin)).toContain(manifest.server.command[0])
  })

  it('lists only methods the server announces', () => {
    for (const command of manifest.commands) expect(capabilities.methods, command.id).toContain(command.method)
  })

  it('lists only report formats the server renders', () => {
    for (const command of manifest.commands) for (const format of command.formats) expect(capabilities.formats, command.id).toContain(format)
  })

  it('has every command served: none is refused as unknown, invalid or with wrong parameters', async () => {
    const fixture = 'fixtures/kicad-bga-dev/gerber'
    const checked = await server.request('check', { inputs: [fixture] })
    const paramsFor: Record<string, unknown> = {
      folder: { inputs: [fixture], deck: manifest.decks.default },
      files: { inputs: ['F_Cu.gbr', 'F_Mask.gbr', 'F_Paste.gbr', 'PTH.drl'].map((name) => join(fixture, `bga-dev-${name}`)), deck: manifest.decks.default },
      // the real ODB++ sample takes ~10 s to check, so a job that is not there stands in
      odb: { inputs: ['fixtures/no-such-odb-job.tgz'], deck: manifest.decks.default },
      report: { reportId: checked.result.reportId, format: 'json' },
      none: {},
    }
    for (const command of manifest.commands) {
      const answer = await server.request(command.method, paramsFor[command.input.kind])
      if (command.input.kind === 'odb') {
        // a missing job: the method took the parameters and answered with an application error (≥ 1000)
        expect(answer.error?.code, `${command.id}: ${answer.error?.message}`).toBeGreaterThanOrEqual(1000)
      } else expect(answer.error, `${command.id}: ${answer.error?.message}`).toBeUndefined()
    }
  })

  it('offers deck presets that exist in rules/', () => {
    for (const preset of manifest.decks.presets) expect(existsSync(join(REPO, 'rules', `${preset}.json`)), preset).toBe(true)
    expect(manifest.decks.presets).toContain(manifest.decks.default)
  })

  it('points each host at an adapter folder in the package', () => {
    for (const host of manifest.hosts) {
      expect(existsSync(join(REPO, host.path)), host.path).toBe(true)
      expect(manifest.commands.map((c) => c.id)).toContain(host.uses)
    }
  })
})

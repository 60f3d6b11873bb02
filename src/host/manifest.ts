// The plugin manifest (plugin-manifest.json): what a CAD host shows and how it starts the server.

import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { ConfigError } from '../errors.ts'

export type InputKind = 'folder' | 'files' | 'odb' | 'report' | 'none'

export interface ManifestCommand {
  id: string
  title: string
  menu: string[]
  method: string
  input: { kind: InputKind; description?: string }
  deck: 'choose' | 'none'
  formats: string[]
}

export interface ManifestHost {
  id: string
  name: string
  versions: string
  kind: string
  path: string
  install: string
  uses: string
}

export interface PluginManifest {
  manifestVersion: 1
  name: string
  version: string
  description: string
  server: { command: string[]; transport: 'stdio'; protocol: 'jsonrpc-2.0'; framing: 'content-length' }
  decks: { default: string; presets: string[]; custom: boolean }
  commands: ManifestCommand[]
  hosts: ManifestHost[]
}

export const MANIFEST_URL = new URL('../../plugin-manifest.json', import.meta.url)
export const MANIFEST_SCHEMA_URL = new URL('../../schemas/plugin-manifest.schema.json', import.meta.url)

/** Read and validate a manifest; a manifest that breaks the schema is a ConfigError naming the field. */
export function loadManifest(url: URL = MANIFEST_URL): PluginManifest {
  const manifest: unknown = JSON.parse(readFileSync(url, 'utf8'))
  const errors = validateManifest(manifest)
  if (errors.length > 0) throw new ConfigError(`${url.pathname}: ${errors[0]!.message}`, errors[0]!.path)
  return manifest as PluginManifest
}

/** Schema problems, each with the JSON pointer of the field; empty when the manifest is valid. */
export function validateManifest(manifest: unknown): { path: string; message: string }[] {
  const schema = JSON.parse(readFileSync(MANIFEST_SCHEMA_URL, 'utf8')) as object
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema)
  if (validate(manifest)) return []
  return (validate.errors ?? []).map((error) => ({
    path: error.instancePath || '/',
    message: `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
  }))
}

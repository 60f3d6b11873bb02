// The layer order of README "Layout" (.dependency-cruiser.cjs), checked on src/ by dependency-cruiser's API.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { cruise, type ICruiseOptions } from 'dependency-cruiser'
import { describe, expect, it } from 'vitest'

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: NonNullable<ICruiseOptions['ruleSet']>['forbidden']; options: ICruiseOptions }

/** Every violation as 'rule: from → to', cruising `src` under baseDir. */
async function violations(baseDir: string, tsConfig = true): Promise<string[]> {
  const { tsConfig: _, ...options } = config.options as ICruiseOptions & { tsConfig?: unknown }
  const result = await cruise(['src'], { ...options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden }, ...(tsConfig && { tsConfig: { fileName: 'tsconfig.json' } }) })
  if (typeof result.output === 'string') throw new Error(result.output)
  return result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
}

describe('layer order', () => {
  it('src/ imports point left only, with no cycle and no orphan', async () => {
    expect(await violations(process.cwd())).toEqual([])
  }, 60_000)

  it('names an engine module that imports a rule, a cycle and an orphan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bumpcheck-arch-'))
    const files: Record<string, string> = {
      'src/index.ts': "import './engine/run.ts'\n",
      'src/engine/run.ts': "import '../rules/a.ts'\nexport const run = 1\n",
      'src/rules/a.ts': "import { b } from './b.ts'\nexport const a = b\n",
      'src/rules/b.ts': "import { a } from './a.ts'\nexport const b = () => a\n",
      'src/reporters/unused.ts': 'export const unused = 1\n',
    }
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true })
        writeFileSync(join(dir, path), text)
      }
      expect((await violations(dir, false)).sort()).toEqual([
        'engine-imports-left-only: src/engine/run.ts → src/rules/a.ts',
        'no-circular: src/rules/a.ts → src/rules/b.ts',
        'no-orphans: src/reporters/unused.ts → src/reporters/unused.ts',
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

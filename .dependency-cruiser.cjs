// The layer order of README "Layout", checked by test/architecture/layers.test.ts inside `npm test`.
// Tiers left to right; a module may import its own tier and tiers to its left, never to its right.
// Leaves: pure geometry, the error type, deterministic ordering, and the layer data model the readers
// write (model.ts; pack.ts, its packed arrays; packed-feature.ts, features read from them; shared-strings.ts, their string table). Geometry measures Features, so the model is
// a leaf with it, not part of 'layers'; leaves import only leaves. Spatial
// indexes and physics formulas need only the model; the derived layers (bump sites, arrays) use them.
const tiers = [
  ['leaves', '^src/(geometry/|errors\\.ts$|order\\.ts$|layers/(model|pack|packed-feature|shared-strings)\\.ts$)'],
  ['ingest', '^src/ingest/'],
  ['spatial/physics', '^src/(spatial|physics)/'],
  ['layers', '^src/layers/'],
  ['engine', '^src/engine/'],
  ['rules', '^src/rules/'],
  ['reporters', '^src/reporters/'],
  ['shells', '^src/(cli/|server/|host/|check\\.ts$|index\\.ts$)'],
]

// a path matches the first tier whose pattern it matches (src/layers/model.ts is a leaf, not 'layers')
const notEarlier = (i) => tiers.slice(0, i).map(([, p]) => p)

const forbidden = [
  { name: 'no-circular', severity: 'error', comment: 'a cycle has no order (a type-only import leaves nothing at run time)', from: {}, to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } } },
  {
    name: 'no-orphans', severity: 'error', comment: 'a module nothing imports is dead or unwired',
    from: { orphan: true, pathNot: ['\\.d\\.ts$', '^src/index\\.ts$', '^src/cli/bin\\.ts$', '^src/engine/tile-worker\\.ts$', '^src/server/check-child\\.ts$'] }, to: {},
  },
]
for (let i = 0; i < tiers.length - 1; i++) {
  const [name, path] = tiers[i]
  forbidden.push({
    name: `${name}-imports-left-only`, severity: 'error',
    comment: `${name} may import only ${tiers.slice(0, i + 1).map(([n]) => n).join(', ')}`,
    from: { path, pathNot: notEarlier(i) },
    to: { path: tiers.slice(i + 1).map(([, p]) => p), pathNot: notEarlier(i + 1) },
  })
}

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.js$' },
  },
}

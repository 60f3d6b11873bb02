// `npm run mutate`: StrykerJS 9 on src/rules and src/physics (issue 13: a score of at least 80 %).
// Not run in CI (about half an hour on two cores); the score is in the README.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['src/rules/**/*.ts', 'src/physics/**/*.ts'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  coverageAnalysis: 'perTest',
  // static mutants (a rule's meta: descriptions, message texts, option specs, evaluated once at import)
  // would each re-run every test (~24 s); they are ignored, and counted as such in the report
  ignoreStatic: true,
  // the run reuses the last run's results for unchanged code and tests
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  // a mutant that loops forever (i++ → i--) costs this much; the rule tests run in well under a second
  timeoutMS: 3_000,
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
}

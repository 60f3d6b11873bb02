// The tests StrykerJS runs for `npm run mutate`: the rule tester cases and the physics formulas. The
// whole-board checks (kicad-bga-dev, the seeded inputs and KiCad-seeded boards) run the readers and every rule for each
// mutant they cover (~3 s a mutant, six hours in all), so the score counts only what the rule-level
// tests catch: a lower bound of what the suite catches.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/rules/**/*.test.ts', 'test/physics/**/*.test.ts'],
    exclude: ['test/rules/kicad-bga-dev.test.ts', 'test/rules/seeded-inputs.test.ts', 'test/rules/seeded-kicad.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})

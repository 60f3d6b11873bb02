// The tests StrykerJS runs for `npm run mutate`: the rule tester cases, the seeded boards and the
// physics formulas, which cover src/rules and src/physics in ~12 s. The readers', CLI, browser,
// KiCad, package and real-board suites test other layers and would only slow each mutant down.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/rules/**/*.test.ts', 'test/physics/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})

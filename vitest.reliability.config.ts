import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability` (test/reliability/): crashes, Slack outages, hostile input and forged
 * requests. Kept out of `npm test` so CI runs it as a step of its own; it prints a summary table.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    // The crash test runs `node dist/main.js`, built here the way `npm start` builds it.
    globalSetup: ['test/support/build-dist.ts'],
    // One file at a time: the crash test kills real processes on a clock, and CI has two cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/reliability/support/summary-reporter.ts'],
  },
});

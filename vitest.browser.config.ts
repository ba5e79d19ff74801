import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the sandbox page end to end in headless Chromium (test/browser). Its own
 * step, because it needs Debian's chromium at /usr/bin/chromium (`.ci/install-browser`); without it
 * the tests skip and say why.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    // One browser at a time: each file starts a sandbox and a Chromium, and CI has two cores.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reliability suite kills processes and fuzzes for minutes: its own step, `npm run test:reliability`.
    // The browser tests need Chromium: their own step too, `npm run test:browser`.
    exclude: [...configDefaults.exclude, 'test/reliability/**', 'test/browser/**'],
    // Builds dist/ the way `npm start` does, for the tests that run the bot as a child process.
    globalSetup: ['test/support/build-dist.ts'],
    // Integration tests start real HTTP servers and SQLite files; two cores is all CI has.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});

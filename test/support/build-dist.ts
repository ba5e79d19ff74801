import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/**
 * Vitest globalSetup: compiles src/ into dist/ once per run (and again on each watch-mode rerun),
 * exactly as `npm start` does, so tests that run `node dist/main.js` see the current source even in
 * a fresh clone with no dist/. A failed build is handed to those tests rather than thrown here, so a
 * type error stops the process tests with the compiler's output without also blocking the unit tests.
 */

export interface DistBuild {
  ok: boolean;
  /** What tsc printed, for the failure message. */
  output: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    distBuild: DistBuild;
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// A cold tsc on a slow CI machine takes several seconds; a hang must still end the run.
const BUILD_TIMEOUT_MS = 120_000;

export function buildDist(): Promise<DistBuild> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSC, '-p', 'tsconfig.build.json'],
      { cwd: ROOT, timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`.trim();
        resolve(error ? { ok: false, output: output || String(error) } : { ok: true, output });
      },
    );
  });
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide('distBuild', await buildDist());
  project.onTestsRerun(async () => {
    project.provide('distBuild', await buildDist());
  });
}

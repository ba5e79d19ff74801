import type { TestContext } from 'vitest';

/** What one reliability test tried and what it found, for the summary table printed at the end. */
export interface Tally {
  /** Requests, payloads, kills or deliveries the test made. */
  cases: number;
  /** Acknowledged changes missing from the database, or messages never delivered. */
  lost: number;
  /** Changes stored twice, or messages delivered twice. */
  duplicates: number;
  /** Anything else worth a column: 5xx answers, requests refused, kills, … */
  notes?: string;
}

declare module 'vitest' {
  interface TaskMeta {
    reliability?: Tally;
  }
}

/** Attaches the tally to the running test; the summary reporter reads it from the test's meta. */
export function recordTally(context: TestContext, tally: Tally): void {
  context.task.meta.reliability = tally;
}

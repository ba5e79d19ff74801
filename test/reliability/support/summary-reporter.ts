import type { Reporter, TestModule } from 'vitest/node';
import type { Tally } from './tally.js';

/** Prints one row per reliability test that recorded a tally, and the totals, after the run. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows: Array<{ name: string; state: string; tally: Tally }> = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const tally = test.meta().reliability;
        if (tally) rows.push({ name: test.name, state: test.result().state, tally });
      }
    }
    if (rows.length === 0) return;
    const total = rows.reduce(
      (sum, { tally }) => ({
        cases: sum.cases + tally.cases,
        lost: sum.lost + tally.lost,
        duplicates: sum.duplicates + tally.duplicates,
      }),
      { cases: 0, lost: 0, duplicates: 0 },
    );
    const table = [
      ['test', 'result', 'cases tried', 'changes lost', 'duplicates', 'notes'],
      ...rows.map(({ name, state, tally }) => [
        name,
        state,
        String(tally.cases),
        String(tally.lost),
        String(tally.duplicates),
        tally.notes ?? '',
      ]),
      ['total', '', String(total.cases), String(total.lost), String(total.duplicates), ''],
    ];
    const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length))) ?? [];
    const line = (row: string[]) =>
      `| ${row.map((cell, i) => (i >= 2 && i <= 4 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join(' | ')} |`;
    const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
    const [head, ...body] = table;
    console.log(['', 'Reliability summary', line(head ?? []), rule, ...body.map(line)].join('\n'));
  }
}

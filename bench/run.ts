import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { killBot } from '../test/support/bot-process.js';
import { buildDist } from '../test/support/build-dist.js';
import { ackLatency } from './acks.js';
import { memoryAndStartup } from './memory.js';
import { reminderPrecision } from './reminders.js';
import { scale } from './scale.js';
import { clickStorm } from './storm.js';
import { type Bench, ROOT, type Row, spawnTarget, startFakeSlack } from './support.js';

/**
 * `npm run bench`: every figure beside its baseline, measured in the same run and interleaved
 * (bot, baseline, bot, baseline…), on the real HTTP receiver with signed requests. Prints a
 * Markdown table; `npm run bench -- --write` also puts it into BENCHMARKS.md. Not a test: nothing
 * here passes or fails on a time.
 *
 * This is the driver: one file per benchmark (acks.ts, storm.ts, scale.ts, reminders.ts,
 * memory.ts), each a function returning its rows of the table; what they share is in support.ts.
 */

// `--cpu-prof <dir>`: the bot of the ack and storm sections writes a V8 CPU profile there when it
// stops (`bench/summarize-profile.ts` reads it).
const profileIndex = process.argv.indexOf('--cpu-prof');
const PROFILE_DIR = profileIndex >= 0 ? resolve(process.argv[profileIndex + 1] ?? 'bench/profiles') : null;
// `--only reminders,acks` runs those sections (acks, storm, scale, reminders, memory); all by default.
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? (process.argv[onlyIndex + 1] ?? '').split(',') : null;
const runs = (section: string) => only === null || only.includes(section);

async function main(): Promise<void> {
  const began = Date.now();
  console.log('Building dist/ …');
  const build = await buildDist();
  if (!build.ok) throw new Error(`tsc failed:\n${build.output}`);
  const work = await mkdtemp(join(tmpdir(), 'xsa-bench-'));
  const rows: Row[] = [];
  const notes: string[] = [];
  const slack = await startFakeSlack(work, (channel, text, at) => bench.recordPost?.(channel, text, at));
  const bench: Bench = { work, slack, profileDir: PROFILE_DIR, notes, recordPost: null, responseUrls: 0 };
  try {
    const botDb = join(work, 'bot.db');
    if (runs('acks') || runs('storm')) {
      const bot = await spawnTarget(bench, 'bot', botDb, { timed: true });
      const bare = await spawnTarget(bench, 'bare', join(work, 'unused.db'), { timed: true });
      try {
        if (runs('acks')) rows.push(...(await ackLatency(bench, bot, bare)));
        if (runs('storm')) rows.push(...(await clickStorm(bench, bot, botDb)));
      } finally {
        await killBot(bot.process, 'SIGTERM');
        await killBot(bare.process, 'SIGTERM');
      }
    }
    if (runs('scale')) rows.push(...scale());
    if (runs('reminders')) rows.push(...(await reminderPrecision(bench)));
    if (runs('memory')) rows.push(...(await memoryAndStartup(bench)));
  } finally {
    await killBot(slack.process, 'SIGTERM');
    await rm(work, { recursive: true, force: true });
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}`;
  const table = [
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${machine}; the run took ${Math.round((Date.now() - began) / 1000)} s.`,
    '',
    '| section | measure | xsa-bot | baseline (same run) | note |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    ...(notes.length > 0 ? ['', ...notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
  console.log(`\n${table}`);
  if (process.argv.includes('--write') && only === null) {
    const path = join(ROOT, 'BENCHMARKS.md');
    const text = readFileSync(path, 'utf8');
    const start = '<!-- bench:start -->';
    const end = '<!-- bench:end -->';
    const updated = text.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`);
    writeFileSync(path, updated);
    console.log(`\nBENCHMARKS.md updated.`);
  }
}

await main();

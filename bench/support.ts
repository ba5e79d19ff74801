import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import {
  type BotProcess,
  bareEnv,
  freePort,
  MAIN,
  spawnBot,
  waitForHealth,
} from '../test/support/bot-process.js';
import { buttonClickBody } from '../test/support/payloads.js';
import { postSigned, slashCommandBody } from '../test/support/signing.js';

/**
 * What the benchmarks share: their constants, the statistics and formatting helpers, the fake
 * Slack and the processes under test, and the signed requests. The run's state (its scratch
 * folder, the fake Slack, the notes) lives in one `Bench` that bench/run.ts creates and passes down.
 */

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const SECRET = 'bench-signing-secret';
export const WAR_ROOM = 'CWAR';
export const ALICE = 'UALICE';
export const ROUNDS = 3;
export const BROADCASTS = Array.from({ length: 9 }, (_, i) => `CBCAST${i}`);
export const REMINDER_WAR_ROOMS = Array.from({ length: 20 }, (_, i) => `CREM${i}`);
export const SEED_CAMPAIGNS = 100;
/** The channels whose chat.postMessage the fake reports with its arrival time: the reminder benchmark's. */
const TIMED_CHANNELS = [...BROADCASTS, ...REMINDER_WAR_ROOMS];
export const TSX = ['--import', import.meta.resolve('tsx')];
/** Preloaded into the bot and the baseline of the ack-latency benchmark: times each request inside the process. */
const SERVER_TIMING = ['--import', import.meta.resolve('./server-timing.mjs')];

/** One line of the table: section, measure, xsa-bot, baseline (same run), note. */
export type Row = [section: string, what: string, value: string, baseline: string, note: string];

/** The fake Slack's process (bench/fake-slack-server.ts): its own event loop, not the load generator's. */
export interface SlackProcess {
  url: string;
  apiUrl: string;
  process: BotProcess;
}

/** One run of the benchmarks: what bench/run.ts sets up once and every benchmark uses. */
export interface Bench {
  /** The run's scratch folder (databases), removed at the end. */
  work: string;
  slack: SlackProcess;
  /** `--cpu-prof <dir>`: where the bot writes its V8 CPU profile, or null. */
  profileDir: string | null;
  /** Remarks printed under the table (mismatches, duplicates). */
  notes: string[];
  /** Told of every chat.postMessage to a timed channel, with the fake's arrival time, while the reminder benchmark runs. */
  recordPost: ((channel: string, text: string, at: number) => void) | null;
  /** How many response_urls were handed out so far. */
  responseUrls: number;
}

export interface Target {
  name: string;
  port: number;
  process: BotProcess;
}

// ---- small helpers ------------------------------------------------------------------------------

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);
export const ms = (n: number) =>
  n >= 100 ? `${n.toFixed(0)} ms` : n >= 10 ? `${n.toFixed(1)} ms` : `${n.toFixed(2)} ms`;
export const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: pct(sorted, 50), p99: pct(sorted, 99), max: sorted.at(-1) ?? Number.NaN, n: sorted.length };
};
export type Summary = ReturnType<typeof summary>;
export const triple = (s: Summary) => `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)}`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
/** A row of the table, printed as it is measured. */
export function row(section: string, what: string, value: string, baseline: string, note = ''): Row {
  console.log(`  ${what}: ${value}  |  baseline ${baseline}${note ? `  (${note})` : ''}`);
  return [section, what, value, baseline, note];
}
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** Runs `tasks` with at most `concurrency` in flight; returns each task's latency in ms. */
export async function timed(tasks: Array<() => Promise<unknown>>, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++] as () => Promise<unknown>;
      const started = performance.now();
      await task();
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

// ---- processes ----------------------------------------------------------------------------------

/**
 * Starts the fake Slack with every channel the benchmarks use; resolves once it listens. `onPost`
 * hears of every chat.postMessage to a timed channel.
 */
export async function startFakeSlack(
  work: string,
  onPost: (channel: string, text: string, at: number) => void,
): Promise<SlackProcess> {
  // Private: `/xsa new` is refused anywhere else (rule 2); broadcast channels may be either.
  const member = { members: [ALICE, 'UBOT'], isPrivate: true };
  const channels = {
    [WAR_ROOM]: { ...member, name: 'war-room' },
    ...Object.fromEntries(TIMED_CHANNELS.map((c) => [c, member])),
    ...Object.fromEntries(Array.from({ length: SEED_CAMPAIGNS }, (_, c) => [`CSEED${c}`, member])),
  };
  const options = { users: { [ALICE]: { tz: 'UTC' } }, channels, timedChannels: TIMED_CHANNELS };
  const child = spawnBot(
    bareEnv({ FAKE_SLACK_OPTIONS: JSON.stringify(options) }),
    work,
    join(ROOT, 'bench', 'fake-slack-server.ts'),
    TSX,
  );
  const url = await new Promise<string>((resolve, reject) => {
    let pending = '';
    child.child.stdout?.on('data', (chunk: string) => {
      pending += chunk;
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        const message = JSON.parse(line) as {
          url?: string;
          post?: { channel: string; text: string; at: number };
        };
        if (message.url !== undefined) resolve(message.url);
        if (message.post !== undefined) onPost(message.post.channel, message.post.text, message.post.at);
      }
    });
    void child.exited.then(
      (exit) => reject(new Error(`fake Slack exited (${exit.code ?? exit.signal}):\n${exit.stderr}`)),
      reject,
    );
  });
  return { url, apiUrl: `${url}/api/`, process: child };
}

/** A response_url on the fake that nobody registered: it takes the bot's posts and only acknowledges them. */
export const responseUrl = (bench: Bench) =>
  `${bench.slack.url}/response-url/R${String(++bench.responseUrls).padStart(8, '0')}`;

export async function spawnTarget(
  bench: Bench,
  name: 'bot' | 'bare',
  databasePath: string,
  { timed = false } = {},
): Promise<Target & { startMs: number }> {
  const port = await freePort();
  const env = bareEnv({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: bench.slack.apiUrl,
    DATABASE_PATH: databasePath,
    PORT: String(port),
    LOG_LEVEL: 'error',
  });
  const started = performance.now();
  const timing = [
    ...(timed ? SERVER_TIMING : []),
    ...(name === 'bot' && bench.profileDir !== null
      ? ['--cpu-prof', `--cpu-prof-dir=${bench.profileDir}`]
      : []),
  ];
  const process =
    name === 'bot'
      ? spawnBot(env, bench.work, MAIN, timing)
      : spawnBot(env, bench.work, join(ROOT, 'bench', 'bare-bolt.ts'), [...TSX, ...timing]);
  await waitForHealth(process, port, { pollMs: 5, timeoutMs: 60_000 });
  return { name, port, process, startMs: performance.now() - started };
}

export const url = (target: Target) => `http://127.0.0.1:${target.port}/slack/events`;
export function command(bench: Bench, target: Target, text: string) {
  const body = slashCommandBody({
    text,
    user_id: ALICE,
    channel_id: WAR_ROOM,
    response_url: responseUrl(bench),
  });
  return postSigned(url(target), body, { secret: SECRET });
}
export function click(bench: Bench, target: Target, actionId: string, value: string) {
  const body = buttonClickBody({
    user: ALICE,
    channel: WAR_ROOM,
    actionId,
    value,
    responseUrl: responseUrl(bench),
  });
  return postSigned(url(target), body, { secret: SECRET });
}
async function must(bench: Bench, target: Target, text: string): Promise<void> {
  const response = await command(bench, target, text);
  if (!response.text.includes(':white_check_mark:'))
    throw new Error(`${text}: ${response.text.slice(0, 300)}`);
}
export const zoneNames = (n: number, prefix = 'z') =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(5, '0')}`);
export const liftIn30Days = () => DateTime.utc().plus({ days: 30 }).toISO();

/** A campaign of `zones` zones, each its own region (so no wave rule refuses a start), optionally all started. */
export async function campaign(
  bench: Bench,
  target: Target,
  id: string,
  zones: number,
  started: boolean,
): Promise<string[]> {
  await must(bench, target, `new ${id} lift ${liftIn30Days()}`);
  const names = zoneNames(zones);
  await must(bench, target, `zone add ${names.join(',')} hosts 1000000 in ${id}`);
  if (started) for (const zone of names) await must(bench, target, `start ${zone} in ${id}`);
  return names;
}

import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import cron from 'node-cron';
import { type RunningBot, startBot } from '../src/bot.js';
import { buildStatusView, type ListEntry } from '../src/campaigns/queries.js';
import { planSettingsOf, projectPlan } from '../src/domain/plan.js';
import { summarizeZones } from '../src/domain/progress.js';
import type { Campaign, Zone, ZoneState } from '../src/domain/types.js';
import { checkMessage, checkView } from '../src/sandbox/conformance/block-kit.js';
import { getHomeView } from '../src/slack/blocks/home-blocks.js';
import { getStatusBlocks } from '../src/slack/blocks/status-blocks.js';
import { migrate, openDatabase } from '../src/store/database.js';
import {
  type BotProcess,
  bareEnv,
  freePort,
  killBot,
  MAIN,
  spawnBot,
  waitForHealth,
} from '../test/support/bot-process.js';
import { buildDist } from '../test/support/build-dist.js';
import { buttonClickBody } from '../test/support/payloads.js';
import { postSigned, slashCommandBody } from '../test/support/signing.js';

/**
 * `npm run bench`: every figure beside its baseline, measured in the same run and interleaved
 * (bot, baseline, bot, baseline…), on the real HTTP receiver with signed requests. Prints a
 * Markdown table; `npm run bench -- --write` also puts it into BENCHMARKS.md. Not a test: nothing
 * here passes or fails on a time.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SECRET = 'bench-signing-secret';
const WAR_ROOM = 'CWAR';
const ALICE = 'UALICE';
const ROUNDS = 3;
const rows: string[][] = [];
/** Told of every chat.postMessage to a TIMED_CHANNELS channel, with the fake's arrival time, while the reminder benchmark runs. */
let recordPost: ((channel: string, text: string, at: number) => void) | null = null;
const notes: string[] = [];

// ---- small helpers ------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);
const ms = (n: number) =>
  n >= 100 ? `${n.toFixed(0)} ms` : n >= 10 ? `${n.toFixed(1)} ms` : `${n.toFixed(2)} ms`;
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: pct(sorted, 50), p99: pct(sorted, 99), max: sorted.at(-1) ?? Number.NaN, n: sorted.length };
};
const triple = (s: ReturnType<typeof summary>) => `${ms(s.p50)} / ${ms(s.p99)} / ${ms(s.max)}`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
function row(section: string, what: string, value: string, baseline: string, note = ''): void {
  rows.push([section, what, value, baseline, note]);
  console.log(`  ${what}: ${value}  |  baseline ${baseline}${note ? `  (${note})` : ''}`);
}
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** Runs `tasks` with at most `concurrency` in flight; returns each task's latency in ms. */
async function timed(tasks: Array<() => Promise<unknown>>, concurrency: number): Promise<number[]> {
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

interface Target {
  name: string;
  port: number;
  process: BotProcess;
}

/** The fake Slack's process (bench/fake-slack-server.ts): its own event loop, not the load generator's. */
interface SlackProcess {
  url: string;
  apiUrl: string;
  process: BotProcess;
}

let slack: SlackProcess;
let work: string;
const TSX = ['--import', import.meta.resolve('tsx')];
/** Preloaded into the bot and the baseline of the ack-latency benchmark: times each request inside the process. */
const SERVER_TIMING = ['--import', import.meta.resolve('./server-timing.mjs')];
const BROADCASTS = Array.from({ length: 9 }, (_, i) => `CBCAST${i}`);
const REMINDER_WAR_ROOMS = Array.from({ length: 20 }, (_, i) => `CREM${i}`);
const SEED_CAMPAIGNS = 100;
/** The channels whose chat.postMessage the fake reports with its arrival time: the reminder benchmark's. */
const TIMED_CHANNELS = [...BROADCASTS, ...REMINDER_WAR_ROOMS];

/** Starts the fake Slack with every channel the benchmarks use; resolves once it listens. */
async function startFakeSlack(): Promise<SlackProcess> {
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
        if (message.post !== undefined)
          recordPost?.(message.post.channel, message.post.text, message.post.at);
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
let responseUrls = 0;
const responseUrl = () => `${slack.url}/response-url/R${String(++responseUrls).padStart(8, '0')}`;

async function spawnTarget(
  name: 'bot' | 'bare',
  databasePath: string,
  { timed = false } = {},
): Promise<Target & { startMs: number }> {
  const port = await freePort();
  const env = bareEnv({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    DATABASE_PATH: databasePath,
    PORT: String(port),
    LOG_LEVEL: 'error',
  });
  const started = performance.now();
  const timing = [
    ...(timed ? SERVER_TIMING : []),
    ...(name === 'bot' && PROFILE_DIR !== null ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
  ];
  const process =
    name === 'bot'
      ? spawnBot(env, work, MAIN, timing)
      : spawnBot(env, work, join(ROOT, 'bench', 'bare-bolt.ts'), [...TSX, ...timing]);
  await waitForHealth(process, port, { pollMs: 5, timeoutMs: 60_000 });
  return { name, port, process, startMs: performance.now() - started };
}

const url = (target: Target) => `http://127.0.0.1:${target.port}/slack/events`;
function command(target: Target, text: string) {
  const body = slashCommandBody({
    text,
    user_id: ALICE,
    channel_id: WAR_ROOM,
    response_url: responseUrl(),
  });
  return postSigned(url(target), body, { secret: SECRET });
}
function click(target: Target, actionId: string, value: string) {
  const body = buttonClickBody({
    user: ALICE,
    channel: WAR_ROOM,
    actionId,
    value,
    responseUrl: responseUrl(),
  });
  return postSigned(url(target), body, { secret: SECRET });
}
async function must(target: Target, text: string): Promise<void> {
  const response = await command(target, text);
  if (!response.text.includes(':white_check_mark:'))
    throw new Error(`${text}: ${response.text.slice(0, 300)}`);
}
const zoneNames = (n: number, prefix = 'z') =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(5, '0')}`);
const liftIn30Days = () => DateTime.utc().plus({ days: 30 }).toISO();

/** A campaign of `zones` zones, each its own region (so no wave rule refuses a start), optionally all started. */
async function campaign(target: Target, id: string, zones: number, started: boolean): Promise<string[]> {
  await must(target, `new ${id} lift ${liftIn30Days()}`);
  const names = zoneNames(zones);
  await must(target, `zone add ${names.join(',')} hosts 1000000 in ${id}`);
  if (started) for (const zone of names) await must(target, `start ${zone} in ${id}`);
  return names;
}

// ---- 1. ack latency -----------------------------------------------------------------------------

/** The durations the server-timing preload measured in `target` since the last call (and forgets them). */
async function serverTimes(target: Target): Promise<number[]> {
  const response = await fetch(`http://127.0.0.1:${target.port}/__bench/server-timing`);
  return (await response.json()) as number[];
}

/** One timed batch against `target`: what the load generator saw, and what the process itself measured. */
async function measured(
  target: Target,
  tasks: Array<() => Promise<unknown>>,
  concurrency: number,
  into: { client: number[]; server: number[] },
): Promise<void> {
  await serverTimes(target); // forget the set-up's requests
  into.client.push(...(await timed(tasks, concurrency)));
  const server = await serverTimes(target);
  if (server.length !== tasks.length)
    notes.push(`${target.name}: ${server.length} server timings for ${tasks.length} requests`);
  into.server.push(...server);
}

async function ackLatency(bot: Target, bare: Target): Promise<void> {
  console.log('\nAck latency');
  await campaign(bot, 'STATUS-200', 200, false);
  const perRound = 100;
  const serverRows: Array<[number, ReturnType<typeof summary>, ReturnType<typeof summary>, number]> = [];
  for (const concurrency of [1, 10, 50]) {
    const samples = () => ({ client: [] as number[], server: [] as number[] });
    const statusBot = samples();
    const statusBare = samples();
    const doneBot = samples();
    const doneBare = samples();
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = `DONE-${concurrency}-${round}`;
      const zones = await campaign(bot, id, perRound, true);
      const status = (target: Target) => () => command(target, 'status STATUS-200');
      await measured(
        bot,
        Array.from({ length: perRound }, () => status(bot)),
        concurrency,
        statusBot,
      );
      await measured(
        bare,
        Array.from({ length: perRound }, () => status(bare)),
        concurrency,
        statusBare,
      );
      await measured(
        bot,
        zones.map((z) => () => click(bot, 'zone_done', `${id}|${z}`)),
        concurrency,
        doneBot,
      );
      await measured(
        bare,
        zones.map((z) => () => click(bare, 'zone_done', `${id}|${z}`)),
        concurrency,
        doneBare,
      );
      await sleep(500); // let the clicks' message refreshes (after the ack) settle
    }
    const sb = summary(statusBot.client);
    const sa = summary(statusBare.client);
    const db = summary(doneBot.client);
    const da = summary(doneBare.client);
    row(
      'Ack latency (p50 / p99 / max)',
      `\`/xsa status\`, 200 zones, concurrency ${concurrency}`,
      triple(sb),
      triple(sa),
      `p99 ×${(sb.p99 / sa.p99).toFixed(1)}, ${sb.n} requests`,
    );
    row(
      'Ack latency (p50 / p99 / max)',
      `Done click, concurrency ${concurrency}`,
      triple(db),
      triple(da),
      `p99 ×${(db.p99 / da.p99).toFixed(1)}, ${db.n} clicks`,
    );
    serverRows.push([concurrency, summary(doneBot.server), summary(doneBare.server), db.p50]);
    const ss = summary(statusBot.server);
    const sbare = summary(statusBare.server);
    console.log(`  (status server time: ${triple(ss)}  |  baseline ${triple(sbare)})`);
  }
  for (const [concurrency, server, baseline, clientP50] of serverRows)
    row(
      'Ack server time, inside the process (p50 / p99 / max)',
      `Done click, concurrency ${concurrency}: request read → ack written`,
      triple(server),
      triple(baseline),
      `the load generator saw p50 ${ms(clientP50)}`,
    );
}

// ---- 2. click storm -----------------------------------------------------------------------------

const OPS = 2_000;
const STORM_ZONES = 200;

/** The operations of one storm: progress with a value unique per zone, then a Done click per zone. */
function stormOps(zones: string[]): Array<{ kind: 'progress' | 'done'; zone: string; value: number }> {
  return Array.from({ length: OPS }, (_, i) => {
    const zone = zones[i % zones.length] as string;
    return i < OPS - zones.length
      ? { kind: 'progress', zone, value: i + 1 }
      : { kind: 'done', zone, value: 0 };
  });
}

async function stormOnBot(bot: Target, db: ReturnType<typeof openDatabase>, round: number) {
  const id = `STORM-${round}`;
  const zones = await campaign(bot, id, STORM_ZONES, true);
  const eventsBefore = Number(
    db
      .prepare("SELECT COUNT(*) FROM events WHERE campaign_id = ? AND kind IN ('zone.progress','zone.done')")
      .pluck()
      .get(id),
  );
  const ops = stormOps(zones);
  let changed = 0;
  let unchanged = 0; // commands answered without a change: the first three go to the notes
  const started = performance.now();
  await timed(
    ops.map((op) => async () => {
      const response =
        op.kind === 'progress'
          ? await command(bot, `progress ${op.zone} ${op.value} in ${id}`)
          : await click(bot, 'zone_done', `${id}|${op.zone}`);
      if (response.status !== 200) throw new Error(`storm: HTTP ${response.status}`);
      // A command's ack carries its answer; a click's ack is empty and its change is the zone's Done.
      if (op.kind === 'progress' ? response.text.includes(':white_check_mark:') : true) changed += 1;
      else if (++unchanged <= 3)
        notes.push(
          `storm ${id}: \`progress ${op.zone} ${op.value}\` changed nothing: ${response.text.slice(0, 200)}`,
        );
    }),
    50,
  );
  const seconds = (performance.now() - started) / 1000;
  const stored = db
    .prepare(
      "SELECT zone, kind, details FROM events WHERE campaign_id = ? AND kind IN ('zone.progress','zone.done')",
    )
    .all(id) as Array<{ zone: string; kind: string; details: string }>;
  const keys = stored.map(
    (e) =>
      `${e.zone}:${e.kind}:${e.kind === 'zone.progress' ? (JSON.parse(e.details) as { to: number }).to : ''}`,
  );
  const duplicates = keys.length - new Set(keys).size;
  return { seconds, changed, stored: stored.length - eventsBefore, duplicates };
}

/** The floor: the same transactions, one after another, straight on better-sqlite3 (same pragmas). */
function stormOnSqlite(path: string) {
  const db = openDatabase(path);
  migrate(db);
  const now = DateTime.utc().toISO();
  db.prepare(
    "INSERT INTO campaigns (id, lift_at, alias, war_room_channel, created_by, created_at, reminders_armed_at) VALUES ('FLOOR', ?, 'x', 'C', 'U', ?, ?)",
  ).run(liftIn30Days(), now, now);
  const zones = zoneNames(STORM_ZONES);
  const insertZone = db.prepare(
    "INSERT INTO zones (campaign_id, name, position, region, hosts_total, state, started_at) VALUES ('FLOOR', ?, ?, ?, 1000000, 'in_progress', ?)",
  );
  db.transaction(() => {
    for (const [i, z] of zones.entries()) insertZone.run(z, i + 1, z, now);
  })();
  // The bot's transaction for these operations: since #13 a progress or a Done reads only its zone
  // (the other zones are read for a start, for the wave rule), so the floor does not read them either.
  const one = db.prepare("SELECT * FROM zones WHERE campaign_id = 'FLOOR' AND name = ?");
  const progress = db.prepare("UPDATE zones SET hosts_patched = ? WHERE campaign_id = 'FLOOR' AND name = ?");
  const done = db.prepare(
    "UPDATE zones SET state = 'done', done_at = ? WHERE campaign_id = 'FLOOR' AND name = ?",
  );
  const event = db.prepare(
    "INSERT INTO events (campaign_id, zone, kind, actor, at, details) VALUES ('FLOOR', ?, ?, 'U', ?, ?)",
  );
  const started = performance.now();
  for (const op of stormOps(zones)) {
    db.transaction(() => {
      one.get(op.zone);
      const at = new Date().toISOString();
      if (op.kind === 'progress') progress.run(op.value, op.zone);
      else done.run(at, op.zone);
      event.run(
        op.zone,
        `zone.${op.kind}`,
        at,
        JSON.stringify(op.kind === 'progress' ? { to: op.value } : {}),
      );
    }).immediate();
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { seconds };
}

async function clickStorm(bot: Target, botDbPath: string): Promise<void> {
  console.log('\nClick storm');
  const db = openDatabase(botDbPath);
  const botRuns: Array<Awaited<ReturnType<typeof stormOnBot>>> = [];
  const floorRuns: Array<{ seconds: number }> = [];
  for (let round = 0; round < 2; round += 1) {
    botRuns.push(await stormOnBot(bot, db, round));
    floorRuns.push(stormOnSqlite(join(work, `floor-${round}.db`)));
  }
  db.close();
  const best = (runs: Array<{ seconds: number }>) => Math.max(...runs.map((r) => OPS / r.seconds));
  const changed = botRuns.reduce((n, r) => n + r.changed, 0);
  const stored = botRuns.reduce((n, r) => n + r.stored, 0);
  const duplicates = botRuns.reduce((n, r) => n + r.duplicates, 0);
  row(
    'Click storm (2,000 ops, 200 zones, 50 clients)',
    'throughput, best of 2',
    `${best(botRuns).toFixed(0)} ops/s`,
    `${best(floorRuns).toFixed(0)} ops/s`,
    `runs: ${botRuns.map((r) => (OPS / r.seconds).toFixed(0)).join(', ')} vs ${floorRuns.map((r) => (OPS / r.seconds).toFixed(0)).join(', ')}`,
  );
  row(
    'Click storm (2,000 ops, 200 zones, 50 clients)',
    'acknowledged changes / stored events / duplicates',
    `${changed} / ${stored} / ${duplicates}`,
    `${OPS * 2} / ${OPS * 2} / 0`,
    changed === stored && duplicates === 0 ? 'every acknowledged change stored once' : 'MISMATCH',
  );
}

// ---- 3. scale -----------------------------------------------------------------------------------

function syntheticZones(n: number, campaignId: string, now: DateTime): Zone[] {
  const states: ZoneState[] = ['done', 'done', 'in_progress', 'pending', 'pending', 'blocked'];
  return zoneNames(n, `${campaignId.toLowerCase()}-dc-`).map((name, i) => {
    const state = states[i % states.length] as ZoneState;
    return {
      campaignId,
      name,
      region: `region-${i % 20}`,
      hostsTotal: 500,
      hostsPatched: state === 'done' ? 500 : state === 'in_progress' ? 120 : 0,
      windowStart: now.plus({ hours: i % 48 }),
      windowEnd: now.plus({ hours: (i % 48) + 4 }),
      state,
      blockedReason: state === 'blocked' ? 'BMC firmware hangs on reboot' : null,
      startedAt: state === 'pending' ? null : now.minus({ hours: 3 }),
      doneAt: state === 'done' ? now.minus({ hours: 1 }) : null,
      owner: 'UALICE',
      notifiedAt: now.minus({ days: 2 }),
    };
  });
}

function syntheticCampaign(id: string, now: DateTime): Campaign {
  return {
    id,
    title: 'Improper MSR range used for x2APIC emulation',
    cves: ['CVE-2014-7188'],
    liftAt: now.plus({ days: 2 }),
    alias: 'Scheduled host maintenance',
    warRoomChannel: WAR_ROOM,
    noticeLeadMinutes: 2880,
    waveSize: 1,
    zoneMinutes: 120,
    createdBy: ALICE,
    createdAt: now.minus({ days: 3 }),
    closedAt: null,
  };
}

function medianTime(work: () => unknown, iterations: number): number {
  const times: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return summary(times).p50;
}

function scale(): void {
  console.log('\nScale');
  const now = DateTime.utc();
  const results: Array<{ n: number; status: number; home: number }> = [];
  for (const n of [10, 1_000, 10_000]) {
    const main = syntheticCampaign('XSA-108', now);
    const zones = syntheticZones(n, main.id, now);
    const renderStatus = () => getStatusBlocks(buildStatusView(main, zones, now, false, true));
    // App Home: the same zones spread over campaigns of at most 200 (10 → 1, 1,000 → 5, 10,000 → 50).
    const campaigns = Array.from({ length: Math.ceil(n / 200) }, (_, i) =>
      syntheticCampaign(`XSA-${1000 + i}`, now),
    );
    const perCampaign = campaigns.map((c, i) =>
      zones.slice(i * 200, (i + 1) * 200).map((z) => ({ ...z, campaignId: c.id })),
    );
    const renderHome = () => {
      const entries: ListEntry[] = campaigns.map((campaign, i) => {
        const own = perCampaign[i] as Zone[];
        return {
          campaign,
          totals: summarizeZones(own),
          projection: projectPlan(own, planSettingsOf(campaign), now),
          redacted: i % 2 === 1,
          blockedZones: own.filter((z) => z.state === 'blocked'),
        };
      });
      return getHomeView(entries, now);
    };
    const iterations = n >= 10_000 ? 20 : 100;
    const statusMs = medianTime(renderStatus, iterations);
    const homeMs = medianTime(renderHome, iterations);
    const status = renderStatus();
    const home = renderHome();
    const statusProblems = checkMessage(status);
    const homeProblems = checkView(home);
    results.push({ n, status: statusMs, home: homeMs });
    row(
      'Scale (render, median)',
      `status message, ${n.toLocaleString('en-US')} zones`,
      `${ms(statusMs)}, ${kib(JSON.stringify(status).length)}, ${status.blocks.length} blocks`,
      '≤ 50 blocks, 3,000 chars a section',
      statusProblems.length === 0 ? 'within Block Kit limits' : statusProblems.join('; '),
    );
    row(
      'Scale (render, median)',
      `App Home, ${n.toLocaleString('en-US')} zones in ${campaigns.length} campaign${campaigns.length === 1 ? '' : 's'}`,
      `${ms(homeMs)}, ${kib(JSON.stringify(home).length)}, ${home.blocks.length} blocks`,
      '≤ 100 blocks',
      homeProblems.length === 0 ? 'within Block Kit limits' : homeProblems.join('; '),
    );
  }
  const [small, , large] = results as [(typeof results)[0], unknown, (typeof results)[0]];
  const growth = (a: number, b: number) => (Math.log(b / a) / Math.log(large.n / small.n)).toFixed(2);
  row(
    'Scale (render, median)',
    'growth from 10 to 10,000 zones (time ∝ zonesᵏ)',
    `status k = ${growth(small.status, large.status)}, Home k = ${growth(small.home, large.home)}`,
    'k = 1 is linear',
    `×${(large.status / small.status).toFixed(0)} and ×${(large.home / small.home).toFixed(0)} for ×1,000 zones`,
  );
}

// ---- 4. reminder precision ----------------------------------------------------------------------

async function reminderPrecision(): Promise<void> {
  console.log('\nReminder precision (about 80 s)');
  const broadcasts = BROADCASTS;
  const warRooms = REMINDER_WAR_ROOMS;
  const campaigns = warRooms.length;
  const posted = new Map<string, number>();
  // `at`: when the fake Slack (its own process, on the same clock) received the post.
  recordPost = (channel, text, at) => {
    const bot = /T-1m: (?:REM-(\d+)|Maintenance (\d+))/.exec(text);
    const base = /^baseline (.+)$/.exec(text);
    if (bot) {
      const key = `bot|${channel}|${bot[1] ?? bot[2]}`;
      if (posted.has(key)) notes.push(`duplicate reminder ${key}`);
      else posted.set(key, at);
    } else if (base) posted.set(`base|${base[1]}`, at);
  };
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'xsa-bench-rem-'));
  let bot: RunningBot | null = null;
  let baseline: ReturnType<typeof cron.schedule> | null = null;
  try {
    bot = await startBot({
      env: {
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        DATABASE_PATH: join(dir, 'xsa.db'),
        PORT: String(port),
        LOG_LEVEL: 'error',
      },
    });
    const target = { name: 'bot', port, process: undefined as unknown as BotProcess };
    const t0 = Date.now();
    const due: Array<{ key: string; at: number }> = [];
    for (let i = 0; i < campaigns; i += 1) {
      const dueAt = Math.ceil((t0 + 15_000 + i * 3_000) / 1000) * 1000 + (i % 3) * 333;
      const lift = new Date(dueAt + 60_000).toISOString();
      const id = `REM-${i}`;
      const body = (text: string) =>
        postSigned(
          url(target),
          slashCommandBody({
            text,
            user_id: ALICE,
            channel_id: warRooms[i] as string,
            response_url: responseUrl(),
          }),
          { secret: SECRET },
        );
      await body(`new ${id} lift ${lift} alias "Maintenance ${i}"`);
      await body('remind T-1m');
      for (const channel of broadcasts) await body(`subscribe <#${channel}>`);
      for (const channel of [warRooms[i] as string, ...broadcasts])
        due.push({ key: `${channel}|${i}`, at: dueAt });
    }
    // The baseline: the floor a 2-second node-cron tick and one chat.postMessage allow.
    const pending = due.map((d) => ({ ...d }));
    baseline = cron.schedule('*/2 * * * * *', async () => {
      const now = Date.now();
      const ready = pending.filter((d) => d.at <= now);
      for (const d of ready) pending.splice(pending.indexOf(d), 1);
      await Promise.all(
        ready.map((d) =>
          fetch(`${slack.apiUrl}chat.postMessage`, {
            method: 'POST',
            headers: { authorization: 'Bearer xoxb-bench', 'content-type': 'application/json' },
            body: JSON.stringify({ channel: d.key.split('|')[0], text: `baseline ${d.key}` }),
          }).then((r) => r.text()),
        ),
      );
    });
    const lastDue = Math.max(...due.map((d) => d.at));
    while (Date.now() < lastDue + 8_000) await sleep(250);
    const botDelays: number[] = [];
    const baseDelays: number[] = [];
    for (const d of due) {
      const bot = posted.get(`bot|${d.key}`);
      const base = posted.get(`base|${d.key}`);
      if (bot !== undefined) botDelays.push(bot - d.at);
      if (base !== undefined) baseDelays.push(base - d.at);
    }
    const b = summary(botDelays);
    const a = summary(baseDelays);
    row(
      'Reminder precision',
      `${due.length} checkpoint posts (20 campaigns × war room + 9 channels) due within one minute`,
      `p50 ${ms(b.p50)} / p99 ${ms(b.p99)} / max ${ms(b.max)}`,
      `p50 ${ms(a.p50)} / p99 ${ms(a.p99)} / max ${ms(a.max)}`,
      `${b.n} of ${due.length} posted once each`,
    );
  } finally {
    recordPost = null;
    await baseline?.destroy();
    await bot?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

// ---- 5. memory and start-up ---------------------------------------------------------------------

/** A database with `campaigns` × `zones`, and `eventsPerZone` audit events each, written straight to SQLite. */
function seed(path: string, campaigns: number, zones: number, eventsPerZone: number, open: boolean): number {
  const db = openDatabase(path);
  migrate(db);
  const start = DateTime.utc().minus({ years: 1 });
  const insertCampaign = db.prepare(
    'INSERT INTO campaigns (id, lift_at, alias, war_room_channel, created_by, created_at, closed_at, reminders_armed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertZone = db.prepare(
    'INSERT INTO zones (campaign_id, name, position, region, hosts_total, hosts_patched, state, started_at, done_at) VALUES (?, ?, ?, ?, 500, ?, ?, ?, ?)',
  );
  const insertEvent = db.prepare(
    "INSERT INTO events (campaign_id, zone, kind, actor, at, details) VALUES (?, ?, ?, 'UALICE', ?, ?)",
  );
  let events = 0;
  db.transaction(() => {
    for (let c = 0; c < campaigns; c += 1) {
      const id = `SEED-${c}`;
      const created = start.plus({ days: (c * 365) / campaigns });
      const lift = open ? DateTime.utc().plus({ days: 20 }) : created.plus({ days: 7 });
      insertCampaign.run(
        id,
        lift.toISO(),
        'Scheduled host maintenance',
        `CSEED${c}`,
        'UALICE',
        created.toISO(),
        open ? null : lift.toISO(),
        created.toISO(),
      );
      for (let z = 0; z < zones; z += 1) {
        const name = `dc-${z}`;
        const done = !open || z % 3 === 0;
        insertZone.run(
          id,
          name,
          z + 1,
          `r${z % 10}`,
          done ? 500 : 0,
          done ? 'done' : 'pending',
          done ? created.toISO() : null,
          done ? created.plus({ days: 1 }).toISO() : null,
        );
        for (let e = 0; e < eventsPerZone; e += 1) {
          insertEvent.run(
            id,
            name,
            e === 0 ? 'zone.added' : 'zone.progress',
            created.plus({ minutes: e }).toISO(),
            JSON.stringify({ from: e - 1, to: e }),
          );
          events += 1;
        }
      }
    }
  })();
  db.close();
  return events;
}

async function memoryAndStartup(): Promise<void> {
  console.log('\nMemory and start-up');
  const emptyDb = join(work, 'empty.db');
  const bigDb = join(work, 'big.db');
  const yearDb = join(work, 'year.db');
  seed(bigDb, SEED_CAMPAIGNS, 200, 1, true);
  const yearEvents = seed(yearDb, 52, 200, 25, false);
  const startTimes: Record<string, number[]> = { empty: [], year: [], bare: [] };
  const rss: Record<string, number[]> = { empty: [], big: [], bare: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, kind, db] of [
      ['empty', 'bot', emptyDb],
      ['year', 'bot', yearDb],
      ['bare', 'bare', emptyDb],
    ] as const) {
      const target = await spawnTarget(kind, db);
      startTimes[name]?.push(target.startMs);
      if (name !== 'year') {
        await sleep(4_000); // two scheduler ticks
        rss[name]?.push(rssOf(target.process.pid));
      }
      await killBot(target.process, 'SIGTERM');
    }
    const big = await spawnTarget('bot', bigDb);
    await sleep(4_000);
    // The scheduler has rendered every campaign's countdown; then 20 status requests on 200 zones.
    for (let i = 0; i < 20; i += 1) {
      const response = await command(big, `status SEED-${i}`);
      if (!response.text.includes('SEED-'))
        throw new Error(`status SEED-${i}: ${response.text.slice(0, 200)}`);
    }
    rss.big?.push(rssOf(big.process.pid));
    await killBot(big.process, 'SIGTERM');
  }
  const median = (xs: number[] | undefined) => summary(xs ?? []).p50;
  row(
    'Memory (RSS, median of 3)',
    'idle, empty database',
    mib(median(rss.empty)),
    `${mib(median(rss.bare))} (bare Bolt)`,
  );
  row(
    'Memory (RSS, median of 3)',
    'idle, 100 campaigns × 200 zones, after 20 status requests',
    mib(median(rss.big)),
    `${mib(median(rss.empty))} (bot, empty)`,
  );
  row(
    'Start-up (spawn → 200 from /healthz, median of 3)',
    'empty database',
    ms(median(startTimes.empty)),
    `${ms(median(startTimes.bare))} (bare Bolt)`,
  );
  row(
    'Start-up (spawn → 200 from /healthz, median of 3)',
    `a year of audit events (${yearEvents.toLocaleString('en-US')} events, 52 campaigns)`,
    ms(median(startTimes.year)),
    `${ms(median(startTimes.empty))} (bot, empty)`,
  );
}

// ---- main ---------------------------------------------------------------------------------------

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
  work = await mkdtemp(join(tmpdir(), 'xsa-bench-'));
  slack = await startFakeSlack();
  try {
    const botDb = join(work, 'bot.db');
    if (runs('acks') || runs('storm')) {
      const bot = await spawnTarget('bot', botDb, { timed: true });
      const bare = await spawnTarget('bare', join(work, 'unused.db'), { timed: true });
      try {
        if (runs('acks')) await ackLatency(bot, bare);
        if (runs('storm')) await clickStorm(bot, botDb);
      } finally {
        await killBot(bot.process, 'SIGTERM');
        await killBot(bare.process, 'SIGTERM');
      }
    }
    if (runs('scale')) scale();
    if (runs('reminders')) await reminderPrecision();
    if (runs('memory')) await memoryAndStartup();
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

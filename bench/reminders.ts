import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cron from 'node-cron';
import { type RunningBot, startBot } from '../src/bot.js';
import type { BotProcess } from '../test/support/bot-process.js';
import { freePort } from '../test/support/bot-process.js';
import { postSigned, slashCommandBody } from '../test/support/signing.js';
import {
  ALICE,
  type Bench,
  BROADCASTS,
  ms,
  REMINDER_WAR_ROOMS,
  type Row,
  responseUrl,
  row,
  SECRET,
  sleep,
  summary,
  url,
} from './support.js';

/**
 * Reminder precision (`--only reminders`): 20 campaigns' T-1m checkpoints, each to its war room
 * and nine broadcast channels, due within one minute; the bot runs inside this process, and the
 * baseline is a 2-second node-cron tick posting straight to the fake Slack.
 */

export async function reminderPrecision(bench: Bench): Promise<Row[]> {
  console.log('\nReminder precision (about 80 s)');
  const rows: Row[] = [];
  const broadcasts = BROADCASTS;
  const warRooms = REMINDER_WAR_ROOMS;
  const campaigns = warRooms.length;
  const posted = new Map<string, number>();
  // `at`: when the fake Slack (its own process, on the same clock) received the post.
  bench.recordPost = (channel, text, at) => {
    const bot = /T-1m: (?:REM-(\d+)|Maintenance (\d+))/.exec(text);
    const base = /^baseline (.+)$/.exec(text);
    if (bot) {
      const key = `bot|${channel}|${bot[1] ?? bot[2]}`;
      if (posted.has(key)) bench.notes.push(`duplicate reminder ${key}`);
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
        SLACK_API_URL: bench.slack.apiUrl,
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
            response_url: responseUrl(bench),
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
          fetch(`${bench.slack.apiUrl}chat.postMessage`, {
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
    rows.push(
      row(
        'Reminder precision',
        `${due.length} checkpoint posts (20 campaigns × war room + 9 channels) due within one minute`,
        `p50 ${ms(b.p50)} / p99 ${ms(b.p99)} / max ${ms(b.max)}`,
        `p50 ${ms(a.p50)} / p99 ${ms(a.p99)} / max ${ms(a.max)}`,
        `${b.n} of ${due.length} posted once each`,
      ),
    );
  } finally {
    bench.recordPost = null;
    await baseline?.destroy();
    await bot?.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { StandInSlack } from '../../src/sandbox/stand-in-slack.js';

/**
 * The sandbox without a browser: its page API drives the real bot through signed requests, and what
 * the bot does comes back through the stand-in for Slack. The browser tests (test/browser) cover the
 * page itself.
 */

const ALICE = 'U0ALICE';
const EVE = 'U0EVE';
const WAR_ROOM = 'C0WARROOM';
const GENERAL = 'C0GENERAL';

interface Message {
  ts: string;
  user?: string;
  text?: string;
  blocks?: Array<{ type: string; block_id?: string; text?: { text?: string } }>;
  ephemeralTo?: string;
  edited?: unknown;
}

let work: string;
let sandbox: Sandbox;

async function start(): Promise<Sandbox> {
  return startSandbox({
    port: 0,
    databasePath: join(work, 'sandbox.db'),
    clock: new ManualClock('2014-09-29T09:00:00Z'),
    log: () => {},
  });
}

async function call(
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${sandbox.port}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function type(user: string, channel: string, text: string): Promise<void> {
  const { status, json } = await call(`/api/channels/${channel}/messages`, { as: user, text });
  expect(status, JSON.stringify(json)).toBe(200);
}

async function timeline(user: string, channel: string): Promise<Message[]> {
  const { status, json } = await call(`/api/channels/${channel}/messages?as=${user}`);
  expect(status).toBe(200);
  return json.messages as Message[];
}

const textOf = (message: Message | undefined) =>
  [message?.text ?? '', ...(message?.blocks ?? []).map((b) => b.text?.text ?? '')].join('\n');

const last = <T>(list: readonly T[]): T | undefined => list[list.length - 1];

/**
 * The last message but the war room's live countdown, which the scheduler posts through the outbox
 * on its own tick: on a busy machine it may land after the answer a test is looking for.
 */
const isCountdown = (m: Message) => JSON.stringify(m.blocks ?? []).includes('Live: updated');

async function lastAnswer(user: string, channel: string): Promise<Message | undefined> {
  return last((await timeline(user, channel)).filter((m) => !isCountdown(m)));
}

/** Polls an async check until it returns a value: what the bot does after its ack takes a moment. */
async function until<T>(check: () => Promise<T | undefined | null | false>, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'xsa-sandbox-'));
  sandbox = await start();
});

afterEach(async () => {
  await sandbox.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the sandbox drives the real bot as Slack would', () => {
  it('answers /xsa ephemerally to the one who typed it, in the channel they typed it in', async () => {
    await type(ALICE, WAR_ROOM, '/xsa new XSA-108 lift 2014-10-01T12:00Z');

    const [reply] = await timeline(ALICE, WAR_ROOM);
    expect(reply).toMatchObject({ ephemeralTo: ALICE, user: 'U0XSABOT' });
    expect(textOf(reply)).toContain('Created XSA-108');
    // The war room is private; eve is not in it and cannot read it.
    expect((await call(`/api/channels/${WAR_ROOM}/messages?as=${EVE}`)).status).toBe(403);
    expect(await timeline(EVE, GENERAL)).toEqual([]);
  });

  it('shares from the war room into another channel, redacted, with no command there naming the advisory', async () => {
    await type(ALICE, WAR_ROOM, '/xsa new XSA-108 lift 2014-10-01T12:00Z title "x2APIC MSR range"');
    // Typed in #general before the lift: refused, and only Alice sees the command and the refusal.
    await type(ALICE, GENERAL, '/xsa status XSA-108 share');
    expect(await timeline(EVE, GENERAL)).toEqual([]);
    await type(ALICE, WAR_ROOM, `/xsa status share <#${GENERAL}|general>`);

    const seen = await timeline(EVE, GENERAL);
    expect(seen.map((m) => [m.user, m.ephemeralTo])).toEqual([['U0XSABOT', undefined]]);
    expect(textOf(seen[0])).toContain('Scheduled host maintenance');
    expect(textOf(seen[0])).not.toContain('XSA-108');
    expect(textOf(seen[0])).not.toContain('x2APIC');
  });

  it('escapes #channel and @person in commands, as Slack does for should_escape', async () => {
    await type(ALICE, WAR_ROOM, '/xsa new XSA-108 lift 2014-10-01T12:00Z');
    await type(ALICE, WAR_ROOM, '/xsa subscribe #general');

    expect(textOf(last(await timeline(ALICE, WAR_ROOM)))).toMatch(/<#C0GENERAL(\|general)?>/);
  });

  it('replaces the message a button was on, and tells the clicker', async () => {
    await type(ALICE, WAR_ROOM, '/xsa new XSA-108 lift 2014-10-01T12:00Z');
    await type(ALICE, WAR_ROOM, '/xsa zone add us-east-1a hosts 100');
    await type(ALICE, WAR_ROOM, '/xsa start us-east-1a');
    await type(ALICE, WAR_ROOM, '/xsa status');
    const status = (await lastAnswer(ALICE, WAR_ROOM)) as Message;

    const click = await call('/api/actions', {
      as: ALICE,
      channel: WAR_ROOM,
      ts: status.ts,
      blockId: 'zone:XSA-108|us-east-1a',
      actionId: 'zone_done',
    });

    expect(click.status).toBe(200);
    // The bot answers after its ack, through the click's response_url.
    const after = await until(async () => {
      const messages = await timeline(ALICE, WAR_ROOM);
      return textOf(last(messages)).includes('us-east-1a is done') && messages;
    });
    const replaced = after.find((m) => m.ts === status.ts);
    expect(textOf(replaced)).toContain('*Zones:* 1/1 done');
    expect(replaced?.ephemeralTo).toBe(ALICE);
    expect(after.filter((m) => textOf(m).includes('*Zones:*') && !isCountdown(m))).toHaveLength(1);
  });

  it('refuses a click on a button that is not there, without bothering the bot', async () => {
    await type(ALICE, WAR_ROOM, '/xsa help');
    const help = last(await timeline(ALICE, WAR_ROOM)) as Message;

    const forged = await call('/api/actions', {
      as: ALICE,
      channel: WAR_ROOM,
      ts: help.ts,
      actionId: 'zone_done',
    });
    const gone = await call('/api/actions', {
      as: ALICE,
      channel: WAR_ROOM,
      ts: '1.000001',
      actionId: 'zone_done',
    });

    expect(forged).toMatchObject({ status: 404, json: { error: 'That button is gone.' } });
    expect(gone).toMatchObject({ status: 404, json: { error: 'That message is gone.' } });
  });

  it('opens a modal for the clicker, returns its errors, and closes it on success', async () => {
    await type(ALICE, WAR_ROOM, '/xsa new XSA-108 lift 2014-10-01T12:00Z');
    await type(ALICE, WAR_ROOM, '/xsa zone add us-east-1a');
    await type(ALICE, WAR_ROOM, '/xsa status');
    const status = (await lastAnswer(ALICE, WAR_ROOM)) as Message;
    await call('/api/actions', { as: ALICE, channel: WAR_ROOM, ts: status.ts, actionId: 'zone_block' });

    const view = (await call(`/api/modal?as=${ALICE}`)).json.view as { id: string; callback_id: string };
    expect(view.callback_id).toBe('xsa_block_reason');
    expect((await call(`/api/modal?as=${EVE}`)).json.view).toBeNull();

    const submit = (reason: string | null) =>
      call(`/api/views/${view.id}/submit`, { as: ALICE, values: { reason } });
    // Slack's client checks a required field itself; a blank one is the bot's to refuse.
    expect((await submit(null)).json).toEqual({
      ok: true,
      errors: { reason: 'Please complete this required field.' },
    });
    expect((await submit('   ')).json.errors).toEqual({
      reason: expect.stringContaining('Say what blocks the zone'),
    });
    expect((await submit('BMC firmware hangs')).json).toEqual({ ok: true });

    expect((await call(`/api/modal?as=${ALICE}`)).json.view).toBeNull();
    await until(async () =>
      textOf((await timeline(ALICE, WAR_ROOM)).find((m) => m.ts === status.ts)).includes(
        'BMC firmware hangs',
      ),
    );
  });

  it("publishes the viewer's App Home when they open it", async () => {
    await type(ALICE, WAR_ROOM, '/xsa new XSA-108 lift 2014-10-01T12:00Z');

    expect((await call('/api/home', { as: EVE })).status).toBe(200);
    const home = await until(async () => (await call(`/api/home?as=${EVE}`)).json.view);

    expect(JSON.stringify(home)).toContain('Scheduled host maintenance');
    expect(JSON.stringify(home)).not.toContain('XSA-108');
  });

  it('streams what changed to the people who may see it', async () => {
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${sandbox.port}/api/events?as=${EVE}`, {
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    const read = async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received += new TextDecoder().decode(value);
      }
    };
    const reading = read().catch(() => undefined);

    await type(ALICE, WAR_ROOM, '/xsa help'); // ephemeral to alice in a channel eve cannot see
    await type(ALICE, GENERAL, 'hello #general');
    await until(async () => received.includes(`"channel":"${GENERAL}"`));
    controller.abort();
    await reading;

    expect(received).toContain(`data: {"type":"messages","channel":"${GENERAL}"}`);
    expect(received).not.toContain(WAR_ROOM);
  });

  it('loads the demo campaign, and a second one in a war room of its own', async () => {
    const first = await call('/api/demo', {});
    const second = await call('/api/demo', {});

    expect(first.json).toMatchObject({ campaignId: 'XSA-108', channel: WAR_ROOM });
    expect(second.json).toMatchObject({ campaignId: 'XSA-108-2', channelName: 'xsa-108-2-war-room' });
    // After the replay the scheduler runs on the real time again: it posts the live countdown
    // after the shared status, and nothing it posts was rendered at a replayed instant, hours back
    // (the countdown read "in 11h 1m" when a tick ran during the replay).
    const fromBot = await until(async () => {
      const all = (await timeline(ALICE, WAR_ROOM)).filter((m) => m.user === 'U0XSABOT');
      return all.length >= 2 && all;
    });
    expect(fromBot.map((m) => /: (in \d+h \d+m)/.exec(m.text ?? '')?.[1])).toEqual(['in 6h 1m', 'in 6h 1m']);
    const shared = textOf(fromBot[0]);
    expect(shared).toContain('*Zones:* 2/8 done · 1 blocked · 3 in progress · 2 pending');
    expect(shared).toContain('*Hosts:* 2,950/6,800 patched (43%)');
    expect(shared).toMatch(/\*Projection:\* :no_entry: Blocked on sa-east-1a: the finish depends on it\./);
    expect(shared).toContain('in 6h 1m');
    // The clock is back where it was.
    expect(sandbox.clock.now().toISO()).toBe(sandbox.clock.baseNow().toISO());
  });

  it('keeps its channels and messages across a restart on the same database', async () => {
    const created = await call('/api/channels', { as: ALICE, name: 'customer-comms' });
    const channel = created.json.id as string;
    await type(ALICE, channel, 'notice drafted');
    await sandbox.stop();

    sandbox = await start();

    expect((await timeline(EVE, channel)).map((m) => m.text)).toEqual(['notice drafted']);
  });

  it.each([
    { name: 'a body that is not JSON', path: '/api/home', body: '{', status: 400 },
    { name: 'someone not in the sandbox', path: '/api/home', body: { as: 'U0MALLORY' }, status: 400 },
    { name: 'a bad channel name', path: '/api/channels', body: { as: ALICE, name: '#Nope!' }, status: 400 },
    {
      name: 'a taken channel name',
      path: '/api/channels',
      body: { as: ALICE, name: 'general' },
      status: 409,
    },
    {
      // As if it did not exist: the error must not name the private channel (rule 2).
      name: 'an outsider in the war room',
      path: `/api/channels/${WAR_ROOM}/messages`,
      body: { as: EVE, text: 'hi' },
      status: 404,
    },
    {
      name: 'a message too long',
      path: `/api/channels/${GENERAL}/messages`,
      body: { as: EVE, text: 'x'.repeat(4001) },
      status: 400,
    },
    { name: 'an unknown endpoint', path: '/api/nothing', body: {}, status: 404 },
    { name: 'an unknown time zone', path: '/api/time-zone', body: { tz: 'Mars/Olympus' }, status: 400 },
  ])('refuses $name with $status and a reason', async ({ path, body, status }) => {
    const answer = await call(path, body);

    expect(answer.status).toBe(status);
    expect(answer.json.error).toEqual(expect.any(String));
  });

  it('does not name the private war room in the error an outsider gets', async () => {
    const answer = await call(`/api/channels/${WAR_ROOM}/messages`, { as: EVE, text: 'hi' });
    expect(answer.json.error).toBe('There is no such channel.');
  });

  it.each([
    { name: 'another site (Origin)', headers: { origin: 'https://evil.example' } },
    { name: 'a DNS-rebound name (Host)', headers: { host: 'evil.example' } },
    {
      name: 'a cross-site form (not JSON)',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    { name: 'a cross-site fetch (Sec-Fetch-Site)', headers: { 'sec-fetch-site': 'cross-site' } },
  ])('refuses a change from $name with 403 and changes nothing', async ({ headers }) => {
    // node:http, not fetch: fetch will not send a Host of our choosing.
    const body = JSON.stringify({ as: ALICE, text: `/xsa subscribe <#${GENERAL}|general>` });
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: sandbox.port,
          method: 'POST',
          path: `/api/channels/${GENERAL}/messages`,
          headers: { 'content-type': 'application/json', ...headers },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(403);
    expect(await timeline(ALICE, GENERAL)).toEqual([]);
    // The page itself (same origin) still may.
    const own = await fetch(`http://127.0.0.1:${sandbox.port}/api/channels/${GENERAL}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${sandbox.port}` },
      body: JSON.stringify({ as: ALICE, text: 'hello' }),
    });
    expect(own.status).toBe(200);
  });

  it("does not tell an outsider a private channel's name", async () => {
    const channels = (await call(`/api/workspace?as=${EVE}`)).json.channels as Array<Record<string, unknown>>;

    expect(channels.find((c) => c.id === WAR_ROOM)).toMatchObject({ name: null, canSee: false });
    expect(channels.find((c) => c.id === GENERAL)).toMatchObject({ name: 'general', canSee: true });
  });

  it('serves the page, and nothing outside sandbox/public', async () => {
    const page = await fetch(`http://127.0.0.1:${sandbox.port}/`);
    const outside = await fetch(`http://127.0.0.1:${sandbox.port}/..%2f..%2fpackage.json`);
    const malformed = await fetch(`http://127.0.0.1:${sandbox.port}/%E0%A4%A`);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(outside.status).toBe(404);
    expect(malformed.status).toBe(404);
  });

  it('tells the person, as Slack does, about a command the sandbox has no app for', async () => {
    await type(ALICE, GENERAL, '/giphy cats');

    expect(last(await timeline(ALICE, GENERAL))).toMatchObject({
      user: 'USLACKBOT',
      ephemeralTo: ALICE,
      text: expect.stringContaining('`/giphy` is not a command in this sandbox'),
    });
  });
});

describe('the sandbox in Socket Mode (SANDBOX_TRANSPORT=socket)', () => {
  beforeEach(async () => {
    await sandbox.stop();
    sandbox = await startSandbox({
      port: 0,
      databasePath: join(work, 'socket.db'),
      clock: new ManualClock('2014-09-29T09:00:00Z'),
      log: () => {},
      transport: 'socket',
    });
  });

  it('runs commands, a click, a modal and App Home over the WebSocket', async () => {
    expect(sandbox.bot.ctx.config.slackAppToken).toMatch(/^xapp-/);
    await type(ALICE, WAR_ROOM, '/xsa new XSA-108 lift 2014-10-01T12:00Z');
    await type(ALICE, WAR_ROOM, '/xsa zone add us-east-1a,us-east-1b');
    await type(ALICE, WAR_ROOM, '/xsa status');
    const status = (await lastAnswer(ALICE, WAR_ROOM)) as Message;
    expect(textOf(status)).toContain('us-east-1a');

    await call('/api/actions', {
      as: ALICE,
      channel: WAR_ROOM,
      ts: status.ts,
      blockId: 'zone:XSA-108|us-east-1a',
      actionId: 'zone_start',
    });
    await until(async () => textOf(last(await timeline(ALICE, WAR_ROOM))).includes('us-east-1a'));

    await call('/api/actions', {
      as: ALICE,
      channel: WAR_ROOM,
      ts: status.ts,
      blockId: 'zone:XSA-108|us-east-1b',
      actionId: 'zone_block',
    });
    const view = await until(async () => (await call(`/api/modal?as=${ALICE}`)).json.view as { id: string });
    expect(
      (await call(`/api/views/${view.id}/submit`, { as: ALICE, values: { reason: ' ' } })).json.errors,
    ).toEqual({
      reason: expect.stringContaining('Say what blocks the zone'),
    });

    expect((await call('/api/home', { as: EVE })).status).toBe(200);
    const home = await until(async () => (await call(`/api/home?as=${EVE}`)).json.view);
    expect(JSON.stringify(home)).not.toContain('XSA-108');
  });
});

describe('the stand-in for Slack', () => {
  it('answers a token other than its own with invalid_auth', async () => {
    const slack = await StandInSlack.start({ token: 'xoxb-right', now: () => 0 });
    try {
      const client = new webApi.WebClient('xoxb-wrong', {
        slackApiUrl: slack.apiUrl,
        retryConfig: { retries: 0 },
      });
      await expect(client.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    } finally {
      await slack.stop();
    }
  });

  it('opens a modal for the person a trigger_id was issued to, once, within 3 seconds', async () => {
    let now = Date.parse('2014-09-30T12:00:00Z');
    const slack = await StandInSlack.start({ users: { U1: {} }, now: () => now });
    const client = new webApi.WebClient('xoxb-any', {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    });
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Form' }, blocks: [] };
    try {
      const trigger = slack.issueTrigger('U1');
      const opened = await client.views.open({ trigger_id: trigger, view });
      expect(slack.openModal('U1')).toMatchObject({ id: opened.view?.id, title: view.title });
      await expect(client.views.open({ trigger_id: trigger, view })).rejects.toMatchObject({
        data: { error: 'exchanged_trigger_id' },
      });

      const late = slack.issueTrigger('U1');
      now += 3_100;
      await expect(client.views.open({ trigger_id: late, view })).rejects.toMatchObject({
        data: { error: 'expired_trigger_id' },
      });
    } finally {
      await slack.stop();
    }
  });

  it('refuses a view_submission answer whose view Slack would refuse, and keeps the modal', async () => {
    const slack = await StandInSlack.start({ users: { U1: {} }, now: () => 0 });
    const client = new webApi.WebClient('xoxb-any', {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    });
    const title = (text: string) => ({ type: 'plain_text' as const, text });
    try {
      const opened = await client.views.open({
        trigger_id: slack.issueTrigger('U1'),
        view: { type: 'modal', title: title('Form'), blocks: [] },
      });
      const id = opened.view?.id ?? '';
      const answer = {
        response_action: 'update',
        view: { type: 'modal', title: title('x'.repeat(25)), blocks: [] },
      };

      expect(slack.applyViewResponse('U1', id, answer).refused).toEqual([
        expect.stringContaining('[json-pointer:/view/title/text]'),
      ]);
      expect(slack.openModal('U1')).toMatchObject({ id, title: title('Form') });
    } finally {
      await slack.stop();
    }
  });

  it('takes five posts to a response_url, then answers used_url', async () => {
    const slack = await StandInSlack.start({
      users: { U1: {} },
      channels: { C1: { members: ['U1'] } },
      now: () => 0,
    });
    try {
      const url = slack.registerResponseUrl({ channel: 'C1', user: 'U1' });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const response = await fetch(url, {
          method: 'POST',
          body: JSON.stringify({ text: `answer ${i}` }),
          headers: { 'content-type': 'application/json' },
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
      expect(slack.timeline('C1', 'U1').map((m) => m.text)).toEqual([
        'answer 0',
        'answer 1',
        'answer 2',
        'answer 3',
        'answer 4',
      ]);
    } finally {
      await slack.stop();
    }
  });
});

describe('the bot does not know it is in a sandbox', () => {
  it('imports nothing from src/sandbox outside the entry point', () => {
    const src = fileURLToPath(new URL('../../src/', import.meta.url));
    const offenders = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.startsWith('sandbox') && file !== 'main.ts')
      .filter((file) => /from '(\.\.?\/)+sandbox\//.test(readFileSync(join(src, file), 'utf8')))
      .map((file) => relative(src, join(src, file)));

    expect(offenders).toEqual([]);
  });
});

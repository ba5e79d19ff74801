import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/bot.js';
import { ManualClock } from '../../src/clock.js';
import { checkResponse } from '../../src/sandbox/conformance/web-api.js';
import { SocketModeServer } from '../../src/sandbox/socket-mode-server.js';
import { FakeSlack } from '../support/fake-slack.js';
import { appHomeOpenedPayload, buttonClickPayload, viewSubmissionPayload } from '../support/payloads.js';
import { slashCommandBody } from '../support/signing.js';
import { ALICE, EVE, eventually, PUBLIC_CHANNEL, WAR_ROOM } from '../support/test-bot.js';

// The bot in Socket Mode end to end: apps.connections.open at SLACK_API_URL, a WebSocket to the
// URL it returns, envelopes in and acknowledgements out; the Web API on the checking stand-in.
let sockets: SocketModeServer;
let slack: FakeSlack;
let bot: RunningBot;
let dir: string;

beforeAll(async () => {
  sockets = await SocketModeServer.start();
  slack = await FakeSlack.start({
    users: { [ALICE]: { tz: 'UTC', name: 'alice' }, [EVE]: { tz: 'UTC', name: 'eve' } },
    channels: {
      [WAR_ROOM]: { members: [ALICE, 'UBOT'], name: 'xsa-war-room', isPrivate: true },
      [PUBLIC_CHANNEL]: { members: [ALICE, EVE, 'UBOT'], name: 'general' },
    },
    methods: sockets.methods,
  });
  dir = mkdtempSync(join(tmpdir(), 'xsa-socket-'));
  bot = await startBot({
    env: {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_APP_TOKEN: 'xapp-1-test',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      DATABASE_PATH: join(dir, 'xsa.db'),
      LOG_LEVEL: 'error',
    },
    clock: new ManualClock('2014-09-24T09:00:00Z'),
    tick: false,
    host: '127.0.0.1',
  });
  await sockets.connected(1);
});

afterAll(async () => {
  await bot?.stop();
  await sockets?.stop();
  await slack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `/xsa <text>` as a Socket Mode envelope; resolves with the acknowledgement's payload. */
async function command(text: string, user = ALICE, channel = WAR_ROOM) {
  const payload = Object.fromEntries(
    new URLSearchParams(
      slashCommandBody({
        text,
        user_id: user,
        channel_id: channel,
        response_url: slack.responseUrl(),
        trigger_id: slack.issueTrigger(user),
      }),
    ),
  );
  const ack = await sockets.send('slash_commands', payload);
  // An acknowledgement's payload is delivered like a response_url post: Slack checks it the same way.
  expect(checkResponse(ack.payload ?? {})).toBeUndefined();
  return ack.payload ?? {};
}

const textOf = (payload: Record<string, unknown>) => JSON.stringify(payload);
const zoneState = (zone: string) =>
  bot.ctx.db.prepare('SELECT state FROM zones WHERE name = ?').pluck().get(zone);

describe('Socket Mode, end to end', () => {
  it('connected through apps.connections.open at SLACK_API_URL with the app token', () => {
    expect(slack.callsTo('apps.connections.open')).toEqual([
      { method: 'apps.connections.open', args: {}, token: 'xapp-1-test' },
    ]);
    expect(sockets.connections).toBe(1);
  });

  it('answers a slash command in the acknowledgement', async () => {
    const help = await command('help');
    expect(textOf(help)).toContain('/xsa new');

    const created = await command('new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range"');
    expect(textOf(created)).toContain('XSA-108');
    await command('zone add us-east-1a,us-east-1b region us-east-1 hosts 100');
    expect(bot.ctx.db.prepare('SELECT COUNT(*) FROM zones').pluck().get()).toBe(2);
  });

  it('takes a button click: acknowledged at once, the zone started, the clicker told', async () => {
    const responseUrl = slack.responseUrl();
    const ack = await sockets.send(
      'interactive',
      buttonClickPayload({
        user: ALICE,
        channel: WAR_ROOM,
        actionId: 'zone_start',
        value: 'XSA-108|us-east-1a',
        responseUrl,
        triggerId: slack.issueTrigger(ALICE),
      }),
    );

    expect(ack.payload ?? {}).toEqual({});
    await eventually(() => zoneState('us-east-1a') === 'in_progress');
    const id = decodeURIComponent(responseUrl.split('/response-url/')[1] ?? '');
    await eventually(() =>
      slack
        .callsTo('response_url')
        .find((c) => c.args.responseUrlId === id && c.args.replace_original === false),
    );
  });

  it('answers a modal submission with errors in the acknowledgement', async () => {
    const ack = await sockets.send(
      'interactive',
      viewSubmissionPayload({
        user: ALICE,
        callbackId: 'xsa_block_reason',
        privateMetadata: JSON.stringify({
          campaignId: 'XSA-108',
          zone: 'us-east-1b',
          channelId: WAR_ROOM,
          responseUrl: null,
        }),
        values: { reason: { reason_input: { type: 'plain_text_input', value: ' ' } } },
      }),
    );

    expect(ack.payload).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    expect(zoneState('us-east-1b')).toBe('pending');
  });

  it('publishes App Home on app_home_opened, under the alias for an outsider', async () => {
    const ack = await sockets.send('events_api', appHomeOpenedPayload(EVE), false);
    expect(ack.envelope_id).toEqual(expect.any(String));

    const home = await eventually(() => slack.homeView(EVE));
    expect(JSON.stringify(home)).not.toContain('XSA-108');
  });

  it('reconnects after a disconnect with refresh_requested, and goes on answering', async () => {
    sockets.requestRefresh();
    // The SDK waits its client ping timeout (5 s) before it reconnects.
    await sockets.connected(2);

    expect(slack.callsTo('apps.connections.open')).toHaveLength(2);
    expect(textOf(await command('status'))).toContain('us-east-1a');
  }, 20_000);

  it('serves /healthz on PORT, and nothing else', async () => {
    const base = `http://127.0.0.1:${bot.port}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, mode: 'socket' });
    expect((await fetch(`${base}/slack/events`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});

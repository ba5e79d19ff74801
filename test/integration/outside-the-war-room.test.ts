import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, createApiToken } from '../support/api-client.js';
import { appHomeOpenedBody } from '../support/payloads.js';
import {
  ALICE,
  EVE,
  eventually,
  PUBLIC_CHANNEL,
  replyText,
  startTestBot,
  type TestBot,
  WAR_ROOM,
} from '../support/test-bot.js';

/**
 * Rule 2 over everything the merged verbs make the bot send: a responder runs a campaign with every
 * verb (settings, rename, block, tokens and the API, report, share into a channel, close and reopen),
 * reminders and a zone window fire, an outsider opens the App Home and reads the subscribed channel.
 * Then every Slack call that lands outside the war room — posts, updates, uploads, DMs, Home views,
 * ephemeral answers to the outsider — is searched, ids and metadata included, for the advisory.
 */

const TITLE = 'Guest escape through emulated vAPIC';
const REASON = 'BMC firmware hangs on reboot';
/** Normalised as the alias check does: `XSA108`, `xsa_108` and `XSA-208` are one. */
const SECRETS = ['xsa208', 'cve20260001', 'guestescapethroughemulatedvapic', 'bmcfirmwarehangs'];
const normalise = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ now: '2014-09-30T09:00:00Z' });
  const commands = [
    `new XSA-208 lift 2014-10-01T12:00Z title "Improper MSR range" cve CVE-2026-0001`,
    'zone add us-east-1a,us-east-1b region us-east-1 hosts 100',
    `zone add eu-west-1a window 2014-09-30T11:00Z/2014-09-30T15:00Z owner <@${EVE}|eve>`,
    `subscribe <#${PUBLIC_CHANNEL}|general>`,
    `set title "${TITLE}"`,
    'set alias "Routine platform work"',
    'set notice 1h',
    'set wave 2',
    'set zone-duration 3h',
    'zone rename us-east-1b us-east-1c',
    'notified all',
    `block us-east-1a ${REASON}`,
    'timeline page 1',
    'hosts us-east-1c',
    `status share <#${PUBLIC_CHANNEL}|general>`,
    'status share',
    'report',
    'close confirm',
    'reopen',
  ];
  for (const text of commands) {
    expect(replyText(await t.command(text)), text).not.toMatch(/^:warning:/);
  }
  const token = await createApiToken(t, 'ci');
  const api = `/api/v1/campaigns/XSA-208/zones`;
  const answers = [
    await callApi(t, 'POST', `${api}/us-east-1c/actions`, { token, body: { action: 'start', force: true } }),
    await callApi(t, 'POST', api, {
      token,
      body: { zones: [{ name: 'ap-south-1a', hosts: ['hv-1', 'hv-2'] }] },
    }),
    await callApi(t, 'POST', `${api}/ap-south-1a/actions`, { token, body: { action: 'start', force: true } }),
    await callApi(t, 'POST', `${api}/ap-south-1a/hosts`, { token, body: { patched: ['hv-1'] } }),
  ];
  for (const answer of answers) expect(answer.status, answer.text).toBeLessThan(300);
  // Through the window of eu-west-1a (eve owns it, and is no responder) and the T-24h checkpoint.
  for (let i = 0; i < 4; i += 1) {
    t.clock.set(
      ['2014-09-30T11:00:30Z', '2014-09-30T12:00:30Z', '2014-09-30T12:01:30Z', '2014-09-30T12:02:30Z'][
        i
      ] as string,
    );
    await t.bot.scheduler.runOnce();
  }
  await t.command('status', { user: EVE, channel: PUBLIC_CHANNEL });
  await t.command('list', { user: EVE, channel: PUBLIC_CHANNEL });
  await t.post(appHomeOpenedBody(EVE));
  await eventually(() => t.slack.callsTo('views.publish').find((c) => c.args.user_id === EVE));
});
afterAll(async () => {
  await t.stop();
});

/** Where a call lands: a channel, a DM (a user id) or someone's Home. */
function target(args: Record<string, unknown>): string {
  return String(args.channel ?? args.channel_id ?? args.channels ?? args.user_id ?? '');
}

describe('what leaves the war room before the lift', () => {
  it('names the advisory nowhere: text, blocks, block and action ids, values, metadata, file names', () => {
    const outside = t.slack.calls.filter((call) => {
      if (call.method === 'response_url') return false; // answers to the responder who clicked or typed
      if (call.method === 'chat.postEphemeral') return call.args.user !== ALICE;
      if (call.method === 'views.publish') return call.args.user_id !== ALICE;
      const where = target(call.args);
      return where !== '' && where !== WAR_ROOM;
    });
    // The run reached the outside at all: a broadcast, eve's DM and eve's Home.
    const places = new Set(outside.map((call) => `${call.method} ${target(call.args)}`));
    expect(places).toContain(`chat.postMessage ${PUBLIC_CHANNEL}`);
    expect(places).toContain(`chat.postMessage ${EVE}`);
    expect(places).toContain(`views.publish ${EVE}`);
    for (const call of outside) {
      const seen = normalise(JSON.stringify(call.args));
      for (const secret of SECRETS)
        expect(seen, `${call.method} to ${target(call.args)}`).not.toContain(secret);
    }
  });

  it("and the outsider's own answers there name it nowhere either", async () => {
    for (const text of ['status', 'list', 'timeline', 'report', 'hosts us-east-1a', 'token list']) {
      const answer = normalise(
        JSON.stringify((await t.command(text, { user: EVE, channel: PUBLIC_CHANNEL })).json),
      );
      for (const secret of SECRETS) expect(answer, text).not.toContain(secret);
    }
  });
});

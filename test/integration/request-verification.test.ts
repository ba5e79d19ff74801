import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotRows } from '../support/db-snapshot.js';
import {
  type PostSignedOptions,
  postSigned,
  signatureHeaders,
  slashCommandBody,
} from '../support/signing.js';
import {
  ALICE,
  replyText,
  SIGNING_SECRET,
  startTestBot,
  type TestBot,
  WAR_ROOM,
} from '../support/test-bot.js';

/**
 * The interface contract: `POST /slack/events` is verified with the signing secret, and a bad or
 * stale signature gets 401 with nothing recorded. Every forged request below carries a command
 * that would change the campaign (`close`) had it been accepted, and the last test shows that the
 * same command, correctly signed, does.
 */

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
  await t.command('new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation"');
  await t.command('zone add us-east-1a,us-east-1b region us-east-1 hosts 1000');
  t.slack.reset();
});
afterEach(async () => {
  await t.stop();
});

/** Slack calls a handled command could make: replies, posts, and the look-ups a listener does first. */
function callsFromListeners(bot: TestBot): string[] {
  return bot.slack.calls
    .map((call) => call.method)
    .filter(
      (method) =>
        method.startsWith('chat.') ||
        method.startsWith('views.') ||
        method === 'response_url' ||
        method === 'conversations.members' ||
        method === 'users.info',
    );
}

function commandBody(text: string): string {
  return slashCommandBody({
    text,
    user_id: ALICE,
    channel_id: WAR_ROOM,
    response_url: t.slack.responseUrl(),
  });
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

const forgeries: Array<{ name: string; send: () => Promise<{ status: number }> }> = [
  {
    name: 'no signature headers at all',
    send: () => postSigned(t.url, commandBody('close confirm'), { secret: SIGNING_SECRET, sign: false }),
  },
  {
    name: 'signed with the wrong secret',
    send: () => postSigned(t.url, commandBody('close confirm'), { secret: 'not-the-signing-secret' }),
  },
  {
    name: 'a timestamp 10 minutes old',
    send: () =>
      postSigned(t.url, commandBody('close confirm'), {
        secret: SIGNING_SECRET,
        timestampSeconds: nowSeconds() - 600,
      }),
  },
  {
    // Bolt alone accepts any future timestamp; src/slack/receiver.ts refuses it (a replay window).
    name: 'a timestamp 10 minutes in the future',
    send: () =>
      postSigned(t.url, commandBody('close confirm'), {
        secret: SIGNING_SECRET,
        timestampSeconds: nowSeconds() + 600,
      }),
  },
  {
    name: 'the body altered after signing (status changed to close)',
    send: () =>
      postSigned(t.url, commandBody('status'), {
        secret: SIGNING_SECRET,
        alterAfterSigning: (body) => body.replace('text=status', 'text=close'),
      }),
  },
  {
    name: 'a signature header that is not hex',
    send: () =>
      postSigned(t.url, commandBody('close confirm'), {
        secret: SIGNING_SECRET,
        headers: { 'x-slack-signature': 'v0=not-a-signature' },
      }),
  },
  {
    name: 'a timestamp that is not a number',
    send: () =>
      postSigned(t.url, commandBody('close confirm'), {
        secret: SIGNING_SECRET,
        headers: { 'x-slack-request-timestamp': 'yesterday' },
      }),
  },
  {
    name: 'the right HMAC under an unknown signature version',
    send: () => {
      const body = commandBody('close confirm');
      const signed = signatureHeaders(SIGNING_SECRET, body);
      const options: PostSignedOptions = {
        secret: SIGNING_SECRET,
        headers: { 'x-slack-signature': (signed['x-slack-signature'] ?? '').replace(/^v0=/, 'v1=') },
      };
      return postSigned(t.url, body, options);
    },
  },
];

describe('POST /slack/events refuses requests that Slack did not sign', () => {
  it.each(forgeries)('$name: 401 and nothing changes', async ({ send }) => {
    const before = snapshotRows(t);
    expect(before.campaigns).toHaveLength(1);

    const response = await send();

    expect(response.status).toBe(401);
    expect(snapshotRows(t)).toEqual(before);
    expect(callsFromListeners(t)).toEqual([]);
    expect(t.bot.ctx.campaigns.findCampaign('XSA-108')?.closedAt).toBeNull();
  });

  it('a replayed signature on a different body: 401 and nothing changes', async () => {
    // A valid, read-only request is captured...
    const original = commandBody('status');
    const headers = signatureHeaders(SIGNING_SECRET, original);
    const accepted = await postSigned(t.url, original, { secret: SIGNING_SECRET, sign: false, headers });
    expect(accepted.status).toBe(200);
    expect(replyText(accepted)).toContain('XSA-108');
    t.slack.reset();
    const before = snapshotRows(t);

    // ...and its headers are sent again with a body that would close the campaign.
    const replayed = await postSigned(t.url, commandBody('close confirm'), {
      secret: SIGNING_SECRET,
      sign: false,
      headers,
    });

    expect(replayed.status).toBe(401);
    expect(snapshotRows(t)).toEqual(before);
    expect(callsFromListeners(t)).toEqual([]);
    expect(t.bot.ctx.campaigns.findCampaign('XSA-108')?.closedAt).toBeNull();
  });

  it('a correctly signed request gets 200 and does what it says', async () => {
    const before = snapshotRows(t);

    const response = await postSigned(t.url, commandBody('close confirm'), { secret: SIGNING_SECRET });

    expect(response.status).toBe(200);
    expect(replyText(response)).toContain('Closed XSA-108');
    expect(t.bot.ctx.campaigns.findCampaign('XSA-108')?.closedAt).not.toBeNull();
    const events = t.bot.ctx.db.prepare('SELECT kind FROM events ORDER BY id').pluck().all();
    expect(events).toEqual([...(before.events ?? []).map((e) => e.kind), 'campaign.closed']);
  });
});

describe('GET /healthz', () => {
  it('answers 200 with JSON ok: true', async () => {
    const response = await fetch(`http://127.0.0.1:${t.bot.port}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ ok: true });
  });
});

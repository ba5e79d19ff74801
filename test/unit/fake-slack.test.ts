import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest, LogLevel, webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.js';
import { interactionBody, postSigned, signatureHeaders, slashCommandBody } from '../support/signing.js';

const TOKEN = 'xoxb-test-token';

describe('FakeSlack with the real WebClient', () => {
  let fake: FakeSlack;

  beforeAll(async () => {
    fake = await FakeSlack.start({
      users: {
        U1: { tz: 'Asia/Kolkata', name: 'alice' },
        U2: { name: 'bob' },
      },
      channels: { C1: { members: ['U1', 'U2'], name: 'xsa-108-war-room', isPrivate: true } },
    });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.stop());

  function client(options: webApi.WebClientOptions = {}): webApi.WebClient {
    return new webApi.WebClient(TOKEN, {
      slackApiUrl: fake.apiUrl,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
      ...options,
    });
  }

  it('answers auth.test and records the bearer token', async () => {
    const result = await client().auth.test();

    expect(result).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
    expect(fake.calls).toEqual([{ method: 'auth.test', args: {}, token: TOKEN }]);
  });

  it('posts a message, records its blocks parsed, and edits it in place', async () => {
    const web = client();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Scheduled host maintenance*' } }];

    const posted = await web.chat.postMessage({ channel: 'C1', text: 'first', blocks });
    const updated = await web.chat.update({ channel: 'C1', ts: posted.ts ?? '', text: 'second' });

    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(updated).toMatchObject({ ok: true, channel: 'C1', ts: posted.ts });
    expect(fake.callsTo('chat.postMessage')[0]?.args).toMatchObject({ channel: 'C1', text: 'first', blocks });
    expect(fake.messages('C1')).toEqual([expect.objectContaining({ ts: posted.ts, text: 'second', blocks })]);
  });

  it('gives every message a later ts, and forgets deleted ones', async () => {
    const web = client();
    const first = await web.chat.postMessage({ channel: 'C1', text: 'one' });
    const second = await web.chat.postMessage({ channel: 'C1', text: 'two' });

    await web.chat.delete({ channel: 'C1', ts: first.ts ?? '' });

    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['two']);
  });

  it("surfaces ok:false as a platform error carrying Slack's error code", async () => {
    const web = client();

    await expect(web.chat.postMessage({ channel: 'C404', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { ok: false, error: 'channel_not_found' },
    });
    await expect(web.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    fake.failNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    await expect(web.apiCall('no.such.method')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    expect(fake.takeRejections()).toEqual([expect.objectContaining({ error: 'unknown_method' })]);
  });

  it('pages conversations.members by limit and cursor', async () => {
    const members = Array.from({ length: 450 }, (_, i) => `U${String(i).padStart(4, '0')}`);
    fake.setChannel('CBIG', { members });

    const pages: string[][] = [];
    for await (const page of client().paginate('conversations.members', { channel: 'CBIG', limit: 200 })) {
      pages.push((page as webApi.ConversationsMembersResponse).members ?? []);
    }

    expect(pages.map((p) => p.length)).toEqual([200, 200, 50]);
    expect(pages.flat()).toEqual(members);
    expect(fake.callsTo('conversations.members').map((c) => c.args.cursor)).toEqual([
      undefined,
      expect.any(String),
      expect.any(String),
    ]);
  });

  it('ends pagination with an empty next_cursor', async () => {
    const result = await client().conversations.members({ channel: 'C1' });

    expect(result.members).toEqual(['U1', 'U2']);
    expect(result.response_metadata?.next_cursor).toBe('');
  });

  it("reports a user's time zone, and omits it when the user has none", async () => {
    const web = client();

    const alice = await web.users.info({ user: 'U1' });
    const bob = await web.users.info({ user: 'U2' });

    // Asia/Kolkata has had no DST since 1945: always UTC+05:30.
    expect(alice.user).toMatchObject({ id: 'U1', name: 'alice', tz: 'Asia/Kolkata', tz_offset: 19_800 });
    expect(alice.user?.tz_label).toBe('India Standard Time');
    expect(bob.user).not.toHaveProperty('tz');
    await expect(web.users.info({ user: 'U404' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
  });

  it('describes a channel with conversations.info', async () => {
    const result = await client().conversations.info({ channel: 'C1' });

    expect(result.channel).toMatchObject({
      id: 'C1',
      name: 'xsa-108-war-room',
      is_private: true,
      is_member: true,
    });
  });

  it('opens a modal and updates it by view id', async () => {
    const web = client();
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Block zone' },
      blocks: [],
    };

    const opened = await web.views.open({ trigger_id: fake.issueTrigger('U1'), view });
    const updated = await web.views.update({ view_id: opened.view?.id ?? '', view: { ...view, blocks: [] } });

    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), type: 'modal', title: view.title });
    expect(updated.view?.id).toBe(opened.view?.id);
    expect(fake.callsTo('views.open')[0]?.args.view).toEqual(view);
  });

  it('waits out a 429 for its Retry-After and then succeeds', async () => {
    // p-retry adds its own back-off (minTimeout) on top of Retry-After; zero it so only Retry-After counts.
    const web = client({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const rateLimited: number[] = [];
    web.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    fake.failNext('chat.postMessage', { status: 429, headers: { 'Retry-After': '1' } });

    const started = Date.now();
    const result = await web.chat.postMessage({ channel: 'C1', text: 'reminder' });

    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(rateLimited).toEqual([1]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(fake.messages('C1')).toHaveLength(1);
  });

  it('returns an HTTP 500 as given, which the client reports as an HTTP error', async () => {
    fake.failNext('chat.postMessage', { status: 500, body: 'upstream exploded' });

    await expect(client().chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.HTTPError,
      statusCode: 500,
    });
    expect(fake.messages('C1')).toEqual([]);
  });

  it('answers slowly when asked to, then normally', async () => {
    fake.failNext('auth.test', { delayMs: 150 });

    const started = Date.now();
    const result = await client().auth.test();

    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(result.ok).toBe(true);
  });

  it('records JSON posted to a response_url', async () => {
    const url = fake.responseUrl();

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'Campaign created' }),
    });

    expect(response.status).toBe(200);
    expect(fake.callsTo('response_url')).toEqual([
      {
        method: 'response_url',
        args: { response_type: 'ephemeral', text: 'Campaign created', responseUrlId: expect.any(String) },
        token: undefined,
      },
    ]);
  });
});

describe('the stand-in refuses what Slack refuses', () => {
  let fake: FakeSlack;

  beforeAll(async () => {
    fake = await FakeSlack.start({
      users: { U1: { name: 'alice' } },
      channels: { C1: { members: ['U1'], name: 'war-room', isPrivate: true } },
    });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.stop());

  const web = () =>
    new webApi.WebClient(TOKEN, {
      slackApiUrl: fake.apiUrl,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
    });
  const header = (text: string) => ({ type: 'header', text: { type: 'plain_text', text } });

  it('answers a message with a header over 150 characters invalid_blocks, naming where, and stores nothing', async () => {
    await expect(
      web().chat.postMessage({ channel: 'C1', text: 'status', blocks: [header('x'.repeat(151))] }),
    ).rejects.toMatchObject({
      data: {
        ok: false,
        error: 'invalid_blocks',
        response_metadata: { messages: [expect.stringContaining('[json-pointer:/blocks/0/text/text]')] },
      },
    });
    expect(fake.messages('C1')).toEqual([]);
    expect(fake.takeRejections()).toEqual([
      expect.objectContaining({
        error: 'invalid_blocks',
        call: expect.objectContaining({ method: 'chat.postMessage' }),
      }),
    ]);
  });

  it('answers blocks without a text fallback invalid_blocks, in chat.update too', async () => {
    const posted = await web().chat.postMessage({ channel: 'C1', text: 'first' });
    await expect(
      web().chat.update({ channel: 'C1', ts: posted.ts ?? '', blocks: [header('Status')] } as never),
    ).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    expect(fake.takeRejections()).toHaveLength(1);
  });

  it('answers a missing required or an unknown argument invalid_arguments', async () => {
    await expect(web().apiCall('chat.postMessage', { text: 'no channel' })).rejects.toMatchObject({
      data: {
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] missing required field: channel'] },
      },
    });
    await expect(web().apiCall('users.info', { user: 'U1', colour: 'red' })).rejects.toMatchObject({
      data: {
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] unknown field: colour'] },
      },
    });
    await expect(web().apiCall('chat.postMessage', { channel: 'C1' })).rejects.toMatchObject({
      data: { error: 'invalid_arguments' },
    });
    expect(fake.takeRejections()).toHaveLength(3);
  });

  it('answers a modal with inputs and no submit invalid_arguments', async () => {
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Block a zone' },
      blocks: [
        {
          type: 'input' as const,
          label: { type: 'plain_text' as const, text: 'Reason' },
          element: { type: 'plain_text_input' as const, action_id: 'r' },
        },
      ],
    };
    await expect(web().views.open({ trigger_id: fake.issueTrigger('U1'), view })).rejects.toMatchObject({
      data: {
        error: 'invalid_arguments',
        response_metadata: { messages: [expect.stringContaining('/view/submit')] },
      },
    });
    expect(fake.openModal('U1')).toBeUndefined();
    expect(fake.takeRejections()).toHaveLength(1);
  });

  it('refuses a trigger_id it never issued, as Slack does', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Form' }, blocks: [] };
    await expect(web().views.open({ trigger_id: '12345.98765.abcd2358fdea', view })).rejects.toMatchObject({
      data: { error: 'invalid_trigger_id' },
    });
  });

  it('answers a response_url post with invalid blocks 400 invalid_blocks, and it counts for nothing', async () => {
    const url = fake.responseUrl();
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const refused = await post({ text: 'status', blocks: [{ type: 'section' }] });
    const unknown = await post({ text: 'status', colour: 'red' });

    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ ok: false, error: 'invalid_arguments' });
    expect(fake.takeRejections()).toHaveLength(2);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await post({ text: `answer ${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it('fails its stop() when a refusal was left untaken, so no test passes with a payload Slack refuses', async () => {
    const other = await FakeSlack.start({ channels: { C1: { members: [] } } });
    await expect(
      new webApi.WebClient(TOKEN, {
        slackApiUrl: other.apiUrl,
        retryConfig: { retries: 0 },
      }).chat.postMessage({
        channel: 'C1',
        text: 't',
        blocks: [header('')],
      }),
    ).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    await expect(other.stop()).rejects.toThrow(/Slack would have refused what the bot sent/);
  });
});

describe('request signing', () => {
  it("matches Slack's documented example", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

    expect(signatureHeaders('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toEqual({
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'x-slack-request-timestamp': '1531420618',
    });
  });

  it('agrees with an HMAC computed independently', () => {
    const expected = createHmac('sha256', 's3cret').update('v0:1700000000:{"a":1}').digest('hex');

    expect(signatureHeaders('s3cret', '{"a":1}', 1700000000)['x-slack-signature']).toBe(`v0=${expected}`);
  });

  it('builds a slash command body with defaults', () => {
    const fields = new URLSearchParams(slashCommandBody({ text: 'new XSA-108 lift 2014-10-01T12:00Z' }));

    expect(Object.fromEntries(fields)).toMatchObject({
      command: '/xsa',
      text: 'new XSA-108 lift 2014-10-01T12:00Z',
      team_id: 'T1',
      user_id: 'U1',
      channel_id: 'C1',
      trigger_id: expect.any(String),
    });
  });

  it('builds an interaction body Slack-style', () => {
    const payload = { type: 'block_actions', actions: [{ value: 'XSA-108|us-east-1a' }] };

    expect(JSON.parse(new URLSearchParams(interactionBody(payload)).get('payload') ?? '')).toEqual(payload);
  });

  describe('postSigned, checked by Bolt', () => {
    const secret = 'signing-secret';
    let server: Server;
    let url: string;

    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => {
          body += chunk;
        });
        req.on('end', () => {
          const valid = isValidSlackRequest({
            signingSecret: secret,
            body,
            headers: {
              'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''),
              'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
            },
          });
          res.writeHead(valid ? 200 : 401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ contentType: req.headers['content-type'], body }));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const body = slashCommandBody({ text: 'status' });
    const now = () => Math.floor(Date.now() / 1000);

    it.each([
      { name: 'a correctly signed form body', options: {}, status: 200 },
      { name: 'the wrong secret', options: { secret: 'wrong' }, status: 401 },
      { name: 'a stale timestamp', options: { timestampSeconds: now() - 6 * 60 }, status: 401 },
      {
        name: 'a body altered after signing',
        options: { alterAfterSigning: (b: string) => `${b}x` },
        status: 401,
      },
      { name: 'no signature', options: { sign: false }, status: 401 },
    ])('answers $status for $name', async ({ options, status }) => {
      const response = await postSigned(url, body, { secret, ...options });

      expect(response.status).toBe(status);
      expect(response.json).toMatchObject({ contentType: 'application/x-www-form-urlencoded' });
    });

    it('sends an events body as JSON', async () => {
      const response = await postSigned(url, '{"type":"url_verification","challenge":"c"}', { secret });

      expect(response).toMatchObject({ status: 200, json: { contentType: 'application/json' } });
    });
  });
});

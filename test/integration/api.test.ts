import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonAnswer } from '../../src/api/http.js';
import { HttpApi, type Route } from '../../src/api/routes.js';
import { ZoneActionRequest } from '../../src/api/schemas.js';
import { createRouteServer } from '../../src/http/routes.js';
import { healthRoute } from '../../src/slack/app.js';
import { callApi, createApiToken } from '../support/api-client.js';
import { ALICE, EVE, PUBLIC_CHANNEL, replyText, startTestBot, type TestBot } from '../support/test-bot.js';

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
  await t.command(
    'new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation" cve CVE-2014-7188',
  );
});
afterEach(async () => {
  await t.stop();
});

const events = (kind: string) =>
  t.bot.ctx.db.prepare('SELECT actor, zone, details FROM events WHERE kind = ? ORDER BY id').all(kind) as {
    actor: string;
    zone: string | null;
    details: string;
  }[];

describe('campaign tokens', () => {
  it('are shown once, stored as a hash, listed and revoked at once, each step audited', async () => {
    const reply = await t.command('token create Ansible');
    expect(reply.json).toMatchObject({ response_type: 'ephemeral' });
    const token = /xsa_[A-Za-z0-9_-]{20,}/.exec(reply.text)?.[0] as string;
    expect(token).toBeDefined();
    const rows = t.bot.ctx.db.prepare('SELECT * FROM api_tokens').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'ansible', campaign_id: 'XSA-108', created_by: ALICE });
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4, 24));
    // Nothing else the bot sent carries it either.
    expect(JSON.stringify(t.slack.calls)).not.toContain(token);

    expect(replyText(await t.command('token list'))).toMatch(/ansible.*never used/s);
    expect((await callApi(t, 'GET', '/api/v1/campaigns/XSA-108', { token })).status).toBe(200);
    expect(replyText(await t.command('token list'))).toMatch(/ansible.*last used/s);

    expect(replyText(await t.command('token create ansible'))).toContain('already has a token named');
    expect(replyText(await t.command('token revoke ansible'))).toContain('revoked');
    const refused = await callApi(t, 'GET', '/api/v1/campaigns/XSA-108', { token });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ error: { code: 'unauthorized' } });
    expect(events('token.created')).toEqual([{ actor: ALICE, zone: null, details: '{"name":"ansible"}' }]);
    expect(events('token.revoked')).toHaveLength(1);
    expect(replyText(await t.command('token revoke ansible'))).toContain('nothing changed');
    expect(events('token.revoked')).toHaveLength(1);
  });

  it('of a closed campaign still read it, and can be listed and revoked; changes are refused', async () => {
    const token = await createApiToken(t, 'ci');
    await t.command('zone add dc1');
    await t.command('close confirm');
    const status = await callApi(t, 'GET', '/api/v1/campaigns/XSA-108', { token });
    expect(status.json).toMatchObject({ phase: 'closed' });
    const start = await callApi(t, 'POST', '/api/v1/campaigns/XSA-108/zones/dc1/actions', {
      token,
      body: { action: 'start' },
    });
    expect(start.status).toBe(409);
    expect(start.json).toMatchObject({ error: { code: 'campaign_closed' } });
    expect(replyText(await t.command('token list in XSA-108'))).toContain('ci');
    expect(replyText(await t.command('token revoke ci in XSA-108'))).toContain('revoked');
    expect((await callApi(t, 'GET', '/api/v1/campaigns/XSA-108', { token })).status).toBe(401);
  });

  it('are for responders only, and an outsider naming the campaign learns nothing (rule 2)', async () => {
    const outsider = await t.command('token create mine in XSA-108', { user: EVE, channel: PUBLIC_CHANNEL });
    const missing = await t.command('token create mine in XSA-999', { user: EVE, channel: PUBLIC_CHANNEL });
    expect(replyText(outsider)).toBe(replyText(missing).replace('XSA-999', 'XSA-108'));
    expect(replyText(outsider)).not.toContain('xsa_');
    expect(t.bot.ctx.db.prepare('SELECT COUNT(*) AS n FROM api_tokens').get()).toEqual({ n: 0 });
  });
});

describe('HTTP API v1', () => {
  let token: string;
  beforeEach(async () => {
    token = await createApiToken(t, 'ansible');
  });
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    callApi(t, method, `/api/v1/campaigns/XSA-108${path}`, { token, body, headers });

  it('runs a campaign: zones with named hosts, notice, start, hosts, done — same rules and audit as Slack', async () => {
    const added = await api('POST', '/zones', {
      zones: [
        { name: 'us-east-1a', region: 'us-east-1', hosts: ['hv1', 'hv2', 'hv3', 'hv2'] },
        { name: 'us-east-1b', region: 'us-east-1', hosts_total: 10 },
      ],
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({
      added: ['us-east-1a', 'us-east-1b'],
      zones: [
        { name: 'us-east-1a', hosts_total: 3, hosts_patched: 0, named_hosts: true, state: 'pending' },
        { name: 'us-east-1b', hosts_total: 10, named_hosts: false },
      ],
    });
    expect((await api('POST', '/zones/us-east-1a/actions', { action: 'notified' })).json).toMatchObject({
      changed: true,
    });
    const started = await api('POST', '/zones/us-east-1a/actions', { action: 'start' });
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({ changed: true, zone: { state: 'in_progress', owner: null } });
    // Rule 4 as in Slack: one zone per region.
    const wave = await api('POST', '/zones/us-east-1b/actions', { action: 'start' });
    expect(wave.status).toBe(409);
    expect(wave.json).toMatchObject({ error: { code: 'wave_limit' } });
    expect((wave.json as { error: { message: string } }).error.message).toContain('wave limit is 1');

    const hosts = await api('POST', '/zones/us-east-1a/hosts', { patched: ['hv1', 'HV1', 'hv2'] });
    expect(hosts.json).toMatchObject({ newly_patched: ['hv1', 'hv2'], zone: { hosts_patched: 2 } });
    const again = await api('POST', '/zones/us-east-1a/hosts', { patched: ['hv2'] });
    expect(again.json).toMatchObject({ newly_patched: [], zone: { hosts_patched: 2 } });
    const unknown = await api('POST', '/zones/us-east-1a/hosts', { patched: ['hv3', 'hv9', 'nope'] });
    expect(unknown.status).toBe(422);
    expect(unknown.json).toMatchObject({ error: { code: 'unknown_hosts' } });
    expect((unknown.json as { error: { message: string } }).error.message).toContain('hv9, nope');
    expect(
      t.bot.ctx.db.prepare('SELECT COUNT(*) AS n FROM zone_hosts WHERE patched_at IS NOT NULL').get(),
    ).toEqual({ n: 2 });
    const count = await api('POST', '/zones/us-east-1a/actions', { action: 'progress', hosts_patched: 3 });
    expect(count.status).toBe(409);
    expect(count.json).toMatchObject({ error: { code: 'named_hosts' } });

    const left = await t.command('hosts us-east-1a');
    expect(replyText(left)).toContain('1 host of 3 not yet reported patched');
    expect(replyText(left)).toContain('hv3');
    expect(replyText(left)).not.toContain('hv1');

    expect((await api('POST', '/zones/us-east-1a/actions', { action: 'done' })).json).toMatchObject({
      changed: true,
      zone: { state: 'done', hosts_patched: 3 },
    });
    const status = await api('GET', '');
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({
      id: 'XSA-108',
      title: 'Improper MSR range used for x2APIC emulation',
      cves: ['CVE-2014-7188'],
      lift: '2014-10-01T12:00:00.000Z',
      phase: 'before_lift',
      totals: { zones: 2, by_state: { done: 1, pending: 1 }, hosts_patched: 3, hosts_total: 13 },
      projection: { verdict: expect.any(String), critical_region: expect.anything() },
    });
    // The audit trail names the token as the actor, exactly as the slash commands name people.
    const actors = t.bot.ctx.db
      .prepare("SELECT DISTINCT actor FROM events WHERE kind LIKE 'zone.%'")
      .pluck()
      .all();
    expect(actors).toEqual(['ansible']);
    expect(events('zone.hosts_patched')).toHaveLength(1);
    expect(replyText(await t.command('timeline'))).toContain('`ansible` (API token)');
  });

  it('moves the live countdown in the war room, as a slash command does', async () => {
    await api('POST', '/zones', { zones: [{ name: 'dc1', hosts_total: 5 }] });
    await t.bot.scheduler.runOnce();
    await t.bot.scheduler.runOnce();
    const before = t.slack.callsTo('chat.update').length;
    await api('POST', '/zones/dc1/actions', { action: 'start' });
    await t.bot.scheduler.runOnce();
    const updates = t.slack.callsTo('chat.update');
    expect(updates.length).toBe(before + 1);
    expect(JSON.stringify(updates.at(-1)?.args)).toMatch(/1 in progress|in progress/);
  });

  it('answers each error with its documented code', async () => {
    await api('POST', '/zones', { zones: [{ name: 'dc1' }] });
    const base = '/api/v1/campaigns/XSA-108';
    expect((await callApi(t, 'GET', base)).status).toBe(401);
    expect((await callApi(t, 'GET', base, { token: 'xsa_forged' })).status).toBe(401);
    expect((await callApi(t, 'GET', base, { token: 'not-even-ours' })).json).toMatchObject({
      error: { code: 'unauthorized' },
    });
    // Another campaign's token, for this campaign or for one that does not exist: 403 alike.
    await t.command('new XSA-109 lift 2014-10-08T12:00Z');
    const other = await createApiToken(t, 'ci in XSA-109');
    const foreign = await callApi(t, 'GET', '/api/v1/campaigns/XSA-108', { token: other });
    expect(foreign.status).toBe(403);
    expect(foreign.json).toMatchObject({ error: { code: 'forbidden' } });
    expect((await callApi(t, 'GET', '/api/v1/campaigns/XSA-109', { token: other })).status).toBe(200);
    const none = await callApi(t, 'GET', '/api/v1/campaigns/XSA-999', { token });
    expect(none.status).toBe(403);
    expect((await api('POST', '/zones/nowhere/actions', { action: 'start' })).status).toBe(404);
    expect((await api('POST', '/zones/nowhere/hosts', { patched: ['a'] })).json).toMatchObject({
      error: { code: 'unknown_zone' },
    });
    const form = await callApi(t, 'POST', `${base}/zones/dc1/actions`, {
      token,
      rawBody: 'action=start',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const notJson = await callApi(t, 'POST', `${base}/zones/dc1/actions`, {
      token,
      rawBody: '{"action":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(422);
    expect(notJson.json).toMatchObject({ error: { code: 'invalid_json' } });
    const bad = await api('POST', '/zones', {
      zones: [{ name: 'dc2', window: { start: 'tomorrow', end: '2014-09-26T10:00:00Z' } }],
    });
    expect(bad.status).toBe(422);
    expect((bad.json as { error: { message: string } }).error.message).toContain('zones[0].window.start');
    expect((await api('POST', '/zones/dc1/actions', { action: 'explode' })).status).toBe(422);
    expect((await api('POST', '/zones/dc1/actions', { action: 'done' })).json).toMatchObject({
      error: { code: 'not_started' },
    });
    const big = await callApi(t, 'POST', `${base}/zones`, {
      token,
      rawBody: JSON.stringify({
        zones: [{ name: 'x', hosts: Array.from({ length: 60_000 }, (_, i) => `host-${i}-padding`) }],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ error: { code: 'body_too_large' } });
    expect((await callApi(t, 'DELETE', base, { token })).status).toBe(405);
    expect((await callApi(t, 'GET', '/api/v1/nothing', { token })).status).toBe(404);
    expect((await callApi(t, 'GET', '/api/v1/campaigns/%E0%A4%A', { token })).status).toBe(404);
    // None of it changed anything.
    expect(t.bot.ctx.db.prepare("SELECT state FROM zones WHERE name = 'dc1'").pluck().get()).toBe('pending');
    expect(t.bot.ctx.db.prepare('SELECT COUNT(*) FROM zones').pluck().get()).toBe(1);
  });

  it('replays the first answer to a retried Idempotency-Key, and writes one event (rule 8)', async () => {
    await api('POST', '/zones', { zones: [{ name: 'dc1', hosts: ['a', 'b'] }] });
    await api('POST', '/zones/dc1/actions', { action: 'start', force: true });
    const key = { 'idempotency-key': 'run-42-host-a' };
    const first = await api('POST', '/zones/dc1/hosts', { patched: ['a'] }, key);
    const retries = await Promise.all(
      [1, 2, 3].map(() => api('POST', '/zones/dc1/hosts', { patched: ['a'] }, key)),
    );
    expect(first.json).toMatchObject({ newly_patched: ['a'] });
    for (const retry of retries) {
      expect(retry.status).toBe(first.status);
      expect(retry.text).toBe(first.text);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
    }
    expect(events('zone.hosts_patched')).toHaveLength(1);
    const reused = await api('POST', '/zones/dc1/hosts', { patched: ['b'] }, key);
    expect(reused.status).toBe(422);
    expect(reused.json).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    expect(events('zone.hosts_patched')).toHaveLength(1);

    // A retry after a restart gets the same answer too: it is stored, not remembered.
    await t.restart();
    const afterRestart = await api('POST', '/zones/dc1/hosts', { patched: ['a'] }, key);
    expect(afterRestart.text).toBe(first.text);

    // Two concurrent first tries of one key: one change, one event, the same answer.
    const key2 = { 'idempotency-key': 'run-42-start-block' };
    const [x, y] = await Promise.all([
      api('POST', '/zones/dc1/actions', { action: 'block', reason: 'BMC hangs' }, key2),
      api('POST', '/zones/dc1/actions', { action: 'block', reason: 'BMC hangs' }, key2),
    ]);
    expect(x.text).toBe(y.text);
    expect(events('zone.blocked')).toHaveLength(1);
  });
});

describe("Socket Mode's HTTP server", () => {
  it('serves /healthz and the same API, and a malformed path is a 404, not a crash', async () => {
    const api = new HttpApi();
    api.bind(t.bot.ctx);
    const server = createRouteServer([healthRoute(t.bot.ctx.config), ...api.routes()], console);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const token = await createApiToken(t, 'socket');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const status = await fetch(`${base}/api/v1/campaigns/XSA-108`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(status.status).toBe(200);
      expect(((await status.json()) as { id: string }).id).toBe('XSA-108');
      expect((await fetch(`${base}/api/v1/campaigns/%E0%A4%A`)).status).toBe(404);
      expect((await fetch(`${base}/nowhere`)).status).toBe(404);
      expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
      expect((await fetch(`${base}/api/v1/openapi.json`)).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('Idempotency-Key under concurrency', () => {
  it('runs a key once while its first try is still running; the concurrent retry gets its answer', async () => {
    let runs = 0;
    const slow: Route = {
      method: 'POST',
      pattern: /^\/api\/v1\/campaigns\/([^/]+)\/slow$/,
      auth: true,
      body: ZoneActionRequest,
      run: async () => {
        runs += 1;
        // A use case that waits on I/O (Slack, say) between reading and committing.
        await new Promise((resolve) => setTimeout(resolve, 100));
        return jsonAnswer(200, { run: runs });
      },
    };
    const api = new HttpApi([slow]);
    api.bind(t.bot.ctx);
    const server = createRouteServer(api.routes(), console);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/campaigns/XSA-108/slow`;
    try {
      const token = await createApiToken(t, 'slow');
      const send = () =>
        fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': 'k1',
          },
          body: JSON.stringify({ action: 'done' }),
        }).then((r) => r.text());
      const answers = await Promise.all([send(), send(), send()]);
      expect(runs).toBe(1);
      expect(new Set(answers)).toEqual(new Set(['{"run":1}']));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

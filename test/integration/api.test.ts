import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

  it('are for responders only, and an outsider naming the campaign learns nothing (rule 2)', async () => {
    const outsider = await t.command('token create mine in XSA-108', { user: EVE, channel: PUBLIC_CHANNEL });
    const missing = await t.command('token create mine in XSA-999', { user: EVE, channel: PUBLIC_CHANNEL });
    expect(replyText(outsider)).toBe(replyText(missing).replace('XSA-999', 'XSA-108'));
    expect(replyText(outsider)).not.toContain('xsa_');
    expect(t.bot.ctx.db.prepare('SELECT COUNT(*) AS n FROM api_tokens').get()).toEqual({ n: 0 });
  });
});

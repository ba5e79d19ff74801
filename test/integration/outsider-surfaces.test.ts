import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, createApiToken } from '../support/api-client.js';
import { snapshotRows } from '../support/db-snapshot.js';
import { appHomeOpenedBody } from '../support/payloads.js';
import { messageShortcutBody } from '../support/shortcut-payloads.js';
import {
  EVE,
  eventually,
  PUBLIC_CHANNEL,
  replyText,
  startTestBot,
  type TestBot,
} from '../support/test-bot.js';

/**
 * Rule 2 against a careless responder: zone and region names are shown outside the war room (a
 * subscribed channel's status, broadcasts, App Home, an owner's DM), so a name that spells the id or
 * a CVE id is refused wherever a name is given — `zone add`, `region`, `zone rename`, the API.
 */

let t: TestBot;
let token: string;
beforeAll(async () => {
  t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
  for (const text of [
    'new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range" cve CVE-2014-7188',
    'zone add us-east-1a region us-east-1',
    `subscribe <#${PUBLIC_CHANNEL}|general>`,
  ]) {
    expect(replyText(await t.command(text)), text).toMatch(/^:white_check_mark:/);
  }
  token = await createApiToken(t, 'ci');
  // Used once at this (frozen) time, so its last use is the same before and after each attempt.
  expect((await callApi(t, 'GET', '/api/v1/campaigns/XSA-108', { token })).status).toBe(200);
});
afterAll(async () => {
  await t.stop();
});

/** What an outsider sees of the campaign: the status in the subscribed channel and the App Home. */
async function outsiderView(): Promise<string> {
  const status = await t.command('status', { user: EVE, channel: PUBLIC_CHANNEL });
  const before = t.slack.callsTo('views.publish').length;
  await t.post(appHomeOpenedBody(EVE));
  const home = await eventually(() => t.slack.callsTo('views.publish')[before]);
  return JSON.stringify([status.json, home.args]);
}

const SPELLED = ['xsa-108-east', 'XSA108', 'xsa_108.a', 'cve-2014-7188-west', 'dc1-CVE20147188'];

describe('zone and region names that would name the advisory outside the war room', () => {
  it.each(SPELLED)('`%s` is refused as a zone, a region and a new name; nothing changes', async (name) => {
    const before = snapshotRows(t);
    for (const text of [
      `zone add ${name}`,
      `zone add dc-9 region ${name}`,
      `zone rename us-east-1a ${name}`,
    ]) {
      const reply = replyText(await t.command(text));
      expect(reply, text).toMatch(/^:warning: A (zone|region) name is shown outside the war room/);
      expect(reply).toContain('must not contain');
    }
    for (const zone of [{ name }, { name: 'dc-9', region: name }]) {
      const api = await callApi(t, 'POST', '/api/v1/campaigns/XSA-108/zones', {
        token,
        body: { zones: [zone] },
      });
      expect(api.status).toBe(422);
      expect(api.json).toMatchObject({ error: { code: 'name_leaks' } });
    }
    expect(snapshotRows(t)).toEqual(before);
    const seen = (await outsiderView()).toLowerCase().replace(/[^a-z0-9]/g, '');
    expect(seen).not.toContain('xsa108');
    expect(seen).not.toContain('20147188');
  });

  it('ordinary names still work, and the outsider sees them', async () => {
    expect(replyText(await t.command('zone add eu-west-1a region eu-west-1'))).toMatch(/^:white_check_mark:/);
    expect(replyText(await t.command('zone rename eu-west-1a eu-west-1b'))).toMatch(/^:white_check_mark:/);
    expect(await outsiderView()).toContain('eu-west-1b');
  });
});

describe('hostile zone names on the merged verbs', () => {
  it.each([
    'hosts {Z}',
    'zone remove {Z}',
    'zone remove {Z} confirm',
    'zone rename {Z} us-east-9z',
    'start {Z}',
    'progress {Z} 5',
  ])('`%s` with a 5,000-character name: a whole, readable error, nothing changed', async (template) => {
    const before = snapshotRows(t);
    for (const name of ['z'.repeat(5000), `${'\u202e'.repeat(2000)}x`, `a${'`<!channel>'.repeat(400)}`]) {
      const response = await t.command(template.replace('{Z}', name));
      expect(response.status).toBe(200);
      const text = replyText(response);
      expect(text).toMatch(/^:warning: /);
      expect(text.length).toBeLessThan(400);
      expect(text).toMatch(/\.$/);
    }
    expect(snapshotRows(t)).toEqual(before);
  });
});

describe('an alias or title that shows nothing, or hides what it shows', () => {
  it.each([
    'set alias "   "',
    'set alias "\u200b\u200b"',
    'set alias "\u202e\u200f"',
    'set alias "Routine\u0000work"',
    'set alias "Routine \u202ekrow"',
    'set alias "..."',
    'set title "Guest\u0000escape"',
    'set title "Guest \u202eepacse"',
    'set title "Guest\u0007escape"',
  ])('`%s` is refused with what to write; nothing changes', async (text) => {
    const before = snapshotRows(t);
    const reply = replyText(await t.command(text));
    expect(reply).toMatch(/^:warning: The (alias|title) /);
    expect(reply).toMatch(/e\.g\. `(alias|title) "/);
    expect(snapshotRows(t)).toEqual(before);
    // What outsiders see still has a name to show.
    const status = (await t.command('status', { user: EVE, channel: PUBLIC_CHANNEL })).json as {
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(status.blocks[0]?.text?.text).toBe('Scheduled host maintenance');
  });

  it('a new campaign is refused an empty alias or a title with a line break alike', async () => {
    t.slack.setChannel('GWAR2', { members: ['UALICE', 'UBOT'], name: 'war-2', isPrivate: true });
    const before = snapshotRows(t);
    for (const text of [
      'new XSA-300 lift 2014-10-01T12:00Z alias "\u200b"',
      'new XSA-300 lift 2014-10-01T12:00Z title "Line one\nline two"',
    ]) {
      expect(replyText(await t.command(text, { channel: 'GWAR2' })), text).toMatch(
        /^:warning: The (alias|title) /,
      );
    }
    expect(snapshotRows(t)).toEqual(before);
  });
});

describe('aliases are distinct per campaign', () => {
  it("another campaign's alias is refused, by `new` and by `set alias`; a campaign's own may change case", async () => {
    t.slack.setChannel('GWAR3', { members: ['UALICE', 'UBOT'], name: 'war-3', isPrivate: true });
    const before = snapshotRows(t);
    const taken = replyText(
      await t.command('new XSA-301 lift 2014-10-01T12:00Z alias "scheduled HOST maintenance"', {
        channel: 'GWAR3',
      }),
    );
    expect(taken).toMatch(/^:warning: Another campaign already goes by/);
    expect(taken).not.toContain('XSA-108');
    expect(snapshotRows(t)).toEqual(before);
    expect(replyText(await t.command('new XSA-301 lift 2014-10-01T12:00Z', { channel: 'GWAR3' }))).toMatch(
      /^:white_check_mark:/,
    );
    const [alias] = t.bot.ctx.db.prepare("SELECT alias FROM campaigns WHERE id = 'XSA-301'").pluck().all();
    expect(alias).toBe('Scheduled host maintenance #2');
    expect(
      replyText(await t.command('set alias "Scheduled host maintenance"', { channel: 'GWAR3' })),
    ).toMatch(/^:warning: Another campaign already goes by/);
    expect(
      replyText(await t.command('set alias "scheduled host maintenance #2"', { channel: 'GWAR3' })),
    ).toMatch(/^:white_check_mark:/);
  });
});

describe('the advisory import shortcut, run by someone who may not open a campaign', () => {
  it('is refused before the form opens, as `/xsa new` is; nothing is read or created', async () => {
    const restricted = await startTestBot({ now: '2014-09-24T09:00:00Z', creators: ['UALICE'] });
    try {
      restricted.slack.setChannel('GEVEPRIV', {
        members: [EVE, 'UBOT'],
        name: 'eve-private',
        isPrivate: true,
      });
      const before = snapshotRows(restricted);
      await restricted.post(
        messageShortcutBody({
          user: EVE,
          channel: 'GEVEPRIV',
          callbackId: 'xsa_import_advisory',
          text: 'Xen Security Advisory CVE-2014-7188 / XSA-108\n\nImproper MSR range used for x2APIC emulation',
          responseUrl: restricted.slack.responseUrl(),
          triggerId: restricted.slack.issueTrigger(EVE),
        }),
      );
      const answer = await eventually(() => restricted.slack.callsTo('chat.postEphemeral')[0]);
      expect(answer.args).toMatchObject({ channel: 'GEVEPRIV', user: EVE });
      expect(String(answer.args.text)).toContain('Only the people named in XSA_CREATORS');
      expect(restricted.slack.callsTo('views.open')).toEqual([]);
      expect(snapshotRows(restricted)).toEqual(before);
    } finally {
      await restricted.stop();
    }
  });
});

describe('hostile HTTP API requests', () => {
  const ids = fc.constantFrom(
    'XSA-108',
    'xsa-108',
    'XSA-109',
    '%00',
    '..',
    '%E0%A4%A',
    'X'.repeat(3000),
    'ʃ',
  );
  const zones = fc.constantFrom('us-east-1a', 'nowhere', '%2F', '\u202e', 'z'.repeat(5000), '%FF%FE');
  const suffix = fc.constantFrom(
    '',
    '/zones',
    '/actions',
    '/hosts',
    '/report.md',
    '/zones/{Z}/actions',
    '/zones/{Z}/hosts',
  );
  const body = fc.oneof(
    fc.json(),
    fc.constantFrom(
      '{"action":"start","action":"done"}',
      '{"action":"block","reason":"\u0000\u202e<!channel>"}',
      '{"action":"progress","hosts_patched":-1}',
      '{"action":"progress","hosts_patched":1e309}',
      '{"zones":[{"name":"a","hosts":["h","H","h"]}]}',
      `{"zones":[${'{"name":"a"},'.repeat(2000)}{"name":"b"}]}`,
      '{"patched":[null]}',
      '{"patched":"hv-1"}',
      '[]',
      'null',
      '{"__proto__":{"action":"start"}}',
      '{"constructor":{"prototype":{}}}',
    ),
  );
  const auth = fc.constantFrom<'token' | 'none' | 'junk' | 'huge'>('token', 'none', 'junk', 'huge');

  it('never answer 5xx, and a refused request changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        ids,
        zones,
        suffix,
        body,
        auth,
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-16', ''),
        async (method, id, zone, tail, raw, who, type) => {
          const before = snapshotRows(t, ['campaigns', 'zones', 'events', 'zone_hosts']);
          const authorization = {
            token: `Bearer ${token}`,
            none: '',
            junk: 'Bearer xsa_nope',
            huge: `Bearer ${'a'.repeat(6000)}`,
          }[who];
          const response = await callApi(t, method, `/api/v1/campaigns/${id}${tail.replace('{Z}', zone)}`, {
            ...(method === 'GET' ? {} : { rawBody: raw }),
            headers: {
              ...(authorization ? { authorization } : {}),
              ...(type ? { 'content-type': type } : {}),
            },
          });
          expect(response.status, response.text).toBeLessThan(500);
          if (response.status >= 400) {
            expect(snapshotRows(t, ['campaigns', 'zones', 'events', 'zone_hosts'])).toEqual(before);
            if (response.status !== 431)
              expect(response.json).toMatchObject({ error: { code: expect.any(String) } });
          }
          if (who !== 'token') expect(response.text).not.toContain('Improper MSR');
        },
      ),
      { numRuns: 300 },
    );
    expect((await callApi(t, 'GET', '/api/v1/campaigns/XSA-108', { token })).status).toBe(200);
  });
});

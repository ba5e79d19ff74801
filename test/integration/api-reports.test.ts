import ical, { type VEvent } from 'node-ical';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, createApiToken } from '../support/api-client.js';
import { eventually, startTestBot, type TestBot, WAR_ROOM } from '../support/test-bot.js';

let t: TestBot;
let token: string;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
  await t.command(
    'new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation" cve CVE-2014-7188',
  );
  await t.command('zone add us-east-1a,us-east-1b region us-east-1 hosts 1000');
  await t.command(
    'zone add eu-west-1a region eu-west-1 hosts 500 window 2014-10-01T15:00Z/2014-10-01T20:00Z',
  );
  token = await createApiToken(t, 'ansible');
  t.clock.set('2014-09-28T11:00:00Z');
  await t.command('start us-east-1a');
  t.clock.set('2014-09-28T14:00:00Z');
  await t.command('block us-east-1a BMC firmware hangs on reboot');
  t.clock.set('2014-09-29T02:00:00Z');
  await callApi(t, 'POST', '/api/v1/campaigns/XSA-108/zones/us-east-1a/actions', {
    token,
    body: { action: 'unblock' },
  });
  t.clock.set('2014-10-01T14:00:00Z');
  await t.command('done us-east-1a');
  t.clock.set('2014-10-02T00:00:00Z');
  t.slack.reset();
});
afterEach(async () => {
  await t.stop();
});

const file = (name: string, options: { token?: string; method?: string } = { token }) =>
  callApi(t, options.method ?? 'GET', `/api/v1/campaigns/XSA-108/${name}`, { token: options.token });

async function bytesOf(
  name: string,
): Promise<{ type: string | null; disposition: string | null; bytes: Buffer }> {
  const response = await fetch(`http://127.0.0.1:${t.bot.port}/api/v1/campaigns/XSA-108/${name}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return {
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

describe('the report files over the HTTP API', () => {
  it('are the files /xsa report uploads, byte for byte, typed and named as there', async () => {
    await t.command('report');
    await eventually(() => t.slack.callsTo('files.completeUploadExternal')[0]);
    const [shared] = t.slack.messages(WAR_ROOM);
    const uploaded = shared?.files as Array<{ id: string; name: string }>;
    const inSlack = (name: string) =>
      t.slack.uploadedFile(uploaded.find((f) => f.name === name)?.id ?? '')?.bytes ?? Buffer.alloc(0);

    const served = {
      'report.md': ['XSA-108-report.md', 'text/markdown; charset=utf-8'],
      'zones.csv': ['XSA-108-zones.csv', 'text/csv; charset=utf-8; header=present'],
      'calendar.ics': ['XSA-108.ics', 'text/calendar; charset=utf-8'],
      'timeline.png': ['XSA-108-timeline.png', 'image/png'],
    } as const;
    for (const [path, [filename, type]] of Object.entries(served)) {
      const got = await bytesOf(path);
      expect(got.type, path).toBe(type);
      expect(got.disposition, path).toBe(`inline; filename="${filename}"`);
      expect(got.bytes.equals(inSlack(filename)), path).toBe(true);
    }
    const markdown = (await bytesOf('report.md')).bytes.toString();
    expect(markdown).toContain('- 2014-09-28 11:00 UTC — alice (UALICE) started us-east-1a');
    expect(markdown).toContain('- 2014-09-29 02:00 UTC — ansible unblocked us-east-1a');
    const png = (await bytesOf('timeline.png')).bytes;
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('report.json: summary, totals, projection at the lift, zones with exposure, blockers, timeline', async () => {
    const answer = await file('report.json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toBe('inline; filename="XSA-108-report.json"');
    const report = answer.json as Record<string, unknown>;
    expect(report).toMatchObject({
      generated_at: '2014-10-02T00:00:00.000Z',
      summary: {
        id: 'XSA-108',
        cves: ['CVE-2014-7188'],
        phase: 'after_lift',
        lift: '2014-10-01T12:00:00.000Z',
      },
      totals: {
        zones: 3,
        by_state: { done: 1, pending: 2 },
        exposure: { zones: 3, open_zones: 2 },
        late_starts: 0,
      },
      projection: { as_of: '2014-10-01T12:00:00.000Z', at_lift: true },
      blockers: [
        {
          zone: 'us-east-1a',
          reason: 'BMC firmware hangs on reboot',
          blocked_at: '2014-09-28T14:00:00.000Z',
          unblocked_at: '2014-09-29T02:00:00.000Z',
          duration_minutes: 12 * 60,
          ongoing: false,
          by: { id: 'UALICE', name: 'alice' },
        },
      ],
    });
    const zones = report.zones as Array<Record<string, unknown>>;
    expect(zones.find((z) => z.name === 'us-east-1a')).toMatchObject({
      state: 'done',
      started_at: '2014-09-28T11:00:00.000Z',
      done_at: '2014-10-01T14:00:00.000Z',
      exposure: { minutes: 120, open: false, host_hours: 2000 },
      blocked_minutes: 720,
    });
    expect(zones.find((z) => z.name === 'us-east-1b')).toMatchObject({
      exposure: { minutes: 12 * 60, open: true },
    });
    const timeline = report.timeline as Array<Record<string, unknown>>;
    expect(timeline.find((e) => e.kind === 'zone.unblocked')).toEqual({
      at: '2014-09-29T02:00:00.000Z',
      actor: { id: 'ansible', name: null },
      kind: 'zone.unblocked',
      zone: 'us-east-1a',
      text: 'unblocked us-east-1a',
      details: expect.any(Object),
    });
    // The Markdown says the same projection in the same words.
    const markdown = (await file('report.md')).text;
    expect(markdown).toContain(`As of 2014-10-01 12:00 UTC: ${(report.projection as { text: string }).text}`);
    // Names are looked up once and kept a while: a script polling the report costs Slack nothing more.
    await file('report.json');
    expect(t.slack.callsTo('users.info').filter((c) => c.args.user === 'UALICE')).toHaveLength(1);
    expect(timeline).toHaveLength(markdown.match(/^- \d{4}-\d\d-\d\d \d\d:\d\d UTC — /gm)?.length ?? -1);
  });

  it('zones.csv and calendar.ics parse as RFC 4180 and RFC 5545', async () => {
    const csv = (await file('zones.csv')).text.split('\r\n');
    expect(csv[0]?.startsWith('zone,region,state,')).toBe(true);
    expect(csv.filter((line) => line !== '')).toHaveLength(4);
    expect(csv[1]).toContain('us-east-1a,us-east-1,done,1000,1000,');
    const calendar = ical.sync.parseICS((await file('calendar.ics')).text);
    const events = Object.values(calendar).filter((c): c is VEvent => c?.type === 'VEVENT');
    expect(events.map((e) => e.start.toISOString()).sort()).toEqual([
      '2014-10-01T12:00:00.000Z',
      '2014-10-01T15:00:00.000Z',
    ]);
  });

  it("before the lift are served to the token (the war room's credential) and say so", async () => {
    t.clock.set('2014-09-30T00:00:00Z');
    const report = (await file('report.json')).json;
    expect(report).toMatchObject({
      summary: { phase: 'before_lift' },
      totals: { exposure: null },
      projection: { as_of: '2014-09-30T00:00:00.000Z', at_lift: false },
    });
    expect((await file('report.md')).text).toContain('## Projection now (before the lift)');
  });

  it('answer the documented errors, and give no oracle to a caller without a token', async () => {
    for (const path of ['report.md', 'report.json', 'zones.csv', 'calendar.ics', 'timeline.png']) {
      const none = await file(path, {});
      expect(none.status, path).toBe(401);
      expect(none.json).toMatchObject({ error: { code: 'unauthorized' } });
      // Without a token, a campaign that exists and one that does not are answered alike.
      const missing = await callApi(t, 'GET', `/api/v1/campaigns/XSA-999/${path}`);
      expect(missing.status).toBe(401);
      expect(missing.text).toBe(none.text);
      expect(none.text).not.toContain('XSA-108');
      expect((await file(path, { token: 'xsa_forged' })).status).toBe(401);
      const post = await file(path, { token, method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET');
    }
    await t.command('new XSA-109 lift 2014-10-08T12:00Z');
    const other = await createApiToken(t, 'ci in XSA-109');
    const foreign = await file('report.md', { token: other });
    expect(foreign.status).toBe(403);
    expect(foreign.json).toMatchObject({ error: { code: 'forbidden' } });
    expect(foreign.text).not.toContain('Improper MSR');
    expect((await callApi(t, 'GET', '/api/v1/campaigns/XSA-108/report.pdf', { token })).status).toBe(404);
    await t.command('token revoke ansible in XSA-108');
    expect((await file('report.md')).status).toBe(401);
    // Reading the files posts nothing to Slack (beyond looking up names).
    expect(
      t.slack.calls.filter((c) => c.method.startsWith('files.') || c.method.startsWith('chat.')),
    ).toEqual([]);
  });
});

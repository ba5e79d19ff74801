import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EVE,
  eventually,
  PUBLIC_CHANNEL,
  replyText,
  startTestBot,
  type TestBot,
  WAR_ROOM,
} from '../support/test-bot.js';

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
  await t.command(
    'new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation" cve CVE-2014-7188',
  );
  await t.command('zone add us-east-1a,us-east-1b region us-east-1 hosts 1000');
  await t.command(
    'zone add eu-west-1a region eu-west-1 hosts 500 window 2014-10-01T15:00Z/2014-10-01T20:00Z',
  );
  t.clock.set('2014-09-28T11:00:00Z');
  await t.command('start us-east-1a');
  t.clock.set('2014-09-28T14:00:00Z');
  await t.command('block us-east-1a BMC firmware hangs on reboot');
  t.slack.reset();
});
afterEach(async () => {
  await t.stop();
});

const uploadCalls = (t: TestBot) =>
  t.slack.calls.filter((c) => c.method.startsWith('files.') || c.method === 'upload_url');

describe('/xsa report', () => {
  it('uploads the files to the war room with the current upload flow, even when asked elsewhere', async () => {
    const reply = await t.command('report XSA-108', { channel: PUBLIC_CHANNEL });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ response_type: 'ephemeral' });
    expect(replyText(reply)).toContain(`to <#${WAR_ROOM}>`);
    expect(replyText(reply)).toContain('Uploading the post-mortem of XSA-108');

    const complete = await eventually(() => t.slack.callsTo('files.completeUploadExternal')[0]);
    expect(complete.args.channel_id).toBe(WAR_ROOM);
    const names = t.slack.callsTo('files.getUploadURLExternal').map((c) => c.args.filename);
    expect(names).toEqual(['XSA-108-report.md', 'XSA-108-zones.csv', 'XSA-108.ics', 'XSA-108-timeline.png']);
    expect(t.slack.callsTo('upload_url')).toHaveLength(names.length);
    expect(t.slack.callsTo('files.upload')).toEqual([]);

    // Before the lift: nothing anywhere but the war room.
    expect(t.slack.messages(PUBLIC_CHANNEL)).toEqual([]);
    const [shared] = t.slack.messages(WAR_ROOM);
    const files = shared?.files as Array<{ id: string; name: string }>;
    expect(files.map((f) => f.name)).toEqual(names);
    const markdown = t.slack.uploadedFile(files[0]?.id ?? '')?.bytes?.toString() ?? '';
    expect(markdown).toContain('# XSA-108: Improper MSR range used for x2APIC emulation — post-mortem');
    expect(markdown).toContain(
      '| us-east-1a | BMC firmware hangs on reboot | 2014-09-28 14:00 UTC | still blocked |',
    );
    expect(markdown).toContain('- 2014-09-28 11:00 UTC — alice (UALICE) started us-east-1a');
    const png = t.slack.uploadedFile(files[3]?.id ?? '');
    expect(png?.mimetype).toBe('image/png');
    expect(png?.bytes?.subarray(1, 4).toString()).toBe('PNG');
  });

  it('in the war room needs no id', async () => {
    expect(replyText(await t.command('report'))).toContain('Uploading the post-mortem');
    await eventually(() => t.slack.callsTo('files.completeUploadExternal')[0]);
  });

  it('gives an outsider exactly the answer for a campaign that does not exist, and uploads nothing', async () => {
    const asked = await t.command('report XSA-108', { user: EVE, channel: PUBLIC_CHANNEL });
    const missing = await t.command('report XSA-999', { user: EVE, channel: PUBLIC_CHANNEL });
    expect(asked.status).toBe(200);
    expect(JSON.stringify(asked.json).replaceAll('XSA-108', 'ID')).toBe(
      JSON.stringify(missing.json).replaceAll('XSA-999', 'ID'),
    );
    // The upload would follow the ack: give it the time it would take.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(uploadCalls(t)).toEqual([]);
  });

  it('answers as for an unknown id when the war room cannot be read (its error would name it)', async () => {
    // Past the member list's cache and the half hour it stays good while Slack fails.
    t.clock.set('2014-09-28T15:00:00Z');
    t.slack.failWhile((call) =>
      call.method === 'conversations.members'
        ? { body: { ok: false, error: 'channel_not_found' } }
        : undefined,
    );
    const asked = await t.command('report XSA-108', { user: EVE, channel: PUBLIC_CHANNEL });
    const missing = await t.command('report XSA-999', { user: EVE, channel: PUBLIC_CHANNEL });
    expect(JSON.stringify(asked.json).replaceAll('XSA-108', 'ID')).toBe(
      JSON.stringify(missing.json).replaceAll('XSA-999', 'ID'),
    );
    expect(JSON.stringify(asked.json)).not.toContain(WAR_ROOM);
  });

  it('tells the responder when the upload fails after the ack', async () => {
    t.slack.failNext('files.completeUploadExternal', { body: { ok: false, error: 'not_in_channel' } });
    expect(replyText(await t.command('report'))).toContain('Uploading');
    const told = await eventually(() => t.slack.callsTo('response_url')[0]);
    expect(JSON.stringify(told.args)).toContain('not_in_channel');
    expect(told.args.response_type).toBe('ephemeral');
    expect(t.slack.messages(WAR_ROOM)).toEqual([]);
  });

  it('tells the responder when the bytes cannot be sent, and shares nothing', async () => {
    t.slack.failNext('upload_url', { status: 500, body: 'upload failed' });
    await t.command('report');
    const told = await eventually(() => t.slack.callsTo('response_url')[0]);
    expect(JSON.stringify(told.args)).toContain('HTTP 500');
    expect(t.slack.callsTo('files.completeUploadExternal')).toEqual([]);
    expect(t.slack.messages(WAR_ROOM)).toEqual([]);
  });
});

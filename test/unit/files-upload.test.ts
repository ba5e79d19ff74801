import { LogLevel, webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shareFiles } from '../../src/slack/file-upload.js';
import { FakeSlack } from '../support/fake-slack.js';

const TOKEN = 'xoxb-test-token';
const bytes = (text: string) => new TextEncoder().encode(text);

describe("the stand-in's file upload (files.getUploadURLExternal → upload_url → files.completeUploadExternal)", () => {
  let fake: FakeSlack;
  let web: webApi.WebClient;

  beforeAll(async () => {
    fake = await FakeSlack.start({
      channels: {
        C1: { members: ['U1', 'UBOT'], name: 'war-room', isPrivate: true },
        C2: { members: ['U1'], name: 'elsewhere' },
      },
    });
    web = new webApi.WebClient(TOKEN, {
      slackApiUrl: fake.apiUrl,
      logLevel: LogLevel.ERROR,
      retryConfig: { retries: 0 },
    });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.stop());

  const call = (method: string, args: Record<string, unknown>) =>
    web.apiCall(method, args).catch((error: { data?: { error?: string } }) => error.data);

  it('shares the files in one message with their names, sizes and links, and keeps the bytes', async () => {
    const shared = await shareFiles(web, { channelId: 'C1', comment: 'Post-mortem' }, [
      { filename: 'XSA-1-report.md', contentType: 'text/markdown', bytes: bytes('# XSA-1\n') },
      { filename: 'XSA-1.ics', contentType: 'text/calendar', bytes: bytes('BEGIN:VCALENDAR\r\n') },
    ]);

    expect(fake.calls.map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'upload_url',
      'files.getUploadURLExternal',
      'upload_url',
      'files.completeUploadExternal',
    ]);
    expect(fake.callsTo('files.getUploadURLExternal')[0]?.args).toEqual({
      filename: 'XSA-1-report.md',
      length: '8',
    });
    const [message] = fake.messages('C1');
    expect(message?.text).toBe('Post-mortem');
    const files = message?.files as Array<Record<string, unknown>>;
    expect(files.map((f) => [f.name, f.title, f.size, f.mimetype])).toEqual([
      ['XSA-1-report.md', 'XSA-1-report.md', 8, 'text/markdown'],
      ['XSA-1.ics', 'XSA-1.ics', 17, 'text/calendar'],
    ]);
    expect(shared.map((f) => f.id)).toEqual(files.map((f) => f.id));
    expect(fake.uploadedFile(String(files[0]?.id))?.bytes?.toString()).toBe('# XSA-1\n');

    const download = await fetch(String(files[0]?.url_private), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await download.text()).toBe('# XSA-1\n');
    expect((await fetch(String(files[0]?.url_private))).status).toBe(404);
  });

  it.each([
    [{ length: 10 }, 'no filename'],
    [{ filename: 'a.md' }, 'no length'],
    [{ filename: 'a.md', length: 0 }, 'an empty file'],
    [{ filename: 'a.md', length: 'ten' }, 'a length that is not a number'],
    [{ filename: '', length: 10 }, 'an empty filename'],
  ])('getUploadURLExternal refuses %j (%s) with invalid_arguments', async (args, _why) => {
    expect(await call('files.getUploadURLExternal', args)).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
    });
    expect(fake.takeRejections()).toHaveLength(1);
  });

  it('completeUploadExternal refuses bad files, missing bytes and channels the bot is not in', async () => {
    const slot = (await web.files.getUploadURLExternal({ filename: 'a.md', length: 3 })) as {
      upload_url: string;
      file_id: string;
    };
    const complete = (args: Record<string, unknown>) => call('files.completeUploadExternal', args);
    const files = JSON.stringify([{ id: slot.file_id, title: 'a' }]);

    expect(await complete({ channel_id: 'C1' })).toMatchObject({ error: 'invalid_arguments' });
    expect(await complete({ files: '[]', channel_id: 'C1' })).toMatchObject({ error: 'invalid_arguments' });
    expect(await complete({ files: 'not json', channel_id: 'C1' })).toMatchObject({
      error: 'invalid_arguments',
    });
    expect(await complete({ files: '[{"id":"FNOPE"}]', channel_id: 'C1' })).toMatchObject({
      error: 'file_not_found',
    });
    // The bytes were never sent.
    expect(await complete({ files, channel_id: 'C1' })).toMatchObject({ error: 'file_upload_size_mismatch' });

    await fetch(slot.upload_url, { method: 'POST', body: 'abcd' });
    expect(await complete({ files, channel_id: 'C1' })).toMatchObject({ error: 'file_upload_size_mismatch' });
    await fetch(slot.upload_url, { method: 'POST', body: 'abc' });
    expect(await complete({ files, channel_id: 'C2' })).toMatchObject({ error: 'not_in_channel' });
    expect(await complete({ files, channel_id: 'CNOPE' })).toMatchObject({ error: 'channel_not_found' });
    expect(fake.messages('C2')).toEqual([]);
    expect(await complete({ files, channel_id: 'C1' })).toMatchObject({ ok: true, files: [{ title: 'a' }] });
    // The argument checks count as refusals of what was sent; the rest are the method's own answers.
    expect(fake.takeRejections().map((r) => r.error)).toEqual([
      'invalid_arguments',
      'invalid_arguments',
      'invalid_arguments',
    ]);
  });

  it('answers an upload_url nobody issued with 404', async () => {
    const response = await fetch(`${fake.url}/upload/v1/FNOPE`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(404);
  });
});

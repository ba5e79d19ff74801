import type { App } from '@slack/bolt';
import type { ReportFile } from '../domain/report/record.js';

/** How long the POST of one file's bytes may take; the Web API calls have the client's own timeout. */
const UPLOAD_TIMEOUT_MS = 10_000;

/**
 * Shares files in a channel as one message, with Slack's current upload flow: for each file
 * `files.getUploadURLExternal` (name, length) and a POST of its bytes to the `upload_url` it
 * answers; then one `files.completeUploadExternal` with every `{id, title}` and `channel_id`.
 * Written out instead of the client's `filesUploadV2`, which sends the bytes as a multipart form
 * through the client's request queue and hides which step failed.
 */
export async function shareFiles(
  client: App['client'],
  target: { channelId: string; comment: string },
  files: readonly ReportFile[],
): Promise<Array<{ id: string; title?: string }>> {
  const uploaded: Array<{ id: string; title: string }> = [];
  for (const file of files) {
    const slot = await client.files.getUploadURLExternal({
      filename: file.filename,
      length: file.bytes.length,
    });
    if (!slot.upload_url || !slot.file_id) throw new Error(`no upload_url for ${file.filename}`);
    const response = await fetch(slot.upload_url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: file.bytes,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`uploading ${file.filename} failed: HTTP ${response.status}`);
    uploaded.push({ id: slot.file_id, title: file.filename });
  }
  const [first, ...rest] = uploaded;
  if (!first) return [];
  const done = await client.files.completeUploadExternal({
    files: [first, ...rest],
    channel_id: target.channelId,
    initial_comment: target.comment,
  });
  return (done.files ?? []).map((f) => ({ id: f.id ?? '', title: f.title }));
}

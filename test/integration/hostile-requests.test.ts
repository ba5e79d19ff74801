import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewSubmissionBody } from '../support/payloads.js';
import { interactionBody, slashCommandBody } from '../support/signing.js';
import { ALICE, replyText, startTestBot, type TestBot, WAR_ROOM } from '../support/test-bot.js';

/**
 * Requests Slack never sends, signed (so they reach the listeners): each gets a prompt, specific
 * answer and never "Something went wrong" or a hang.
 */

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
  for (const text of ['new XSA-108 lift 2014-10-01T12:00Z', 'zone add us-east-1a']) {
    expect(replyText(await t.command(text))).toMatch(/^:white_check_mark:/);
  }
});
afterAll(async () => {
  await t.stop();
});

describe('hostile but signed requests', () => {
  it("answers `payload=[]` at once, not after Bolt's 3-second wait", async () => {
    const started = Date.now();
    const response = await t.post(interactionBody([]));
    expect(response.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('answers a slash command with `text` twice with what was wrong', async () => {
    const body = `${slashCommandBody({ text: 'status', user_id: ALICE, channel_id: WAR_ROOM, response_url: t.slack.responseUrl() })}&text=help`;
    const response = await t.post(body);
    expect(response.status).toBe(200);
    expect(replyText(response)).toContain('The command text arrived more than once');
  });

  it("answers an object where the Block reason's text belongs with an error in the form", async () => {
    const response = await t.post(
      viewSubmissionBody({
        user: ALICE,
        callbackId: 'xsa_block_reason',
        privateMetadata: JSON.stringify({ campaignId: 'XSA-108', zone: 'us-east-1a', channelId: WAR_ROOM }),
        values: { reason: { reason_input: { type: 'plain_text_input', value: { trim: 1 } } } },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      response_action: 'errors',
      errors: { reason: expect.stringContaining('The reason must be text') },
    });
    expect(replyText(await t.command('status'))).not.toContain('blocked');
  });
});

import type { App, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import { mayKnowOf } from '../../../campaigns/access.js';
import type { Invocation } from '../../../campaigns/campaign-commands.js';
import type { AppContext } from '../../../context.js';
import { XsaError } from '../../../domain/errors.js';
import { getErrorBlocks } from '../../blocks/reply-blocks.js';
import { parseCommand, type XsaCommand } from '../../command-parser.js';

import { runCommand, type SlashSurface } from '../../commands/run.js';

/**
 * Parses `/xsa` text where a campaign's existence changes the reading (`block z waiting in XSA-108`):
 * an id counts as a campaign only when this user may know of it, so the reading itself is no oracle.
 */
async function parseCommandFor(ctx: AppContext, who: Invocation, text: string): Promise<XsaCommand> {
  const asked = new Set<string>();
  try {
    parseCommand(text, (id) => {
      asked.add(id);
      return false;
    });
  } catch {
    // Only the ids it asked about matter here; the real parse below reports the error.
  }
  const known = new Set<string>();
  for (const id of asked) {
    const campaign = ctx.campaigns.findCampaign(id);
    if (campaign && (await mayKnowOf(ctx, campaign, who))) known.add(id);
  }
  return parseCommand(text, (id) => known.has(id));
}

/** Parses, runs and renders one `/xsa` command; every failure becomes an answer for the user. */
export async function answerXsaCommand(
  ctx: AppContext,
  slash: Pick<SlashCommand, 'text' | 'user_id' | 'channel_id' | 'trigger_id'>,
  client: App['client'],
  afterAck: SlashSurface['afterAck'],
): Promise<RespondArguments | undefined> {
  const who = { userId: slash.user_id, channelId: slash.channel_id };
  // A form body with `text` twice parses to an array: not something Slack sends, but an answer all the same.
  if (typeof slash.text !== 'string') {
    return {
      response_type: 'ephemeral',
      ...getErrorBlocks('The command text arrived more than once. Send one `text` field, e.g. `/xsa help`.'),
    };
  }
  try {
    const command = await parseCommandFor(ctx, who, slash.text);
    const reply = await runCommand(ctx, who, command, { triggerId: slash.trigger_id, client, afterAck });
    if (reply === null) return undefined;
    return {
      response_type: reply.public ? 'in_channel' : 'ephemeral',
      text: reply.text,
      blocks: reply.blocks,
    };
  } catch (error) {
    if (error instanceof XsaError) return { response_type: 'ephemeral', ...getErrorBlocks(error.message) };
    ctx.logger.error('/xsa failed', slash.text, error);
    return {
      response_type: 'ephemeral',
      ...getErrorBlocks(
        'Something went wrong on my side. Check `/xsa status` before trying again; the error is in my log.',
      ),
    };
  }
}

export function registerXsaCommand(app: App, ctx: AppContext): void {
  // The reply goes back in the acknowledgement itself: one round trip, inside Slack's 3 seconds,
  // and only after the change is committed, so nothing acknowledged can be lost.
  app.command('/xsa', async ({ command, ack, client, respond }) => {
    const later: Array<() => Promise<void>> = [];
    await ack(await answerXsaCommand(ctx, command, client, (work) => later.push(work)));
    for (const work of later) await work().catch((error: unknown) => tellFailure(ctx, respond, error));
  });
}

/** Work after the ack failed: the user is told through the command's response_url, and the log has why. */
async function tellFailure(ctx: AppContext, respond: RespondFn, error: unknown): Promise<void> {
  ctx.logger.error('/xsa follow-up failed', error);
  await respond({
    response_type: 'ephemeral',
    ...getErrorBlocks(
      `That did not finish: ${error instanceof Error ? error.message : String(error)}. Try again in a minute; the error is in my log.`,
    ),
  }).catch((again: unknown) => ctx.logger.warn('could not tell the user either', again));
}

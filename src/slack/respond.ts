import type { RespondFn } from '@slack/bolt';
import type { Invocation } from '../campaigns/campaign-commands.js';
import { getStatusAudience } from '../campaigns/queries.js';
import type { AppContext } from '../context.js';

/** Posts to a response_url the way Bolt's `respond` does, for the places Bolt gives no `respond` (view submissions). */
export function respondVia(responseUrl: string): RespondFn {
  return (message) =>
    fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(typeof message === 'string' ? { text: message } : message),
    });
}

/**
 * Replaces the status message a button sat on with the campaign as it is now, then tells the
 * clicker. Should Slack not take the answer, it goes to the outbox, which retries until Slack
 * recovers or the response_url expires: the change is committed, and its clicker must hear of it.
 */
export async function refreshStatusAndTell(
  ctx: AppContext,
  respond: RespondFn,
  who: Invocation,
  campaignId: string,
  feedback: string,
  responseUrl: string | null,
  /** The clicked message (`container.message_ts`): refreshes of one message are coalesced. */
  messageTs?: string,
): Promise<void> {
  // Clicks in a burst on one message: the refreshes go one at a time, the last state wins.
  const refresh = async () => {
    try {
      const audience = await getStatusAudience(ctx, who, { campaign: campaignId, share: false });
      await respond({ replace_original: true, ...ctx.statusRenders.render(ctx, audience) });
    } catch (error) {
      // Only the message refresh failed; the next status, or the next click, shows the change.
      ctx.logger.warn('could not refresh the status message', error);
    }
  };
  await (messageTs
    ? ctx.statusRenders.coalesce(`${who.channelId}|${who.userId}|${messageTs}`, refresh)
    : refresh());
  try {
    await respond({ response_type: 'ephemeral', replace_original: false, text: feedback });
  } catch (error) {
    if (!responseUrl) {
      ctx.logger.warn('could not answer the clicker', error);
      return;
    }
    ctx.outbox.enqueue(
      {
        dedupeKey: `answer:${responseUrl}`,
        campaignId,
        channel: who.channelId,
        message: { text: feedback, responseUrl },
      },
      ctx.clock.now(),
    );
  }
}

export async function tellClicker(ctx: AppContext, respond: RespondFn, text: string): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text }).catch((error: unknown) =>
    ctx.logger.warn('could not answer the clicker', error),
  );
}

import type { App, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import { mayKnowOf, requireCreator, requirePrivateChannel } from '../../../campaigns/access.js';
import {
  closeCampaign,
  createCampaign,
  type Invocation,
  moveLift,
  reopenCampaign,
} from '../../../campaigns/campaign-commands.js';
import { getUnpatchedHosts } from '../../../campaigns/host-commands.js';
import { getStatus, getTimeline, listCampaigns } from '../../../campaigns/queries.js';
import { setCheckpoints, setDigest, setSubscription } from '../../../campaigns/reminder-commands.js';
import { prepareReport } from '../../../campaigns/report.js';
import { changeSetting } from '../../../campaigns/settings-commands.js';
import { createToken, listTokens, revokeToken } from '../../../campaigns/token-commands.js';
import { addZones } from '../../../campaigns/zone-add.js';
import { changeZone, recordNotified, removeZone, renameZone } from '../../../campaigns/zone-commands.js';
import type { AppContext } from '../../../context.js';
import { XsaError } from '../../../domain/errors.js';
import { getHostsBlocks, getTokenCreatedBlocks, getTokenListBlocks } from '../../blocks/api-blocks.js';
import { getNewCampaignModal } from '../../blocks/modal-blocks.js';
import {
  getCreatedBlocks,
  getDoneBlocks,
  getErrorBlocks,
  getHelpBlocks,
  getLiftMovedBlocks,
  getListBlocks,
  getOutcomeBlocks,
  getStatusSharedBlocks,
  getTimelineBlocks,
} from '../../blocks/reply-blocks.js';
import { getReportSharedBlocks, getReportUploadingBlocks } from '../../blocks/report-blocks.js';
import { getStatusBlocks, type SlackMessage } from '../../blocks/status-blocks.js';
import { parseCommand, type XsaCommand } from '../../command-parser.js';
import { shareFiles } from '../../file-upload.js';
import { lookUpNames } from '../../people.js';

type Reply = SlackMessage & { public?: boolean };

/** What a command may need of Slack beyond its reply: opening a modal, or work after the ack. */
interface SlashSurface {
  triggerId: string;
  client: App['client'];
  /** Runs `work` after the acknowledgement (which must leave within 3 seconds). */
  afterAck: (work: () => Promise<void>) => void;
}

async function runCommand(
  ctx: AppContext,
  who: Invocation,
  command: XsaCommand,
  surface: SlashSurface,
): Promise<Reply | null> {
  switch (command.kind) {
    case 'help':
      return getHelpBlocks();
    case 'new_form': {
      // Refused before the form opens, not after it is filled in.
      await requireCreator(ctx, who.userId);
      await requirePrivateChannel(ctx, who.channelId);
      const view = getNewCampaignModal(
        { channelId: who.channelId },
        await ctx.directory.userTimeZone(who.userId),
      );
      await surface.client.views.open({ trigger_id: surface.triggerId, view });
      return null;
    }
    case 'new':
      return getCreatedBlocks(await createCampaign(ctx, who, command.request));
    case 'set':
      return getOutcomeBlocks(await changeSetting(ctx, who, command));
    case 'zone_remove':
      return getOutcomeBlocks(await removeZone(ctx, who, command));
    case 'zone_rename':
      return getOutcomeBlocks(await renameZone(ctx, who, command));
    case 'reopen':
      return getOutcomeBlocks(await reopenCampaign(ctx, who, command));
    case 'zone_add':
      return getDoneBlocks(await addZones(ctx, who, command.request));
    case 'zone':
      return getOutcomeBlocks(await changeZone(ctx, who, command), { escape: true });
    case 'notified':
      return getDoneBlocks(await recordNotified(ctx, who, command));
    case 'lift':
      return getLiftMovedBlocks(await moveLift(ctx, who, command));
    case 'close':
      return getOutcomeBlocks(await closeCampaign(ctx, who, command));
    case 'status': {
      const view = await getStatus(ctx, who, command);
      const status = getStatusBlocks(view);
      if (command.shareTo === null) return { ...status, public: command.share };
      await shareInto(surface.client, command.shareTo, status);
      return getStatusSharedBlocks(command.shareTo, view.redacted);
    }
    case 'list': {
      const { entries, now } = await listCampaigns(ctx, who);
      return getListBlocks(entries, now);
    }
    case 'timeline':
      return getTimelineBlocks(await getTimeline(ctx, who, command), command.page);
    case 'report': {
      const delivery = await prepareReport(ctx, who, command);
      // Drawing and four uploads (a dozen calls) do not fit in the 3-second ack, so they follow it.
      surface.afterAck(async () => {
        const files = delivery.build(await lookUpNames(surface.client, delivery.people));
        const shared = getReportSharedBlocks(delivery.campaign, files);
        await shareFiles(surface.client, { channelId: delivery.channelId, comment: shared.text }, files);
      });
      return getReportUploadingBlocks(delivery);
    }
    case 'remind':
      return getOutcomeBlocks(await setCheckpoints(ctx, who, command));
    case 'digest':
      return getOutcomeBlocks(await setDigest(ctx, who, command));
    case 'token':
      return runTokenCommand(ctx, who, command);
    case 'hosts':
      return getHostsBlocks(await getUnpatchedHosts(ctx, who, command));
    case 'subscribe':
    case 'unsubscribe':
      return getOutcomeBlocks(
        await setSubscription(ctx, who, { ...command, subscribe: command.kind === 'subscribe' }),
      );
  }
}

async function runTokenCommand(
  ctx: AppContext,
  who: Invocation,
  command: Extract<XsaCommand, { kind: 'token' }>,
): Promise<Reply> {
  if (command.action === 'list') {
    const { campaign, tokens } = await listTokens(ctx, who, command);
    return getTokenListBlocks(campaign, tokens);
  }
  if (command.action === 'create') {
    const { campaign, name, token } = await createToken(ctx, who, command);
    return getTokenCreatedBlocks(campaign, name, token);
  }
  return getOutcomeBlocks(await revokeToken(ctx, who, command));
}

/** Posts a shared status into another channel; a channel the bot cannot post in is the user's to fix. */
async function shareInto(client: App['client'], channel: string, status: SlackMessage): Promise<void> {
  try {
    await client.chat.postMessage({ channel, text: status.text, blocks: status.blocks });
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code === 'not_in_channel' || code === 'channel_not_found' || code === 'is_archived') {
      throw new XsaError(
        'cannot_share_there',
        `I can't post in <#${channel}> (${code}). Invite me there with \`/invite @xsa-bot\`, then share again.`,
      );
    }
    throw error;
  }
}

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

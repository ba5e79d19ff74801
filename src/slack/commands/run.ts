import type { App } from '@slack/bolt';
import { requireCreator, requirePrivateChannel } from '../../campaigns/access.js';
import {
  closeCampaign,
  createCampaign,
  type Invocation,
  moveLift,
  reopenCampaign,
} from '../../campaigns/campaign-commands.js';
import { getUnpatchedHosts } from '../../campaigns/host-commands.js';
import { getStatusAudience, getTimeline, listCampaigns } from '../../campaigns/queries.js';
import { setCheckpoints, setDigest, setSubscription } from '../../campaigns/reminder-commands.js';
import { prepareReport } from '../../campaigns/report.js';
import { changeSetting } from '../../campaigns/settings-commands.js';
import { createToken, listTokens, revokeToken } from '../../campaigns/token-commands.js';
import { addZones } from '../../campaigns/zone-add.js';
import { changeZone, recordNotified, removeZone, renameZone } from '../../campaigns/zone-commands.js';
import type { AppContext } from '../../context.js';
import { XsaError } from '../../domain/errors.js';
import { getHostsBlocks, getTokenCreatedBlocks, getTokenListBlocks } from '../blocks/api-blocks.js';
import type { SlackMessage } from '../blocks/kit.js';
import { getNewCampaignModal } from '../blocks/modal-blocks.js';
import {
  getCreatedBlocks,
  getDoneBlocks,
  getHelpBlocks,
  getLiftMovedBlocks,
  getListBlocks,
  getOutcomeBlocks,
  getStatusSharedBlocks,
  getTimelineBlocks,
} from '../blocks/reply-blocks.js';
import { getReportSharedBlocks, getReportUploadingBlocks } from '../blocks/report-blocks.js';
import type { XsaCommand } from '../command-parser.js';
import { shareFiles } from '../file-upload.js';
import { lookUpNames } from '../people.js';

export type Reply = SlackMessage & { public?: boolean };

/** What a command may need of Slack beyond its reply: opening a modal, or work after the ack. */
export interface SlashSurface {
  triggerId: string;
  client: App['client'];
  /** Runs `work` after the acknowledgement (which must leave within 3 seconds). */
  afterAck: (work: () => Promise<void>) => void;
}

/** Runs one parsed `/xsa` command and builds its reply; null when the reply is a modal. */
export async function runCommand(
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
      // Rendered once per campaign change and audience (StatusRenderCache), not once per request.
      const audience = await getStatusAudience(ctx, who, command);
      const status = ctx.statusRenders.render(ctx, audience);
      if (command.shareTo === null) return { ...status, public: command.share };
      await shareInto(surface.client, command.shareTo, status);
      return getStatusSharedBlocks(command.shareTo, audience.redacted);
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

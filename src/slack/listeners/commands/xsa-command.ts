import type { App, RespondArguments, SlashCommand } from '@slack/bolt';
import {
  addZones,
  closeCampaign,
  createCampaign,
  type Invocation,
  moveLift,
} from '../../../campaigns/campaign-commands.js';
import { getStatusAudience, getTimeline, listCampaigns } from '../../../campaigns/queries.js';
import { setCheckpoints, setDigest, setSubscription } from '../../../campaigns/reminder-commands.js';
import { changeZone, recordNotified } from '../../../campaigns/zone-commands.js';
import type { AppContext } from '../../../context.js';
import { XsaError } from '../../../domain/errors.js';
import { formatInstant } from '../../../domain/time.js';
import { getNewCampaignModal } from '../../blocks/modal-blocks.js';
import {
  getErrorBlocks,
  getHelpBlocks,
  getListBlocks,
  getTextBlocks,
  getTimelineBlocks,
} from '../../blocks/reply-blocks.js';
import type { SlackMessage } from '../../blocks/status-blocks.js';
import { parseCommand, type XsaCommand } from '../../command-parser.js';

type Reply = SlackMessage & { public?: boolean };

/** What a command may need of Slack beyond its reply: opening a modal. */
interface SlashSurface {
  triggerId: string;
  client: App['client'];
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
      const view = getNewCampaignModal(
        { channelId: who.channelId },
        await ctx.directory.userTimeZone(who.userId),
      );
      await surface.client.views.open({ trigger_id: surface.triggerId, view });
      return null;
    }
    case 'new': {
      const outcome = await createCampaign(ctx, who, command.request);
      return getTextBlocks(
        `:white_check_mark: ${outcome.summary}\nLift ${formatInstant(outcome.campaign.liftAt)}. Next: \`/xsa zone add <ZONE>[,<ZONE>…] region <REGION> hosts <N>\`.`,
      );
    }
    case 'zone_add':
      return getTextBlocks(`:white_check_mark: ${(await addZones(ctx, who, command.request)).summary}`);
    case 'zone': {
      const outcome = await changeZone(ctx, who, command);
      return getTextBlocks(
        `${outcome.changed ? ':white_check_mark:' : ':information_source:'} ${outcome.summary}`,
      );
    }
    case 'notified':
      return getTextBlocks(`:white_check_mark: ${(await recordNotified(ctx, who, command)).summary}`);
    case 'lift': {
      const outcome = await moveLift(ctx, who, command);
      return getTextBlocks(
        `:white_check_mark: ${outcome.summary} The lift is now ${formatInstant(outcome.campaign.liftAt)}.`,
      );
    }
    case 'close':
      return getTextBlocks(`:white_check_mark: ${(await closeCampaign(ctx, who, command)).summary}`);
    case 'status': {
      const audience = await getStatusAudience(ctx, who, command);
      return { ...ctx.statusRenders.render(ctx, audience), public: command.share };
    }
    case 'list': {
      const { entries, now } = await listCampaigns(ctx, who);
      return getListBlocks(entries, now);
    }
    case 'timeline':
      return getTimelineBlocks(await getTimeline(ctx, who, command));
    case 'remind':
      return getTextBlocks(`:white_check_mark: ${(await setCheckpoints(ctx, who, command)).summary}`);
    case 'digest':
      return getTextBlocks(`:white_check_mark: ${(await setDigest(ctx, who, command)).summary}`);
    case 'subscribe':
    case 'unsubscribe': {
      const outcome = await setSubscription(ctx, who, {
        ...command,
        subscribe: command.kind === 'subscribe',
      });
      return getTextBlocks(
        `${outcome.changed ? ':white_check_mark:' : ':information_source:'} ${outcome.summary}`,
      );
    }
  }
}

/** Parses, runs and renders one `/xsa` command; every failure becomes an answer for the user. */
export async function answerXsaCommand(
  ctx: AppContext,
  slash: Pick<SlashCommand, 'text' | 'user_id' | 'channel_id' | 'trigger_id'>,
  client: App['client'],
): Promise<RespondArguments | undefined> {
  const who = { userId: slash.user_id, channelId: slash.channel_id };
  try {
    const command = parseCommand(slash.text, (id) => ctx.campaigns.findCampaign(id) !== null);
    const reply = await runCommand(ctx, who, command, { triggerId: slash.trigger_id, client });
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
  app.command('/xsa', async ({ command, ack, client }) => {
    await ack(await answerXsaCommand(ctx, command, client));
  });
}

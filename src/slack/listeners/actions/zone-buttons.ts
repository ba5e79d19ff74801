import type { App, BlockButtonAction, RespondFn } from '@slack/bolt';
import { changeZone, type ZoneAction, zoneToBlock } from '../../../campaigns/zone-commands.js';
import type { AppContext } from '../../../context.js';
import { XsaError } from '../../../domain/errors.js';
import { StartRefused } from '../../../domain/zone-rules.js';
import { getBlockReasonModal } from '../../blocks/modal-blocks.js';
import { formatOutcome, getStartRefusedBlocks } from '../../blocks/reply-blocks.js';
import { ACTIONS, decodeZoneValue, ZONE_BUTTON_PATTERN } from '../../ids.js';
import { refreshStatusAndTell, tellClicker } from '../../respond.js';

/** What each zone button does; Block opens a form first (handleBlockClick). */
const ZONE_ACTIONS: Partial<Record<string, ZoneAction>> = {
  [ACTIONS.start]: { kind: 'start', force: false },
  [ACTIONS.done]: { kind: 'done' },
  [ACTIONS.unblock]: { kind: 'unblock' },
  [ACTIONS.forceStart]: { kind: 'start', force: true },
};

const NOT_A_ZONE_BUTTON =
  ':warning: That button does not name a zone I know. Run `/xsa status` for a fresh message.';

/** The clicker and the channel of the clicked message. */
const who = (body: BlockButtonAction) => ({ userId: body.user.id, channelId: body.channel?.id ?? '' });

const explain = (error: unknown) =>
  error instanceof XsaError
    ? `:warning: ${error.message}`
    : ':warning: Something went wrong on my side; nothing was changed.';

/** Start / Done / Unblock: change the zone, then update the message in place and answer the clicker. */
async function handleZoneClick(
  ctx: AppContext,
  body: BlockButtonAction,
  action: ZoneAction,
  ack: () => Promise<void>,
  respond: RespondFn,
) {
  const target = decodeZoneValue(body.actions[0]?.value);
  const invocation = who(body);
  if (!target) {
    await ack();
    await tellClicker(ctx, respond, NOT_A_ZONE_BUTTON);
    return;
  }
  let outcome: Awaited<ReturnType<typeof changeZone>>;
  try {
    outcome = await changeZone(ctx, invocation, { campaign: target.campaignId, zone: target.zone, action });
  } catch (error) {
    await ack();
    if (!(error instanceof XsaError)) ctx.logger.error('zone button failed', error);
    // A button cannot add `force`: the answer carries a Start anyway button instead.
    if (error instanceof StartRefused) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...getStartRefusedBlocks(target.campaignId, error),
      }).catch((e: unknown) => ctx.logger.warn('could not answer the clicker', e));
      return;
    }
    await tellClicker(ctx, respond, explain(error));
    return;
  }
  // Acked once, only after the change is committed; what follows cannot un-acknowledge it.
  await ack();
  if (action.kind === 'start' && action.force) {
    // Clicked on the refusal (an ephemeral answer): it becomes the outcome; the live countdown
    // and the next status show the zone.
    const text = formatOutcome(outcome);
    await respond({ replace_original: true, text }).catch((e: unknown) =>
      ctx.logger.warn('could not answer the clicker', e),
    );
    return;
  }
  await refreshStatusAndTell(
    ctx,
    respond,
    invocation,
    outcome.campaign.id,
    formatOutcome(outcome, { escape: true }),
    body.response_url ?? null,
    body.container?.message_ts,
  ).catch((error: unknown) => ctx.logger.warn('could not refresh the status message after a click', error));
}

/** Block: checks the clicker may act, then opens the modal that asks for the reason. */
async function handleBlockClick(
  ctx: AppContext,
  body: BlockButtonAction,
  ack: () => Promise<void>,
  client: App['client'],
  respond: RespondFn,
) {
  await ack();
  const target = decodeZoneValue(body.actions[0]?.value);
  if (!target) {
    await tellClicker(ctx, respond, NOT_A_ZONE_BUTTON);
    return;
  }
  try {
    const { campaign, zone } = await zoneToBlock(ctx, who(body), {
      campaign: target.campaignId,
      zone: target.zone,
    });
    await client.views.open({
      trigger_id: body.trigger_id,
      view: getBlockReasonModal({
        campaignId: campaign.id,
        zone: zone.name,
        channelId: body.channel?.id ?? campaign.warRoomChannel,
        responseUrl: body.response_url ?? null,
      }),
    });
  } catch (error) {
    if (!(error instanceof XsaError)) ctx.logger.error('block button failed', error);
    await tellClicker(ctx, respond, explain(error));
  }
}

export function registerZoneButtons(app: App, ctx: AppContext): void {
  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: ZONE_BUTTON_PATTERN },
    async ({ body, action, ack, respond, client }) => {
      if (action.action_id === ACTIONS.block) return handleBlockClick(ctx, body, ack, client, respond);
      const zoneAction = ZONE_ACTIONS[action.action_id];
      if (!zoneAction) return ack();
      return handleZoneClick(ctx, body, zoneAction, ack, respond);
    },
  );
}

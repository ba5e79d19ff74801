import type { App } from '@slack/bolt';
import { changeZone } from '../../../campaigns/zone-commands.js';
import type { AppContext } from '../../../context.js';
import { XsaError } from '../../../domain/errors.js';
import { MAX_BLOCK_REASON } from '../../../domain/limits.js';
import { escapeMrkdwn } from '../../blocks/kit.js';
import type { BlockReasonMetadata } from '../../blocks/modal-blocks.js';
import { BLOCK_REASON_INPUT, VIEWS } from '../../ids.js';
import { refreshStatusAndTell, respondVia } from '../../respond.js';

function readMetadata(text: string): BlockReasonMetadata | null {
  try {
    const value = JSON.parse(text) as Partial<BlockReasonMetadata>;
    if (
      typeof value.campaignId !== 'string' ||
      typeof value.zone !== 'string' ||
      typeof value.channelId !== 'string'
    )
      return null;
    return {
      campaignId: value.campaignId,
      zone: value.zone,
      channelId: value.channelId,
      responseUrl: typeof value.responseUrl === 'string' ? value.responseUrl : null,
    };
  } catch {
    return null;
  }
}

/** The Block modal's submission: errors stay in the modal; success blocks the zone and updates the message. */
export function registerBlockReasonView(app: App, ctx: AppContext): void {
  app.view(VIEWS.blockReason, async ({ ack, body, view }) => {
    const fail = (message: string) =>
      ack({ response_action: 'errors', errors: { [BLOCK_REASON_INPUT.block]: message } });
    const metadata = readMetadata(view.private_metadata);
    if (!metadata) return fail('This form lost track of its zone. Close it and click Block again.');
    // A forged payload may put anything where Slack puts the typed string.
    const typed: unknown = view.state.values[BLOCK_REASON_INPUT.block]?.[BLOCK_REASON_INPUT.action]?.value;
    if (typed !== undefined && typed !== null && typeof typed !== 'string')
      return fail('The reason must be text, e.g. "BMC firmware hangs on reboot".');
    const reason = typed?.trim() ?? '';
    if (reason === '') return fail('Say what blocks the zone, e.g. "BMC firmware hangs on reboot".');
    if (reason.length > MAX_BLOCK_REASON) return fail(`At most ${MAX_BLOCK_REASON} characters.`);
    const who = { userId: body.user.id, channelId: metadata.channelId };
    try {
      const outcome = await changeZone(ctx, who, {
        campaign: metadata.campaignId,
        zone: metadata.zone,
        action: { kind: 'block', reason },
      });
      await ack();
      if (metadata.responseUrl) {
        await refreshStatusAndTell(
          ctx,
          respondVia(metadata.responseUrl),
          who,
          outcome.campaign.id,
          `:no_entry: ${escapeMrkdwn(outcome.summary)}`,
          metadata.responseUrl,
        );
      }
    } catch (error) {
      if (!(error instanceof XsaError)) ctx.logger.error('block submission failed', error);
      return fail(
        error instanceof XsaError ? error.message : 'Something went wrong on my side; nothing was changed.',
      );
    }
  });
}

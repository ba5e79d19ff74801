import type { App } from '@slack/bolt';
import { createCampaign } from '../../../campaigns/campaign-commands.js';
import type { AppContext } from '../../../context.js';
import { XsaError } from '../../../domain/errors.js';
import { readNewCampaignForm } from '../../blocks/modal-blocks.js';
import { getCreatedBlocks } from '../../blocks/reply-blocks.js';
import { NEW_CAMPAIGN_INPUTS as INPUTS, VIEWS } from '../../ids.js';

// Which field an error code belongs to, so the message shows under it (response_action: errors).
const FIELD_OF_ERROR: Record<string, string> = {
  bad_campaign_id: INPUTS.id.block,
  campaign_exists: INPUTS.id.block,
  bad_title: INPUTS.title.block,
  bad_cve: INPUTS.cves.block,
  bad_alias: INPUTS.alias.block,
  alias_leaks: INPUTS.alias.block,
  bad_duration: INPUTS.notice.block,
  bad_zone: INPUTS.liftZone.block,
};

/** The New campaign modal's submission: the same use case as `/xsa new`, errors shown field by field. */
export function registerNewCampaignView(app: App, ctx: AppContext): void {
  app.view(VIEWS.newCampaign, async ({ ack, body, view, client }) => {
    const form = readNewCampaignForm(view);
    if ('field' in form) return ack({ response_action: 'errors', errors: { [form.field]: form.message } });
    try {
      const outcome = await createCampaign(
        ctx,
        { userId: body.user.id, channelId: form.channelId },
        form.request,
      );
      await ack();
      await client.chat
        .postEphemeral({
          channel: form.channelId,
          user: body.user.id,
          ...getCreatedBlocks(outcome),
        })
        .catch((error: unknown) => ctx.logger.warn('could not confirm the new campaign', error));
    } catch (error) {
      if (!(error instanceof XsaError)) {
        ctx.logger.error('new campaign submission failed', error);
        return ack({
          response_action: 'errors',
          errors: { [INPUTS.id.block]: 'Something went wrong on my side; nothing was created.' },
        });
      }
      const field = FIELD_OF_ERROR[error.code] ?? INPUTS.liftDate.block;
      return ack({ response_action: 'errors', errors: { [field]: error.message } });
    }
  });
}

import type { App } from '@slack/bolt';
import { createCampaign, newCampaignProblems } from '../../../campaigns/campaign-commands.js';
import type { AppContext } from '../../../context.js';
import { XsaError } from '../../../domain/errors.js';
import { getNewCampaignFormErrors, readNewCampaignForm } from '../../blocks/modal-blocks.js';
import { getCreatedBlocks } from '../../blocks/reply-blocks.js';
import { NEW_CAMPAIGN_INPUTS as INPUTS, VIEWS } from '../../ids.js';

/** The New campaign modal's submission: the same use case as `/xsa new`, errors shown field by field. */
export function registerNewCampaignView(app: App, ctx: AppContext): void {
  app.view(VIEWS.newCampaign, async ({ ack, body, view, client }) => {
    const form = readNewCampaignForm(view);
    if ('field' in form) return ack({ response_action: 'errors', errors: { [form.field]: form.message } });
    // Every field's problem at once, so one submit shows all there is to fix.
    const errors = getNewCampaignFormErrors(newCampaignProblems(form.request));
    if (form.liftMissing) errors[INPUTS.liftDate.block] = 'Pick the date and time of the lift.';
    if (Object.keys(errors).length > 0) return ack({ response_action: 'errors', errors });
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
      return ack({ response_action: 'errors', errors: getNewCampaignFormErrors([error]) });
    }
  });
}

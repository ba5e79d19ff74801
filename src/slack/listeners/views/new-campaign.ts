import type { App } from '@slack/bolt';
import { createCampaign } from '../../../campaigns/campaign-commands.js';
import type { AppContext } from '../../../context.js';
import { XsaError } from '../../../domain/errors.js';
import { formatInstant } from '../../../domain/time.js';
import { NEW_CAMPAIGN_INPUTS as INPUTS, VIEWS } from '../../ids.js';

type Values = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_date?: string | null;
      selected_time?: string | null;
      selected_option?: { value: string } | null;
    }
  >
>;

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
    const values = view.state.values as Values;
    const read = (input: { block: string; action: string }) => values[input.block]?.[input.action];
    let channelId = '';
    try {
      channelId = String((JSON.parse(view.private_metadata) as { channelId?: unknown }).channelId ?? '');
    } catch {
      // Handled below: a form without its channel cannot become a war room.
    }
    const date = read(INPUTS.liftDate)?.selected_date;
    const time = read(INPUTS.liftTime)?.selected_time;
    const zone = read(INPUTS.liftZone)?.selected_option?.value ?? 'UTC';
    if (!channelId || !date || !time) {
      return ack({
        response_action: 'errors',
        errors: !channelId
          ? { [INPUTS.id.block]: 'This form lost its channel. Close it and run `/xsa new` again.' }
          : { [INPUTS.liftDate.block]: 'Pick the date and time of the lift.' },
      });
    }
    try {
      const outcome = await createCampaign(
        ctx,
        { userId: body.user.id, channelId },
        {
          id: read(INPUTS.id)?.value?.trim() ?? '',
          lift: `${date} ${time} ${zone}`,
          title: read(INPUTS.title)?.value ?? null,
          cves: (read(INPUTS.cves)?.value ?? '').split(/[\s,]+/).filter((c) => c !== ''),
          alias: read(INPUTS.alias)?.value ?? null,
          notice: read(INPUTS.notice)?.value?.trim() || null,
          wave: null,
        },
      );
      await ack();
      await client.chat
        .postEphemeral({
          channel: channelId,
          user: body.user.id,
          text: `:white_check_mark: ${outcome.summary} Lift ${formatInstant(outcome.campaign.liftAt)}.`,
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

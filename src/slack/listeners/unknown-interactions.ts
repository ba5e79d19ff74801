import type { App } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { VIEWS, ZONE_BUTTON_PATTERN } from '../ids.js';
import { tellClicker } from './status-refresh.js';

// Every action id but the zone buttons' (ids.ts ZONE_BUTTON_PATTERN), and every view but ours.
const UNKNOWN_ACTION = new RegExp(`^(?!${ZONE_BUTTON_PATTERN.source.slice(1)})`);
const UNKNOWN_VIEW = new RegExp(`^(?!(?:${VIEWS.blockReason}|${VIEWS.newCampaign})$)`);

/**
 * Buttons and forms this version does not know — from an older message, or forged — are
 * acknowledged at once. Without a listener Bolt leaves them unanswered until its 3-second
 * timeout and then answers 404, and Slack shows the person an error (rule 9).
 */
export function registerUnknownInteractions(app: App, ctx: AppContext): void {
  app.action({ type: 'block_actions', action_id: UNKNOWN_ACTION }, async ({ ack, respond }) => {
    await ack();
    if (respond) {
      await tellClicker(
        ctx,
        respond,
        ':warning: That button is not one I know; it may be on an old message. Run `/xsa status` for a fresh one.',
      );
    }
  });
  app.view(UNKNOWN_VIEW, async ({ ack }) => {
    await ack();
  });
}

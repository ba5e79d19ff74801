import type { App } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { OUR_VIEW_PATTERN, ZONE_BUTTON_PATTERN } from '../ids.js';
import { tellClicker } from '../respond.js';

/** Everything `known` (a `^…$` pattern from ids.ts) does not match. */
function allBut(known: RegExp): RegExp {
  return new RegExp(`^(?!${known.source.slice(1)})`);
}

const UNKNOWN_ACTION = allBut(ZONE_BUTTON_PATTERN);
const UNKNOWN_VIEW = allBut(OUR_VIEW_PATTERN);

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

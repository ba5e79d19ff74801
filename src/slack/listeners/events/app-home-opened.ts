import type { App } from '@slack/bolt';
import { listCampaigns } from '../../../campaigns/queries.js';
import type { AppContext } from '../../../context.js';
import { getHomeView } from '../../blocks/home-blocks.js';

/** Publishes the viewer's App Home each time they open it, so it is current without a refresh loop. */
export function registerAppHomeOpened(app: App, ctx: AppContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const { entries, now } = await listCampaigns(ctx, { userId: event.user, channelId: event.channel });
    await client.views.publish({ user_id: event.user, view: getHomeView(entries, now) });
  });
}

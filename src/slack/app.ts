import { App, LogLevel } from '@slack/bolt';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import type { HttpRoute } from '../http/routes.js';
import { registerZoneButtons } from './listeners/actions/zone-buttons.js';
import { registerXsaCommand } from './listeners/commands/xsa-command.js';
import { registerAppHomeOpened } from './listeners/events/app-home-opened.js';
import { registerUnknownInteractions } from './listeners/unknown-interactions.js';
import { registerBlockReasonView } from './listeners/views/block-reason.js';
import { registerNewCampaignView } from './listeners/views/new-campaign.js';
import { createHttpReceiver } from './receiver.js';

const LOG_LEVELS = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
} as const;

/** Web API client settings shared by every call the bot makes. */
export function slackClientOptions(slackApiUrl: string) {
  return {
    slackApiUrl,
    // Listener lookups must fit in Slack's 3-second ack; durable posts retry on their own schedule.
    timeout: 2500,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  };
}

/**
 * The Bolt app: HTTP mode on `/slack/events` with `/healthz` beside it, or Socket Mode when an
 * app token is configured.
 */
export function createSlackApp(config: Config): App {
  const health: HttpRoute = {
    method: 'GET',
    path: '/healthz',
    handle: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, mode: config.slackAppToken ? 'socket' : 'http' }));
    },
  };
  const app = new App({
    token: config.slackBotToken,
    logLevel: LOG_LEVELS[config.logLevel],
    clientOptions: slackClientOptions(config.slackApiUrl),
    // init() is awaited in startBot, so a refused token stops start-up with a message, not a crash.
    deferInitialization: true,
    ...(config.slackAppToken
      ? {
          socketMode: true,
          appToken: config.slackAppToken,
          port: config.port,
          customRoutes: [{ path: health.path, method: [health.method], handler: health.handle }],
        }
      : {
          receiver: createHttpReceiver({
            signingSecret: config.slackSigningSecret ?? '',
            routes: [health],
            logLevel: LOG_LEVELS[config.logLevel],
          }),
        }),
  });
  return app;
}

export function registerListeners(app: App, ctx: AppContext): void {
  registerXsaCommand(app, ctx);
  registerZoneButtons(app, ctx);
  registerBlockReasonView(app, ctx);
  registerNewCampaignView(app, ctx);
  registerAppHomeOpened(app, ctx);
  registerUnknownInteractions(app, ctx);
}

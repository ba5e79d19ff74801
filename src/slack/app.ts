import type { ServerResponse } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import type { Metrics } from '../metrics.js';
import { countResponses, instrumentApp, metricsRoute } from './instrument.js';
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
 * The Bolt app: HTTP mode on `/slack/events` with `/healthz` and `/metrics` beside it, or Socket
 * Mode when an app token is configured (the two routes then on its health server).
 */
export function createSlackApp(config: Config, metrics: Metrics): App {
  const health = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, mode: config.slackAppToken ? 'socket' : 'http' }));
    },
  };
  const customRoutes = [health, metricsRoute(metrics)];
  const receiver = config.slackAppToken
    ? undefined
    : createHttpReceiver({
        signingSecret: config.slackSigningSecret ?? '',
        endpoints: '/slack/events',
        customRoutes,
        logLevel: LOG_LEVELS[config.logLevel],
      });
  if (receiver) receiver.requestListener = countResponses(receiver.requestListener, metrics);
  const app = new App({
    token: config.slackBotToken,
    logLevel: LOG_LEVELS[config.logLevel],
    clientOptions: slackClientOptions(config.slackApiUrl),
    // init() is awaited in startBot, so a refused token stops start-up with a message, not a crash.
    deferInitialization: true,
    ...(config.slackAppToken
      ? { socketMode: true, appToken: config.slackAppToken, port: config.port, customRoutes }
      : { receiver }),
  });
  instrumentApp(app, metrics);
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

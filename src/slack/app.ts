import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import type { HttpRoute } from '../http/routes.js';
import type { Metrics } from '../metrics.js';
import { countResponses, instrumentApp, metricsRoute } from './instrument.js';
import { registerZoneButtons } from './listeners/actions/zone-buttons.js';
import { registerXsaCommand } from './listeners/commands/xsa-command.js';
import { registerAppHomeOpened } from './listeners/events/app-home-opened.js';
import { registerImportAdvisory } from './listeners/shortcuts/import-advisory.js';
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

/** `GET /healthz`: 200 with JSON once the database is migrated and the app listens. */
export function healthRoute(config: Config): HttpRoute {
  return {
    method: 'GET',
    path: '/healthz',
    handle: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, mode: config.slackAppToken ? 'socket' : 'http' }));
    },
  };
}

/**
 * The Bolt app: HTTP mode on `/slack/events` with `/healthz`, `/metrics` and `routes` (the HTTP
 * API) beside it, or Socket Mode when an app token is configured (bot.ts then serves the same
 * routes on a server of its own). In Socket Mode the receiver's own Web API client (which calls
 * `apps.connections.open` with the app token) gets SLACK_API_URL too: Bolt hands it only
 * `installerOptions.clientOptions`, not the app's `clientOptions`.
 */
export function createSlackApp(config: Config, metrics: Metrics, routes: readonly HttpRoute[] = []): App {
  const logLevel = LOG_LEVELS[config.logLevel];
  const receiver = config.slackAppToken
    ? undefined
    : createHttpReceiver({
        signingSecret: config.slackSigningSecret ?? '',
        routes: [healthRoute(config), metricsRoute(metrics), ...routes],
        logLevel,
      });
  if (receiver) receiver.requestListener = countResponses(receiver.requestListener, metrics);
  const app = new App({
    token: config.slackBotToken,
    logLevel,
    clientOptions: slackClientOptions(config.slackApiUrl),
    // init() is awaited in startBot, so a refused token stops start-up with a message, not a crash.
    deferInitialization: true,
    ...(config.slackAppToken
      ? {
          socketMode: true,
          receiver: new SocketModeReceiver({
            appToken: config.slackAppToken,
            logLevel,
            installerOptions: { clientOptions: { slackApiUrl: config.slackApiUrl } },
          }),
        }
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
  registerImportAdvisory(app, ctx);
  registerUnknownInteractions(app, ctx);
}

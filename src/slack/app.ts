import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
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

function answerHealth(config: Config, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true, mode: config.slackAppToken ? 'socket' : 'http' }));
}

/**
 * The Bolt app: HTTP mode on `/slack/events` with `/healthz` beside it, or Socket Mode when an
 * app token is configured. In Socket Mode the receiver's own Web API client (which calls
 * `apps.connections.open` with the app token) gets SLACK_API_URL too: Bolt hands it only
 * `installerOptions.clientOptions`, not the app's `clientOptions`.
 */
export function createSlackApp(config: Config): App {
  const logLevel = LOG_LEVELS[config.logLevel];
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
      : {
          receiver: createHttpReceiver({
            signingSecret: config.slackSigningSecret ?? '',
            endpoints: '/slack/events',
            customRoutes: [
              { path: '/healthz', method: ['GET'], handler: (_req, res) => answerHealth(config, res) },
            ],
            logLevel,
          }),
        }),
  });
  return app;
}

/**
 * Socket Mode's HTTP side: `/healthz` on PORT and nothing else (404, 405 for another method on it),
 * so operators probe a Socket Mode bot as they probe an HTTP one.
 */
export async function listenForHealth(config: Config, host: string | undefined): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/healthz') res.writeHead(404).end();
    else if (req.method !== 'GET') res.writeHead(405, { allow: 'GET' }).end();
    else answerHealth(config, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, host, () => resolve());
  });
  return server;
}

export function registerListeners(app: App, ctx: AppContext): void {
  registerXsaCommand(app, ctx);
  registerZoneButtons(app, ctx);
  registerBlockReasonView(app, ctx);
  registerNewCampaignView(app, ctx);
  registerAppHomeOpened(app, ctx);
  registerUnknownInteractions(app, ctx);
}

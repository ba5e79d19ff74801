import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import { HttpApi } from './api/routes.js';
import { type Clock, systemClock } from './clock.js';
import { type Config, loadConfig } from './config.js';
import type { AppContext } from './context.js';
import { createRouteServer, SLOW_CLIENT_LIMITS } from './http/routes.js';
import { Metrics } from './metrics.js';
import { createScheduler, type Scheduler } from './scheduler/scheduler.js';
import { createSlackApp, healthRoute, registerListeners } from './slack/app.js';
import type { OutgoingMessage } from './slack/blocks/kit.js';
import { SlackDirectory } from './slack/directory.js';
import { metricsRoute } from './slack/instrument.js';
import { WebApiPoster } from './slack/poster.js';
import { StatusRenderCache } from './slack/status-render-cache.js';
import { ApiStore } from './store/api-store.js';
import { CampaignStore } from './store/campaign-store.js';
import { migrate, openDatabase } from './store/database.js';
import { HostStore } from './store/host-store.js';
import { installationSecret } from './store/installation-secret.js';
import { OutboxStore } from './store/outbox-store.js';
import { ReminderStore } from './store/reminder-store.js';

/** Start-up failed for a reason the operator can fix; main prints the message without a stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface RunningBot {
  ctx: AppContext;
  app: App;
  /** The HTTP server (HTTP mode, or the health route in Socket Mode). */
  server: Server;
  port: number | undefined;
  scheduler: Scheduler;
  stop(): Promise<void>;
}

export interface BotOptions {
  env: Record<string, string | undefined>;
  clock?: Clock;
  /**
   * false leaves the scheduler's timer and tick off, for callers that run `scheduler.runOnce()` on
   * a clock of their own.
   */
  tick?: boolean;
  /** false leaves only the timer armed on `clock`, without the 2-second safety-net tick. */
  safetyNet?: boolean;
  /** The interface the HTTP receiver listens on (e.g. `127.0.0.1`); every interface when unset. */
  host?: string;
}

/** config → database + migrations → Bolt app → listeners → listen → scheduler. */
export async function startBot({
  env,
  clock = systemClock,
  tick = true,
  safetyNet = true,
  host,
}: BotOptions): Promise<RunningBot> {
  const config: Config = loadConfig(env);
  const db = openDatabase(config.databasePath);
  migrate(db);
  const stores = {
    campaigns: new CampaignStore(db),
    reminders: new ReminderStore(db),
    outbox: new OutboxStore<OutgoingMessage>(db),
  };
  const metrics = new Metrics({
    now: () => clock.now(),
    outboxBacklog: () => stores.outbox.backlog(),
    openCampaigns: () => stores.campaigns.openCampaigns().length,
  });
  const api = new HttpApi();
  const app = createSlackApp(config, metrics, api.routes());
  try {
    await app.init();
  } catch (error) {
    db.close();
    const code = (error as { data?: { error?: string } }).data?.error;
    throw new StartupError(
      code
        ? `Slack refused SLACK_BOT_TOKEN (auth.test: ${code}). Copy the Bot User OAuth Token from the app's OAuth & Permissions page.`
        : `Could not reach Slack's Web API at ${config.slackApiUrl} (${error instanceof Error ? error.message : String(error)}). Check SLACK_API_URL and the network.`,
    );
  }
  const ctx: AppContext = {
    config,
    clock,
    db,
    ...stores,
    api: new ApiStore(db),
    hosts: new HostStore(db),
    metrics,
    statusRenders: new StatusRenderCache(),
    directory: new SlackDirectory(app.client, clock),
    logger: app.logger,
  };
  registerListeners(app, ctx);
  api.bind(ctx);
  let server: Server;
  try {
    if (config.slackAppToken) {
      // Socket Mode: /healthz and the API on PORT from a server of our own, up before the socket.
      server = await listen(
        createRouteServer([healthRoute(config), metricsRoute(metrics), ...api.routes()], app.logger),
        config.port,
        host,
      );
      await app.start().catch(async (error: unknown) => {
        await new Promise((resolve) => server.close(resolve));
        throw error;
      });
    } else {
      server = (await app.start(
        host ? { port: config.port, host } : config.port,
        SLOW_CLIENT_LIMITS,
      )) as Server;
    }
  } catch (error) {
    db.close();
    // A taken or privileged port is the operator's to fix: say so instead of printing a stack.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new StartupError(
        code === 'EADDRINUSE'
          ? `PORT ${config.port} is already in use by another process. Stop it, or set PORT to a free port.`
          : `PORT ${config.port} needs privileges this process does not have. Set PORT to 1024 or above, e.g. PORT=3000.`,
      );
    }
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  ctx.logger.info(
    config.slackAppToken
      ? `xsa-bot connected in Socket Mode`
      : `xsa-bot listening on http://localhost:${port}/slack/events`,
  );
  const poster = new WebApiPoster(app.client, installationSecret(db, 'message_metadata'));
  const scheduler = createScheduler(ctx, poster, { timer: tick, tick: tick && safetyNet });
  return {
    ctx,
    app,
    server,
    port,
    scheduler,
    async stop() {
      await scheduler.stop();
      await app.stop();
      if (config.slackAppToken) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      db.close();
    },
  };
}

function listen(server: Server, port: number, host: string | undefined): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { type RunningBot, StartupError, startBot } from '../bot.js';
import { type Clock, systemClock } from '../clock.js';
import type { Config } from '../config.js';
import { type DemoResult, loadDemo } from './demo.js';
import { PageServer } from './page-server.js';
import { ShiftedClock } from './shifted-clock.js';
import { SandboxSlackClient } from './slack-client.js';
import { SocketModeServer } from './socket-mode-server.js';
import { StandInSlack, type WorkspaceSnapshot } from './stand-in-slack.js';
import { seedWorkspace } from './workspace.js';

export interface SandboxOptions {
  /** The page's port; 0 picks a free one. */
  port: number;
  databasePath: string;
  /** The bot's clock (the demo runs it shifted); the real one by default. */
  clock?: Clock;
  admins?: string[];
  /** The bot's own log level; `warn` keeps the sandbox's lines first. */
  logLevel?: Config['logLevel'];
  /** Where the sandbox says what it is doing (console.log by default). */
  log?: (line: string) => void;
  /** `socket`: the bot connects in Socket Mode and gets requests as envelopes; `http` by default. */
  transport?: 'http' | 'socket';
}

export interface Sandbox {
  /** The page, e.g. `http://localhost:3000/`. */
  url: string;
  port: number;
  slack: StandInSlack;
  bot: RunningBot;
  clock: ShiftedClock;
  loadDemo(): Promise<DemoResult>;
  stop(): Promise<void>;
}

// Channels and messages are saved this long after the last change, and on stop.
const SAVE_DELAY_MS = 300;

/**
 * The bot with no Slack workspace: a stand-in for Slack's Web API on a loopback port, the real bot
 * (`startBot`) pointed at it with a generated token and signing secret and listening on another
 * loopback port, and the Slack-like page on `port`, which reaches the bot only with signed requests
 * to /slack/events. The bot's code does not know it is in a sandbox.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const log = options.log ?? ((line: string) => console.log(line));
  const workspaceFile = workspaceFileFor(options.databasePath);
  const token = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
  const signingSecret = randomBytes(32).toString('hex');
  const baseClock = options.clock ?? systemClock;
  const socketMode = options.transport === 'socket' ? await SocketModeServer.start() : undefined;
  const appToken = `xapp-sandbox-${randomBytes(12).toString('hex')}`;
  const slack = new StandInSlack({
    ...seedWorkspace(),
    token,
    appToken,
    restore: readWorkspace(workspaceFile, log),
    // Slack's own time, which the demo's shift of the bot's clock does not move.
    now: () => baseClock.now().toMillis(),
    // Socket Mode's apps.connections.open, answered with the app token rather than the bot's.
    ...(socketMode ? { methods: socketMode.methods } : {}),
  });
  await slack.listen();
  const stopSlack = async () => {
    await socketMode?.stop();
    await slack.stop();
  };
  const clock = new ShiftedClock(baseClock);

  let bot: RunningBot;
  try {
    bot = await startBot({
      env: {
        SLACK_BOT_TOKEN: token,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        DATABASE_PATH: options.databasePath,
        XSA_ADMINS: (options.admins ?? []).join(','),
        LOG_LEVEL: options.logLevel ?? 'warn',
        ...(socketMode ? { SLACK_APP_TOKEN: appToken } : {}),
      },
      clock,
      host: '127.0.0.1',
    });
  } catch (error) {
    await stopSlack();
    throw error;
  }

  const client = new SandboxSlackClient(
    slack,
    socketMode ? { socketMode } : { url: `http://127.0.0.1:${bot.port}/slack/events`, signingSecret },
  );
  // One demo at a time: each plays its story on the shared clock, shifted hours back. The bot's
  // scheduler is paused meanwhile: a reminder, countdown or digest rendered at a replayed instant
  // would reach the channels hours off ("in 11h 1m" for a lift 6 hours ahead).
  let demoQueue: Promise<unknown> = Promise.resolve();
  const runDemo = (): Promise<DemoResult> => {
    const next = demoQueue.then(() => bot.scheduler.pause(() => loadDemo({ slack, client, clock })));
    demoQueue = next.catch(() => undefined);
    return next;
  };

  let page: PageServer;
  try {
    page = await PageServer.start({ slack, client, loadDemo: runDemo, port: options.port });
  } catch (error) {
    await bot.stop();
    await stopSlack();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError(
        `PORT ${options.port} is already in use by another process. Stop it, or set PORT to a free port.`,
      );
    }
    throw error;
  }

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    if (workspaceFile) writeWorkspace(workspaceFile, slack.snapshot(), log);
  };
  const stopSaving = slack.subscribe(() => {
    if (!workspaceFile || saveTimer) return;
    saveTimer = setTimeout(save, SAVE_DELAY_MS);
  });

  return {
    url: `http://localhost:${page.port}/`,
    port: page.port,
    slack,
    bot,
    clock,
    loadDemo: runDemo,
    async stop() {
      stopSaving();
      if (saveTimer) save();
      await page.stop();
      await bot.stop();
      await stopSlack();
    },
  };
}

/** `./data/sandbox.db` keeps its workspace (channels, messages) in `./data/sandbox.workspace.json`. */
function workspaceFileFor(databasePath: string): string | null {
  if (databasePath === ':memory:') return null;
  const absolute = resolve(databasePath);
  return join(dirname(absolute), `${basename(absolute, extname(absolute))}.workspace.json`);
}

function readWorkspace(file: string | null, log: (line: string) => void): WorkspaceSnapshot | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as WorkspaceSnapshot;
  } catch (error) {
    log(`Sandbox: could not read ${file} (${String(error)}); starting with a fresh workspace.`);
    return undefined;
  }
}

/** Written to a temporary file and renamed over the old one, so a kill never leaves half a file. */
function writeWorkspace(file: string, snapshot: WorkspaceSnapshot, log: (line: string) => void): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
    renameSync(`${file}.tmp`, file);
  } catch (error) {
    log(`Sandbox: could not save the workspace to ${file}: ${String(error)}`);
  }
}

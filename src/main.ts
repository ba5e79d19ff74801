import { StartupError, startBot } from './bot.js';
import { ConfigError, isSandbox, loadSandboxConfig } from './config.js';
import { startSandbox } from './sandbox/sandbox.js';

interface Running {
  say(line: string): void;
  stop(): Promise<void>;
}

/** Slack configured: the bot, in HTTP or Socket Mode. */
async function runBot(env: NodeJS.ProcessEnv): Promise<Running> {
  const bot = await startBot({ env });
  return { say: (line) => bot.ctx.logger.info(line), stop: () => bot.stop() };
}

/** No SLACK_BOT_TOKEN: the same bot against the built-in stand-in for Slack, with its page. */
async function runSandbox(env: NodeJS.ProcessEnv): Promise<Running> {
  const config = loadSandboxConfig(env);
  console.log(
    'xsa-bot sandbox: SLACK_BOT_TOKEN is not set, so the bot runs against a built-in stand-in for Slack.',
  );
  if (config.ignored.length > 0) {
    console.log(`  ${config.ignored.join(', ')} ignored: set SLACK_BOT_TOKEN as well to connect to Slack.`);
  }
  console.log(
    `  Data in ${config.databasePath}. To connect to a real workspace, see README.md, "Configuration".`,
  );
  const sandbox = await startSandbox(config);
  console.log(`xsa-bot sandbox ready: open ${sandbox.url} (try "Load demo campaign", or type /xsa help)`);
  return { say: (line) => console.log(line), stop: () => sandbox.stop() };
}

// The only place that reads process.env; everything else gets the parsed Config.
try {
  const running = isSandbox(process.env) ? await runSandbox(process.env) : await runBot(process.env);
  const shutdown = (signal: string) => {
    running.say(`${signal}: stopping`);
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`xsa-bot cannot start. ${error.message}\nSee README.md, "Configuration".`);
  } else if (error instanceof StartupError) {
    console.error(`xsa-bot cannot start. ${error.message}`);
  } else {
    console.error('xsa-bot cannot start:', error);
  }
  process.exit(1);
}

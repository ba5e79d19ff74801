import { StartupError, startBot } from './bot.js';
import { ConfigError } from './config.js';

// The only place that reads process.env; everything else gets the parsed Config.
try {
  const bot = await startBot({ env: process.env });
  const shutdown = (signal: string) => {
    bot.ctx.logger.info(`${signal}: stopping`);
    bot.stop().then(
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

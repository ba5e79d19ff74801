import type { ServerResponse } from 'node:http';
import { App, LogLevel } from '@slack/bolt';

/**
 * The baseline: a Bolt app on the same HTTP receiver and signature check that only acks. Run as
 * a child process by bench/run.ts with SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL, PORT.
 */
const env = process.env;
const app = new App({
  token: env.SLACK_BOT_TOKEN,
  signingSecret: env.SLACK_SIGNING_SECRET ?? '',
  endpoints: '/slack/events',
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: env.SLACK_API_URL },
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req: unknown, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      },
    },
  ],
});
app.command('/xsa', async ({ ack }) => ack());
app.action(/.*/, async ({ ack }) => ack());
await app.start(Number(env.PORT));

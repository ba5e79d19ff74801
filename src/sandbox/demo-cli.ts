import { ConfigError, loadSandboxConfig } from '../config.js';
import type { DemoResult } from './demo.js';

// `npm run demo`: asks the running sandbox (`npm start` without SLACK_BOT_TOKEN, on PORT) to load
// the demo campaign, as its page's button does. An entry point, so it reads process.env.
try {
  const { port } = loadSandboxConfig(process.env);
  const page = `http://localhost:${port}/`;
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${port}/api/demo`, {
      method: 'POST',
      // The page server takes changes only as JSON (a cross-site form cannot send it).
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
  } catch {
    console.error(
      `No sandbox answers at ${page}. Start it first with \`npm start\` (SLACK_BOT_TOKEN unset, same PORT), then run \`npm run demo\` again, or click "Load demo campaign" on the page.`,
    );
    process.exit(1);
  }
  const body = (await response.json()) as Partial<DemoResult> & { error?: string };
  if (!response.ok) {
    console.error(`The sandbox could not load the demo: ${body.error ?? `HTTP ${response.status}`}`);
    process.exit(1);
  }
  console.log(
    `Loaded ${body.campaignId} into #${body.channelName}; the lift is ${body.liftAt}. Open ${page} and look in #${body.channelName}.`,
  );
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : String(error));
  process.exit(1);
}

import { FakeSlack, type FakeSlackOptions } from '../test/support/fake-slack.js';

/**
 * The fake Slack of the benchmarks in a process of its own: the Web API and the response_urls the
 * bot under test (and the baseline) talk to. bench/run.ts starts it with tsx, so answering the bot's
 * posts never takes turns with the load generator's event loop, which only sends requests and reads
 * acks. Workspace (users, channels) from the JSON in FAKE_SLACK_OPTIONS.
 *
 * Prints one JSON line per event on stdout: `{"url": …}` once listening, then `{"post": …}` for
 * every chat.postMessage to one of the `timedChannels`, timed here when it arrives (the reminder
 * benchmark's channels; no other post costs the load generator a line to read).
 */

const { timedChannels = [], ...options } = JSON.parse(process.env.FAKE_SLACK_OPTIONS ?? '{}') as Pick<
  FakeSlackOptions,
  'users' | 'channels'
> & { timedChannels?: string[] };
const timed = new Set(timedChannels);
const slack: FakeSlack = await FakeSlack.start({
  ...options,
  now: Date.now,
  onCall: (call) => {
    // Nobody reads the record here; kept, it would hold every status message the bot ever posted.
    slack.calls.length = 0;
    if (call.method === 'chat.postMessage' && timed.has(String(call.args.channel))) {
      const post = { channel: String(call.args.channel), text: String(call.args.text ?? ''), at: Date.now() };
      process.stdout.write(`${JSON.stringify({ post })}\n`);
    }
  },
});
// The load generator makes its response_urls up (it cannot reach this process to register them):
// they take the bot's posts and only acknowledge them, as run.ts says.
slack.failWhile((call) => (call.method === 'response_url' ? { status: 200, body: { ok: true } } : undefined));
process.stdout.write(`${JSON.stringify({ url: slack.url })}\n`);

const parent = process.ppid;
const stop = () => {
  slack.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// Should bench/run.ts die without stopping it, it stops itself rather than listen on forever.
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 1_000).unref();

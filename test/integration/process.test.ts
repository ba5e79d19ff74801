import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  type BotProcess,
  bareEnv,
  type Exit,
  freePort,
  MAIN,
  spawnBot,
  waitForHealth,
} from '../support/bot-process.js';
import { FakeSlack } from '../support/fake-slack.js';
import { postSigned, type SignedResponse, slashCommandBody } from '../support/signing.js';
import { replyText } from '../support/test-bot.js';

/**
 * The built bot as an operator runs it: `node dist/main.js` in a child process, configured only
 * through its environment, talking to the fake Slack over real sockets. dist/ is compiled by the
 * globalSetup in test/support/build-dist.ts.
 */

const SECRET = 'process-test-signing-secret';
const TOKEN = 'xoxb-process-test';
const WAR_ROOM = 'CWAR';
const ALICE = 'UALICE';
// "Within a few seconds": a config error must not wait on the network or a timer.
const EXIT_TIMEOUT_MS = 5_000;
const READY = { timeoutMs: 10_000, pollMs: 100 };
const STACK_LINE = /^\s+at /m;

const running = new Set<ChildProcess>();
let work: string;
let slack: FakeSlack;

/** The built bot in a scratch cwd (so a default ./data/xsa.db never lands in the repository), tracked for cleanup. */
function startBot(env: Record<string, string>): BotProcess {
  const bot = spawnBot(env, work);
  running.add(bot.child);
  void bot.exited.finally(() => running.delete(bot.child));
  return bot;
}

async function waitForExit(bot: BotProcess, timeoutMs = EXIT_TIMEOUT_MS): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const { stdout, stderr } = bot.output();
      reject(new Error(`bot still running after ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([bot.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the bot expecting it to refuse to start, and returns what it said. */
async function expectStartupFailure(env: Record<string, string>): Promise<string> {
  const exit = await waitForExit(startBot(env));
  expect(exit, exit.stderr).toMatchObject({ code: 1, signal: null });
  expect(exit.stderr).not.toMatch(STACK_LINE);
  expect(exit.stdout).not.toMatch(STACK_LINE);
  // One message, not one per problem.
  expect(exit.stderr.match(/xsa-bot cannot start/g)).toHaveLength(1);
  return exit.stderr;
}

function command(port: number, text: string): Promise<SignedResponse> {
  const body = slashCommandBody({
    text,
    user_id: ALICE,
    channel_id: WAR_ROOM,
    response_url: slack.responseUrl(),
  });
  return postSigned(`http://127.0.0.1:${port}/slack/events`, body, { secret: SECRET });
}

beforeAll(() => {
  const build = inject('distBuild');
  if (!build.ok)
    throw new Error(`tsc -p tsconfig.build.json failed, so dist/ is not current:\n${build.output}`);
  expect(existsSync(MAIN), `${MAIN} after the build`).toBe(true);
});

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'xsa-process-'));
  slack = await FakeSlack.start({
    users: { [ALICE]: { tz: 'America/Chicago', name: 'alice' } },
    channels: { [WAR_ROOM]: { members: [ALICE, 'UBOT'], name: 'xsa-war-room', isPrivate: true } },
  });
});

afterEach(async () => {
  // A failed assertion must not leave a bot running (and holding its port) behind the test.
  await Promise.all(
    [...running].map((child) => {
      const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
      child.kill('SIGKILL');
      return closed;
    }),
  );
  await slack.stop();
  rmSync(work, { recursive: true, force: true });
});

afterAll(() => {
  expect([...running].map((child) => child.pid)).toEqual([]);
});

describe('node dist/main.js refuses to start with a message the operator can act on', () => {
  it('names the missing signing secret and its fix when SLACK_BOT_TOKEN is set without it', async () => {
    const stderr = await expectStartupFailure(bareEnv({ SLACK_BOT_TOKEN: TOKEN }));
    expect(stderr).toMatch(
      /SLACK_SIGNING_SECRET is not set\. .*Signing Secret from the Basic Information page/,
    );
    expect(stderr).not.toContain('SLACK_BOT_TOKEN');
    expect(stderr).toContain('README.md');
  });

  it('names a malformed PORT in sandbox mode too', async () => {
    const stderr = await expectStartupFailure(bareEnv({ PORT: 'abc', LOG_LEVEL: 'loud' }));
    expect(stderr).toMatch(/PORT must be a whole number from 0 to 65535, e\.g\. PORT=3000/);
    expect(stderr).toMatch(/LOG_LEVEL must be one of debug, info, warn, error/);
  });

  it('names every malformed value in one message', async () => {
    const stderr = await expectStartupFailure(
      bareEnv({ PORT: 'abc', XSA_ADMINS: 'bob', LOG_LEVEL: 'loud', SLACK_BOT_TOKEN: 'abc' }),
    );
    expect(stderr).toMatch(/PORT must be a whole number from 0 to 65535, e\.g\. PORT=3000/);
    expect(stderr).toMatch(/XSA_ADMINS must be comma-separated Slack user ids such as U012AB3CD/);
    expect(stderr).toMatch(/LOG_LEVEL must be one of debug, info, warn, error/);
    expect(stderr).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-/);
    expect(stderr).toMatch(/SLACK_SIGNING_SECRET is not set/);
  });

  it('says SLACK_BOT_TOKEN was refused when auth.test answers invalid_auth', async () => {
    slack.failNext('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    const stderr = await expectStartupFailure(
      bareEnv({
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        DATABASE_PATH: join(work, 'xsa.db'),
        PORT: String(await freePort()),
      }),
    );
    expect(stderr).toMatch(/Slack refused SLACK_BOT_TOKEN \(auth\.test: invalid_auth\)/);
    expect(stderr).toContain('OAuth & Permissions');
    expect(slack.callsTo('auth.test')).toMatchObject([{ token: TOKEN }]);
  });

  it('names SLACK_API_URL when nothing answers there', async () => {
    const stderr = await expectStartupFailure(
      bareEnv({
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        // Port 1: nothing listens, so the connection is refused at once.
        SLACK_API_URL: 'http://127.0.0.1:1/api/',
        DATABASE_PATH: join(work, 'xsa.db'),
        PORT: String(await freePort()),
      }),
    );
    expect(stderr).toMatch(/Could not reach Slack's Web API at http:\/\/127\.0\.0\.1:1\/api\//);
    expect(stderr).toContain('Check SLACK_API_URL');
  });

  it('names PORT when another process holds it', async () => {
    const holder = createServer();
    await new Promise<void>((resolve, reject) => {
      holder.once('error', reject);
      holder.listen(0, () => resolve());
    });
    try {
      const port = (holder.address() as AddressInfo).port;
      const stderr = await expectStartupFailure(
        bareEnv({
          SLACK_BOT_TOKEN: TOKEN,
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: slack.apiUrl,
          DATABASE_PATH: join(work, 'xsa.db'),
          PORT: String(port),
        }),
      );
      expect(stderr).toContain(`PORT ${port} is already in use by another process. Stop it, or set PORT`);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});

describe('node dist/main.js serves Slack and keeps its data across restarts', () => {
  it('answers signed commands, stops cleanly on SIGTERM, and loses nothing across a restart or a kill', async () => {
    const port = await freePort();
    const env = bareEnv({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      DATABASE_PATH: join(work, 'db', 'xsa.db'),
      PORT: String(port),
      LOG_LEVEL: 'info',
    });

    const first = startBot(env);
    expect(await waitForHealth(first, port, READY)).toMatchObject({ ok: true, mode: 'http' });
    expect(first.output().stdout).toContain(`listening on http://localhost:${port}/slack/events`);
    expect(slack.callsTo('auth.test')).toMatchObject([{ token: TOKEN }]);

    const created = await command(port, 'new XSA-108 lift 2014-10-01T12:00Z');
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ response_type: 'ephemeral' });
    expect(replyText(created)).toContain('Created XSA-108');
    expect(replyText(created)).toContain(
      '<!date^1412164800^{date_short_pretty} {time}|2014-10-01 12:00 UTC>',
    );
    expect(replyText(await command(port, 'zone add us-east-1a'))).toContain('Added 1 zone: us-east-1a.');
    const status = replyText(await command(port, 'status'));
    expect(status).toContain('XSA-108');
    expect(status).toContain('*Zones:* 0/1 done');
    expect(status).toContain('us-east-1a');
    // The built process verifies signatures with the secret from its environment.
    const unsigned = await postSigned(
      `http://127.0.0.1:${port}/slack/events`,
      slashCommandBody({ text: 'zone add forged', user_id: ALICE, channel_id: WAR_ROOM }),
      { secret: SECRET, sign: false },
    );
    expect(unsigned.status).toBe(401);

    first.child.kill('SIGTERM');
    const stopped = await waitForExit(first);
    expect(stopped, stopped.stderr).toMatchObject({ code: 0, signal: null });
    expect(stopped.stdout).toContain('SIGTERM: stopping');
    expect(`${stopped.stdout}${stopped.stderr}`).not.toMatch(STACK_LINE);

    const second = startBot(env);
    await waitForHealth(second, port, READY);
    const restarted = replyText(await command(port, 'status'));
    expect(restarted).toContain('*Zones:* 0/1 done');
    expect(restarted).toContain('us-east-1a');
    expect(restarted).not.toContain('forged');
    // Acknowledged, then killed with no chance to shut down: the change must already be on disk.
    expect(replyText(await command(port, 'zone add eu-west-1a'))).toContain('Added 1 zone: eu-west-1a.');
    second.child.kill('SIGKILL');
    expect(await waitForExit(second)).toMatchObject({ code: null, signal: 'SIGKILL' });

    const third = startBot(env);
    await waitForHealth(third, port, READY);
    const afterKill = replyText(await command(port, 'status'));
    expect(afterKill).toContain('*Zones:* 0/2 done');
    expect(afterKill).toContain('eu-west-1a');
    third.child.kill('SIGKILL');
    expect(await waitForExit(third)).toMatchObject({ signal: 'SIGKILL' });
  });
});

describe('node dist/main.js with no Slack variables runs the sandbox', () => {
  it('says so first, serves the page and answers /xsa through the real bot, then stops on SIGTERM', async () => {
    const port = await freePort();
    const sandbox = startBot(bareEnv({ PORT: String(port) }));
    expect(await waitForHealth(sandbox, port, READY)).toMatchObject({ ok: true, mode: 'sandbox' });
    const firstLine = sandbox.output().stdout.split('\n')[0];
    expect(firstLine).toContain('sandbox');
    expect(firstLine).toContain('SLACK_BOT_TOKEN is not set');
    expect(sandbox.output().stdout).toContain(`open http://localhost:${port}/`);

    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>xsa-bot sandbox</title>');

    const sent = await fetch(`http://127.0.0.1:${port}/api/channels/C0WARROOM/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: 'U0ALICE', text: '/xsa new XSA-108 lift 2030-10-01T12:00Z' }),
    });
    expect(sent.status).toBe(200);
    const { messages } = (await (
      await fetch(`http://127.0.0.1:${port}/api/channels/C0WARROOM/messages?as=U0ALICE`)
    ).json()) as { messages: Array<{ text?: string; ephemeralTo?: string }> };
    expect(messages).toEqual([
      expect.objectContaining({ ephemeralTo: 'U0ALICE', text: expect.stringContaining('Created XSA-108') }),
    ]);
    // The default database, under the working directory.
    expect(existsSync(join(work, 'data', 'sandbox.db'))).toBe(true);

    sandbox.child.kill('SIGTERM');
    const stopped = await waitForExit(sandbox);
    expect(stopped, stopped.stderr).toMatchObject({ code: 0, signal: null });
    expect(`${stopped.stdout}${stopped.stderr}`).not.toMatch(STACK_LINE);
  });
});

/**
 * Writes `head` and `body` on a raw socket, then waits, never ending the request: resolves with
 * what came back once the server closes the socket. (A sender still writing when the server closes
 * gets a reset that may swallow the answer, so the bodies here stop short of what they declare.)
 */
function rawExchange(
  port: number,
  head: string,
  body: Iterable<Buffer> = [],
): Promise<{ response: string; closedAfterMs: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      response += chunk;
    });
    // The server may close mid-write (that is the point of a 413): not a failure of the test.
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ response, closedAfterMs: Date.now() - started }));
    socket.on('connect', async () => {
      socket.write(head);
      for (const chunk of body) {
        if (socket.destroyed || response !== '') break;
        if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r).once('close', r));
      }
    });
    setTimeout(() => reject(new Error(`no close after 20 s; got ${response.slice(0, 200)}`)), 20_000);
  });
}

describe('node dist/main.js stays up whatever arrives over HTTP', () => {
  async function startHttpBot(): Promise<{ bot: BotProcess; port: number }> {
    const port = await freePort();
    const bot = startBot(
      bareEnv({
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        DATABASE_PATH: join(work, 'xsa.db'),
        PORT: String(port),
      }),
    );
    await waitForHealth(bot, port, READY);
    return { bot, port };
  }

  async function expectAlive(bot: BotProcess, port: number): Promise<void> {
    expect(bot.child.exitCode, bot.output().stderr).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(bot.output().stderr).not.toMatch(/Unhandled|HTTPReceiverDeferredRequestError/);
  }

  it('answers any method or path it does not serve with 404 or 405', async () => {
    const { bot, port } = await startHttpBot();
    const url = `http://127.0.0.1:${port}`;
    const cases: Array<[string, string, string | undefined, number]> = [
      ['POST', '/healthz', undefined, 405],
      ['POST', '/', '', 404],
      ['POST', '/', undefined, 404],
      ['POST', '/slack/event', 'payload=%7B%7D', 404],
      ['POST', '/api/v1/nothing', '{}', 404],
      ['PUT', '/slack/events', 'x', 405],
      ['GET', '/slack/events', undefined, 405],
      ['DELETE', '/healthz', undefined, 405],
      ['PATCH', '/%zz', undefined, 404],
      ['GET', '/nothing?x=1', undefined, 404],
    ];
    for (const [method, path, body, status] of cases) {
      const response = await fetch(`${url}${path}`, { method, body });
      expect(`${method} ${path}: ${response.status}`).toBe(`${method} ${path}: ${status}`);
      await expectAlive(bot, port);
    }
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).headers.get('allow')).toBe('GET');
    // Methods fetch will not send, and a request line Node must reject itself.
    for (const head of ['PROPFIND /healthz HTTP/1.1\r\nHost: x\r\n\r\n', 'BREW / HTTP/1.1\r\n\r\n']) {
      const { response } = await rawExchange(port, head);
      expect(response).toMatch(/^HTTP\/1\.1 4\d\d /);
      await expectAlive(bot, port);
    }
  });

  it('answers 413 to a body over 1 MiB before reading the rest, declared or streamed', async () => {
    const { bot, port } = await startHttpBot();
    const chunk = Buffer.alloc(64 * 1024, 'a');
    // 600 MB declared: refused on the header, long before 600 MB could be sent.
    const declared = await rawExchange(
      port,
      'POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 629145600\r\n\r\n',
      [chunk],
    );
    expect(declared.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(declared.closedAfterMs).toBeLessThan(3_000);
    // No length declared: counted as it arrives, refused at the first byte over.
    // 1.25 MiB of chunks and no last chunk: the answer cannot wait for the end of the body.
    const chunked = Array.from({ length: 20 }, () =>
      Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
    );
    const streamed = await rawExchange(
      port,
      'POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n',
      chunked,
    );
    expect(streamed.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(streamed.closedAfterMs).toBeLessThan(3_000);
    // Just under the limit is read and judged on its signature.
    const underLimit = await postSigned(
      `http://127.0.0.1:${port}/slack/events`,
      slashCommandBody({ text: 'x'.repeat(1024 * 1024 - 600), user_id: ALICE, channel_id: WAR_ROOM }),
      { secret: SECRET, sign: false },
    );
    expect(underLimit.status).toBe(401);
    await expectAlive(bot, port);
  });

  it('drops a client that sends its headers too slowly', async () => {
    const { bot, port } = await startHttpBot();
    const slow = await rawExchange(port, 'POST /slack/events HTTP/1.1\r\nHost: x\r\n');
    expect(slow.response).toMatch(/^HTTP\/1\.1 408 |^$/);
    expect(slow.closedAfterMs).toBeLessThan(8_000);
    await expectAlive(bot, port);
  }, 15_000);
});

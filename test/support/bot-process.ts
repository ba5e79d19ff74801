import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The built bot (`node dist/main.js`) as a child process, for the reliability suite and the
 * benchmarks: started with an environment of its own, polled on /healthz, killed at will.
 */

export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface BotProcess {
  child: ChildProcess;
  pid: number;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  exited: Promise<Exit>;
}

/** Only what a shell needs, plus `vars`: the machine's own SLACK_* or PORT must not leak into the bot. */
export function bareEnv(vars: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  return { ...env, ...vars };
}

/** Spawns `node [nodeArgs] <script>` (dist/main.js by default) in `cwd` with exactly `env`. */
export function spawnBot(
  env: Record<string, string>,
  cwd: string,
  script: string = MAIN,
  nodeArgs: string[] = [],
): BotProcess {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  // 'close', not 'exit': it fires after the pipes are drained, so the output is complete.
  const exited = new Promise<Exit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${script}`);
  return { child, pid: child.pid, output: () => ({ stdout, stderr }), exited };
}

/** Kills the process with `signal` and waits until it is gone. */
export async function killBot(bot: BotProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
  if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill(signal);
  return bot.exited;
}

/** A port free right now, on the interfaces the bot binds (all of them); closed before returning. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port assigned');
  return address.port;
}

/**
 * Polls GET /healthz every `pollMs` until 200 and returns its JSON body; fails early when the
 * process died, or after `timeoutMs`.
 */
export async function waitForHealth(
  bot: BotProcess,
  port: number,
  { timeoutMs = 15_000, pollMs = 20 }: { timeoutMs?: number; pollMs?: number } = {},
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (bot.child.exitCode !== null || bot.child.signalCode !== null) {
      const exit = await bot.exited;
      throw new Error(`bot exited (${exit.code ?? exit.signal}) before it was healthy\n${exit.stderr}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
        signal: AbortSignal.timeout(1_000),
      });
      const text = await response.text();
      if (response.status === 200) return JSON.parse(text);
      last = `HTTP ${response.status} ${text}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(
    `/healthz not ready after ${timeoutMs} ms (last: ${last})\nstderr:\n${bot.output().stderr}`,
  );
}

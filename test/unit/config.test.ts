import { describe, expect, it } from 'vitest';
import { ConfigError, isSandbox, loadConfig, loadSandboxConfig } from '../../src/config.js';

const valid = { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'secret' };

function problemsOf(
  env: Record<string, string | undefined>,
  load: (env: Record<string, string | undefined>) => unknown = loadConfig,
): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig(valid)).toEqual({
      slackBotToken: 'xoxb-1-2-3',
      slackSigningSecret: 'secret',
      slackAppToken: undefined,
      port: 3000,
      databasePath: './data/xsa.db',
      slackApiUrl: 'https://slack.com/api/',
      admins: [],
      creators: null,
      logLevel: 'info',
    });
  });

  it('reads every variable of the contract', () => {
    const config = loadConfig({
      ...valid,
      SLACK_APP_TOKEN: 'xapp-1',
      PORT: '8080',
      DATABASE_PATH: '/tmp/x.db',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      XSA_ADMINS: 'U012AB3CD, W045EF6GH',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config).toMatchObject({
      slackAppToken: 'xapp-1',
      port: 8080,
      databasePath: '/tmp/x.db',
      slackApiUrl: 'http://127.0.0.1:9999/api/',
      admins: ['U012AB3CD', 'W045EF6GH'],
      creators: null,
      logLevel: 'debug',
    });
  });

  it('reads XSA_CREATORS as users and channels, and names a malformed one', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(loadConfig({ ...base, XSA_CREATORS: 'U012AB3CD, C045EF6GH,G0PRIV' }).creators).toEqual({
      users: ['U012AB3CD'],
      channels: ['C045EF6GH', 'G0PRIV'],
    });
    expect(() => loadConfig({ ...base, XSA_CREATORS: 'alice' })).toThrow(
      /XSA_CREATORS must be comma-separated Slack user ids \(U012AB3CD\) and channel ids/,
    );
  });

  it('Socket Mode needs no signing secret', () => {
    expect(
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slackSigningSecret,
    ).toBeUndefined();
  });

  it('names every problem at once, each with its fix', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'abc',
      PORT: 'eighty',
      XSA_ADMINS: 'U012AB3CD,alice',
      LOG_LEVEL: 'loud',
      SLACK_API_URL: 'ftp://example.com',
      SLACK_APP_TOKEN: 'xoxb-wrong',
    });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-/);
    expect(problems.join('\n')).toMatch(/PORT must be a whole number/);
    expect(problems.join('\n')).toMatch(/XSA_ADMINS must be comma-separated Slack user ids/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of debug, info, warn, error/);
    expect(problems.join('\n')).toMatch(/SLACK_API_URL must be an http\(s\) URL/);
    expect(problems.join('\n')).toMatch(/SLACK_APP_TOKEN must be an app-level token/);
  });

  it('says how to fix a missing token and secret', () => {
    const problems = problemsOf({});
    expect(problems).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is not set\. .*xoxb-/),
      expect.stringMatching(/^SLACK_SIGNING_SECRET is not set\. .*Signing Secret/),
    ]);
  });
});

describe('the sandbox rule', () => {
  it.each([
    { env: {}, sandbox: true },
    { env: { SLACK_SIGNING_SECRET: 'secret', SLACK_APP_TOKEN: 'xapp-1' }, sandbox: true },
    { env: { SLACK_BOT_TOKEN: 'xoxb-1' }, sandbox: false },
    // Set, even empty or wrong, means Slack: it is checked and fails loudly rather than starting a toy.
    { env: { SLACK_BOT_TOKEN: '' }, sandbox: false },
    { env: { SLACK_BOT_TOKEN: 'abc' }, sandbox: false },
  ])('$env → sandbox: $sandbox', ({ env, sandbox }) => {
    expect(isSandbox(env)).toBe(sandbox);
  });

  it('keeps the sandbox data apart from the real one, and the bot quiet unless LOG_LEVEL says otherwise', () => {
    expect(loadSandboxConfig({})).toEqual({
      port: 3000,
      databasePath: './data/sandbox.db',
      admins: [],
      logLevel: 'warn',
      transport: 'http',
      ignored: [],
    });
    expect(loadSandboxConfig({ PORT: '0', DATABASE_PATH: '/tmp/s.db', LOG_LEVEL: 'debug' })).toMatchObject({
      port: 0,
      databasePath: '/tmp/s.db',
      logLevel: 'debug',
    });
  });

  it('runs over Socket Mode with SANDBOX_TRANSPORT=socket, and names a transport it does not know', () => {
    expect(loadSandboxConfig({ SANDBOX_TRANSPORT: 'socket' }).transport).toBe('socket');
    expect(loadSandboxConfig({ SANDBOX_TRANSPORT: ' HTTP ' }).transport).toBe('http');
    expect(problemsOf({ SANDBOX_TRANSPORT: 'carrier-pigeon' }, loadSandboxConfig).join('\n')).toMatch(
      /SANDBOX_TRANSPORT must be http or socket/,
    );
  });

  it('names the Slack variables it ignores without SLACK_BOT_TOKEN', () => {
    expect(loadSandboxConfig({ SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: ' ' }).ignored).toEqual([
      'SLACK_SIGNING_SECRET',
    ]);
  });

  it('names every malformed sandbox value at once', () => {
    const problems = problemsOf({ PORT: '99999', XSA_ADMINS: 'bob', DATABASE_PATH: ' ' }, loadSandboxConfig);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT must be a whole number/);
    expect(problems.join('\n')).toMatch(/XSA_ADMINS must be comma-separated Slack user ids/);
    expect(problems.join('\n')).toMatch(
      /DATABASE_PATH is empty\. Set a file path such as \.\/data\/sandbox\.db/,
    );
  });
});

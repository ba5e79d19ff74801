import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const valid = { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'secret' };

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
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
      logLevel: 'debug',
    });
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

import { z } from 'zod';

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

const nonEmpty = (hint: string) =>
  z
    .string({ error: `is not set. ${hint}` })
    .trim()
    .min(1, { error: `is empty. ${hint}` });

const databasePath = (fallback: string) =>
  z
    .string()
    .trim()
    .min(1, { error: `is empty. Set a file path such as ${fallback}.` })
    .default(fallback);

const configSchema = z.object({
  SLACK_BOT_TOKEN: nonEmpty(
    "Set it to the app's Bot User OAuth Token (OAuth & Permissions page, starts with xoxb-).",
  ).refine((v) => v.startsWith('xoxb-'), {
    error: 'must be a bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token).',
  }),
  SLACK_SIGNING_SECRET: z.string().trim().optional(),
  SLACK_APP_TOKEN: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || v.startsWith('xapp-'), {
      error:
        'must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write), or be left unset for HTTP mode.',
    }),
  PORT: z
    .string()
    .trim()
    .default('3000')
    .refine((v) => /^\d+$/.test(v) && Number(v) >= 0 && Number(v) <= 65535, {
      error: 'must be a whole number from 0 to 65535, e.g. PORT=3000.',
    })
    .transform(Number),
  DATABASE_PATH: databasePath('./data/xsa.db'),
  SLACK_API_URL: z
    .string()
    .trim()
    .default('https://slack.com/api/')
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
      error: 'must be an http(s) URL such as https://slack.com/api/.',
    })
    // The Web API client appends method names directly, so the base must end with a slash.
    .transform((v) => (v.endsWith('/') ? v : `${v}/`)),
  XSA_ADMINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    )
    .refine((ids) => ids.every((id) => SLACK_USER_ID.test(id)), {
      error: 'must be comma-separated Slack user ids such as U012AB3CD,U045EF6GH.',
    }),
  XSA_CREATORS: z
    .string()
    .optional()
    .transform((v) =>
      v === undefined
        ? null
        : v
            .split(',')
            .map((id) => id.trim())
            .filter((id) => id !== ''),
    )
    .refine((ids) => ids === null || ids.every((id) => SLACK_USER_ID.test(id) || SLACK_CHANNEL_ID.test(id)), {
      error:
        'must be comma-separated Slack user ids (U012AB3CD) and channel ids (C012AB3CD, G012AB3CD) whose members may open campaigns, or be left unset so that anyone may.',
    }),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .default('info')
    .refine((v): v is (typeof LOG_LEVELS)[number] => (LOG_LEVELS as readonly string[]).includes(v), {
      error: `must be one of ${LOG_LEVELS.join(', ')}.`,
    }),
});

export interface Config {
  slackBotToken: string;
  slackSigningSecret: string | undefined;
  slackAppToken: string | undefined;
  port: number;
  databasePath: string;
  slackApiUrl: string;
  admins: string[];
  /**
   * Who may open a campaign besides the admins (rule 3): these users, and the members of these
   * channels. null (XSA_CREATORS unset): anyone.
   */
  creators: { users: string[]; channels: string[] } | null;
  logLevel: (typeof LOG_LEVELS)[number];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the bot's configuration from an env object (process.env in production, a literal in tests). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`);
  // Checked on the raw env so that it is reported together with the other problems.
  if (!env.SLACK_APP_TOKEN?.trim() && !env.SLACK_SIGNING_SECRET?.trim()) {
    problems.push(
      'SLACK_SIGNING_SECRET is not set. HTTP mode needs it to verify requests: copy the Signing Secret from the Basic Information page (or set SLACK_APP_TOKEN for Socket Mode).',
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const c = parsed.data;
  return {
    slackBotToken: c.SLACK_BOT_TOKEN,
    slackSigningSecret: c.SLACK_SIGNING_SECRET || undefined,
    slackAppToken: c.SLACK_APP_TOKEN,
    port: c.PORT,
    databasePath: c.DATABASE_PATH,
    slackApiUrl: c.SLACK_API_URL,
    admins: c.XSA_ADMINS,
    creators:
      c.XSA_CREATORS === null
        ? null
        : {
            users: c.XSA_CREATORS.filter((id) => SLACK_USER_ID.test(id)),
            channels: c.XSA_CREATORS.filter((id) => SLACK_CHANNEL_ID.test(id)),
          },
    logLevel: c.LOG_LEVEL,
  };
}

/**
 * With no SLACK_BOT_TOKEN there is no workspace to talk to, so `npm start` runs the local sandbox:
 * the same bot against a stand-in for Slack, with a Slack-like page. A token that is set, even to
 * something wrong, means Slack, and is checked as such.
 */
export function isSandbox(env: Record<string, string | undefined>): boolean {
  return env.SLACK_BOT_TOKEN === undefined;
}

export interface SandboxConfig {
  /** Where the sandbox's page listens. */
  port: number;
  databasePath: string;
  admins: string[];
  logLevel: Config['logLevel'];
  /** How the stand-in for Slack reaches the bot: signed HTTP requests, or Socket Mode. */
  transport: 'http' | 'socket';
  /** Slack variables that are set but mean nothing without SLACK_BOT_TOKEN; start-up names them. */
  ignored: string[];
}

const sandboxSchema = configSchema.pick({ PORT: true, XSA_ADMINS: true, LOG_LEVEL: true }).extend({
  DATABASE_PATH: databasePath('./data/sandbox.db'),
  SANDBOX_TRANSPORT: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : undefined),
    z.enum(['http', 'socket'], { error: 'must be http or socket' }).default('http'),
  ),
});

/**
 * The sandbox's configuration: PORT, DATABASE_PATH (default ./data/sandbox.db), XSA_ADMINS,
 * LOG_LEVEL, SANDBOX_TRANSPORT (`http`, the default, or `socket`).
 */
export function loadSandboxConfig(env: Record<string, string | undefined>): SandboxConfig {
  const parsed = sandboxSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
    );
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    databasePath: c.DATABASE_PATH,
    admins: c.XSA_ADMINS,
    transport: c.SANDBOX_TRANSPORT,
    // Unless asked for, the bot's own info lines (its internal port) stay out of the sandbox's output.
    logLevel: env.LOG_LEVEL?.trim() ? c.LOG_LEVEL : 'warn',
    ignored: ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL'].filter((name) => env[name]?.trim()),
  };
}

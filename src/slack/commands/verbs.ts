import { SETTINGS, type Setting } from '../../campaigns/settings-commands.js';
import { clip, MAX_BLOCK_REASON } from '../../domain/limits.js';
import type { XsaCommand } from '../command-parser.js';
import { USAGE, type Usage, usageError } from '../usage.js';
import { parseNew } from './new.js';
import {
  joined,
  nearestKeyword,
  one,
  parseChannel,
  positionalCampaign,
  type Token,
  takePage,
} from './read.js';
import { parseZone } from './zone.js';

export interface Verb {
  usage: Usage;
  /** Reads the words after the verb; `campaign` is the `in <ID>` already taken out of them. */
  parse(args: Token[], campaign: string | null): XsaCommand;
  /** False for `new`, whose id is its first word: `in <ID>` means nothing there. */
  takesCampaign?: false;
}

/** `<verb> <ZONE>` and nothing else, for a zone change without arguments. */
const zoneChange =
  (name: 'done' | 'unblock') =>
  (args: Token[], campaign: string | null): XsaCommand => ({
    kind: 'zone',
    campaign,
    zone: one(args, name, 'zone'),
    action: { kind: name },
  });

/** The rest of the line, or null for the one word that means "none" (`default`, `off`). */
function textOr(args: Token[], none: string, name: 'remind' | 'digest', missing: string): string | null {
  const text = joined(args);
  if (text === null) throw usageError(name, missing);
  return text.toLowerCase() === none ? null : text;
}

/** `subscribe` and `unsubscribe`: one channel. */
const channelChange =
  (name: 'subscribe' | 'unsubscribe') =>
  (args: Token[], campaign: string | null): XsaCommand => ({
    kind: name,
    campaign,
    channel: parseChannel(one(args, name, 'channel'), name),
  });

/** Every `/xsa` verb: its help entry and how its words are read. */
export const VERBS: { [K in keyof typeof USAGE]: Verb } = {
  help: { usage: USAGE.help, parse: () => ({ kind: 'help' }) },
  new: { usage: USAGE.new, parse: (args) => parseNew(args), takesCampaign: false },
  zone: { usage: USAGE.zone, parse: parseZone },
  status: { usage: USAGE.status, parse: parseStatus },
  start: {
    usage: USAGE.start,
    parse(args, campaign) {
      const force = args.length > 1 && args[args.length - 1]?.text.toLowerCase() === 'force';
      const zone = one(force ? args.slice(0, -1) : args, 'start', 'zone');
      return { kind: 'zone', campaign, zone, action: { kind: 'start', force } };
    },
  },
  done: { usage: USAGE.done, parse: zoneChange('done') },
  progress: { usage: USAGE.progress, parse: parseProgress },
  block: { usage: USAGE.block, parse: parseBlock },
  unblock: { usage: USAGE.unblock, parse: zoneChange('unblock') },
  notified: {
    usage: USAGE.notified,
    parse: (args, campaign) => ({
      kind: 'notified',
      campaign,
      zone: one(args, 'notified', 'zone (or `all`)'),
    }),
  },
  lift: {
    usage: USAGE.lift,
    parse(args, campaign) {
      const last = args[args.length - 1];
      const confirm = last !== undefined && !last.quoted && last.text.toLowerCase() === 'confirm';
      const time = confirm ? args.slice(0, -1) : args;
      if (time.length === 0) throw usageError('lift', 'Missing the new lift time.');
      return { kind: 'lift', campaign, lift: time.map((t) => t.text).join(' '), confirm };
    },
  },
  timeline: {
    usage: USAGE.timeline,
    parse(args, campaign) {
      const page = takePage(args);
      return { kind: 'timeline', campaign: positionalCampaign(args, campaign, 'timeline'), page };
    },
  },
  report: {
    usage: USAGE.report,
    parse: (args, campaign) => ({ kind: 'report', campaign: positionalCampaign(args, campaign, 'report') }),
  },
  subscribe: { usage: USAGE.subscribe, parse: channelChange('subscribe') },
  unsubscribe: { usage: USAGE.unsubscribe, parse: channelChange('unsubscribe') },
  remind: {
    usage: USAGE.remind,
    parse(args, campaign) {
      const checkpoints = textOr(args, 'default', 'remind', 'Say when: a list of checkpoints, or `default`.');
      return { kind: 'remind', campaign, checkpoints };
    },
  },
  digest: {
    usage: USAGE.digest,
    parse(args, campaign) {
      const schedule = textOr(args, 'off', 'digest', 'Give a cron schedule, or `off`.');
      return { kind: 'digest', campaign, schedule };
    },
  },
  hosts: {
    usage: USAGE.hosts,
    parse: (args, campaign) => ({ kind: 'hosts', campaign, zone: one(args, 'hosts', 'zone') }),
  },
  token: { usage: USAGE.token, parse: parseToken },
  list: {
    usage: USAGE.list,
    parse(args) {
      if (args.length > 0) throw usageError('list', '`list` takes nothing after it.');
      return { kind: 'list' };
    },
  },
  close: {
    usage: USAGE.close,
    parse(args, campaign) {
      const confirm = args.length > 0 && args[args.length - 1]?.text.toLowerCase() === 'confirm';
      return {
        kind: 'close',
        campaign: positionalCampaign(confirm ? args.slice(0, -1) : args, campaign, 'close'),
        confirm,
      };
    },
  },
  reopen: {
    usage: USAGE.reopen,
    parse: (args, campaign) => ({ kind: 'reopen', campaign: positionalCampaign(args, campaign, 'reopen') }),
  },
  set: { usage: USAGE.set, parse: parseSet },
};

function parseStatus(args: Token[], campaign: string | null): XsaCommand {
  const at = args.findIndex((t) => !t.quoted && t.text.toLowerCase() === 'share');
  if (at === -1)
    return {
      kind: 'status',
      campaign: positionalCampaign(args, campaign, 'status'),
      share: false,
      shareTo: null,
    };
  const after = args.slice(at + 1);
  return {
    kind: 'status',
    campaign: positionalCampaign(args.slice(0, at), campaign, 'status'),
    share: true,
    shareTo: after.length === 0 ? null : parseChannel(one(after, 'status', 'channel'), 'status'),
  };
}

function parseSet(args: Token[], campaign: string | null): XsaCommand {
  const [setting, ...value] = args;
  const name = setting?.text.toLowerCase();
  if (!name || !(SETTINGS as readonly string[]).includes(name)) {
    const near = setting ? nearestKeyword(setting.text, SETTINGS) : null;
    throw usageError(
      'set',
      setting
        ? `\`${clip(setting.text)}\` is not a setting${near ? `: did you mean \`${near}\`?` : '.'} Settings: ${SETTINGS.join(', ')}.`
        : 'Say which setting.',
    );
  }
  const text = joined(value);
  if (text === null) throw usageError('set', `Give the new value of \`${name}\`.`);
  return { kind: 'set', campaign, setting: name as Setting, value: text };
}

function parseProgress(tokens: Token[], campaign: string | null): XsaCommand {
  const [zone, amount, ...rest] = tokens;
  if (!zone) throw usageError('progress', 'Missing the zone.');
  if (!amount) throw usageError('progress', 'Missing the number of hosts patched.');
  if (rest.length > 0)
    throw usageError('progress', `Unexpected \`${clip(rest.map((t) => t.text).join(' '))}\`.`);
  const match = /^(\d{1,7})(?:\/(\d{1,7}))?$/.exec(amount.text);
  if (!match)
    throw usageError(
      'progress',
      `\`${clip(amount.text)}\` is not a host count: expected \`<N>\` or \`<N>/<TOTAL>\`.`,
    );
  return {
    kind: 'zone',
    campaign,
    zone: zone.text,
    action: {
      kind: 'progress',
      patched: Number(match[1]),
      total: match[2] === undefined ? null : Number(match[2]),
    },
  };
}

function parseBlock(tokens: Token[], campaign: string | null): XsaCommand {
  const [zone, ...reasonTokens] = tokens;
  if (!zone) throw usageError('block', 'Missing the zone.');
  const reason = reasonTokens
    .map((t) => t.text)
    .join(' ')
    .trim();
  if (reason === '') throw usageError('block', 'Say what blocks the zone.');
  if (reason.length > MAX_BLOCK_REASON)
    throw usageError('block', `The reason is too long: at most ${MAX_BLOCK_REASON} characters.`);
  return { kind: 'zone', campaign, zone: zone.text, action: { kind: 'block', reason } };
}

function parseToken(tokens: Token[], campaign: string | null): XsaCommand {
  const [sub, ...rest] = tokens;
  const action = sub?.text.toLowerCase();
  if (action === 'list') {
    if (rest.length > 0) throw usageError('token', '`token list` takes nothing after it.');
    return { kind: 'token', campaign, action };
  }
  if (action === 'create' || action === 'revoke') {
    return { kind: 'token', campaign, action, name: one(rest, 'token', 'token name') };
  }
  throw usageError(
    'token',
    sub ? `Unknown \`token ${clip(sub.text)}\`.` : 'Say `create`, `list` or `revoke`.',
  );
}

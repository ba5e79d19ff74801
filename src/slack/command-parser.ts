import type { AddZonesRequest, NewCampaignRequest } from '../campaigns/campaign-commands.js';
import type { ZoneAction } from '../campaigns/zone-commands.js';
import { XsaError } from '../domain/errors.js';
import { clip } from '../domain/time.js';

/** A `/xsa` command line, understood. `campaign` is null when the channel's campaign is meant. */
export type XsaCommand =
  | { kind: 'help' }
  | { kind: 'new'; request: NewCampaignRequest }
  | { kind: 'new_form' }
  | { kind: 'zone_add'; request: AddZonesRequest }
  | { kind: 'status'; campaign: string | null; share: boolean }
  | { kind: 'zone'; campaign: string | null; zone: string; action: ZoneAction }
  | { kind: 'notified'; campaign: string | null; zone: string }
  | { kind: 'lift'; campaign: string | null; lift: string }
  | { kind: 'list' }
  | { kind: 'close'; campaign: string | null }
  | { kind: 'timeline'; campaign: string | null }
  | { kind: 'remind'; campaign: string | null; checkpoints: string | null }
  | { kind: 'digest'; campaign: string | null; schedule: string | null }
  | { kind: 'subscribe' | 'unsubscribe'; campaign: string | null; channel: string };

export interface Usage {
  form: string;
  example: string;
  does: string;
}

/** Every command's form and an example, for `help` and for the errors that teach the right form. */
export const USAGE = {
  help: { form: '/xsa help', example: '/xsa help', does: 'this help' },
  new: {
    form: '/xsa new <ID> lift <TIME> [title "<text>"] [cve <CVE>[,<CVE>…]] [alias "<text>"] [notice <DURATION>] [wave <N>]',
    example:
      '/xsa new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation" cve CVE-2014-7188 notice 48h',
    does: 'create a campaign; this channel becomes its war room',
  },
  zone: {
    form: '/xsa zone add <ZONE>[,<ZONE>…] [region <REGION>] [hosts <N>] [window <TIME>/<TIME>] [owner @<person>]',
    example: '/xsa zone add us-east-1a,us-east-1b region us-east-1 hosts 1200',
    does: 'add zones',
  },
  status: {
    form: '/xsa status [<ID>] [share]',
    example: '/xsa status XSA-108 share',
    does: 'countdown, totals, projection, every zone; `share` posts it in the channel',
  },
  start: {
    form: '/xsa start <ZONE> [force]',
    example: '/xsa start us-east-1a',
    does: 'start rebooting a zone',
  },
  done: { form: '/xsa done <ZONE>', example: '/xsa done us-east-1a', does: 'a zone is patched' },
  progress: {
    form: '/xsa progress <ZONE> <N>[/<TOTAL>]',
    example: '/xsa progress us-east-1a 600/1200',
    does: 'hosts patched in a zone',
  },
  block: {
    form: '/xsa block <ZONE> <reason…>',
    example: '/xsa block eu-west-1a BMC firmware hangs on reboot',
    does: 'a blocker',
  },
  unblock: { form: '/xsa unblock <ZONE>', example: '/xsa unblock eu-west-1a', does: 'remove the blocker' },
  notified: {
    form: '/xsa notified <ZONE>|all',
    example: '/xsa notified all',
    does: "the zone's customers were notified now",
  },
  lift: {
    form: '/xsa lift <TIME>',
    example: '/xsa lift 2014-10-01 14:00 Europe/Berlin',
    does: 'move the lift',
  },
  timeline: {
    form: '/xsa timeline [<ID>]',
    example: '/xsa timeline XSA-108',
    does: 'the audit trail and per-zone exposure',
  },
  subscribe: {
    form: '/xsa subscribe <#channel>',
    example: '/xsa subscribe #customer-comms',
    does: 'the channel gets the reminders (redacted before the lift)',
  },
  unsubscribe: {
    form: '/xsa unsubscribe <#channel>',
    example: '/xsa unsubscribe #customer-comms',
    does: 'stop that',
  },
  remind: {
    form: '/xsa remind <T-48h,T-1h,…> | default',
    example: '/xsa remind T-48h,T-24h,T-1h,T-0',
    does: "this campaign's checkpoints",
  },
  digest: {
    form: '/xsa digest <CRON> [<IANA zone>] | off',
    example: '/xsa digest 0 9 * * 1-5 Europe/Berlin',
    does: 'a status digest in the war room on a schedule',
  },
  list: { form: '/xsa list', example: '/xsa list', does: 'campaigns you may see' },
  close: { form: '/xsa close [<ID>]', example: '/xsa close XSA-108', does: 'end the campaign' },
} satisfies Record<string, Usage>;

type UsageName = keyof typeof USAGE;

/** An error that shows what was wrong, the expected form and an example (rule 9). */
export function usageError(name: UsageName, problem: string): XsaError {
  const usage = USAGE[name];
  return new XsaError(
    'bad_command',
    `${problem}\nExpected: \`${usage.form}\`\nExample: \`${usage.example}\``,
  );
}

/** Slack sends `&`, `<` and `>` in command text as HTML entities. */
function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

interface Token {
  text: string;
  quoted: boolean;
}

/** Splits on white space, keeping "quoted text" (straight or the curly quotes Slack clients type) whole. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /["“”]([^"“”]*)(["“”]?)|(\S+)/gu;
  for (const match of text.matchAll(pattern)) {
    if (match[3] !== undefined) {
      tokens.push({ text: decodeEntities(match[3]), quoted: false });
    } else {
      if (match[2] === '')
        throw new XsaError(
          'bad_command',
          'A quote is not closed: put the text between two `"`, e.g. `title "Improper MSR range"`.',
        );
      tokens.push({ text: decodeEntities(match[1] ?? ''), quoted: true });
    }
  }
  return tokens;
}

const CAMPAIGN_ID = /^[A-Za-z][A-Za-z0-9-]*$/;
const MAX_BLOCK_REASON = 500;

/**
 * Removes `in <ID>` from the tokens. Free text (a block reason) may contain "in", so there only an
 * `in` right after the zone, or a trailing `in <ID>` naming a known campaign, counts.
 */
function takeCampaign(
  tokens: Token[],
  name: UsageName,
  campaignExists: (id: string) => boolean,
): string | null {
  const indexes = tokens
    .map((t, i) => (!t.quoted && t.text.toLowerCase() === 'in' ? i : -1))
    .filter((i) => i >= 0);
  const candidates =
    name === 'block'
      ? indexes.filter(
          (i) => i === 1 || (i === tokens.length - 2 && campaignExists(tokens[i + 1]?.text ?? '')),
        )
      : indexes;
  if (candidates.length === 0) return null;
  if (candidates.length > 1) throw usageError(name, 'Name the campaign once with `in <ID>`.');
  const at = candidates[0] as number;
  const id = tokens[at + 1];
  if (!id || !CAMPAIGN_ID.test(id.text))
    throw usageError(name, '`in` must be followed by a campaign id, e.g. `in XSA-108`.');
  tokens.splice(at, 2);
  return id.text;
}

/** Reads `keyword value…` pairs; a value runs until the next unquoted keyword. */
function readOptions<K extends string>(
  tokens: Token[],
  keywords: readonly K[],
  name: UsageName,
): Map<K, Token[]> {
  const options = new Map<K, Token[]>();
  let current: Token[] | null = null;
  for (const token of tokens) {
    const keyword = token.quoted ? undefined : keywords.find((k) => k === token.text.toLowerCase());
    if (keyword !== undefined) {
      if (options.has(keyword)) throw usageError(name, `\`${keyword}\` is given twice.`);
      current = [];
      options.set(keyword, current);
    } else if (current === null) {
      throw usageError(
        name,
        `Unexpected \`${clip(token.text)}\`: expected one of ${keywords.map((k) => `\`${k}\``).join(', ')}.`,
      );
    } else {
      current.push(token);
    }
  }
  for (const [keyword, value] of options) {
    if (value.length === 0) throw usageError(name, `\`${keyword}\` needs a value.`);
  }
  return options;
}

/** The tokens' text joined with spaces; null when there are none. */
const joined = (tokens: Token[] | undefined) =>
  tokens && tokens.length > 0 ? tokens.map((t) => t.text).join(' ') : null;

function parseCount(text: string, name: UsageName, what: string): number {
  if (!/^\d{1,7}$/.test(text))
    throw usageError(name, `\`${clip(text)}\` is not a ${what}: expected a whole number such as 1200.`);
  return Number(text);
}

function one(tokens: Token[], name: UsageName, what: string): string {
  const [first, ...rest] = tokens;
  if (!first || first.text === '') throw usageError(name, `Missing ${what}.`);
  if (rest.length > 0)
    throw usageError(name, `Unexpected \`${clip(rest.map((t) => t.text).join(' '))}\` after the ${what}.`);
  return first.text;
}

function parseNew(tokens: Token[]): XsaCommand {
  // `/xsa new` alone opens the form instead.
  if (tokens.length === 0) return { kind: 'new_form' };
  const [idToken, ...rest] = tokens;
  if (!idToken || idToken.text.toLowerCase() === 'lift') throw usageError('new', 'Missing the campaign id.');
  const options = readOptions(rest, ['lift', 'title', 'cve', 'alias', 'notice', 'wave'] as const, 'new');
  const lift = joined(options.get('lift'));
  if (lift === null) throw usageError('new', 'Missing `lift <TIME>`: when the advisory becomes public.');
  const wave = options.get('wave');
  return {
    kind: 'new',
    request: {
      id: idToken.text,
      lift,
      title: joined(options.get('title')),
      cves: (joined(options.get('cve')) ?? '').split(/[\s,]+/).filter((c) => c !== ''),
      alias: joined(options.get('alias')),
      notice: joined(options.get('notice')),
      wave: wave ? parseCount(one(wave, 'new', 'wave size'), 'new', 'wave size') : null,
    },
  };
}

function parseZoneAdd(tokens: Token[], campaign: string | null): XsaCommand {
  const [sub, ...rest] = tokens;
  if (sub?.text.toLowerCase() !== 'add')
    throw usageError('zone', sub ? `Unknown \`zone ${clip(sub.text)}\`.` : 'Missing `add`.');
  const keywords = ['region', 'hosts', 'window', 'owner'] as const;
  const firstOption = rest.findIndex(
    (t) => !t.quoted && (keywords as readonly string[]).includes(t.text.toLowerCase()),
  );
  const nameTokens = firstOption === -1 ? rest : rest.slice(0, firstOption);
  const names = nameTokens.flatMap((t) => t.text.split(',')).filter((n) => n !== '');
  if (names.length === 0) throw usageError('zone', 'Missing the zone name(s).');
  const options = readOptions(firstOption === -1 ? [] : rest.slice(firstOption), keywords, 'zone');
  const hosts = options.get('hosts');
  return {
    kind: 'zone_add',
    request: {
      campaign,
      names,
      region: options.has('region') ? one(options.get('region') ?? [], 'zone', 'region') : null,
      hosts: hosts ? parseCount(one(hosts, 'zone', 'host count'), 'zone', 'host count') : null,
      window: joined(options.get('window')),
      owner: options.has('owner') ? parseUser(one(options.get('owner') ?? [], 'zone', 'owner')) : null,
    },
  };
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

/** Optional positional campaign id (`status XSA-108`), or `in XSA-108`, not both. */
function positionalCampaign(tokens: Token[], campaign: string | null, name: UsageName): string | null {
  if (tokens.length === 0) return campaign;
  const id = one(tokens, name, 'campaign id');
  if (campaign !== null) throw usageError(name, 'Name the campaign once.');
  if (!CAMPAIGN_ID.test(id)) throw usageError(name, `\`${clip(id)}\` is not a campaign id.`);
  return id;
}

/**
 * A channel as Slack sends it in command text (`<#C0123|name>`, with should_escape on), or a bare
 * channel id.
 */
function parseChannel(text: string, name: UsageName): string {
  const match = /^<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>$/.exec(text) ?? /^([CG][A-Z0-9]{2,})$/.exec(text);
  if (!match?.[1]) {
    throw usageError(
      name,
      `\`${clip(text)}\` is not a channel: type \`#\` and pick the channel from the list.`,
    );
  }
  return match[1];
}

/** A person as Slack sends a mention in command text (`<@U0123|name>`, with should_escape on), or a bare user id. */
function parseUser(text: string): string {
  const match = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/.exec(text) ?? /^([UW][A-Z0-9]{2,})$/.exec(text);
  if (!match?.[1]) {
    throw usageError('zone', `\`${clip(text)}\` is not a person: type \`@\` and pick them from the list.`);
  }
  return match[1];
}

const COMMANDS = Object.keys(USAGE).filter((k) => k !== 'zone');

/** The verb of `/xsa <text>` when it is one of the commands (`help` for none), else null: a metrics label. */
export function commandVerb(text: string): string | null {
  const verb = (text.trim().split(/\s+/)[0] ?? '').toLowerCase();
  if (verb === '') return 'help';
  return Object.hasOwn(USAGE, verb) ? verb : null;
}

/**
 * Parses the text after `/xsa`. Throws an XsaError whose message names what was wrong, the
 * expected form and an example. `campaignExists` resolves a trailing `in <ID>` after free text.
 */
export function parseCommand(
  text: string,
  campaignExists: (id: string) => boolean = () => false,
): XsaCommand {
  const tokens = tokenize(text);
  const [head, ...args] = tokens;
  if (!head) return { kind: 'help' };
  const verb = head.text.toLowerCase();
  // Own keys only: `in` would also find `constructor` and `__proto__` on the prototype.
  if (!Object.hasOwn(USAGE, verb)) {
    throw new XsaError(
      'unknown_command',
      `\`${clip(head.text)}\` is not an /xsa command. Try one of: ${COMMANDS.join(', ')}, zone add.\nExpected: \`/xsa <command> [arguments]\`\nExample: \`/xsa status XSA-108\`; \`/xsa help\` shows every command with an example.`,
    );
  }
  const name = verb as UsageName;
  const campaign = name === 'new' ? null : takeCampaign(args, name, campaignExists);
  switch (name) {
    case 'help':
      return { kind: 'help' };
    case 'list':
      if (args.length > 0) throw usageError('list', '`list` takes nothing after it.');
      return { kind: 'list' };
    case 'new':
      return parseNew(args);
    case 'zone':
      return parseZoneAdd(args, campaign);
    case 'status': {
      const share =
        args.length > 0 &&
        !args[args.length - 1]?.quoted &&
        args[args.length - 1]?.text.toLowerCase() === 'share';
      return {
        kind: 'status',
        campaign: positionalCampaign(share ? args.slice(0, -1) : args, campaign, 'status'),
        share,
      };
    }
    case 'timeline':
      return { kind: 'timeline', campaign: positionalCampaign(args, campaign, 'timeline') };
    case 'close':
      return { kind: 'close', campaign: positionalCampaign(args, campaign, 'close') };
    case 'start': {
      const force = args.length > 1 && args[args.length - 1]?.text.toLowerCase() === 'force';
      const zone = one(force ? args.slice(0, -1) : args, 'start', 'zone');
      return { kind: 'zone', campaign, zone, action: { kind: 'start', force } };
    }
    case 'done':
      return { kind: 'zone', campaign, zone: one(args, 'done', 'zone'), action: { kind: 'done' } };
    case 'unblock':
      return { kind: 'zone', campaign, zone: one(args, 'unblock', 'zone'), action: { kind: 'unblock' } };
    case 'progress':
      return parseProgress(args, campaign);
    case 'block':
      return parseBlock(args, campaign);
    case 'notified':
      return { kind: 'notified', campaign, zone: one(args, 'notified', 'zone (or `all`)') };
    case 'remind': {
      const text = joined(args);
      if (text === null) throw usageError('remind', 'Say when: a list of checkpoints, or `default`.');
      return { kind: 'remind', campaign, checkpoints: text.toLowerCase() === 'default' ? null : text };
    }
    case 'digest': {
      const text = joined(args);
      if (text === null) throw usageError('digest', 'Give a cron schedule, or `off`.');
      return { kind: 'digest', campaign, schedule: text.toLowerCase() === 'off' ? null : text };
    }
    case 'subscribe':
    case 'unsubscribe':
      return { kind: name, campaign, channel: parseChannel(one(args, name, 'channel'), name) };
    case 'lift': {
      if (args.length === 0) throw usageError('lift', 'Missing the new lift time.');
      return { kind: 'lift', campaign, lift: args.map((t) => t.text).join(' ') };
    }
  }
}

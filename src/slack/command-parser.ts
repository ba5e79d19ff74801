import type { AddZonesRequest, NewCampaignRequest } from '../campaigns/campaign-commands.js';
import { SETTINGS, type Setting } from '../campaigns/settings-commands.js';
import type { ZoneAction } from '../campaigns/zone-commands.js';
import { XsaError } from '../domain/errors.js';
import { CAMPAIGN_ID_PATTERN, clip, MAX_BLOCK_REASON } from '../domain/limits.js';

/** A `/xsa` command line, understood. `campaign` is null when the channel's campaign is meant. */
export type XsaCommand =
  | { kind: 'help' }
  | { kind: 'new'; request: NewCampaignRequest }
  | { kind: 'new_form' }
  | { kind: 'zone_add'; request: AddZonesRequest }
  | { kind: 'status'; campaign: string | null; share: boolean; shareTo: string | null }
  | { kind: 'zone'; campaign: string | null; zone: string; action: ZoneAction }
  | { kind: 'notified'; campaign: string | null; zone: string }
  | { kind: 'lift'; campaign: string | null; lift: string; confirm: boolean }
  | { kind: 'list' }
  | { kind: 'close'; campaign: string | null; confirm: boolean }
  | { kind: 'reopen'; campaign: string | null }
  | { kind: 'set'; campaign: string | null; setting: Setting; value: string }
  | { kind: 'zone_remove'; campaign: string | null; zone: string; confirm: boolean }
  | { kind: 'zone_rename'; campaign: string | null; zone: string; to: string }
  | { kind: 'timeline'; campaign: string | null; page: number }
  | { kind: 'report'; campaign: string | null }
  | { kind: 'remind'; campaign: string | null; checkpoints: string | null }
  | { kind: 'digest'; campaign: string | null; schedule: string | null }
  | { kind: 'subscribe' | 'unsubscribe'; campaign: string | null; channel: string }
  | { kind: 'token'; campaign: string | null; action: 'create' | 'revoke'; name: string }
  | { kind: 'token'; campaign: string | null; action: 'list' }
  | { kind: 'hosts'; campaign: string | null; zone: string };

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
    form: '/xsa status [<ID>] [share [<#channel>]]',
    example: '/xsa status share #customer-comms',
    does: 'countdown, totals, projection, every zone; from the war room, `share` posts it there and `share #channel` posts the redacted form (until the lift) in that channel',
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
    form: '/xsa lift <TIME> [confirm]',
    example: '/xsa lift 2014-10-01 14:00 Europe/Berlin',
    does: 'move the lift; `confirm` is needed to end secrecy at once (a time already past) or to move it by more than 7 days',
  },
  timeline: {
    form: '/xsa timeline [<ID>] [page <N>]',
    example: '/xsa timeline XSA-108 page 2',
    does: 'the audit trail and per-zone exposure; page 1 is the latest events, page 2 the ones before',
  },
  report: {
    form: '/xsa report [<ID>]',
    example: '/xsa report XSA-108',
    does: 'post-mortem files (Markdown, CSV, calendar, timeline picture) uploaded to the war room',
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
  hosts: {
    form: '/xsa hosts <ZONE>',
    example: '/xsa hosts us-east-1a',
    does: "the zone's named hosts not yet reported patched",
  },
  token: {
    form: '/xsa token create <NAME> | list | revoke <NAME>',
    example: '/xsa token create ansible',
    does: 'HTTP API tokens of this campaign (shown once)',
  },
  list: { form: '/xsa list', example: '/xsa list', does: 'campaigns you may see' },
  close: {
    form: '/xsa close [confirm]',
    example: '/xsa close confirm',
    does: 'end the campaign (reminders stop), from its war room',
  },
  reopen: { form: '/xsa reopen [<ID>]', example: '/xsa reopen', does: 'undo a close' },
  set: {
    form: `/xsa set ${SETTINGS.join('|')} <VALUE>`,
    example: '/xsa set zone-duration 3h',
    does: 'change a setting: notice lead time, title, alias, zones per region at once, default zone duration',
  },
} satisfies Record<string, Usage>;

/** Forms of `zone` beyond `add`: not verbs of their own, but help and errors show them. */
export const ZONE_USAGE = {
  'zone remove': {
    form: '/xsa zone remove <ZONE> [confirm]',
    example: '/xsa zone remove us-west-2x',
    does: 'remove a zone added by mistake (`confirm` when it has progress)',
  },
  'zone rename': {
    form: '/xsa zone rename <ZONE> <NEW>',
    example: '/xsa zone rename us-west-2 us-west-2a',
    does: 'rename a zone',
  },
} satisfies Record<string, Usage>;

type UsageName = keyof typeof USAGE | keyof typeof ZONE_USAGE;

/** An error that shows what was wrong, the expected form and an example (rule 9). */
export function usageError(name: UsageName, problem: string): XsaError {
  const usage =
    name in ZONE_USAGE ? ZONE_USAGE[name as keyof typeof ZONE_USAGE] : USAGE[name as keyof typeof USAGE];
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
  if (!id || !CAMPAIGN_ID_PATTERN.test(id.text))
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

/** Edit distance, for "did you mean" on a mistyped keyword. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The keyword `word` is most likely a typo of (at most two edits away), or null. */
export function nearestKeyword(word: string, keywords: readonly string[]): string | null {
  const lower = word.toLowerCase();
  const scored = keywords.map((k) => ({ k, d: distance(lower, k) })).sort((a, b) => a.d - b.d)[0];
  return scored && scored.d <= Math.min(2, Math.floor(scored.k.length / 2)) ? scored.k : null;
}

const ZONE_KEYWORDS = ['region', 'hosts', 'window', 'owner'] as const;

/** A word where none belongs in `zone add`: never a zone, but an error naming the likely keyword. */
function strayWord(word: string, after: string): XsaError {
  const near = nearestKeyword(word, ZONE_KEYWORDS);
  return usageError(
    'zone',
    near
      ? `Unexpected \`${clip(word)}\` ${after}: did you mean \`${near}\`?`
      : `Unexpected \`${clip(word)}\` ${after}. Separate zone names with commas (\`a,b\`); options are ${ZONE_KEYWORDS.map((k) => `\`${k}\``).join(', ')}.`,
  );
}

function parseZone(tokens: Token[], campaign: string | null): XsaCommand {
  const [sub, ...rest] = tokens;
  const verb = sub?.text.toLowerCase();
  if (verb === 'remove') {
    const confirm = rest.length > 1 && rest[rest.length - 1]?.text.toLowerCase() === 'confirm';
    const zone = one(confirm ? rest.slice(0, -1) : rest, 'zone remove', 'zone');
    return { kind: 'zone_remove', campaign, zone, confirm };
  }
  if (verb === 'rename') {
    const [from, to, ...extra] = rest;
    if (!from || !to) throw usageError('zone rename', 'Give the zone and its new name.');
    if (extra.length > 0)
      throw usageError('zone rename', `Unexpected \`${clip(extra.map((t) => t.text).join(' '))}\`.`);
    return { kind: 'zone_rename', campaign, zone: from.text, to: to.text };
  }
  if (verb !== 'add')
    throw usageError(
      'zone',
      sub
        ? `Unknown \`zone ${clip(sub.text)}\`: use \`zone add\`, \`zone remove\` or \`zone rename\`.`
        : 'Missing `add`.',
    );
  const keywords = ZONE_KEYWORDS;
  const firstOption = rest.findIndex(
    (t) => !t.quoted && (keywords as readonly string[]).includes(t.text.toLowerCase()),
  );
  const nameTokens = firstOption === -1 ? rest : rest.slice(0, firstOption);
  // Names are one comma-separated list: `a,b` or `a, b`. A second bare word is a mistake
  // (`us-west-2a hots 100`), never a zone.
  nameTokens.forEach((token, i) => {
    const previous = nameTokens[i - 1];
    if (previous && !previous.text.endsWith(',') && !token.text.startsWith(','))
      throw strayWord(token.text, `after the zone name${i > 1 ? 's' : ''}`);
  });
  const names = nameTokens.flatMap((t) => t.text.split(',')).filter((n) => n !== '');
  if (names.length === 0) throw usageError('zone', 'Missing the zone name(s).');
  const options = readOptions(firstOption === -1 ? [] : rest.slice(firstOption), keywords, 'zone');
  for (const single of ['region', 'hosts', 'owner'] as const) {
    const extra = options.get(single)?.[1];
    if (extra) throw strayWord(extra.text, `after \`${single}\``);
  }
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

/** Removes a trailing `page <N>` from the tokens; page 1 (the latest events) when there is none. */
function takePage(tokens: Token[]): number {
  const at = tokens.findIndex((t) => !t.quoted && t.text.toLowerCase() === 'page');
  if (at === -1) return 1;
  const number = tokens[at + 1]?.text ?? '';
  if (at !== tokens.length - 2 || !/^[1-9]\d{0,5}$/.test(number))
    throw usageError(
      'timeline',
      '`page` must end the command and be followed by a page number, e.g. `page 2`.',
    );
  tokens.splice(at, 2);
  return Number(number);
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

/** Optional positional campaign id (`status XSA-108`), or `in XSA-108`, not both. */
function positionalCampaign(tokens: Token[], campaign: string | null, name: UsageName): string | null {
  if (tokens.length === 0) return campaign;
  const id = one(tokens, name, 'campaign id');
  if (campaign !== null) throw usageError(name, 'Name the campaign once.');
  if (!CAMPAIGN_ID_PATTERN.test(id)) throw usageError(name, `\`${clip(id)}\` is not a campaign id.`);
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
      `\`${clip(head.text)}\` is not an /xsa command. Try one of: ${COMMANDS.join(', ')}, zone add, zone remove, zone rename.\nExpected: \`/xsa <command> [arguments]\`\nExample: \`/xsa status XSA-108\`; \`/xsa help\` shows every command with an example.`,
    );
  }
  const name = verb as keyof typeof USAGE;
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
      return parseZone(args, campaign);
    case 'status': {
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
    case 'timeline': {
      const page = takePage(args);
      return { kind: 'timeline', campaign: positionalCampaign(args, campaign, 'timeline'), page };
    }
    case 'report':
      return { kind: 'report', campaign: positionalCampaign(args, campaign, 'report') };
    case 'close': {
      const confirm = args.length > 0 && args[args.length - 1]?.text.toLowerCase() === 'confirm';
      return {
        kind: 'close',
        campaign: positionalCampaign(confirm ? args.slice(0, -1) : args, campaign, 'close'),
        confirm,
      };
    }
    case 'reopen':
      return { kind: 'reopen', campaign: positionalCampaign(args, campaign, 'reopen') };
    case 'set': {
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
    case 'hosts':
      return { kind: 'hosts', campaign, zone: one(args, 'hosts', 'zone') };
    case 'token':
      return parseToken(args, campaign);
    case 'lift': {
      const last = args[args.length - 1];
      const confirm = last !== undefined && !last.quoted && last.text.toLowerCase() === 'confirm';
      const time = confirm ? args.slice(0, -1) : args;
      if (time.length === 0) throw usageError('lift', 'Missing the new lift time.');
      return { kind: 'lift', campaign, lift: time.map((t) => t.text).join(' '), confirm };
    }
  }
}

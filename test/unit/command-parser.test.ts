import { describe, expect, it } from 'vitest';
import { XsaError } from '../../src/domain/errors.js';
import { parseCommand, type XsaCommand } from '../../src/slack/command-parser.js';

/** `in XSA-108` after free text counts only for a campaign that exists; this one does. */
const exists = (id: string) => id === 'XSA-108';

const parses: [string, XsaCommand][] = [
  ['', { kind: 'help' }],
  ['help', { kind: 'help' }],
  ['HELP', { kind: 'help' }],
  ['list', { kind: 'list' }],
  ['new', { kind: 'new_form' }],
  [
    'new XSA-108 lift 2014-10-01T12:00Z',
    {
      kind: 'new',
      request: {
        id: 'XSA-108',
        lift: '2014-10-01T12:00Z',
        title: null,
        cves: [],
        alias: null,
        notice: null,
        wave: null,
      },
    },
  ],
  [
    'new XSA-108 lift 2014-10-01 12:00 Europe/Berlin title "Improper MSR range" cve CVE-2014-7188,CVE-2014-7155 alias "Scheduled maintenance" notice 48h wave 2',
    {
      kind: 'new',
      request: {
        id: 'XSA-108',
        lift: '2014-10-01 12:00 Europe/Berlin',
        title: 'Improper MSR range',
        cves: ['CVE-2014-7188', 'CVE-2014-7155'],
        alias: 'Scheduled maintenance',
        notice: '48h',
        wave: 2,
      },
    },
  ],
  [
    'new XSA-108 lift 2014 title “curly quotes”',
    {
      kind: 'new',
      request: {
        id: 'XSA-108',
        lift: '2014',
        title: 'curly quotes',
        cves: [],
        alias: null,
        notice: null,
        wave: null,
      },
    },
  ],
  [
    'zone add us-east-1a',
    {
      kind: 'zone_add',
      request: {
        campaign: null,
        names: ['us-east-1a'],
        region: null,
        hosts: null,
        window: null,
        owner: null,
      },
    },
  ],
  [
    'zone add us-east-1a,us-east-1b region us-east-1 hosts 1200 window 2014-10-01T08:00Z/2014-10-01T10:00Z owner <@U0123|alice>',
    {
      kind: 'zone_add',
      request: {
        campaign: null,
        names: ['us-east-1a', 'us-east-1b'],
        region: 'us-east-1',
        hosts: 1200,
        window: '2014-10-01T08:00Z/2014-10-01T10:00Z',
        owner: 'U0123',
      },
    },
  ],
  [
    'zone add a, b hosts 5',
    {
      kind: 'zone_add',
      request: { campaign: null, names: ['a', 'b'], region: null, hosts: 5, window: null, owner: null },
    },
  ],
  [
    'zone add a in XSA-108',
    {
      kind: 'zone_add',
      request: { campaign: 'XSA-108', names: ['a'], region: null, hosts: null, window: null, owner: null },
    },
  ],
  ['zone remove us-west-2x', { kind: 'zone_remove', campaign: null, zone: 'us-west-2x', confirm: false }],
  [
    'zone remove us-west-2x confirm',
    { kind: 'zone_remove', campaign: null, zone: 'us-west-2x', confirm: true },
  ],
  ['zone rename a b', { kind: 'zone_rename', campaign: null, zone: 'a', to: 'b' }],
  ['status', { kind: 'status', campaign: null, share: false, shareTo: null }],
  ['status XSA-108', { kind: 'status', campaign: 'XSA-108', share: false, shareTo: null }],
  ['status in XSA-108', { kind: 'status', campaign: 'XSA-108', share: false, shareTo: null }],
  ['status share', { kind: 'status', campaign: null, share: true, shareTo: null }],
  ['status share <#C0123|general>', { kind: 'status', campaign: null, share: true, shareTo: 'C0123' }],
  [
    'status XSA-108 share C0123ABC',
    { kind: 'status', campaign: 'XSA-108', share: true, shareTo: 'C0123ABC' },
  ],
  [
    'start us-east-1a',
    { kind: 'zone', campaign: null, zone: 'us-east-1a', action: { kind: 'start', force: false } },
  ],
  [
    'start us-east-1a force',
    { kind: 'zone', campaign: null, zone: 'us-east-1a', action: { kind: 'start', force: true } },
  ],
  ['start force', { kind: 'zone', campaign: null, zone: 'force', action: { kind: 'start', force: false } }],
  ['done us-east-1a', { kind: 'zone', campaign: null, zone: 'us-east-1a', action: { kind: 'done' } }],
  [
    'done us-east-1a in XSA-108',
    { kind: 'zone', campaign: 'XSA-108', zone: 'us-east-1a', action: { kind: 'done' } },
  ],
  ['unblock a', { kind: 'zone', campaign: null, zone: 'a', action: { kind: 'unblock' } }],
  [
    'progress a 600',
    { kind: 'zone', campaign: null, zone: 'a', action: { kind: 'progress', patched: 600, total: null } },
  ],
  [
    'progress a 600/1200',
    { kind: 'zone', campaign: null, zone: 'a', action: { kind: 'progress', patched: 600, total: 1200 } },
  ],
  [
    'block a BMC firmware hangs on reboot',
    {
      kind: 'zone',
      campaign: null,
      zone: 'a',
      action: { kind: 'block', reason: 'BMC firmware hangs on reboot' },
    },
  ],
  [
    'block a hangs in the BIOS',
    { kind: 'zone', campaign: null, zone: 'a', action: { kind: 'block', reason: 'hangs in the BIOS' } },
  ],
  [
    'block a hangs in XSA-108',
    { kind: 'zone', campaign: 'XSA-108', zone: 'a', action: { kind: 'block', reason: 'hangs' } },
  ],
  [
    'block in XSA-108 a reason',
    { kind: 'zone', campaign: null, zone: 'in', action: { kind: 'block', reason: 'XSA-108 a reason' } },
  ],
  ['notified all', { kind: 'notified', campaign: null, zone: 'all' }],
  ['notified a', { kind: 'notified', campaign: null, zone: 'a' }],
  [
    'lift 2014-10-01 14:00 Europe/Berlin',
    { kind: 'lift', campaign: null, lift: '2014-10-01 14:00 Europe/Berlin', confirm: false },
  ],
  [
    'lift 2014-10-01T12:00Z confirm',
    { kind: 'lift', campaign: null, lift: '2014-10-01T12:00Z', confirm: true },
  ],
  ['lift "confirm"', { kind: 'lift', campaign: null, lift: 'confirm', confirm: false }],
  ['timeline', { kind: 'timeline', campaign: null, page: 1 }],
  ['timeline page 2', { kind: 'timeline', campaign: null, page: 2 }],
  ['timeline XSA-108 page 3', { kind: 'timeline', campaign: 'XSA-108', page: 3 }],
  ['report', { kind: 'report', campaign: null }],
  ['report XSA-108', { kind: 'report', campaign: 'XSA-108' }],
  ['close', { kind: 'close', campaign: null, confirm: false }],
  ['close confirm', { kind: 'close', campaign: null, confirm: true }],
  ['close XSA-108 confirm', { kind: 'close', campaign: 'XSA-108', confirm: true }],
  ['reopen', { kind: 'reopen', campaign: null }],
  ['reopen XSA-108', { kind: 'reopen', campaign: 'XSA-108' }],
  ['set notice 48h', { kind: 'set', campaign: null, setting: 'notice', value: '48h' }],
  ['set title "A new title"', { kind: 'set', campaign: null, setting: 'title', value: 'A new title' }],
  ['set wave 2', { kind: 'set', campaign: null, setting: 'wave', value: '2' }],
  ['set zone-duration 3h', { kind: 'set', campaign: null, setting: 'zone-duration', value: '3h' }],
  ['remind T-48h,T-1h', { kind: 'remind', campaign: null, checkpoints: 'T-48h,T-1h' }],
  ['remind default', { kind: 'remind', campaign: null, checkpoints: null }],
  [
    'digest 0 9 * * 1-5 Europe/Berlin',
    { kind: 'digest', campaign: null, schedule: '0 9 * * 1-5 Europe/Berlin' },
  ],
  ['digest off', { kind: 'digest', campaign: null, schedule: null }],
  ['subscribe <#C0123|comms>', { kind: 'subscribe', campaign: null, channel: 'C0123' }],
  ['unsubscribe C0123ABC', { kind: 'unsubscribe', campaign: null, channel: 'C0123ABC' }],
  ['hosts a', { kind: 'hosts', campaign: null, zone: 'a' }],
  ['token create ansible', { kind: 'token', campaign: null, action: 'create', name: 'ansible' }],
  ['token list', { kind: 'token', campaign: null, action: 'list' }],
  ['token revoke ansible', { kind: 'token', campaign: null, action: 'revoke', name: 'ansible' }],
  ['', { kind: 'help' }],
];

/** The error's code and its first line (the problem); the lines after it show the form and an example. */
const refuses: [string, string, string][] = [
  ['list extra', 'bad_command', '`list` takes nothing after it.'],
  [
    'nope',
    'unknown_command',
    '`nope` is not an /xsa command. Try one of: help, new, status, start, done, progress, block, unblock, notified, lift, timeline, report, subscribe, unsubscribe, remind, digest, hosts, token, list, close, reopen, set, zone add, zone remove, zone rename.',
  ],
  [
    'constructor',
    'unknown_command',
    '`constructor` is not an /xsa command. Try one of: help, new, status, start, done, progress, block, unblock, notified, lift, timeline, report, subscribe, unsubscribe, remind, digest, hosts, token, list, close, reopen, set, zone add, zone remove, zone rename.',
  ],
  [
    '__proto__',
    'unknown_command',
    '`__proto__` is not an /xsa command. Try one of: help, new, status, start, done, progress, block, unblock, notified, lift, timeline, report, subscribe, unsubscribe, remind, digest, hosts, token, list, close, reopen, set, zone add, zone remove, zone rename.',
  ],
  ['new lift 2014-10-01T12:00Z', 'bad_command', 'Missing the campaign id.'],
  ['new XSA-108 title "x"', 'bad_command', 'Missing `lift <TIME>`: when the advisory becomes public.'],
  ['new XSA-108 lift 2014 lift 2015', 'bad_command', '`lift` is given twice.'],
  [
    'new XSA-108 bogus 1',
    'bad_command',
    'Unexpected `bogus`: expected one of `lift`, `title`, `cve`, `alias`, `notice`, `wave`.',
  ],
  ['new XSA-108 lift', 'bad_command', '`lift` needs a value.'],
  [
    'new XSA-108 lift 2014 wave two',
    'bad_command',
    '`two` is not a wave size: expected a whole number such as 1200.',
  ],
  [
    'new XSA-108 lift 2014 title "unclosed',
    'bad_command',
    'A quote is not closed: put the text between two `"`, e.g. `title "Improper MSR range"`.',
  ],
  ['zone', 'bad_command', 'Missing `add`.'],
  ['zone frob', 'bad_command', 'Unknown `zone frob`: use `zone add`, `zone remove` or `zone rename`.'],
  ['zone add', 'bad_command', 'Missing the zone name(s).'],
  [
    'zone add us-west-2a hots 100',
    'bad_command',
    'Unexpected `hots` after the zone name: did you mean `hosts`?',
  ],
  [
    'zone add a b',
    'bad_command',
    'Unexpected `b` after the zone name. Separate zone names with commas (`a,b`); options are `region`, `hosts`, `window`, `owner`.',
  ],
  [
    'zone add a region r1 r2',
    'bad_command',
    'Unexpected `r2` after `region`. Separate zone names with commas (`a,b`); options are `region`, `hosts`, `window`, `owner`.',
  ],
  [
    'zone add a hosts many',
    'bad_command',
    '`many` is not a host count: expected a whole number such as 1200.',
  ],
  ['zone add a owner bob', 'bad_command', '`bob` is not a person: type `@` and pick them from the list.'],
  ['zone add a in XSA-108 in XSA-109', 'bad_command', 'Name the campaign once with `in <ID>`.'],
  ['zone add a in bad_id!', 'bad_command', '`in` must be followed by a campaign id, e.g. `in XSA-108`.'],
  ['zone remove', 'bad_command', 'Missing zone.'],
  ['zone rename a', 'bad_command', 'Give the zone and its new name.'],
  ['zone rename a b c', 'bad_command', 'Unexpected `c`.'],
  ['status XSA-108 in XSA-109', 'bad_command', 'Name the campaign once.'],
  [
    'status share #general',
    'bad_command',
    '`#general` is not a channel: type `#` and pick the channel from the list.',
  ],
  [
    'status share general',
    'bad_command',
    '`general` is not a channel: type `#` and pick the channel from the list.',
  ],
  ['status x_y', 'bad_command', '`x_y` is not a campaign id.'],
  ['status a b', 'bad_command', 'Unexpected `b` after the campaign id.'],
  ['start', 'bad_command', 'Missing zone.'],
  ['start a b', 'bad_command', 'Unexpected `b` after the zone.'],
  ['done', 'bad_command', 'Missing zone.'],
  ['progress a', 'bad_command', 'Missing the number of hosts patched.'],
  ['progress', 'bad_command', 'Missing the zone.'],
  ['progress a 6x', 'bad_command', '`6x` is not a host count: expected `<N>` or `<N>/<TOTAL>`.'],
  ['progress a 1 2', 'bad_command', 'Unexpected `2`.'],
  ['block a', 'bad_command', 'Say what blocks the zone.'],
  ['block', 'bad_command', 'Missing the zone.'],
  ['notified', 'bad_command', 'Missing zone (or `all`).'],
  ['lift confirm', 'bad_command', 'Missing the new lift time.'],
  ['lift', 'bad_command', 'Missing the new lift time.'],
  [
    'timeline page 0',
    'bad_command',
    '`page` must end the command and be followed by a page number, e.g. `page 2`.',
  ],
  [
    'timeline page 2 XSA-108',
    'bad_command',
    '`page` must end the command and be followed by a page number, e.g. `page 2`.',
  ],
  [
    'set notce 48h',
    'bad_command',
    '`notce` is not a setting: did you mean `notice`? Settings: notice, title, alias, wave, zone-duration.',
  ],
  [
    'set bogus 1',
    'bad_command',
    '`bogus` is not a setting. Settings: notice, title, alias, wave, zone-duration.',
  ],
  ['set', 'bad_command', 'Say which setting.'],
  ['set wave', 'bad_command', 'Give the new value of `wave`.'],
  ['remind', 'bad_command', 'Say when: a list of checkpoints, or `default`.'],
  ['digest', 'bad_command', 'Give a cron schedule, or `off`.'],
  ['subscribe', 'bad_command', 'Missing channel.'],
  [
    'subscribe comms',
    'bad_command',
    '`comms` is not a channel: type `#` and pick the channel from the list.',
  ],
  ['hosts', 'bad_command', 'Missing zone.'],
  ['token list x', 'bad_command', '`token list` takes nothing after it.'],
  ['token', 'bad_command', 'Say `create`, `list` or `revoke`.'],
  ['token frob', 'bad_command', 'Unknown `token frob`.'],
  ['status &lt;#C0123|x&gt;', 'bad_command', '`<#C0123|x>` is not a campaign id.'],
  [
    'status AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'bad_command',
    '`AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA` is not a campaign id.',
  ],
];

function refusal(text: string): XsaError {
  try {
    parseCommand(text, exists);
  } catch (error) {
    if (error instanceof XsaError) return error;
    throw error;
  }
  throw new Error(`${text} parsed`);
}

describe('parseCommand', () => {
  it.each(parses)('%j', (text, command) => {
    expect(parseCommand(text, exists)).toEqual(command);
  });

  it.each(refuses)('%j is refused', (text, code, problem) => {
    const error = refusal(text);
    expect(error.code).toBe(code);
    expect(error.message.split('\n')[0]).toBe(problem);
  });

  it('refuses a command longer than Slack sends, at once and whole', () => {
    const zones = Array.from({ length: 5000 }, (_, i) => `zone-${i}`).join(',');
    expect(parseCommand(`zone add ${zones.slice(0, 39_000)}`, exists).kind).toBe('zone_add');
    const error = refusal(`zone add ${zones}${'x'.repeat(40_000)}`);
    expect(error.code).toBe('bad_command');
    expect(error.message).toMatch(/^That command is [\d,]+ characters long; \/xsa takes at most 40,000\./);
  });

  it('teaches the form and an example after a usage error', () => {
    expect(refusal('progress a 6x').message).toBe(
      '`6x` is not a host count: expected `<N>` or `<N>/<TOTAL>`.\nExpected: `/xsa progress <ZONE> <N>[/<TOTAL>]`\nExample: `/xsa progress us-east-1a 600/1200`',
    );
    expect(refusal('zone rename a').message).toContain('Expected: `/xsa zone rename <ZONE> <NEW>`');
  });
});

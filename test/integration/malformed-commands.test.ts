import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { snapshotRows } from '../support/db-snapshot.js';
import { PUBLIC_CHANNEL, replyText, startTestBot, type TestBot, WAR_ROOM } from '../support/test-bot.js';

/**
 * Rule 9: bad input gets a clear, specific error (what was wrong, the expected form, an example)
 * and changes nothing. Every command of the grammar, malformed, through the real receiver; each
 * case compares every database row before and after.
 */

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
  const setup = [
    'new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation" cve CVE-2014-7188',
    'zone add us-east-1a,us-east-1b region us-east-1 hosts 100',
    'start us-east-1a',
  ];
  for (const text of setup) expect(replyText(await t.command(text)), text).toMatch(/^:white_check_mark:/);
});
beforeEach(() => {
  t.slack.reset();
});
afterAll(async () => {
  await t.stop();
});

interface Case {
  /** The text after `/xsa`. */
  text: string;
  /** Phrases the reply must contain: what was wrong and, where the message has one, the hint. */
  says: string[];
  /** For parse errors: the command whose `Expected:` form the reply shows, followed by an `Example:`. */
  usage?: string;
  /** Defaults to the war room; ALICE (a responder) sends every case. */
  channel?: string;
  /** A shorter test name for long texts. */
  name?: string;
}

const NEW = 'new XSA-200 lift 2014-10-01T12:00Z';
const NOT_A_WAR_ROOM = 'This channel is not the war room of an open campaign';
const NO_SUCH_CAMPAIGN = 'There is no campaign XSA-999 that you can see.';

const cases: Record<string, Case[]> = {
  'an unknown verb': [
    { text: 'frobnicate', says: ['`frobnicate` is not an /xsa command', '`/xsa help`'], usage: '<command>' },
    { text: 'zones add us-east-1c', says: ['`zones` is not an /xsa command'], usage: '<command>' },
    // Names an object's prototype has: a lookup with `in` would take them for commands.
    { text: 'constructor', says: ['`constructor` is not an /xsa command'], usage: '<command>' },
    { text: '__proto__ x', says: ['`__proto__` is not an /xsa command'], usage: '<command>' },
  ],
  new: [
    { text: 'new lift 2014-10-01T12:00Z', says: ['Missing the campaign id.'], usage: 'new' },
    { text: 'new XSA-200', says: ['Missing `lift <TIME>`'], usage: 'new' },
    { text: 'new XSA-200 title "A title"', says: ['Missing `lift <TIME>`'], usage: 'new' },
    { text: 'new XSA-200 lift', says: ['`lift` needs a value.'], usage: 'new' },
    { text: 'new XSA-200 frob lift 2014-10-01T12:00Z', says: ['Unexpected `frob`'], usage: 'new' },
    { text: 'new 108! lift 2014-10-01T12:00Z', says: ['`108!` is not a campaign id', 'e.g. `XSA-108`'] },
    {
      text: 'new XSA-200 lift tomorrow',
      says: [
        '"tomorrow" is not a time I can read',
        '`2014-10-01T12:00Z`',
        '`2014-10-01 14:00 Europe/Berlin`',
      ],
    },
    { text: 'new XSA-200 lift 2014-02-30T12:00Z', says: ['is not a real date and time'] },
    { text: 'new XSA-200 lift 2014-10-01T24:00Z', says: ['is not a real date and time'] },
    { text: 'new XSA-200 lift 2014-10-01T12:00+19:00', says: ['has an offset outside -18:00..+18:00'] },
    {
      text: 'new XSA-200 lift 2014-10-01 12:00 Mars/Olympus',
      says: ['"Mars/Olympus" is not a time zone I know'],
    },
    {
      text: 'new XSA-200 lift 2014-03-09 02:30 America/Chicago',
      says: [
        '2014-03-09 02:30 does not exist in America/Chicago',
        'clocks jump forward from 02:00 to 03:00',
        '`2014-03-09 03:00 America/Chicago`',
      ],
    },
    {
      name: 'new XSA-200 lift 2014-03-09 02:30 (in the user’s Slack zone, America/Chicago)',
      text: 'new XSA-200 lift 2014-03-09 02:30',
      says: ['does not exist in America/Chicago (your Slack time zone)'],
    },
    {
      text: 'new XSA-200 lift 2014-11-02 01:30 America/Chicago',
      says: [
        '2014-11-02 01:30 happens twice in America/Chicago',
        '`2014-11-02T01:30-05:00`',
        '`2014-11-02T01:30-06:00`',
      ],
    },
    { text: `${NEW} cve CVE-14-1`, says: ['`CVE-14-1` is not a CVE id', 'e.g. `cve CVE-2014-7188`'] },
    { text: `${NEW} cve CVE-2014-7188,7189`, says: ['`7189` is not a CVE id'] },
    { text: `${NEW} cve`, says: ['`cve` needs a value.'], usage: 'new' },
    { text: `${NEW} notice 2 days`, says: ['"2 days" is not a duration I can read', '`48h`'] },
    { text: `${NEW} notice 0h`, says: ['"0h" is no time at all'] },
    { text: `${NEW} notice 400d`, says: ['is longer than 366 days'] },
    { text: `${NEW} lift 2014-10-02T12:00Z`, says: ['`lift` is given twice.'], usage: 'new' },
    { text: `${NEW} title "One" title "Two"`, says: ['`title` is given twice.'], usage: 'new' },
    { text: `${NEW} wave 0`, says: ['The wave size is the number of zones per region', '`wave 2`'] },
    { text: `${NEW} wave many`, says: ['`many` is not a wave size'], usage: 'new' },
    {
      text: `${NEW} title "Improper MSR range`,
      says: ['A quote is not closed', 'e.g. `title "Improper MSR range"`'],
    },
    {
      text: `${NEW} alias "xsa-200 reboots"`,
      says: ['must not contain `XSA-200`', 'e.g. `alias "Scheduled host maintenance"`'],
    },
    {
      text: `${NEW} cve CVE-2014-7188 alias "Fixes CVE-2014-7188"`,
      says: ['must not contain `CVE-2014-7188`'],
    },
    {
      name: `${NEW} title "<201 characters>"`,
      text: `${NEW} title "${'x'.repeat(201)}"`,
      says: ['The title is too long: at most 200 characters.'],
    },
    { text: 'new xsa-108 lift 2014-10-01T12:00Z', says: ['XSA-108 already exists'] },
  ],
  'zone add': [
    { text: 'zone', says: ['Missing `add`.'], usage: 'zone add' },
    {
      text: 'zone delete us-east-1a',
      says: ['Unknown `zone delete`: use `zone add`, `zone remove` or `zone rename`.'],
      usage: 'zone add',
    },
    {
      text: 'zone add us-west-2a hots 100',
      says: ['Unexpected `hots` after the zone name: did you mean `hosts`?'],
      usage: 'zone add',
    },
    { text: 'zone add', says: ['Missing the zone name(s).'], usage: 'zone add' },
    { text: 'zone add hosts 10', says: ['Missing the zone name(s).'], usage: 'zone add' },
    { text: 'zone add us-east-1c!', says: ['`us-east-1c!` is not a zone name', 'e.g. `us-east-1a`'] },
    { text: 'zone add us-east-1c,-x', says: ['`-x` is not a zone name'] },
    { text: 'zone add us-east-1c region us/east', says: ['`us/east` is not a region name'] },
    { text: 'zone add us-east-1c hosts many', says: ['`many` is not a host count'], usage: 'zone add' },
    { text: 'zone add us-east-1c hosts -5', says: ['`-5` is not a host count'], usage: 'zone add' },
    {
      text: 'zone add us-east-1c hosts 1 2',
      says: ['Unexpected `2` after `hosts`.'],
      usage: 'zone add',
    },
    { text: 'zone add us-east-1c hosts 1 hosts 2', says: ['`hosts` is given twice.'], usage: 'zone add' },
    { text: 'zone add us-east-1c window', says: ['`window` needs a value.'], usage: 'zone add' },
    {
      text: 'zone add us-east-1c window tomorrow',
      says: ['`tomorrow` is not a window', 'e.g. `window 2014-09-26T02:00Z/2014-09-26T10:00Z`'],
    },
    { text: 'zone add us-east-1c window 2014-09-26T02:00Z', says: ['is not a window'] },
    {
      text: 'zone add us-east-1c window 2014-09-26T02:00Z/2014-09-26T25:00Z',
      says: ['is not a real date and time'],
    },
    {
      text: 'zone add us-east-1c window 2014-03-09 02:30 America/Chicago/2014-03-09 05:00 America/Chicago',
      says: ['2014-03-09 02:30 does not exist in America/Chicago'],
    },
    {
      text: 'zone add us-east-1c window 2014-09-26T10:00Z/2014-09-26T02:00Z',
      says: ['The window ends before it starts.'],
    },
  ],
  start: [
    { text: 'start', says: ['Missing zone.'], usage: 'start' },
    { text: 'start us-east-1b now', says: ['Unexpected `now` after the zone.'], usage: 'start' },
    { text: 'start nowhere', says: ['There is no zone `nowhere`', '`/xsa zone add nowhere`'] },
  ],
  done: [
    { text: 'done', says: ['Missing zone.'], usage: 'done' },
    { text: 'done us-east-1a now please', says: ['Unexpected `now please` after the zone.'], usage: 'done' },
    { text: 'done nowhere', says: ['There is no zone `nowhere`'] },
  ],
  progress: [
    { text: 'progress', says: ['Missing the zone.'], usage: 'progress' },
    { text: 'progress us-east-1a', says: ['Missing the number of hosts patched.'], usage: 'progress' },
    { text: 'progress us-east-1a abc', says: ['`abc` is not a host count'], usage: 'progress' },
    { text: 'progress us-east-1a -5', says: ['`-5` is not a host count'], usage: 'progress' },
    { text: 'progress us-east-1a 5/', says: ['`5/` is not a host count'], usage: 'progress' },
    { text: 'progress us-east-1a 5 hosts', says: ['Unexpected `hosts`'], usage: 'progress' },
    {
      text: 'progress us-east-1a 5/3',
      says: ['5 hosts patched is more than the 3 hosts of us-east-1a', '`/xsa progress us-east-1a 5/5`'],
    },
    { text: 'progress us-east-1a 101', says: ['101 hosts patched is more than the 100 hosts of us-east-1a'] },
    { text: 'progress nowhere 5', says: ['There is no zone `nowhere`'] },
  ],
  block: [
    { text: 'block', says: ['Missing the zone.'], usage: 'block' },
    { text: 'block us-east-1a', says: ['Say what blocks the zone.'], usage: 'block' },
    {
      name: 'block us-east-1a <501 characters>',
      text: `block us-east-1a ${'x'.repeat(501)}`,
      says: ['The reason is too long: at most 500 characters.'],
      usage: 'block',
    },
    { text: 'block nowhere BMC firmware hangs', says: ['There is no zone `nowhere`'] },
  ],
  unblock: [
    { text: 'unblock', says: ['Missing zone.'], usage: 'unblock' },
    {
      text: 'unblock us-east-1a extra words',
      says: ['Unexpected `extra words` after the zone.'],
      usage: 'unblock',
    },
  ],
  notified: [
    { text: 'notified', says: ['Missing zone (or `all`).'], usage: 'notified' },
    { text: 'notified us-east-1a us-east-1b', says: ['Unexpected `us-east-1b`'], usage: 'notified' },
    { text: 'notified nowhere', says: ['There is no zone `nowhere`'] },
  ],
  lift: [
    { text: 'lift', says: ['Missing the new lift time.'], usage: 'lift' },
    { text: 'lift tomorrow', says: ['"tomorrow" is not a time I can read'] },
    { text: 'lift 2014-10-01', says: ['"2014-10-01" is not a time I can read'] },
    {
      text: 'lift 2014-03-09 02:30 America/Chicago',
      says: ['2014-03-09 02:30 does not exist in America/Chicago'],
    },
    { text: 'lift 2014-11-02 01:30 America/Chicago', says: ['happens twice in America/Chicago'] },
  ],
  'status, timeline, close and list': [
    { text: 'status XSA-999', says: [NO_SUCH_CAMPAIGN, '`/xsa list`'] },
    { text: 'status XSA-999 share', says: [NO_SUCH_CAMPAIGN] },
    { text: 'timeline XSA-999', says: [NO_SUCH_CAMPAIGN] },
    { text: 'close XSA-999', says: [NO_SUCH_CAMPAIGN] },
    { text: 'status in XSA-999', says: [NO_SUCH_CAMPAIGN] },
    { text: 'start us-east-1b in XSA-999', says: [NO_SUCH_CAMPAIGN] },
    { text: 'status 108!', says: ['`108!` is not a campaign id.'], usage: 'status' },
    { text: 'close 108!', says: ['`108!` is not a campaign id.'], usage: 'close' },
    { text: 'status XSA-108 extra', says: ['Unexpected `extra` after the campaign id.'], usage: 'status' },
    { text: 'timeline XSA-108 XSA-999', says: ['Unexpected `XSA-999`'], usage: 'timeline' },
    { text: 'status XSA-108 in XSA-108', says: ['Name the campaign once.'], usage: 'status' },
    { text: 'list extra', says: ['`list` takes nothing after it.'], usage: 'list' },
  ],
  '`in` without a campaign id': [
    { text: 'status in', says: ['`in` must be followed by a campaign id'], usage: 'status' },
    { text: 'timeline in', says: ['`in` must be followed by a campaign id'], usage: 'timeline' },
    { text: 'close in 108!', says: ['`in` must be followed by a campaign id'], usage: 'close' },
    { text: 'start us-east-1b in', says: ['`in` must be followed by a campaign id'], usage: 'start' },
    { text: 'zone add us-east-1c in', says: ['`in` must be followed by a campaign id'], usage: 'zone add' },
    {
      text: 'status in XSA-108 in XSA-108',
      says: ['Name the campaign once with `in <ID>`.'],
      usage: 'status',
    },
  ],
  'a command needing a campaign, outside any war room': [
    'status',
    'status share',
    'timeline',
    'close',
    'zone add us-east-1c',
    'start us-east-1b',
    'done us-east-1a',
    'progress us-east-1a 5',
    'block us-east-1b BMC firmware hangs',
    'unblock us-east-1b',
    'notified all',
    'lift 2014-10-02T12:00Z',
  ].map((text) => ({
    text,
    channel: PUBLIC_CHANNEL,
    says: [NOT_A_WAR_ROOM, '`in <ID>`', '`/xsa status in XSA-108`'],
  })),
};

for (const [group, table] of Object.entries(cases)) {
  describe(`malformed: ${group}`, () => {
    it.each(table.map((c) => ({ ...c, name: c.name ?? c.text })))(
      '/xsa $name',
      async ({ text, says, usage, channel }) => {
        const before = snapshotRows(t);

        const response = await t.command(text, { channel: channel ?? WAR_ROOM });

        expect(response.status).toBe(200);
        expect(response.json).toMatchObject({ response_type: 'ephemeral' });
        const reply = replyText(response);
        expect(reply).toMatch(/^:warning: /);
        for (const phrase of says) expect(reply).toContain(phrase);
        if (usage) {
          expect(reply).toContain(`\nExpected: \`/xsa ${usage}`);
          expect(reply).toMatch(/\nExample: `\/xsa [^`]+`/);
        }
        expect(snapshotRows(t)).toEqual(before);
        expect(t.slack.calls.filter((call) => call.method.startsWith('chat.'))).toEqual([]);
      },
    );
  });
}

describe('the row snapshot', () => {
  it('does see a change: a well-formed command after all the malformed ones', async () => {
    const before = snapshotRows(t);
    expect(before.campaigns).toHaveLength(1);
    expect(before.zones).toHaveLength(2);
    expect(before.events).toHaveLength(4);
    expect(replyText(await t.command('progress us-east-1a 5'))).toContain('us-east-1a: 5/100 hosts patched');
    expect(snapshotRows(t)).not.toEqual(before);
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenize } from '../../src/slack/commands/read.js';
import { snapshotRows } from '../support/db-snapshot.js';
import type { SignedResponse } from '../support/signing.js';
import {
  ALICE,
  EVE,
  PUBLIC_CHANNEL,
  replyText,
  startTestBot,
  type TestBot,
  WAR_ROOM,
} from '../support/test-bot.js';

/**
 * Rule 9 over random input, through the real receiver: no text typed after `/xsa` yields a 5xx or
 * an unanswered request, crashes a handler, or changes anything it should not. One bot serves every
 * run (sequentially); each run compares every row of campaigns, zones and events before and after.
 */

// Not XSA-108's: `/xsa help` quotes XSA-108's title and CVE as its example, which is public text.
const ID = 'XSA-4242';
const TITLE = 'Guest escape through the vLAPIC timer';
const CVE = 'CVE-2099-4242';
// The fuzzer never types the title or the CVE, so no reply to an outsider may contain them.
const TITLE_OR_CVE = /vLAPIC|CVE-2099-4242/i;
const ANY_SECRET = /XSA-4242|vLAPIC|CVE-2099-4242/i;
const OTHER_WAR_ROOM = 'CWAR2';
const RUNS = 200;

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ now: '2014-09-24T09:00:00Z' });
  t.slack.setChannel(OTHER_WAR_ROOM, { members: [ALICE, 'UBOT'], name: 'xsa-99', isPrivate: true });
  const setup = [
    { text: `new ${ID} lift 2014-10-01T12:00Z title "${TITLE}" cve ${CVE} notice 1h`, channel: WAR_ROOM },
    { text: 'zone add us-east-1a,us-east-1b region us-east-1 hosts 1000', channel: WAR_ROOM },
    { text: 'zone add eu-west-1a', channel: WAR_ROOM },
    { text: 'notified us-east-1a', channel: WAR_ROOM },
    { text: 'start us-east-1a force', channel: WAR_ROOM },
    { text: 'block eu-west-1a BMC firmware hangs on reboot', channel: WAR_ROOM },
    // A closed campaign whose embargo has already lifted, in a war room of its own.
    { text: 'new XSA-99 lift 2014-09-20T12:00Z', channel: OTHER_WAR_ROOM },
    { text: 'close confirm', channel: OTHER_WAR_ROOM },
  ];
  for (const { text, channel } of setup) {
    const response = await t.command(text, { channel });
    expect(replyText(response), text).toMatch(/^:white_check_mark:/);
  }
}, 20_000);
afterAll(async () => {
  await t.stop();
});

/**
 * The state commands change: campaigns, zones, events, and broadcast subscriptions once that table
 * exists. Not the outbox or reminder log: a share of the redacted status, which anyone may ask
 * for, may legitimately queue a post there.
 */
const COMMAND_STATE_TABLES = ['campaigns', 'zones', 'events', 'subscriptions'];

const VERBS = [
  'help',
  'status',
  'start',
  'done',
  'progress',
  'block',
  'unblock',
  'notified',
  'lift',
  'timeline',
  'list',
  'close',
  'reopen',
  'set',
  'zone',
  'subscribe',
  'unsubscribe',
  'remind',
  'digest',
  'Status',
  'ZONE',
];
// Words a parser built on plain objects can trip over.
const JS_WORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype', 'undefined', 'null'];
const VOCABULARY = [
  ...VERBS,
  ...JS_WORDS,
  'new',
  'add',
  'frobnicate',
  // keywords
  'lift',
  'title',
  'cve',
  'alias',
  'notice',
  'wave',
  'region',
  'hosts',
  'window',
  'share',
  'force',
  'in',
  'IN',
  'all',
  'default',
  'off',
  // channels, checkpoints, schedules
  '<#CPUBLIC>',
  '<#CPUBLIC|general>',
  '<#CWAR>',
  'T-48h,T-1h',
  'T-0',
  'T+1h',
  '0 9 * * *',
  '* * * * * *',
  'Europe/Berlin',
  // campaign ids
  'XSA-4242',
  'xsa-4242',
  'XSA-108',
  'XSA-99',
  'XSA-999',
  '108!',
  'A',
  'X'.repeat(60),
  // zones and regions
  'us-east-1a',
  'US-EAST-1A',
  'us-east-1b',
  'eu-west-1a',
  'us-east-1',
  'nowhere',
  'a,b',
  ',',
  'bad/zone',
  // numbers
  '0',
  '1',
  '600',
  '600/1000',
  '5/3',
  '-1',
  '99999999',
  '1e3',
  'NaN',
  'Infinity',
  '0x10',
  '1/0',
  // times and durations
  '2014-10-01T12:00Z',
  '2014-10-01T14:00+02:00',
  '2014-10-01',
  '12:00',
  'UTC',
  'America/Chicago',
  'Mars/Olympus',
  '2014-03-09 02:30 America/Chicago',
  '2014-11-02 01:30',
  '2014-02-30T12:00Z',
  '2014-10-01T24:00Z',
  '0000-01-01T00:00Z',
  '2014-10-01T12:00+99:00',
  '2014-09-26T02:00Z/2014-09-26T10:00Z',
  '48h',
  '0h',
  '2d 6h',
  '367d',
  // quotes, as typed and as Slack clients curl them
  '"',
  '“',
  '”',
  '"quoted text"',
  '“curly text”',
  '""',
  // mrkdwn and Slack mentions
  '<!channel>',
  '<@UALICE>',
  '<#CWAR|xsa-war-room>',
  '`',
  '*bold*',
  '&amp;',
  // unicode
  'ü',
  'ß',
  'İ',
  '🔥',
  '👩‍👩‍👧',
  '\u200b',
  '\u202e',
  'e\u0301',
  '\u0000',
  '\ud800',
];
const SEPARATORS = [' ', ' ', ' ', '  ', '\t', '\n', '\u00a0', ''];

const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VOCABULARY) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.nat().map(String) },
);

/** Words of the grammar (and near it) joined by assorted white space. */
const wordsText = fc
  .array(fc.tuple(word, fc.constantFrom(...SEPARATORS)), { maxLength: 12 })
  .map((parts) => parts.map(([w, sep]) => w + sep).join(''));

const verbFirstText = fc
  .tuple(fc.constantFrom(...VERBS, ...JS_WORDS), wordsText)
  .map(([verb, rest]) => `${verb} ${rest}`);

/** Up to ~5,000 characters: one long token, or a long run of a short pattern after a verb. */
const longText = fc
  .tuple(
    fc.constantFrom('', ...VERBS, 'zone add', 'block us-east-1a', 'status in'),
    fc.constantFrom('x', 'A', '9', 'us-east-1a,', ' in', '"', '🔥', 'ü ', '-'),
    fc.integer({ min: 1_000, max: 5_000 }),
  )
  .map(([prefix, unit, length]) =>
    `${prefix} ${unit.repeat(Math.ceil(length / unit.length))}`.slice(0, 5_000),
  );

const anyText = fc.oneof(
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 4, arbitrary: wordsText },
  { weight: 6, arbitrary: verbFirstText },
  { weight: 1, arbitrary: longText },
);

/** `new` is the one command anybody may run anywhere: it creates a campaign, or opens its form. */
function startsWithNew(text: string): boolean {
  try {
    return tokenize(text)[0]?.text.toLowerCase() === 'new';
  } catch {
    return false;
  }
}

interface Reply {
  response_type?: unknown;
  text?: unknown;
  blocks?: Array<{ type?: string; text?: { text?: string }; elements?: Array<{ text?: unknown }> }>;
}

/** What every answer must be, whoever asked: a 200 with a reply Slack accepts and a person can read. */
function expectAnswered(response: SignedResponse, sent: string): Reply {
  expect(response.status, 'never a 5xx').toBeLessThan(500);
  expect(response.status).toBe(200);
  const reply = response.json as Reply | undefined;
  expect(reply, `a JSON body for ${JSON.stringify(sent.slice(0, 80))}`).toBeTypeOf('object');
  const body = reply as Reply;
  const hasText = typeof body.text === 'string' && body.text !== '';
  const hasBlocks = Array.isArray(body.blocks) && body.blocks.length > 0;
  expect(hasText || hasBlocks, 'the reply has text or blocks').toBe(true);
  expect(['ephemeral', 'in_channel']).toContain(body.response_type);
  // The listener's catch-all: an exception nobody turned into an answer the user can act on.
  expect(response.text).not.toContain('Something went wrong on my side');
  // Block Kit limits, or Slack drops the reply.
  const blocks = body.blocks ?? [];
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const block of blocks) {
    if (block.type === 'header') expect(block.text?.text?.length ?? 0).toBeLessThanOrEqual(150);
    if (block.type === 'section') expect(block.text?.text?.length ?? 0).toBeLessThanOrEqual(3000);
  }
  // An error is seen whole: what was wrong and what to type instead, however long the input was.
  if (typeof body.text === 'string' && body.text.startsWith(':warning:')) {
    expect(replyText(response)).toContain(body.text);
  }
  return body;
}

describe('random text after /xsa', () => {
  it('from a non-responder outside any war room: always answered, never a change, never a secret', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyText.filter((text) => !startsWithNew(text)),
        async (text) => {
          const before = snapshotRows(t, COMMAND_STATE_TABLES);
          const response = await t.command(text, { user: EVE, channel: PUBLIC_CHANNEL });
          const reply = expectAnswered(response, text);
          expect(snapshotRows(t, COMMAND_STATE_TABLES)).toEqual(before);
          // Rule 2: nothing the outsider is shown names the advisory's title or CVE, and nothing
          // posted in their channel names it at all.
          expect(response.text).not.toMatch(TITLE_OR_CVE);
          if (reply.response_type === 'in_channel') expect(response.text).not.toMatch(ANY_SECRET);
        },
      ),
      { numRuns: RUNS },
    );
  }, 20_000);

  it('read-only commands with garbage from a responder in the war room: always answered, never a change', async () => {
    const readOnly = fc
      .tuple(fc.constantFrom('status', 'timeline', 'list', 'help', 'STATUS'), fc.oneof(wordsText, anyText))
      .map(([verb, rest]) => `${verb} ${rest}`);
    await fc.assert(
      fc.asyncProperty(readOnly, async (text) => {
        const before = snapshotRows(t, COMMAND_STATE_TABLES);
        const response = await t.command(text, { user: ALICE, channel: WAR_ROOM });
        expectAnswered(response, text);
        expect(snapshotRows(t, COMMAND_STATE_TABLES)).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  }, 20_000);
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotRows } from '../support/db-snapshot.js';
import { buttonClickBody } from '../support/payloads.js';
import type { SignedResponse } from '../support/signing.js';
import {
  ALICE,
  EVE,
  eventually,
  PUBLIC_CHANNEL,
  replyText,
  startTestBot,
  type TestBot,
  WAR_ROOM,
} from '../support/test-bot.js';

/**
 * Rule 2, no oracle: before the lift, an outsider's answer to any command naming an existing
 * campaign's id is, once the id text is swapped, the answer for an id no campaign has — through
 * signed HTTP, over verbs, ids as typed and the channels an outsider can type in.
 */

const EVE_PRIVATE = 'GEVEPRIV';
const EVE_DM = 'DEVE';
const UNREADABLE_WAR_ROOM = 'GWAR300';
// Not the words of the usage examples, which every answer may quote.
const TITLE = 'Guest escape through emulated vAPIC';
// The id itself is covered by the comparison: both answers may quote the usage example `XSA-108`.
const SECRETS = [TITLE, 'CVE-2026-0001', 'BMC firmware hangs', WAR_ROOM, UNREADABLE_WAR_ROOM];

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({
    now: '2014-09-24T09:00:00Z',
    creators: [ALICE],
    slack: {
      channels: {
        [WAR_ROOM]: { members: [ALICE, 'UBOT'], name: 'xsa-war-room', isPrivate: true },
        [PUBLIC_CHANNEL]: { members: [ALICE, EVE, 'UBOT'], name: 'general' },
        [EVE_PRIVATE]: { members: [EVE, 'UBOT'], name: 'eve-private', isPrivate: true },
        [UNREADABLE_WAR_ROOM]: { members: [ALICE, 'UBOT'], name: 'xsa-300', isPrivate: true },
      },
    },
  });
  for (const text of [
    `new XSA-108 lift 2014-10-01T12:00Z title "${TITLE}" cve CVE-2026-0001`,
    'zone add us-east-1a,eu-west-1a region us-east-1 hosts 100',
    'block eu-west-1a BMC firmware hangs on reboot',
    `subscribe <#${PUBLIC_CHANNEL}|general>`,
  ]) {
    expect(replyText(await t.command(text)), text).toMatch(/^:white_check_mark:|^:no_entry:/);
  }
  const other = await t.command('new XSA-300 lift 2014-10-01T12:00Z', { channel: UNREADABLE_WAR_ROOM });
  expect(replyText(other)).toMatch(/^:white_check_mark:/);
  // Then the bot is removed from XSA-300's war room: an error about its members must not tell.
  t.slack.failWhile((call) =>
    call.method === 'conversations.members' && call.args.channel === UNREADABLE_WAR_ROOM
      ? { body: { ok: false, error: 'not_in_channel' } }
      : undefined,
  );
});
afterAll(async () => {
  await t.stop();
});

/** Every verb that takes a campaign id, `{ID}` where the id goes. */
const TEMPLATES = [
  'status {ID}',
  'status {ID} share',
  'status in {ID}',
  'timeline {ID}',
  'timeline in {ID}',
  'close {ID}',
  'new {ID} lift 2014-10-01T12:00Z',
  'new {ID} lift 2014-10-01T12:00Z title "x" cve CVE-2014-7188',
  'zone add us-east-1c in {ID}',
  'start us-east-1a in {ID}',
  'start us-east-1a force in {ID}',
  'done us-east-1a in {ID}',
  'progress us-east-1a 5 in {ID}',
  'progress nowhere 5/10 in {ID}',
  'block us-east-1a in {ID} disk on fire',
  'block us-east-1a waiting in {ID}',
  'block z x in {ID}',
  'unblock eu-west-1a in {ID}',
  'notified all in {ID}',
  'notified us-east-1a in {ID}',
  'lift 2014-10-02T12:00Z in {ID}',
  'lift 2013-10-01T12:00Z in {ID}',
  'remind default in {ID}',
  'remind T-1h in {ID}',
  'digest off in {ID}',
  'digest 0 9 * * * in {ID}',
  `subscribe <#${PUBLIC_CHANNEL}|general> in {ID}`,
  `unsubscribe <#${PUBLIC_CHANNEL}|general> in {ID}`,
  // The verbs merged later (settings and undo, reports, tokens, named hosts, close and reopen).
  `status {ID} share <#${PUBLIC_CHANNEL}|general>`,
  'timeline {ID} page 2',
  'timeline page 3 in {ID}',
  'report {ID}',
  'report in {ID}',
  'close {ID} confirm',
  'close in {ID}',
  'reopen {ID}',
  'reopen in {ID}',
  'set title "x" in {ID}',
  'set alias "Routine maintenance" in {ID}',
  'set notice 48h in {ID}',
  'set wave 2 in {ID}',
  'set zone-duration 6h in {ID}',
  'set nonsense 1 in {ID}',
  'zone remove us-east-1a in {ID}',
  'zone remove us-east-1a confirm in {ID}',
  'zone remove nowhere in {ID}',
  'zone rename us-east-1a us-east-1z in {ID}',
  'zone rename nowhere x in {ID}',
  'token create ansible in {ID}',
  'token list in {ID}',
  'token revoke ansible in {ID}',
  'hosts us-east-1a in {ID}',
  'hosts nowhere in {ID}',
];

const existingId = fc.constantFrom('XSA-108', 'xsa-108', 'Xsa-108', 'XSA-300');
const missingId = fc.oneof(
  fc.constantFrom('XSA-107', 'XSA-109', 'XSA-1', 'CVE-2014-7188'),
  fc
    .integer({ min: 1, max: 2000 })
    .filter((n) => n !== 108 && n !== 300)
    .map((n) => `XSA-${n}`),
);
const channel = fc.constantFrom(PUBLIC_CHANNEL, EVE_PRIVATE, EVE_DM);

/** `text` with `id` (as a whole id, not inside a longer one) replaced by `{ID}`. */
function withoutId(text: string, id: string): string {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![A-Za-z0-9-])${escaped}(?![A-Za-z0-9-])`, 'g'), '{ID}');
}

/** The answer as compared: status and body, with the id as typed replaced. */
function answerWithout(response: SignedResponse, id: string): string {
  return withoutId(JSON.stringify({ status: response.status, body: response.json ?? response.text }), id);
}

describe('no oracle (rule 2)', () => {
  it("an outsider's answer for an existing id is the answer for a missing one", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TEMPLATES),
        existingId,
        missingId,
        channel,
        async (template, id, missing, where) => {
          const before = snapshotRows(t);
          const existing = await t.command(template.replaceAll('{ID}', id), { user: EVE, channel: where });
          const absent = await t.command(template.replaceAll('{ID}', missing), { user: EVE, channel: where });
          // The missing id's answer may show `XSA-108` as an example of the form: swapped alike.
          expect(answerWithout(existing, id)).toBe(withoutId(answerWithout(absent, missing), id));
          const text = JSON.stringify(existing.json);
          for (const secret of SECRETS) {
            if (secret !== id) expect(text).not.toContain(secret);
          }
          expect(snapshotRows(t)).toEqual(before);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("an outsider's forged button click names no campaign: answered as for a missing id", async () => {
    // The bot's answer to a click goes to its response_url after the ack.
    const clickAnswer = async (actionId: string, value: string) => {
      const responseUrl = t.slack.responseUrl();
      const id = decodeURIComponent(new URL(responseUrl).pathname.slice('/response-url/'.length));
      const response = await t.post(
        buttonClickBody({ user: EVE, channel: PUBLIC_CHANNEL, actionId, value, responseUrl }),
      );
      const told = await eventually(() =>
        t.slack.callsTo('response_url').find((c) => c.args.responseUrlId === id),
      );
      const { responseUrlId: _, ...answer } = told.args;
      return { status: response.status, answer };
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('zone_start', 'zone_done', 'zone_block', 'zone_unblock', 'zone_force_start'),
        existingId,
        missingId,
        async (action, id, missing) => {
          const before = snapshotRows(t);
          const existing = await clickAnswer(action, `${id}|us-east-1a`);
          const absent = await clickAnswer(action, `${missing}|us-east-1a`);
          expect(withoutId(JSON.stringify(existing), id)).toBe(
            withoutId(withoutId(JSON.stringify(absent), missing), id),
          );
          expect(t.slack.callsTo('views.open')).toEqual([]);
          expect(snapshotRows(t)).toEqual(before);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('a responder still gets XSA-108 by id from anywhere, and the outsider gets the generic answer', async () => {
    expect(replyText(await t.command('status XSA-108', { user: ALICE, channel: PUBLIC_CHANNEL }))).toContain(
      TITLE,
    );
    expect(replyText(await t.command('status XSA-108', { user: EVE, channel: PUBLIC_CHANNEL }))).toContain(
      'There is no campaign XSA-108 that you can see',
    );
  });

  it('after the lift the id is no secret: the outsider is told it exists but is not theirs to change', async () => {
    t.clock.set('2014-10-01T12:00:01Z');
    try {
      expect(
        replyText(await t.command('start us-east-1a in XSA-108', { user: EVE, channel: PUBLIC_CHANNEL })),
      ).toContain('Only responders');
    } finally {
      t.clock.set('2014-09-24T09:00:00Z');
    }
  });
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotRows } from '../support/db-snapshot.js';
import { buttonClickBody } from '../support/payloads.js';
import { postSigned, signatureHeaders, slashCommandBody } from '../support/signing.js';
import { ALICE, SIGNING_SECRET, startTestBot, type TestBot, WAR_ROOM } from '../support/test-bot.js';
import { recordTally } from './support/tally.js';

/**
 * Forged requests in bulk: test/integration/request-verification.test.ts shows each kind once;
 * here fast-check combines the kinds with bodies that would each change the campaign (close it,
 * mark a zone done, block one) and counts. Every one: 401, no row changed, no Slack call made.
 */

const RUNS = 200;

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ now: '2014-09-26T02:00:00Z' });
  await t.command('new XSA-108 lift 2014-10-01T12:00Z');
  await t.command('zone add us-east-1a,us-east-1b');
  await t.command('start us-east-1a');
});
afterAll(async () => {
  await t.stop();
});

const now = () => Math.floor(Date.now() / 1000);

const body = fc.constantFrom(
  () =>
    slashCommandBody({
      text: 'close confirm',
      user_id: ALICE,
      channel_id: WAR_ROOM,
      response_url: t.slack.responseUrl(),
    }),
  () =>
    slashCommandBody({
      text: 'block us-east-1b forged',
      user_id: ALICE,
      channel_id: WAR_ROOM,
      response_url: t.slack.responseUrl(),
    }),
  () =>
    buttonClickBody({
      user: ALICE,
      channel: WAR_ROOM,
      actionId: 'zone_done',
      value: 'XSA-108|us-east-1a',
      responseUrl: t.slack.responseUrl(),
    }),
);

type Forgery = (raw: string) => Promise<{ status: number }>;
const forgery: fc.Arbitrary<[string, Forgery]> = fc.oneof(
  fc
    .string({ minLength: 1, maxLength: 30 })
    .map((secret): [string, Forgery] => [
      'wrong secret',
      (raw) => postSigned(t.url, raw, { secret: `${secret}-not-it` }),
    ]),
  fc
    .integer({ min: 301, max: 10 * 365 * 86_400 })
    .map((age): [string, Forgery] => [
      'stale timestamp',
      (raw) => postSigned(t.url, raw, { secret: SIGNING_SECRET, timestampSeconds: now() - age }),
    ]),
  fc
    .integer({ min: 301, max: 86_400 })
    .map((ahead): [string, Forgery] => [
      'timestamp from the future',
      (raw) => postSigned(t.url, raw, { secret: SIGNING_SECRET, timestampSeconds: now() + ahead }),
    ]),
  fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 5 })).map(([at, extra]): [string, Forgery] => [
    'body altered after signing',
    (raw) =>
      postSigned(t.url, raw, {
        secret: SIGNING_SECRET,
        alterAfterSigning: (b) => {
          const i = at % (b.length + 1);
          return `${b.slice(0, i)}${encodeURIComponent(extra)}${b.slice(i)}`;
        },
      }),
  ]),
  fc.integer({ min: 301, max: 86_400 }).map((age): [string, Forgery] => [
    'replayed with its stale timestamp',
    (raw) =>
      postSigned(t.url, raw, {
        secret: SIGNING_SECRET,
        sign: false,
        headers: signatureHeaders(SIGNING_SECRET, raw, now() - age),
      }),
  ]),
  fc.constant<[string, Forgery]>([
    'a fresh signature of a different body',
    (raw) =>
      postSigned(t.url, raw, {
        secret: SIGNING_SECRET,
        sign: false,
        headers: signatureHeaders(SIGNING_SECRET, slashCommandBody({ text: 'help' })),
      }),
  ]),
  fc.constantFrom<[string, Forgery]>(
    ['no signature', (raw) => postSigned(t.url, raw, { secret: SIGNING_SECRET, sign: false })],
    [
      'signature of another version',
      (raw) =>
        postSigned(t.url, raw, {
          secret: SIGNING_SECRET,
          headers: {
            'x-slack-signature': (signatureHeaders(SIGNING_SECRET, raw)['x-slack-signature'] ?? '').replace(
              'v0=',
              'v1=',
            ),
          },
        }),
    ],
  ),
);

describe('forged requests', () => {
  it('bad signatures, stale and replayed timestamps, bodies altered after signing: 401, nothing changes', async (context) => {
    const kinds = new Map<string, number>();
    let changes = 0;
    try {
      await fc.assert(
        fc.asyncProperty(body, forgery, async (makeBody, [kind, send]) => {
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          const before = snapshotRows(t);
          const callsBefore = t.slack.calls.length;
          const response = await send(makeBody());
          expect(response.status, kind).toBe(401);
          const after = snapshotRows(t);
          if (JSON.stringify(after) !== JSON.stringify(before)) changes += 1;
          expect(after).toEqual(before);
          expect(t.slack.calls.slice(callsBefore).map((c) => c.method)).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    } finally {
      recordTally(context, {
        cases: [...kinds.values()].reduce((a, b) => a + b, 0),
        lost: 0,
        duplicates: 0,
        notes: `${changes} changes made; ${kinds.size} kinds of forgery`,
      });
    }
  });
});

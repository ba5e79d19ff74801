import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotRows } from '../support/db-snapshot.js';
import { interactionBody } from '../support/signing.js';
import {
  ALICE,
  EVE,
  PUBLIC_CHANNEL,
  replyText,
  startTestBot,
  type TestBot,
  WAR_ROOM,
} from '../support/test-bot.js';
import { recordTally } from './support/tally.js';

/**
 * Rule 9 for interactivity, through the real receiver: fast-check builds block_actions and
 * view_submission payloads with wrong types, missing fields, huge strings, unknown action ids and
 * values that name campaigns the clicker is no responder of. Every one gets an answer inside Slack's
 * 3 s (200, or 400 for what Slack could never send), none a 5xx, none changes a row. (Slash-command text is fuzzed in
 * test/integration/command-fuzz.test.ts.)
 */

const OTHER_ID = 'XSA-200';
const OTHER_WAR_ROOM = 'CWAR200';
const RUNS = 150;
const ACK_DEADLINE_MS = 3_000;
// What a change would touch. Not the outbox: it may queue an answer Slack did not take.
const STATE_TABLES = ['campaigns', 'zones', 'events', 'subscriptions', 'reminder_log'];

let t: TestBot;
let cases = 0;
let changes = 0;
let slowest = 0;
let refused = 0;
beforeAll(async () => {
  t = await startTestBot({ now: '2014-09-26T02:00:00Z' });
  // EVE's war room: ALICE is no responder of XSA-200, and EVE is none of XSA-108.
  t.slack.setChannel(OTHER_WAR_ROOM, { members: [EVE, 'UBOT'], name: 'xsa-200', isPrivate: true });
  for (const [text, user, channel] of [
    ['new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range"', ALICE, WAR_ROOM],
    ['zone add us-east-1a,us-east-1b,eu-west-1a hosts 100', ALICE, WAR_ROOM],
    ['start us-east-1a', ALICE, WAR_ROOM],
    [`new ${OTHER_ID} lift 2014-10-01T12:00Z`, EVE, OTHER_WAR_ROOM],
    ['zone add z1,z2', EVE, OTHER_WAR_ROOM],
    ['start z1', EVE, OTHER_WAR_ROOM],
  ] as const) {
    expect(replyText(await t.command(text, { user, channel })), text).toMatch(/^:white_check_mark:/);
  }
});
afterAll(async () => {
  await t.stop();
});

const huge = fc.integer({ min: 3_000, max: 100_000 }).map((n) => 'x'.repeat(n));
const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  huge,
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

// Well-formed values naming a campaign the clicker is no responder of.
const NAMES_XSA_200 = [`${OTHER_ID}|z1`, `${OTHER_ID}|z2`, 'xsa-200|Z1', `${OTHER_ID}|us-east-1a`];
const NAMES_XSA_108 = ['XSA-108|us-east-1a', 'XSA-108|us-east-1b', 'xsa-108|EU-WEST-1A'];

/** Values the bot never made: unknown campaigns, broken forms, garbage. */
const forgedValue = fc.oneof(
  fc.constantFrom('XSA-999|z1', 'XSA-200|nowhere'),
  fc.constantFrom(
    'XSA-108',
    'XSA-108|',
    '|us-east-1a',
    'XSA-108|us-east-1a|x',
    'XSA-108|nowhere',
    '__proto__|x',
  ),
  fc.string({ maxLength: 300 }),
  junk,
);
// Mostly ids a listener handles, so the listeners' own checks are what is tried most.
const actionId = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('zone_start', 'zone_done', 'zone_block', 'zone_unblock') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('zone_frobnicate', 'unknown_action', 'zone_start ', 'ZONE_DONE', ''),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: junk },
);
/** Who clicks, where, and the well-formed values that name a campaign they are no responder of. */
const clicker = fc.constantFrom(
  { user: ALICE, channel: WAR_ROOM, othersValues: NAMES_XSA_200 },
  { user: EVE, channel: PUBLIC_CHANNEL, othersValues: NAMES_XSA_108 },
  { user: EVE, channel: WAR_ROOM, othersValues: NAMES_XSA_108 },
);

const blockActions = fc
  .record({
    who: clicker,
    actionId,
    value: forgedValue,
    othersValue: fc.nat(),
    useOthers: fc.boolean(),
    actionsShape: fc.constantFrom(
      'one',
      'one',
      'one',
      'one',
      'one',
      'one',
      'none',
      'not-array',
      'many',
      'null-entry',
    ),
    dropUser: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    userShape: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'string', 'no-id', 'id-number'),
    channelShape: fc.constantFrom('ok', 'missing', 'junk'),
    responseUrl: fc.constantFrom('fake', 'missing', 'junk', 'elsewhere'),
    extra: maybe(fc.dictionary(fc.string({ maxLength: 10 }), junk, { maxKeys: 3 })),
  })
  .map((p) => {
    const named = p.who.othersValues[p.othersValue % p.who.othersValues.length];
    const value = p.useOthers ? named : p.value;
    const action = {
      type: 'button',
      action_id: p.actionId,
      block_id: 'zone:x',
      value,
      action_ts: '1412000001.000200',
    };
    const actions =
      p.actionsShape === 'one'
        ? [action]
        : p.actionsShape === 'none'
          ? []
          : p.actionsShape === 'not-array'
            ? action
            : p.actionsShape === 'many'
              ? [action, action, { ...action, action_id: 'zone_done' }]
              : [null];
    const user =
      p.userShape === 'ok'
        ? { id: p.who.user, username: 'someone', team_id: 'T1' }
        : p.userShape === 'string'
          ? p.who.user
          : p.userShape === 'no-id'
            ? { username: 'someone' }
            : { id: 42 };
    return {
      ...p.extra,
      type: 'block_actions',
      team: { id: 'T1', domain: 'xsa-test' },
      ...(p.dropUser ? {} : { user }),
      api_app_id: 'AXSATEST',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: '1412000000.000100', channel_id: p.who.channel },
      trigger_id: '1.2.trigger',
      ...(p.channelShape === 'ok'
        ? { channel: { id: p.who.channel, name: 'somewhere' } }
        : p.channelShape === 'junk'
          ? { channel: 'C-not-an-object' }
          : {}),
      ...(p.responseUrl === 'fake'
        ? { response_url: t.slack.responseUrl() }
        : p.responseUrl === 'junk'
          ? { response_url: 'not a url' }
          : p.responseUrl === 'elsewhere'
            ? { response_url: 'http://127.0.0.1:1/response-url/nobody' }
            : {}),
      actions,
    };
  });

const viewSubmission = fc
  .record({
    who: fc.constantFrom(ALICE, EVE),
    callbackId: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('xsa_block_reason', 'xsa_new_campaign') },
      { weight: 2, arbitrary: fc.constantFrom('xsa_unknown', '') },
      { weight: 1, arbitrary: fc.string() },
      { weight: 1, arbitrary: junk },
    ),
    metadata: fc.oneof(
      fc.constantFrom(
        JSON.stringify({ campaignId: OTHER_ID, zone: 'z1', channelId: WAR_ROOM, responseUrl: null }),
        JSON.stringify({ campaignId: 'XSA-999', zone: 'z1', channelId: WAR_ROOM }),
        JSON.stringify({ campaignId: 42, zone: ['z1'], channelId: {} }),
        JSON.stringify({ channelId: 'DEVE' }),
        JSON.stringify({ channelId: 'DALICE' }),
        '{',
        'null',
        '[]',
        '"string"',
      ),
      fc.string(),
      huge,
    ),
    reason: fc.oneof(fc.string(), huge, junk),
    valuesShape: fc.constantFrom('reason', 'new-campaign', 'empty', 'junk', 'missing-state'),
    newId: fc.string({ maxLength: 50 }).map((s) => `!${s}`),
  })
  .map((p) => {
    const values =
      p.valuesShape === 'reason'
        ? { reason: { reason_input: { type: 'plain_text_input', value: p.reason } } }
        : p.valuesShape === 'new-campaign'
          ? {
              id: { id_input: { type: 'plain_text_input', value: p.newId } },
              lift_date: { lift_date_input: { type: 'datepicker', selected_date: p.reason } },
              lift_time: { lift_time_input: { type: 'timepicker', selected_time: '12:00' } },
            }
          : p.valuesShape === 'junk'
            ? { reason: p.reason, id: [p.reason] }
            : {};
    return {
      type: 'view_submission',
      team: { id: 'T1', domain: 'xsa-test' },
      user: { id: p.who, username: 'someone', team_id: 'T1' },
      api_app_id: 'AXSATEST',
      token: 'legacy-verification-token',
      trigger_id: '1.2.trigger',
      view: {
        id: 'VMODAL1',
        team_id: 'T1',
        type: 'modal',
        callback_id: p.callbackId,
        private_metadata: p.metadata,
        ...(p.valuesShape === 'missing-state' ? {} : { state: { values } }),
        hash: '1412000000.abc',
        title: { type: 'plain_text', text: 'Form' },
        blocks: [],
      },
    };
  });

/** Sends one payload and checks the answer: 200 well inside Slack's 3 s, nothing changed. */
async function expectAnsweredUnchanged(payload: unknown): Promise<void> {
  const before = snapshotRows(t, STATE_TABLES);
  const started = Date.now();
  const response = await t.post(interactionBody(payload as object));
  const took = Date.now() - started;
  slowest = Math.max(slowest, took);
  cases += 1;
  expect(response.status, `never a 5xx: ${response.text.slice(0, 200)}`).toBeLessThan(500);
  // 200, or 400 for a payload Slack could never send (no user, a callback_id that is a list, …).
  expect([200, 400], response.text.slice(0, 200)).toContain(response.status);
  if (response.status === 400) refused += 1;
  expect(took, 'answered inside the 3-second ack').toBeLessThan(ACK_DEADLINE_MS);
  const after = snapshotRows(t, STATE_TABLES);
  if (JSON.stringify(after) !== JSON.stringify(before)) changes += 1;
  expect(after).toEqual(before);
}

/** Runs a fuzzing property over `payloads` and records its tally for the summary table. */
async function fuzzPayloads(
  context: Parameters<typeof recordTally>[0],
  payloads: fc.Arbitrary<unknown>,
): Promise<void> {
  const start = cases;
  refused = 0;
  try {
    await fc.assert(fc.asyncProperty(payloads, expectAnsweredUnchanged), { numRuns: RUNS });
  } finally {
    recordTally(context, {
      cases: cases - start,
      lost: 0,
      duplicates: 0,
      notes: `${changes} changes made; ${refused} answered 400 (unroutable); slowest answer ${slowest} ms`,
    });
  }
}

describe('hostile interactivity payloads', () => {
  it('block_actions: wrong types, missing fields, huge strings, unknown ids, forged values', async (context) => {
    await fuzzPayloads(context, blockActions);
  });

  it('view_submission: wrong types, missing fields, huge strings, unknown callbacks, forged metadata', async (context) => {
    await fuzzPayloads(context, viewSubmission);
  });

  it('a payload that is not JSON, or not an object: an answer, not a 5xx', async (context) => {
    const bodies = [
      'payload=%7B',
      'payload=',
      'payload=null',
      'payload=42',
      'payload=%5B%5D',
      'nothing=here',
      '',
    ];
    let tried = 0;
    for (const body of bodies) {
      const before = snapshotRows(t, STATE_TABLES);
      const response = await t.post(body);
      tried += 1;
      expect(response.status, `${body}: ${response.status} ${response.text.slice(0, 200)}`).toBeLessThan(500);
      expect(snapshotRows(t, STATE_TABLES)).toEqual(before);
    }
    recordTally(context, { cases: tried, lost: 0, duplicates: 0 });
  });
});

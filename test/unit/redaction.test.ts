import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildStatusView } from '../../src/campaigns/queries.js';
import { planSettingsOf, projectPlan } from '../../src/domain/plan.js';
import { summarizeZones } from '../../src/domain/progress.js';
import type { DueReminder } from '../../src/domain/reminders.js';
import { mustRedact } from '../../src/domain/secrecy.js';
import type { ZoneState } from '../../src/domain/types.js';
import { getHomeView } from '../../src/slack/blocks/home-blocks.js';
import { getCatchUpMessage, getReminderMessage } from '../../src/slack/blocks/reminder-blocks.js';
import { getStatusBlocks } from '../../src/slack/blocks/status-blocks.js';
import { campaignFixture, zoneFixture } from '../support/fixtures.js';
import { utc } from '../support/instants.js';

const LIFT = utc('2014-10-01T12:00:00Z');

// Secrets with a shape no fixed text of a message could contain by chance.
const secretText = fc.stringMatching(/^[A-Za-z]{3}[0-9]{3}[A-Za-z0-9 .,:'-]{0,40}$/);
const campaignId = fc.stringMatching(/^[A-Z]{2,5}-[0-9]{3,6}$/);
const cve = fc.stringMatching(/^CVE-20[0-9]{2}-[0-9]{4,6}$/);
const STATES: ZoneState[] = ['pending', 'in_progress', 'done', 'blocked'];

const scenario = fc.record({
  id: campaignId,
  title: secretText,
  cves: fc.array(cve, { minLength: 0, maxLength: 4 }),
  reasons: fc.array(secretText, { minLength: 1, maxLength: 5 }),
  states: fc.array(fc.constantFrom(...STATES), { minLength: 1, maxLength: 12 }),
  minutesBeforeLift: fc.integer({ min: 1, max: 7 * 24 * 60 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario) {
  const campaign = campaignFixture({
    id: s.id,
    title: s.title,
    cves: s.cves,
    liftAt: LIFT,
    warRoomChannel: 'CWAR',
    createdBy: 'UALICE',
    createdAt: LIFT.minus({ days: 8 }),
  });
  const zones = s.states.map((state, i) =>
    zoneFixture(`zone-${i}`, {
      campaignId: s.id,
      region: `region-${i % 3}`,
      hostsTotal: 100,
      hostsPatched: state === 'done' ? 100 : 5,
      state,
      blockedReason: state === 'blocked' ? (s.reasons[i % s.reasons.length] ?? 'x') : null,
      startedAt: state === 'pending' ? null : LIFT.minus({ days: 3 }),
      doneAt: state === 'done' ? LIFT.minus({ days: 2 }) : null,
    }),
  );
  return { campaign, zones, now: LIFT.minus({ minutes: s.minutesBeforeLift }) };
}

const secretsOf = (s: { id: string; title: string; cves: string[]; reasons: string[] }) => [
  s.id,
  s.title,
  ...s.cves,
  ...s.reasons,
];

describe('rule 2: nothing outside the war room names the advisory before the lift', () => {
  it('broadcast reminders, catch-up summaries, shared status and an outsider’s App Home carry no id, title, CVE or blocker reason', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { campaign, zones, now } = build(s);
        const redacted = mustRedact(campaign, now, { responder: true, publicInChannel: 'CPUBLIC' });
        expect(redacted).toBe(true);
        const view = buildStatusView(campaign, zones, now, redacted, false);
        const reminder: DueReminder = { id: 'T-60', kind: 'checkpoint', dueAt: now, offset: 60 };
        const surfaces = [
          getReminderMessage(view, reminder, null),
          getReminderMessage(view, reminder, 7),
          getCatchUpMessage(view, [reminder, { ...reminder, id: 'T-30', offset: 30 }]),
          getStatusBlocks(view),
          getHomeView(
            [
              {
                campaign,
                totals: summarizeZones(zones),
                projection: projectPlan(zones, planSettingsOf(campaign), now),
                redacted: true,
                blockedZones: zones.filter((z) => z.state === 'blocked'),
              },
            ],
            now,
          ),
        ];
        const text = JSON.stringify(surfaces);
        for (const secret of secretsOf(s)) expect(text).not.toContain(secret);
        expect(text).toContain('Scheduled host maintenance');
      }),
      { numRuns: 300 },
    );
  });

  it('the same surfaces name the advisory once it is public', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { campaign, zones } = build(s);
        const now = LIFT.plus({ minutes: 1 });
        expect(mustRedact(campaign, now, { responder: false, publicInChannel: 'CPUBLIC' })).toBe(false);
        const text = JSON.stringify(getStatusBlocks(buildStatusView(campaign, zones, now, false, false)));
        expect(text).toContain(s.id);
      }),
      { numRuns: 50 },
    );
  });
});

describe('mustRedact', () => {
  const campaign = campaignFixture({ liftAt: LIFT });
  const before = LIFT.minus({ minutes: 1 });
  const cases: [string, boolean, string | null, boolean][] = [
    ['a responder, to themselves', true, null, false],
    ['a responder, shared in the war room', true, campaign.warRoomChannel, false],
    ['a responder, shared in another channel', true, 'CPUBLIC', true],
    ['an outsider', false, null, true],
    ['an outsider, in another channel', false, 'CPUBLIC', true],
  ];
  it.each(cases)('before the lift: %s', (_, responder, publicInChannel, redacted) => {
    expect(mustRedact(campaign, before, { responder, publicInChannel })).toBe(redacted);
  });
  it.each(cases)('at the lift, nothing is hidden: %s', (_, responder, publicInChannel) => {
    expect(mustRedact(campaign, LIFT, { responder, publicInChannel })).toBe(false);
  });
});

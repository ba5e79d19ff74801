import { describe, expect, it } from 'vitest';
import { dueReminders } from '../../src/domain/reminders.js';
import { catchUpKey, decideCheckpoints, decideWindows } from '../../src/scheduler/reminder-jobs.js';
import { campaignFixture, zoneFixture } from '../support/fixtures.js';
import { utc } from '../support/instants.js';

const campaign = campaignFixture();
const ARMED = utc('2014-09-24T00:00:00Z');
const nothingDecided = () => false;

describe('decideCheckpoints (XSA-108, lift 2014-10-01 12:00 UTC)', () => {
  it('posts the reminder just due on time and folds the long-missed ones into the catch-up', () => {
    const now = utc('2014-10-01T00:00:00Z'); // T-12h exactly: T-72h and T-24h were missed
    const due = dueReminders(campaign.liftAt, [72 * 60, 24 * 60, 12 * 60], ARMED, now, true);
    const decided = decideCheckpoints(campaign, due, nothingDecided, now);
    expect(decided.post.map((p) => [p.reminder.id, p.lateMinutes])).toEqual([['T-720', null]]);
    expect(decided.missed.map((r) => r.id)).toEqual(['T-4320', 'T-1440']);
    expect(decided.decisions.map((d) => d.outcome)).toEqual(['missed', 'missed', 'posted']);
    expect(catchUpKey(campaign, decided.missed)).toBe(`catchup:XSA-108@${campaign.liftAt.toISO()}:T-1440`);
  });

  it('skips what was decided before, and says by how much a post is late', () => {
    const now = utc('2014-10-01T00:10:00Z');
    const due = dueReminders(campaign.liftAt, [24 * 60, 12 * 60], ARMED, now, true);
    const decided = decideCheckpoints(campaign, due, (key) => key.endsWith(':T-1440'), now);
    expect(decided.post.map((p) => [p.reminder.id, p.lateMinutes])).toEqual([['T-720', 10]]);
    expect(decided.decisions.map((d) => d.outcome)).toEqual(['late']);
    expect(catchUpKey(campaign, decided.missed)).toBeNull();
  });
});

describe('decideWindows', () => {
  it('announces a window that just opened, not one long past or decided before', () => {
    const now = utc('2014-09-30T10:00:00Z');
    const zones = [
      zoneFixture('fra1', { windowStart: utc('2014-09-30T10:00:00Z') }),
      zoneFixture('ams1', { windowStart: utc('2014-09-29T10:00:00Z') }),
      zoneFixture('lon1', { windowStart: utc('2014-09-30T09:59:00Z') }),
    ];
    const decided = decideWindows(campaign, zones, (key) => key.includes(':lon1@'), now);
    expect(decided.map((d) => [d.zone.name, d.outcome])).toEqual([
      ['fra1', 'posted'],
      ['ams1', 'missed'],
    ]);
  });
});

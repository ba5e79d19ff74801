import type { CampaignRecord } from '../../src/domain/report/record.js';
import type { AuditEvent } from '../../src/domain/types.js';
import { campaignFixture, zoneFixture } from './fixtures.js';
import { utc } from './instants.js';

/**
 * XSA-108 after the fact, as the report reads it: us-east-1a done days before the lift (AWS),
 * us-east-1b started on Sunday 28th 11:00 (Rackspace), blocked overnight and done two hours after the
 * lift, eu-west-1a started three hours after the lift in its planned window (SoftLayer).
 */
export function xsa108Record(): CampaignRecord {
  const campaign = campaignFixture({ noticeLeadMinutes: 48 * 60, createdAt: utc('2014-09-24T08:00Z') });
  const zones = [
    zoneFixture('us-east-1a', {
      region: 'us-east-1',
      hostsTotal: 1000,
      hostsPatched: 1000,
      state: 'done',
      notifiedAt: utc('2014-09-24T09:00Z'),
      startedAt: utc('2014-09-26T10:00Z'),
      doneAt: utc('2014-09-27T08:00Z'),
      owner: 'UALICE',
    }),
    zoneFixture('us-east-1b', {
      region: 'us-east-1',
      hostsTotal: 1000,
      hostsPatched: 1000,
      state: 'done',
      notifiedAt: utc('2014-09-24T09:00Z'),
      startedAt: utc('2014-09-28T11:00Z'),
      doneAt: utc('2014-10-01T14:00Z'),
      owner: 'UBOB',
    }),
    zoneFixture('eu-west-1a', {
      region: 'eu-west-1',
      hostsTotal: 500,
      hostsPatched: 500,
      state: 'done',
      windowStart: utc('2014-10-01T15:00Z'),
      windowEnd: utc('2014-10-01T20:00Z'),
      notifiedAt: utc('2014-09-29T15:00Z'),
      startedAt: utc('2014-10-01T15:00Z'),
      doneAt: utc('2014-10-01T19:00Z'),
      owner: 'UBOB',
    }),
  ];
  const raw: Array<Omit<AuditEvent, 'id' | 'campaignId' | 'at'> & { at: string }> = [
    {
      at: '2014-09-24T08:00Z',
      zone: null,
      kind: 'campaign.created',
      actor: 'U0SEC',
      details: { liftAt: '2014-10-01T12:00:00.000Z' },
    },
    {
      at: '2014-09-24T08:30Z',
      zone: 'us-east-1a',
      kind: 'zone.added',
      actor: 'UALICE',
      details: { region: 'us-east-1', hostsTotal: 1000 },
    },
    {
      at: '2014-09-24T08:30Z',
      zone: 'us-east-1b',
      kind: 'zone.added',
      actor: 'UALICE',
      details: { region: 'us-east-1', hostsTotal: 1000 },
    },
    { at: '2014-09-24T09:00Z', zone: 'us-east-1a', kind: 'zone.notified', actor: 'UALICE', details: {} },
    { at: '2014-09-24T09:00Z', zone: 'us-east-1b', kind: 'zone.notified', actor: 'UALICE', details: {} },
    { at: '2014-09-26T10:00Z', zone: 'us-east-1a', kind: 'zone.started', actor: 'UALICE', details: {} },
    { at: '2014-09-27T08:00Z', zone: 'us-east-1a', kind: 'zone.done', actor: 'UALICE', details: {} },
    { at: '2014-09-28T11:00Z', zone: 'us-east-1b', kind: 'zone.started', actor: 'UBOB', details: {} },
    {
      at: '2014-09-28T14:00Z',
      zone: 'us-east-1b',
      kind: 'zone.progress',
      actor: 'UBOB',
      details: { from: 0, to: 300 },
    },
    {
      at: '2014-09-28T14:00Z',
      zone: 'us-east-1b',
      kind: 'zone.blocked',
      actor: 'UBOB',
      details: { reason: 'BMC firmware hangs on reboot | vendor case #4711' },
    },
    {
      at: '2014-09-29T02:00Z',
      zone: 'us-east-1b',
      kind: 'zone.unblocked',
      actor: 'UBOB',
      details: { reason: 'BMC firmware hangs on reboot | vendor case #4711' },
    },
    {
      at: '2014-09-29T14:00Z',
      zone: 'eu-west-1a',
      kind: 'zone.added',
      actor: 'UBOB',
      details: { region: 'eu-west-1', hostsTotal: 500 },
    },
    { at: '2014-09-29T15:00Z', zone: 'eu-west-1a', kind: 'zone.notified', actor: 'UBOB', details: {} },
    { at: '2014-10-01T14:00Z', zone: 'us-east-1b', kind: 'zone.done', actor: 'UBOB', details: {} },
    { at: '2014-10-01T15:00Z', zone: 'eu-west-1a', kind: 'zone.started', actor: 'UBOB', details: {} },
    { at: '2014-10-01T19:00Z', zone: 'eu-west-1a', kind: 'zone.done', actor: 'UBOB', details: {} },
  ];
  const events: AuditEvent[] = raw.map((e, i) => ({ ...e, id: i + 1, campaignId: 'XSA-108', at: utc(e.at) }));
  return { campaign, zones, events };
}

/** The morning after the lift. */
export const AFTER_LIFT = utc('2014-10-02T00:00Z');

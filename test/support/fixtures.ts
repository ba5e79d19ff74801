import type { Campaign, Zone } from '../../src/domain/types.js';
import { utc } from './instants.js';

/**
 * XSA-108 as the security team would open it on 2014-09-24: lift 2014-10-01 12:00 UTC, no notice
 * rule, one zone per region at a time. Tests override what they are about.
 */
export function campaignFixture(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: 'XSA-108',
    title: 'Improper MSR range used for x2APIC emulation',
    cves: ['CVE-2014-7188'],
    liftAt: utc('2014-10-01T12:00Z'),
    alias: 'Scheduled host maintenance',
    warRoomChannel: 'C0WARROOM',
    noticeLeadMinutes: null,
    waveSize: 1,
    zoneMinutes: 120,
    createdBy: 'U0SEC',
    createdAt: utc('2014-09-24T00:00Z'),
    closedAt: null,
    ...overrides,
  };
}

/** A pending zone of XSA-108, its own region, host count unknown, nothing patched or scheduled. */
export function zoneFixture(name: string, overrides: Partial<Zone> = {}): Zone {
  return {
    campaignId: 'XSA-108',
    name,
    region: name,
    hostsTotal: null,
    hostsPatched: 0,
    windowStart: null,
    windowEnd: null,
    state: 'pending',
    blockedReason: null,
    startedAt: null,
    doneAt: null,
    owner: null,
    notifiedAt: null,
    ...overrides,
  };
}

import { describe, expect, it } from 'vitest';
import { findAliasLeak, reachabilityWarnings } from '../../src/domain/settings.js';
import { campaignFixture, zoneFixture } from '../support/fixtures.js';
import { utc } from '../support/instants.js';

const SECRETS = { id: 'XSA-108', cves: ['CVE-2014-7188'], title: 'Improper MSR range' };

describe('findAliasLeak (rule 2: compared after normalising case, punctuation and spaces)', () => {
  it.each([
    ['Scheduled host maintenance', null],
    ['XSA108 reboots', 'XSA-108'],
    ['xsa 108', 'XSA-108'],
    ['Fix for CVE 2014-7188', 'CVE-2014-7188'],
    ['improper msr-range work', 'Improper MSR range'],
    ['XSA-1080', 'XSA-108'],
  ])('%s → %s', (alias, leaked) => {
    expect(findAliasLeak(alias, SECRETS)).toBe(leaked);
  });
});

describe('reachabilityWarnings', () => {
  const NOW = utc('2014-10-01T00:00Z');
  it('none while the plan makes it, or after the lift', () => {
    const zones = [zoneFixture('a')];
    expect(reachabilityWarnings(campaignFixture(), zones, NOW)).toEqual([]);
    expect(reachabilityWarnings(campaignFixture(), zones, utc('2014-10-01T13:00Z'))).toEqual([]);
  });

  it('the wave rule: seven 2h zones in one region, one at a time, need 14h of the 12h left', () => {
    const zones = Array.from({ length: 7 }, (_, i) => zoneFixture(`z${i}`, { region: 'eu' }));
    const [warning] = reachabilityWarnings(campaignFixture(), zones, NOW);
    expect(warning).toMatch(
      /^On the current plan \(at most 1 zone per region at once\) the last zone finishes ~.*2014-10-01 14:00 UTC.*, 2h 0m after the lift\.$/,
    );
    expect(reachabilityWarnings(campaignFixture({ waveSize: 2 }), zones, NOW)).toEqual([]);
  });

  it('the notice rule with no zones yet: a lead longer than the time left', () => {
    const [warning] = reachabilityWarnings(campaignFixture({ noticeLeadMinutes: 48 * 60 }), [], NOW);
    expect(warning).toMatch(/^With 48h notice, customers told now allow a start at .*2014-10-03 00:00 UTC/);
    expect(reachabilityWarnings(campaignFixture({ noticeLeadMinutes: 6 * 60 }), [], NOW)).toEqual([]);
  });
});

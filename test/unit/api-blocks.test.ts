import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Zone } from '../../src/domain/types.js';
import { checkMessage } from '../../src/sandbox/conformance/block-kit.js';
import { getHostsBlocks, getTokenCreatedBlocks, HOSTS_SHOWN } from '../../src/slack/blocks/api-blocks.js';

const zone = (hostsTotal: number): Zone => ({
  campaignId: 'XSA-108',
  name: 'us-east-1a',
  region: 'us-east-1',
  hostsTotal,
  hostsPatched: 0,
  windowStart: null,
  windowEnd: null,
  state: 'in_progress',
  blockedReason: null,
  startedAt: DateTime.fromISO('2014-09-26T02:00:00Z', { zone: 'utc' }),
  doneAt: null,
  owner: null,
  notifiedAt: null,
});

describe('/xsa hosts', () => {
  it.each([
    { hosts: 3, length: 8 },
    { hosts: 50_000, length: 12 },
    { hosts: 5_000, length: 253 },
  ])(
    'lists the first names and counts the rest within Block Kit limits ($hosts hosts of $length characters)',
    ({ hosts, length }) => {
      const left = Array.from({ length: hosts }, (_, i) => `h${i}-`.padEnd(length, 'x').slice(0, length));
      const message = getHostsBlocks({ zone: zone(hosts), named: true, left });
      expect(checkMessage(message)).toEqual([]);
      const text = JSON.stringify(message.blocks);
      expect(text).toContain(
        `${hosts.toLocaleString('en-US')} hosts of ${hosts}`.replace(/^1 hosts/, '1 host'),
      );
      const shown = left.filter((h) => text.includes(`\`${h}\``)).length;
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThanOrEqual(HOSTS_SHOWN);
      if (shown < hosts) expect(text).toContain(`and ${(hosts - shown).toLocaleString('en-US')} more host`);
    },
  );
});

describe('the new token reply', () => {
  it('shows the token once, in a code block, with how to use and revoke it', () => {
    const campaign = { id: 'XSA-108' } as never;
    const message = getTokenCreatedBlocks(campaign, 'ansible', 'xsa_secret');
    expect(checkMessage(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('```xsa_secret```');
    // The notification text (shown in notifications and logs) does not carry it.
    expect(message.text).not.toContain('xsa_secret');
  });
});

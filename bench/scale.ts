import { DateTime } from 'luxon';
import { buildStatusView, type ListEntry } from '../src/campaigns/queries.js';
import { planSettingsOf, projectPlan } from '../src/domain/plan.js';
import { summarizeZones } from '../src/domain/progress.js';
import type { Campaign, Zone, ZoneState } from '../src/domain/types.js';
import { checkMessage, checkView } from '../src/sandbox/conformance/block-kit.js';
import { getHomeView } from '../src/slack/blocks/home-blocks.js';
import { getStatusBlocks } from '../src/slack/blocks/status-blocks.js';
import { ALICE, kib, ms, type Row, row, summary, WAR_ROOM, zoneNames } from './support.js';

/**
 * Scale (`--only scale`): the status message and the App Home rendered in this process for 10,
 * 1,000 and 10,000 synthetic zones, their size, their Block Kit conformance and how the time grows.
 */

function syntheticZones(n: number, campaignId: string, now: DateTime): Zone[] {
  const states: ZoneState[] = ['done', 'done', 'in_progress', 'pending', 'pending', 'blocked'];
  return zoneNames(n, `${campaignId.toLowerCase()}-dc-`).map((name, i) => {
    const state = states[i % states.length] as ZoneState;
    return {
      campaignId,
      name,
      region: `region-${i % 20}`,
      hostsTotal: 500,
      hostsPatched: state === 'done' ? 500 : state === 'in_progress' ? 120 : 0,
      windowStart: now.plus({ hours: i % 48 }),
      windowEnd: now.plus({ hours: (i % 48) + 4 }),
      state,
      blockedReason: state === 'blocked' ? 'BMC firmware hangs on reboot' : null,
      startedAt: state === 'pending' ? null : now.minus({ hours: 3 }),
      doneAt: state === 'done' ? now.minus({ hours: 1 }) : null,
      owner: 'UALICE',
      notifiedAt: now.minus({ days: 2 }),
    };
  });
}

function syntheticCampaign(id: string, now: DateTime): Campaign {
  return {
    id,
    title: 'Improper MSR range used for x2APIC emulation',
    cves: ['CVE-2014-7188'],
    liftAt: now.plus({ days: 2 }),
    alias: 'Scheduled host maintenance',
    warRoomChannel: WAR_ROOM,
    noticeLeadMinutes: 2880,
    waveSize: 1,
    zoneMinutes: 120,
    createdBy: ALICE,
    createdAt: now.minus({ days: 3 }),
    closedAt: null,
  };
}

function medianTime(work: () => unknown, iterations: number): number {
  const times: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return summary(times).p50;
}

export function scale(): Row[] {
  console.log('\nScale');
  const rows: Row[] = [];
  const now = DateTime.utc();
  const results: Array<{ n: number; status: number; home: number }> = [];
  for (const n of [10, 1_000, 10_000]) {
    const main = syntheticCampaign('XSA-108', now);
    const zones = syntheticZones(n, main.id, now);
    const renderStatus = () => getStatusBlocks(buildStatusView(main, zones, now, false, true));
    // App Home: the same zones spread over campaigns of at most 200 (10 → 1, 1,000 → 5, 10,000 → 50).
    const campaigns = Array.from({ length: Math.ceil(n / 200) }, (_, i) =>
      syntheticCampaign(`XSA-${1000 + i}`, now),
    );
    const perCampaign = campaigns.map((c, i) =>
      zones.slice(i * 200, (i + 1) * 200).map((z) => ({ ...z, campaignId: c.id })),
    );
    const renderHome = () => {
      const entries: ListEntry[] = campaigns.map((campaign, i) => {
        const own = perCampaign[i] as Zone[];
        return {
          campaign,
          totals: summarizeZones(own),
          projection: projectPlan(own, planSettingsOf(campaign), now),
          redacted: i % 2 === 1,
          blockedZones: own.filter((z) => z.state === 'blocked'),
        };
      });
      return getHomeView(entries, now);
    };
    const iterations = n >= 10_000 ? 20 : 100;
    const statusMs = medianTime(renderStatus, iterations);
    const homeMs = medianTime(renderHome, iterations);
    const status = renderStatus();
    const home = renderHome();
    const statusProblems = checkMessage(status);
    const homeProblems = checkView(home);
    results.push({ n, status: statusMs, home: homeMs });
    rows.push(
      row(
        'Scale (render, median)',
        `status message, ${n.toLocaleString('en-US')} zones`,
        `${ms(statusMs)}, ${kib(JSON.stringify(status).length)}, ${status.blocks.length} blocks`,
        '≤ 50 blocks, 3,000 chars a section',
        statusProblems.length === 0 ? 'within Block Kit limits' : statusProblems.join('; '),
      ),
    );
    rows.push(
      row(
        'Scale (render, median)',
        `App Home, ${n.toLocaleString('en-US')} zones in ${campaigns.length} campaign${campaigns.length === 1 ? '' : 's'}`,
        `${ms(homeMs)}, ${kib(JSON.stringify(home).length)}, ${home.blocks.length} blocks`,
        '≤ 100 blocks',
        homeProblems.length === 0 ? 'within Block Kit limits' : homeProblems.join('; '),
      ),
    );
  }
  const [small, , large] = results as [(typeof results)[0], unknown, (typeof results)[0]];
  const growth = (a: number, b: number) => (Math.log(b / a) / Math.log(large.n / small.n)).toFixed(2);
  rows.push(
    row(
      'Scale (render, median)',
      'growth from 10 to 10,000 zones (time ∝ zonesᵏ)',
      `status k = ${growth(small.status, large.status)}, Home k = ${growth(small.home, large.home)}`,
      'k = 1 is linear',
      `×${(large.status / small.status).toFixed(0)} and ×${(large.home / small.home).toFixed(0)} for ×1,000 zones`,
    ),
  );
  return rows;
}

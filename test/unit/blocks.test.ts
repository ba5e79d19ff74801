import type { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { buildStatusView, type ListEntry } from '../../src/campaigns/queries.js';
import { planSettingsOf, projectPlan } from '../../src/domain/plan.js';
import { summarizeZones } from '../../src/domain/progress.js';
import type { Campaign, Zone, ZoneState } from '../../src/domain/types.js';
import { checkBlocks, checkMessage, checkView } from '../../src/sandbox/conformance/block-kit.js';
import { getHomeView } from '../../src/slack/blocks/home-blocks.js';
import { packLines } from '../../src/slack/blocks/kit.js';
import { getBlockReasonModal, getNewCampaignModal } from '../../src/slack/blocks/modal-blocks.js';
import {
  getCountdownMessage,
  getDigestMessage,
  getReminderMessage,
} from '../../src/slack/blocks/reminder-blocks.js';
import { getHelpBlocks, getTimelineBlocks } from '../../src/slack/blocks/reply-blocks.js';
import { getStatusBlocks } from '../../src/slack/blocks/status-blocks.js';
import { decodeZoneValue, encodeZoneValue } from '../../src/slack/ids.js';
import { campaignFixture, zoneFixture } from '../support/fixtures.js';
import { utc } from '../support/instants.js';

const LIFT = utc('2014-10-01T12:00:00Z');
const NOW = utc('2014-09-29T12:50:00Z');

/** XSA-108 as ALICE opened it in the test war room on the morning of 2014-09-24. */
const campaign = (overrides: Partial<Campaign> = {}): Campaign =>
  campaignFixture({
    liftAt: LIFT,
    warRoomChannel: 'CWAR',
    createdBy: 'UALICE',
    createdAt: utc('2014-09-24T09:00:00Z'),
    ...overrides,
  });

const STATES: ZoneState[] = ['pending', 'in_progress', 'done', 'blocked'];
function zones(count: number, nameLength = 10): Zone[] {
  return Array.from({ length: count }, (_, i) => {
    const state = STATES[i % 4] as ZoneState;
    return zoneFixture(`z${String(i).padStart(nameLength - 1, '0')}`, {
      region: `r${i % 50}`,
      hostsTotal: 100,
      hostsPatched: state === 'done' ? 100 : 10,
      state,
      blockedReason: state === 'blocked' ? 'x'.repeat(500) : null,
      startedAt: state === 'pending' ? null : utc('2014-09-26T02:00:00Z'),
      doneAt: state === 'done' ? utc('2014-09-27T02:00:00Z') : null,
    });
  });
}

const status = (zs: Zone[], opts: { redacted?: boolean; inWarRoom?: boolean; now?: DateTime } = {}) =>
  getStatusBlocks(
    buildStatusView(campaign(), zs, opts.now ?? NOW, opts.redacted ?? false, opts.inWarRoom ?? true),
  );

describe('status message within Block Kit limits', () => {
  it.each([
    [0, 10],
    [3, 10],
    [10, 10],
    [1000, 10],
    [5000, 10],
    [5000, 80],
  ])('%i zones with %i-character names: ≤ 50 blocks, every limit kept', (count, nameLength) => {
    for (const view of [{ inWarRoom: true }, { inWarRoom: false }, { redacted: true, inWarRoom: false }]) {
      const message = status(zones(count, nameLength), view);
      expect(checkMessage(message)).toEqual([]);
    }
  });

  it('puts zones that need attention first and summarises the rest by state', () => {
    const message = status(zones(5000));
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(':no_entry:');
    // 1,250 blocked zones fill the message: no pending or done row is listed, they are counted.
    expect(text).not.toContain(':white_circle:');
    expect(text).not.toContain(':white_check_mark:');
    expect(text).toMatch(
      /…and [\d,]+ more zones: [\d,]+ blocked, 1,250 in progress, 1,250 pending, 1,250 done\./,
    );
    const few = JSON.stringify(status(zones(8)).blocks);
    expect(few.indexOf(':no_entry:')).toBeLessThan(few.indexOf(':arrows_counterclockwise:'));
    expect(few.indexOf(':arrows_counterclockwise:')).toBeLessThan(few.indexOf(':white_circle:'));
    expect(few.indexOf(':white_circle:')).toBeLessThan(few.indexOf(':white_check_mark: *'));
    expect(message.text).toBe(
      'XSA-108: Improper MSR range used for x2APIC emulation: in 1d 23h 10m, 1250/5000 zones done',
    );
  });

  it('shows the plan per region, critical region first, in one section even at 1,000 zones', () => {
    // 1,000 pending zones in 250 regions of 4, 80-character names, nothing blocked or done.
    const fleet = Array.from({ length: 1000 }, (_, i) =>
      zoneFixture(`${'z'.repeat(70)}${String(i).padStart(10, '0')}`, { region: `region-${i % 250}` }),
    );
    for (const view of [{ inWarRoom: true }, { redacted: true, inWarRoom: false }]) {
      const message = status(fleet, view);
      expect(checkMessage(message)).toEqual([]);
      const plan = message.blocks.find((b) => JSON.stringify(b).includes('*Plan*')) as
        | { text: { text: string } }
        | undefined;
      expect(plan?.text.text).toMatch(
        /^\*Plan\* \(zone times in UTC\):\n:dart: \*region-\d+\* \(critical\): done ~/,
      );
      expect(plan?.text.text).toMatch(/…and \d+ more regions\.$/);
    }
    // Each region: 4 zones of the default 2h one after another from now (12:50), done 20:50.
    const small = status(fleet.slice(0, 8).map((z) => ({ ...z, region: 'eu' })));
    const text = JSON.stringify(small.blocks);
    expect(text).toContain('09-29 12:50–14:50 → ');
    expect(text).toContain('→ 2 more');
    expect(text).toContain('done ~<!date^');
  });

  it('gives each movable zone its buttons, value `<ID>|<ZONE>`, and none to done zones', () => {
    const message = status(zones(4));
    const actions = message.blocks.filter((b) => b.type === 'actions') as Array<{
      elements: Array<{ action_id: string; value: string }>;
    }>;
    expect(actions.map((a) => a.elements.map((e) => e.action_id))).toEqual([
      ['zone_unblock'],
      ['zone_done', 'zone_block'],
      ['zone_start', 'zone_block'],
    ]);
    expect(actions[1]?.elements[0]?.value).toBe('XSA-108|z000000001');
  });

  it('redacted: no id, title, CVE or blocker reason, before the lift', () => {
    const zs = zones(8);
    zs[3] = { ...(zs[3] as Zone), blockedReason: 'XSA-108 microcode from vendor' };
    const text = JSON.stringify(status(zs, { redacted: true, inWarRoom: false }));
    expect(text).not.toMatch(/XSA-108|x2APIC|CVE-2014-7188|microcode/);
    expect(text).toContain('Scheduled host maintenance');
  });

  it('shows the lift as a Slack date token and in UTC, and the countdown', () => {
    const text = JSON.stringify(status(zones(2)).blocks);
    expect(text).toContain(
      '<!date^1412164800^{date_short_pretty} {time}|2014-10-01 12:00 UTC> (2014-10-01 12:00 UTC)',
    );
    expect(text).toContain('in 1d 23h 10m');
  });
});

describe('other surfaces within their limits', () => {
  it('App Home stays within 100 blocks with many campaigns, and says how many were left out', () => {
    const entries: ListEntry[] = Array.from({ length: 200 }, (_, i) => {
      const zs = zones(40);
      return {
        campaign: campaign({ id: `XSA-${i}`, title: 'T'.repeat(200) }),
        totals: summarizeZones(zs),
        projection: projectPlan(zs, planSettingsOf(campaign()), NOW),
        redacted: i % 2 === 0,
        blockedZones: zs.filter((z) => z.state === 'blocked'),
      };
    });
    const view = getHomeView(entries, NOW);
    expect(checkView(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('more campaigns');
  });

  it('timeline shows the latest events first when the trail is long, and pages back', () => {
    const events = Array.from({ length: 3000 }, (_, i) => ({
      id: i + 1,
      campaignId: 'XSA-108',
      zone: `z${i}`,
      kind: 'zone.progress',
      actor: 'UALICE',
      at: NOW.plus({ minutes: i }),
      details: { from: i, to: i + 1 },
    }));
    const message = getTimelineBlocks({
      campaign: campaign(),
      events,
      exposure: { afterLift: false, zones: [], openZones: 0, totalHostHours: 0, zonesWithoutHostCount: 0 },
      zoneCount: 3000,
      now: NOW,
    });
    expect(checkMessage(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('z2999');
    expect(text).not.toContain('*z0*');
    expect(text).toMatch(/Page 1 of \d+/);
    expect(text).toContain('`/xsa timeline XSA-108 page 2`');
  });

  it('help and the modals fit', () => {
    expect(checkMessage(getHelpBlocks())).toEqual([]);
    const block = getBlockReasonModal({
      campaignId: 'XSA-108',
      zone: 'z'.repeat(80),
      channelId: 'CWAR',
      responseUrl: 'https://hooks.slack.com/x',
    });
    expect(checkView(block)).toEqual([]);
    expect((block.private_metadata ?? '').length).toBeLessThanOrEqual(3000);
    const form = getNewCampaignModal({ channelId: 'CWAR' }, 'Asia/Kathmandu');
    expect(JSON.stringify(form)).toContain('Asia/Kathmandu');
    expect(checkView(form)).toEqual([]);
  });
});

describe('the longest names a campaign may have', () => {
  // A 40-character id and the 200-character title `/xsa new` allows: headers are cut at 150.
  const longest = campaign({ id: `XSA-${'9'.repeat(36)}`, title: 'T'.repeat(200) });
  const view = buildStatusView(longest, zones(12, 80), NOW, false, true);

  it.each([
    ['status', () => getStatusBlocks(view)],
    ['live countdown', () => getCountdownMessage(view)],
    ['digest', () => getDigestMessage(view)],
    [
      'timeline',
      () =>
        getTimelineBlocks({
          campaign: longest,
          events: [],
          exposure: {
            afterLift: false,
            zones: [],
            openZones: 0,
            totalHostHours: 0,
            zonesWithoutHostCount: 0,
          },
          zoneCount: 0,
          now: NOW,
        }),
    ],
  ])('%s is valid Block Kit', (_name, build) => {
    expect(checkMessage(build())).toEqual([]);
  });
});

describe('kit helpers', () => {
  it('packLines never makes a section over 3,000 characters and counts what did not fit', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(1000, '.'));
    const packed = packLines(lines, 10);
    expect(packed.blocks).toHaveLength(10);
    expect(packed.omitted).toBe(100 - 20);
    expect(checkBlocks(packed.blocks, 'message')).toEqual([]);
  });

  it('button values round-trip and forged ones are refused', () => {
    expect(decodeZoneValue(encodeZoneValue('XSA-108', 'us-east-1a'))).toEqual({
      campaignId: 'XSA-108',
      zone: 'us-east-1a',
    });
    for (const forged of [
      '',
      'XSA-108',
      'XSA-108|a|b',
      '|zone',
      'XSA 108|z',
      `XSA-108|${'z'.repeat(300)}`,
      42,
      null,
    ]) {
      expect(decodeZoneValue(forged)).toBeNull();
    }
  });
});

describe('wording', () => {
  it('a checkpoint posted on time counts down from its own time: T-12h 26m … in 12h 26m', () => {
    const dueAt = LIFT.minus({ minutes: 746 });
    const view = buildStatusView(campaign(), zones(2), dueAt.plus({ seconds: 40 }), false, false);
    const message = getReminderMessage(view, { id: 'T-746', kind: 'checkpoint', dueAt, offset: 746 }, null);
    expect(message.text).toMatch(/^:alarm_clock: T-12h 26m: .*, in 12h 26m$/);
  });

  it('says a campaign without zones has no known exposure, not that every zone was done', () => {
    const text = JSON.stringify(status([], { now: LIFT.plus({ hours: 1 }) }).blocks);
    expect(text).toContain('*Exposure:* none known: this campaign has no zones.');
  });

  it('a shared status does not tell the channel how to share it; times beside it are in both forms', () => {
    const view = { ...buildStatusView(campaign(), zones(3), NOW, false, false), shared: true };
    const text = JSON.stringify(getStatusBlocks(view).blocks);
    expect(text).not.toContain('/xsa status share');
    expect(text).toContain('As of <!date^');
    expect(JSON.stringify(status(zones(3)).blocks)).toContain(
      '`/xsa status share` in the war room posts this there',
    );
  });
});

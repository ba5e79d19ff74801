import type { DateTime } from 'luxon';
import type { StatusView } from '../campaigns/queries.js';
import type { Plan } from '../domain/plan.js';
import type { Exposure } from '../domain/progress.js';
import type { Zone } from '../domain/types.js';
import type { CampaignBodyJson, ZoneBodyJson } from './schemas.js';

const iso = (instant: DateTime | null) => (instant ? (instant.toUTC().toISO() as string) : null);

/** Rule 6 as JSON: the verdict, the projected finish, and each region's plan (critical first). */
function toProjectionJson(plan: Plan): CampaignBodyJson['projection'] {
  const v = plan.verdict;
  const finish = v.kind === 'complete' ? v.finishedAt : v.kind === 'no_zones' ? null : v.finishAt;
  return {
    verdict: v.kind,
    finish_at: iso(finish),
    margin_minutes:
      'marginMinutes' in v
        ? Math.round(v.marginMinutes)
        : v.kind === 'late'
          ? -Math.round(v.lateMinutes)
          : null,
    blocked_on: v.kind === 'blocked' ? v.blocked : [],
    held_by:
      v.kind === 'unreachable'
        ? { rule: v.rule, zones: v.zones, earliest_start: iso(v.earliestStart) }
        : null,
    critical_region: plan.regions[0]?.region ?? null,
    regions: plan.regions.map((region) => ({
      region: region.region,
      finish_at: iso(region.finish),
      zones: region.zones.map((z) => ({ name: z.zone, start: iso(z.start), finish: iso(z.finish) })),
    })),
  };
}

export function toZoneJson(zone: Zone, namedHosts: boolean, exposure: Exposure | null): ZoneBodyJson {
  const exposed = exposure?.zones.find((z) => z.zone === zone.name);
  return {
    name: zone.name,
    region: zone.region,
    state: zone.state,
    hosts_total: zone.hostsTotal,
    hosts_patched: zone.hostsPatched,
    named_hosts: namedHosts,
    window:
      zone.windowStart && zone.windowEnd
        ? { start: iso(zone.windowStart) as string, end: iso(zone.windowEnd) as string }
        : null,
    owner: zone.owner,
    notified_at: iso(zone.notifiedAt),
    started_at: iso(zone.startedAt),
    done_at: iso(zone.doneAt),
    blocked_reason: zone.blockedReason,
    exposure_seconds: exposed ? Math.round(exposed.minutes * 60) : null,
  };
}

export function toCampaignJson(
  view: StatusView,
  namedHosts: (zone: Zone) => boolean,
  deploymentRestriction: string | null,
): CampaignBodyJson {
  const { campaign, totals } = view;
  return {
    id: campaign.id,
    title: campaign.title,
    cves: campaign.cves,
    lift: iso(campaign.liftAt) as string,
    alias: campaign.alias,
    phase: campaign.closedAt ? 'closed' : view.now < campaign.liftAt ? 'before_lift' : 'after_lift',
    deployment_restriction: deploymentRestriction,
    totals: {
      zones: totals.zones,
      by_state: totals.byState,
      hosts_patched: totals.hostsPatched,
      hosts_total: totals.hostsTotal,
    },
    projection: toProjectionJson(view.projection),
    zones: view.zones.map((zone) => toZoneJson(zone, namedHosts(zone), view.exposure)),
  };
}

import type { StatusView } from '../campaigns/queries.js';
import { isoUtc, toProjectionJson } from '../domain/plan-json.js';
import type { Exposure } from '../domain/progress.js';
import type { Zone } from '../domain/types.js';
import type { CampaignBodyJson, ZoneBodyJson } from './schemas.js';

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
        ? { start: isoUtc(zone.windowStart) as string, end: isoUtc(zone.windowEnd) as string }
        : null,
    owner: zone.owner,
    notified_at: isoUtc(zone.notifiedAt),
    started_at: isoUtc(zone.startedAt),
    done_at: isoUtc(zone.doneAt),
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
    lift: isoUtc(campaign.liftAt) as string,
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

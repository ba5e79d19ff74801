import type { DateTime } from 'luxon';
import type { StatusView } from '../campaigns/queries.js';
import type { Exposure } from '../domain/progress.js';
import type { Zone } from '../domain/types.js';
import type { CampaignBodyJson, ZoneBodyJson } from './schemas.js';

const iso = (instant: DateTime | null) => (instant ? (instant.toUTC().toISO() as string) : null);

/** Luxon instants inside a value (the projection) as ISO 8601 UTC text, for JSON. */
function withIsoInstants(value: unknown): unknown {
  if (value && typeof value === 'object' && 'toUTC' in value && 'isValid' in value) {
    return iso(value as DateTime);
  }
  if (Array.isArray(value)) return value.map(withIsoInstants);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withIsoInstants(v)]));
  }
  return value;
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
    projection: withIsoInstants(view.projection) as CampaignBodyJson['projection'],
    zones: view.zones.map((zone) => toZoneJson(zone, namedHosts(zone), view.exposure)),
  };
}

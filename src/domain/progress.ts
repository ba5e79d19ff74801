import type { DateTime } from 'luxon';
import type { Zone, ZoneState } from './types.js';

export interface Totals {
  zones: number;
  byState: Record<ZoneState, number>;
  /** Hosts patched, counting a done zone as fully patched. */
  hostsPatched: number;
  /** Sum of the known host counts. */
  hostsTotal: number;
  /** True when every zone has a host count, so host figures describe the whole fleet. */
  hostsKnown: boolean;
}

/** Hosts patched in a zone; a zone marked done counts all its hosts. */
export function patchedHosts(zone: Zone): number {
  return zone.state === 'done' && zone.hostsTotal !== null ? zone.hostsTotal : zone.hostsPatched;
}

/** Counts zones by state and adds up hosts. */
export function summarizeZones(zones: readonly Zone[]): Totals {
  const byState: Record<ZoneState, number> = { pending: 0, in_progress: 0, done: 0, blocked: 0 };
  let hostsPatched = 0;
  let hostsTotal = 0;
  for (const zone of zones) {
    byState[zone.state] += 1;
    hostsPatched += patchedHosts(zone);
    hostsTotal += zone.hostsTotal ?? 0;
  }
  return {
    zones: zones.length,
    byState,
    hostsPatched,
    hostsTotal,
    hostsKnown: zones.length > 0 && zones.every((z) => z.hostsTotal !== null),
  };
}

const minutesBetween = (from: DateTime, to: DateTime) => to.diff(from, 'minutes').minutes;

export interface ZoneExposure {
  zone: string;
  /** Minutes from the lift until the zone was done (or until now while it is not). */
  minutes: number;
  open: boolean;
  /** Started only after the advisory was public. */
  lateStart: boolean;
  /** Hosts × hours exposed; null when the zone has no host count. */
  hostHours: number | null;
}

export interface Exposure {
  afterLift: boolean;
  zones: ZoneExposure[];
  /** Zones still exposed now. */
  openZones: number;
  totalHostHours: number;
  /** Exposed zones whose host count is unknown, so missing from totalHostHours. */
  zonesWithoutHostCount: number;
}

/** Rule 7: after the lift, every zone not done by then is exposed from the lift until it is done. */
export function computeExposure(zones: readonly Zone[], liftAt: DateTime, now: DateTime): Exposure {
  if (now < liftAt) {
    return { afterLift: false, zones: [], openZones: 0, totalHostHours: 0, zonesWithoutHostCount: 0 };
  }
  const exposed: ZoneExposure[] = [];
  for (const zone of zones) {
    if (zone.doneAt && zone.doneAt <= liftAt) continue;
    const end = zone.doneAt ?? now;
    const minutes = Math.max(minutesBetween(liftAt, end), 0);
    exposed.push({
      zone: zone.name,
      minutes,
      open: zone.state !== 'done',
      lateStart: zone.startedAt !== null && zone.startedAt > liftAt,
      hostHours: zone.hostsTotal === null ? null : (zone.hostsTotal * minutes) / 60,
    });
  }
  return {
    afterLift: true,
    zones: exposed,
    openZones: exposed.filter((z) => z.open).length,
    totalHostHours: exposed.reduce((sum, z) => sum + (z.hostHours ?? 0), 0),
    zonesWithoutHostCount: exposed.filter((z) => z.hostHours === null).length,
  };
}

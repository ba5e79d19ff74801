import { DateTime } from 'luxon';
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

export type PaceUnit = 'hosts' | 'zones';
export type Verdict = 'on_track' | 'at_risk' | 'late';

export type Projection =
  | { kind: 'no_zones' }
  | { kind: 'complete'; finishedAt: DateTime; marginMinutes: number }
  | { kind: 'not_started'; verdict: Verdict; unit: PaceUnit; remaining: number; neededPerHour: number | null }
  | { kind: 'no_pace'; verdict: Verdict; unit: PaceUnit; remaining: number; since: DateTime }
  | {
      kind: 'projected';
      verdict: Verdict;
      unit: PaceUnit;
      remaining: number;
      pacePerHour: number;
      finishAt: DateTime;
      /** Lift minus projected finish: positive is slack, negative is how late. */
      marginMinutes: number;
    };

/**
 * A finish whose slack is under this share of the time left to the lift is "at risk": one slow
 * zone or one blocker would eat it.
 */
export const AT_RISK_SLACK_SHARE = 0.25;

const minutesBetween = (from: DateTime, to: DateTime) => to.diff(from, 'minutes').minutes;

function judge(marginMinutes: number, minutesToLift: number): Verdict {
  if (marginMinutes < 0) return 'late';
  return marginMinutes < AT_RISK_SLACK_SHARE * Math.max(minutesToLift, 0) ? 'at_risk' : 'on_track';
}

/**
 * Rule 6: from the pace observed since the first zone started (hosts per hour when every zone has a
 * host count, zones per hour otherwise), projects the finish and compares it with the lift.
 */
export function projectCompletion(zones: readonly Zone[], liftAt: DateTime, now: DateTime): Projection {
  if (zones.length === 0) return { kind: 'no_zones' };
  const totals = summarizeZones(zones);
  if (totals.byState.done === zones.length) {
    const finishedAt = zones.reduce<DateTime>(
      (latest, z) => (z.doneAt && z.doneAt > latest ? z.doneAt : latest),
      zones[0]?.doneAt ?? now,
    );
    return { kind: 'complete', finishedAt, marginMinutes: minutesBetween(finishedAt, liftAt) };
  }
  const unit: PaceUnit = totals.hostsKnown ? 'hosts' : 'zones';
  const completed = unit === 'hosts' ? totals.hostsPatched : totals.byState.done;
  const remaining = (unit === 'hosts' ? totals.hostsTotal : totals.zones) - completed;
  const minutesToLift = minutesBetween(now, liftAt);

  const starts = zones.flatMap((z) => (z.startedAt ? [z.startedAt] : []));
  if (starts.length === 0) {
    const hoursLeft = minutesToLift / 60;
    return {
      kind: 'not_started',
      verdict: hoursLeft > 0 ? 'on_track' : 'late',
      unit,
      remaining,
      neededPerHour: hoursLeft > 0 ? remaining / hoursLeft : null,
    };
  }
  const firstStart = DateTime.min(...starts) as DateTime;
  // At least a minute, so a start a second ago does not yield an absurd pace.
  const hoursElapsed = Math.max(minutesBetween(firstStart, now), 1) / 60;
  const pacePerHour = completed / hoursElapsed;
  if (pacePerHour === 0) {
    return {
      kind: 'no_pace',
      verdict: minutesToLift > 0 ? 'at_risk' : 'late',
      unit,
      remaining,
      since: firstStart,
    };
  }
  const finishAt = now.plus({ minutes: (remaining / pacePerHour) * 60 });
  const marginMinutes = minutesBetween(finishAt, liftAt);
  return {
    kind: 'projected',
    verdict: judge(marginMinutes, minutesToLift),
    unit,
    remaining,
    pacePerHour,
    finishAt,
    marginMinutes,
  };
}

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

import { DateTime } from 'luxon';
import type { Campaign, Zone, ZoneState } from './types.js';

/** What the projection needs of the campaign (rules 4, 5 and 6). */
export interface PlanSettings {
  liftAt: DateTime;
  /** At most this many zones of one region in progress at once (rule 4). */
  waveSize: number;
  /** Customers must have been notified this long before their zone starts (rule 5); null = no rule. */
  noticeLeadMinutes: number | null;
  /** A zone's duration when nothing better is known: no zone done yet and no planned window. */
  defaultZoneMinutes: number;
}

/** The campaign's settings the projection reads. */
export function planSettingsOf(campaign: Campaign): PlanSettings {
  return {
    liftAt: campaign.liftAt,
    waveSize: campaign.waveSize,
    noticeLeadMinutes: campaign.noticeLeadMinutes,
    defaultZoneMinutes: campaign.zoneMinutes,
  };
}

/** Where a zone's projected duration came from. */
export type DurationBasis = 'own_pace' | 'observed_hosts' | 'observed' | 'window' | 'default';

/** What held a zone's projected start back beyond "now". */
export type StartConstraint = 'notice' | 'not_notified' | 'window' | 'wave' | null;

export interface ZonePlan {
  zone: string;
  region: string;
  state: ZoneState;
  /** Projected (or actual) start; null when a blocker holds the region's only slots. */
  start: DateTime | null;
  /** Projected (or actual) finish; null for a blocked zone, and for one that cannot get a slot. */
  finish: DateTime | null;
  basis: DurationBasis | null;
  constraint: StartConstraint;
  /** A pending zone's earliest start its notice (rule 5) and window allow; null otherwise. */
  notBefore: DateTime | null;
}

export interface RegionPlan {
  region: string;
  /** The region's zones not yet done, in projected order. */
  zones: ZonePlan[];
  /** When the region's last zone finishes; null while a blocker leaves it unfinished. */
  finish: DateTime | null;
  blocked: string[];
}

export type PlanVerdict =
  | { kind: 'no_zones' }
  | { kind: 'complete'; finishedAt: DateTime; marginMinutes: number }
  | { kind: 'blocked'; blocked: string[]; finishAt: DateTime | null }
  | {
      kind: 'unreachable';
      /** Zones that may not start before the lift, and the rule that holds them: notice or window. */
      zones: string[];
      rule: 'notice' | 'window';
      earliestStart: DateTime;
      finishAt: DateTime;
    }
  | { kind: 'late'; finishAt: DateTime; lateMinutes: number }
  | { kind: 'too_early'; finishAt: DateTime; marginMinutes: number }
  | { kind: 'at_risk'; finishAt: DateTime; marginMinutes: number }
  | { kind: 'on_track'; finishAt: DateTime; marginMinutes: number };

export interface Plan {
  verdict: PlanVerdict;
  /** Regions with work left, the critical one first (blocked, then latest finish). */
  regions: RegionPlan[];
  zones: ZonePlan[];
  /** Zones done so far whose start and finish were recorded: the observations durations come from. */
  observations: number;
  /** Zones whose customers are not notified while a notice rule applies. */
  notNotified: string[];
  settings: PlanSettings;
}

/**
 * A finish is "at risk" when its margin before the lift is under an hour, or under a tenth of the
 * time left to the lift, whichever is larger: one slow zone could eat it.
 */
export const AT_RISK_MIN_MARGIN_MINUTES = 60;
export const AT_RISK_SHARE = 0.1;

const minutesBetween = (from: DateTime, to: DateTime) => to.diff(from, 'minutes').minutes;
const later = (a: DateTime, b: DateTime) => (a > b ? a : b);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Estimator {
  minutesPerZone: number | null;
  minutesPerHost: number | null;
  observations: number;
}

function observe(zones: readonly Zone[]): Estimator {
  const done = zones.filter(
    (z): z is Zone & { startedAt: DateTime; doneAt: DateTime } =>
      z.state === 'done' && z.startedAt !== null && z.doneAt !== null && z.doneAt >= z.startedAt,
  );
  const minutes = done.map((z) => minutesBetween(z.startedAt, z.doneAt));
  const perHost = done
    .filter((z) => z.hostsTotal !== null && z.hostsTotal > 0)
    .map((z) => minutesBetween(z.startedAt, z.doneAt) / (z.hostsTotal as number));
  return { minutesPerZone: median(minutes), minutesPerHost: median(perHost), observations: done.length };
}

/** Rule 6: done zones (by hosts where counts are known), else the planned window, else the default. */
function estimate(
  zone: Zone,
  observed: Estimator,
  settings: PlanSettings,
): { minutes: number; basis: DurationBasis } {
  if (observed.minutesPerHost !== null && zone.hostsTotal !== null && zone.hostsTotal > 0) {
    return { minutes: observed.minutesPerHost * zone.hostsTotal, basis: 'observed_hosts' };
  }
  if (observed.minutesPerZone !== null) return { minutes: observed.minutesPerZone, basis: 'observed' };
  if (zone.windowStart && zone.windowEnd) {
    return { minutes: minutesBetween(zone.windowStart, zone.windowEnd), basis: 'window' };
  }
  return { minutes: settings.defaultZoneMinutes, basis: 'default' };
}

/** The earliest a pending zone may start: now, its customers' notice (rule 5), its planned window. */
function earliestStart(
  zone: Zone,
  settings: PlanSettings,
  now: DateTime,
): { at: DateTime; constraint: StartConstraint } {
  let at = now;
  let constraint: StartConstraint = null;
  if (settings.noticeLeadMinutes !== null) {
    // Not notified yet: at best they are told right now.
    const notified = zone.notifiedAt ?? now;
    const allowed = notified.plus({ minutes: settings.noticeLeadMinutes });
    if (allowed > at || zone.notifiedAt === null) {
      at = later(at, allowed);
      constraint = zone.notifiedAt === null ? 'not_notified' : 'notice';
    }
  }
  if (zone.windowStart && zone.windowStart > at) {
    at = zone.windowStart;
    constraint = 'window';
  }
  return { at, constraint };
}

/**
 * Rule 6: simulates the rest of the campaign as a schedule. Per region, at most `waveSize` zones
 * run at once; a zone in progress keeps its slot until its projected finish, a zone blocked part-way
 * keeps it until unblocked (as rule 4 enforces), so zones behind it get no start. Pending zones take
 * the slot that frees first, in the order they may start (then the order they were added).
 * In-progress zones finish at start + duration, or, when hosts were reported, when the hosts left
 * are done at the zone's own pace so far; never before now.
 */
export function projectPlan(zones: readonly Zone[], settings: PlanSettings, now: DateTime): Plan {
  const observed = observe(zones);
  const plans: ZonePlan[] = [];
  const regions = new Map<string, Zone[]>();
  for (const zone of zones) {
    if (zone.state === 'done') continue;
    const region = regions.get(zone.region);
    if (region) region.push(zone);
    else regions.set(zone.region, [zone]);
  }
  const notNotified =
    settings.noticeLeadMinutes === null
      ? []
      : zones.filter((z) => z.state === 'pending' && z.notifiedAt === null).map((z) => z.name);
  const regionPlans: RegionPlan[] = [];
  for (const [region, regionZones] of regions) {
    // Each slot is free from this instant on; null = held by a zone blocked part-way.
    const slots: (DateTime | null)[] = [];
    const regionPlan: ZonePlan[] = [];
    const blocked: string[] = [];
    for (const zone of regionZones) {
      if (zone.state === 'blocked') {
        blocked.push(zone.name);
        if (zone.startedAt) slots.push(null);
        regionPlan.push({
          ...base(zone),
          start: zone.startedAt,
          finish: null,
          basis: null,
          constraint: null,
          notBefore: null,
        });
      } else if (zone.state === 'in_progress') {
        const started = zone.startedAt ?? now;
        const ownPace =
          zone.hostsTotal !== null && zone.hostsTotal > 0 && zone.hostsPatched > 0 && started < now;
        // Hosts reported: the rest at the zone's own pace so far. Otherwise start + duration.
        const { minutes, basis } = ownPace
          ? {
              minutes:
                (minutesBetween(started, now) * ((zone.hostsTotal as number) - zone.hostsPatched)) /
                zone.hostsPatched,
              basis: 'own_pace' as const,
            }
          : estimate(zone, observed, settings);
        const finish = later(ownPace ? now.plus({ minutes }) : started.plus({ minutes }), now);
        slots.push(finish);
        regionPlan.push({ ...base(zone), start: started, finish, basis, constraint: null, notBefore: null });
      }
    }
    while (slots.length < settings.waveSize) slots.push(now);
    const pending = regionZones
      .map((zone, position) => ({ zone, position, earliest: earliestStart(zone, settings, now) }))
      .filter((p) => p.zone.state === 'pending')
      .sort((a, b) => a.earliest.at.toMillis() - b.earliest.at.toMillis() || a.position - b.position);
    for (const { zone, earliest } of pending) {
      const free = slots
        .map((at, index) => ({ at, index }))
        .filter((s): s is { at: DateTime; index: number } => s.at !== null)
        .sort((a, b) => a.at.toMillis() - b.at.toMillis())[0];
      if (!free) {
        regionPlan.push({
          ...base(zone),
          start: null,
          finish: null,
          basis: null,
          constraint: 'wave',
          notBefore: earliest.at,
        });
        continue;
      }
      const start = later(free.at, earliest.at);
      const { minutes, basis } = estimate(zone, observed, settings);
      const finish = start.plus({ minutes });
      slots[free.index] = finish;
      const constraint = free.at > earliest.at && free.at > now ? 'wave' : earliest.constraint;
      regionPlan.push({ ...base(zone), start, finish, basis, constraint, notBefore: earliest.at });
    }
    const unfinished = regionPlan.some((p) => p.finish === null);
    const finish = unfinished
      ? null
      : regionPlan.reduce<DateTime | null>((l, p) => (p.finish && (!l || p.finish > l) ? p.finish : l), null);
    plans.push(...regionPlan);
    regionPlans.push({ region, zones: regionPlan, finish, blocked });
  }
  regionPlans.sort((a, b) => criticality(b) - criticality(a));
  return {
    verdict: judge(zones, plans, settings, now, observed),
    regions: regionPlans,
    zones: plans,
    observations: observed.observations,
    notNotified,
    settings,
  };
}

const base = (zone: Zone) => ({ zone: zone.name, region: zone.region, state: zone.state });

/** Blocked regions first, then the region that finishes last. */
function criticality(region: RegionPlan): number {
  if (region.blocked.length > 0 || region.finish === null) return Number.POSITIVE_INFINITY;
  return region.finish.toMillis();
}

function judge(
  zones: readonly Zone[],
  plans: ZonePlan[],
  settings: PlanSettings,
  now: DateTime,
  observed: Estimator,
): PlanVerdict {
  if (zones.length === 0) return { kind: 'no_zones' };
  const finishes = plans.flatMap((p) => (p.finish ? [p.finish] : []));
  const finishAt = finishes.length > 0 ? finishes.reduce(later) : null;
  if (plans.length === 0) {
    const finishedAt = zones.reduce<DateTime>(
      (l, z) => (z.doneAt && z.doneAt > l ? z.doneAt : l),
      zones[0]?.doneAt ?? now,
    );
    return { kind: 'complete', finishedAt, marginMinutes: minutesBetween(finishedAt, settings.liftAt) };
  }
  const blocked = plans.filter((p) => p.state === 'blocked').map((p) => p.zone);
  if (blocked.length > 0 || finishAt === null) return { kind: 'blocked', blocked, finishAt };
  // The notice rule or a window alone puts a start at or after the lift: no pace can make it.
  const tooLate = plans.filter((p) => p.notBefore !== null && p.notBefore >= settings.liftAt);
  if (tooLate.length > 0) {
    const earliestStart = DateTime.min(...tooLate.map((p) => p.notBefore as DateTime)) as DateTime;
    const byWindow = new Set(
      zones.filter((z) => z.windowStart && z.windowStart >= settings.liftAt).map((z) => z.name),
    );
    return {
      kind: 'unreachable',
      zones: tooLate.map((p) => p.zone),
      rule: tooLate.every((p) => byWindow.has(p.zone)) ? 'window' : 'notice',
      earliestStart,
      finishAt,
    };
  }
  const marginMinutes = minutesBetween(finishAt, settings.liftAt);
  if (marginMinutes < 0) return { kind: 'late', finishAt, lateMinutes: -marginMinutes };
  // Rule 6: until one zone of this campaign is done, a plan resting on the default duration is a guess.
  if (observed.observations === 0 && plans.some((p) => p.basis === 'default')) {
    return { kind: 'too_early', finishAt, marginMinutes };
  }
  const atRiskBelow = Math.max(
    AT_RISK_MIN_MARGIN_MINUTES,
    AT_RISK_SHARE * Math.max(minutesBetween(now, settings.liftAt), 0),
  );
  return marginMinutes < atRiskBelow
    ? { kind: 'at_risk', finishAt, marginMinutes }
    : { kind: 'on_track', finishAt, marginMinutes };
}

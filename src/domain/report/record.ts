import type { DateTime } from 'luxon';
import { computeExposure, type Exposure, type ZoneExposure } from '../progress.js';
import type { AuditEvent, Campaign, Zone } from '../types.js';

/** A campaign as stored: the campaign, its zones and its whole audit trail (oldest event first). */
export interface CampaignRecord {
  campaign: Campaign;
  zones: readonly Zone[];
  events: readonly AuditEvent[];
  /** Names of the people behind the user ids in the record, where known; the files show ids otherwise. */
  people?: ReadonlyMap<string, string>;
}

/** Every person the record names: actors, creator and owners (to look up their names). */
export function peopleIn(record: CampaignRecord): string[] {
  const ids = new Set<string>([record.campaign.createdBy]);
  for (const e of record.events) ids.add(e.actor);
  for (const z of record.zones) if (z.owner) ids.add(z.owner);
  return [...ids];
}

/** One report file, ready to upload or to serve over HTTP. */
export interface ReportFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** A time a zone spent blocked: from the block until the unblock (null while it still is). */
export interface BlockedSpan {
  zone: string;
  reason: string;
  actor: string;
  from: DateTime;
  to: DateTime | null;
}

const minutesBetween = (from: DateTime, to: DateTime) => to.diff(from, 'minutes').minutes;

/**
 * Every blocked span, from the `zone.blocked` / `zone.unblocked` events. A second block of a blocked
 * zone (a new reason) ends the first span and starts another.
 */
export function collectBlockedSpans(events: readonly AuditEvent[]): BlockedSpan[] {
  const spans: BlockedSpan[] = [];
  const open = new Map<string, BlockedSpan>();
  for (const event of events) {
    if (event.zone === null) continue;
    if (event.kind === 'zone.blocked' || event.kind === 'zone.unblocked' || event.kind === 'zone.done') {
      const current = open.get(event.zone);
      if (current) {
        current.to = event.at;
        open.delete(event.zone);
      }
    }
    if (event.kind === 'zone.blocked') {
      const span: BlockedSpan = {
        zone: event.zone,
        reason: String(event.details.reason ?? ''),
        actor: event.actor,
        from: event.at,
        to: null,
      };
      spans.push(span);
      open.set(event.zone, span);
    }
  }
  return spans;
}

/** Minutes a span lasted, or has lasted until `now` while it is open. */
export function spanMinutes(span: BlockedSpan, now: DateTime): number {
  return Math.max(minutesBetween(span.from, span.to ?? now), 0);
}

/** What the report says of one zone: the stored zone and what follows from it and the trail. */
export interface ZoneFacts {
  zone: Zone;
  /** Minutes between customers being notified and the zone starting; null if either is missing. */
  noticeLeadMinutes: number | null;
  /** Started after the advisory was public (rule 7). */
  lateStart: boolean;
  /** Null when the zone was done by the lift, or before the lift. */
  exposure: ZoneExposure | null;
  blockedMinutes: number;
}

export interface RecordFacts {
  /** `now`, or the lift when that came first: the report's view of "at the lift". */
  liftSeen: boolean;
  exposure: Exposure;
  zones: ZoneFacts[];
  blockedSpans: BlockedSpan[];
}

/** Rule 7 and the blockers, per zone, as seen at `now`. */
export function collectFacts(record: CampaignRecord, now: DateTime): RecordFacts {
  const { campaign, zones, events } = record;
  const exposure = computeExposure(zones, campaign.liftAt, now);
  const blockedSpans = collectBlockedSpans(events);
  return {
    liftSeen: now >= campaign.liftAt,
    exposure,
    blockedSpans,
    zones: zones.map((zone) => ({
      zone,
      noticeLeadMinutes:
        zone.notifiedAt && zone.startedAt ? minutesBetween(zone.notifiedAt, zone.startedAt) : null,
      lateStart: zone.startedAt !== null && zone.startedAt > campaign.liftAt,
      exposure: exposure.zones.find((z) => z.zone === zone.name) ?? null,
      blockedMinutes: blockedSpans
        .filter((s) => s.zone === zone.name)
        .reduce((sum, s) => sum + spanMinutes(s, now), 0),
    })),
  };
}

/**
 * The zones as they stood at `instant`, rebuilt from the stored zones and the audit trail: a zone
 * added later is left out; starts, completions, blocks and hosts patched after it are undone.
 */
export function zonesAt(record: CampaignRecord, instant: DateTime): Zone[] {
  const spans = collectBlockedSpans(record.events);
  const added = new Map<string, DateTime>();
  const patched = new Map<string, number>();
  for (const event of record.events) {
    if (event.zone === null || event.at > instant) continue;
    if (event.kind === 'zone.added' && !added.has(event.zone)) added.set(event.zone, event.at);
    if (event.kind === 'zone.progress' && typeof event.details.to === 'number')
      patched.set(event.zone, event.details.to);
  }
  const addedLater = new Set(
    record.events
      .filter((e) => e.kind === 'zone.added' && e.zone !== null && e.at > instant && !added.has(e.zone))
      .map((e) => e.zone as string),
  );
  return record.zones
    .filter((zone) => !addedLater.has(zone.name))
    .map((zone): Zone => {
      const done = zone.doneAt !== null && zone.doneAt <= instant;
      const started = zone.startedAt !== null && zone.startedAt <= instant;
      const blocker = spans.find(
        (s) => s.zone === zone.name && s.from <= instant && (s.to === null || s.to > instant),
      );
      const state = done ? 'done' : blocker ? 'blocked' : started ? 'in_progress' : 'pending';
      return {
        ...zone,
        state,
        blockedReason: blocker?.reason ?? null,
        startedAt: started ? zone.startedAt : null,
        doneAt: done ? zone.doneAt : null,
        notifiedAt: zone.notifiedAt !== null && zone.notifiedAt <= instant ? zone.notifiedAt : null,
        hostsPatched: done ? (zone.hostsTotal ?? zone.hostsPatched) : (patched.get(zone.name) ?? 0),
      };
    });
}

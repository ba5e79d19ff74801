import type { DateTime } from 'luxon';
import { isoUtc, type ProjectionJson, toProjectionJson } from '../plan-json.js';
import { patchedHosts, summarizeZones } from '../progress.js';
import { campaignPhase, describeEventPlain } from './markdown.js';
import { projectAtLift } from './projection-at-lift.js';
import { type CampaignRecord, collectFacts, type ReportFile, spanMinutes } from './record.js';

/** A person the record names: the Slack user id (or a token's name) and the display name where known. */
export interface PersonJson {
  id: string;
  name: string | null;
}

/**
 * The post-mortem as JSON (`report.json` of the HTTP API): what `<ID>-report.md` says, as data.
 * Times are ISO 8601 UTC; durations are whole minutes, host-hours to one decimal.
 */
export interface ReportJson {
  generated_at: string;
  summary: {
    id: string;
    title: string | null;
    cves: string[];
    lift: string;
    alias: string;
    phase: 'before_lift' | 'after_lift' | 'closed';
    deployment_restriction: string | null;
    opened_at: string;
    opened_by: PersonJson;
    closed_at: string | null;
    notice_lead_minutes: number | null;
  };
  totals: {
    zones: number;
    by_state: { pending: number; in_progress: number; done: number; blocked: number };
    hosts_patched: number;
    hosts_total: number;
    /** False when some zone has no host count. */
    hosts_known: boolean;
    done_before_lift: number;
    late_starts: number;
    /** Null before the lift. */
    exposure: {
      zones: number;
      open_zones: number;
      host_hours: number;
      zones_without_host_count: number;
    } | null;
  };
  /** As it stood at the lift (before the lift: now), from the zones as they were then. */
  projection: ProjectionJson & { as_of: string; text: string; at_lift: boolean };
  zones: {
    name: string;
    region: string;
    state: 'pending' | 'in_progress' | 'done' | 'blocked';
    hosts_total: number | null;
    hosts_patched: number;
    window: { start: string; end: string } | null;
    owner: PersonJson | null;
    notified_at: string | null;
    started_at: string | null;
    done_at: string | null;
    notice_lead_minutes: number | null;
    late_start: boolean;
    exposure: { minutes: number; open: boolean; host_hours: number | null } | null;
    blocked_minutes: number;
    blocked_reason: string | null;
  }[];
  blockers: {
    zone: string;
    reason: string;
    blocked_at: string;
    unblocked_at: string | null;
    duration_minutes: number;
    ongoing: boolean;
    by: PersonJson;
  }[];
  timeline: {
    at: string;
    actor: PersonJson;
    kind: string;
    zone: string | null;
    text: string;
    details: Record<string, unknown>;
  }[];
}

const utc = (instant: DateTime) => isoUtc(instant) as string;
const tenths = (value: number) => Math.round(value * 10) / 10;

/** The post-mortem as data, from the same record and facts as the Markdown. */
export function buildReportJson(record: CampaignRecord, now: DateTime): ReportJson {
  const { campaign, zones, events } = record;
  const person = (id: string): PersonJson => ({ id, name: record.people?.get(id) ?? null });
  const facts = collectFacts(record, now);
  const totals = summarizeZones(zones);
  const projection = projectAtLift(record, now);
  const { exposure } = facts;
  return {
    generated_at: utc(now),
    summary: {
      id: campaign.id,
      title: campaign.title,
      cves: [...campaign.cves],
      lift: utc(campaign.liftAt),
      alias: campaign.alias,
      phase: campaignPhase(record, now),
      deployment_restriction: campaign.deploymentRestriction ?? null,
      opened_at: utc(campaign.createdAt),
      opened_by: person(campaign.createdBy),
      closed_at: isoUtc(campaign.closedAt),
      notice_lead_minutes: campaign.noticeLeadMinutes,
    },
    totals: {
      zones: totals.zones,
      by_state: { ...totals.byState },
      hosts_patched: totals.hostsPatched,
      hosts_total: totals.hostsTotal,
      hosts_known: totals.hostsKnown,
      done_before_lift: zones.filter((z) => z.doneAt && z.doneAt <= campaign.liftAt).length,
      late_starts: facts.zones.filter((z) => z.lateStart).length,
      exposure: exposure.afterLift
        ? {
            zones: exposure.zones.length,
            open_zones: exposure.openZones,
            host_hours: tenths(exposure.totalHostHours),
            zones_without_host_count: exposure.zonesWithoutHostCount,
          }
        : null,
    },
    projection: {
      as_of: utc(projection.at),
      at_lift: facts.liftSeen,
      text: projection.text,
      ...toProjectionJson(projection.plan),
    },
    zones: facts.zones.map(({ zone, noticeLeadMinutes, lateStart, exposure: exposed, blockedMinutes }) => ({
      name: zone.name,
      region: zone.region,
      state: zone.state,
      hosts_total: zone.hostsTotal,
      hosts_patched: patchedHosts(zone),
      window:
        zone.windowStart && zone.windowEnd
          ? { start: utc(zone.windowStart), end: utc(zone.windowEnd) }
          : null,
      owner: zone.owner ? person(zone.owner) : null,
      notified_at: isoUtc(zone.notifiedAt),
      started_at: isoUtc(zone.startedAt),
      done_at: isoUtc(zone.doneAt),
      notice_lead_minutes: noticeLeadMinutes === null ? null : Math.round(noticeLeadMinutes),
      late_start: lateStart,
      exposure: exposed
        ? {
            minutes: Math.round(exposed.minutes),
            open: exposed.open,
            host_hours: exposed.hostHours === null ? null : tenths(exposed.hostHours),
          }
        : null,
      blocked_minutes: Math.round(blockedMinutes),
      blocked_reason: zone.blockedReason,
    })),
    blockers: facts.blockedSpans.map((span) => ({
      zone: span.zone,
      reason: span.reason,
      blocked_at: utc(span.from),
      unblocked_at: span.to ? utc(span.to) : null,
      duration_minutes: Math.round(spanMinutes(span, now)),
      ongoing: span.to === null,
      by: person(span.actor),
    })),
    timeline: events.map((event) => ({
      at: utc(event.at),
      actor: person(event.actor),
      kind: event.kind,
      zone: event.zone,
      text: describeEventPlain(event),
      details: { ...event.details },
    })),
  };
}

/** `<ID>-report.json`: the same, as a file (the API serves it; Slack gets the four human-readable files). */
export function buildJsonReport(record: CampaignRecord, now: DateTime): ReportFile {
  return {
    filename: `${record.campaign.id}-report.json`,
    contentType: 'application/json; charset=utf-8',
    bytes: new TextEncoder().encode(`${JSON.stringify(buildReportJson(record, now), null, 2)}\n`),
  };
}

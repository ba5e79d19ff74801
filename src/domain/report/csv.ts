import type { DateTime } from 'luxon';
import { patchedHosts } from '../progress.js';
import { type CampaignRecord, collectFacts, type ReportFile } from './record.js';

type Cell = string | number | boolean | DateTime | null;

/**
 * One RFC 4180 field. Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or
 * a carriage return first: OWASP's CSV injection) gets a leading `'`; zone names and reasons are typed
 * by people.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'string') return value.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const HEADER = [
  'zone',
  'region',
  'state',
  'hosts_total',
  'hosts_patched',
  'window_start',
  'window_end',
  'customers_notified_at',
  'started_at',
  'done_at',
  'notice_lead_minutes',
  'late_start',
  'exposure_minutes',
  'exposure_open',
  'exposure_host_hours',
  'blocked_minutes',
  'blocked_reason',
  'owner',
];

/**
 * `<ID>-zones.csv`: one row per zone under a header row, RFC 4180 (CRLF line ends, quoted fields
 * where needed), times ISO 8601 in UTC. Written by hand: a field is the only thing to get right, and
 * a library would add more code than this file has.
 */
export function buildZonesCsv(record: CampaignRecord, now: DateTime): ReportFile {
  const facts = collectFacts(record, now);
  const rows: Cell[][] = facts.zones.map(
    ({ zone, noticeLeadMinutes, lateStart, exposure, blockedMinutes }) => [
      zone.name,
      zone.region,
      zone.state,
      zone.hostsTotal,
      patchedHosts(zone),
      zone.windowStart,
      zone.windowEnd,
      zone.notifiedAt,
      zone.startedAt,
      zone.doneAt,
      noticeLeadMinutes === null ? null : Math.round(noticeLeadMinutes),
      lateStart,
      exposure === null ? (facts.exposure.afterLift ? 0 : null) : Math.round(exposure.minutes),
      exposure?.open ?? false,
      exposure?.hostHours ?? null,
      Math.round(blockedMinutes),
      zone.blockedReason,
      zone.owner,
    ],
  );
  const text = [HEADER, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
  return {
    filename: `${record.campaign.id}-zones.csv`,
    contentType: 'text/csv; charset=utf-8; header=present',
    bytes: new TextEncoder().encode(text),
  };
}

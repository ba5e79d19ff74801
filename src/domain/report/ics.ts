import type { DateTime } from 'luxon';
import { formatUtc } from '../time.js';
import type { CampaignRecord, ReportFile } from './record.js';

/** RFC 5545 3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT values. */
export function escapeIcsText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 3.1: lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character. */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8.encode(char).length;
    // The first line holds 75 octets; a continuation line 74 after its leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const utf8 = new TextEncoder();
const stamp = (instant: DateTime) => instant.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");

/** A UID that stays the same across exports, so a calendar re-importing the file updates its events. */
function uid(campaignId: string, item: string): string {
  return `${encodeURIComponent(campaignId.toLowerCase())}.${item}@xsa-bot`;
}

interface CalendarEvent {
  uid: string;
  sequence: number;
  start: DateTime;
  end: DateTime;
  summary: string;
  description: string;
}

/**
 * `<ID>.ics`: the lift and each planned zone window as events in UTC, CRLF lines, stable UIDs.
 * Written here rather than with an iCalendar library: two kinds of event need escaping, folding and
 * a fixed DTSTAMP from `now` (so the same record gives the same bytes), which is this file.
 */
export function buildCalendar(record: CampaignRecord, now: DateTime): ReportFile {
  const { campaign } = record;
  const name = campaign.title ? `${campaign.id}: ${campaign.title}` : campaign.id;
  // A moved lift is a new version of the same event: calendars apply a higher SEQUENCE as an update.
  const liftMoves = record.events.filter((e) => e.kind === 'campaign.lift_moved').length;
  const events: CalendarEvent[] = [
    {
      uid: uid(campaign.id, 'lift'),
      sequence: liftMoves,
      start: campaign.liftAt,
      end: campaign.liftAt.plus({ minutes: 30 }),
      summary: `${campaign.id} is public (embargo lift)`,
      description: `${name}\nCVEs: ${campaign.cves.join(', ') || 'none'}\nLift: ${formatUtc(campaign.liftAt)}`,
    },
  ];
  for (const zone of record.zones) {
    if (!zone.windowStart || !zone.windowEnd) continue;
    events.push({
      uid: uid(campaign.id, `zone.${encodeURIComponent(zone.name)}`),
      sequence: 0,
      start: zone.windowStart,
      end: zone.windowEnd,
      summary: `${campaign.id}: reboot ${zone.name} (${zone.region})`,
      description: `Planned window of zone ${zone.name}, region ${zone.region}${zone.hostsTotal === null ? '' : `, ${zone.hostsTotal} hosts`}.\n${name}`,
    });
  }
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//xsa-bot//Embargoed patch campaign//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeIcsText(name)}`,
    ...events.flatMap((e) => [
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `SEQUENCE:${e.sequence}`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART:${stamp(e.start)}`,
      `DTEND:${stamp(e.end)}`,
      `SUMMARY:${escapeIcsText(e.summary)}`,
      `DESCRIPTION:${escapeIcsText(e.description)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return {
    filename: `${campaign.id}.ics`,
    contentType: 'text/calendar; charset=utf-8',
    bytes: new TextEncoder().encode(lines.map((l) => `${foldIcsLine(l)}\r\n`).join('')),
  };
}

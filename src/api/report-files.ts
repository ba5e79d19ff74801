import type { DateTime } from 'luxon';
import { buildZonesCsv } from '../domain/report/csv.js';
import { buildCalendar } from '../domain/report/ics.js';
import { buildJsonReport } from '../domain/report/json.js';
import { buildMarkdownReport } from '../domain/report/markdown.js';
import type { CampaignRecord, ReportFile } from '../domain/report/record.js';
import { buildTimelinePng } from '../reports/timeline-png.js';

/** A report file the API serves at `/api/v1/campaigns/<ID>/<path>`: the builder `/xsa report` uses. */
export interface ServedReportFile {
  path: string;
  /** The media type, for the OpenAPI document (the builder's file says the same, with its charset). */
  mediaType: string;
  operationId: string;
  summary: string;
  build(record: CampaignRecord, now: DateTime): ReportFile;
}

export const SERVED_REPORT_FILES: readonly ServedReportFile[] = [
  {
    path: 'report.md',
    mediaType: 'text/markdown',
    operationId: 'getReportMarkdown',
    summary: 'The post-mortem as Markdown (`<ID>-report.md`)',
    build: buildMarkdownReport,
  },
  {
    path: 'report.json',
    mediaType: 'application/json',
    operationId: 'getReportJson',
    summary: 'The post-mortem as JSON: summary, totals, projection at the lift, zones, blockers, timeline',
    build: buildJsonReport,
  },
  {
    path: 'zones.csv',
    mediaType: 'text/csv',
    operationId: 'getZonesCsv',
    summary: 'One row per zone, RFC 4180, ISO 8601 UTC times (`<ID>-zones.csv`)',
    build: buildZonesCsv,
  },
  {
    path: 'calendar.ics',
    mediaType: 'text/calendar',
    operationId: 'getCalendar',
    summary: 'The lift and each planned zone window as iCalendar events, UTC (`<ID>.ics`)',
    build: buildCalendar,
  },
  {
    path: 'timeline.png',
    mediaType: 'image/png',
    operationId: 'getTimelinePng',
    summary: 'Zones as bars by region over time, the lift as a line, exposure in red (`<ID>-timeline.png`)',
    build: buildTimelinePng,
  },
];

import type { DateTime } from 'luxon';
import { buildZonesCsv } from '../domain/report/csv.js';
import { buildCalendar } from '../domain/report/ics.js';
import { buildMarkdownReport } from '../domain/report/markdown.js';
import type { CampaignRecord, ReportFile } from '../domain/report/record.js';
import { buildTimelinePng } from './timeline-png.js';

/** Every post-mortem file of a campaign, in the order they are shown: report, zones, calendar, picture. */
export function buildReportFiles(record: CampaignRecord, now: DateTime): ReportFile[] {
  return [
    buildMarkdownReport(record, now),
    buildZonesCsv(record, now),
    buildCalendar(record, now),
    buildTimelinePng(record, now),
  ];
}

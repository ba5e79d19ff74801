import { DateTime } from 'luxon';
import { formatUtc } from '../time.js';
import type { Zone } from '../types.js';
import { type CampaignRecord, collectBlockedSpans } from './record.js';

/** The picture's colours, exported so tests can look for them in the rendered pixels. */
export const TIMELINE_COLORS = {
  background: '#ffffff',
  work: '#2f6fd6',
  exposure: '#e02424',
  exposureBand: '#fbd5d5',
  blocked: '#f5a623',
  window: '#d9dde3',
  lift: '#6b21a8',
  grid: '#eceff3',
  text: '#1d1c1d',
  muted: '#616061',
} as const;

export const TIMELINE_FONT_FAMILY = 'DejaVu Sans';

const WIDTH = 1200;
const LEFT = 200;
const RIGHT = 30;
const TOP = 70;
const FULL_ROW = 26;
const FULL_REGION_ROW = 22;
/** Rows shrink past this many pixels of them, so a campaign of thousands of zones stays a picture. */
const MAX_ROWS_HEIGHT = 3000;
const MIN_ROW = 1;
const BOTTOM = 70;

/** Where things were drawn, for tests and for whoever places labels on top. */
export interface TimelineLayout {
  width: number;
  height: number;
  /** x of the lift line. */
  liftX: number;
  /** Zone name → the y of the middle of its row. */
  rows: Map<string, number>;
  xOf(instant: DateTime): number;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Grid steps to choose from, in hours: the first that gives at most a dozen lines is used. */
const STEPS_HOURS = [1, 2, 3, 6, 12, 24, 48, 96, 168];

/**
 * The time span the picture covers (every start, end, window and the lift, with a little room on
 * both sides, on whole grid steps) and its grid step.
 */
function span(record: CampaignRecord, now: DateTime): { from: DateTime; to: DateTime; stepHours: number } {
  const { campaign, zones } = record;
  const instants: DateTime[] = [campaign.liftAt];
  for (const z of zones) {
    for (const t of [z.startedAt, z.doneAt, z.windowStart, z.windowEnd]) if (t) instants.push(t);
    // An unfinished zone runs until now, and is exposed until now after the lift.
    if (z.state !== 'done' && (z.startedAt || now > campaign.liftAt)) instants.push(now);
  }
  const first = (DateTime.min(...instants) as DateTime).toUTC();
  const last = (DateTime.max(...instants) as DateTime).toUTC();
  const hours = Math.max(last.diff(first, 'hours').hours, 1);
  const stepHours = STEPS_HOURS.find((h) => (hours * 1.1) / h <= 12) ?? (STEPS_HOURS.at(-1) as number);
  const stepMs = stepHours * 3_600_000;
  const pad = Math.max(hours * 0.03, 0.25) * 3_600_000;
  const from = DateTime.fromMillis(Math.floor((first.toMillis() - pad) / stepMs) * stepMs, { zone: 'utc' });
  const to = DateTime.fromMillis(Math.ceil((last.toMillis() + pad) / stepMs) * stepMs, { zone: 'utc' });
  return { from, to, stepHours };
}

/** Zones grouped by region, regions in the order their first zone was added. */
function byRegion(zones: readonly Zone[]): Array<[string, Zone[]]> {
  const groups = new Map<string, Zone[]>();
  for (const zone of zones) groups.set(zone.region, [...(groups.get(zone.region) ?? []), zone]);
  return [...groups];
}

/**
 * `<ID>-timeline.png`'s picture as SVG: a row per zone grouped by region, the planned window in grey,
 * the work (started → done, or → now) as a bar, blocked spans in amber on it, the lift as a vertical
 * line, and each zone's exposure after the lift in red. Pure: the same record and `now` give the same
 * text. Text uses one font family, which the renderer must be given (no system fonts are assumed).
 */
export function buildTimelineSvg(
  record: CampaignRecord,
  now: DateTime,
): { svg: string; layout: TimelineLayout } {
  const { campaign } = record;
  const { from, to, stepHours } = span(record, now);
  const groups = byRegion(record.zones);
  const fullHeight = groups.length * FULL_REGION_ROW + record.zones.length * FULL_ROW;
  const scale = Math.min(1, MAX_ROWS_HEIGHT / Math.max(fullHeight, 1));
  const ROW = Math.max(MIN_ROW, Math.floor(FULL_ROW * scale));
  const REGION_ROW = Math.max(MIN_ROW, Math.floor(FULL_REGION_ROW * scale));
  const BAR = Math.max(1, Math.round(ROW * 0.55));
  // Names only where a row is tall enough to read them.
  const labelled = ROW >= 12;
  const height = TOP + groups.length * REGION_ROW + record.zones.length * ROW + BOTTOM;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const totalMs = Math.max(to.toMillis() - from.toMillis(), 1);
  const xOf = (t: DateTime) => LEFT + ((t.toMillis() - from.toMillis()) / totalMs) * plotWidth;
  const liftX = xOf(campaign.liftAt);
  const blocked = collectBlockedSpans(record.events);
  const C = TIMELINE_COLORS;
  const out: string[] = [];
  const rect = (x1: number, x2: number, y: number, h: number, fill: string, extra = '') =>
    out.push(
      `<rect x="${x1.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(x2 - x1, 1.5).toFixed(1)}" height="${h}" fill="${fill}"${extra}/>`,
    );
  const text = (x: number, y: number, content: string, attrs = '') =>
    out.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attrs}>${escapeXml(content)}</text>`);

  out.push(`<rect width="${WIDTH}" height="${height}" fill="${C.background}"/>`);
  const title = campaign.title ? `${campaign.id}: ${campaign.title}` : campaign.id;
  text(LEFT, 28, title, ` font-size="18" font-weight="bold" fill="${C.text}"`);
  text(
    LEFT,
    50,
    `Lift ${formatUtc(campaign.liftAt)} · drawn ${formatUtc(now)} · times in UTC`,
    ` font-size="12" fill="${C.muted}"`,
  );

  // Grid and labels: dates on whole days, hours in between.
  const plotBottom = height - BOTTOM;
  for (let t = from; t <= to; t = t.plus({ hours: stepHours })) {
    const x = xOf(t);
    out.push(
      `<line x1="${x.toFixed(1)}" y1="${TOP - 6}" x2="${x.toFixed(1)}" y2="${plotBottom}" stroke="${C.grid}"/>`,
    );
    const label = t.hour === 0 ? t.toFormat('MM-dd') : t.toFormat('HH:mm');
    text(x, plotBottom + 16, label, ` font-size="11" fill="${C.muted}" text-anchor="middle"`);
  }

  const rows = new Map<string, number>();
  let y = TOP;
  for (const [region, zones] of groups) {
    if (REGION_ROW >= 12)
      text(
        12,
        y + Math.min(15, REGION_ROW - 2),
        region,
        ` font-size="13" font-weight="bold" fill="${C.text}"`,
      );
    y += REGION_ROW;
    for (const zone of zones) {
      const mid = y + ROW / 2;
      rows.set(zone.name, mid);
      if (labelled) text(24, mid + 4, zone.name, ` font-size="12" fill="${C.text}"`);
      if (zone.windowStart && zone.windowEnd)
        rect(xOf(zone.windowStart), xOf(zone.windowEnd), mid - ROW / 2 + 1, ROW - 2, C.window);
      const end = zone.doneAt ?? now;
      const exposed = now > campaign.liftAt && end > campaign.liftAt;
      if (exposed) rect(liftX, xOf(end), mid - ROW / 2 + 1, ROW - 2, C.exposureBand);
      if (zone.startedAt) {
        const barTop = mid - BAR / 2;
        const liftSplit = zone.startedAt < campaign.liftAt && end > campaign.liftAt ? campaign.liftAt : null;
        rect(
          xOf(zone.startedAt),
          xOf(liftSplit ?? end),
          barTop,
          BAR,
          end > campaign.liftAt && !liftSplit ? C.exposure : C.work,
        );
        if (liftSplit) rect(xOf(liftSplit), xOf(end), barTop, BAR, C.exposure);
      }
      for (const b of blocked.filter((s) => s.zone === zone.name))
        rect(xOf(b.from), xOf(b.to ?? now), mid - BAR / 2 + BAR / 5, BAR - (2 * BAR) / 5, C.blocked);
      y += ROW;
    }
  }

  out.push(
    `<line x1="${liftX.toFixed(1)}" y1="${TOP - 10}" x2="${liftX.toFixed(1)}" y2="${plotBottom}" stroke="${C.lift}" stroke-width="3"/>`,
  );
  text(liftX + 5, TOP - 12, 'lift', ` font-size="12" font-weight="bold" fill="${C.lift}"`);

  const legend: Array<[string, string]> = [
    [C.window, 'planned window'],
    [C.work, 'patching (started → done)'],
    [C.blocked, 'blocked'],
    [C.exposure, 'exposed after the lift'],
  ];
  let lx = LEFT;
  for (const [color, label] of legend) {
    rect(lx, lx + 14, height - 34, 12, color);
    text(lx + 20, height - 24, label, ` font-size="12" fill="${C.text}"`);
    lx += 40 + label.length * 7;
  }

  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${TIMELINE_FONT_FAMILY}">${out.join('')}</svg>`;
  return { svg, layout: { width: WIDTH, height, liftX, rows, xOf } };
}

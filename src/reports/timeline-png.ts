import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { DateTime } from 'luxon';
import type { CampaignRecord, ReportFile } from '../domain/report/record.js';
import { buildTimelineSvg, TIMELINE_FONT_FAMILY } from '../domain/report/timeline-svg.js';

// The font ships in an npm package (dejavu-fonts-ttf), so text renders the same on a machine with
// no system fonts at all: a clean CI box, a slim container.
const FONT_FILE = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD_FONT_FILE = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** Rasterises an SVG with resvg and the shipped font only. */
export function renderSvgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    font: {
      fontFiles: [FONT_FILE, BOLD_FONT_FILE],
      loadSystemFonts: false,
      defaultFontFamily: TIMELINE_FONT_FAMILY,
    },
    background: 'white',
  });
  return resvg.render().asPng();
}

/** `<ID>-timeline.png`: zones as bars by region over time, the lift as a line, exposure in red. */
export function buildTimelinePng(record: CampaignRecord, now: DateTime): ReportFile {
  return {
    filename: `${record.campaign.id}-timeline.png`,
    contentType: 'image/png',
    bytes: renderSvgToPng(buildTimelineSvg(record, now).svg),
  };
}

import { describe, expect, it } from 'vitest';
import { zonesAt } from '../../src/domain/report/record.js';
import { buildTimelineSvg, TIMELINE_COLORS } from '../../src/domain/report/timeline-svg.js';
import { buildTimelinePng } from '../../src/reports/timeline-png.js';
import { utc } from '../support/instants.js';
import { decodePng, rgb } from '../support/png.js';
import { AFTER_LIFT, xsa108Record } from '../support/xsa-108-record.js';

const near = (actual: number[], expected: number[], tolerance = 12) =>
  expected.every((v, i) => Math.abs((actual[i] ?? -999) - v) <= tolerance);

describe('<ID>-timeline.png', () => {
  const record = xsa108Record();
  const file = buildTimelinePng(record, AFTER_LIFT);
  const png = decodePng(file.bytes);
  const { layout } = buildTimelineSvg(record, AFTER_LIFT);
  const row = (zone: string) => layout.rows.get(zone) as number;

  it('is a PNG of the laid-out size, named for the campaign', () => {
    expect(file.filename).toBe('XSA-108-timeline.png');
    expect(file.contentType).toBe('image/png');
    expect([png.width, png.height]).toEqual([layout.width, layout.height]);
    expect(file.bytes.length).toBeGreaterThan(5_000);
  });

  it('draws the lift as a vertical line in its colour', () => {
    const x = layout.liftX;
    // Between the rows too, where nothing else is drawn.
    expect(near(png.pixel(x, row('us-east-1a')), rgb(TIMELINE_COLORS.lift))).toBe(true);
    expect(near(png.pixel(x, row('eu-west-1a')), rgb(TIMELINE_COLORS.lift))).toBe(true);
  });

  it('paints exposure after the lift red, work before it blue, blockers amber, and leaves the rest white', () => {
    // us-east-1b: patched until 14:00 on the day of the lift, so exposed for two hours.
    const exposedAt = layout.xOf(utc('2014-10-01T13:00Z'));
    expect(near(png.pixel(exposedAt, row('us-east-1b')), rgb(TIMELINE_COLORS.exposure))).toBe(true);
    expect(
      near(png.pixel(layout.xOf(utc('2014-09-30T12:00Z')), row('us-east-1b')), rgb(TIMELINE_COLORS.work)),
    ).toBe(true);
    // eu-west-1a started three hours after the lift: its whole bar is exposure.
    expect(
      near(png.pixel(layout.xOf(utc('2014-10-01T17:00Z')), row('eu-west-1a')), rgb(TIMELINE_COLORS.exposure)),
    ).toBe(true);
    // Blocked overnight on the 28th.
    expect(
      near(png.pixel(layout.xOf(utc('2014-09-28T20:00Z')), row('us-east-1b')), rgb(TIMELINE_COLORS.blocked)),
    ).toBe(true);
    // us-east-1a was done days before the lift: nothing red on its row after it.
    expect(near(png.pixel(layout.xOf(utc('2014-10-01T13:00Z')), row('us-east-1a')), [255, 255, 255])).toBe(
      true,
    );
  });

  it('renders text with the shipped font (dark pixels where the title is)', () => {
    let dark = 0;
    for (let x = 200; x < 600; x += 1)
      for (let y = 12; y < 32; y += 1) if (png.pixel(x, y)[0] < 100) dark += 1;
    expect(dark).toBeGreaterThan(300);
  });

  it('before the lift has no red at all', () => {
    const before = utc('2014-09-29T00:00Z');
    const then = {
      ...record,
      zones: zonesAt(record, before),
      events: record.events.filter((e) => e.at <= before),
    };
    const early = decodePng(buildTimelinePng(then, before).bytes);
    const { layout: l } = buildTimelineSvg(then, before);
    let red = 0;
    for (let x = 0; x < l.width; x += 3)
      // Above the legend, which shows every colour.
      for (let y = 0; y < l.height - 50; y += 3)
        if (near(early.pixel(x, y), rgb(TIMELINE_COLORS.exposure), 30)) red += 1;
    expect(red).toBe(0);
  });
});

describe('<ID>-timeline.png of a large campaign', () => {
  it('keeps the picture a readable size with 2,000 zones (rows shrink, names go)', () => {
    const record = xsa108Record();
    const template = record.zones[1];
    if (!template) throw new Error('fixture changed');
    const zones = Array.from({ length: 2000 }, (_, i) => ({
      ...template,
      name: `z${i}`,
      region: `r${i % 20}`,
    }));
    const started = Date.now();
    const file = buildTimelinePng({ ...record, zones }, AFTER_LIFT);
    const png = decodePng(file.bytes);
    expect(png.height).toBeLessThan(3400);
    expect(Date.now() - started).toBeLessThan(5000);
    const { layout } = buildTimelineSvg({ ...record, zones }, AFTER_LIFT);
    expect(
      near(
        png.pixel(layout.xOf(utc('2014-10-01T13:00Z')), layout.rows.get('z0') ?? 0),
        rgb(TIMELINE_COLORS.exposure),
      ),
    ).toBe(true);
  });
});

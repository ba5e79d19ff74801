import { describe, expect, it } from 'vitest';
import { computeExposure } from '../../src/domain/progress.js';
import type { AuditEvent } from '../../src/domain/types.js';
import { getTimelineBlocks, pageFromEnd } from '../../src/slack/blocks/reply-blocks.js';
import { parseCommand } from '../../src/slack/command-parser.js';
import { AFTER_LIFT, xsa108Record } from '../support/xsa-108-record.js';

function longTimeline(count: number) {
  const record = xsa108Record();
  const first = record.events[0] as AuditEvent;
  const events: AuditEvent[] = Array.from({ length: count }, (_, i) => ({
    ...first,
    id: i + 1,
    zone: 'us-east-1b',
    kind: 'zone.progress',
    at: first.at.plus({ minutes: 10 * i }),
    details: { from: i, to: i + 1 },
  }));
  return {
    campaign: record.campaign,
    events,
    exposure: computeExposure(record.zones, record.campaign.liftAt, AFTER_LIFT),
    zoneCount: record.zones.length,
    now: AFTER_LIFT,
  };
}

const shownText = (blocks: ReturnType<typeof getTimelineBlocks>['blocks']) =>
  blocks.map((b) => (b.type === 'section' ? (b.text?.text ?? '') : '')).join('\n');

describe('timeline pages', () => {
  it('splits from the end: page 1 has the latest lines, every line on exactly one page', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(80)}`);
    const pages = pageFromEnd(lines, 3);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]?.at(-1)).toBe(lines[499]);
    expect(pages.toReversed().flat()).toEqual(lines);
  });

  it('shows every event across the pages, with full dates, and says how to go back', () => {
    const view = longTimeline(3000);
    const first = getTimelineBlocks(view, 1);
    expect(first.blocks.length).toBeLessThanOrEqual(50);
    const footer = JSON.stringify(first.blocks.at(-1));
    expect(footer).toMatch(/Page 1 of (\d+)/);
    const pageCount = Number(/Page 1 of (\d+)/.exec(footer)?.[1]);
    expect(footer).toContain('`/xsa timeline XSA-108 page 2`');

    const seen = Array.from({ length: pageCount }, (_, i) =>
      shownText(getTimelineBlocks(view, i + 1).blocks),
    );
    const lines = seen
      .join('\n')
      .split('\n')
      .filter((l) => l.includes('zone.progress'));
    expect(lines).toHaveLength(3000);
    expect(seen[0]).toContain('`2014-10-15 03:50 UTC`');
    expect(seen.at(-1)).toContain('`2014-09-24 08:00 UTC`');
    expect(JSON.stringify(getTimelineBlocks(view, pageCount).blocks.at(-1))).not.toContain('Earlier');
    expect(() => getTimelineBlocks(view, pageCount + 1)).toThrow(/has \d+ pages/);
  });

  it('one page when it fits', () => {
    const footer = JSON.stringify(getTimelineBlocks(longTimeline(5)).blocks.at(-1));
    expect(footer).toContain('5 events');
    expect(footer).not.toContain('Page');
  });

  it.each([
    ['timeline', null, 1],
    ['timeline page 3', null, 3],
    ['timeline XSA-108 page 2', 'XSA-108', 2],
    ['timeline page 2 in XSA-108', 'XSA-108', 2],
  ])('parses %j', (text, campaign, page) => {
    expect(parseCommand(text)).toEqual({ kind: 'timeline', campaign, page });
  });

  it.each(['timeline page', 'timeline page 0', 'timeline page two', 'timeline page 2 XSA-108'])(
    'refuses %j with the usage',
    (text) => {
      expect(() => parseCommand(text)).toThrow(/page/);
    },
  );
});

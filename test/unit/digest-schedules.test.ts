import { describe, expect, it } from 'vitest';
import { parseCronSchedule } from '../../src/domain/cron.js';
import { DigestSchedules } from '../../src/scheduler/digest-schedules.js';

describe('DigestSchedules', () => {
  it('parses an expression once and gives the same schedule after', () => {
    const schedules = new DigestSchedules();
    const first = schedules.get('0 9 * * 1-5');
    expect(first).toEqual(parseCronSchedule('0 9 * * 1-5'));
    expect(schedules.get('0 9 * * 1-5')).toBe(first);
  });

  it('throws the bad_cron of an unreadable expression every time', () => {
    const schedules = new DigestSchedules();
    for (let i = 0; i < 2; i += 1) {
      expect(() => schedules.get('0 9 * *')).toThrow(expect.objectContaining({ code: 'bad_cron' }));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { CRON_FORMS, describeCron, parseCronSchedule } from '../../src/domain/cron.js';
import { xsaErrorOf } from '../support/xsa-error.js';

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const ALL_DAYS = range(1, 31);
const ALL_MONTHS = range(1, 12);
const ALL_WEEKDAYS = range(0, 6);

describe('parseCronSchedule', () => {
  it('reads weekdays at 09:00 into plain data', () => {
    expect(parseCronSchedule('0 9 * * 1-5')).toEqual({
      expression: '0 9 * * 1-5',
      minute: [0],
      hour: [9],
      dayOfMonth: ALL_DAYS,
      month: ALL_MONTHS,
      dayOfWeek: [1, 2, 3, 4, 5],
      domRestricted: false,
      dowRestricted: true,
    });
  });

  it.each([
    { expression: '*/15 * * * *', field: 'minute', values: [0, 15, 30, 45] },
    { expression: '0,30 8-10 * * *', field: 'hour', values: [8, 9, 10] },
    { expression: '0 9 * * 7', field: 'dayOfWeek', values: [0] },
    { expression: '0 9 * * 5-7', field: 'dayOfWeek', values: [0, 5, 6] },
    { expression: '0 9 * * 0,7', field: 'dayOfWeek', values: [0] },
    { expression: '0 9 * * MON-FRI', field: 'dayOfWeek', values: [1, 2, 3, 4, 5] },
    { expression: '0 9 * * sun', field: 'dayOfWeek', values: [0] },
    { expression: '0 9 * * Monday,wednesday-FRIDAY', field: 'dayOfWeek', values: [1, 3, 4, 5] },
    { expression: '0 9 * March-may,Dec *', field: 'month', values: [3, 4, 5, 12] },
    { expression: '0 9 * * mon-fri/2', field: 'dayOfWeek', values: [1, 3, 5] },
    { expression: '0 9 * * 5-1', field: 'dayOfWeek', values: [0, 1, 5, 6] },
    { expression: '0 22-2 * * *', field: 'hour', values: [0, 1, 2, 22, 23] },
    { expression: '0 9 * jan,JUL *', field: 'month', values: [1, 7] },
    { expression: '0 9 1,15 * *', field: 'dayOfMonth', values: [1, 15] },
    { expression: '00 09 * * *', field: 'hour', values: [9] },
    { expression: '0 0 */10 * *', field: 'dayOfMonth', values: [1, 11, 21, 31] },
  ] as const)('$expression: $field = $values', ({ expression, field, values }) => {
    expect(parseCronSchedule(expression)[field]).toEqual(values);
  });

  it.each([
    { expression: '0 0 13 * 5', domRestricted: true, dowRestricted: true },
    { expression: '0 0 13 * *', domRestricted: true, dowRestricted: false },
    { expression: '0 0 * * 5', domRestricted: false, dowRestricted: true },
    { expression: '0 0 ? * 5', domRestricted: false, dowRestricted: true },
    { expression: '0 0 13 * ?', domRestricted: true, dowRestricted: false },
    { expression: '0 0 */2 * 5', domRestricted: true, dowRestricted: true },
    // A field that allows every value restricts nothing, however it is spelled.
    { expression: '0 0 1-31 * 5', domRestricted: false, dowRestricted: true },
    { expression: '0 0 13 * 0-7', domRestricted: true, dowRestricted: false },
    { expression: '0 0 13 * */1', domRestricted: true, dowRestricted: false },
  ])('$expression: day of month restricted $domRestricted, day of week $dowRestricted', (row) => {
    const schedule = parseCronSchedule(row.expression);
    expect(schedule.domRestricted).toBe(row.domRestricted);
    expect(schedule.dowRestricted).toBe(row.dowRestricted);
  });

  it.each([
    { given: '  0   9 * *\t1-5 ', expression: '0 9 * * 1-5' },
    { given: '`0 9 * * 1-5`', expression: '0 9 * * 1-5' },
    { given: '"0 9 * * 1-5"', expression: '0 9 * * 1-5' },
    { given: '@Daily', expression: '@daily' },
  ])('keeps "$given" as "$expression"', ({ given, expression }) => {
    expect(parseCronSchedule(given).expression).toBe(expression);
  });

  it.each([
    { nickname: '@hourly', minute: [0], hour: range(0, 23), dayOfWeek: ALL_WEEKDAYS },
    { nickname: '@daily', minute: [0], hour: [0], dayOfWeek: ALL_WEEKDAYS },
    { nickname: '@weekly', minute: [0], hour: [0], dayOfWeek: [0] },
  ])('reads the shortcut $nickname', ({ nickname, minute, hour, dayOfWeek }) => {
    expect(parseCronSchedule(nickname)).toMatchObject({ minute, hour, dayOfWeek });
  });

  it.each([
    { expression: '0 25 * * *', says: ['`25` is not a valid hour (0-23)'] },
    { expression: '60 9 * * *', says: ['`60` is not a valid minute (0-59)'] },
    { expression: '-1 9 * * *', says: ['`-1` is not a valid minute'] },
    { expression: '0 0 0 * *', says: ['`0` is not a valid day-of-month (1-31)'] },
    { expression: '0 9 1 13 *', says: ['`13` is not a valid month (1-12 or JAN-DEC)'] },
    { expression: '0 0 * * 8', says: ['`8` is not a valid day-of-week', 'SUN-SAT'] },
    { expression: '0 9,25,7 * * *', says: ['`25` is not a valid hour'] },
    { expression: '0 9 * * tues', says: ['`tues` is not a valid day-of-week'] },
    // node-cron alone would read these as `12` (December) and `01` (Monday).
    { expression: '0 9 * janfeb *', says: ['`janfeb` is not a valid month (1-12 or JAN-DEC)'] },
    { expression: '0 9 * * sunmon', says: ['`sunmon` is not a valid day-of-week'] },
    { expression: '0 9 * jan1 *', says: ['`jan1` is not a valid month'] },
    { expression: '5/15 * * * *', says: ['`5/15` is not a valid minute', '`5-59/15` or `*/15`'] },
    { expression: '*/0 * * * *', says: ['`*/0` is not a valid minute', 'at least 1'] },
    { expression: '1,2,,3 * * * *', says: ['`1,2,,3` in the minute field has an empty item'] },
    { expression: '* * *', says: ['"* * *" has 3 fields, not 5'] },
    { expression: 'every day', says: ['"every day" has 2 fields, not 5'] },
    { expression: 'daily', says: ['"daily" has 1 field, not 5'] },
    { expression: '0 0 0 0 0 0', says: ['has 6 fields, not 5', 'no seconds field'] },
    {
      expression: '0 0 9 * * 1-5',
      says: ['has 6 fields', 'no seconds field', 'Drop the first field: `0 9 * * 1-5`'],
    },
    { expression: '0 9 * * 1-5 Europe/Berlin', says: ['`Europe/Berlin`', 'looks like a time zone'] },
    { expression: '', says: ['got nothing'] },
    { expression: '   ', says: ['got nothing'] },
    { expression: '``', says: ['got nothing'] },
    { expression: '0 9 * * 1–5', says: ['contains "–"', 'plain hyphen'] },
    { expression: '0 9 * * 1_5', says: ['contains "_"'] },
    { expression: '0 9 31 2 *', says: ['`31` never happens in month `2` (February)'] },
    {
      expression: '0 9 L * *',
      says: ['`L` in the day-of-month field is a Quartz extension', 'not supported'],
    },
    { expression: '0 9 1,L * *', says: ['`L` in the day-of-month field (in `1,L`)', 'not supported'] },
    { expression: '0 9 31 4,6 *', says: ['`31` never happens in month `4,6`, so'] },
    { expression: '0 9 15W * *', says: ['`15W`', 'not supported'] },
    { expression: '0 9 L-2 * *', says: ['`L-2`', 'not supported'] },
    { expression: '0 9 * * 5#2', says: ['`5#2`', 'not supported'] },
    { expression: '0 9 * * 5L', says: ['`5L`', 'not supported'] },
    { expression: '0 9 LW * *', says: ['`LW`', 'not supported'] },
    { expression: '@reboot', says: ['"@reboot" is not a shortcut I know', '@daily'] },
  ])('refuses "$expression"', ({ expression, says }) => {
    const error = xsaErrorOf(() => parseCronSchedule(expression));
    expect(error.code).toBe('bad_cron');
    for (const words of says) expect(error.message).toContain(words);
    expect(error.message).toContain(CRON_FORMS);
  });

  it('states the expected form with an example in every refusal', () => {
    expect(CRON_FORMS).toContain('`minute hour day-of-month month day-of-week`');
    expect(CRON_FORMS).toContain('`0 9 * * 1-5` (09:00 on weekdays)');
  });
});

describe('describeCron', () => {
  it.each([
    { expression: '0 9 * * 1-5', words: 'At 09:00, Monday through Friday' },
    { expression: '*/15 * * * *', words: 'Every 15 minutes' },
    { expression: '30 17 * * *', words: 'At 17:30' },
    { expression: '0 12 1 * *', words: 'At 12:00, on day 1 of the month' },
    { expression: '0 9 29 2 *', words: 'At 09:00, on day 29 of the month, only in February' },
    { expression: '0 0 13 * 5', words: 'At 00:00, on day 13 of the month, and on Friday' },
    { expression: '0 9 * * 0-7', words: 'At 09:00' },
    { expression: '0 9 1-31 * 1', words: 'At 09:00, only on Monday' },
    { expression: '`0 9 * * MON-FRI`', words: 'At 09:00, Monday through Friday' },
    { expression: '@daily', words: 'At 00:00' },
    { expression: '@weekly', words: 'At 00:00, only on Sunday' },
  ])('$expression → $words', ({ expression, words }) => {
    expect(describeCron(expression)).toBe(words);
  });

  it('refuses what parseCronSchedule refuses', () => {
    expect(xsaErrorOf(() => describeCron('0 25 * * *')).code).toBe('bad_cron');
  });
});

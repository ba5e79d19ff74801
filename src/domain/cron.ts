// Input parsing beside the other domain readers (schedule.ts, time.ts). Besides luxon this module
// uses node-cron's validator and cronstrue: pure functions of the text, no timers, no I/O.
import cronstrue from 'cronstrue';
import { type ParsedFields, validateDetailed } from 'node-cron';
import { XsaError } from './errors.js';
import { clip } from './limits.js';
import type { CronSchedule } from './schedule.js';

/** One-line description of the accepted cron form with an example, for help and error messages. */
export const CRON_FORMS =
  'five fields, `minute hour day-of-month month day-of-week`, e.g. `0 9 * * 1-5` (09:00 on weekdays)';

type FieldKey = 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek';

interface Field {
  key: FieldKey;
  label: string;
  min: number;
  max: number;
  accepts: string;
}

const FIELDS: readonly Field[] = [
  { key: 'minute', label: 'minute', min: 0, max: 59, accepts: '0-59' },
  { key: 'hour', label: 'hour', min: 0, max: 23, accepts: '0-23' },
  { key: 'dayOfMonth', label: 'day-of-month', min: 1, max: 31, accepts: '1-31' },
  { key: 'month', label: 'month', min: 1, max: 12, accepts: '1-12 or JAN-DEC' },
  { key: 'dayOfWeek', label: 'day-of-week', min: 0, max: 6, accepts: '0-7 (0 and 7 are Sunday) or SUN-SAT' },
];

// node-cron's own shortcuts; cronstrue describes each of them too.
const NICKNAMES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

// What node-cron lets through its character check; anything else gets named in the error.
const CRON_CHARACTER = /[a-zA-Z0-9\-*/,#? ]/;
const MONTH_NAMES = [
  '',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTH_NAME_PATTERN =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/i;
const WEEKDAY_NAME_PATTERN =
  /^(?:sun|mon|tue|wed|thu|fri|sat)$|^(?:sun|mon|tues|wednes|thurs|fri|satur)day$/i;
// A trailing `Europe/Berlin` or `UTC`: the zone belongs after the schedule, not in it.
const LOOKS_LIKE_ZONE = /^(?:[a-z]+\/[\w/+-]+|utc|gmt)$/i;

/**
 * Reads a 5-field cron expression (`minute hour day-of-month month day-of-week`: numbers, `*`,
 * ranges, lists, steps, month and weekday names, 7 as Sunday, `?` for a whole day field, and the
 * `@daily`-style shortcuts), validated by node-cron. Whitespace is collapsed and one pair of
 * surrounding backticks or double quotes (Slack code formatting) is dropped.
 *
 * A day field that allows every value (`*`, `?`, `1-31`, `0-7`) restricts nothing, so only the
 * other day field counts; when both restrict, a day matches if either does.
 *
 * @throws XsaError `bad_cron` naming the field and value that are wrong, with the expected form.
 *   Also for seconds (6 fields) and for node-cron's Quartz extensions (`L`, `W`, `#`), which
 *   `nextCronRuns` does not honour.
 */
export function parseCronSchedule(expression: string): CronSchedule {
  const given = unquote(expression.trim().replace(/\s+/g, ' '));
  if (given === '') throw badCron(`Expected a cron schedule but got nothing. Use ${CRON_FORMS}.`);

  const nickname = given.startsWith('@') ? given.toLowerCase() : null;
  const resolved = nickname === null ? given : NICKNAMES[nickname];
  if (resolved === undefined) {
    throw badCron(
      `"${clip(given)}" is not a shortcut I know (${Object.keys(NICKNAMES).join(', ')}). Use ${CRON_FORMS}.`,
    );
  }

  const texts = resolved.split(' ');
  if (texts.length !== 5) throw badCron(explainFieldCount(given, texts));
  const illegal = [...resolved].find((character) => !CRON_CHARACTER.test(character));
  if (illegal !== undefined) {
    const hint = /[\u2010-\u2015\u2212]/.test(illegal)
      ? ' Write ranges with a plain hyphen, e.g. `1-5`.'
      : '';
    throw badCron(
      `"${clip(given)}" contains "${illegal}", which is not part of a cron schedule.${hint} Use ${CRON_FORMS}.`,
    );
  }

  const misspelled = findMisspelledName(texts);
  if (misspelled !== null) throw badCron(`"${clip(given)}": ${misspelled}`);
  const validation = validateDetailed(resolved);
  if (!validation.valid || !validation.fields) throw badCron(explainInvalid(given, texts));
  const values = readValues(given, texts, validation.fields);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = values;
  if (!minute || !hour || !dayOfMonth || !month || !dayOfWeek) {
    throw new Error(`parseCronSchedule: expected 5 fields from node-cron for "${given}"`);
  }
  return {
    expression: nickname ?? given,
    minute,
    hour,
    dayOfMonth,
    month,
    dayOfWeek,
    domRestricted: dayOfMonth.length < 31,
    dowRestricted: dayOfWeek.length < 7,
  };
}

/**
 * The schedule in words via cronstrue with 24-hour times, e.g. `At 09:00, Monday through Friday`.
 * A field that allows every value is described as `*`, so `0-7` does not read "Sunday through Sunday".
 *
 * @throws XsaError `bad_cron` when the expression is not one `parseCronSchedule` accepts.
 */
export function describeCron(expression: string): string {
  const schedule = parseCronSchedule(expression);
  const texts = schedule.expression.startsWith('@') ? null : schedule.expression.split(' ');
  const described = texts
    ? FIELDS.map((field, i) =>
        schedule[field.key].length === field.max - field.min + 1 ? '*' : texts[i],
      ).join(' ')
    : schedule.expression;
  try {
    return cronstrue.toString(described, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    // cronstrue parses on its own, apart from node-cron: should it refuse a spelling node-cron
    // accepted, the schedule is still valid, so show it as written rather than fail the reply.
    return `cron \`${schedule.expression}\``;
  }
}

/** The values of each field as sorted numbers, refusing what node-cron keeps as text (`L`, `15W`, `5#2`). */
function readValues(given: string, texts: readonly string[], fields: ParsedFields): number[][] {
  return FIELDS.map((field, i) => {
    const numbers: number[] = [];
    for (const value of fields[field.key]) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < field.min || value > field.max) {
        const text = texts[i] ?? '';
        const where = text === String(value) ? '' : ` (in \`${text}\`)`;
        throw badCron(
          `"${clip(given)}": \`${String(value)}\` in the ${field.label} field${where} is a Quartz extension ` +
            '(L = last, W = nearest weekday, # = nth weekday) that is not supported here. ' +
            `Use numbers, ranges, lists and steps: ${CRON_FORMS}.`,
        );
      }
      numbers.push(value);
    }
    return [...new Set(numbers)].sort((a, b) => a - b);
  });
}

/**
 * Names the first wrong item: node-cron only reports a whole field, so each comma-separated item
 * of a failing field is tried on its own.
 */
function explainInvalid(given: string, texts: readonly string[]): string {
  for (const [i, field] of FIELDS.entries()) {
    const text = texts[i] ?? '';
    const bad = text.split(',').find((item) => !isValidItem(i, item));
    if (bad === undefined) continue;
    if (bad === '') {
      return `"${clip(given)}": \`${text}\` in the ${field.label} field has an empty item (two commas in a row, or one at an end). Use ${CRON_FORMS}.`;
    }
    return `"${clip(given)}": ${explainBadItem(i, bad)}`;
  }
  const [, , dayOfMonth = '', month = ''] = texts;
  const monthName = /^\d+$/.test(month) ? MONTH_NAMES[Number(month)] : undefined;
  return (
    `"${clip(given)}": day-of-month \`${dayOfMonth}\` never happens in month \`${month}\`` +
    `${monthName ? ` (${monthName})` : ''}, so it would never run. Use ${CRON_FORMS}.`
  );
}

function explainBadItem(fieldIndex: number, item: string): string {
  const field = FIELDS[fieldIndex];
  const what = field ? `a valid ${field.label} (${field.accepts})` : 'valid';
  return `\`${item}\` is not ${what}.${stepHint(item)} Use ${CRON_FORMS}.`;
}

function isValidItem(fieldIndex: number, item: string): boolean {
  if (item === '') return false;
  const probe = ['*', '*', '*', '*', '*'];
  probe[fieldIndex] = item;
  return validateDetailed(probe.join(' ')).valid;
}

function stepHint(item: string): string {
  const [, start, step] = /^(\d+)\/(\d+)$/.exec(item) ?? [];
  if (start !== undefined && step !== undefined) {
    return ` A step needs \`*\` or a range before it, e.g. \`${start}-59/${step}\` or \`*/${step}\`.`;
  }
  if (/\/0+$/.test(item)) return ' A step must be at least 1.';
  return '';
}

/**
 * node-cron turns names into numbers by replacing them wherever they appear in the field, so
 * `janfeb` would become `12` (December) and `sunmon` `01` (Monday): only whole names get through.
 */
function findMisspelledName(texts: readonly string[]): string | null {
  for (const [i, names] of [
    [3, MONTH_NAME_PATTERN],
    [4, WEEKDAY_NAME_PATTERN],
  ] as const) {
    for (const item of (texts[i] ?? '').split(',')) {
      const parts = item.split(/[-/]/);
      // Single letters (`L`, `5L`, `15W`) are Quartz tokens, refused later with their own message.
      if (parts.some((part) => /[a-z]{2}/i.test(part) && !names.test(part))) {
        return explainBadItem(i, item);
      }
    }
  }
  return null;
}

function explainFieldCount(given: string, texts: readonly string[]): string {
  const last = texts[texts.length - 1] ?? '';
  if (texts.length > 5 && LOOKS_LIKE_ZONE.test(last)) {
    return (
      `"${clip(given)}" ends in \`${last}\`, which looks like a time zone: the schedule itself is ` +
      `${CRON_FORMS}, and the zone comes after it.`
    );
  }
  if (texts.length === 6) {
    const rest = texts.slice(1).join(' ');
    const fix = validateDetailed(rest).valid ? ` Drop the first field: \`${rest}\`.` : '';
    return `"${clip(given)}" has 6 fields, not 5: schedules here have no seconds field.${fix} Use ${CRON_FORMS}.`;
  }
  return `"${clip(given)}" has ${texts.length} field${texts.length === 1 ? '' : 's'}, not 5. Use ${CRON_FORMS}.`;
}

function unquote(text: string): string {
  const quoted = /^(`+|")(.*)\1$/.exec(text);
  return quoted ? (quoted[2] ?? '').trim() : text;
}

function badCron(message: string): XsaError {
  return new XsaError('bad_cron', message);
}

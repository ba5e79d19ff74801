import { DateTime } from 'luxon';

/** A fixed instant in UTC; a typo in a fixture fails loudly instead of becoming an invalid DateTime. */
export function utc(iso: string): DateTime {
  const instant = DateTime.fromISO(iso, { zone: 'utc' });
  if (!instant.isValid) throw new Error(`bad fixture instant: ${iso}`);
  return instant;
}

/** Instants as ISO text in UTC, so objects compare by the instant they name, not by luxon identity. */
export function plain<T extends object>(value: T): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, v instanceof DateTime ? v.toUTC().toISO() : v]),
  );
}

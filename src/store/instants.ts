import { DateTime } from 'luxon';

/** UTC ISO text, the one format instants are stored in. */
export function toStoredInstant(instant: DateTime): string {
  return instant.toUTC().toISO() as string;
}

/** An instant read back from the database, in UTC. */
export function fromStored(text: string): DateTime;
export function fromStored(text: string | null): DateTime | null;
export function fromStored(text: string | null): DateTime | null {
  return text === null ? null : DateTime.fromISO(text, { zone: 'utc' });
}

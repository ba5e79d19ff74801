import type { AppContext } from '../context.js';
import { type ParsedInstant, parseInstant } from '../domain/time.js';

/** Reads a time the way rule 1 says, in the invoking user's Slack zone when the text names none. */
export async function readTime(ctx: AppContext, text: string, userId: string): Promise<ParsedInstant> {
  const userZone = /\d{1,2}:\d{2}\s*$/.test(text.trim()) ? await ctx.directory.userTimeZone(userId) : null;
  return parseInstant(text, userZone);
}

/** Says which zone a time without one was read in, so nobody is surprised by the result. */
export function describeZoneUsed(parsed: ParsedInstant): string {
  if (parsed.source === 'user') return ` (read in ${parsed.zone}, your Slack time zone)`;
  if (parsed.source === 'utc-default') return ' (read as UTC: your Slack profile has no time zone)';
  return '';
}

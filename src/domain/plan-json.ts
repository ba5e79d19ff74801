import type { DateTime } from 'luxon';
import type { Plan } from './plan.js';

/** An instant as the JSON answers give it: ISO 8601 in UTC, or null. */
export const isoUtc = (instant: DateTime | null): string | null =>
  instant ? (instant.toUTC().toISO() as string) : null;

/** Rule 6 as JSON, for the status and the report alike (the API's `projection`). */
export interface ProjectionJson {
  verdict: Plan['verdict']['kind'];
  finish_at: string | null;
  /** Minutes between the projected finish and the lift; negative when late. */
  margin_minutes: number | null;
  blocked_on: string[];
  held_by: { rule: 'notice' | 'window'; zones: string[]; earliest_start: string | null } | null;
  critical_region: string | null;
  regions: {
    region: string;
    finish_at: string | null;
    zones: { name: string; start: string | null; finish: string | null }[];
  }[];
}

/** Rule 6 as JSON: the verdict, the projected finish, and each region's plan (critical first). */
export function toProjectionJson(plan: Plan): ProjectionJson {
  const v = plan.verdict;
  const finish = v.kind === 'complete' ? v.finishedAt : v.kind === 'no_zones' ? null : v.finishAt;
  return {
    verdict: v.kind,
    finish_at: isoUtc(finish),
    margin_minutes:
      'marginMinutes' in v
        ? Math.round(v.marginMinutes)
        : v.kind === 'late'
          ? -Math.round(v.lateMinutes)
          : null,
    blocked_on: v.kind === 'blocked' ? v.blocked : [],
    held_by:
      v.kind === 'unreachable'
        ? { rule: v.rule, zones: v.zones, earliest_start: isoUtc(v.earliestStart) }
        : null,
    critical_region: plan.regions[0]?.region ?? null,
    regions: plan.regions.map((region) => ({
      region: region.region,
      finish_at: isoUtc(region.finish),
      zones: region.zones.map((z) => ({ name: z.zone, start: isoUtc(z.start), finish: isoUtc(z.finish) })),
    })),
  };
}

import type { DateTime } from 'luxon';
import { type Plan, planSettingsOf, projectPlan } from '../plan.js';
import { formatDuration, formatUtc } from '../time.js';
import { type CampaignRecord, zonesAt } from './record.js';

/**
 * The report's one door to rule 6: the projection as it stood at the lift (or at `now`, before the
 * lift), from the zones as they were then. Kept to this file, with its wording, so a new projection
 * is swapped in here alone.
 */
export function projectAtLift(
  record: CampaignRecord,
  now: DateTime,
): { at: DateTime; plan: Plan; text: string } {
  const at = now < record.campaign.liftAt ? now : record.campaign.liftAt;
  const zones = at < now ? zonesAt(record, at) : [...record.zones];
  const plan = projectPlan(zones, planSettingsOf(record.campaign), at);
  return { at, plan, text: describePlan(plan) };
}

const list = (names: string[]) => names.join(', ');

/** Rule 6 in plain words (no Slack markup), for files. */
export function describePlan(plan: Plan): string {
  const verdict = plan.verdict;
  const critical = plan.regions[0] ? ` (critical region ${plan.regions[0].region})` : '';
  switch (verdict.kind) {
    case 'no_zones':
      return 'No zones.';
    case 'complete':
      return `Complete ${formatUtc(verdict.finishedAt)}, ${formatDuration(Math.abs(verdict.marginMinutes))} ${verdict.marginMinutes >= 0 ? 'before' : 'after'} the lift.`;
    case 'blocked':
      return `Blocked on ${list(verdict.blocked)}.${verdict.finishAt ? ` The other zones would finish ~${formatUtc(verdict.finishAt)}.` : ''}`;
    case 'unreachable':
      return `Late: ${list(verdict.zones)} could not start before ${formatUtc(verdict.earliestStart)} (${verdict.rule === 'window' ? 'planned window' : 'customer notice'}); finish ~${formatUtc(verdict.finishAt)}.`;
    case 'late':
      return `Late by ${formatDuration(verdict.lateMinutes)}: finish ~${formatUtc(verdict.finishAt)}${critical}.`;
    case 'too_early':
      return `Too early to tell (no zone done yet): on the default duration, finish ~${formatUtc(verdict.finishAt)}, ${formatDuration(verdict.marginMinutes)} before the lift.`;
    case 'at_risk':
      return `At risk: finish ~${formatUtc(verdict.finishAt)}${critical}, only ${formatDuration(verdict.marginMinutes)} before the lift.`;
    case 'on_track':
      return `On track: finish ~${formatUtc(verdict.finishAt)}${critical}, ${formatDuration(verdict.marginMinutes)} before the lift.`;
  }
}

import type { DateTime } from 'luxon';
import { planSettingsOf, projectPlan } from './plan.js';
import { formatCheckpoint } from './schedule.js';
import { formatDuration, formatInstant } from './time.js';
import type { Campaign, Zone } from './types.js';

/** Case, punctuation and spaces removed: `XSA108` and `xsa-108` compare equal (rule 2). */
const normalise = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Rule 2: the secret an alias would give away (the id, a CVE id or the title), compared after
 * normalising case, punctuation and spaces; null when the alias is safe.
 */
export function findAliasLeak(
  alias: string,
  secrets: { id: string; cves: readonly string[]; title: string | null },
): string | null {
  const plain = normalise(alias);
  const candidates = [secrets.id, ...secrets.cves, ...(secrets.title ? [secrets.title] : [])];
  return candidates.find((secret) => normalise(secret) !== '' && plain.includes(normalise(secret))) ?? null;
}

/** A lead time as people write it: `48h`, `1h 30m`, `7d`. */
export const formatLead = (minutes: number) => formatCheckpoint(minutes).slice('T-'.length);

/**
 * What makes the lift unreachable under the campaign's own rules, in words: a notice lead time
 * longer than the time left for customers not yet told, and a plan (wave rule, durations) that
 * ends after the lift. Empty when nothing does, or the lift has passed.
 */
export function reachabilityWarnings(campaign: Campaign, zones: readonly Zone[], now: DateTime): string[] {
  if (now >= campaign.liftAt) return [];
  const lead = campaign.noticeLeadMinutes;
  if (zones.length === 0) {
    if (lead === null || now.plus({ minutes: lead }) < campaign.liftAt) return [];
    return [
      `With ${formatLead(lead)} notice, customers told now allow a start at ${formatInstant(now.plus({ minutes: lead }))}, after the lift: no zone can start in time without \`force\`.`,
    ];
  }
  const { verdict } = projectPlan(zones, planSettingsOf(campaign), now);
  const late = (finishAt: DateTime) =>
    `the last zone finishes ~${formatInstant(finishAt)}, ${formatDuration(finishAt.diff(campaign.liftAt, 'minutes').minutes)} after the lift`;
  if (verdict.kind === 'unreachable') {
    const names =
      verdict.zones.length <= 5
        ? verdict.zones.join(', ')
        : `${verdict.zones.slice(0, 5).join(', ')} and ${verdict.zones.length - 5} more`;
    const why =
      verdict.rule === 'notice' && lead !== null
        ? `With ${formatLead(lead)} notice (customers not notified yet counted as told now)`
        : 'By their planned windows';
    return [
      `${why}, ${names} may not start before ${formatInstant(verdict.earliestStart)}, after the lift: ${late(verdict.finishAt)}.`,
    ];
  }
  if (verdict.kind === 'late') {
    return [
      `On the current plan (at most ${campaign.waveSize} zone${campaign.waveSize === 1 ? '' : 's'} per region at once) ${late(verdict.finishAt)}.`,
    ];
  }
  return [];
}

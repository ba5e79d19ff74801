import type { DateTime } from 'luxon';
import { type Projection, projectCompletion } from '../progress.js';
import { formatDuration, formatUtc } from '../time.js';
import { type CampaignRecord, zonesAt } from './record.js';

/**
 * The report's one door to rule 6: the projection as it stood at the lift (or at `now`, before the
 * lift), from the zones as they were then. Kept to this file, with its wording, so a new projection
 * is swapped in here alone.
 */
export function projectAtLift(record: CampaignRecord, now: DateTime): { at: DateTime; text: string } {
  const at = now < record.campaign.liftAt ? now : record.campaign.liftAt;
  const zones = at < now ? zonesAt(record, at) : [...record.zones];
  return { at, text: describeProjection(projectCompletion(zones, record.campaign.liftAt, at)) };
}

const unitOf = (unit: string, n: number) => (n === 1 ? unit.slice(0, -1) : unit);
const rate = (n: number) => (n >= 10 ? Math.round(n).toString() : n.toFixed(1));
const VERDICT = { on_track: 'On track', at_risk: 'At risk', late: 'Late' } as const;

/** Rule 6 in plain words (no Slack markup), for files. */
export function describeProjection(projection: Projection): string {
  switch (projection.kind) {
    case 'no_zones':
      return 'No zones.';
    case 'complete':
      return `Complete ${formatUtc(projection.finishedAt)}, ${formatDuration(projection.marginMinutes)} ${projection.marginMinutes >= 0 ? 'before' : 'after'} the lift.`;
    case 'not_started':
      return projection.neededPerHour === null
        ? `Late: nothing started and the lift had passed (${projection.remaining} ${unitOf(projection.unit, projection.remaining)} to go).`
        : `Nothing started. Needed ${rate(projection.neededPerHour)} ${projection.unit}/h to finish before the lift (${projection.remaining} ${unitOf(projection.unit, projection.remaining)} to go).`;
    case 'no_pace':
      return `${VERDICT[projection.verdict]}: started ${formatUtc(projection.since)}, nothing finished (${projection.remaining} ${unitOf(projection.unit, projection.remaining)} to go).`;
    case 'projected': {
      const finish = `finish ~${formatUtc(projection.finishAt)} at ${rate(projection.pacePerHour)} ${projection.unit}/h`;
      return projection.verdict === 'late'
        ? `Late by ${formatDuration(-projection.marginMinutes)}: ${finish}.`
        : `${VERDICT[projection.verdict]}: ${finish}, ${formatDuration(projection.marginMinutes)} before the lift.`;
    }
  }
}

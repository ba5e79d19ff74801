import type { DateTime } from 'luxon';
import type { Campaign } from './types.js';

/**
 * Rule 2: before the lift, secrets stay inside the war room and with responders. True when what
 * `audience` sees must show the alias instead of the advisory's id, title, CVEs and reasons.
 */
export function mustRedact(
  campaign: Campaign,
  now: DateTime,
  audience: { responder: boolean; publicInChannel: string | null },
): boolean {
  if (now >= campaign.liftAt) return false;
  if (!audience.responder) return true;
  return audience.publicInChannel !== null && audience.publicInChannel !== campaign.warRoomChannel;
}

import type { DateTime } from 'luxon';

export type ZoneState = 'pending' | 'in_progress' | 'done' | 'blocked';

/** One advisory's patch campaign. Every instant is a UTC luxon DateTime. */
export interface Campaign {
  id: string;
  title: string | null;
  cves: string[];
  liftAt: DateTime;
  /** Words used wherever the advisory may not be named (rule 2). */
  alias: string;
  warRoomChannel: string;
  /** Minutes customers must have been notified before their zone starts (rule 5); null = no rule. */
  noticeLeadMinutes: number | null;
  /** At most this many zones of one region in progress at once (rule 4). */
  waveSize: number;
  /** A zone's projected duration when no zone is done yet and it has no planned window (rule 6). */
  zoneMinutes: number;
  createdBy: string;
  createdAt: DateTime;
  closedAt: DateTime | null;
  /**
   * Why fixes may not be deployed before the lift (an imported advisory's DEPLOYMENT DURING
   * EMBARGO section); null or absent when deployment is not restricted.
   */
  deploymentRestriction?: string | null;
}

export interface Zone {
  campaignId: string;
  name: string;
  region: string;
  hostsTotal: number | null;
  hostsPatched: number;
  windowStart: DateTime | null;
  windowEnd: DateTime | null;
  state: ZoneState;
  blockedReason: string | null;
  startedAt: DateTime | null;
  doneAt: DateTime | null;
  owner: string | null;
  notifiedAt: DateTime | null;
}

export interface AuditEvent {
  id: number;
  campaignId: string;
  zone: string | null;
  kind: string;
  actor: string;
  at: DateTime;
  details: Record<string, unknown>;
}

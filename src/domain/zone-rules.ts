import type { DateTime } from 'luxon';
import { type ErrorCode, XsaError } from './errors.js';
import { formatCheckpoint } from './schedule.js';
import { formatInstant } from './time.js';
import type { Campaign, Zone } from './types.js';

/** What a rule decided about a zone: a new zone and the audit event that explains it, or no change. */
export type ZoneChange =
  | { changed: true; zone: Zone; kind: string; details: Record<string, unknown>; summary: string }
  | { changed: false; zone: Zone; summary: string };

/** The rules that may refuse a start, which `force` overrides. */
export type StartRule = 'wave' | 'notice' | 'deployment';

const RULE_CODES: Record<StartRule, ErrorCode> = {
  wave: 'wave_limit',
  notice: 'notice_required',
  deployment: 'deployment_embargo',
};

const unchanged = (zone: Zone, summary: string): ZoneChange => ({ changed: false, zone, summary });

/** Why a rule refuses a start: what is wrong, and (for a command) how to go ahead anyway. */
interface Conflict {
  why: string;
  hint: string;
}

/**
 * A start refused by the wave or notice rule (4, 5) or the advisory's deployment restriction: which rules, and why, in words that fit a
 * button's answer as well as a command's (the message adds the command's `force` hints).
 */
export class StartRefused extends XsaError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly zone: string,
    readonly conflicts: readonly { rule: StartRule; why: string }[],
  ) {
    super(code, message);
  }
}

/** Rule 4: the reason starting `zone` would break the wave limit of its region, or null. */
export function checkWave(zone: Zone, zones: readonly Zone[], waveSize: number): string | null {
  const conflict = waveConflict(zone, zones, waveSize);
  return conflict && `${conflict.why} ${conflict.hint}`;
}

/** Rule 5: the reason starting `zone` now would break the customer-notice lead time, or null. */
export function checkNotice(zone: Zone, noticeLeadMinutes: number | null, now: DateTime): string | null {
  const conflict = noticeConflict(zone, noticeLeadMinutes, now);
  return conflict && `${conflict.why} ${conflict.hint}`;
}

function waveConflict(zone: Zone, zones: readonly Zone[], waveSize: number): Conflict | null {
  // A zone blocked part-way keeps its place in the wave: unblockZone puts it straight back in
  // progress without seeing the other zones, so freeing its place would let the region overfill.
  const running = zones.filter(
    (z) =>
      z.region === zone.region &&
      z.name !== zone.name &&
      (z.state === 'in_progress' || (z.state === 'blocked' && z.startedAt !== null)),
  );
  if (running.length < waveSize) return null;
  const names = running
    .map((z) => (z.state === 'blocked' ? `${z.name} — blocked part-way` : z.name))
    .join(', ');
  return {
    why: `region ${zone.region} already has ${running.length} zone${running.length === 1 ? '' : 's'} in progress (${names}) and the wave limit is ${waveSize}.`,
    hint: `Finish ${running.length === 1 ? 'it' : 'one'} first, or add \`force\`.`,
  };
}

function noticeConflict(zone: Zone, noticeLeadMinutes: number | null, now: DateTime): Conflict | null {
  if (noticeLeadMinutes === null) return null;
  // `48h`, `1h 30m`, `7d`: a lead time reads best without the zero units a countdown keeps.
  const lead = formatCheckpoint(noticeLeadMinutes).slice('T-'.length);
  if (!zone.notifiedAt) {
    return {
      why: `customers of ${zone.name} have not been notified, and this campaign needs ${lead} notice.`,
      hint: `Run \`/xsa notified ${zone.name}\` and start after ${lead}, or add \`force\`.`,
    };
  }
  const earliest = zone.notifiedAt.plus({ minutes: noticeLeadMinutes });
  if (now >= earliest) return null;
  return {
    why: `customers of ${zone.name} were notified ${formatInstant(zone.notifiedAt)}, less than the ${lead} notice this campaign needs. Earliest start: ${formatInstant(earliest)}.`,
    hint: 'Add `force` to start anyway.',
  };
}

/** The advisory's restriction: why starting a zone before the lift is refused, or null. */
function deploymentConflict(campaign: Campaign, now: DateTime): Conflict | null {
  if (!campaign.deploymentRestriction || now >= campaign.liftAt) return null;
  return {
    why: `the advisory does not permit deploying fixes before the lift (${formatInstant(campaign.liftAt)}): "${campaign.deploymentRestriction}"`,
    hint: 'Start after the lift, or add `force`.',
  };
}

/** Starts a pending zone, enforcing the wave and notice rules unless `force` overrides them. */
export function startZone(
  zone: Zone,
  context: {
    campaign: Campaign;
    zones: readonly Zone[];
    now: DateTime;
    /** Becomes the owner of a zone that has none; null when the actor is not a person (an API token). */
    actor: string | null;
    force: boolean;
  },
): ZoneChange {
  if (zone.state === 'in_progress') return unchanged(zone, `${zone.name} is already in progress.`);
  if (zone.state === 'done')
    throw new XsaError('zone_done', `${zone.name} is already done; there is nothing to start.`);
  if (zone.state === 'blocked') {
    throw new XsaError(
      'zone_blocked',
      `${zone.name} is blocked (${zone.blockedReason}). Run \`/xsa unblock ${zone.name}\` first.`,
    );
  }
  const conflicts = {
    wave: waveConflict(zone, context.zones, context.campaign.waveSize),
    notice: noticeConflict(zone, context.campaign.noticeLeadMinutes, context.now),
    deployment: deploymentConflict(context.campaign, context.now),
  };
  const broken = (['wave', 'notice', 'deployment'] as const).flatMap((rule) => {
    const conflict = conflicts[rule];
    return conflict ? [{ rule, ...conflict }] : [];
  });
  const overridden = broken.map((c) => [c.rule, `${c.why} ${c.hint}`] as const);
  if (broken.length > 0 && !context.force) {
    // Every broken rule at once, so fixing one does not reveal the next on the following try.
    throw new StartRefused(
      RULE_CODES[broken[0]?.rule ?? 'wave'],
      `Can't start ${zone.name}: ${overridden.map(([, reason]) => reason).join(' Also, ')}`,
      zone.name,
      broken.map(({ rule, why }) => ({ rule, why })),
    );
  }
  const next: Zone = {
    ...zone,
    state: 'in_progress',
    startedAt: context.now,
    owner: zone.owner ?? context.actor,
  };
  const forced = overridden.map(([rule]) => rule);
  return {
    changed: true,
    zone: next,
    kind: 'zone.started',
    details:
      forced.length > 0 ? { force: true, overrode: forced, reasons: overridden.map(([, r]) => r) } : {},
    summary: `${zone.name} started${forced.length > 0 ? ` (forced past the ${forced.join(' and ')} rule${forced.length > 1 ? 's' : ''})` : ''}.`,
  };
}

/** Marks an in-progress zone done; a done zone's hosts all count as patched. */
export function markZoneDone(zone: Zone, now: DateTime): ZoneChange {
  if (zone.state === 'done') return unchanged(zone, `${zone.name} is already done.`);
  if (zone.state === 'pending') {
    throw new XsaError('not_started', `${zone.name} has not started. Run \`/xsa start ${zone.name}\` first.`);
  }
  if (zone.state === 'blocked') {
    throw new XsaError(
      'zone_blocked',
      `${zone.name} is blocked (${zone.blockedReason}). Run \`/xsa unblock ${zone.name}\` first.`,
    );
  }
  return {
    changed: true,
    zone: { ...zone, state: 'done', doneAt: now, hostsPatched: zone.hostsTotal ?? zone.hostsPatched },
    kind: 'zone.done',
    details: {},
    summary: `${zone.name} is done.`,
  };
}

/** Records how many hosts of a zone are patched, and optionally its host count. */
export function recordProgress(zone: Zone, patched: number, total: number | null): ZoneChange {
  if (zone.state === 'done')
    throw new XsaError('zone_done', `${zone.name} is already done; its hosts all count as patched.`);
  // A zone blocked before it ever started has not started either: hosts patched there would be a
  // start the audit trail never saw, and would come back as a pending zone with patched hosts.
  if (zone.state === 'pending' || (zone.state === 'blocked' && zone.startedAt === null)) {
    const next =
      zone.state === 'blocked'
        ? `It is blocked; run \`/xsa unblock ${zone.name}\`, then \`/xsa start ${zone.name}\`.`
        : `Run \`/xsa start ${zone.name}\` first.`;
    throw new XsaError('not_started', `${zone.name} has not started. ${next}`);
  }
  const hostsTotal = total ?? zone.hostsTotal;
  if (hostsTotal !== null && patched > hostsTotal) {
    throw new XsaError(
      'bad_progress',
      `${patched} hosts patched is more than the ${hostsTotal} hosts of ${zone.name}. Give \`<N>/<TOTAL>\` to change the total, e.g. \`/xsa progress ${zone.name} ${patched}/${patched}\`.`,
    );
  }
  if (patched === zone.hostsPatched && hostsTotal === zone.hostsTotal) {
    return unchanged(
      zone,
      `${zone.name} already has ${patched}${hostsTotal === null ? '' : `/${hostsTotal}`} hosts patched.`,
    );
  }
  return {
    changed: true,
    zone: { ...zone, hostsPatched: patched, hostsTotal },
    kind: 'zone.progress',
    details: { from: zone.hostsPatched, to: patched, ...(total !== null ? { hostsTotal: total } : {}) },
    summary: `${zone.name}: ${patched}${hostsTotal === null ? '' : `/${hostsTotal}`} hosts patched.`,
  };
}

/** Blocks a zone that is not done, with the reason (shown only to responders before the lift). */
export function blockZone(zone: Zone, reason: string): ZoneChange {
  if (zone.state === 'done')
    throw new XsaError('zone_done', `${zone.name} is already done; it can't be blocked.`);
  if (zone.state === 'blocked' && zone.blockedReason === reason) {
    return unchanged(zone, `${zone.name} is already blocked: ${reason}`);
  }
  return {
    changed: true,
    zone: { ...zone, state: 'blocked', blockedReason: reason },
    kind: 'zone.blocked',
    details: { reason, ...(zone.state === 'blocked' ? { previousReason: zone.blockedReason } : {}) },
    summary: `${zone.name} is blocked: ${reason}`,
  };
}

/** Lifts a blocker: the zone goes back to in progress if it had started, else to pending. */
export function unblockZone(zone: Zone): ZoneChange {
  if (zone.state !== 'blocked') return unchanged(zone, `${zone.name} is not blocked.`);
  const state = zone.startedAt ? 'in_progress' : 'pending';
  return {
    changed: true,
    zone: { ...zone, state, blockedReason: null },
    kind: 'zone.unblocked',
    details: { reason: zone.blockedReason },
    summary: `${zone.name} is unblocked (${state === 'in_progress' ? 'in progress' : 'pending'}).`,
  };
}

/** Records that the zone's customers were told now; telling them again changes nothing. */
export function markNotified(zone: Zone, now: DateTime): ZoneChange {
  if (zone.notifiedAt)
    return unchanged(
      zone,
      `${zone.name}: customers were already notified ${formatInstant(zone.notifiedAt)}.`,
    );
  return {
    changed: true,
    zone: { ...zone, notifiedAt: now },
    kind: 'zone.notified',
    details: {},
    summary: `${zone.name}: customers notified.`,
  };
}

import type { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { XsaError } from '../domain/errors.js';
import {
  computeExposure,
  type Exposure,
  type Projection,
  projectCompletion,
  summarizeZones,
  type Totals,
} from '../domain/progress.js';
import type { AuditEvent, Campaign, Zone } from '../domain/types.js';
import type { DeliveryProblem } from '../store/outbox-store.js';
import { isResponder, resolveCampaign } from './access.js';
import type { Invocation } from './campaign-commands.js';

/** Everything the status message shows, and whether it must hide the advisory (rule 2). */
export interface StatusView {
  campaign: Campaign;
  zones: Zone[];
  totals: Totals;
  projection: Projection;
  exposure: Exposure;
  now: DateTime;
  redacted: boolean;
  /** Shown in the war room to responders, so it may carry buttons that change zones. */
  inWarRoom: boolean;
  /** Channels the bot's own posts could not reach, and why. */
  deliveryProblems: DeliveryProblem[];
}

/** Rule 2: before the lift, secrets stay inside the war room and with responders. */
export function mustRedact(
  campaign: Campaign,
  now: DateTime,
  audience: { responder: boolean; publicInChannel: string | null },
): boolean {
  if (now >= campaign.liftAt) return false;
  if (!audience.responder) return true;
  return audience.publicInChannel !== null && audience.publicInChannel !== campaign.warRoomChannel;
}

export function buildStatusView(
  campaign: Campaign,
  zones: Zone[],
  now: DateTime,
  redacted: boolean,
  inWarRoom: boolean,
): StatusView {
  return {
    campaign,
    zones,
    totals: summarizeZones(zones),
    projection: projectCompletion(zones, campaign.liftAt, now),
    exposure: computeExposure(zones, campaign.liftAt, now),
    now,
    redacted,
    inWarRoom,
    deliveryProblems: [],
  };
}

/** Who sees a status, decided before anything is read or rendered: the campaign, and what to hide. */
export interface StatusAudience {
  campaign: Campaign;
  now: DateTime;
  redacted: boolean;
  inWarRoom: boolean;
  /**
   * Changes whenever what the status shows may change, except `now`: the campaign's latest audit
   * event (every change writes one) and, unredacted, the delivery problems. A render cache keys on it.
   */
  version: string;
}

/** The access half of `/xsa status`: resolves the campaign and decides what the viewer may see (rule 2). */
export async function getStatusAudience(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; share: boolean },
): Promise<StatusAudience & { deliveryProblems: DeliveryProblem[] }> {
  const campaign = resolveCampaign(ctx, request.campaign, who.channelId);
  const now = ctx.clock.now();
  const responder = await isResponder(ctx, campaign, who.userId);
  const redacted = mustRedact(campaign, now, {
    responder,
    publicInChannel: request.share ? who.channelId : null,
  });
  const inWarRoom = responder && who.channelId === campaign.warRoomChannel && !campaign.closedAt;
  const deliveryProblems = redacted ? [] : ctx.outbox.deliveryProblems(campaign.id);
  const version = `${ctx.reminders.latestEventId(campaign.id)}:${JSON.stringify(deliveryProblems)}`;
  return { campaign, now, redacted, inWarRoom, version, deliveryProblems };
}

/** The view half: reads the zones and computes totals, projection and exposure. */
export function buildAudienceView(
  ctx: AppContext,
  audience: StatusAudience & { deliveryProblems: DeliveryProblem[] },
): StatusView {
  const { campaign, now, redacted, inWarRoom, deliveryProblems } = audience;
  const view = buildStatusView(campaign, ctx.campaigns.zones(campaign.id), now, redacted, inWarRoom);
  return { ...view, deliveryProblems };
}

/** `/xsa status [share]`: the full view for a responder, the redacted one for anyone else or a share outside the war room. */
export async function getStatus(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; share: boolean },
): Promise<StatusView> {
  return buildAudienceView(ctx, await getStatusAudience(ctx, who, request));
}

export interface ListEntry {
  campaign: Campaign;
  totals: Totals;
  projection: Projection;
  redacted: boolean;
  blockedZones: Zone[];
}

/** `/xsa list` and the App Home: open campaigns, named for their responders and by alias for everyone else. */
export async function listCampaigns(
  ctx: AppContext,
  who: Invocation,
): Promise<{ entries: ListEntry[]; now: DateTime }> {
  const now = ctx.clock.now();
  const entries: ListEntry[] = [];
  for (const campaign of ctx.campaigns.openCampaigns()) {
    const responder = await isResponder(ctx, campaign, who.userId).catch(() => false);
    const zones = ctx.campaigns.zones(campaign.id);
    entries.push({
      campaign,
      totals: summarizeZones(zones),
      projection: projectCompletion(zones, campaign.liftAt, now),
      redacted: mustRedact(campaign, now, { responder, publicInChannel: null }),
      blockedZones: zones.filter((z) => z.state === 'blocked'),
    });
  }
  return { entries, now };
}

export interface TimelineView {
  campaign: Campaign;
  events: AuditEvent[];
  exposure: Exposure;
  now: DateTime;
}

/** `/xsa timeline`: the audit trail and exposure, for responders (it names people and blockers). */
export async function getTimeline(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null },
): Promise<TimelineView> {
  const campaign = resolveCampaign(ctx, request.campaign, who.channelId);
  if (!(await isResponder(ctx, campaign, who.userId))) {
    throw new XsaError(
      'not_responder',
      'Only responders can read the timeline: members of the war room and the admins named in XSA_ADMINS.',
    );
  }
  const now = ctx.clock.now();
  return {
    campaign,
    events: ctx.campaigns.events(campaign.id),
    exposure: computeExposure(ctx.campaigns.zones(campaign.id), campaign.liftAt, now),
    now,
  };
}

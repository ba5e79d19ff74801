import type { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { XsaError } from '../domain/errors.js';
import { type Plan, planSettingsOf, projectPlan } from '../domain/plan.js';
import { computeExposure, type Exposure, summarizeZones, type Totals } from '../domain/progress.js';
import { mustRedact } from '../domain/secrecy.js';
import type { AuditEvent, Campaign, Zone } from '../domain/types.js';
import type { DeliveryProblem } from '../store/outbox-store.js';
import { findCampaignFor, isResponder, requireResponder } from './access.js';
import type { Invocation } from './campaign-commands.js';

/** Everything the status message shows, and whether it must hide the advisory (rule 2). */
export interface StatusView {
  campaign: Campaign;
  zones: Zone[];
  totals: Totals;
  projection: Plan;
  exposure: Exposure;
  now: DateTime;
  redacted: boolean;
  /** Shown in the war room to responders, so it may carry buttons that change zones. */
  inWarRoom: boolean;
  /** Posted for everyone in a channel by `/xsa status share`, rather than shown to one person. */
  shared: boolean;
  /** Channels the bot's own posts could not reach, and why. */
  deliveryProblems: DeliveryProblem[];
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
    projection: projectPlan(zones, planSettingsOf(campaign), now),
    exposure: computeExposure(zones, campaign.liftAt, now),
    now,
    redacted,
    inWarRoom,
    shared: false,
    deliveryProblems: [],
  };
}

/**
 * The open campaign a channel that is no war room is subscribed to: where the bot already posts its
 * reminders, `/xsa status` with no id shows it (redacted for outsiders before the lift). Only when
 * there is exactly one: an error listing several would name them.
 */
function subscribedCampaign(ctx: AppContext, channelId: string): Campaign | null {
  if (ctx.campaigns.openCampaignsInChannel(channelId).length > 0) return null;
  const open = ctx.reminders
    .subscribedTo(channelId)
    .map((id) => ctx.campaigns.findCampaign(id))
    .filter((c): c is Campaign => c !== null && c.closedAt === null);
  return open.length === 1 ? (open[0] ?? null) : null;
}

/** Who sees a status, decided before anything is read or rendered: the campaign, and what to hide. */
export interface StatusAudience {
  campaign: Campaign;
  now: DateTime;
  redacted: boolean;
  inWarRoom: boolean;
  /** Posted in a channel with `share`: the message does not tell its readers how to share it. */
  shared: boolean;
  /**
   * Changes whenever what the status shows may change, except `now`: the campaign's latest audit
   * event (every change writes one) and, unredacted, the delivery problems. A render cache keys on it.
   */
  version: string;
}

/**
 * The access half of `/xsa status [share [<#channel>]]`: resolves the campaign and decides what the
 * viewer may see — the full view for a responder, the redacted one for anyone else or a share into
 * another channel before the lift. Before the lift, sharing is done from the war room by a responder
 * (rule 2): elsewhere the typed command would sit above the post, id and all.
 */
export async function getStatusAudience(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; share: boolean; shareTo?: string | null },
): Promise<StatusAudience & { deliveryProblems: DeliveryProblem[] }> {
  const campaign =
    (request.campaign === null ? subscribedCampaign(ctx, who.channelId) : null) ??
    (await findCampaignFor(ctx, who, request.campaign));
  const now = ctx.clock.now();
  const responder = await isResponder(ctx, campaign, who.userId);
  const shareTo = request.shareTo ?? null;
  if (request.share && now < campaign.liftAt) {
    if (who.channelId !== campaign.warRoomChannel) {
      throw new XsaError(
        'share_outside_war_room',
        'Before the lift, a status is shared from the war room, so no command naming the advisory shows up anywhere else. In the war room, `/xsa status share` posts it there and `/xsa status share #channel` posts the redacted form in #channel. (Only you saw the command you just typed.)',
      );
    }
    if (!responder) await requireResponder(ctx, campaign, who.userId);
  }
  const redacted = mustRedact(campaign, now, {
    responder,
    publicInChannel: request.share ? (shareTo ?? who.channelId) : null,
  });
  const inWarRoom =
    responder && who.channelId === campaign.warRoomChannel && shareTo === null && !campaign.closedAt;
  const deliveryProblems = redacted ? [] : ctx.outbox.deliveryProblems(campaign.id);
  const version = `${ctx.reminders.latestEventId(campaign.id)}:${JSON.stringify(deliveryProblems)}`;
  return { campaign, now, redacted, inWarRoom, shared: request.share, version, deliveryProblems };
}

/** The view half: reads the zones and computes totals, projection and exposure. */
export function buildAudienceView(
  ctx: AppContext,
  audience: StatusAudience & { deliveryProblems: DeliveryProblem[] },
): StatusView {
  const { campaign, now, redacted, inWarRoom, shared, deliveryProblems } = audience;
  const view = buildStatusView(campaign, ctx.campaigns.zones(campaign.id), now, redacted, inWarRoom);
  return { ...view, shared, ...(redacted ? {} : { deliveryProblems }) };
}

/** `/xsa status [share [<#channel>]]`, read and built in one go (the listener caches the render instead). */
export async function getStatus(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; share: boolean; shareTo?: string | null },
): Promise<StatusView> {
  return buildAudienceView(ctx, await getStatusAudience(ctx, who, request));
}

export interface ListEntry {
  campaign: Campaign;
  totals: Totals;
  projection: Plan;
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
      projection: projectPlan(zones, planSettingsOf(campaign), now),
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
  /** Zones in the campaign now: "none exposed" means little when there are none. */
  zoneCount: number;
  now: DateTime;
}

/** `/xsa timeline`: the audit trail and exposure, for responders (it names people and blockers). */
export async function getTimeline(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null },
): Promise<TimelineView> {
  const campaign = await findCampaignFor(ctx, who, request.campaign);
  if (!(await isResponder(ctx, campaign, who.userId))) {
    throw new XsaError(
      'not_responder',
      'Only responders can read the timeline: members of the war room and the admins named in XSA_ADMINS.',
    );
  }
  const now = ctx.clock.now();
  const zones = ctx.campaigns.zones(campaign.id);
  return {
    campaign,
    events: ctx.campaigns.events(campaign.id),
    exposure: computeExposure(zones, campaign.liftAt, now),
    zoneCount: zones.length,
    now,
  };
}

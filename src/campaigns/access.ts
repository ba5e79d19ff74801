import type { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { XsaError } from '../domain/errors.js';
import { clip } from '../domain/limits.js';
import type { Campaign } from '../domain/types.js';
import type { NewEvent } from '../store/campaign-store.js';

/** Who ran a command, and where. */
export interface Invocation {
  /** A Slack user id, or for an API request the token's name (the audit trail's actor). */
  userId: string;
  channelId: string;
  /** Set for an HTTP API request: the campaign its token is scoped to, which stands in for rule 3. */
  tokenCampaign?: string;
}

/** A campaign-wide audit event (no zone) by the person who ran the command, at `at`. */
export function campaignEvent(
  campaignId: string,
  who: Invocation,
  at: DateTime,
  kind: string,
  details: Record<string, unknown>,
): NewEvent {
  return { campaignId, zone: null, kind, actor: who.userId, at, details };
}

/** Rule 3: responders are the war room's members and the configured admins. */
export async function isResponder(ctx: AppContext, campaign: Campaign, userId: string): Promise<boolean> {
  if (ctx.config.admins.includes(userId)) return true;
  const members = await ctx.directory.channelMembers(campaign.warRoomChannel);
  return members.has(userId);
}

export async function requireResponder(ctx: AppContext, campaign: Campaign, userId: string): Promise<void> {
  if (await isResponder(ctx, campaign, userId)) return;
  // Deliberately names neither the campaign nor its war room: the refusal may reach an outsider (rule 2).
  throw new XsaError(
    'not_responder',
    'Only responders can change this campaign: members of its war room channel and the admins named in XSA_ADMINS. Ask a responder to add you to the war room.',
  );
}

/**
 * The one answer for a campaign id this user may not know of (rule 2, no oracle): the same words
 * whether no campaign has the id or one does whose secret this user may not learn.
 */
export function unknownCampaign(named: string): XsaError {
  return new XsaError(
    'unknown_campaign',
    `There is no campaign ${clip(named)} that you can see. \`/xsa list\` shows the ones you can see; a responder can also run the command in the campaign's war room.`,
  );
}

/**
 * Whether this user may learn that `campaign` exists under its id: after the lift anyone may; before
 * it, its responders — and whoever runs a command in its war room (they are in that channel).
 * A member list Slack will not give counts as "no": an error naming the campaign or its war room
 * would answer the question itself.
 */
export async function mayKnowOf(ctx: AppContext, campaign: Campaign, who: Invocation): Promise<boolean> {
  if (ctx.clock.now() >= campaign.liftAt) return true;
  if (who.channelId === campaign.warRoomChannel) return true;
  return isResponder(ctx, campaign, who.userId).catch(() => false);
}

/**
 * Finds the campaign a command is about: the one named (if this user may know of it, else exactly
 * the answer for an id nobody uses), or else the open campaign whose war room is the channel the
 * command was run in. Every use case that takes an id comes through here.
 */
export async function findCampaignFor(
  ctx: AppContext,
  who: Invocation,
  named: string | null,
): Promise<Campaign> {
  if (named !== null) {
    const campaign = ctx.campaigns.findCampaign(named);
    if (!campaign || !(await mayKnowOf(ctx, campaign, who))) throw unknownCampaign(named);
    return campaign;
  }
  return campaignOfChannel(ctx, who.channelId);
}

function campaignOfChannel(ctx: AppContext, channelId: string): Campaign {
  const here = ctx.campaigns.openCampaignsInChannel(channelId);
  if (here.length === 1 && here[0]) return here[0];
  if (here.length === 0) {
    throw new XsaError(
      'no_campaign_here',
      'This channel is not the war room of an open campaign. Name the campaign with `in <ID>`, e.g. `/xsa status in XSA-108`, or run the command in its war room.',
    );
  }
  throw new XsaError(
    'several_campaigns',
    `This channel is the war room of ${here.length} open campaigns (${here.map((c) => c.id).join(', ')}). Say which with \`in <ID>\`, e.g. \`/xsa status in ${here[0]?.id}\`.`,
  );
}

/** A closed campaign can be read but not changed. */
export function requireOpen(campaign: Campaign): void {
  if (campaign.closedAt) {
    throw new XsaError('campaign_closed', `${campaign.id} is closed; it can no longer be changed.`);
  }
}

/** The campaign a responder's command changes: resolved, the invoker checked, and still open. */
export async function campaignToChange(
  ctx: AppContext,
  who: Invocation,
  named: string | null,
): Promise<Campaign> {
  let campaign: Campaign;
  if (who.tokenCampaign !== undefined) {
    // An API token: its own campaign only (the API answers 403 for another).
    const found = named === null ? campaignOfChannel(ctx, who.channelId) : ctx.campaigns.findCampaign(named);
    if (!found) throw unknownCampaign(named ?? '');
    campaign = found;
    if (who.tokenCampaign.toLowerCase() !== campaign.id.toLowerCase()) {
      throw new XsaError('forbidden', 'This token belongs to another campaign.');
    }
  } else {
    campaign = await findCampaignFor(ctx, who, named);
    await requireResponder(ctx, campaign, who.userId);
  }
  requireOpen(campaign);
  return campaign;
}

/**
 * Like campaignToChange, with no oracle (rule 2): before the lift, an outsider who names a campaign
 * gets exactly the answer for a campaign that does not exist.
 */
export async function campaignToChangeNoOracle(
  ctx: AppContext,
  who: Invocation,
  named: string | null,
  { evenClosed = false }: { evenClosed?: boolean } = {},
): Promise<Campaign> {
  const campaign = await findCampaignFor(ctx, who, named);
  if (!evenClosed) return campaignToChange(ctx, who, named);
  await requireResponder(ctx, campaign, who.userId);
  return campaign;
}

/** Rule 3: admins, and with XSA_CREATORS set its users and its channels' members; unset, anyone. */
export async function requireCreator(ctx: AppContext, userId: string): Promise<void> {
  const { admins, creators } = ctx.config;
  if (creators === null || admins.includes(userId) || creators.users.includes(userId)) return;
  for (const channel of creators.channels) {
    const members = await ctx.directory.channelMembers(channel).catch(() => new Set<string>());
    if (members.has(userId)) return;
  }
  throw new XsaError(
    'not_creator',
    'Only the people named in XSA_CREATORS (users, or members of the channels it names) and the admins in XSA_ADMINS can open a campaign. Ask one of them to run `/xsa new` in a private channel.',
  );
}

const HOW_TO_MAKE_A_WAR_ROOM =
  'Create a private channel (Add channels → Create a new channel → Make private), invite me with `/invite @xsa-bot`, and run `/xsa new` there.';

/** Rule 2: a war room is a private channel the bot is in; anywhere else, say how to make one. */
export async function requirePrivateChannel(ctx: AppContext, channelId: string): Promise<void> {
  const kind = await ctx.directory.channelKind(channelId);
  if (kind === 'private') return;
  const why = {
    public: 'A war room must be a private channel: everyone can read this one.',
    direct: 'A war room must be a private channel, not a direct message.',
    unseen: "I can't see this channel: if it is private, I have not been invited to it.",
  }[kind];
  throw new XsaError('not_a_private_channel', `${why} ${HOW_TO_MAKE_A_WAR_ROOM}`);
}

import type { AppContext } from '../context.js';
import { XsaError } from '../domain/errors.js';
import { clip } from '../domain/time.js';
import type { Campaign } from '../domain/types.js';

/** Who ran a command, and where. */
export interface Invocation {
  /** A Slack user id, or for an API request the token's name (the audit trail's actor). */
  userId: string;
  channelId: string;
  /** Set for an HTTP API request: the campaign its token is scoped to, which stands in for rule 3. */
  tokenCampaign?: string;
}

/** True for a Slack user id (an audit actor may also be an API token's name). */
export function isSlackUser(actor: string): boolean {
  return /^[UW][A-Z0-9]{2,}$/.test(actor);
}

/** The answer for a campaign id that names nothing (or, rule 2, nothing this outsider may see). */
export function unknownCampaign(named: string): XsaError {
  return new XsaError(
    'unknown_campaign',
    `There is no campaign ${clip(named)}. \`/xsa list\` shows the ones you can see.`,
  );
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
 * Finds the campaign a command is about: the one named, or else the open campaign whose war room is
 * the channel the command was run in.
 */
export function resolveCampaign(ctx: AppContext, named: string | null, channelId: string): Campaign {
  if (named !== null) {
    const campaign = ctx.campaigns.findCampaign(named);
    if (!campaign) throw unknownCampaign(named);
    return campaign;
  }
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
  const campaign = resolveCampaign(ctx, named, who.channelId);
  if (who.tokenCampaign !== undefined) {
    if (who.tokenCampaign.toLowerCase() !== campaign.id.toLowerCase()) {
      throw new XsaError('forbidden', 'This token belongs to another campaign.');
    }
  } else {
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
  const campaign = resolveCampaign(ctx, named, who.channelId);
  if (
    named !== null &&
    ctx.clock.now() < campaign.liftAt &&
    !(await isResponder(ctx, campaign, who.userId).catch(() => false))
  ) {
    throw unknownCampaign(named);
  }
  if (!evenClosed) return campaignToChange(ctx, who, named);
  await requireResponder(ctx, campaign, who.userId);
  return campaign;
}

import type { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { XsaError } from '../domain/errors.js';
import { CAMPAIGN_ID_PATTERN, clip, MAX_CAMPAIGN_ID, MAX_RESTRICTION } from '../domain/limits.js';
import { findAliasLeak, reachabilityWarnings } from '../domain/settings.js';
import { formatInstant, parseDuration } from '../domain/time.js';
import type { Campaign } from '../domain/types.js';
import {
  campaignEvent,
  campaignToChange,
  findCampaignFor,
  type Invocation,
  requireCreator,
  requirePrivateChannel,
  requireResponder,
} from './access.js';
import { describeZoneUsed, readTime } from './read-time.js';
import { checkAlias, checkTitle, readWave, requireAliasFree } from './settings-commands.js';

export type { Invocation } from './access.js';
// src/api imports these from here; they live in zone-add.ts.
export { addZoneSpecs, type ZoneSpec } from './zone-add.js';

export const DEFAULT_ALIAS = 'Scheduled host maintenance';
/** A zone's projected duration until one is done (rule 6); `/xsa set zone-duration` changes it. */
export const DEFAULT_ZONE_MINUTES = 120;
const CVE_ID = /^CVE-\d{4}-\d{4,}$/i;

export interface NewCampaignRequest {
  id: string;
  lift: string;
  title: string | null;
  cves: string[];
  alias: string | null;
  notice: string | null;
  wave: number | null;
  /** From an imported advisory: why fixes may not be deployed before the lift (rule: start refused). */
  deploymentRestriction?: string | null;
}

/** What a command did, for the reply: a summary line and, when it changed something, the campaign. */
export interface CommandOutcome {
  campaign: Campaign;
  changed: boolean;
  summary: string;
}

/** A new campaign's text as stored: ids upper-case, title and alias trimmed (null when empty). */
function normalizeNewCampaign(request: NewCampaignRequest) {
  return {
    id: request.id.toUpperCase(),
    cves: request.cves.map((cve) => cve.toUpperCase()),
    title: request.title?.trim() || null,
    alias: request.alias?.trim() || null,
  };
}

/**
 * Everything wrong with a new campaign's fields, each checked on its own, so a form can show every
 * field's problem at once (the command reports the first).
 */
export function newCampaignProblems(request: NewCampaignRequest): XsaError[] {
  const problems: XsaError[] = [];
  const check = (run: () => void) => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof XsaError)) throw error;
      problems.push(error);
    }
  };
  const { id, cves, title, alias } = normalizeNewCampaign(request);
  check(() => {
    if (!CAMPAIGN_ID_PATTERN.test(request.id)) {
      throw new XsaError(
        'bad_campaign_id',
        `\`${clip(request.id)}\` is not a campaign id: use letters, digits and dashes, starting with a letter (at most ${MAX_CAMPAIGN_ID}), e.g. \`XSA-108\`.`,
      );
    }
  });
  check(() => {
    const badCve = cves.find((cve) => !CVE_ID.test(cve));
    if (badCve) {
      throw new XsaError(
        'bad_cve',
        `\`${clip(badCve)}\` is not a CVE id. Expected \`CVE-YYYY-NNNN\`, e.g. \`cve CVE-2014-7188\`.`,
      );
    }
  });
  check(() => {
    if (title) checkTitle(title);
  });
  check(() => {
    if (alias !== null) checkAlias(alias, { id, cves, title });
  });
  check(() => {
    if (request.notice !== null) parseDuration(request.notice);
  });
  check(() => readWave(request.wave ?? 1));
  return problems;
}

/** `/xsa new`: creates a campaign whose war room is the channel it was run in. */
export async function createCampaign(
  ctx: AppContext,
  who: Invocation,
  request: NewCampaignRequest,
): Promise<CommandOutcome & { warnings: string[] }> {
  const [problem] = newCampaignProblems(request);
  if (problem) throw problem;
  // Before anything that depends on other campaigns: a refusal here is the same for every id (rule 2).
  await requireCreator(ctx, who.userId);
  await requirePrivateChannel(ctx, who.channelId);
  const { id, cves, title, alias: chosenAlias } = normalizeNewCampaign(request);
  const noticeLeadMinutes = request.notice === null ? null : parseDuration(request.notice);
  const wave = readWave(request.wave ?? 1);
  const lift = await readTime(ctx, request.lift, who.userId);
  const now = ctx.clock.now();
  const campaign: Campaign = {
    id,
    title,
    cves,
    liftAt: lift.instant,
    alias: chosenAlias ?? DEFAULT_ALIAS,
    warRoomChannel: who.channelId,
    noticeLeadMinutes,
    waveSize: wave,
    zoneMinutes: DEFAULT_ZONE_MINUTES,
    createdBy: who.userId,
    createdAt: now,
    closedAt: null,
    deploymentRestriction: request.deploymentRestriction?.trim().slice(0, MAX_RESTRICTION) || null,
  };
  ctx.campaigns.transaction(() => {
    // Checked inside the transaction: two `new` commands for one id may race across the await above.
    if (ctx.campaigns.findCampaign(id)) {
      throw new XsaError('campaign_exists', `${id} already exists. \`/xsa status ${id}\` shows it.`);
    }
    if (chosenAlias !== null) requireAliasFree(ctx, chosenAlias);
    campaign.alias = chosenAlias ?? distinctDefaultAlias(ctx.campaigns.aliases());
    ctx.campaigns.insertCampaign(campaign);
    ctx.campaigns.appendEvent(
      campaignEvent(id, who, now, 'campaign.created', {
        liftAt: lift.instant.toISO(),
        title,
        cves,
        alias: campaign.alias,
        noticeLeadMinutes,
        waveSize: wave,
        ...(campaign.deploymentRestriction ? { deploymentRestriction: campaign.deploymentRestriction } : {}),
      }),
    );
  });
  const late = lift.instant <= now ? ' The lift is already past: the advisory is public.' : '';
  const read = describeZoneUsed(lift);
  return {
    campaign,
    changed: true,
    summary: `Created ${id}; this channel is its war room.${read ? ` The lift was read${read}.` : ''}${late}`,
    warnings: reachabilityWarnings(campaign, [], now),
  };
}

/**
 * Rule 2, outsiders: the default alias, numbered from the second campaign on ("Scheduled host
 * maintenance #2"), so two campaigns' broadcasts can be told apart without naming either.
 */
export function distinctDefaultAlias(inUse: ReadonlySet<string>): string {
  if (!inUse.has(DEFAULT_ALIAS.toLowerCase())) return DEFAULT_ALIAS;
  for (let n = 2; ; n++) {
    const alias = `${DEFAULT_ALIAS} #${n}`;
    if (!inUse.has(alias.toLowerCase())) return alias;
  }
}

/**
 * Rule 2: zone and region names are shown outside the war room (broadcasts, a subscribed channel's
 * status, the App Home, an owner's DM), so — like the alias — they must not contain the id or a CVE
 * id, compared after normalising case, punctuation and spaces (`xsa108-east` names XSA-108).
 */
export function checkNameKeepsSecret(
  name: string,
  what: 'zone' | 'region',
  campaign: Pick<Campaign, 'id' | 'cves'>,
): void {
  const leaked = findAliasLeak(name, { id: campaign.id, cves: campaign.cves, title: null });
  if (leaked) {
    throw new XsaError(
      'name_leaks',
      `A ${what} name is shown outside the war room before the lift, so \`${clip(name)}\` must not contain \`${leaked}\` (compared ignoring case, spaces and punctuation). Use the datacenter's own name, e.g. \`us-east-1a\`.`,
    );
  }
}

/** `/xsa lift`: moves the lift (an embargo broken early, or extended). */
export async function moveLift(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; lift: string; confirm?: boolean },
): Promise<CommandOutcome> {
  const campaign = await campaignToChange(ctx, who, request.campaign);
  const lift = await readTime(ctx, request.lift, who.userId);
  if (lift.instant.equals(campaign.liftAt)) {
    return { campaign, changed: false, summary: 'The lift is already at that time; nothing changed.' };
  }
  const now = ctx.clock.now();
  const unconfirmed = request.confirm ? null : riskOfLiftEdit(campaign, lift.instant, now);
  if (unconfirmed) {
    return {
      campaign,
      changed: false,
      summary: `Moving the lift to ${formatInstant(lift.instant)}${describeZoneUsed(lift)} ${unconfirmed}. Nothing changed. If that is what you mean, run \`/xsa lift ${clip(request.lift)} confirm\`.`,
    };
  }
  const moved: Campaign = { ...campaign, liftAt: lift.instant };
  ctx.campaigns.transaction(() => {
    ctx.campaigns.updateCampaign(moved);
    // Checkpoints of the new lift that are already past are not posted; the rest are rescheduled.
    ctx.reminders.rearm(campaign.id, now);
    ctx.campaigns.appendEvent(
      campaignEvent(campaign.id, who, now, 'campaign.lift_moved', {
        from: campaign.liftAt.toISO(),
        to: lift.instant.toISO(),
      }),
    );
  });
  return { campaign: moved, changed: true, summary: `Lift moved${describeZoneUsed(lift)}.` };
}

/** A lift edit moving it further than this needs `confirm` (rule 2): a typo in the year, say. */
const MAX_UNCONFIRMED_LIFT_MOVE_DAYS = 7;

/** What would make a lift edit dangerous enough to ask for `confirm`, in words; null when none. */
function riskOfLiftEdit(campaign: Campaign, to: DateTime, now: DateTime): string | null {
  if (to <= now && now < campaign.liftAt) {
    return 'would end secrecy at once: the id, title, CVE ids and blockers would show outside the war room from now on';
  }
  const days = Math.abs(to.diff(campaign.liftAt, 'days').days);
  if (days > MAX_UNCONFIRMED_LIFT_MOVE_DAYS) {
    return `would move it by ${Math.floor(days)} days (${to < campaign.liftAt ? 'earlier' : 'later'}), more than ${MAX_UNCONFIRMED_LIFT_MOVE_DAYS}`;
  }
  return null;
}

/** `/xsa close [confirm]`: ends the campaign, from its war room; it stays readable and can be reopened. */
export async function closeCampaign(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; confirm: boolean },
): Promise<CommandOutcome> {
  const campaign = await findCampaignFor(ctx, who, request.campaign);
  await requireResponder(ctx, campaign, who.userId);
  if (campaign.closedAt) return { campaign, changed: false, summary: `${campaign.id} is already closed.` };
  if (who.channelId !== campaign.warRoomChannel) {
    throw new XsaError(
      'not_war_room',
      `Close ${campaign.id} from its war room <#${campaign.warRoomChannel}>, where everyone working on it sees it happen.`,
    );
  }
  const unfinished = ctx.campaigns.zones(campaign.id).filter((z) => z.state !== 'done').length;
  if (!request.confirm) {
    const left = unfinished > 0 ? ` ${unfinished} zone${unfinished === 1 ? ' is' : 's are'} not done.` : '';
    return {
      campaign,
      changed: false,
      summary: `Closing ${campaign.id} stops its reminders, digests and live countdown; nobody can change it until \`/xsa reopen\`.${left} Run \`/xsa close confirm\` to close it.`,
    };
  }
  const now = ctx.clock.now();
  const closed: Campaign = { ...campaign, closedAt: now };
  ctx.campaigns.transaction(() => {
    ctx.campaigns.updateCampaign(closed);
    ctx.campaigns.appendEvent(
      campaignEvent(campaign.id, who, now, 'campaign.closed', { unfinishedZones: unfinished }),
    );
  });
  return {
    campaign: closed,
    changed: true,
    summary: `Closed ${campaign.id}. Its reminders stop; \`/xsa timeline ${campaign.id}\` keeps the record, and \`/xsa reopen\` undoes this.`,
  };
}

/** `/xsa reopen`: undoes a close; in the war room the channel's latest closed campaign is meant. */
export async function reopenCampaign(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null },
): Promise<CommandOutcome> {
  const campaign =
    request.campaign !== null
      ? await findCampaignFor(ctx, who, request.campaign)
      : (ctx.campaigns.campaignsInChannel(who.channelId).find((c) => c.closedAt) ??
        (await findCampaignFor(ctx, who, null)));
  await requireResponder(ctx, campaign, who.userId);
  if (!campaign.closedAt) return { campaign, changed: false, summary: `${campaign.id} is open.` };
  const now = ctx.clock.now();
  const reopened: Campaign = { ...campaign, closedAt: null };
  ctx.campaigns.transaction(() => {
    ctx.campaigns.updateCampaign(reopened);
    // Checkpoints that passed while it was closed are not posted late.
    ctx.reminders.rearm(campaign.id, now);
    ctx.campaigns.appendEvent(
      campaignEvent(campaign.id, who, now, 'campaign.reopened', { closedAt: campaign.closedAt?.toISO() }),
    );
  });
  return {
    campaign: reopened,
    changed: true,
    summary: `Reopened ${campaign.id}: its reminders resume from now on.`,
  };
}

import type { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { XsaError } from '../domain/errors.js';
import { clip, formatInstant, type ParsedInstant, parseDuration, parseInstant } from '../domain/time.js';
import type { Campaign, Zone } from '../domain/types.js';
import {
  campaignToChange,
  findCampaignFor,
  type Invocation,
  requireCreator,
  requirePrivateChannel,
  requireResponder,
} from './access.js';

export type { Invocation } from './access.js';

export const DEFAULT_ALIAS = 'Scheduled host maintenance';
const CAMPAIGN_ID = /^[A-Za-z][A-Za-z0-9-]{0,39}$/;
const CVE_ID = /^CVE-\d{4}-\d{4,}$/i;
const ZONE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/;
const MAX_ZONES = 10_000;

export interface NewCampaignRequest {
  id: string;
  lift: string;
  title: string | null;
  cves: string[];
  alias: string | null;
  notice: string | null;
  wave: number | null;
}

/** What a command did, for the reply: a summary line and, when it changed something, the campaign. */
export interface CommandOutcome {
  campaign: Campaign;
  changed: boolean;
  summary: string;
}

/** Reads a time the way rule 1 says, in the invoking user's Slack zone when the text names none. */
export async function readTime(ctx: AppContext, text: string, userId: string): Promise<ParsedInstant> {
  const userZone = /\d{1,2}:\d{2}\s*$/.test(text.trim()) ? await ctx.directory.userTimeZone(userId) : null;
  return parseInstant(text, userZone);
}

/** Says which zone a time without one was read in, so nobody is surprised by the result. */
export function describeZoneUsed(parsed: ParsedInstant): string {
  if (parsed.source === 'user') return ` (read in ${parsed.zone}, your Slack time zone)`;
  if (parsed.source === 'utc-default') return ' (read as UTC: your Slack profile has no time zone)';
  return '';
}

/** Letters and digits only, lower-cased: `XSA108`, `xsa-108` and `X.S.A 108` all read `xsa108`. */
const normalized = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The secret (id, CVE id or title) an alias would give away, compared after normalising case,
 * punctuation and spaces (rule 2); null when it names none.
 */
export function findSecretInAlias(alias: string, secrets: readonly string[]): string | null {
  const said = normalized(alias);
  return secrets.find((secret) => normalized(secret) !== '' && said.includes(normalized(secret))) ?? null;
}

/** `/xsa new`: creates a campaign whose war room is the channel it was run in. */
export async function createCampaign(
  ctx: AppContext,
  who: Invocation,
  request: NewCampaignRequest,
): Promise<CommandOutcome> {
  if (!CAMPAIGN_ID.test(request.id)) {
    throw new XsaError(
      'bad_campaign_id',
      `\`${clip(request.id)}\` is not a campaign id: use letters, digits and dashes, starting with a letter (at most 40), e.g. \`XSA-108\`.`,
    );
  }
  // Before anything that depends on other campaigns: a refusal here is the same for every id (rule 2).
  await requireCreator(ctx, who.userId);
  await requirePrivateChannel(ctx, who.channelId);
  const id = request.id.toUpperCase();
  const cves = request.cves.map((cve) => cve.toUpperCase());
  const badCve = cves.find((cve) => !CVE_ID.test(cve));
  if (badCve) {
    throw new XsaError(
      'bad_cve',
      `\`${clip(badCve)}\` is not a CVE id. Expected \`CVE-YYYY-NNNN\`, e.g. \`cve CVE-2014-7188\`.`,
    );
  }
  const title = request.title?.trim() || null;
  if (title && title.length > 200)
    throw new XsaError('bad_title', 'The title is too long: at most 200 characters.');
  const alias = request.alias?.trim() || DEFAULT_ALIAS;
  if (alias.length > 100) throw new XsaError('bad_alias', 'The alias is too long: at most 100 characters.');
  const leaked = findSecretInAlias(alias, [id, ...cves, ...(title ? [title] : [])]);
  if (leaked) {
    throw new XsaError(
      'alias_leaks',
      `The alias is shown outside the war room before the lift, so it must not contain \`${leaked}\`. Use neutral words, e.g. \`alias "Scheduled host maintenance"\`.`,
    );
  }
  const noticeLeadMinutes = request.notice === null ? null : parseDuration(request.notice);
  const wave = request.wave ?? 1;
  if (!Number.isInteger(wave) || wave < 1 || wave > 100) {
    throw new XsaError(
      'bad_wave',
      'The wave size is the number of zones per region in progress at once: 1 to 100, e.g. `wave 2`.',
    );
  }
  const lift = await readTime(ctx, request.lift, who.userId);
  const now = ctx.clock.now();
  const campaign: Campaign = {
    id,
    title,
    cves,
    liftAt: lift.instant,
    alias,
    warRoomChannel: who.channelId,
    noticeLeadMinutes,
    waveSize: wave,
    createdBy: who.userId,
    createdAt: now,
    closedAt: null,
  };
  ctx.campaigns.transaction(() => {
    // Checked inside the transaction: two `new` commands for one id may race across the await above.
    if (ctx.campaigns.findCampaign(id)) {
      throw new XsaError('campaign_exists', `${id} already exists. \`/xsa status ${id}\` shows it.`);
    }
    ctx.campaigns.insertCampaign(campaign);
    ctx.campaigns.appendEvent({
      campaignId: id,
      zone: null,
      kind: 'campaign.created',
      actor: who.userId,
      at: now,
      details: { liftAt: lift.instant.toISO(), title, cves, alias, noticeLeadMinutes, waveSize: wave },
    });
  });
  const late = lift.instant <= now ? ' The lift is already past: the advisory is public.' : '';
  return {
    campaign,
    changed: true,
    summary: `Created ${id}; this channel is its war room. Lift${describeZoneUsed(lift)}.${late}`,
  };
}

export interface AddZonesRequest {
  campaign: string | null;
  names: string[];
  region: string | null;
  hosts: number | null;
  window: string | null;
  /** Told when the zone's window opens; otherwise whoever starts the zone becomes its owner. */
  owner: string | null;
}

/** Splits `A/B` where each side is a time that may itself contain a zone like Europe/Berlin. */
function splitWindow(text: string): [string, string] {
  const parts = text.split(/\/(?=\s*\d{4}-\d{2}-\d{2})/);
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new XsaError(
      'bad_window',
      `\`${clip(text)}\` is not a window. Expected \`window <TIME>/<TIME>\`, e.g. \`window 2014-09-26T02:00Z/2014-09-26T10:00Z\`.`,
    );
  }
  return [parts[0].trim(), parts[1].trim()];
}

/** `/xsa zone add`: adds zones; names already in the campaign are left as they are and reported. */
export async function addZones(
  ctx: AppContext,
  who: Invocation,
  request: AddZonesRequest,
): Promise<CommandOutcome> {
  const campaign = await campaignToChange(ctx, who, request.campaign);
  const badName = request.names.find((name) => !ZONE_NAME.test(name));
  if (badName !== undefined) {
    throw new XsaError(
      'bad_zone_name',
      `\`${clip(badName)}\` is not a zone name: use letters, digits and . _ : - (at most 80), e.g. \`us-east-1a\`.`,
    );
  }
  if (request.region !== null && !ZONE_NAME.test(request.region)) {
    throw new XsaError(
      'bad_region',
      `\`${clip(request.region)}\` is not a region name: use letters, digits and . _ : -, e.g. \`us-east-1\`.`,
    );
  }
  let windowStart: DateTime | null = null;
  let windowEnd: DateTime | null = null;
  if (request.window !== null) {
    const [from, to] = splitWindow(request.window);
    windowStart = (await readTime(ctx, from, who.userId)).instant;
    windowEnd = (await readTime(ctx, to, who.userId)).instant;
    if (windowEnd <= windowStart) {
      throw new XsaError('bad_window', 'The window ends before it starts. Expected `window <START>/<END>`.');
    }
  }
  const now = ctx.clock.now();
  const unique = [...new Map(request.names.map((n) => [n.toLowerCase(), n])).values()];
  const added: string[] = [];
  const skipped: string[] = [];
  ctx.campaigns.transaction(() => {
    const existing = new Set(ctx.campaigns.zones(campaign.id).map((z) => z.name.toLowerCase()));
    const fresh = unique.filter((n) => !existing.has(n.toLowerCase()));
    if (existing.size + fresh.length > MAX_ZONES) {
      throw new XsaError(
        'too_many_zones',
        `A campaign holds at most ${MAX_ZONES} zones; this would make ${existing.size + fresh.length}.`,
      );
    }
    for (const name of unique) {
      if (existing.has(name.toLowerCase())) {
        skipped.push(name);
        continue;
      }
      const zone: Zone = {
        campaignId: campaign.id,
        name,
        region: request.region ?? name,
        hostsTotal: request.hosts,
        hostsPatched: 0,
        windowStart,
        windowEnd,
        state: 'pending',
        blockedReason: null,
        startedAt: null,
        doneAt: null,
        owner: request.owner,
        notifiedAt: null,
      };
      ctx.campaigns.insertZone(zone);
      ctx.campaigns.appendEvent({
        campaignId: campaign.id,
        zone: name,
        kind: 'zone.added',
        actor: who.userId,
        at: now,
        details: {
          region: zone.region,
          hostsTotal: zone.hostsTotal,
          windowStart: windowStart?.toISO() ?? null,
          windowEnd: windowEnd?.toISO() ?? null,
          owner: request.owner,
        },
      });
      added.push(name);
    }
  });
  const parts = [];
  if (added.length > 0)
    parts.push(`Added ${added.length} zone${added.length === 1 ? '' : 's'}: ${added.join(', ')}.`);
  if (skipped.length > 0) parts.push(`Already there, left as they are: ${skipped.join(', ')}.`);
  return { campaign, changed: added.length > 0, summary: parts.join(' ') };
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
    ctx.campaigns.appendEvent({
      campaignId: campaign.id,
      zone: null,
      kind: 'campaign.lift_moved',
      actor: who.userId,
      at: now,
      details: { from: campaign.liftAt.toISO(), to: lift.instant.toISO() },
    });
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

/** `/xsa close`: ends the campaign; it stays readable. */
export async function closeCampaign(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null },
): Promise<CommandOutcome> {
  const campaign = await findCampaignFor(ctx, who, request.campaign);
  await requireResponder(ctx, campaign, who.userId);
  if (campaign.closedAt) return { campaign, changed: false, summary: `${campaign.id} is already closed.` };
  const now = ctx.clock.now();
  const closed: Campaign = { ...campaign, closedAt: now };
  ctx.campaigns.transaction(() => {
    ctx.campaigns.updateCampaign(closed);
    ctx.campaigns.appendEvent({
      campaignId: campaign.id,
      zone: null,
      kind: 'campaign.closed',
      actor: who.userId,
      at: now,
      details: {},
    });
  });
  return {
    campaign: closed,
    changed: true,
    summary: `Closed ${campaign.id}. Its reminders stop; \`/xsa timeline ${campaign.id}\` keeps the record.`,
  };
}

import type { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { XsaError } from '../domain/errors.js';
import {
  CAMPAIGN_ID_PATTERN,
  clip,
  MAX_CAMPAIGN_ID,
  MAX_RESTRICTION,
  MAX_TITLE,
  ZONE_NAME_PATTERN,
} from '../domain/limits.js';
import { reachabilityWarnings } from '../domain/settings.js';
import { formatInstant, type ParsedInstant, parseDuration, parseInstant } from '../domain/time.js';
import type { Campaign, Zone } from '../domain/types.js';
import {
  campaignToChange,
  findCampaignFor,
  type Invocation,
  requireCreator,
  requirePrivateChannel,
  requireResponder,
} from './access.js';
import { checkAlias, readWave } from './settings-commands.js';

export type { Invocation } from './access.js';

export const DEFAULT_ALIAS = 'Scheduled host maintenance';
/** A zone's projected duration until one is done (rule 6); `/xsa set zone-duration` changes it. */
export const DEFAULT_ZONE_MINUTES = 120;
const CVE_ID = /^CVE-\d{4}-\d{4,}$/i;
const MAX_ZONES = 10_000;

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
  const id = request.id.toUpperCase();
  const cves = request.cves.map((cve) => cve.toUpperCase());
  const title = request.title?.trim() || null;
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
    if (title && title.length > MAX_TITLE)
      throw new XsaError('bad_title', `The title is too long: at most ${MAX_TITLE} characters.`);
  });
  check(() => {
    const alias = request.alias?.trim() || null;
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
  const id = request.id.toUpperCase();
  const cves = request.cves.map((cve) => cve.toUpperCase());
  const title = request.title?.trim() || null;
  const chosenAlias = request.alias?.trim() || null;
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
    campaign.alias = chosenAlias ?? distinctDefaultAlias(ctx.campaigns.aliases());
    ctx.campaigns.insertCampaign(campaign);
    ctx.campaigns.appendEvent({
      campaignId: id,
      zone: null,
      kind: 'campaign.created',
      actor: who.userId,
      at: now,
      details: {
        liftAt: lift.instant.toISO(),
        title,
        cves,
        alias: campaign.alias,
        noticeLeadMinutes,
        waveSize: wave,
        ...(campaign.deploymentRestriction ? { deploymentRestriction: campaign.deploymentRestriction } : {}),
      },
    });
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

/** One zone to add, as the API describes it; `/xsa zone add` gives several names the same options. */
export interface ZoneSpec {
  name: string;
  region: string | null;
  /** A count only; ignored when `hostNames` is given. */
  hosts: number | null;
  /** The zone's hosts by name (named hosts): its host count is their number. */
  hostNames?: readonly string[] | null;
  window: { start: DateTime; end: DateTime } | null;
  owner: string | null;
}

const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$/;
export const MAX_HOSTS_PER_ZONE = 50_000;

/** `/xsa zone add`: adds zones; names already in the campaign are left as they are and reported. */
export async function addZones(
  ctx: AppContext,
  who: Invocation,
  request: AddZonesRequest,
): Promise<CommandOutcome> {
  let window: ZoneSpec['window'] = null;
  if (request.window !== null) {
    const [from, to] = splitWindow(request.window);
    window = {
      start: (await readTime(ctx, from, who.userId)).instant,
      end: (await readTime(ctx, to, who.userId)).instant,
    };
  }
  const specs = request.names.map((name) => ({
    name,
    region: request.region,
    hosts: request.hosts,
    window,
    owner: request.owner,
  }));
  return addZoneSpecs(ctx, who, request.campaign, specs);
}

function checkZoneSpec(spec: ZoneSpec): void {
  if (!ZONE_NAME_PATTERN.test(spec.name)) {
    throw new XsaError(
      'bad_zone_name',
      `\`${clip(spec.name)}\` is not a zone name: use letters, digits and . _ : - (at most 80), e.g. \`us-east-1a\`.`,
    );
  }
  if (spec.region !== null && !ZONE_NAME_PATTERN.test(spec.region)) {
    throw new XsaError(
      'bad_region',
      `\`${clip(spec.region)}\` is not a region name: use letters, digits and . _ : -, e.g. \`us-east-1\`.`,
    );
  }
  if (spec.window && spec.window.end <= spec.window.start) {
    throw new XsaError('bad_window', 'The window ends before it starts. Expected `window <START>/<END>`.');
  }
  if (spec.hostNames) {
    const bad = spec.hostNames.find((host) => !HOST_NAME.test(host));
    if (bad !== undefined) {
      throw new XsaError(
        'bad_host_name',
        `\`${clip(bad)}\` in zone ${spec.name} is not a host name: letters, digits and . _ : - (at most 253), e.g. \`hv-0042.us-east-1a\`.`,
      );
    }
    if (spec.hostNames.length > MAX_HOSTS_PER_ZONE) {
      throw new XsaError('too_many_hosts', `A zone lists at most ${MAX_HOSTS_PER_ZONE} hosts by name.`);
    }
  }
}

/** Adds zones in one transaction: all of them, or (on an error) none. */
export async function addZoneSpecs(
  ctx: AppContext,
  who: Invocation,
  campaignName: string | null,
  specs: readonly ZoneSpec[],
): Promise<CommandOutcome & { added: string[]; skipped: string[] }> {
  const campaign = await campaignToChange(ctx, who, campaignName);
  for (const spec of specs) checkZoneSpec(spec);
  const now = ctx.clock.now();
  const unique = [...new Map(specs.map((spec) => [spec.name.toLowerCase(), spec])).values()];
  const added: string[] = [];
  const skipped: string[] = [];
  ctx.campaigns.transaction(() => {
    const existing = new Set(ctx.campaigns.zones(campaign.id).map((z) => z.name.toLowerCase()));
    const fresh = unique.filter((spec) => !existing.has(spec.name.toLowerCase()));
    if (existing.size + fresh.length > MAX_ZONES) {
      throw new XsaError(
        'too_many_zones',
        `A campaign holds at most ${MAX_ZONES} zones; this would make ${existing.size + fresh.length}.`,
      );
    }
    for (const spec of unique) {
      const name = spec.name;
      if (existing.has(name.toLowerCase())) {
        skipped.push(name);
        continue;
      }
      // A host named twice is one host.
      const hostNames = spec.hostNames
        ? [...new Map(spec.hostNames.map((h) => [h.toLowerCase(), h])).values()]
        : null;
      const zone: Zone = {
        campaignId: campaign.id,
        name,
        region: spec.region ?? name,
        hostsTotal: hostNames ? hostNames.length : spec.hosts,
        hostsPatched: 0,
        windowStart: spec.window?.start ?? null,
        windowEnd: spec.window?.end ?? null,
        state: 'pending',
        blockedReason: null,
        startedAt: null,
        doneAt: null,
        owner: spec.owner,
        notifiedAt: null,
      };
      ctx.campaigns.insertZone(zone);
      if (hostNames) ctx.hosts.addHosts(campaign.id, name, hostNames);
      ctx.campaigns.appendEvent({
        campaignId: campaign.id,
        zone: name,
        kind: 'zone.added',
        actor: who.userId,
        at: now,
        details: {
          region: zone.region,
          hostsTotal: zone.hostsTotal,
          ...(hostNames ? { namedHosts: true } : {}),
          windowStart: zone.windowStart?.toISO() ?? null,
          windowEnd: zone.windowEnd?.toISO() ?? null,
          owner: spec.owner,
        },
      });
      added.push(name);
    }
  });
  const parts = [];
  if (added.length > 0)
    parts.push(`Added ${added.length} zone${added.length === 1 ? '' : 's'}: ${added.join(', ')}.`);
  if (skipped.length > 0) parts.push(`Already there, left as they are: ${skipped.join(', ')}.`);
  return { campaign, changed: added.length > 0, summary: parts.join(' '), added, skipped };
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
    ctx.campaigns.appendEvent({
      campaignId: campaign.id,
      zone: null,
      kind: 'campaign.closed',
      actor: who.userId,
      at: now,
      details: { unfinishedZones: unfinished },
    });
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
    ctx.campaigns.appendEvent({
      campaignId: campaign.id,
      zone: null,
      kind: 'campaign.reopened',
      actor: who.userId,
      at: now,
      details: { closedAt: campaign.closedAt?.toISO() },
    });
  });
  return {
    campaign: reopened,
    changed: true,
    summary: `Reopened ${campaign.id}: its reminders resume from now on.`,
  };
}

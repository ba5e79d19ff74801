import type { AppContext } from '../context.js';
import { describeCron, parseCronSchedule } from '../domain/cron.js';
import { XsaError } from '../domain/errors.js';
import { DEFAULT_CHECKPOINTS, formatCheckpoint, nextCronRuns, parseCheckpoints } from '../domain/schedule.js';
import { formatInstant, isValidTimeZone } from '../domain/time.js';
import { campaignEvent, campaignToChange } from './access.js';
import type { CommandOutcome, Invocation } from './campaign-commands.js';

/** `/xsa remind <list>|default`: the campaign's checkpoints, counted from now on. */
export async function setCheckpoints(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; checkpoints: string | null },
): Promise<CommandOutcome> {
  const campaign = await campaignToChange(ctx, who, request.campaign);
  const checkpoints = request.checkpoints === null ? null : parseCheckpoints(request.checkpoints);
  const now = ctx.clock.now();
  // The same setting again (a retry, the command twice) changes nothing and writes no event (rule 8).
  const changed = ctx.campaigns.transaction(() => {
    const current = ctx.reminders.settings(campaign.id).checkpoints;
    if (JSON.stringify(current) === JSON.stringify(checkpoints)) return false;
    ctx.reminders.setCheckpoints(campaign.id, checkpoints);
    ctx.campaigns.appendEvent(
      campaignEvent(campaign.id, who, now, 'campaign.checkpoints_set', { checkpoints }),
    );
    return true;
  });
  const list = checkpoints ?? DEFAULT_CHECKPOINTS;
  const next = list.map((m) => ({ m, at: campaign.liftAt.minus({ minutes: m }) })).find(({ at }) => at > now);
  return {
    campaign,
    changed,
    summary: `${changed ? '' : 'Already so; nothing changed. '}Reminders at ${list.map(formatCheckpoint).join(', ')}${checkpoints === null ? ' (the default)' : ''}. ${next ? `Next: ${formatCheckpoint(next.m)}, ${formatInstant(next.at)}.` : 'All of them are past.'}`,
  };
}

const ZONE_TOKEN = /^(?:[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+|UTC|GMT)$/i;

/** `/xsa digest <CRON> [<zone>]|off`: a status digest in the war room on a cron schedule. */
export async function setDigest(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; schedule: string | null },
): Promise<CommandOutcome> {
  const campaign = await campaignToChange(ctx, who, request.campaign);
  const now = ctx.clock.now();
  if (request.schedule === null) {
    const changed = ctx.campaigns.transaction(() => {
      if (ctx.reminders.settings(campaign.id).digest === null) return false;
      ctx.reminders.setDigest(campaign.id, null, now);
      ctx.campaigns.appendEvent(campaignEvent(campaign.id, who, now, 'campaign.digest_set', { cron: null }));
      return true;
    });
    return {
      campaign,
      changed,
      summary: changed ? 'Digest off.' : 'The digest is already off; nothing changed.',
    };
  }
  const parts = request.schedule.trim().split(/\s+/);
  const last = parts[parts.length - 1] ?? '';
  const named = ZONE_TOKEN.test(last) ? last : null;
  const cronText = (named ? parts.slice(0, -1) : parts).join(' ');
  const zone = named ?? (await ctx.directory.userTimeZone(who.userId)) ?? 'UTC';
  if (!isValidTimeZone(zone)) {
    throw new XsaError(
      'bad_zone',
      `\`${zone}\` is not a time zone. Use an IANA name such as \`Europe/Berlin\`, or \`UTC\`.`,
    );
  }
  const schedule = parseCronSchedule(cronText);
  const nextRuns = nextCronRuns(schedule, zone, now, 3);
  if (nextRuns.length === 0)
    throw new XsaError(
      'bad_cron',
      `\`${cronText}\` never runs. Example: \`0 9 * * 1-5\` (09:00 on weekdays).`,
    );
  const changed = ctx.campaigns.transaction(() => {
    const current = ctx.reminders.settings(campaign.id).digest;
    if (current?.cron === cronText && current.zone === zone) return false;
    ctx.reminders.setDigest(campaign.id, { cron: cronText, zone }, now);
    ctx.campaigns.appendEvent(
      campaignEvent(campaign.id, who, now, 'campaign.digest_set', { cron: cronText, zone }),
    );
    return true;
  });
  const source = named
    ? ''
    : zone === 'UTC'
      ? ' (UTC: your Slack profile has no time zone)'
      : ' (your Slack time zone)';
  return {
    campaign,
    changed,
    summary: `${changed ? '' : 'Already so; nothing changed. '}Digest: ${describeCron(cronText)}, ${zone}${source}. Next: ${nextRuns.map(formatInstant).join(', ')}.`,
  };
}

/** `/xsa subscribe` and `unsubscribe`: a channel that receives the reminders, redacted before the lift. */
export async function setSubscription(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; channel: string; subscribe: boolean },
): Promise<CommandOutcome> {
  const campaign = await campaignToChange(ctx, who, request.campaign);
  if (request.channel === campaign.warRoomChannel) {
    throw new XsaError('war_room', 'That is the war room: it always gets the reminders in full.');
  }
  const now = ctx.clock.now();
  const changed = ctx.campaigns.transaction(() => {
    const did = request.subscribe
      ? ctx.reminders.subscribe(campaign.id, request.channel, who.userId, now)
      : ctx.reminders.unsubscribe(campaign.id, request.channel);
    if (did) {
      const kind = request.subscribe ? 'campaign.subscribed' : 'campaign.unsubscribed';
      ctx.campaigns.appendEvent(campaignEvent(campaign.id, who, now, kind, { channel: request.channel }));
    }
    return did;
  });
  const channel = `<#${request.channel}>`;
  const summary = request.subscribe
    ? changed
      ? `${channel} will get this campaign's reminders, under its alias until the lift.`
      : `${channel} already gets the reminders.`
    : changed
      ? `${channel} no longer gets the reminders.`
      : `${channel} was not subscribed.`;
  return { campaign, changed, summary };
}

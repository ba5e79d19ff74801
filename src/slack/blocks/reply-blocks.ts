import type { DateTime } from 'luxon';
import type { ListEntry, TimelineView } from '../../campaigns/queries.js';
import { formatCountdown, formatDuration, formatInstant, formatUtc, TIME_FORMS } from '../../domain/time.js';
import type { AuditEvent } from '../../domain/types.js';
import { USAGE } from '../command-parser.js';
import {
  type Block,
  context,
  escapeMrkdwn,
  formatNumber,
  header,
  LIMITS,
  packLines,
  plural,
  section,
} from './kit.js';
import { campaignName, describeProjection, type SlackMessage } from './status-blocks.js';

/** A short answer: what happened, or what was wrong and how to do it right. */
export function getTextBlocks(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}

export function getErrorBlocks(message: string): SlackMessage {
  return getTextBlocks(`:warning: ${message}`);
}

export function getHelpBlocks(): SlackMessage {
  const lines = Object.values(USAGE).map((u) => `\`${u.form}\`\n      ${u.does} — e.g. \`${u.example}\``);
  return {
    text: 'xsa-bot: /xsa commands',
    blocks: [
      header('xsa-bot: embargoed patch campaigns'),
      ...packLines(lines, 10).blocks,
      context(
        `\`<ID>\` may be left out in a campaign's war room; \`in <ID>\` names another campaign. Times: ${TIME_FORMS}. Durations: \`48h\`, \`2d\`, \`90m\`.`,
      ),
      context(
        'A war room is a private channel with me in it: run `/xsa new` there. Who may open a campaign: anyone, until the operator sets `XSA_CREATORS` (user ids, and channel ids whose members may); the admins in `XSA_ADMINS` always. Before the lift, share a status from the war room: `/xsa status share #channel`.',
      ),
    ],
  };
}

export function getListBlocks(entries: readonly ListEntry[], now: DateTime): SlackMessage {
  if (entries.length === 0)
    return getTextBlocks('No open campaigns. Start one with `/xsa new <ID> lift <TIME>`.');
  const lines = entries.map(({ campaign, totals, projection, redacted }) => {
    const name = `*${escapeMrkdwn(campaignName(campaign, redacted))}*`;
    const where = redacted ? '' : ` · war room <#${campaign.warRoomChannel}>`;
    return `${name}${where}\n      lift ${formatInstant(campaign.liftAt)} (${formatCountdown(campaign.liftAt, now)}) · ${totals.byState.done}/${totals.zones} zones done · ${describeProjection(projection)}`;
  });
  const packed = packLines(lines, LIMITS.messageBlocks - 2);
  const blocks: Block[] = [header('Open campaigns'), ...packed.blocks];
  if (packed.omitted > 0) blocks.push(context(`…and ${plural(packed.omitted, 'more campaign')}.`));
  return { text: `${plural(entries.length, 'open campaign')}`, blocks };
}

function describeEvent(event: AuditEvent): string {
  const zone = event.zone ? ` *${escapeMrkdwn(event.zone)}*` : '';
  const d = event.details;
  const extra =
    event.kind === 'zone.blocked'
      ? `: ${escapeMrkdwn(String(d.reason ?? ''))}`
      : event.kind === 'zone.progress'
        ? `: ${String(d.from)} → ${String(d.to)} hosts`
        : event.kind === 'campaign.lift_moved'
          ? `: ${String(d.from)} → ${String(d.to)}`
          : event.kind === 'zone.started' && d.force
            ? ` (forced past the ${(d.overrode as string[]).join(' and ')} rule)`
            : '';
  return `\`${formatUtc(event.at)}\` <@${event.actor}> ${event.kind}${zone}${extra}`;
}

/** The post-mortem: exposure per zone, then the audit trail (the latest events when it is long). */
export function getTimelineBlocks(view: TimelineView): SlackMessage {
  const { campaign, exposure } = view;
  const blocks: Block[] = [header(`Timeline: ${campaignName(campaign, false)}`)];
  const summary = [
    `*Lift:* ${formatInstant(campaign.liftAt)} (${formatCountdown(campaign.liftAt, view.now)})`,
  ];
  if (exposure.afterLift) {
    summary.push(
      exposure.zones.length === 0
        ? '*Exposure:* none, every zone was done before the lift.'
        : `*Exposure:* ${plural(exposure.zones.length, 'zone')}, ${exposure.openZones} still open, ${formatNumber(exposure.totalHostHours)} host-hours${exposure.zonesWithoutHostCount ? ` (${exposure.zonesWithoutHostCount} without a host count)` : ''}`,
    );
    for (const z of exposure.zones.slice(0, 40)) {
      summary.push(
        `• *${escapeMrkdwn(z.zone)}*: ${formatDuration(z.minutes)}${z.open ? ' and counting' : ''}${z.hostHours === null ? '' : `, ${formatNumber(z.hostHours)} host-hours`}${z.lateStart ? ', late start' : ''}`,
      );
    }
  } else {
    summary.push('*Exposure:* none yet; the advisory is not public.');
  }
  blocks.push(...packLines(summary, 3).blocks);
  const lines = view.events.map(describeEvent);
  // The latest events matter most in a running campaign: keep the tail when the trail is long.
  const budget = LIMITS.messageBlocks - blocks.length - 1;
  let packed = packLines(lines, budget);
  let skipped = 0;
  while (packed.omitted > 0) {
    skipped += packed.omitted;
    packed = packLines(lines.slice(skipped), budget);
  }
  blocks.push(...packed.blocks);
  blocks.push(
    context(
      `${plural(view.events.length, 'event')}${skipped > 0 ? `; the ${formatNumber(skipped)} earliest are not shown` : ''}. Times in UTC.`,
    ),
  );
  return { text: `Timeline of ${campaign.id}`, blocks };
}

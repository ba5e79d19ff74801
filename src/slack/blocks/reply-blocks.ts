import type { DateTime } from 'luxon';
import type { ListEntry, TimelineView } from '../../campaigns/queries.js';
import { XsaError } from '../../domain/errors.js';
import { isSlackUser } from '../../domain/limits.js';
import { formatCountdown, formatDuration, formatInstant, formatUtc, TIME_FORMS } from '../../domain/time.js';
import type { AuditEvent, Campaign } from '../../domain/types.js';
import type { StartRule } from '../../domain/zone-rules.js';
import { ACTIONS, encodeZoneValue } from '../ids.js';
import { USAGE, ZONE_USAGE } from '../usage.js';
import type { SlackMessage } from './kit.js';
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
  truncate,
} from './kit.js';
import { campaignName, describeProjection } from './status-blocks.js';

/** A short answer: what happened, or what was wrong and how to do it right. */
export function getTextBlocks(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}

/** A reply with the warnings that say the lift cannot be met under the campaign's own rules. */
export function withWarnings(text: string, warnings: readonly string[]): string {
  return [text, ...warnings.map((w) => `:warning: ${w}`)].join('\n');
}

/**
 * A change's answer in one line: done, or (the same command again) nothing to do. `escape` when
 * the summary quotes what the user typed (a zone change names the zone as given).
 */
export function formatOutcome(
  outcome: { changed: boolean; summary: string },
  options: { escape?: boolean } = {},
): string {
  const summary = options.escape ? escapeMrkdwn(outcome.summary) : outcome.summary;
  return `${outcome.changed ? ':white_check_mark:' : ':information_source:'} ${summary}`;
}

/** A change's answer (see formatOutcome), then any warnings. */
export function getOutcomeBlocks(
  outcome: { changed: boolean; summary: string; warnings?: readonly string[] },
  options: { escape?: boolean } = {},
): SlackMessage {
  const text = formatOutcome(outcome, options);
  return getTextBlocks(outcome.warnings ? withWarnings(text, outcome.warnings) : text);
}

/** `zone add` and `notified`: their summary says what was done and what was skipped, so always a tick. */
export function getDoneBlocks(outcome: { summary: string }): SlackMessage {
  return getTextBlocks(`:white_check_mark: ${outcome.summary}`);
}

/** After `/xsa lift`: the new lift, or why it did not move (the `confirm` it needs). */
export function getLiftMovedBlocks(outcome: {
  changed: boolean;
  summary: string;
  campaign: Campaign;
}): SlackMessage {
  if (!outcome.changed) return getTextBlocks(`:warning: ${outcome.summary}`);
  return getTextBlocks(
    `:white_check_mark: ${outcome.summary} The lift is now ${formatInstant(outcome.campaign.liftAt)}.`,
  );
}

/** After `/xsa status share #channel`: where it went, and whether under the alias. */
export function getStatusSharedBlocks(channel: string, redacted: boolean): SlackMessage {
  return getTextBlocks(
    `:white_check_mark: Shared the status in <#${channel}>${redacted ? ', under the alias until the lift' : ''}.`,
  );
}

/** After `/xsa new` or the form: what was created, the lift, warnings, and the next step. */
export function getCreatedBlocks(outcome: {
  summary: string;
  campaign: Campaign;
  warnings: string[];
}): SlackMessage {
  return getTextBlocks(
    withWarnings(
      `:white_check_mark: ${outcome.summary}\nLift ${formatInstant(outcome.campaign.liftAt)}; outsiders see it as "${escapeMrkdwn(outcome.campaign.alias)}". Next: \`/xsa zone add <ZONE>[,<ZONE>…] region <REGION> hosts <N>\`.`,
      outcome.warnings,
    ),
  );
}

const RULE_OVERRIDDEN: Record<StartRule, string> = {
  wave: 'the wave rule (zones of one region in progress at once)',
  notice: 'the customer notice rule (how long before a start customers must be told)',
  deployment: "the advisory's deployment restriction (no fixes deployed before the lift)",
};

/**
 * A Start the wave or notice rule refused, answered to the clicker: why, and a Start anyway button
 * whose confirm dialog names the rule it overrides (recorded as forced in the audit trail).
 */
export function getStartRefusedBlocks(
  campaignId: string,
  refusal: { zone: string; conflicts: readonly { rule: StartRule; why: string }[] },
): SlackMessage {
  const text = `:warning: Can't start ${escapeMrkdwn(refusal.zone)}: ${refusal.conflicts.map((c) => c.why).join(' Also, ')}`;
  const rules = refusal.conflicts.map((c) => RULE_OVERRIDDEN[c.rule]).join(' and ');
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'actions',
        block_id: 'start_anyway',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Start anyway' },
            action_id: ACTIONS.forceStart,
            value: encodeZoneValue(campaignId, refusal.zone),
            style: 'danger',
            confirm: {
              title: { type: 'plain_text', text: 'Start anyway?' },
              text: {
                type: 'plain_text',
                text: truncate(
                  `This overrides ${rules}. The audit trail records the start as forced, with the reason.`,
                  300,
                ),
              },
              confirm: { type: 'plain_text', text: 'Start anyway' },
              deny: { type: 'plain_text', text: 'Cancel' },
            },
          },
        ],
      },
    ],
  };
}

export function getErrorBlocks(message: string): SlackMessage {
  return getTextBlocks(`:warning: ${message}`);
}

export function getHelpBlocks(): SlackMessage {
  const lines = [...Object.values(USAGE), ...Object.values(ZONE_USAGE)].map(
    (u) => `\`${u.form}\`\n      ${u.does} — e.g. \`${u.example}\``,
  );
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
      : event.kind === 'zone.progress' || event.kind === 'zone.hosts_patched'
        ? `: ${String(d.from)} → ${String(d.to)} hosts`
        : event.kind === 'campaign.lift_moved'
          ? `: ${String(d.from)} → ${String(d.to)}`
          : event.kind === 'zone.renamed'
            ? `: ${escapeMrkdwn(String(d.from))} → ${escapeMrkdwn(String(d.to))}`
            : event.kind === 'campaign.setting_changed'
              ? `: ${escapeMrkdwn(String(d.setting))} ${escapeMrkdwn(String(d.from ?? 'off'))} → ${escapeMrkdwn(String(d.to ?? 'off'))}`
              : event.kind === 'zone.started' && d.force
                ? ` (forced past the ${(d.overrode as string[]).join(' and ')} rule)`
                : '';
  // An API request's actor is its token's name, not a Slack user.
  const actor = isSlackUser(event.actor)
    ? `<@${event.actor}>`
    : `\`${escapeMrkdwn(event.actor)}\` (API token)`;
  return `\`${formatUtc(event.at)}\` ${actor} ${event.kind}${zone}${extra}`;
}

/**
 * Splits lines into pages that each fit in `maxBlocks` sections, counting from the end: page 1 holds
 * the latest lines. Each page keeps its lines in order, oldest first.
 */
export function pageFromEnd(lines: readonly string[], maxBlocks: number): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let sections = 0;
  let sectionLength = Number.POSITIVE_INFINITY;
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = truncate(lines[i] ?? '', LIMITS.sectionText);
    if (sectionLength + 1 + line.length > LIMITS.sectionText) {
      if (sections === maxBlocks) {
        pages.push(page.reverse());
        page = [];
        sections = 0;
      }
      sections += 1;
      sectionLength = line.length;
    } else {
      sectionLength += 1 + line.length;
    }
    page.push(line);
  }
  if (page.length > 0 || pages.length === 0) pages.push(page.reverse());
  return pages;
}

/**
 * The post-mortem: exposure per zone, then the audit trail, a page at a time (page 1 is the latest
 * events; `page N` goes back), every line with its full date.
 */
export function getTimelineBlocks(view: TimelineView, page = 1): SlackMessage {
  const { campaign, exposure } = view;
  const blocks: Block[] = [header(`Timeline: ${campaignName(campaign, false)}`)];
  const summary = [
    `*Lift:* ${formatInstant(campaign.liftAt)} (${formatCountdown(campaign.liftAt, view.now)})`,
  ];
  if (exposure.afterLift) {
    summary.push(
      exposure.zones.length === 0
        ? view.zoneCount === 0
          ? '*Exposure:* none known: this campaign has no zones.'
          : '*Exposure:* none, every zone was done before the lift.'
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
  const pages = pageFromEnd(view.events.map(describeEvent), LIMITS.messageBlocks - blocks.length - 1);
  if (page > pages.length) {
    throw new XsaError(
      'no_such_page',
      `The timeline of ${campaign.id} has ${plural(pages.length, 'page')}; \`/xsa timeline ${campaign.id} page ${pages.length}\` shows the earliest events.`,
    );
  }
  blocks.push(...packLines(pages[page - 1] ?? [], LIMITS.messageBlocks).blocks);
  const where =
    pages.length === 1
      ? `${plural(view.events.length, 'event')}`
      : `Page ${page} of ${pages.length} (${plural(view.events.length, 'event')}; page 1 is the latest).${page < pages.length ? ` Earlier: \`/xsa timeline ${campaign.id} page ${page + 1}\`.` : ''}`;
  blocks.push(context(`${where} Times in UTC; \`/xsa report\` has the whole record as files.`));
  return {
    text: `Timeline of ${campaign.id}${pages.length > 1 ? `, page ${page} of ${pages.length}` : ''}`,
    blocks,
  };
}

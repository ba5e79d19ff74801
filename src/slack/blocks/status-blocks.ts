import type { DateTime } from 'luxon';
import type { StatusView } from '../../campaigns/queries.js';
import type { Plan, StartConstraint, ZonePlan } from '../../domain/plan.js';
import { patchedHosts } from '../../domain/progress.js';
import { formatCheckpoint } from '../../domain/schedule.js';
import { formatCountdown, formatDuration, formatInstant } from '../../domain/time.js';
import type { Campaign, Zone, ZoneState } from '../../domain/types.js';
import { ACTIONS, encodeZoneValue } from '../ids.js';
import {
  type Block,
  type ButtonElement,
  context,
  divider,
  escapeMrkdwn,
  formatNumber,
  header,
  LIMITS,
  packLines,
  plural,
  type SlackMessage,
  section,
  truncate,
} from './kit.js';

const STATE_ICON: Record<ZoneState, string> = {
  blocked: ':no_entry:',
  in_progress: ':arrows_counterclockwise:',
  pending: ':white_circle:',
  done: ':white_check_mark:',
};
const STATE_LABEL: Record<ZoneState, string> = {
  blocked: 'blocked',
  in_progress: 'in progress',
  pending: 'pending',
  done: 'done',
};
// Zones that need attention first (PRODUCT.md: status message).
const STATE_ORDER: ZoneState[] = ['blocked', 'in_progress', 'pending', 'done'];

/** The campaign's name where it may be shown, its alias where it may not (rule 2). */
export function campaignName(campaign: Campaign, redacted: boolean): string {
  if (redacted) return campaign.alias;
  return campaign.title ? `${campaign.id}: ${campaign.title}` : campaign.id;
}

const names = (zones: readonly string[], max = 5) =>
  zones.length <= max
    ? zones.map(escapeMrkdwn).join(', ')
    : `${zones.slice(0, max).map(escapeMrkdwn).join(', ')} and ${zones.length - max} more`;

/** Rule 6 in words: the verdict, the projected finish and what it rests on. */
export function describeProjection(plan: Plan): string {
  const verdict = plan.verdict;
  const critical = plan.regions[0] ? ` (critical region ${escapeMrkdwn(plan.regions[0].region)})` : '';
  switch (verdict.kind) {
    case 'no_zones':
      return 'No zones yet: add them with `/xsa zone add <ZONE>`.';
    case 'complete': {
      const when = formatDuration(verdict.marginMinutes);
      return verdict.marginMinutes >= 0
        ? `:large_green_circle: Complete ${formatInstant(verdict.finishedAt)}, ${when} before the lift.`
        : `:red_circle: Complete ${formatInstant(verdict.finishedAt)}, ${when} after the lift.`;
    }
    case 'blocked': {
      const rest = verdict.finishAt
        ? ` The other zones would finish ~${formatInstant(verdict.finishAt)}.`
        : '';
      return `:no_entry: Blocked on ${names(verdict.blocked)}: the finish depends on ${verdict.blocked.length === 1 ? 'it' : 'them'}.${rest}`;
    }
    case 'unreachable': {
      const why =
        verdict.rule === 'window'
          ? 'their planned windows open'
          : `the ${formatCheckpoint(plan.settings.noticeLeadMinutes ?? 0).slice(2)} customer notice allows`;
      const told =
        plan.notNotified.length > 0
          ? ` Customers of ${plural(plan.notNotified.length, 'zone')} are not notified yet.`
          : '';
      return `:red_circle: Can't finish before the lift: ${names(verdict.zones)} may not start before ${formatInstant(verdict.earliestStart)}, when ${why}. Projected finish ~${formatInstant(verdict.finishAt)}, late by ${formatDuration(minutesBetween(plan.settings.liftAt, verdict.finishAt))}.${told}`;
    }
    case 'late':
      return `:red_circle: Late by ${formatDuration(verdict.lateMinutes)}: finish ~${formatInstant(verdict.finishAt)}${critical}.`;
    case 'too_early':
      return `:white_circle: Too early to tell: no zone is done yet, so zones without a window count ${formatDuration(plan.settings.defaultZoneMinutes)} each (\`/xsa set zone-duration\`). On that guess: finish ~${formatInstant(verdict.finishAt)}, ${formatDuration(verdict.marginMinutes)} before the lift.`;
    case 'at_risk':
      return `:large_yellow_circle: At risk: finish ~${formatInstant(verdict.finishAt)}${critical}, only ${formatDuration(verdict.marginMinutes)} before the lift.`;
    case 'on_track':
      return `:large_green_circle: On track: finish ~${formatInstant(verdict.finishAt)}${critical}, ${formatDuration(verdict.marginMinutes)} before the lift.`;
  }
}

const minutesBetween = (from: DateTime, to: DateTime) => to.diff(from, 'minutes').minutes;

/** A plan time in UTC, short: `09-28 14:00`; the region's finish carries the full forms (rule 1). */
const shortUtc = (at: DateTime) => at.toUTC().toFormat('MM-dd HH:mm');

const CONSTRAINT_NOTE: Record<Exclude<StartConstraint, null>, string> = {
  notice: ' (notice)',
  not_notified: ' (not notified)',
  window: ' (window)',
  wave: '',
};

function planEntry(p: ZonePlan): string {
  const name = escapeMrkdwn(p.zone);
  if (p.state === 'blocked') return `${name} blocked`;
  if (!p.start) return `${name} waits for a free slot`;
  const note = p.constraint ? CONSTRAINT_NOTE[p.constraint] : '';
  const from = p.state === 'in_progress' ? 'running' : shortUtc(p.start);
  // The finish without its date when it falls on the start's day: `09-30 04:00–08:00`.
  const until = !p.finish
    ? '?'
    : p.finish.toUTC().hasSame(p.start.toUTC(), 'day')
      ? p.finish.toUTC().toFormat('HH:mm')
      : shortUtc(p.finish);
  return `${name} ${from}–${until}${note}`;
}

const ZONES_PER_REGION_LINE = 6;

/**
 * Rule 6, the plan: per region with work left, its zones in projected order with start and finish,
 * the critical region first. One line per region, a few zones each, so 1,000 zones stay readable.
 */
export function planLines(plan: Plan): string[] {
  return plan.regions.map((region, i) => {
    const finish = region.finish
      ? `done ~${formatInstant(region.finish)}`
      : `unfinished while ${names(region.blocked, 3)} ${region.blocked.length === 1 ? 'is' : 'are'} blocked`;
    const shown = region.zones.slice(0, ZONES_PER_REGION_LINE).map(planEntry);
    const more = region.zones.length - shown.length;
    return `${i === 0 ? ':dart: ' : '• '}*${escapeMrkdwn(region.region)}*${i === 0 ? ' (critical)' : ''}: ${finish} — ${shown.join(' → ')}${more > 0 ? ` → ${more} more` : ''}`;
  });
}

/** The plan as one section: as many regions as fit, then how many more were left out. */
function planBlock(plan: Plan): Block | null {
  const lines = planLines(plan);
  if (lines.length === 0) return null;
  const head = '*Plan* (zone times in UTC):';
  const text = (shown: number) => {
    const rest = lines.length - shown;
    return [
      head,
      ...lines.slice(0, shown),
      ...(rest > 0 ? [`…and ${plural(rest, 'more region')}.`] : []),
    ].join('\n');
  };
  // Count forward (a long list would make trimming from the end slow); the tail line needs ~40.
  let shown = 0;
  let length = head.length;
  while (shown < lines.length && length + 1 + (lines[shown]?.length ?? 0) + 40 <= LIMITS.sectionText) {
    length += 1 + (lines[shown]?.length ?? 0);
    shown += 1;
  }
  return section(text(shown));
}

function hostsText(zone: Zone): string {
  const patched = patchedHosts(zone);
  if (zone.hostsTotal === null) return patched > 0 ? `${formatNumber(patched)} hosts patched` : '';
  return `${formatNumber(patched)}/${formatNumber(zone.hostsTotal)} hosts`;
}

/** One zone as a line: state, region, hosts, window and times; the blocker's reason only when not redacted. */
export function formatZoneLine(zone: Zone, view: Pick<StatusView, 'redacted' | 'exposure'>): string {
  const parts = [`${STATE_ICON[zone.state]} *${escapeMrkdwn(zone.name)}*`];
  if (zone.region !== zone.name) parts[0] += ` (${escapeMrkdwn(zone.region)})`;
  parts.push(STATE_LABEL[zone.state]);
  if (zone.state === 'blocked' && !view.redacted) parts.push(`_${escapeMrkdwn(zone.blockedReason ?? '')}_`);
  const hosts = hostsText(zone);
  if (hosts) parts.push(hosts);
  // Rule 1: each time as a date token (the viewer's zone) and in UTC.
  if (zone.windowStart && zone.windowEnd)
    parts.push(`window ${formatInstant(zone.windowStart)} – ${formatInstant(zone.windowEnd)}`);
  if (zone.startedAt) parts.push(`started ${formatInstant(zone.startedAt)}`);
  if (zone.doneAt) parts.push(`done ${formatInstant(zone.doneAt)}`);
  const exposed = view.exposure.zones.find((z) => z.zone === zone.name);
  if (exposed) {
    parts.push(
      `${exposed.open ? 'exposed for' : 'was exposed'} ${formatDuration(exposed.minutes)}${exposed.lateStart ? ' (late start)' : ''}`,
    );
  }
  return parts.join(' · ');
}

/** Zones in the order that puts attention first, keeping the order they were added within a state. */
export function orderZones(zones: readonly Zone[]): Zone[] {
  return STATE_ORDER.flatMap((state) => zones.filter((z) => z.state === state));
}

/** Lift, countdown, zones, hosts, projection and (after the lift) exposure, one line each. */
export function summaryLines(view: StatusView): string[] {
  const { campaign, totals, redacted } = view;
  const lines = [
    `*Lift:* ${formatInstant(campaign.liftAt)} · *${formatCountdown(campaign.liftAt, view.now)}*`,
  ];
  if (!redacted && campaign.cves.length > 0) lines.push(`*CVE:* ${campaign.cves.join(', ')}`);
  const states = STATE_ORDER.filter((s) => s !== 'done' && totals.byState[s] > 0).map(
    (s) => `${totals.byState[s]} ${STATE_LABEL[s]}`,
  );
  lines.push(
    `*Zones:* ${formatNumber(totals.byState.done)}/${formatNumber(totals.zones)} done${states.length ? ` · ${states.join(' · ')}` : ''}`,
  );
  if (totals.hostsTotal > 0) {
    const share = Math.floor((totals.hostsPatched / totals.hostsTotal) * 100);
    lines.push(
      `*Hosts:* ${formatNumber(totals.hostsPatched)}/${formatNumber(totals.hostsTotal)} patched (${share}%)${totals.hostsKnown ? '' : ', some zones have no host count'}`,
    );
  }
  lines.push(`*Projection:* ${describeProjection(view.projection)}`);
  if (view.exposure.afterLift) {
    const { exposure } = view;
    const hostHours =
      exposure.totalHostHours > 0 ? ` · ${formatNumber(exposure.totalHostHours)} host-hours` : '';
    lines.push(
      exposure.zones.length === 0
        ? view.zones.length === 0
          ? '*Exposure:* none known: this campaign has no zones.'
          : '*Exposure:* none, every zone was done before the lift.'
        : `*Exposure:* ${plural(exposure.zones.length, 'zone')} exposed after the lift, ${exposure.openZones} still open${hostHours}`,
    );
  }
  return lines;
}

function deliveryLines(view: StatusView): string[] {
  return view.deliveryProblems.map(
    (p) =>
      `:warning: I could not post ${plural(p.messages, 'message')} to <#${p.channel}>: \`${p.error}\`${p.error === 'not_in_channel' ? ' (invite me there)' : ''}.`,
  );
}

/** The blocked zones, with their reasons unless redacted. */
/** The advisory's deployment restriction, before the lift, for responders only (its words name the issue). */
function deploymentLines(view: StatusView): string[] {
  const restriction = view.campaign.deploymentRestriction;
  if (!restriction || view.redacted || view.now >= view.campaign.liftAt) return [];
  return [
    `:no_entry: *Deployment before the lift is not permitted* by the advisory; zones start after the lift (\`force\` overrides). _${escapeMrkdwn(truncate(restriction, 300))}_`,
  ];
}

export function blockerLines(view: StatusView): string[] {
  const blocked = view.zones.filter((z) => z.state === 'blocked');
  if (blocked.length === 0) return [];
  if (view.redacted) return [`*Blocked:* ${blocked.map((z) => escapeMrkdwn(z.name)).join(', ')}`];
  return [
    `*Blockers:*`,
    ...blocked.map((z) => `• *${escapeMrkdwn(z.name)}*: ${escapeMrkdwn(z.blockedReason ?? '')}`),
  ];
}

// The remainder line and the context line that follow the zone rows.
const FOOT_BLOCKS = 2;
const MAX_ZONE_LINES = 200;

const button = (
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
): ButtonElement => ({
  type: 'button',
  text: { type: 'plain_text', text: truncate(text, LIMITS.buttonText), emoji: true },
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
});

/** The buttons that make sense for a zone in its state. */
function zoneButtons(campaign: Campaign, zone: Zone): ButtonElement[] {
  const value = encodeZoneValue(campaign.id, zone.name);
  switch (zone.state) {
    case 'pending':
      return [button('Start', ACTIONS.start, value, 'primary'), button('Block', ACTIONS.block, value)];
    case 'in_progress':
      return [
        {
          ...button('Done', ACTIONS.done, value, 'primary'),
          confirm: {
            title: { type: 'plain_text', text: 'Mark the zone done?' },
            text: {
              type: 'mrkdwn',
              text: truncate(`Every host in *${escapeMrkdwn(zone.name)}* is patched and rebooted?`, 300),
            },
            confirm: { type: 'plain_text', text: 'Done' },
            deny: { type: 'plain_text', text: 'Not yet' },
          },
        },
        button('Block', ACTIONS.block, value, 'danger'),
      ];
    case 'blocked':
      return [button('Unblock', ACTIONS.unblock, value)];
    case 'done':
      return [];
  }
}

/** A zone row with its buttons: a section and an actions block (2 of the message's 50 blocks). */
function zoneRowWithButtons(view: StatusView, zone: Zone): Block[] {
  return [
    section(formatZoneLine(zone, view)),
    {
      type: 'actions',
      block_id: truncate(`zone:${encodeZoneValue(view.campaign.id, zone.name)}`, 255),
      elements: zoneButtons(view.campaign, zone),
    },
  ];
}

/**
 * The status message: lift, countdown, totals, projection, blockers, then a row per zone — with
 * Start/Done/Block buttons for a responder in the war room. With many zones it stays inside Block
 * Kit's limits: attention first, the rest summarised by state.
 */
export function getStatusBlocks(view: StatusView): SlackMessage {
  const { campaign, redacted } = view;
  const name = campaignName(campaign, redacted);
  const blocks: Block[] = [
    header(campaign.closedAt ? `${name} (closed)` : name),
    section(summaryLines(view).join('\n')),
  ];
  const blockers = [...deploymentLines(view), ...blockerLines(view), ...deliveryLines(view)];
  if (blockers.length > 0) blocks.push(section(blockers.join('\n')));
  const plan = planBlock(view.projection);
  if (plan) blocks.push(plan);
  blocks.push(divider());

  const ordered = orderZones(view.zones);
  let listed = 0;
  if (view.inWarRoom && !redacted) {
    // Buttons for the zones that can still move, attention first; half the budget keeps room for the rest.
    const movable = ordered.filter((z) => z.state !== 'done');
    const withButtons = movable.slice(
      0,
      Math.floor((LIMITS.messageBlocks - blocks.length - FOOT_BLOCKS - 2) / 2),
    );
    for (const zone of withButtons) blocks.push(...zoneRowWithButtons(view, zone));
    listed = withButtons.length;
  }
  const rest = ordered.slice(listed, listed + MAX_ZONE_LINES);
  const packed = packLines(
    rest.map((zone) => formatZoneLine(zone, view)),
    LIMITS.messageBlocks - blocks.length - FOOT_BLOCKS,
  );
  blocks.push(...packed.blocks);
  const hidden = ordered.slice(listed + rest.length - packed.omitted);
  if (hidden.length > 0) {
    const byState = STATE_ORDER.map((s) => [s, hidden.filter((z) => z.state === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${formatNumber(n)} ${STATE_LABEL[s]}`);
    blocks.push(section(`…and ${plural(hidden.length, 'more zone')}: ${byState.join(', ')}.`));
  }
  // The same two forms as every other time in the message (rule 1), not UTC beside local times.
  const asOf = `As of ${formatInstant(view.now)}`;
  blocks.push(
    context(
      redacted || view.shared ? asOf : `${asOf} · \`/xsa status share\` in the war room posts this there`,
    ),
  );
  const text = escapeMrkdwn(
    `${name}: ${formatCountdown(campaign.liftAt, view.now)}, ${view.totals.byState.done}/${view.totals.zones} zones done`,
  );
  return { text, blocks };
}

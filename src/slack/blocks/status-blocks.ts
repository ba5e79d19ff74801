import type { StatusView } from '../../campaigns/queries.js';
import type { Projection } from '../../domain/progress.js';
import { formatCountdown, formatDuration, formatInstant, formatUtc } from '../../domain/time.js';
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
  section,
  truncate,
} from './kit.js';

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

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

const perHour = (n: number, unit: string) => `${n >= 10 ? formatNumber(n) : n.toFixed(1)} ${unit}/h`;

/** Rule 6 in words. */
export function describeProjection(projection: Projection): string {
  switch (projection.kind) {
    case 'no_zones':
      return 'No zones yet: add them with `/xsa zone add <ZONE>`.';
    case 'complete': {
      const when = formatDuration(projection.marginMinutes);
      return projection.marginMinutes >= 0
        ? `:large_green_circle: Complete ${formatInstant(projection.finishedAt)}, ${when} before the lift.`
        : `:red_circle: Complete ${formatInstant(projection.finishedAt)}, ${when} after the lift.`;
    }
    case 'not_started':
      return projection.neededPerHour === null
        ? `:red_circle: Late: nothing started and the lift has passed (${plural(projection.remaining, projection.unit.slice(0, -1), projection.unit)} to go).`
        : `:white_circle: Nothing started yet. To finish before the lift: ${perHour(projection.neededPerHour, projection.unit)} (${plural(projection.remaining, projection.unit.slice(0, -1), projection.unit)} to go).`;
    case 'no_pace':
      return `${projection.verdict === 'late' ? ':red_circle: Late' : ':large_yellow_circle: At risk'}: started ${formatInstant(projection.since)}, nothing finished yet (${plural(projection.remaining, projection.unit.slice(0, -1), projection.unit)} to go).`;
    case 'projected': {
      const finish = `finish ~${formatInstant(projection.finishAt)} at ${perHour(projection.pacePerHour, projection.unit)}`;
      if (projection.verdict === 'late') {
        return `:red_circle: Late by ${formatDuration(-projection.marginMinutes)}: ${finish}.`;
      }
      const label =
        projection.verdict === 'on_track' ? ':large_green_circle: On track' : ':large_yellow_circle: At risk';
      return `${label}: ${finish}, ${formatDuration(projection.marginMinutes)} before the lift.`;
    }
  }
}

function hostsText(zone: Zone): string {
  const patched = zone.state === 'done' && zone.hostsTotal !== null ? zone.hostsTotal : zone.hostsPatched;
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
        ? '*Exposure:* none, every zone was done before the lift.'
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
  const blockers = [...blockerLines(view), ...deliveryLines(view)];
  if (blockers.length > 0) blocks.push(section(blockers.join('\n')));
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
  const asOf = `As of ${formatUtc(view.now)}`;
  blocks.push(context(redacted ? asOf : `${asOf} · \`/xsa status share\` in the war room posts this there`));
  const text = escapeMrkdwn(
    `${name}: ${formatCountdown(campaign.liftAt, view.now)}, ${view.totals.byState.done}/${view.totals.zones} zones done`,
  );
  return { text, blocks };
}

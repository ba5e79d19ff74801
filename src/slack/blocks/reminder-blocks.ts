import type { StatusView } from '../../campaigns/queries.js';
import type { DueReminder } from '../../domain/reminders.js';
import { formatCheckpoint } from '../../domain/schedule.js';
import { formatCountdown, formatDuration, formatInstant, formatUtc } from '../../domain/time.js';
import type { Zone } from '../../domain/types.js';
import { context, escapeMrkdwn, header, type OutgoingMessage, section } from './kit.js';
import { blockerLines, campaignName, getStatusBlocks, summaryLines } from './status-blocks.js';

/** What a reminder is called: `T-24h`, or `Exposure open (hour 3)`. */
export function describeReminder(reminder: Pick<DueReminder, 'kind' | 'offset'>): string {
  return reminder.kind === 'checkpoint'
    ? formatCheckpoint(reminder.offset)
    : `Exposure open, hour ${reminder.offset}`;
}

function body(view: StatusView): string {
  return [...summaryLines(view), ...blockerLines(view)].join('\n');
}

/** A checkpoint reminder: countdown, progress, projection and blockers (the latter hidden when redacted). */
export function getReminderMessage(
  view: StatusView,
  reminder: DueReminder,
  lateMinutes: number | null,
): OutgoingMessage {
  const name = campaignName(view.campaign, view.redacted);
  // On time, the countdown is the checkpoint's own: "T-12h 26m … in 12h 26m", not a minute less
  // because the tick ran seconds after it.
  const countdownAt = reminder.kind === 'checkpoint' && lateMinutes === null ? reminder.dueAt : view.now;
  const countdown = formatCountdown(view.campaign.liftAt, countdownAt);
  const title =
    reminder.kind === 'checkpoint'
      ? `:alarm_clock: ${describeReminder(reminder)}: ${name}, ${countdown}`
      : `:rotating_light: Exposure open: ${name}, ${countdown}, ${view.totals.zones - view.totals.byState.done} zones not patched`;
  const blocks = [section(`*${escapeMrkdwn(title)}*`), section(body(view))];
  if (lateMinutes !== null) {
    blocks.push(
      context(
        `Posted ${formatDuration(lateMinutes)} late: I was not running at ${formatUtc(reminder.dueAt)}.`,
      ),
    );
  }
  return { text: escapeMrkdwn(title), blocks };
}

/** One message in place of the reminders missed while the bot was down. */
export function getCatchUpMessage(view: StatusView, missed: readonly DueReminder[]): OutgoingMessage {
  const name = campaignName(view.campaign, view.redacted);
  const labels = missed.map(describeReminder);
  const shown = labels.length > 8 ? [...labels.slice(0, 8), `${labels.length - 8} more`] : labels;
  const title = `:hourglass: While I was down I missed ${missed.length} reminder${missed.length === 1 ? '' : 's'} for ${name} (${shown.join(', ')}). Where things stand now:`;
  return { text: escapeMrkdwn(title), blocks: [section(escapeMrkdwn(title)), section(body(view))] };
}

/** A zone's planned window has opened: to the war room, naming the owner. */
export function getWindowMessage(view: StatusView, zone: Zone): OutgoingMessage {
  const owner = zone.owner ? ` <@${zone.owner}>` : '';
  const text = `:calendar: The planned window of *${escapeMrkdwn(zone.name)}* opens now${owner} (${formatInstant(zone.windowStart ?? view.now)}${zone.windowEnd ? ` – ${formatInstant(zone.windowEnd)}` : ''}). It is ${zone.state.replace('_', ' ')}.`;
  return {
    text,
    blocks: [
      section(text),
      context(
        `${escapeMrkdwn(campaignName(view.campaign, view.redacted))} · ${formatCountdown(view.campaign.liftAt, view.now)}`,
      ),
    ],
  };
}

/** The pinned live countdown the bot keeps current in the war room. */
export function getCountdownMessage(view: StatusView): OutgoingMessage {
  const name = campaignName(view.campaign, view.redacted);
  const countdown = formatCountdown(view.campaign.liftAt, view.now);
  return {
    text: escapeMrkdwn(`${name}: ${countdown}`),
    blocks: [
      header(`${name}: ${countdown}`),
      section(body(view)),
      context(`Live: updated ${formatInstant(view.now)}`),
    ],
  };
}

/** A scheduled digest: the status message as it is now, without buttons. */
export function getDigestMessage(view: StatusView): OutgoingMessage {
  const status = getStatusBlocks({ ...view, inWarRoom: false });
  return {
    text: `Digest: ${status.text}`,
    blocks: [context(':newspaper: Scheduled digest'), ...status.blocks].slice(0, 50),
  };
}

import { DateTime } from 'luxon';
import { patchedHosts, summarizeZones } from '../progress.js';
import { formatDuration, formatUtc } from '../time.js';
import type { AuditEvent } from '../types.js';
import { projectAtLift } from './projection-at-lift.js';
import { type CampaignRecord, collectFacts, type ReportFile, spanMinutes } from './record.js';

/**
 * Text people typed, made inert in Markdown: it cannot close a table cell, start a line, open a
 * link or inject HTML when the file is pasted into a wiki.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const md = escapeMarkdown;
const when = (instant: DateTime | null) => (instant ? formatUtc(instant) : '—');
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** The phase of the campaign at `now`, as the API names it. */
export function campaignPhase(
  record: CampaignRecord,
  now: DateTime,
): 'before_lift' | 'after_lift' | 'closed' {
  if (record.campaign.closedAt) return 'closed';
  return now < record.campaign.liftAt ? 'before_lift' : 'after_lift';
}

/** An ISO instant kept in an event's details, shown like every other time in the report. */
function isoAsUtc(value: unknown): string {
  const instant = typeof value === 'string' ? DateTime.fromISO(value, { zone: 'utc' }) : null;
  return instant?.isValid ? formatUtc(instant) : String(value);
}

/** One audit event in words: what happened, without the time and the actor. */
export function describeEventPlain(event: AuditEvent): string {
  const d = event.details;
  const zone = event.zone === null ? '' : ` ${event.zone}`;
  switch (event.kind) {
    case 'campaign.created':
      return `opened the campaign (lift ${isoAsUtc(d.liftAt)})`;
    case 'campaign.lift_moved':
      return `moved the lift from ${isoAsUtc(d.from)} to ${isoAsUtc(d.to)}`;
    case 'campaign.closed':
      return 'closed the campaign';
    case 'zone.added':
      return `added zone${zone} (region ${String(d.region ?? event.zone)}${typeof d.hostsTotal === 'number' ? `, ${d.hostsTotal} hosts` : ''})`;
    case 'zone.started':
      return d.force
        ? `started${zone}, forced past the ${(d.overrode as string[] | undefined)?.join(' and ') ?? ''} rule`
        : `started${zone}`;
    case 'zone.done':
      return `marked${zone} done`;
    case 'zone.progress':
      return `reported${zone} at ${String(d.to)} hosts patched (was ${String(d.from)})`;
    case 'zone.blocked':
      return `blocked${zone}: ${String(d.reason ?? '')}`;
    case 'zone.unblocked':
      return `unblocked${zone}`;
    case 'zone.notified':
      return `recorded customers notified for${zone}`;
    default:
      return `${event.kind}${zone}${Object.keys(d).length > 0 ? ` ${JSON.stringify(d)}` : ''}`;
  }
}

function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** `<ID>-report.md`: the post-mortem, readable as it is and pasteable into a wiki. */
export function buildMarkdownReport(record: CampaignRecord, now: DateTime): ReportFile {
  const { campaign, zones, events } = record;
  // A person by name and Slack id (`alice (U0ALICE)`), or by id alone when the name is not known.
  const who = (id: string) => {
    const name = record.people?.get(id);
    return name ? `${md(name)} (${md(id)})` : md(id);
  };
  const facts = collectFacts(record, now);
  const totals = summarizeZones(zones);
  const projection = projectAtLift(record, now);
  const lines: string[] = [];

  lines.push(`# ${md(campaign.id)}${campaign.title ? `: ${md(campaign.title)}` : ''} — post-mortem`, '');
  lines.push(
    `- **Campaign:** ${md(campaign.id)}`,
    `- **Title:** ${campaign.title ? md(campaign.title) : '—'}`,
    `- **CVEs:** ${campaign.cves.length > 0 ? campaign.cves.map(md).join(', ') : '—'}`,
    `- **Lift (public disclosure):** ${formatUtc(campaign.liftAt)}`,
    `- **Alias:** ${md(campaign.alias)}`,
    `- **Phase:** ${campaignPhase(record, now).replace('_', ' ')}`,
    `- **Opened:** ${formatUtc(campaign.createdAt)} by ${who(campaign.createdBy)}`,
    ...(campaign.closedAt ? [`- **Closed:** ${formatUtc(campaign.closedAt)}`] : []),
    `- **Report made:** ${formatUtc(now)}`,
    '',
  );

  lines.push('## Totals', '');
  lines.push(
    `- **Zones:** ${totals.zones} (${totals.byState.done} done, ${totals.byState.in_progress} in progress, ${totals.byState.blocked} blocked, ${totals.byState.pending} pending)`,
    `- **Hosts patched:** ${number.format(totals.hostsPatched)} of ${number.format(totals.hostsTotal)}${totals.hostsKnown ? '' : ' (some zones have no host count)'}`,
  );
  const doneBeforeLift = zones.filter((z) => z.doneAt && z.doneAt <= campaign.liftAt).length;
  lines.push(`- **Done before the lift:** ${doneBeforeLift} of ${zones.length} zones`);
  if (facts.exposure.afterLift) {
    const { exposure } = facts;
    lines.push(
      `- **Exposed after the lift:** ${exposure.zones.length} zones, ${exposure.openZones} still open, ${number.format(exposure.totalHostHours)} host-hours${exposure.zonesWithoutHostCount ? ` (${exposure.zonesWithoutHostCount} zones without a host count not included)` : ''}`,
    );
    const lateStarts = facts.zones.filter((z) => z.lateStart).length;
    lines.push(`- **Late starts (after the lift):** ${lateStarts}`);
  } else {
    lines.push('- **Exposure:** none yet; the advisory is not public.');
  }
  lines.push('');

  lines.push(
    facts.liftSeen ? '## Projection at the lift' : '## Projection now (before the lift)',
    '',
    `As of ${formatUtc(projection.at)}: ${projection.text}`,
    '',
  );

  lines.push('## Zones', '');
  if (zones.length === 0) lines.push('No zones.');
  else
    lines.push(
      ...table(
        [
          'Zone',
          'Region',
          'State',
          'Hosts',
          'Customers notified',
          'Notice lead time',
          'Started',
          'Done',
          'Late start',
          'Exposure',
        ],
        facts.zones.map(({ zone, noticeLeadMinutes, lateStart, exposure }) => [
          md(zone.name),
          md(zone.region),
          zone.state.replace('_', ' '),
          zone.hostsTotal === null
            ? number.format(patchedHosts(zone))
            : `${number.format(patchedHosts(zone))}/${number.format(zone.hostsTotal)}`,
          when(zone.notifiedAt),
          noticeLeadMinutes === null ? '—' : formatDuration(noticeLeadMinutes),
          when(zone.startedAt),
          when(zone.doneAt),
          lateStart ? 'yes' : 'no',
          exposure === null
            ? facts.exposure.afterLift
              ? 'none'
              : '—'
            : `${formatDuration(exposure.minutes)}${exposure.open ? ' (still open)' : ''}${exposure.hostHours === null ? '' : `, ${number.format(exposure.hostHours)} host-hours`}`,
        ]),
      ),
    );
  lines.push('');

  lines.push('## Blockers', '');
  if (facts.blockedSpans.length === 0) lines.push('None.');
  else
    lines.push(
      ...table(
        ['Zone', 'Reason', 'Blocked', 'Unblocked', 'Duration', 'By'],
        facts.blockedSpans.map((span) => [
          md(span.zone),
          md(span.reason),
          formatUtc(span.from),
          span.to ? formatUtc(span.to) : 'still blocked',
          `${formatDuration(spanMinutes(span, now))}${span.to ? '' : ' so far'}`,
          who(span.actor),
        ]),
      ),
    );
  lines.push('');

  const notices = events.filter((e) => e.kind === 'zone.notified');
  lines.push('## Customer notices', '');
  if (notices.length === 0) lines.push('None recorded.');
  else
    for (const e of notices)
      lines.push(`- ${formatUtc(e.at)} — ${md(e.zone ?? '')}, recorded by ${who(e.actor)}`);
  if (campaign.noticeLeadMinutes !== null)
    lines.push(
      '',
      `Notice rule: customers told at least ${formatDuration(campaign.noticeLeadMinutes)} before a zone starts.`,
    );
  lines.push('');

  lines.push('## Timeline', '', `All times UTC. ${events.length} events.`, '');
  for (const event of events)
    lines.push(`- ${formatUtc(event.at)} — ${who(event.actor)} ${md(describeEventPlain(event))}`);
  lines.push('');

  return {
    filename: `${campaign.id}-report.md`,
    contentType: 'text/markdown; charset=utf-8',
    bytes: new TextEncoder().encode(lines.join('\n')),
  };
}

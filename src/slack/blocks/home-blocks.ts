import type { types } from '@slack/bolt';
import type { DateTime } from 'luxon';
import type { ListEntry } from '../../campaigns/queries.js';
import { formatCountdown, formatInstant } from '../../domain/time.js';
import {
  type Block,
  context,
  divider,
  escapeMrkdwn,
  formatNumber,
  header,
  LIMITS,
  plural,
  section,
} from './kit.js';
import { campaignName, describeProjection } from './status-blocks.js';

// Header and intro before the campaigns, and the line that counts the ones left out.
const HOME_FRAME_BLOCKS = 4;
const BLOCKS_PER_CAMPAIGN = 3;

function campaignBlocks(
  { campaign, totals, projection, redacted, blockedZones }: ListEntry,
  now: DateTime,
): Block[] {
  const hosts =
    totals.hostsTotal > 0
      ? ` · hosts ${Math.floor((totals.hostsPatched / totals.hostsTotal) * 100)}% (${formatNumber(totals.hostsPatched)}/${formatNumber(totals.hostsTotal)})`
      : '';
  const lines = [
    `*${escapeMrkdwn(campaignName(campaign, redacted))}*`,
    `Lift ${formatInstant(campaign.liftAt)} · *${formatCountdown(campaign.liftAt, now)}*`,
    `Zones ${formatNumber(totals.byState.done)}/${formatNumber(totals.zones)} done${hosts}`,
    describeProjection(projection),
  ];
  if (blockedZones.length > 0) {
    lines.push(
      redacted
        ? `:no_entry: ${plural(blockedZones.length, 'zone')} blocked`
        : `:no_entry: Blocked: ${blockedZones
            .slice(0, 10)
            .map((z) => `*${escapeMrkdwn(z.name)}* (${escapeMrkdwn(z.blockedReason ?? '')})`)
            .join(', ')}${blockedZones.length > 10 ? ` and ${blockedZones.length - 10} more` : ''}`,
    );
  }
  return [
    section(lines.join('\n')),
    context(
      redacted
        ? 'You are not a responder: details stay in the war room until the lift.'
        : `War room <#${campaign.warRoomChannel}> · \`/xsa status ${campaign.id}\``,
    ),
    divider(),
  ];
}

/** The App Home tab: every open campaign the viewer may see, redacted where rule 2 says (≤ 100 blocks). */
export function getHomeView(entries: readonly ListEntry[], now: DateTime): types.HomeView {
  const blocks: Block[] = [header('Patch campaigns'), context(`As of ${formatInstant(now)}`), divider()];
  if (entries.length === 0) {
    blocks.push(section('No open campaigns. In a war-room channel, `/xsa new` starts one.'));
  }
  const fits = Math.floor((LIMITS.surfaceBlocks - HOME_FRAME_BLOCKS) / BLOCKS_PER_CAMPAIGN);
  for (const entry of entries.slice(0, fits)) blocks.push(...campaignBlocks(entry, now));
  if (entries.length > fits)
    blocks.push(
      context(`…and ${plural(entries.length - fits, 'more campaign')}: \`/xsa list\` shows them all.`),
    );
  return { type: 'home', blocks };
}

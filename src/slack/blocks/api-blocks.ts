import { formatInstant } from '../../domain/time.js';
import type { Campaign, Zone } from '../../domain/types.js';
import type { ApiToken } from '../../store/api-store.js';
import type { SlackMessage } from './kit.js';
import { context, escapeMrkdwn, header, packLines, plural, section } from './kit.js';

/** Host names shown by `/xsa hosts`: 5 sections of about 3,000 characters hold this many long names. */
export const HOSTS_SHOWN = 200;

/** The new token, shown once, ephemerally, with how to use it. */
export function getTokenCreatedBlocks(campaign: Campaign, name: string, token: string): SlackMessage {
  const text = `API token \`${escapeMrkdwn(name)}\` for ${escapeMrkdwn(campaign.id)}. This is the only time it is shown; it is stored as a hash.`;
  return {
    text,
    blocks: [
      section(`:key: ${text}`),
      section(`\`\`\`${token}\`\`\``),
      context(
        `Send it as \`Authorization: Bearer <token>\` to \`/api/v1/campaigns/${escapeMrkdwn(campaign.id)}/…\` (README, "Automation"). \`/xsa token revoke ${escapeMrkdwn(name)}\` ends it at once.`,
      ),
    ],
  };
}

export function getTokenListBlocks(campaign: Campaign, tokens: readonly ApiToken[]): SlackMessage {
  if (tokens.length === 0) {
    const text = `${escapeMrkdwn(campaign.id)} has no API tokens. \`/xsa token create <NAME>\` makes one.`;
    return { text, blocks: [section(text)] };
  }
  const lines = tokens.map(
    (t) =>
      `• \`${escapeMrkdwn(t.name)}\` created by <@${t.createdBy}> ${formatInstant(t.createdAt)}; ${t.lastUsedAt ? `last used ${formatInstant(t.lastUsedAt)}` : 'never used'}`,
  );
  return {
    text: `API tokens of ${campaign.id}: ${tokens.map((t) => t.name).join(', ')}`,
    blocks: [section(`*API tokens of ${escapeMrkdwn(campaign.id)}*`), ...packLines(lines, 10).blocks],
  };
}

/** `/xsa hosts`: the first names left and a count, inside Block Kit's limits. */
export function getHostsBlocks(view: { zone: Zone; named: boolean; left: readonly string[] }): SlackMessage {
  const { zone, named, left } = view;
  const name = escapeMrkdwn(zone.name);
  if (!named) {
    const text = `${name} has no host list (only a count: ${zone.hostsPatched}/${zone.hostsTotal ?? '?'} patched). Hosts are listed by name when the zone is added through the API.`;
    return { text, blocks: [section(text)] };
  }
  if (left.length === 0) {
    const text = `${name}: every host is reported patched (${zone.hostsTotal ?? 0}).`;
    return { text, blocks: [section(`:white_check_mark: ${text}`)] };
  }
  const summary = `${name}: ${plural(left.length, 'host')} of ${zone.hostsTotal ?? left.length} not yet reported patched.`;
  const shown = left.slice(0, HOSTS_SHOWN);
  const { blocks, omitted } = packLines(
    shown.map((h) => `• \`${escapeMrkdwn(h)}\``),
    5,
  );
  const notShown = left.length - shown.length + omitted;
  return {
    text: summary,
    blocks: [
      header(`Hosts left in ${zone.name}`),
      section(summary),
      ...blocks,
      ...(notShown > 0 ? [context(`…and ${plural(notShown, 'more host')}.`)] : []),
    ],
  };
}

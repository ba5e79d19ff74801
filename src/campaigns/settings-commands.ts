import type { AppContext } from '../context.js';
import { escapeEntities } from '../domain/entities.js';
import { XsaError } from '../domain/errors.js';
import { MAX_ALIAS, MAX_TITLE } from '../domain/limits.js';
import { findAliasLeak, formatLead, reachabilityWarnings } from '../domain/settings.js';
import { formatDuration, parseDuration } from '../domain/time.js';
import type { Campaign } from '../domain/types.js';
import { campaignEvent, campaignToChange, type Invocation } from './access.js';
import type { CommandOutcome } from './campaign-commands.js';

/** What `/xsa set` changes. */
export const SETTINGS = ['notice', 'title', 'alias', 'wave', 'zone-duration'] as const;
export type Setting = (typeof SETTINGS)[number];

export const MAX_WAVE = 100;
/** A default zone duration beyond a week is a typo, not a plan. */
const MAX_ZONE_MINUTES = 7 * 24 * 60;

export interface SettingOutcome extends CommandOutcome {
  /** What makes the lift unreachable under the new settings (notice, wave, plan). */
  warnings: string[];
}

/** Rule 2: refuses an alias that names the advisory. */
export function checkAlias(alias: string, campaign: Pick<Campaign, 'id' | 'cves' | 'title'>): void {
  if (alias.length > MAX_ALIAS)
    throw new XsaError('bad_alias', `The alias is too long: at most ${MAX_ALIAS} characters.`);
  const leaked = findAliasLeak(alias, campaign);
  if (leaked) {
    throw new XsaError(
      'alias_leaks',
      `The alias is shown outside the war room before the lift, so it must not contain \`${leaked}\` (compared ignoring case, spaces and punctuation). Use neutral words, e.g. \`alias "Scheduled host maintenance"\`.`,
    );
  }
}

/** Reads a wave size: zones of one region in progress at once. */
export function readWave(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_WAVE) {
    throw new XsaError(
      'bad_wave',
      `The wave size is the number of zones per region in progress at once: 1 to ${MAX_WAVE}, e.g. \`wave 2\`.`,
    );
  }
  return value;
}

function apply(campaign: Campaign, setting: Setting, value: string): Campaign {
  switch (setting) {
    case 'notice': {
      const off = ['off', 'none', '0'].includes(value.toLowerCase());
      return { ...campaign, noticeLeadMinutes: off ? null : parseDuration(value) };
    }
    case 'title': {
      const title = value.trim();
      if (title.length > MAX_TITLE)
        throw new XsaError('bad_title', `The title is too long: at most ${MAX_TITLE} characters.`);
      // The alias was checked against the old title; the new one must not make it a leak.
      checkAlias(campaign.alias, { ...campaign, title });
      return { ...campaign, title };
    }
    case 'alias': {
      const alias = value.trim();
      checkAlias(alias, campaign);
      return { ...campaign, alias };
    }
    case 'wave': {
      if (!/^\d{1,3}$/.test(value.trim()))
        throw new XsaError(
          'bad_wave',
          `"${value}" is not a wave size: a whole number from 1 to ${MAX_WAVE}, e.g. \`/xsa set wave 2\`.`,
        );
      return { ...campaign, waveSize: readWave(Number(value.trim())) };
    }
    case 'zone-duration': {
      const minutes = parseDuration(value);
      if (minutes > MAX_ZONE_MINUTES)
        throw new XsaError('bad_duration', 'A default zone duration is at most 7 days (`7d`).');
      return { ...campaign, zoneMinutes: minutes };
    }
  }
}

// Typed text goes back into an mrkdwn reply: no mention or link syntax survives (rule 2).
const inert = (value: string | number | null) =>
  typeof value === 'string' ? `"${escapeEntities(value)}"` : (value ?? 'off');

const SHOWN: Record<Setting, (c: Campaign) => string | number | null> = {
  notice: (c) => (c.noticeLeadMinutes === null ? null : formatLead(c.noticeLeadMinutes)),
  title: (c) => c.title,
  alias: (c) => c.alias,
  wave: (c) => c.waveSize,
  'zone-duration': (c) => c.zoneMinutes,
};

/** A setting's value in a reply: durations as people write them, typed text quoted and inert. */
function say(setting: Setting, value: string | number | null): string | number {
  if (setting === 'zone-duration' && typeof value === 'number') return formatDuration(value);
  return setting === 'title' || setting === 'alias' ? inert(value) : (value ?? 'off');
}

/** `/xsa set <SETTING> <VALUE>`: changes one setting of an open campaign, audited. */
export async function changeSetting(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null; setting: Setting; value: string },
): Promise<SettingOutcome> {
  const campaign = await campaignToChange(ctx, who, request.campaign);
  const next = apply(campaign, request.setting, request.value);
  const [from, to] = [SHOWN[request.setting](campaign), SHOWN[request.setting](next)];
  const now = ctx.clock.now();
  const zones = ctx.campaigns.zones(campaign.id);
  const warnings = reachabilityWarnings(next, zones, now);
  if (from === to) {
    return {
      campaign,
      changed: false,
      summary: `The ${request.setting} is already ${say(request.setting, to)}; nothing changed.`,
      warnings,
    };
  }
  ctx.campaigns.transaction(() => {
    ctx.campaigns.updateCampaign(next);
    ctx.campaigns.appendEvent(
      campaignEvent(campaign.id, who, now, 'campaign.setting_changed', {
        setting: request.setting,
        from,
        to,
      }),
    );
  });
  return {
    campaign: next,
    changed: true,
    summary: `The ${request.setting} is now ${say(request.setting, to)} (was ${say(request.setting, from)}).`,
    warnings,
  };
}

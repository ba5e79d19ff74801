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

/** Control characters, and the invisible ones that reorder or hide text (bidi overrides, zero width). */
const HIDDEN_CHARACTERS = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** Rule 9: a title is one line of visible text (it heads the war room's messages and the report). */
export function checkTitle(title: string): void {
  if (title.length > MAX_TITLE)
    throw new XsaError('bad_title', `The title is too long: at most ${MAX_TITLE} characters.`);
  if (HIDDEN_CHARACTERS.test(title))
    throw new XsaError(
      'title_hidden_text',
      'The title has a control or invisible character (a line break, a direction override, a zero-width space): write it as one line of plain text, e.g. `title "Improper MSR range used for x2APIC emulation"`.',
    );
}

/**
 * Rule 2: refuses an alias that names the advisory, and one that shows nothing: it is the only
 * name outsiders see (an empty one would also make every redacted message's header invalid).
 */
export function checkAlias(alias: string, campaign: Pick<Campaign, 'id' | 'cves' | 'title'>): void {
  if (alias.length > MAX_ALIAS)
    throw new XsaError('bad_alias', `The alias is too long: at most ${MAX_ALIAS} characters.`);
  if (HIDDEN_CHARACTERS.test(alias) || !/[\p{L}\p{N}]/u.test(alias))
    throw new XsaError(
      'alias_hidden_text',
      'The alias is what everyone outside the war room sees: plain visible words with a letter or digit, no control or invisible characters, e.g. `alias "Scheduled host maintenance"`.',
    );
  const leaked = findAliasLeak(alias, campaign);
  if (leaked) {
    throw new XsaError(
      'alias_leaks',
      `The alias is shown outside the war room before the lift, so it must not contain \`${leaked}\` (compared ignoring case, spaces and punctuation). Use neutral words, e.g. \`alias "Scheduled host maintenance"\`.`,
    );
  }
}

/**
 * PRODUCT.md: an alias is distinct per campaign, so outsiders can tell two campaigns' broadcasts
 * apart. Aliases are what outsiders see anyway (App Home, `/xsa list`): saying one is taken names nothing.
 */
export function requireAliasFree(ctx: AppContext, alias: string): void {
  if (ctx.campaigns.aliases().has(alias.toLowerCase())) {
    throw new XsaError(
      'alias_taken',
      `Another campaign already goes by "${alias.replace(/[<>&]/g, '')}": outsiders could not tell the two apart. Pick other words, e.g. \`alias "Planned hypervisor updates"\`.`,
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
      checkTitle(title);
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
  if (next.alias.toLowerCase() !== campaign.alias.toLowerCase()) requireAliasFree(ctx, next.alias);
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

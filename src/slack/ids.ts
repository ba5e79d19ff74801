import { CAMPAIGN_ID_PATTERN, ZONE_NAME_PATTERN } from '../domain/limits.js';

/** Every action, view and block id the bot puts in Block Kit, read back by its listeners. */
export const ACTIONS = {
  start: 'zone_start',
  done: 'zone_done',
  block: 'zone_block',
  unblock: 'zone_unblock',
  /** On the answer to a Start the wave or notice rule refused: start with `force`, after a confirm. */
  forceStart: 'zone_force_start',
} as const;

export type ZoneButton = keyof typeof ACTIONS;

/** Matches `ids` exactly and nothing else (the ids are plain words: no regex metacharacters). */
function exactly(ids: readonly string[]): RegExp {
  return new RegExp(`^(?:${ids.join('|')})$`);
}

/** Matches every zone button's action_id. */
export const ZONE_BUTTON_PATTERN = exactly(Object.values(ACTIONS));

export const VIEWS = {
  blockReason: 'xsa_block_reason',
  newCampaign: 'xsa_new_campaign',
} as const;

/** Matches every view callback_id the bot opens. */
export const OUR_VIEW_PATTERN = exactly(Object.values(VIEWS));

export const BLOCK_REASON_INPUT = { block: 'reason', action: 'reason_input' } as const;

export const NEW_CAMPAIGN_INPUTS = {
  id: { block: 'id', action: 'id_input' },
  title: { block: 'title', action: 'title_input' },
  cves: { block: 'cves', action: 'cves_input' },
  liftDate: { block: 'lift_date', action: 'lift_date_input' },
  liftTime: { block: 'lift_time', action: 'lift_time_input' },
  liftZone: { block: 'lift_zone', action: 'lift_zone_input' },
  alias: { block: 'alias', action: 'alias_input' },
  notice: { block: 'notice', action: 'notice_input' },
  deployment: { block: 'deployment', action: 'deployment_input' },
} as const;

/** The message shortcut that imports an advisory (declared in manifest.yml). */
export const SHORTCUTS = { importAdvisory: 'xsa_import_advisory' } as const;

/** The one option of the New campaign form's deployment checkbox. */
export const DEPLOYMENT_RESTRICTED = 'restricted';

/** A zone button's value, `<CAMPAIGN ID>|<ZONE>` (PRODUCT.md); neither part may contain `|`. */
export function encodeZoneValue(campaignId: string, zone: string): string {
  return `${campaignId}|${zone}`;
}

/** Reads a button value back; null for anything the bot could not have made. */
export function decodeZoneValue(value: unknown): { campaignId: string; zone: string } | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  const parts = value.split('|');
  if (parts.length !== 2) return null;
  const [campaignId, zone] = parts as [string, string];
  return CAMPAIGN_ID_PATTERN.test(campaignId) && ZONE_NAME_PATTERN.test(zone) ? { campaignId, zone } : null;
}

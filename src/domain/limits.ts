/**
 * Every limit and name pattern a user can run into, in one place: the parser, the use cases,
 * the forms and the button decoder import them from here, so a change is one edit.
 */

/** A campaign id: letters, digits and dashes, starting with a letter, e.g. `XSA-108`. */
export const MAX_CAMPAIGN_ID = 40;
export const CAMPAIGN_ID_PATTERN = new RegExp(`^[A-Za-z][A-Za-z0-9-]{0,${MAX_CAMPAIGN_ID - 1}}$`);

/** A zone or region name, e.g. `us-east-1a`; never contains `|` (zone buttons encode `<ID>|<ZONE>`). */
export const MAX_ZONE_NAME = 80;
export const ZONE_NAME_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${MAX_ZONE_NAME - 1}}$`);

/** A host's name in a zone's named-host list, e.g. `hv-0042.us-east-1a`. */
export const MAX_HOST_NAME = 253;
export const HOST_NAME_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${MAX_HOST_NAME - 1}}$`);
export const MAX_HOSTS_PER_ZONE = 50_000;
export const MAX_ZONES = 10_000;
/** A zone's host count, as the API takes it (a count only, no names). */
export const MAX_HOST_COUNT = 10_000_000;
/** Zones one API request may add. */
export const MAX_ZONES_PER_REQUEST = 1000;

/** A blocker's reason, from `/xsa block`, the Block form or the API. */
export const MAX_BLOCK_REASON = 500;
export const MAX_TITLE = 200;
export const MAX_ALIAS = 100;
/** The advisory's DEPLOYMENT DURING EMBARGO text, as kept and shown. */
export const MAX_RESTRICTION = 500;

/**
 * The text after `/xsa`: Slack's messages stop at 40,000 characters, and a longer command (only a
 * forged one) would spend seconds of the 3-second ack being tokenized.
 */
export const MAX_COMMAND_TEXT = 40_000;

/** True for a Slack user id (an audit actor may also be an API token's name). */
export function isSlackUser(actor: string): boolean {
  return /^[UW][A-Z0-9]{2,}$/.test(actor);
}

/** How much of a user's input an error message quotes back. */
const MAX_QUOTED = 60;

/** Shortens user input quoted back in an error message, so a pasted essay does not flood the reply. */
export function clip(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…` : text;
}

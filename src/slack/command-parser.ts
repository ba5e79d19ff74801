import type { NewCampaignRequest } from '../campaigns/campaign-commands.js';
import type { Setting } from '../campaigns/settings-commands.js';
import type { AddZonesRequest } from '../campaigns/zone-add.js';
import type { ZoneAction } from '../campaigns/zone-commands.js';
import { XsaError } from '../domain/errors.js';
import { clip, MAX_COMMAND_TEXT } from '../domain/limits.js';
import { takeCampaign, tokenize } from './commands/read.js';
import { VERBS } from './commands/verbs.js';
import { COMMANDS } from './usage.js';

/** A `/xsa` command line, understood. `campaign` is null when the channel's campaign is meant. */
export type XsaCommand =
  | { kind: 'help' }
  | { kind: 'new'; request: NewCampaignRequest }
  | { kind: 'new_form' }
  | { kind: 'zone_add'; request: AddZonesRequest }
  | { kind: 'status'; campaign: string | null; share: boolean; shareTo: string | null }
  | { kind: 'zone'; campaign: string | null; zone: string; action: ZoneAction }
  | { kind: 'notified'; campaign: string | null; zone: string }
  | { kind: 'lift'; campaign: string | null; lift: string; confirm: boolean }
  | { kind: 'list' }
  | { kind: 'close'; campaign: string | null; confirm: boolean }
  | { kind: 'reopen'; campaign: string | null }
  | { kind: 'set'; campaign: string | null; setting: Setting; value: string }
  | { kind: 'zone_remove'; campaign: string | null; zone: string; confirm: boolean }
  | { kind: 'zone_rename'; campaign: string | null; zone: string; to: string }
  | { kind: 'timeline'; campaign: string | null; page: number }
  | { kind: 'report'; campaign: string | null }
  | { kind: 'remind'; campaign: string | null; checkpoints: string | null }
  | { kind: 'digest'; campaign: string | null; schedule: string | null }
  | { kind: 'subscribe' | 'unsubscribe'; campaign: string | null; channel: string }
  | { kind: 'token'; campaign: string | null; action: 'create' | 'revoke'; name: string }
  | { kind: 'token'; campaign: string | null; action: 'list' }
  | { kind: 'hosts'; campaign: string | null; zone: string };

/** The verb of `/xsa <text>` when it is one of the commands (`help` for none), else null: a metrics label. */
export function commandVerb(text: string): string | null {
  const verb = (text.trim().split(/\s+/)[0] ?? '').toLowerCase();
  if (verb === '') return 'help';
  return Object.hasOwn(VERBS, verb) ? verb : null;
}

/**
 * Parses the text after `/xsa`. Throws an XsaError whose message names what was wrong, the
 * expected form and an example. `campaignExists` resolves a trailing `in <ID>` after free text.
 */
export function parseCommand(
  text: string,
  campaignExists: (id: string) => boolean = () => false,
): XsaCommand {
  if (text.length > MAX_COMMAND_TEXT) {
    throw new XsaError(
      'bad_command',
      `That command is ${text.length.toLocaleString('en-US')} characters long; /xsa takes at most ${MAX_COMMAND_TEXT.toLocaleString('en-US')}. Split a long zone list over several \`/xsa zone add\` commands.`,
    );
  }
  const tokens = tokenize(text);
  const [head, ...args] = tokens;
  if (!head) return { kind: 'help' };
  const verb = head.text.toLowerCase();
  // Own keys only: `in` would also find `constructor` and `__proto__` on the prototype.
  if (!Object.hasOwn(VERBS, verb)) {
    throw new XsaError(
      'unknown_command',
      `\`${clip(head.text)}\` is not an /xsa command. Try one of: ${COMMANDS.join(', ')}, zone add, zone remove, zone rename.\nExpected: \`/xsa <command> [arguments]\`\nExample: \`/xsa status XSA-108\`; \`/xsa help\` shows every command with an example.`,
    );
  }
  const name = verb as keyof typeof VERBS;
  const { parse, takesCampaign } = VERBS[name];
  return parse(args, takesCampaign === false ? null : takeCampaign(args, name, campaignExists));
}

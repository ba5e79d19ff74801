/**
 * Every refusal code, so a code renamed or mistyped breaks the build (the form's field map,
 * the API's status map) instead of silently falling through. Grouped by what refuses.
 */
export const ERROR_CODES = [
  // the command line
  'bad_command',
  'unknown_command',
  // input values
  'bad_campaign_id',
  'bad_cve',
  'bad_title',
  'bad_alias',
  'alias_leaks',
  'alias_hidden_text',
  'alias_taken',
  'title_hidden_text',
  'name_leaks',
  'bad_time',
  'ambiguous_time',
  'nonexistent_time',
  'bad_duration',
  'bad_zone',
  'bad_zone_name',
  'bad_region',
  'bad_window',
  'bad_host_name',
  'bad_progress',
  'bad_wave',
  'bad_checkpoints',
  'bad_cron',
  'bad_token_name',
  'no_such_page',
  // who and where
  'forbidden',
  'not_creator',
  'not_responder',
  'not_a_private_channel',
  'not_war_room',
  'war_room',
  'war_room_unreadable',
  'no_campaign_here',
  'several_campaigns',
  'cannot_share_there',
  'share_outside_war_room',
  // what exists
  'unknown_campaign',
  'unknown_zone',
  'unknown_hosts',
  'campaign_exists',
  'campaign_closed',
  'zone_exists',
  'token_exists',
  'no_zones',
  'no_host_list',
  'named_hosts',
  'too_many_zones',
  'too_many_hosts',
  'too_many_tokens',
  // zone state and the start rules
  'not_started',
  'zone_done',
  'zone_blocked',
  'wave_limit',
  'notice_required',
  'deployment_embargo',
  // outside the bot
  'slack_unavailable',
  'file_unreadable',
  'unreadable_advisory',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * A refusal the user can act on: `code` is for programs and tests, `message` is what the
 * user reads (what was wrong, and what to do instead).
 */
export class XsaError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'XsaError';
  }
}

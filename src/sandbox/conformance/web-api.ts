import type { Args, SlackError, WebApiMethod } from '../methods/method.js';
import { checkMessage, checkView } from './block-kit.js';

/**
 * Accepted by every method: the Node SDK's WebClient adds `team_id` to each call when Bolt knows the
 * workspace (`WebClientOptions.teamId`), and Slack takes it everywhere (org-wide apps must send it).
 */
const EVERY_METHOD = ['team_id'];

/**
 * A call's arguments against its method's page (required, accepted, one-of) and its content
 * against Block Kit, answered as Slack answers them: `invalid_arguments`, or for a message's blocks
 * `invalid_blocks`, with the problems in `response_metadata.messages`. Undefined when Slack would
 * go on to run the method.
 */
export function checkCall(method: WebApiMethod, args: Args): SlackError | undefined {
  const problems: string[] = [];
  for (const name of method.required) {
    if (args[name] === undefined) problems.push(`[ERROR] missing required field: ${name}`);
  }
  if (method.oneOf && !method.oneOf.some((name) => args[name] !== undefined))
    problems.push(`[ERROR] one of these fields is required: ${method.oneOf.join(', ')}`);
  const accepted = new Set([...method.required, ...method.optional, ...EVERY_METHOD]);
  for (const name of Object.keys(args)) {
    if (!accepted.has(name)) problems.push(`[ERROR] unknown field: ${name}`);
  }
  if (problems.length > 0) return invalid('invalid_arguments', problems);
  if (method.content === 'message') {
    const blocks = checkMessage(args);
    if (blocks.length > 0) return invalid('invalid_blocks', blocks);
  }
  if (method.content === 'view') {
    const view = checkView(args.view);
    if (view.length > 0) return invalid('invalid_arguments', view);
  }
  return undefined;
}

/** The fields a response_url takes (https://api.slack.com/interactivity/handling#message_responses). */
const RESPONSE_URL_FIELDS = new Set([
  'text',
  'blocks',
  'attachments',
  'response_type',
  'replace_original',
  'delete_original',
  'thread_ts',
  'mrkdwn',
  'metadata',
]);

/** A post to a response_url, or a slash command's acknowledgement, which Slack treats alike. */
export function checkResponse(body: Args): SlackError | undefined {
  const unknown = Object.keys(body).filter((name) => !RESPONSE_URL_FIELDS.has(name));
  if (unknown.length > 0)
    return invalid(
      'invalid_arguments',
      unknown.map((name) => `[ERROR] unknown field: ${name}`),
    );
  if (body.delete_original === true || body.delete_original === 'true') return undefined;
  const blocks = checkMessage(body);
  return blocks.length > 0 ? invalid('invalid_blocks', blocks) : undefined;
}

function invalid(error: string, messages: string[]): SlackError {
  return { ok: false, error, response_metadata: { messages } };
}

import type { StandInSlack } from '../stand-in-slack.js';
import { type Args, fail, type MethodResult, str, type WebApiMethod } from './method.js';

function pin(slack: StandInSlack, args: Args, add: boolean): MethodResult {
  const found = slack.findMessage(str(args.channel), str(args.timestamp));
  if (typeof found === 'string') return fail(found);
  const pinnedTo = Array.isArray(found.message.pinned_to) ? (found.message.pinned_to as string[]) : [];
  const pinned = pinnedTo.includes(found.channel);
  if (add) {
    if (pinned) return fail('already_pinned');
    found.message.pinned_to = [...pinnedTo, found.channel];
  } else {
    if (!pinned) return fail('no_pin');
    found.message.pinned_to = pinnedTo.filter((channel) => channel !== found.channel);
  }
  slack.changed({ type: 'messages', channel: found.channel });
  return { ok: true };
}

/** https://docs.slack.dev/reference/methods/pins.add */
export const pinsAdd: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/pins.add',
  required: ['channel', 'timestamp'],
  optional: [],
  handle: (slack, args) => pin(slack, args, true),
};

/** https://docs.slack.dev/reference/methods/pins.remove */
export const pinsRemove: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/pins.remove',
  required: ['channel', 'timestamp'],
  optional: [],
  handle: (slack, args) => pin(slack, args, false),
};

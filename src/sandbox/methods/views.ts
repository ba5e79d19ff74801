import type { StandInSlack } from '../stand-in-slack.js';
import { type Args, fail, type MethodResult, str, type WebApiMethod } from './method.js';

/** A modal opened with a trigger_id: good for one modal within 3 seconds of the interaction. */
function openWithTrigger(slack: StandInSlack, args: Args, replaceStack: boolean): MethodResult {
  const exchanged = slack.exchangeTrigger(str(args.trigger_id));
  if (typeof exchanged === 'string') return fail(exchanged);
  if (replaceStack) slack.closeAllModals(exchanged.user);
  return { ok: true, view: slack.pushModal(exchanged.user, args.view as Args) };
}

/** https://docs.slack.dev/reference/methods/views.open */
export const viewsOpen: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/views.open',
  required: ['view'],
  oneOf: ['trigger_id', 'interactivity_pointer'],
  optional: ['trigger_id', 'interactivity_pointer'],
  content: 'view',
  handle: (slack, args) => openWithTrigger(slack, args, true),
};

/** https://docs.slack.dev/reference/methods/views.push */
export const viewsPush: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/views.push',
  required: ['view'],
  oneOf: ['trigger_id', 'interactivity_pointer'],
  optional: ['trigger_id', 'interactivity_pointer'],
  content: 'view',
  handle: (slack, args) => openWithTrigger(slack, args, false),
};

/** https://docs.slack.dev/reference/methods/views.update — by `view_id` or `external_id`. */
export const viewsUpdate: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/views.update',
  required: ['view'],
  oneOf: ['view_id', 'external_id'],
  optional: ['view_id', 'external_id', 'hash'],
  content: 'view',
  handle(slack, args) {
    const id = slack.findView(str(args.view_id), str(args.external_id));
    if (id === undefined) return fail('not_found');
    return { ok: true, view: slack.replaceView(id, args.view as Args) };
  },
};

/** https://docs.slack.dev/reference/methods/views.publish — the user's App Home tab. */
export const viewsPublish: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/views.publish',
  required: ['user_id', 'view'],
  optional: ['hash'],
  content: 'view',
  handle(slack, args) {
    const user = str(args.user_id);
    if (slack.user(user) === undefined) return fail('user_not_found');
    return { ok: true, view: slack.publishHome(user, args.view as Args) };
  },
};

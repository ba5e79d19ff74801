import { interactionBody } from './signing.js';

/** A `message_action` payload, as Slack sends it when a message shortcut is run on a message. */
export function messageShortcutBody(run: {
  user: string;
  channel: string;
  callbackId: string;
  text: string;
  files?: { id: string; name: string }[];
  responseUrl: string;
  /** One the fake issued (`slack.issueTrigger(user)`): it refuses any other, as Slack does. */
  triggerId: string;
}): string {
  return interactionBody({
    type: 'message_action',
    token: 'legacy-verification-token',
    action_ts: '1412000001.000300',
    team: { id: 'T1', domain: 'xsa-test' },
    user: { id: run.user, username: run.user.toLowerCase(), team_id: 'T1', name: run.user.toLowerCase() },
    channel: { id: run.channel, name: 'war-room' },
    is_enterprise_install: false,
    callback_id: run.callbackId,
    trigger_id: run.triggerId,
    response_url: run.responseUrl,
    message_ts: '1412000000.000200',
    message: {
      type: 'message',
      user: run.user,
      ts: '1412000000.000200',
      text: run.text,
      ...(run.files ? { files: run.files } : {}),
    },
  });
}

import { interactionBody } from './signing.js';

export interface ButtonClick {
  user: string;
  channel: string;
  actionId: string;
  value: string;
  responseUrl: string;
  ephemeral?: boolean;
  triggerId?: string;
}

/** A `block_actions` request body as Slack posts it when a button is clicked. */
export function buttonClickBody(click: ButtonClick): string {
  return interactionBody(buttonClickPayload(click));
}

/** A `block_actions` payload (the request's `payload`, or a Socket Mode envelope's). */
export function buttonClickPayload(click: ButtonClick): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T1', domain: 'xsa-test' },
    user: { id: click.user, username: click.user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'AXSATEST',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: '1412000000.000100',
      channel_id: click.channel,
      is_ephemeral: click.ephemeral ?? true,
    },
    trigger_id: click.triggerId ?? `${Date.now()}.1.trigger`,
    channel: { id: click.channel, name: 'war-room' },
    response_url: click.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: click.actionId,
        block_id: `zone:${click.value}`,
        text: { type: 'plain_text', text: 'Done' },
        value: click.value,
        action_ts: '1412000001.000200',
      },
    ],
  };
}

export interface ViewSubmission {
  user: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, Record<string, Record<string, unknown>>>;
}

/** A `view_submission` request body for a modal the bot opened. */
export function viewSubmissionBody(submission: ViewSubmission): string {
  return interactionBody(viewSubmissionPayload(submission));
}

export function viewSubmissionPayload(submission: ViewSubmission): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'xsa-test' },
    user: { id: submission.user, username: submission.user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'AXSATEST',
    token: 'legacy-verification-token',
    trigger_id: `${Date.now()}.2.trigger`,
    view: {
      id: 'VMODAL1',
      team_id: 'T1',
      type: 'modal',
      callback_id: submission.callbackId,
      private_metadata: submission.privateMetadata,
      state: { values: submission.values },
      hash: '1412000000.abc',
      title: { type: 'plain_text', text: 'Form' },
      blocks: [],
    },
  };
}

/** An Events API callback for `app_home_opened`. */
export function appHomeOpenedBody(user: string): string {
  return JSON.stringify(appHomeOpenedPayload(user));
}

export function appHomeOpenedPayload(user: string): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: 'T1',
    api_app_id: 'AXSATEST',
    type: 'event_callback',
    event_id: `Ev${Date.now()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event: {
      type: 'app_home_opened',
      user,
      channel: `D${user}`,
      tab: 'home',
      event_ts: `${Date.now() / 1000}`,
    },
  };
}

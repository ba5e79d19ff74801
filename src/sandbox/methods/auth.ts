import type { WebApiMethod } from './method.js';

/** https://docs.slack.dev/reference/methods/auth.test */
export const authTest: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/auth.test',
  required: [],
  optional: [],
  handle: (slack) => ({
    ok: true,
    url: 'https://xsa-test.slack.com/',
    team: 'XSA Test',
    user: 'xsa-bot',
    team_id: slack.teamId,
    user_id: slack.botUserId,
    bot_id: slack.botId,
    is_enterprise_install: false,
  }),
};

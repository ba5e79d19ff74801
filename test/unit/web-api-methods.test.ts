import { describe, expect, it } from 'vitest';
import { checkCall } from '../../src/sandbox/conformance/web-api.js';
import { WEB_API_METHODS } from '../../src/sandbox/methods/index.js';

describe('the Web API methods the stand-in serves', () => {
  it.each(Object.entries(WEB_API_METHODS))(
    '%s names its page and lists each argument once',
    (name, method) => {
      expect(method.docs).toBe(`https://docs.slack.dev/reference/methods/${name}`);
      const listed = [...method.required, ...method.optional];
      expect(new Set(listed).size).toBe(listed.length);
      for (const name of method.oneOf ?? []) expect(listed).toContain(name);
    },
  );

  it('serves every method the bot calls', () => {
    // src/ calls these through Bolt's client (grep `client.` in src/slack): keep them served.
    for (const method of [
      'auth.test',
      'chat.postMessage',
      'chat.update',
      'chat.postEphemeral',
      'conversations.members',
      'conversations.history',
      'users.info',
      'views.open',
      'views.publish',
      'pins.add',
    ])
      expect(WEB_API_METHODS).toHaveProperty([method]);
  });

  it('takes team_id everywhere, as the SDK sends it', () => {
    expect(checkCall(WEB_API_METHODS['users.info'] as never, { user: 'U1', team_id: 'T1' })).toBeUndefined();
  });
});

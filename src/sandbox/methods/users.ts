import { fail, str, type WebApiMethod } from './method.js';

/** https://docs.slack.dev/reference/methods/users.info — `tz_offset` as of the stand-in's clock. */
export const usersInfo: WebApiMethod = {
  docs: 'https://docs.slack.dev/reference/methods/users.info',
  required: ['user'],
  optional: ['include_locale'],
  handle(slack, args) {
    const id = str(args.user);
    const user = slack.user(id);
    if (user === undefined) return fail('user_not_found');
    const name = user.name ?? id.toLowerCase();
    return {
      ok: true,
      user: {
        id,
        team_id: slack.teamId,
        name,
        real_name: name,
        deleted: false,
        is_bot: false,
        ...(user.tz === undefined ? {} : describeZone(user.tz, new Date(slack.now()))),
        profile: { real_name: name, display_name: name },
      },
    };
  },
};

/** `tz`, `tz_label` and `tz_offset` (seconds east of UTC at `at`) as `users.info` reports them. */
function describeZone(tz: string, at: Date): { tz: string; tz_label: string; tz_offset: number } {
  try {
    const part = (style: 'long' | 'longOffset') =>
      new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: style })
        .formatToParts(at)
        .find((p) => p.type === 'timeZoneName')?.value ?? '';
    const offset = /^GMT([+-])(\d{2}):(\d{2})$/.exec(part('longOffset'));
    const seconds = offset
      ? (Number(offset[2]) * 3600 + Number(offset[3]) * 60) * (offset[1] === '-' ? -1 : 1)
      : 0;
    return { tz, tz_label: part('long'), tz_offset: seconds };
  } catch {
    // Not an IANA zone; Slack never sends one, but a test may want to see how the bot copes.
    return { tz, tz_label: tz, tz_offset: 0 };
  }
}

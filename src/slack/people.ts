import type { App } from '@slack/bolt';

/** More people than a report names in practice; past it, the rest stay ids rather than a flood of calls. */
const MAX_LOOKUPS = 50;

/**
 * Display names for user ids (`users.info`): the profile's display name, else the real name, else
 * the handle. Someone Slack cannot tell us about is left out, and shown by id.
 */
export async function lookUpNames(
  client: App['client'],
  ids: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    ids.slice(0, MAX_LOOKUPS).map(async (id) => {
      try {
        const { user } = await client.users.info({ user: id });
        const name = displayNameOf(user);
        if (name) names.set(id, name);
      } catch {
        // A report with an id instead of a name is still a report.
      }
    }),
  );
  return names;
}

/** The name Slack shows for a person: the profile's display name, else the real name, else the handle. */
export function displayNameOf(
  user: { name?: string; real_name?: string; profile?: { display_name?: string } } | undefined,
): string | null {
  return user?.profile?.display_name || user?.real_name || user?.name || null;
}

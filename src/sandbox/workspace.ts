import type { StandInOptions } from './stand-in-slack.js';

/** The sandbox's workspace: two people, a private war room and a public channel. */

export const SANDBOX_TEAM = { id: 'T0SANDBOX', domain: 'xsa-sandbox', name: 'XSA sandbox' } as const;
export const SANDBOX_APP_ID = 'AXSATEST';
export const BOT_USER_ID = 'U0XSABOT';

export interface SandboxPerson {
  id: string;
  name: string;
  role: 'responder' | 'outsider';
  /** What the person switcher says about them. */
  title: string;
}

export const RESPONDER: SandboxPerson = {
  id: 'U0ALICE',
  name: 'alice',
  role: 'responder',
  title: 'responder, member of #xsa-war-room',
};

export const OUTSIDER: SandboxPerson = {
  id: 'U0EVE',
  name: 'eve',
  role: 'outsider',
  title: 'outsider, not in the war room',
};

export const PEOPLE: readonly SandboxPerson[] = [RESPONDER, OUTSIDER];

export const WAR_ROOM = { id: 'C0WARROOM', name: 'xsa-war-room' } as const;
export const GENERAL = { id: 'C0GENERAL', name: 'general' } as const;

/** The stand-in's starting state: the war room has the responder and the bot; #general has everyone. */
export function seedWorkspace(): Pick<StandInOptions, 'users' | 'channels' | 'botUserId' | 'teamId'> {
  return {
    teamId: SANDBOX_TEAM.id,
    botUserId: BOT_USER_ID,
    users: Object.fromEntries(PEOPLE.map((p) => [p.id, { name: p.name, tz: 'UTC' }])),
    channels: {
      [WAR_ROOM.id]: { name: WAR_ROOM.name, isPrivate: true, members: [RESPONDER.id, BOT_USER_ID] },
      [GENERAL.id]: { name: GENERAL.name, members: [...PEOPLE.map((p) => p.id), BOT_USER_ID] },
    },
  };
}

import type { DateTime } from 'luxon';
import type { ShiftedClock } from './shifted-clock.js';
import type { SandboxSlackClient } from './slack-client.js';
import type { StandInSlack } from './stand-in-slack.js';
import { BOT_USER_ID, GENERAL, RESPONDER, WAR_ROOM } from './workspace.js';

/**
 * The demo campaign: XSA-108's last hours before the lift, played into the sandbox through the bot's
 * real path — signed `/xsa` commands from the responder in the war room — on a clock that starts
 * five hours back and ends at the real time. What it leaves: zones across four regions, two done,
 * three in progress with a measured pace, one blocked, reminders subscribed in #general, and the
 * lift six hours ahead, so the T-6h checkpoint arrives within the minute.
 */

export interface DemoResult {
  campaignId: string;
  channel: string;
  channelName: string;
  liftAt: string;
}

interface Step {
  /** Minutes before the real time at which the responder types the command. */
  minutesAgo: number;
  command: (ids: { campaign: string; lift: DateTime; now: DateTime }) => string;
}

const STEPS: Step[] = [
  {
    minutesAgo: 300,
    command: ({ campaign }) =>
      `zone add us-east-1a,us-east-1b,us-east-1c region us-east-1 hosts 1200 in ${campaign}`,
  },
  {
    minutesAgo: 300,
    command: ({ campaign }) => `zone add eu-west-1a,eu-west-1b region eu-west-1 hosts 800 in ${campaign}`,
  },
  {
    minutesAgo: 300,
    command: ({ campaign }) => `zone add ap-southeast-1a region ap-southeast-1 hosts 600 in ${campaign}`,
  },
  {
    minutesAgo: 300,
    // Its planned window opens a few minutes after the demo: the window reminder arrives live.
    command: ({ campaign, now }) =>
      `zone add ap-southeast-1b region ap-southeast-1 hosts 600 window ${iso(now.plus({ minutes: 3 }))}/${iso(now.plus({ hours: 3 }))} in ${campaign}`,
  },
  {
    minutesAgo: 300,
    command: ({ campaign }) => `zone add sa-east-1a region sa-east-1 hosts 400 in ${campaign}`,
  },
  // Notified 30 minutes before the first start: exactly the notice the campaign asks for.
  { minutesAgo: 300, command: ({ campaign }) => `notified all in ${campaign}` },
  { minutesAgo: 299, command: ({ campaign }) => `subscribe <#${GENERAL.id}|${GENERAL.name}> in ${campaign}` },
  { minutesAgo: 270, command: ({ campaign }) => `start us-east-1a in ${campaign}` },
  { minutesAgo: 268, command: ({ campaign }) => `start eu-west-1a in ${campaign}` },
  { minutesAgo: 215, command: ({ campaign }) => `progress us-east-1a 700 in ${campaign}` },
  { minutesAgo: 185, command: ({ campaign }) => `done eu-west-1a in ${campaign}` },
  { minutesAgo: 150, command: ({ campaign }) => `done us-east-1a in ${campaign}` },
  { minutesAgo: 149, command: ({ campaign }) => `start us-east-1b in ${campaign}` },
  { minutesAgo: 147, command: ({ campaign }) => `start eu-west-1b in ${campaign}` },
  {
    minutesAgo: 100,
    command: ({ campaign }) =>
      `block sa-east-1a BMC firmware hangs on reboot after the patched Xen in ${campaign}`,
  },
  { minutesAgo: 60, command: ({ campaign }) => `progress us-east-1b 500 in ${campaign}` },
  { minutesAgo: 55, command: ({ campaign }) => `progress eu-west-1b 300 in ${campaign}` },
  { minutesAgo: 40, command: ({ campaign }) => `start ap-southeast-1a in ${campaign}` },
  { minutesAgo: 10, command: ({ campaign }) => `progress ap-southeast-1a 150 in ${campaign}` },
];

// The whole story starts this long before the real time.
const STORY_MINUTES = 305;
const MAX_ATTEMPTS = 9;

const iso = (instant: DateTime) => instant.toUTC().toFormat("yyyy-MM-dd'T'HH:mm'Z'");

/** Plays the demo; safe to call again (the next one is XSA-108-2 in a war room of its own). */
export async function loadDemo(deps: {
  slack: StandInSlack;
  client: SandboxSlackClient;
  clock: ShiftedClock;
}): Promise<DemoResult> {
  const { slack, client, clock } = deps;
  const now = clock.baseNow().startOf('minute');
  // The lift on a whole minute six hours ahead: T-6h falls due within the minute after loading.
  const lift = now.plus({ hours: 6, minutes: 1 });
  const run = async (minutesAgo: number, channel: string, text: string) => {
    clock.shift(-minutesAgo * 60_000);
    const reply = await client.runCommand(RESPONDER.id, channel, `/xsa ${text}`, { show: false });
    return typeof reply?.text === 'string' ? reply.text : '';
  };
  try {
    let campaign = '';
    let channel: { id: string; name: string } = WAR_ROOM;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && campaign === ''; attempt += 1) {
      const id = attempt === 1 ? 'XSA-108' : `XSA-108-${attempt}`;
      if (attempt > 1) {
        const name = `${id.toLowerCase()}-war-room`;
        const existing = slack.channelIds().find((c) => slack.channel(c)?.name === name);
        channel = {
          id:
            existing ?? slack.createChannel({ name, isPrivate: true, members: [RESPONDER.id, BOT_USER_ID] }),
          name,
        };
      }
      const reply = await run(
        STORY_MINUTES,
        channel.id,
        `new ${id} lift ${iso(lift)} title "Improper MSR range used for x2APIC emulation" cve CVE-2014-7188 notice 30m`,
      );
      if (reply.includes('already exists')) continue;
      if (!reply.includes(`Created ${id}`)) throw new Error(`the demo could not create ${id}: ${reply}`);
      campaign = id;
    }
    if (campaign === '') throw new Error('the demo campaigns XSA-108 … XSA-108-9 all exist already');
    for (const step of STEPS) {
      const reply = await run(step.minutesAgo, channel.id, step.command({ campaign, lift, now }));
      if (reply.startsWith(':warning:')) throw new Error(`the demo step failed: ${reply}`);
    }
    clock.shift(0);
    // The one answer people see: the status, shared in the war room with its buttons.
    await client.runCommand(RESPONDER.id, channel.id, `/xsa status ${campaign} share`);
    return {
      campaignId: campaign,
      channel: channel.id,
      channelName: channel.name,
      liftAt: lift.toISO() ?? '',
    };
  } finally {
    clock.shift(0);
  }
}

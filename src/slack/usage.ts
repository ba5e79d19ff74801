import { SETTINGS } from '../campaigns/settings-commands.js';
import { XsaError } from '../domain/errors.js';

export interface Usage {
  form: string;
  example: string;
  does: string;
}

/** Every command's form and an example, for `help` and for the errors that teach the right form. */
export const USAGE = {
  help: { form: '/xsa help', example: '/xsa help', does: 'this help' },
  new: {
    form: '/xsa new <ID> lift <TIME> [title "<text>"] [cve <CVE>[,<CVE>…]] [alias "<text>"] [notice <DURATION>] [wave <N>]',
    example:
      '/xsa new XSA-108 lift 2014-10-01T12:00Z title "Improper MSR range used for x2APIC emulation" cve CVE-2014-7188 notice 48h',
    does: 'create a campaign; this channel becomes its war room',
  },
  zone: {
    form: '/xsa zone add <ZONE>[,<ZONE>…] [region <REGION>] [hosts <N>] [window <TIME>/<TIME>] [owner @<person>]',
    example: '/xsa zone add us-east-1a,us-east-1b region us-east-1 hosts 1200',
    does: 'add zones',
  },
  status: {
    form: '/xsa status [<ID>] [share [<#channel>]]',
    example: '/xsa status share #customer-comms',
    does: 'countdown, totals, projection, every zone; from the war room, `share` posts it there and `share #channel` posts the redacted form (until the lift) in that channel',
  },
  start: {
    form: '/xsa start <ZONE> [force]',
    example: '/xsa start us-east-1a',
    does: 'start rebooting a zone',
  },
  done: { form: '/xsa done <ZONE>', example: '/xsa done us-east-1a', does: 'a zone is patched' },
  progress: {
    form: '/xsa progress <ZONE> <N>[/<TOTAL>]',
    example: '/xsa progress us-east-1a 600/1200',
    does: 'hosts patched in a zone',
  },
  block: {
    form: '/xsa block <ZONE> <reason…>',
    example: '/xsa block eu-west-1a BMC firmware hangs on reboot',
    does: 'a blocker',
  },
  unblock: { form: '/xsa unblock <ZONE>', example: '/xsa unblock eu-west-1a', does: 'remove the blocker' },
  notified: {
    form: '/xsa notified <ZONE>|all',
    example: '/xsa notified all',
    does: "the zone's customers were notified now",
  },
  lift: {
    form: '/xsa lift <TIME> [confirm]',
    example: '/xsa lift 2014-10-01 14:00 Europe/Berlin',
    does: 'move the lift; `confirm` is needed to end secrecy at once (a time already past) or to move it by more than 7 days',
  },
  timeline: {
    form: '/xsa timeline [<ID>] [page <N>]',
    example: '/xsa timeline XSA-108 page 2',
    does: 'the audit trail and per-zone exposure; page 1 is the latest events, page 2 the ones before',
  },
  report: {
    form: '/xsa report [<ID>]',
    example: '/xsa report XSA-108',
    does: 'post-mortem files (Markdown, CSV, calendar, timeline picture) uploaded to the war room',
  },
  subscribe: {
    form: '/xsa subscribe <#channel>',
    example: '/xsa subscribe #customer-comms',
    does: 'the channel gets the reminders (redacted before the lift)',
  },
  unsubscribe: {
    form: '/xsa unsubscribe <#channel>',
    example: '/xsa unsubscribe #customer-comms',
    does: 'stop that',
  },
  remind: {
    form: '/xsa remind <T-48h,T-1h,…> | default',
    example: '/xsa remind T-48h,T-24h,T-1h,T-0',
    does: "this campaign's checkpoints",
  },
  digest: {
    form: '/xsa digest <CRON> [<IANA zone>] | off',
    example: '/xsa digest 0 9 * * 1-5 Europe/Berlin',
    does: 'a status digest in the war room on a schedule',
  },
  hosts: {
    form: '/xsa hosts <ZONE>',
    example: '/xsa hosts us-east-1a',
    does: "the zone's named hosts not yet reported patched",
  },
  token: {
    form: '/xsa token create <NAME> | list | revoke <NAME>',
    example: '/xsa token create ansible',
    does: 'HTTP API tokens of this campaign (shown once)',
  },
  list: { form: '/xsa list', example: '/xsa list', does: 'campaigns you may see' },
  close: {
    form: '/xsa close [confirm]',
    example: '/xsa close confirm',
    does: 'end the campaign (reminders stop), from its war room',
  },
  reopen: { form: '/xsa reopen [<ID>]', example: '/xsa reopen', does: 'undo a close' },
  set: {
    form: `/xsa set ${SETTINGS.join('|')} <VALUE>`,
    example: '/xsa set zone-duration 3h',
    does: 'change a setting: notice lead time, title, alias, zones per region at once, default zone duration',
  },
} satisfies Record<string, Usage>;

/** Forms of `zone` beyond `add`: not verbs of their own, but help and errors show them. */
export const ZONE_USAGE = {
  'zone remove': {
    form: '/xsa zone remove <ZONE> [confirm]',
    example: '/xsa zone remove us-west-2x',
    does: 'remove a zone added by mistake (`confirm` when it has progress)',
  },
  'zone rename': {
    form: '/xsa zone rename <ZONE> <NEW>',
    example: '/xsa zone rename us-west-2 us-west-2a',
    does: 'rename a zone',
  },
} satisfies Record<string, Usage>;

export type UsageName = keyof typeof USAGE | keyof typeof ZONE_USAGE;

/** An error that shows what was wrong, the expected form and an example (rule 9). */
export function usageError(name: UsageName, problem: string): XsaError {
  const usage =
    name in ZONE_USAGE ? ZONE_USAGE[name as keyof typeof ZONE_USAGE] : USAGE[name as keyof typeof USAGE];
  return new XsaError(
    'bad_command',
    `${problem}\nExpected: \`${usage.form}\`\nExample: \`${usage.example}\``,
  );
}

/** Every verb but `zone` (whose forms are listed as `zone add`, `zone remove`, `zone rename`). */
export const COMMANDS = Object.keys(USAGE).filter((k) => k !== 'zone');

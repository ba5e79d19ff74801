import type { types } from '@slack/bolt';
import type { NewCampaignRequest } from '../../campaigns/campaign-commands.js';
import type { ErrorCode } from '../../domain/errors.js';
import {
  MAX_ALIAS,
  MAX_BLOCK_REASON,
  MAX_CAMPAIGN_ID,
  MAX_RESTRICTION,
  MAX_TITLE,
} from '../../domain/limits.js';
import { BLOCK_REASON_INPUT, DEPLOYMENT_RESTRICTED, NEW_CAMPAIGN_INPUTS, VIEWS } from '../ids.js';
import { escapeMrkdwn, section, truncate } from './kit.js';

type ModalView = types.ModalView;
type Option = types.PlainTextOption;

/** What the Block modal carries from the click to the submission (private_metadata, ≤ 3,000 characters). */
export interface BlockReasonMetadata {
  campaignId: string;
  zone: string;
  channelId: string;
  /** The click's response_url, to update the status message once the reason is in. */
  responseUrl: string | null;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/** The modal a Block click opens: asks what blocks the zone. */
export function getBlockReasonModal(metadata: BlockReasonMetadata): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.blockReason,
    private_metadata: JSON.stringify(metadata),
    title: plain('Block a zone'),
    submit: plain('Block'),
    close: plain('Cancel'),
    blocks: [
      section(
        `What blocks *${escapeMrkdwn(truncate(metadata.zone, 80))}*? Responders see the reason; outside the war room it stays hidden until the lift.`,
      ),
      {
        type: 'input',
        block_id: BLOCK_REASON_INPUT.block,
        label: plain('Reason'),
        element: {
          type: 'plain_text_input',
          action_id: BLOCK_REASON_INPUT.action,
          multiline: true,
          max_length: MAX_BLOCK_REASON,
          placeholder: plain('e.g. BMC firmware hangs on reboot'),
        },
      },
    ],
  };
}

/** Zones offered in the lift's time-zone picker; the user's own is added when it is not among them. */
const COMMON_TIME_ZONES = [
  'UTC',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Amsterdam',
  'Europe/Stockholm',
  'Europe/Helsinki',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

const option = (value: string): Option => ({ text: plain(value), value });

export interface NewCampaignMetadata {
  channelId: string;
  /** An imported advisory's words restricting deployment, kept for the campaign when the box stays ticked. */
  deploymentRestriction?: string;
}

/** What an imported advisory fills in; the responder completes the rest (usually the lift). */
export interface NewCampaignPrefill {
  id: string;
  title: string | null;
  cves: readonly string[];
  /** The lift in UTC, where the advisory states its public release time. */
  lift: { date: string; time: string } | null;
  deployment: { permitted: boolean | null; restriction: string | null };
}

/** The advisory's deployment rule in the form: a box, ticked when fixes may not be deployed before the lift. */
function deploymentBlocks(prefill: NewCampaignPrefill): types.KnownBlock[] {
  const { permitted, restriction } = prefill.deployment;
  const said =
    permitted === false
      ? ':no_entry: The advisory does not permit deploying the fixes before the lift.'
      : permitted === true
        ? ':white_check_mark: The advisory permits deploying the fixes during the embargo.'
        : 'The advisory has no DEPLOYMENT DURING EMBARGO section.';
  const choice = option('Fixes may not be deployed before the lift: refuse `start` until then');
  const box = {
    ...choice,
    value: DEPLOYMENT_RESTRICTED,
    text: plain('Refuse starting zones before the lift'),
  };
  return [
    section(
      `${said}${restriction ? `\n>${escapeMrkdwn(truncate(restriction, MAX_RESTRICTION)).replace(/\n/g, ' ')}` : ''}`,
    ),
    {
      type: 'input',
      block_id: NEW_CAMPAIGN_INPUTS.deployment.block,
      optional: true,
      label: plain('Deployment during the embargo'),
      element: {
        type: 'checkboxes',
        action_id: NEW_CAMPAIGN_INPUTS.deployment.action,
        options: [box],
        ...(permitted === false ? { initial_options: [box] } : {}),
      },
    },
  ];
}

/**
 * The form `/xsa new` opens when given nothing: the same fields as the command; prefilled from an
 * advisory when the message shortcut opened it.
 */
export function getNewCampaignModal(
  metadata: NewCampaignMetadata,
  userTimeZone: string | null,
  prefill: NewCampaignPrefill | null = null,
): ModalView {
  const zone = userTimeZone ?? 'UTC';
  const zones = COMMON_TIME_ZONES.includes(zone) ? COMMON_TIME_ZONES : [zone, ...COMMON_TIME_ZONES];
  const i = NEW_CAMPAIGN_INPUTS;
  const text = (
    input: { block: string; action: string },
    label: string,
    placeholder: string,
    optional = false,
    maxLength = 200,
    initial: string | null = null,
  ): types.InputBlock => ({
    type: 'input',
    block_id: input.block,
    optional,
    label: plain(label),
    element: {
      type: 'plain_text_input',
      action_id: input.action,
      max_length: maxLength,
      placeholder: plain(placeholder),
      ...(initial ? { initial_value: truncate(initial, maxLength) } : {}),
    },
  });
  // A lift read from the advisory is in UTC; otherwise the form starts in the user's zone.
  const liftZone = prefill?.lift ? 'UTC' : zone;
  return {
    type: 'modal',
    callback_id: VIEWS.newCampaign,
    private_metadata: JSON.stringify(metadata),
    title: plain('New campaign'),
    submit: plain('Create'),
    close: plain('Cancel'),
    blocks: [
      section(
        prefill
          ? `From the advisory: check the fields${prefill.lift ? '' : ', and set the lift (the advisory does not state its public release time)'}. This channel becomes the war room.`
          : 'This channel becomes the war room: its members are the responders.',
      ),
      text(i.id, 'Advisory id', 'XSA-108', false, MAX_CAMPAIGN_ID, prefill?.id ?? null),
      text(
        i.title,
        'Title',
        'Improper MSR range used for x2APIC emulation',
        true,
        MAX_TITLE,
        prefill?.title ?? null,
      ),
      text(i.cves, 'CVE ids', 'CVE-2014-7188, CVE-2014-7155', true, 200, prefill?.cves.join(', ') || null),
      {
        type: 'input',
        block_id: i.liftDate.block,
        label: plain('Lift date (public disclosure)'),
        element: {
          type: 'datepicker',
          action_id: i.liftDate.action,
          ...(prefill?.lift ? { initial_date: prefill.lift.date } : {}),
        },
      },
      {
        type: 'input',
        block_id: i.liftTime.block,
        label: plain('Lift time'),
        element: {
          type: 'timepicker',
          action_id: i.liftTime.action,
          initial_time: prefill?.lift?.time ?? '12:00',
        },
      },
      {
        type: 'input',
        block_id: i.liftZone.block,
        label: plain('Time zone of the lift'),
        element: {
          type: 'static_select',
          action_id: i.liftZone.action,
          options: (zones.includes(liftZone) ? zones : [liftZone, ...zones]).map(option),
          initial_option: option(liftZone),
        },
      },
      text(i.alias, 'Public alias', 'Scheduled host maintenance', true, MAX_ALIAS),
      text(i.notice, 'Customer notice lead time', '48h', true, 20),
      ...(prefill ? deploymentBlocks(prefill) : []),
    ],
  };
}

type FormValues = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_date?: string | null;
      selected_time?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: { value: string }[] | null;
    }
  >
>;

// Which field each problem belongs to, and how to say it in a form: no command syntax, no backticks.
const FORM_FIELDS: Partial<Record<ErrorCode, { field: string; words?: string }>> = {
  bad_campaign_id: {
    field: NEW_CAMPAIGN_INPUTS.id.block,
    words: `Letters, digits and dashes, starting with a letter (at most ${MAX_CAMPAIGN_ID}), such as XSA-108.`,
  },
  campaign_exists: { field: NEW_CAMPAIGN_INPUTS.id.block, words: 'A campaign with this id already exists.' },
  bad_title: { field: NEW_CAMPAIGN_INPUTS.title.block, words: `At most ${MAX_TITLE} characters.` },
  bad_cve: {
    field: NEW_CAMPAIGN_INPUTS.cves.block,
    words: 'Each CVE id looks like CVE-2014-7188; separate several with commas.',
  },
  bad_alias: { field: NEW_CAMPAIGN_INPUTS.alias.block, words: `At most ${MAX_ALIAS} characters.` },
  alias_leaks: { field: NEW_CAMPAIGN_INPUTS.alias.block },
  alias_hidden_text: { field: NEW_CAMPAIGN_INPUTS.alias.block },
  alias_taken: { field: NEW_CAMPAIGN_INPUTS.alias.block },
  title_hidden_text: { field: NEW_CAMPAIGN_INPUTS.title.block },
  bad_duration: {
    field: NEW_CAMPAIGN_INPUTS.notice.block,
    words: 'A duration such as 48h, 2d or 90m (at most 366 days).',
  },
  bad_zone: { field: NEW_CAMPAIGN_INPUTS.liftZone.block },
};

/** A message written for a command, said for a form: backticked terms quoted, command examples dropped. */
export function inFormWords(message: string): string {
  return message
    .replace(/,? e\.g\. `[^`]*`/g, '')
    .replace(/`\/xsa [^`]*`/g, 'the command')
    .replace(/`([^`]*)`/g, '"$1"')
    .trim();
}

/** Each problem under its field of the New campaign form (response_action: errors). */
export function getNewCampaignFormErrors(
  problems: readonly { code: ErrorCode; message: string }[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    const place = FORM_FIELDS[problem.code];
    const field = place?.field ?? NEW_CAMPAIGN_INPUTS.liftDate.block;
    errors[field] ??= place?.words ?? inFormWords(problem.message);
  }
  return errors;
}

/** The deployment box, ticked; anything else a forged submission sends reads as not ticked. */
function isTicked(options: unknown): boolean {
  return (
    Array.isArray(options) &&
    options.some((o) => (o as { value?: unknown } | null)?.value === DEPLOYMENT_RESTRICTED)
  );
}

/**
 * Reads a submitted New campaign modal back into the request `/xsa new` makes, or names the field
 * whose problem the modal should show.
 */
export function readNewCampaignForm(view: {
  private_metadata: string;
  state: { values: unknown };
}):
  | { channelId: string; request: NewCampaignRequest; liftMissing: boolean }
  | { field: string; message: string } {
  const i = NEW_CAMPAIGN_INPUTS;
  const values = view.state.values as FormValues;
  const read = (input: { block: string; action: string }) => values[input.block]?.[input.action];
  let channelId = '';
  let restriction: string | null = null;
  try {
    const metadata = JSON.parse(view.private_metadata) as Partial<NewCampaignMetadata>;
    channelId = String(metadata.channelId ?? '');
    restriction = typeof metadata.deploymentRestriction === 'string' ? metadata.deploymentRestriction : null;
  } catch {
    // Reported below: a form without its channel cannot become a war room.
  }
  if (!channelId)
    return { field: i.id.block, message: 'This form lost its channel. Close it and open a new one.' };
  const date = read(i.liftDate)?.selected_date;
  const time = read(i.liftTime)?.selected_time;
  const zone = read(i.liftZone)?.selected_option?.value ?? 'UTC';
  return {
    channelId,
    liftMissing: !date || !time,
    request: {
      id: read(i.id)?.value?.trim() ?? '',
      lift: `${date ?? ''} ${time ?? ''} ${zone}`,
      title: read(i.title)?.value ?? null,
      cves: (read(i.cves)?.value ?? '').split(/[\s,]+/).filter((c) => c !== ''),
      alias: read(i.alias)?.value ?? null,
      notice: read(i.notice)?.value?.trim() || null,
      wave: null,
      deploymentRestriction: isTicked(read(i.deployment)?.selected_options)
        ? (restriction ?? 'Marked in the New campaign form: fixes may not be deployed before the lift.')
        : null,
    },
  };
}

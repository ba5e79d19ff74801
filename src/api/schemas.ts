import { z } from 'zod';
import {
  MAX_BLOCK_REASON,
  MAX_HOST_COUNT,
  MAX_HOST_NAME,
  MAX_HOSTS_PER_ZONE,
  MAX_ZONE_NAME,
  MAX_ZONES_PER_REQUEST,
} from '../domain/limits.js';
import type { ReportJson } from '../domain/report/json.js';

/**
 * The HTTP API's bodies and answers, as zod schemas: requests are parsed with them, and the
 * OpenAPI document (openapi.ts) is generated from them, examples included, so the two cannot
 * drift apart. Every `examples` entry is exercised by test/integration/api.test.ts.
 */

/** ISO 8601 with `Z` or an offset (PRODUCT.md: "Times are ISO 8601 with an offset"). */
const instant = z.iso.datetime({ offset: true }).meta({ examples: ['2014-09-26T02:00:00Z'] });

const name = z.string().min(1).max(MAX_ZONE_NAME);
const hostName = z.string().min(1).max(MAX_HOST_NAME);

export const ErrorBody = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: 'For programs: e.g. `wave_limit`, `unknown_hosts`, `unauthorized`.' }),
      message: z.string().meta({ description: 'For people: what was wrong and what to do instead.' }),
    }),
  })
  .meta({
    id: 'Error',
    examples: [
      {
        error: {
          code: 'wave_limit',
          message:
            "Can't start us-east-1b: region us-east-1 already has 1 zone in progress (us-east-1a) and the wave limit is 1. Finish it first, or add `force`.",
        },
      },
    ],
  });

export const ZoneInput = z
  .object({
    name: name.meta({ description: 'Unique in the campaign: letters, digits and . _ : -' }),
    region: name.optional().meta({ description: 'Default: the zone name.' }),
    hosts_total: z.int().min(0).max(MAX_HOST_COUNT).optional().meta({ description: 'A host count only.' }),
    hosts: z.array(hostName).max(MAX_HOSTS_PER_ZONE).optional().meta({
      description: 'The hosts by name (named hosts); hosts_total is their number. Not with hosts_total.',
    }),
    window: z.object({ start: instant, end: instant }).optional(),
    owner: z
      .string()
      .regex(/^[UW][A-Z0-9]{2,}$/)
      .optional()
      .meta({ description: "A Slack user id, told when the zone's window opens." }),
  })
  .strict()
  .refine((zone) => zone.hosts === undefined || zone.hosts_total === undefined, {
    message: 'give either hosts (names) or hosts_total (a count), not both',
    path: ['hosts_total'],
  });

export const AddZonesRequest = z
  .object({ zones: z.array(ZoneInput).min(1).max(MAX_ZONES_PER_REQUEST) })
  .strict()
  .meta({
    id: 'AddZonesRequest',
    examples: [
      {
        zones: [
          {
            name: 'us-east-1a',
            region: 'us-east-1',
            hosts: ['hv-0001.use1a', 'hv-0002.use1a', 'hv-0003.use1a'],
            window: { start: '2014-09-26T02:00:00Z', end: '2014-09-26T10:00:00Z' },
          },
          { name: 'us-east-1b', region: 'us-east-1', hosts_total: 1000 },
        ],
      },
    ],
  });

export const ZoneActionRequest = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('start'), force: z.boolean().optional() }).strict(),
    z.object({ action: z.literal('done') }).strict(),
    z
      .object({
        action: z.literal('progress'),
        hosts_patched: z.int().min(0).max(MAX_HOST_COUNT),
        hosts_total: z.int().min(0).max(MAX_HOST_COUNT).optional(),
      })
      .strict(),
    z.object({ action: z.literal('block'), reason: z.string().trim().min(1).max(MAX_BLOCK_REASON) }).strict(),
    z.object({ action: z.literal('unblock') }).strict(),
    z.object({ action: z.literal('notified') }).strict(),
  ])
  .meta({
    id: 'ZoneActionRequest',
    examples: [
      { action: 'start' },
      { action: 'start', force: true },
      { action: 'progress', hosts_patched: 600, hosts_total: 1000 },
      { action: 'block', reason: 'BMC firmware hangs on reboot' },
      { action: 'unblock' },
      { action: 'notified' },
      { action: 'done' },
    ],
  });

export const HostsRequest = z
  .object({ patched: z.array(hostName).min(1).max(MAX_HOSTS_PER_ZONE) })
  .strict()
  .meta({ id: 'HostsRequest', examples: [{ patched: ['hv-0001.use1a', 'hv-0002.use1a'] }] });

export const ZoneBody = z
  .object({
    name: z.string(),
    region: z.string(),
    state: z.enum(['pending', 'in_progress', 'done', 'blocked']),
    hosts_total: z.int().nullable(),
    hosts_patched: z.int(),
    named_hosts: z.boolean().meta({ description: 'The zone lists its hosts by name.' }),
    window: z.object({ start: z.string(), end: z.string() }).nullable(),
    owner: z.string().nullable(),
    notified_at: z.string().nullable(),
    started_at: z.string().nullable(),
    done_at: z.string().nullable(),
    blocked_reason: z.string().nullable(),
    exposure_seconds: z
      .int()
      .nullable()
      .meta({ description: 'After the lift, for a zone not done by then.' }),
  })
  .meta({ id: 'Zone' });

/** Rule 6 as JSON (src/domain/plan-json.ts), in the status and the report. */
const Projection = z
  .object({
    verdict: z.enum([
      'no_zones',
      'complete',
      'blocked',
      'unreachable',
      'late',
      'too_early',
      'at_risk',
      'on_track',
    ]),
    finish_at: z.string().nullable(),
    margin_minutes: z
      .int()
      .nullable()
      .meta({ description: 'Minutes between the projected finish and the lift; negative when late.' }),
    blocked_on: z.array(z.string()),
    held_by: z
      .object({
        rule: z.enum(['notice', 'window']),
        zones: z.array(z.string()),
        earliest_start: z.string().nullable(),
      })
      .nullable()
      .meta({
        description: 'Zones the notice rule or their windows keep from starting before the lift.',
      }),
    critical_region: z.string().nullable(),
    regions: z.array(
      z.object({
        region: z.string(),
        finish_at: z.string().nullable(),
        zones: z.array(
          z.object({ name: z.string(), start: z.string().nullable(), finish: z.string().nullable() }),
        ),
      }),
    ),
  })
  .meta({
    description: 'Rule 6, as `/xsa status` shows it: a schedule simulated per region; ISO 8601 UTC.',
  });

/** What names a campaign, in the campaign's answer and in its report alike. */
const campaignIdentity = {
  id: z.string(),
  title: z.string().nullable(),
  cves: z.array(z.string()),
  lift: z.string(),
  alias: z.string(),
  phase: z.enum(['before_lift', 'after_lift', 'closed']),
};

/** Zones by state and hosts patched, in the campaign's answer (the report adds to them). */
const Totals = z.object({
  zones: z.int(),
  by_state: z.object({ pending: z.int(), in_progress: z.int(), done: z.int(), blocked: z.int() }),
  hosts_patched: z.int(),
  hosts_total: z.int(),
});

export const CampaignBody = z
  .object({
    ...campaignIdentity,
    deployment_restriction: z
      .string()
      .nullable()
      .meta({ description: 'Why fixes may not be deployed before the lift (from the advisory), or null.' }),
    totals: Totals,
    projection: Projection,
    zones: z.array(ZoneBody),
  })
  .meta({ id: 'Campaign' });

export const ZoneActionAnswer = z
  .object({ changed: z.boolean(), zone: ZoneBody })
  .meta({ id: 'ZoneActionAnswer' });
export const HostsAnswer = z
  .object({ newly_patched: z.array(z.string()), zone: ZoneBody })
  .meta({ id: 'HostsAnswer' });
export const AddZonesAnswer = z
  .object({ added: z.array(z.string()), skipped: z.array(z.string()), zones: z.array(ZoneBody) })
  .meta({ id: 'AddZonesAnswer' });

export type ZoneBodyJson = z.infer<typeof ZoneBody>;
export type CampaignBodyJson = z.infer<typeof CampaignBody>;

/** A person the report names: a Slack user id (or a token's name) and the name Slack gives, if any. */
const Person = z.object({ id: z.string(), name: z.string().nullable() });

/**
 * `report.json`: the post-mortem as data (src/domain/report/json.ts builds it; its type must stay
 * assignable to this schema's, which typecheck enforces below).
 */
export const ReportBody = z
  .object({
    generated_at: z.string(),
    summary: z.object({
      ...campaignIdentity,
      deployment_restriction: z.string().nullable(),
      opened_at: z.string(),
      opened_by: Person,
      closed_at: z.string().nullable(),
      notice_lead_minutes: z
        .int()
        .nullable()
        .meta({ description: 'The notice rule, if the campaign has one.' }),
    }),
    totals: Totals.extend({
      hosts_known: z.boolean().meta({ description: 'False when some zone has no host count.' }),
      done_before_lift: z.int(),
      late_starts: z.int().meta({ description: 'Zones started after the lift (rule 7).' }),
      exposure: z
        .object({
          zones: z.int(),
          open_zones: z.int(),
          host_hours: z.number(),
          zones_without_host_count: z.int(),
        })
        .nullable()
        .meta({ description: 'Rule 7, after the lift; null before it.' }),
    }),
    projection: Projection.extend({
      as_of: z.string(),
      at_lift: z.boolean().meta({ description: 'False before the lift: the projection is as of now.' }),
      text: z.string().meta({ description: 'The verdict in words, as the Markdown report has it.' }),
    }).meta({ description: 'As it stood at the lift, from the zones as they were then.' }),
    zones: z.array(
      z.object({
        name: z.string(),
        region: z.string(),
        state: z.enum(['pending', 'in_progress', 'done', 'blocked']),
        hosts_total: z.int().nullable(),
        hosts_patched: z.int(),
        window: z.object({ start: z.string(), end: z.string() }).nullable(),
        owner: Person.nullable(),
        notified_at: z.string().nullable(),
        started_at: z.string().nullable(),
        done_at: z.string().nullable(),
        notice_lead_minutes: z.int().nullable(),
        late_start: z.boolean(),
        exposure: z
          .object({ minutes: z.int(), open: z.boolean(), host_hours: z.number().nullable() })
          .nullable(),
        blocked_minutes: z.int(),
        blocked_reason: z.string().nullable(),
      }),
    ),
    blockers: z.array(
      z.object({
        zone: z.string(),
        reason: z.string(),
        blocked_at: z.string(),
        unblocked_at: z.string().nullable(),
        duration_minutes: z.int(),
        ongoing: z.boolean(),
        by: Person,
      }),
    ),
    timeline: z.array(
      z.object({
        at: z.string(),
        actor: Person,
        kind: z.string().meta({ description: 'e.g. `zone.started`, `zone.blocked`, `campaign.lift_moved`.' }),
        zone: z.string().nullable(),
        text: z.string().meta({ description: 'What happened, in words (without the time and the actor).' }),
        details: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .meta({
    id: 'Report',
    description: 'The post-mortem as data; times ISO 8601 UTC, durations in minutes.',
  });

// The builder's type and the schema the OpenAPI document shows cannot drift apart.
const _reportMatches: (report: ReportJson) => z.infer<typeof ReportBody> = (report) => report;
void _reportMatches;

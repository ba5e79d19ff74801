import type { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import { type CampaignRecord, peopleIn, type ReportFile } from '../domain/report/record.js';
import type { Campaign } from '../domain/types.js';
import { buildReportFiles } from '../reports/report-files.js';
import {
  findCampaignFor,
  type Invocation,
  isResponder,
  requireResponder,
  unknownCampaign,
} from './access.js';

/** The stored record of a campaign: what every report file is built from. */
export function readCampaignRecord(ctx: AppContext, campaign: Campaign): CampaignRecord {
  return { campaign, zones: ctx.campaigns.zones(campaign.id), events: ctx.campaigns.events(campaign.id) };
}

/**
 * The record of a token's campaign for the API's report files, read now, with the people's names
 * where Slack knows them (a token's name stays as it is). The token is the war room's credential,
 * so the files go to whoever holds it, before the lift too.
 */
export async function readReportRecord(
  ctx: AppContext,
  campaign: Campaign,
): Promise<{ record: CampaignRecord; now: DateTime }> {
  const record = readCampaignRecord(ctx, campaign);
  const now = ctx.clock.now();
  const people = await ctx.directory.userNames(peopleIn(record).filter((id) => SLACK_USER_ID.test(id)));
  return { record: { ...record, people }, now };
}

/** A Slack user id, as opposed to a token's name in the audit trail. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

export interface ReportDelivery {
  campaign: Campaign;
  /** Always the war room: before the lift the files name the advisory, so they go nowhere else (rule 2). */
  channelId: string;
  /** User ids the record names, whose names make the report readable. */
  people: string[];
  /**
   * Builds the files from the record as read when the command ran (a large campaign's picture takes
   * a moment), with the people's names where known.
   */
  build(people: ReadonlyMap<string, string>): ReportFile[];
}

/**
 * `/xsa report [<ID>]`: the post-mortem files, for responders. Anyone else naming the campaign gets
 * the answer for a campaign that does not exist (rule 2: no oracle).
 */
export async function prepareReport(
  ctx: AppContext,
  who: Invocation,
  request: { campaign: string | null },
): Promise<ReportDelivery> {
  const campaign = await findCampaignFor(ctx, who, request.campaign);
  if (request.campaign !== null) {
    // Members unreadable counts as not a responder here: its error names the war room (no oracle).
    const responder = await isResponder(ctx, campaign, who.userId).catch(() => false);
    if (!responder) throw unknownCampaign(request.campaign);
  }
  await requireResponder(ctx, campaign, who.userId);
  const record = readCampaignRecord(ctx, campaign);
  const now = ctx.clock.now();
  return {
    campaign,
    channelId: campaign.warRoomChannel,
    people: peopleIn(record),
    build: (people) => buildReportFiles({ ...record, people }, now),
  };
}

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

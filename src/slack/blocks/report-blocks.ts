import type { ReportDelivery } from '../../campaigns/report.js';
import type { ReportFile } from '../../domain/report/record.js';
import type { Campaign } from '../../domain/types.js';
import type { SlackMessage } from './kit.js';
import { formatNumber, plural } from './kit.js';
import { getTextBlocks } from './reply-blocks.js';

/** The ephemeral answer to `/xsa report`: what is on its way, and where. */
export function getReportUploadingBlocks(delivery: ReportDelivery): SlackMessage {
  return getTextBlocks(
    `:outbox_tray: Uploading the post-mortem of ${delivery.campaign.id} to <#${delivery.channelId}>: the report (Markdown), the zones (CSV), a calendar (iCalendar) and the timeline picture (PNG).`,
  );
}

/** The comment above the shared files, in the war room (the only place they go before the lift). */
export function getReportSharedBlocks(campaign: Campaign, files: readonly ReportFile[]): SlackMessage {
  const size = files.reduce((sum, f) => sum + f.bytes.length, 0);
  return getTextBlocks(
    `Post-mortem of ${campaign.id}: ${plural(files.length, 'file')}, ${formatNumber(Math.ceil(size / 1024))} KB.`,
  );
}

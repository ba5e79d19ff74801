import type { ReportDelivery } from '../../campaigns/report.js';
import { formatNumber, plural } from './kit.js';
import { getTextBlocks } from './reply-blocks.js';
import type { SlackMessage } from './status-blocks.js';

/** The ephemeral answer to `/xsa report`: which files are on their way, and where. */
export function getReportUploadingBlocks(delivery: ReportDelivery): SlackMessage {
  const names = delivery.files.map((f) => `\`${f.filename}\``).join(', ');
  return getTextBlocks(
    `:outbox_tray: Uploading ${plural(delivery.files.length, 'file')} to <#${delivery.channelId}>: ${names}.`,
  );
}

/** The comment above the shared files, in the war room (the only place they go before the lift). */
export function getReportSharedBlocks(delivery: ReportDelivery): SlackMessage {
  const size = delivery.files.reduce((sum, f) => sum + f.bytes.length, 0);
  return getTextBlocks(
    `Post-mortem of ${delivery.campaign.id}: ${plural(delivery.files.length, 'file')}, ${formatNumber(Math.ceil(size / 1024))} KB.`,
  );
}

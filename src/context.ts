import type { Logger } from '@slack/bolt';
import type { Directory } from './campaigns/directory.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Metrics } from './metrics.js';
import type { OutgoingMessage } from './slack/blocks/kit.js';
import type { StatusRenderCache } from './slack/status-render-cache.js';
import type { ApiStore } from './store/api-store.js';
import type { CampaignStore } from './store/campaign-store.js';
import type { Db } from './store/database.js';
import type { HostStore } from './store/host-store.js';
import type { OutboxStore } from './store/outbox-store.js';
import type { ReminderStore } from './store/reminder-store.js';

/** Everything a use case or listener needs, built once in main.ts and handed down. */
export interface AppContext {
  config: Config;
  clock: Clock;
  db: Db;
  campaigns: CampaignStore;
  api: ApiStore;
  hosts: HostStore;
  reminders: ReminderStore;
  outbox: OutboxStore<OutgoingMessage>;
  directory: Directory;
  metrics: Metrics;
  /** Status messages rendered once per campaign change (the Slack layer's). */
  statusRenders: StatusRenderCache;
  logger: Logger;
}

import cron from 'node-cron';
import type { AppContext } from '../context.js';
import type { SlackPoster } from '../slack/poster.js';
import { OutboxWorker } from './outbox-worker.js';
import { runDigests, runLiveCountdowns, runReminders } from './reminder-jobs.js';

/** Every 2 seconds: reminders land within seconds of their time, at negligible cost when idle. */
export const TICK_EXPRESSION = '*/2 * * * * *';

export interface Scheduler {
  /** One full pass of every job, as the tick runs it; tests call it with a fake clock. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * node-cron only triggers the work: what is due is computed from the database and the clock on
 * every tick, so a restart loses nothing that an in-memory timer would have held.
 */
export function createScheduler(ctx: AppContext, poster: SlackPoster): Scheduler {
  const worker = new OutboxWorker(ctx, poster);
  const runOnce = async () => {
    for (const [name, job] of [
      ['reminders', () => runReminders(ctx)],
      ['digests', () => runDigests(ctx)],
      ['countdowns', () => runLiveCountdowns(ctx, poster)],
      ['outbox', () => worker.deliverDue()],
    ] as const) {
      try {
        await job();
      } catch (error) {
        ctx.logger.error(`scheduler: ${name} failed`, error);
      }
    }
  };
  return {
    runOnce,
    async stop() {},
  };
}

/** Starts the tick. */
export function startScheduler(ctx: AppContext, poster: SlackPoster): Scheduler {
  const scheduler = createScheduler(ctx, poster);
  const task = cron.schedule(TICK_EXPRESSION, () => scheduler.runOnce(), {
    noOverlap: true,
    name: 'xsa-tick',
  });
  return {
    runOnce: scheduler.runOnce,
    async stop() {
      await task.destroy();
    },
  };
}

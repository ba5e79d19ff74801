import type { DateTime } from 'luxon';
import cron from 'node-cron';
import type { CancelWake } from '../clock.js';
import type { AppContext } from '../context.js';
import type { SlackPoster } from '../slack/poster.js';
import { DigestSchedules } from './digest-schedules.js';
import { nextCampaignDueAt } from './next-due.js';
import { OutboxWorker } from './outbox-worker.js';
import { runDigests, runLiveCountdowns, runReminders } from './reminder-jobs.js';

/**
 * The safety net, every 2 seconds: a pass the armed timer missed (a change made outside this
 * process, a lost timer) still runs within seconds; the live countdown's refresh on a change
 * rides on it, so a burst of clicks costs one edit of the pinned message, not one per click.
 */
export const TICK_EXPRESSION = '*/2 * * * * *';

// A pass that left work due "now" (an error, say) is tried again this much later, not in a loop.
const MIN_REARM_MS = 10;

export interface Scheduler {
  /**
   * One full pass of every job, as the timer and the tick run it; tests call it with a fake clock.
   * Passes never overlap: one asked for while another runs starts after it (asks coalesce).
   */
  runOnce(): Promise<void>;
  /**
   * Runs `work` with no pass running or starting (the pass under way finishes first), then runs
   * one pass: the sandbox's demo replays hours of commands on a shifted clock meanwhile.
   */
  pause<T>(work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** Arms a timer on `ctx.clock` for the next due instant (on by default). */
  timer?: boolean;
  /** Runs the node-cron safety-net tick (on by default). */
  tick?: boolean;
  /** Called after each pass with its end instant; the metrics use it. */
  onPass?: (endedAt: DateTime) => void;
}

/**
 * What is due is computed from the database and the clock on every pass, so a restart loses
 * nothing a timer would have held. The timer only says *when* to look: it is armed for the next
 * due instant after every pass and after every committed change (which may have moved it), and a
 * pass it starts early finds nothing due and re-arms. Nothing is posted twice: each decision is
 * recorded with its post in one transaction, and passes run one at a time.
 */
export function createScheduler(
  ctx: AppContext,
  poster: SlackPoster,
  options: SchedulerOptions = {},
): Scheduler {
  const worker = new OutboxWorker(ctx, poster);
  // Parsed once per expression, for the passes and the re-arms alike.
  const digestSchedules = new DigestSchedules();
  const pass = async () => {
    for (const [name, job] of [
      // What is due is posted first; the countdown edits (a round trip to Slack each) come last.
      ['reminders', () => runReminders(ctx)],
      ['digests', () => runDigests(ctx, digestSchedules)],
      ['outbox', () => worker.deliverDue()],
      ['countdowns', () => runLiveCountdowns(ctx, poster)],
    ] as const) {
      try {
        await job();
      } catch (error) {
        ctx.logger.error(`scheduler: ${name} failed`, error);
      }
    }
  };

  let tail: Promise<unknown> = Promise.resolve();
  let queued: Promise<void> | null = null;
  let paused = 0;
  let stopped = false;
  let cancelWake: CancelWake | null = null;
  let armQueued = false;

  const arm = () => {
    armQueued = false;
    cancelWake?.();
    cancelWake = null;
    if (options.timer === false || paused > 0 || stopped) return;
    const now = ctx.clock.now();
    let next: DateTime | null;
    try {
      next = nextCampaignDueAt(ctx, now, digestSchedules);
      const outbox = worker.nextDueAt(now);
      if (outbox && (next === null || outbox < next)) next = outbox;
    } catch (error) {
      ctx.logger.error('scheduler: could not compute the next due instant', error);
      return;
    }
    if (next === null) return;
    const soonest = now.plus({ milliseconds: MIN_REARM_MS });
    cancelWake = ctx.clock.wakeAt(next < soonest ? soonest : next, () => {
      cancelWake = null;
      void runOnce();
    });
  };

  const runOnce = (): Promise<void> => {
    if (queued) return queued;
    const run = tail.then(async () => {
      queued = null;
      if (stopped) return;
      await pass();
      options.onPass?.(ctx.clock.now());
      arm();
    });
    queued = run;
    tail = run.catch(() => undefined);
    return run;
  };

  // Many commits in one turn of the event loop (a burst of clicks) re-arm once, after their acks.
  const rearmSoon = () => {
    if (armQueued || stopped) return;
    armQueued = true;
    setImmediate(arm);
  };
  const unsubscribe = ctx.campaigns.onCommit(rearmSoon);

  const pause = <T>(work: () => Promise<T>): Promise<T> => {
    paused += 1;
    cancelWake?.();
    cancelWake = null;
    const held = tail.then(work);
    tail = held.then(
      () => undefined,
      () => undefined,
    );
    const resume = () => {
      paused -= 1;
      if (paused === 0) void runOnce();
    };
    held.then(resume, resume);
    return held;
  };

  const safetyNet =
    options.tick === false
      ? null
      : cron.schedule(TICK_EXPRESSION, () => runOnce(), { noOverlap: true, name: 'xsa-tick' });
  if (options.timer !== false) rearmSoon();

  return {
    runOnce,
    pause,
    async stop() {
      stopped = true;
      unsubscribe();
      cancelWake?.();
      await safetyNet?.destroy();
      await tail;
    },
  };
}
